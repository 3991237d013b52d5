import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBlobStore, isLoaded, loadExtraction, loadExtractions, type BlobStore, type LoadItem } from '../../src/load/index.ts';
import { SAMPLE_CELLS, documentBytes, extraction } from './fixtures.ts';
import { createTestDatabase, driverName, type TestDatabase } from './test-database.ts';

const VERSION = 'extractor-1';

function item(label: string, options: Parameters<typeof extraction>[1] = {}, extra: Partial<LoadItem> = {}): LoadItem {
  const bytes = documentBytes(label);
  return { bytes, source: `https://example.gov.cn/${label}.pdf`, result: extraction(bytes, options), extractorVersion: VERSION, ...extra };
}

describe(`loadExtraction (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;
  let blobs: BlobStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-blobs-'));
    blobs = createBlobStore(blobRoot);
  });
  beforeEach(() => database.reset());
  afterAll(async () => {
    await database?.close();
    await rm(blobRoot, { recursive: true, force: true });
  });

  async function counts() {
    const { rows } = await database.handle.query<Record<string, number>>(
      `select (select count(*) from agencies)::int as agencies, (select count(*) from documents)::int as documents,
              (select count(*) from document_sources)::int as sources, (select count(*) from reports)::int as reports,
              (select count(*) from cells)::int as cells, (select count(*) from checks)::int as checks`,
    );
    return rows[0]!;
  }

  async function reportsOf(agency: string, year: number) {
    const { rows } = await database.handle.query<{ id: number; status: string; superseded_by: number | null; cells: number }>(
      `select r.id, r.status, r.superseded_by, (select count(*) from cells c where c.report_id = r.id)::int as cells
       from reports r join agencies a on a.id = r.agency_id where a.name = $1 and r.year = $2 order by r.id`,
      [agency, year],
    );
    return rows;
  }

  it('stores the document, its blob, the report, cells and checks', async () => {
    const first = item('a');
    const outcome = await loadExtraction(database.handle, first, { blobs });
    expect(outcome).toMatchObject({ status: 'loaded', current: true, sha256: first.result.sha256 });
    // the failing check is a row of checks, the passing one is listed on the report
    expect(await counts()).toEqual({ agencies: 1, documents: 1, sources: 1, reports: 1, cells: SAMPLE_CELLS.length, checks: 1 });
    expect(await blobs.get(first.result.sha256)).toEqual(first.bytes);
    const { rows } = await database.handle.query(
      `select d.blob_path, d.size_bytes, r.status, r.template_detected, r.page_count, l.checks as passed_checks, r.failing_check_count
       from documents d join reports r on r.document_sha256 = d.sha256 left join passed_check_lists l on l.key = r.passed_check_list`,
    );
    expect(rows).toEqual([
      {
        blob_path: blobs.relativePath(first.result.sha256),
        size_bytes: String(first.bytes!.byteLength),
        status: 'ok',
        template_detected: 'v2021',
        page_count: 5,
        passed_checks: 'T3-01:applicant.total',
        failing_check_count: 1,
      },
    ]);
    const { rows: failing } = await database.handle.query(`select rule, scope, detail from checks`);
    expect(failing).toEqual([{ rule: 'T3-02', scope: 'received.new', detail: '总计 空白，无法核对' }]);
    expect(await isLoaded(database.handle, first.result.sha256, VERSION)).toBe(true);
    expect(await isLoaded(database.handle, first.result.sha256, 'extractor-2')).toBe(false);
  });

  it('keeps cell values exactly: decimals, negatives, nulls with their reason, CJK units', async () => {
    await loadExtraction(database.handle, item('values'), { blobs });
    const { rows } = await database.handle.query(`select key, value, raw, page, null_reason, unit from cells order by key`);
    expect(rows).toEqual(
      [...SAMPLE_CELLS]
        .sort((x, y) => (x.key < y.key ? -1 : 1))
        .map((cell) => ({
          key: cell.key,
          value: cell.value === null ? null : String(cell.value),
          raw: cell.raw,
          page: cell.page,
          null_reason: cell.nullReason ?? null,
          unit: cell.unit ?? null,
        })),
    );
  });

  it('is a no-op when the same bytes are loaded again, and records a new source', async () => {
    const first = item('same');
    await loadExtraction(database.handle, first, { blobs });
    const before = await counts();
    const again = await loadExtraction(database.handle, first, { blobs });
    expect(again.status).toBe('skipped');
    expect(await counts()).toEqual(before);
    const mirror = await loadExtraction(database.handle, { ...first, source: 'https://mirror.gov.cn/same.pdf' }, { blobs });
    expect(mirror).toMatchObject({ status: 'skipped', reportId: again.reportId });
    expect(await counts()).toEqual({ ...before, sources: before.sources! + 1 });
  });

  it('supersedes the current report when a changed document arrives, keeping both', async () => {
    const original = await loadExtraction(database.handle, item('v1'), { blobs });
    const corrected = await loadExtraction(database.handle, item('v2', { cells: SAMPLE_CELLS.slice(0, 2) }), { blobs });
    expect(corrected).toMatchObject({ status: 'superseded', replacedReportId: original.reportId, current: true });
    expect(await reportsOf('偃师区住房和城乡建设局', 2023)).toEqual([
      { id: original.reportId, status: 'superseded', superseded_by: corrected.reportId, cells: SAMPLE_CELLS.length },
      { id: corrected.reportId, status: 'ok', superseded_by: null, cells: 2 },
    ]);
  });

  it('re-extraction by a new extractor version supersedes, an older document stays history', async () => {
    const older = item('older');
    const newer = item('newer');
    await loadExtractions(database.handle, [older, newer], { blobs });
    const backfill = await loadExtractions(
      database.handle,
      [newer, older].map((entry) => ({ ...entry, extractorVersion: 'extractor-2' })),
      { blobs },
    );
    expect(backfill.map((outcome) => [outcome.status, outcome.current])).toEqual([
      ['superseded', true],
      ['loaded', false],
    ]);
    const reports = await reportsOf('偃师区住房和城乡建设局', 2023);
    expect(reports.filter((report) => report.status === 'ok').map((report) => report.id)).toEqual([backfill[0]!.reportId]);
    expect(reports.find((report) => report.id === backfill[1]!.reportId)?.superseded_by).toBe(backfill[0]!.reportId);
  });

  it('records a failed extraction against its document while the rest of the batch loads', async () => {
    const broken = item('broken', { error: { code: 'E_PDF_ENCRYPTED', message: 'the PDF is password-protected' } });
    const outcomes = await loadExtractions(database.handle, [broken, item('fine', { agency: '某某市统计局' })], { blobs });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'loaded']);
    expect(outcomes[0]!.error?.code).toBe('E_PDF_ENCRYPTED');
    const { rows } = await database.handle.query(
      `select document_sha256, status, error_code, agency_id, year from reports where status = 'failed'`,
    );
    expect(rows).toEqual([{ document_sha256: broken.result.sha256, status: 'failed', error_code: 'E_PDF_ENCRYPTED', agency_id: null, year: null }]);
    expect((await loadExtraction(database.handle, broken, { blobs })).status).toBe('skipped');
  });

  it('records an invalid extraction result as failed', async () => {
    const duplicateKeys = item('dup', { cells: [SAMPLE_CELLS[0]!, SAMPLE_CELLS[0]!] });
    const outcome = await loadExtraction(database.handle, duplicateKeys, { blobs });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_INTERNAL' } });
    expect(outcome.error?.message).toContain('appears twice');
    expect(await isLoaded(database.handle, duplicateKeys.result.sha256, VERSION)).toBe(true);
  });

  it('stores which PDF pages were read by OCR, and v_fact_cell marks their cells', async () => {
    const scanned = item('scanned', { cells: SAMPLE_CELLS.filter((cell) => cell.page !== null) });
    scanned.result.ocrPages = [3];
    expect((await loadExtraction(database.handle, scanned, { blobs })).status).toBe('loaded');
    const { rows } = await database.handle.query<{ page: number; ocr: boolean }>(`select distinct page, ocr from v_fact_cell order by page`);
    expect(rows).toEqual([
      { page: 2, ocr: false },
      { page: 3, ocr: true },
      { page: 4, ocr: false },
    ]);
    const { rows: reports } = await database.handle.query(`select ocr_pages from reports`);
    expect(reports).toEqual([{ ocr_pages: [3] }]);
  });

  it('stores the publication date and refuses one that is not a calendar date', async () => {
    const dated = item('dated', { published: { date: '2024-01-15', basis: 'label' } });
    expect((await loadExtraction(database.handle, dated, { blobs })).status).toBe('loaded');
    const { rows } = await database.handle.query(`select published_on::text, published_basis from reports`);
    expect(rows).toEqual([{ published_on: '2024-01-15', published_basis: 'label' }]);
    const wrong = item('wrong-date', { year: 2022, published: { date: '2024-02-30', basis: 'label' } });
    const outcome = await loadExtraction(database.handle, wrong, { blobs });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_INTERNAL' } });
    expect(outcome.error?.message).toContain('publication date');
  });

  it('refuses a check whose scope would break the list of passing checks', async () => {
    const spaced = item('spaced', { checks: [{ rule: 'T3-01', scope: 'applicant total', ok: true, detail: '1 = 1' }] });
    const outcome = await loadExtraction(database.handle, spaced, { blobs });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_INTERNAL' } });
    expect(outcome.error?.message).toContain('malformed rule or scope');
  });

  it('isolates an item the database refuses, loading the others', async () => {
    const { handle } = database;
    await handle.query(`create function refuse_cell() returns trigger language plpgsql as $$
      begin if new.raw = 'refuse' then raise exception 'refused by test'; end if; return new; end $$`);
    await handle.query('create trigger refuse_cell before insert on cells for each row execute function refuse_cell()');
    try {
      const refused = item('refused', { agency: '甲局', cells: [{ key: 't3:x:y', value: 1, raw: 'refuse', page: 1 }] });
      const outcomes = await loadExtractions(handle, [item('ok1', { agency: '乙局' }), refused, item('ok2', { agency: '丙局' })], { blobs });
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['loaded', 'failed', 'loaded']);
      expect(outcomes[1]!.error?.code).toBe('E_DB');
      expect(await isLoaded(handle, refused.result.sha256, VERSION)).toBe(false);
      expect((await loadExtraction(handle, item('ok3', { agency: '丁局' }), { blobs })).status).toBe('loaded');
    } finally {
      await handle.query('drop trigger refuse_cell on cells');
      await handle.query('drop function refuse_cell');
    }
  });

  it('handles one agency-year several times in one batch like sequential loads', async () => {
    const outcomes = await loadExtractions(database.handle, [item('b1'), item('b2'), item('b1')], { blobs });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['loaded', 'superseded', 'skipped']);
    expect(outcomes[2]!.reportId).toBe(outcomes[0]!.reportId);
    const reports = await reportsOf('偃师区住房和城乡建设局', 2023);
    expect(reports.map((report) => report.status)).toEqual(['superseded', 'ok']);
  });

  it('loads results without bytes and reports without an agency or year', async () => {
    const bytes = documentBytes('no-bytes');
    const outcome = await loadExtraction(
      database.handle,
      { source: 'x.html', result: extraction(bytes, { agency: null, year: null }), extractorVersion: VERSION },
      { blobs },
    );
    expect(outcome).toMatchObject({ status: 'loaded', current: true });
    const { rows } = await database.handle.query('select blob_path, size_bytes from documents');
    expect(rows).toEqual([{ blob_path: null, size_bytes: null }]);
  });

  it('rejects a result whose sha256 is not that of the bytes', async () => {
    const mismatched = { ...item('x'), bytes: documentBytes('y') };
    const outcome = await loadExtraction(database.handle, mismatched, { blobs });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'E_INTERNAL' } });
    expect((await counts()).documents).toBe(0);
  });

  it('is safe under concurrent loaders', async () => {
    const other = await database.openAnother();
    const items = Array.from({ length: 12 }, (_, n) => item(`c${n}`, { agency: `机关${n % 3}`, year: 2020 + (n % 2) }));
    const [mine, theirs] = await Promise.all([
      loadExtractions(database.handle, items, { blobs, batchSize: 5 }),
      loadExtractions(other, [...items].reverse(), { blobs, batchSize: 4 }),
    ]);
    const loaded = [...mine, ...theirs].filter((outcome) => outcome.status !== 'skipped');
    expect(loaded).toHaveLength(items.length);
    const { rows } = await database.handle.query<{ current: number; reports: number }>(
      `select count(*) filter (where status = 'ok')::int as current, count(*)::int as reports from reports`,
    );
    expect(rows[0]).toEqual({ current: 6, reports: 12 });
  });
});
