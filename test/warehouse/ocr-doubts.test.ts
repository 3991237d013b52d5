import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExtractResult } from '../../src/domain/types.ts';
import { loadExtractions } from '../../src/load/index.ts';
import { invalidResultReason } from '../../src/load/result-shape.ts';
import { documentBytes, extraction } from '../db/fixtures.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';

const DOUBTED = 't3:received.new:applicant.natural_person';

/** A scanned report whose Table 3 cell "12" OCR was unsure of, and a label it snapped. */
function scanned(): ExtractResult {
  return {
    ...extraction(documentBytes('scanned')),
    ocrPages: [3],
    ocrDoubts: [
      { key: DOUBTED, page: 3, read: '12', alternative: '17', confidence: 71.2, alternativeConfidence: 86.4 },
      { key: 't3:carried_forward:applicant.total', page: 3, read: '2', alternative: null, confidence: 40, alternativeConfidence: null },
      // a doubted number in prose: kept in the report, no cell to flag
      { key: null, page: 1, read: '2023', alternative: '2028', confidence: 80, alternativeConfidence: 82 },
    ],
    ocrLabelFixes: [{ page: 3, raw: '子以公开', label: '予以公开' }],
  };
}

describe(`OCR doubts in the warehouse (${driverName})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  beforeEach(() => database.reset());
  afterAll(() => database?.close());

  it('shows the alternative reading per cell in v_fact_cell and a P-09 warning per doubted cell', async () => {
    const result = scanned();
    expect(invalidResultReason(result)).toBeUndefined();
    const [outcome] = await loadExtractions(database.handle, [{ source: 'http://example.gov.cn/scan.pdf', result, extractorVersion: 'v1' }]);
    expect(outcome?.status).toBe('loaded');

    const { rows: cells } = await database.handle.query<{ cell_key: string; value: string | null; raw: string; ocr: boolean; ocr_doubt: string | null }>(
      `select cell_key, value::text, raw, ocr, ocr_doubt from v_fact_cell where page = 3 order by cell_key`,
    );
    expect(cells).toEqual([
      { cell_key: 't3:carried_forward:applicant.total', value: '2', raw: '2', ocr: true, ocr_doubt: '?' },
      { cell_key: DOUBTED, value: '12', raw: '12', ocr: true, ocr_doubt: '17' },
    ]);
    const { rows: sure } = await database.handle.query<{ n: number }>(`select count(*)::int as n from v_fact_cell where ocr_doubt is null`);
    expect(sure[0]?.n).toBe(result.cells.length - 2);

    const { rows: flags } = await database.handle.query<{ source: string; rule: string; scope: string; severity: string; detail: string }>(
      `select source, rule, scope, severity, detail from v_qa_flags where rule = 'P-09' order by scope`,
    );
    expect(flags).toEqual([
      { source: 'plausibility', rule: 'P-09', scope: 't3:carried_forward:applicant.total', severity: 'warning', detail: 'OCR read 2 (confidence 40); read again digits-only: nothing' },
      { source: 'plausibility', rule: 'P-09', scope: DOUBTED, severity: 'warning', detail: 'OCR read 12 (confidence 71.2); read again digits-only: 17 (confidence 86.4)' },
    ]);

    const { rows: reports } = await database.handle.query<{ ocr_doubts: unknown; ocr_label_fixes: unknown }>(`select ocr_doubts, ocr_label_fixes from v_report`);
    expect(reports).toEqual([{ ocr_doubts: result.ocrDoubts, ocr_label_fixes: result.ocrLabelFixes }]);
  });

  it('stores null, and flags nothing, for a report without doubts', async () => {
    await loadExtractions(database.handle, [{ source: 'http://example.gov.cn/text.pdf', result: extraction(documentBytes('text')), extractorVersion: 'v1' }]);
    const { rows } = await database.handle.query<{ doubts: unknown; fixes: unknown; doubted: number; flags: number }>(
      `select r.ocr_doubts as doubts, r.ocr_label_fixes as fixes,
         (select count(*)::int from v_fact_cell where ocr_doubt is not null) as doubted,
         (select count(*)::int from v_qa_flags where rule = 'P-09') as flags
       from reports r`,
    );
    expect(rows).toEqual([{ doubts: null, fixes: null, doubted: 0, flags: 0 }]);
  });

  it('refuses doubts that name no cell of the result, or are malformed', () => {
    const base = scanned();
    expect(invalidResultReason({ ...base, ocrDoubts: [{ ...base.ocrDoubts![0]!, key: 't3:nope:applicant.total' }] })).toMatch(/names no cell/);
    expect(invalidResultReason({ ...base, ocrDoubts: [{ ...base.ocrDoubts![0]!, confidence: 140 }] })).toMatch(/confidence/);
    expect(invalidResultReason({ ...base, ocrLabelFixes: [{ page: 3, raw: '子以公开' } as never] })).toMatch(/label fix/);
  });
});
