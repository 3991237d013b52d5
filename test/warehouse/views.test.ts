import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, VIEWS_FILE, migrate } from '../../src/db/index.ts';
import { inferAgencyIdentity } from '../../src/warehouse/agency-identity.ts';
import { METRICS, t2ValueColumns, t3ValueColumns, t4ValueColumns, VIEW_NAMES, viewsFile } from '../../src/warehouse/view-sql.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';
import { expectedLedger, metrics, plausibilityFlags, t2Values, t3Values, t4Values } from './expected.ts';
import { loadFixture, type Fixture, type FixtureReport } from './fixture.ts';

/**
 * Every analysis view over the fixture warehouse (all samples plus four generated reports),
 * compared value by value with what the expected files imply.
 */
type Row = Record<string, unknown>;
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

describe(`warehouse views (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;
  let fixture: Fixture;
  /** report id of each current fixture report, by `agency/year` */
  const reportIds = new Map<string, number>();
  const identity = (report: { agency: string | null; year: number | null }) => `${report.agency}/${report.year}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-warehouse-'));
    fixture = await loadFixture(database.handle, blobRoot);
    const { rows } = await database.handle.query<{ report_id: number; agency: string; year: number }>('select report_id, agency, year from v_report');
    for (const row of rows) reportIds.set(identity(row), row.report_id);
  }, 300_000);
  afterAll(async () => {
    await database?.close();
    if (blobRoot) await rm(blobRoot, { recursive: true, force: true });
  });

  const rowsOf = async (view: string) => (await database.handle.query<Row>(`select * from ${view}`)).rows;
  const rowFor = (rows: Row[], report: FixtureReport) => {
    const row = rows.find((candidate) => candidate.report_id === reportIds.get(identity(report)));
    expect(row, identity(report)).toBeDefined();
    return row!;
  };

  it('v_report: one row per current report, with identity, coverage and provenance', async () => {
    const rows = await rowsOf('v_report');
    expect(rows.length).toBe(fixture.current.length);
    for (const report of fixture.current) {
      const row = rowFor(rows, report);
      const inferred = inferAgencyIdentity(report.agency!);
      expect(row, report.source).toMatchObject({
        agency: report.agency,
        year: report.year,
        template: report.template,
        comparable: report.template === 'v2019' || report.template === 'v2021',
        coverage: report.coverage,
        agency_level: inferred.level,
        agency_type: inferred.type,
        document_source: report.source,
        cells: Object.keys(report.cells).length,
      });
    }
  });

  it('v_fact_cell: every printed cell of every current report, as printed, with its document', async () => {
    const rows = await rowsOf('v_fact_cell');
    expect(rows.length).toBe(fixture.current.reduce((n, report) => n + Object.keys(report.cells).length, 0));
    for (const report of fixture.current) {
      const cells = rows.filter((row) => row.report_id === reportIds.get(identity(report)));
      const values = Object.fromEntries(cells.map((row) => [row.cell_key, num(row.value)]));
      expect(values, report.source).toEqual(report.cells);
      for (const row of cells) {
        expect(row.document_source).toBe(report.source);
        expect(row.cell_key).toBe(`${row.table_key}:${row.row_key}:${row.col_key}`);
        expect(row.null_reason === null, `${report.source} ${row.cell_key}`).toBe(row.value !== null);
        if (!report.source.endsWith('.pdf')) expect(row.page).toBeNull();
      }
    }
    const pdfPages = rows.filter((row) => String(row.document_source).endsWith('.pdf')).map((row) => row.page);
    expect(pdfPages.length).toBeGreaterThan(0);
    expect(pdfPages.every((page) => typeof page === 'number' && page >= 1)).toBe(true);
  });

  it('v_t3: one wide row per report, v2019 and v2021 harmonised, derived subtotals and effective totals', async () => {
    const rows = await rowsOf('v_t3');
    expect(rows.length).toBe(fixture.current.length);
    for (const report of fixture.current) {
      const row = rowFor(rows, report);
      const expected = t3Values(report);
      const actual = Object.fromEntries(t3ValueColumns().map((column) => [column, num(row[column])]));
      expect(actual, report.source).toEqual(expected);
    }
  });

  it('v_t4: printed review and litigation cells plus litigation totals', async () => {
    const rows = await rowsOf('v_t4');
    for (const report of fixture.current) {
      const row = rowFor(rows, report);
      const actual = Object.fromEntries(t4ValueColumns().map((column) => [column, num(row[column])]));
      expect(actual, report.source).toEqual(t4Values(report));
    }
  });

  it('v_t2: comparable concepts under one name, template-only concepts apart, units normalised', async () => {
    const rows = await rowsOf('v_t2');
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(t2ValueColumns()));
    for (const report of fixture.current) {
      const row = rowFor(rows, report);
      const expected = t2Values(report);
      for (const [column, value] of Object.entries(expected)) expect(num(row[column]), `${report.source} ${column}`).toBe(value);
      expect(row.issued_basis).toBe(report.template === 'v2021' ? 'issued' : report.template === 'v2019' ? 'made' : null);
    }
    // 元 amounts are converted to 万元; amounts without a printed unit are not guessed
    const withUnit = rows.filter((row) => row.procurement_amount_unit !== null);
    expect(withUnit.length).toBeGreaterThan(0);
    for (const row of rows) {
      const expected = row.procurement_amount_unit === '元' ? Number(row.procurement_amount) / 10000 : row.procurement_amount_unit === '万元' ? Number(row.procurement_amount) : null;
      if (expected === null) expect(row.procurement_amount_wan).toBeNull();
      else expect(Number(row.procurement_amount_wan)).toBeCloseTo(expected, 6);
    }
  });

  it('v_metrics_agency_year: every metric with its numerator and denominator (null when the denominator is 0)', async () => {
    const rows = await rowsOf('v_metrics_agency_year');
    expect(rows.length).toBe(fixture.current.length);
    expect(METRICS.map((metric) => metric.name).sort()).toEqual(Object.keys(metrics(fixture.current[0]!)).sort());
    let zeroDenominators = 0;
    for (const report of fixture.current) {
      const row = rowFor(rows, report);
      for (const [name, expected] of Object.entries(metrics(report))) {
        const where = `${report.source} ${name}`;
        expect(num(row[`${name}_num`]), where).toBe(expected.num);
        expect(num(row[`${name}_den`]), where).toBe(expected.den);
        expect(num(row[name]), where).toBe(expected.value);
        if (expected.den === 0) zeroDenominators++;
      }
      const t3 = t3Values(report);
      expect(num(row.requests_new)).toBe(t3.received_new_all);
      expect(num(row.requests_handled)).toBe(t3.outcome_total_all);
    }
    expect(zeroDenominators).toBeGreaterThan(0);
    // the generated county government switched from v2019 (2020) to v2021 (2021)
    const breaks = rows.filter((row) => row.template_break);
    expect(breaks.map((row) => [row.year, row.previous_template, row.template])).toEqual([[2021, 'v2019', 'v2021']]);
  });

  it('v_qa_flags: failing identities of each report and the computable plausibility rules', async () => {
    const rows = await rowsOf('v_qa_flags');
    for (const report of fixture.current) {
      const flags = rows.filter((row) => row.report_id === reportIds.get(identity(report)));
      const failing = [...new Set(flags.filter((row) => row.source === 'check').map((row) => row.rule))].sort();
      expect(failing, report.source).toEqual([...report.failing_rules].sort());
      const plausibility = flags.filter((row) => row.source === 'plausibility').map((row) => ({ rule: row.rule, scope: row.scope }));
      expect(plausibility, report.source).toEqual(expect.arrayContaining(plausibilityFlags(report)));
      expect(plausibility.length, report.source).toBe(plausibilityFlags(report).length);
    }
    expect(rows.filter((row) => row.source === 'plausibility').map((row) => row.rule).sort()).toEqual(['P-03', 'P-04']);
  });

  it('v_coverage: the agency × year ledger says what was found, extracted and validated, and why not', async () => {
    const rows = await rowsOf('v_coverage');
    const expected = expectedLedger(fixture);
    expect(rows.length).toBe(expected.length);
    for (const row of expected) {
      const actual = rows.find((candidate) => candidate.agency === row.agency && candidate.year === row.year);
      expect(actual, `${row.agency} ${row.year}`).toMatchObject(row);
    }
    // every reason occurs: validated (null), failing, no_tables, an extraction error, a dead link, not fetched, missing, outside the span
    expect(new Set(rows.map((row) => String(row.why_not).replace(/:.*/, ''))).size).toBe(8);
  });

  it('v_agency: one row per agency with inferred identity and its span of reports', async () => {
    const rows = await rowsOf('v_agency');
    const agencies = new Set(fixture.current.map((report) => report.agency!));
    expect(rows.map((row) => row.agency).sort()).toEqual([...agencies].sort());
    for (const row of rows) {
      const reports = fixture.current.filter((report) => report.agency === row.agency);
      const inferred = inferAgencyIdentity(String(row.agency));
      expect(row).toMatchObject({
        level: inferred.level,
        type: inferred.type,
        jurisdiction: inferred.jurisdiction,
        identity_source: 'inferred',
        first_year: Math.min(...reports.map((report) => report.year!)),
        last_year: Math.max(...reports.map((report) => report.year!)),
        reports: reports.length,
      });
    }
  });

  it('every view answers on this driver', async () => {
    for (const view of VIEW_NAMES) await expect(database.handle.query(`select count(*) from ${view}`)).resolves.toBeTruthy();
  });
});

