import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/extract/index.ts';
import { ocrToolsInstalled } from '../src/extract/ocr/ocr-pages.ts';
import { failingRules } from '../src/validate/validate.ts';

/**
 * Every document with expected values — the real corpus in ../shared (when it is beside the
 * project) and our own samples — scores 100% of its cells, with the right template, agency,
 * year and failing checks; broken samples give their error code. Scanned samples are read by
 * OCR, which misreads some characters: they score at least their measured `min_cell_accuracy`
 * (their agency name and failing checks are whatever the misreads make them), or, without the
 * OCR tools, give E_PDF_NO_TEXT.
 */
const CORPORA = {
  real: path.resolve(import.meta.dirname, '../../shared/corpus/real'),
  samples: path.resolve(import.meta.dirname, '../samples'),
};
const TEMPLATES: Record<string, string> = { '2021': 'v2021', '2019': 'v2019', 'pre-2019': 'pre2019' };

interface Expected {
  kind?: string;
  agency: string | null;
  agency_aliases?: string[];
  year: number | null;
  template: string;
  cells: Record<string, number | null>;
  failing_rules: string[];
  error?: string;
  /** OCR'd samples: the share of cells that must be right */
  min_cell_accuracy?: number;
}

const ocrInstalled = await ocrToolsInstalled(AbortSignal.timeout(10_000));
/** A scanned sample's OCR takes ~15 s a page alone, longer beside the rest of the suite (the others take well under a second). */
const DOCUMENT_TIMEOUT = 180_000;

function expectedDocuments(root: string): [string, Expected][] {
  const expectedRoot = path.join(root, 'expected');
  if (!existsSync(expectedRoot)) return [];
  return readdirSync(expectedRoot, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(expectedRoot, file), 'utf8')) as Expected] as [string, Expected])
    .filter(([file, expected]) => expected.kind !== 'listing' && existsSync(path.join(root, file)));
}

for (const [name, root] of Object.entries(CORPORA)) {
  describe.runIf(existsSync(root))(`${name} documents`, () => {
    it.each(expectedDocuments(root))('%s', async (file, expected) => {
      const result = await extractFile(path.join(root, file));
      if (expected.error) {
        expect(result.error?.code).toBe(expected.error);
        return;
      }
      const ocr = expected.min_cell_accuracy !== undefined;
      if (ocr && !ocrInstalled) {
        expect(result.error?.code).toBe('E_PDF_NO_TEXT');
        return;
      }
      expect(result.error).toBeNull();
      expect(result.report?.template).toBe(TEMPLATES[expected.template] ?? expected.template);
      // one misread character changes an agency's name: OCR'd names are not held to it
      if (!ocr) expect([expected.agency, ...(expected.agency_aliases ?? [])]).toContain(result.report?.agency);
      expect(result.report?.year).toBe(expected.year);
      const got = Object.fromEntries(result.cells.map((cell) => [cell.key, cell.value]));
      const cells = Object.entries(expected.cells);
      const wrong = cells.filter(([key, value]) => (got[key] ?? null) !== value);
      if (ocr) {
        expect(result.ocrPages?.length).toBeGreaterThan(0);
        expect((cells.length - wrong.length) / cells.length).toBeGreaterThanOrEqual(expected.min_cell_accuracy!);
        return;
      }
      expect(wrong).toEqual([]);
      expect(failingRules(result.checks)).toEqual([...expected.failing_rules].sort());
    }, DOCUMENT_TIMEOUT);
  });
}

describe.runIf(existsSync(CORPORA.real))('real listing page', () => {
  it('is rejected as not a report', async () => {
    const result = await extractFile(path.join(CORPORA.real, 'html/pingtan-zfxxgknb-list.index.html'));
    expect(result.error?.code).toBe('E_NOT_REPORT');
  });
});
