import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { extractFile } from '../index.ts';
import { createExtractionPool } from '../pool.ts';
import { ocrToolsInstalled } from './ocr-pages.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCANNED = path.join(ROOT, 'samples/pdf-scanned/v2021-ruled-repeated-header.pdf');
const EXPECTED = JSON.parse(readFileSync(path.join(ROOT, 'samples/expected/pdf-scanned/v2021-ruled-repeated-header.pdf.json'), 'utf8')) as {
  cells: Record<string, number | null>;
  min_cell_accuracy: number;
};
const installed = await ocrToolsInstalled(AbortSignal.timeout(10_000));
const OCR_ON = { enabled: true, timeoutMs: 120_000 };
/** OCR of the three pages takes ~45 s alone (each ruled page is read twice: the page, then its cells); more beside the rest of the suite. */
const OCR_TEST_TIMEOUT = 180_000;

function cellAccuracy(cells: { key: string; value: number | null }[]): number {
  const got = new Map(cells.map((cell) => [cell.key, cell.value]));
  const expected = Object.entries(EXPECTED.cells);
  return expected.filter(([key, value]) => (got.get(key) ?? null) === value).length / expected.length;
}

/** A directory that holds only the given commands (a PATH without the others). */
function toolDir(tools: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-test-path-'));
  for (const [name, target] of Object.entries(tools)) {
    if (target.startsWith('#!')) {
      writeFileSync(path.join(dir, name), target);
      chmodSync(path.join(dir, name), 0o755);
    } else symlinkSync(target, path.join(dir, name));
  }
  return dir;
}

const which = (command: string) => execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('an image-only PDF without OCR', () => {
  it('is E_PDF_NO_TEXT saying the OCR tools are not installed when they are not on PATH', async () => {
    const empty = toolDir({});
    vi.stubEnv('PATH', empty);
    try {
      const result = await extractFile(SCANNED, { ocr: OCR_ON });
      expect(result.error?.code).toBe('E_PDF_NO_TEXT');
      expect(result.error?.message).toMatch(/OCR tools are not installed/);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it('is E_PDF_NO_TEXT saying OCR is off when it is turned off', async () => {
    const result = await extractFile(SCANNED, { ocr: { ...OCR_ON, enabled: false } });
    expect(result.error?.code).toBe('E_PDF_NO_TEXT');
    expect(result.error?.message).toMatch(/OCR is off/);
  });
});

describe.runIf(installed)('OCR of an image-only PDF (Tesseract)', () => {
  it(`reads a scanned v2021 report with at least ${EXPECTED.min_cell_accuracy * 100}% of its cells right`, async () => {
    const started = performance.now();
    const result = await extractFile(SCANNED, { ocr: OCR_ON });
    const accuracy = cellAccuracy(result.cells);
    console.info(`OCR: ${(100 * accuracy).toFixed(1)}% of cells right, ${Math.round((performance.now() - started) / 3)} ms a page`);
    expect(result.error).toBeNull();
    expect(result.format).toBe('pdf');
    expect(result.ocrPages).toEqual([1, 2, 3]);
    expect(result.report).toMatchObject({ template: 'v2021', year: 2023 });
    expect(accuracy).toBeGreaterThanOrEqual(EXPECTED.min_cell_accuracy);
  }, OCR_TEST_TIMEOUT);

  it('is E_OCR_FAILED when Tesseract fails, and leaves no temporary files', async () => {
    const tools = toolDir({
      pdftoppm: which('pdftoppm'),
      pdfimages: which('pdfimages'),
      tesseract: '#!/bin/sh\nif [ "$1" = --list-langs ]; then printf "List of available languages (2):\\nchi_sim\\neng\\n"; exit 0; fi\necho "simulated crash" >&2\nexit 3\n',
    });
    const temp = mkdtempSync(path.join(tmpdir(), 'gongkai-test-tmp-'));
    vi.stubEnv('PATH', tools);
    vi.stubEnv('TMPDIR', temp);
    try {
      const result = await extractFile(SCANNED, { ocr: OCR_ON });
      expect(result.error?.code).toBe('E_OCR_FAILED');
      expect(result.error?.message).toMatch(/simulated crash/);
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      rmSync(tools, { recursive: true });
      rmSync(temp, { recursive: true });
    }
  });

  it('stops OCR at its budget (E_BUDGET), killing Tesseract and removing its files', async () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'gongkai-test-tmp-'));
    vi.stubEnv('TMPDIR', temp);
    try {
      const started = performance.now();
      const result = await extractFile(SCANNED, { ocr: { enabled: true, timeoutMs: 1_500 } });
      expect(result.error?.code).toBe('E_BUDGET');
      expect(result.error?.message).toMatch(/OCR took longer than its budget of 1500 ms/);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      rmSync(temp, { recursive: true });
    }
  });

  it('in the pool, gets the OCR budget instead of the (shorter) extraction budget', async () => {
    // reading the PDF takes well under 10 s even beside other tests' Tesseract runs, its OCR longer (3 pages at ~15 s)
    const pool = createExtractionPool({ size: 1, timeoutMs: 10_000, ocr: OCR_ON });
    try {
      const result = await pool.extract(new Uint8Array(readFileSync(SCANNED)), { source: SCANNED });
      expect(result.error).toBeNull();
      expect(result.ocrPages).toEqual([1, 2, 3]);
    } finally {
      await pool.close();
    }
  }, OCR_TEST_TIMEOUT);
});