describe('the views migration (migrations/views.sql)', () => {
  it('is what src/warehouse/view-sql.ts generates (so the generator and the migration cannot drift)', async () => {
    expect(await readFile(path.join(MIGRATIONS_FOLDER, VIEWS_FILE), 'utf8')).toBe(viewsFile());
  });

  it('re-creates the views when the file changes, and only then', async () => {
    const database = await createTestDatabase();
    const folder = await mkdtemp(path.join(os.tmpdir(), 'gongkai-views-'));
    try {
      const viewOid = async () => (await database.handle.query<{ oid: number }>(`select 'v_report'::regclass::oid::int as oid`)).rows[0]!.oid;
      const before = await viewOid();
      await migrate(database.handle);
      expect(await viewOid()).toBe(before); // unchanged file: nothing done
      await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
      const changed = `${await readFile(path.join(folder, VIEWS_FILE), 'utf8')}--> statement-breakpoint\nCOMMENT ON VIEW v_report IS 'one current report per agency-year';\n`;
      await writeFile(path.join(folder, VIEWS_FILE), changed);
      await migrate(database.handle, { migrationsFolder: folder });
      expect(await viewOid()).not.toBe(before);
      const { rows } = await database.handle.query(`select obj_description('v_report'::regclass, 'pg_class') as comment`);
      expect(rows).toEqual([{ comment: 'one current report per agency-year' }]);
    } finally {
      await database.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
