import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodeOf } from '../../domain/errors.ts';
import { pdfToModel } from './index.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BROKEN = path.join(ROOT, 'samples/broken');
const SAMPLE = path.join(ROOT, 'samples/pdf/v2021-ruled-repeated-header.pdf');

/** file → expected code, read from the table in samples/broken/README.md */
function expectedCodes(): [string, string][] {
  const readme = readFileSync(path.join(BROKEN, 'README.md'), 'utf8');
  return [...readme.matchAll(/^\| `([^`]+\.pdf)` \|.*\| `(E_[A-Z_]+)` \|$/gmu)].map((m) => [m[1]!, m[2]!]);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    return errorCodeOf(error);
  }
}

describe('broken PDFs (samples/broken)', () => {
  const cases = expectedCodes();

  it('the README lists all five', () => {
    expect(cases.map(([file]) => file).sort()).toEqual(['encrypted.pdf', 'not-a-pdf.pdf', 'scanned.pdf', 'truncated.pdf', 'zero-pages.pdf']);
  });

  it.each(cases)('%s → %s', async (file, code) => {
    expect(await codeOf(pdfToModel(readFileSync(path.join(BROKEN, file))))).toBe(code);
  });

  it('empty bytes are an invalid PDF', async () => {
    expect(await codeOf(pdfToModel(new Uint8Array()))).toBe('E_PDF_INVALID');
  });
});

describe('budgets', () => {
  const bytes = readFileSync(SAMPLE);

  it('refuses a document over the page budget before reading pages', async () => {
    expect(await codeOf(pdfToModel(bytes, { maxPages: 2 }))).toBe('E_BUDGET');
    await expect(pdfToModel(bytes, { maxPages: 3 })).resolves.toMatchObject({ pageCount: 3 });
  });

  it('stops when the signal aborts (a deadline)', async () => {
    expect(await codeOf(pdfToModel(bytes, { signal: AbortSignal.abort(new Error('deadline')) }))).toBe('E_BUDGET');
    const controller = new AbortController();
    const running = pdfToModel(bytes, { signal: controller.signal });
    controller.abort(new Error('deadline'));
    expect(await codeOf(running)).toBe('E_BUDGET');
  });

  it('leaves the caller’s bytes usable (pdfjs transfers the buffer it gets)', async () => {
    const copy = new Uint8Array(bytes);
    await pdfToModel(copy);
    expect(copy.byteLength).toBe(bytes.byteLength);
    await expect(pdfToModel(copy)).resolves.toMatchObject({ format: 'pdf' });
  });
});
