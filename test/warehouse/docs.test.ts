import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/index.ts';
import { validateReport } from '../../src/validate/validate.ts';
import { inferAgencyIdentity } from '../../src/warehouse/agency-identity.ts';
import { T3_STEMS, T3_SUFFIXES, VIEW_NAMES } from '../../src/warehouse/view-sql.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';
import { expectedLedger, metrics, nsum, t2Values, t3Values, type MetricValue } from './expected.ts';
import { docBlocks } from './doc-blocks.ts';
import { loadFixture, type Fixture, type FixtureReport } from './fixture.ts';

/**
 * Runs every SQL block of docs/warehouse.md against the fixture warehouse: queries (```sql) as
 * the read-only researcher role, statements (```sql-admin) as the owner in a rolled-back
 * transaction. Each block is named (`-- name: …`) and checked against numbers computed from
 * the samples' expected files; a block without a check fails the suite, so docs and tests
 * cannot drift. Also checks that every column of every view and documented table is documented.
 */
const DOCS = readFileSync(path.resolve(import.meta.dirname, '../../docs/warehouse.md'), 'utf8');

type Row = Record<string, unknown>;
const n = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const round = (value: number | null, places: number) => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);
const ratio = (num: number | null, den: number | null, places: number) => (den === null || den === 0 || num === null ? null : round(num / den, places));
/** SQL sum(): nulls ignored, null when every value is null. */
const sqlSum = (values: readonly (number | null)[]) => nsum(values);
const sortRows = <T>(rows: T[]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
const levelOf = (report: FixtureReport) => inferAgencyIdentity(report.agency!).level ?? 'unknown';
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

describe(`docs/warehouse.md queries (${driverName})`, () => {
  let database: TestDatabase;
  let blobRoot: string;
  let fixture: Fixture;
  /** current reports of comparable templates that are not jurisdiction aggregates */
  let pooled: FixtureReport[];
  const blocks = docBlocks(DOCS);

  beforeAll(async () => {
    database = await createTestDatabase();
    blobRoot = await mkdtemp(path.join(os.tmpdir(), 'gongkai-docs-'));
    fixture = await loadFixture(database.handle, blobRoot);
    pooled = fixture.current.filter((report) => ['v2019', 'v2021'].includes(report.template) && report.coverage !== 'jurisdiction_aggregate');
  }, 300_000);
  afterAll(async () => {
    await database?.close();
    if (blobRoot) await rm(blobRoot, { recursive: true, force: true });
  });

  /** Runs `sql` as the researcher role (SET ROLE inside a transaction that is rolled back). */
  async function asResearcher(sql: string, before: (tx: Queryable) => Promise<void> = async () => {}): Promise<Row[]> {
    let rows: Row[] = [];
    await database.handle
      .transaction(async (tx) => {
        await before(tx);
        await tx.query('set local role researcher');
        rows = (await tx.query<Row>(sql)).rows;
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    return rows;
  }
  const block = (name: string) => blocks.find((candidate) => candidate.name === name)!.sql;
  const report = (agency: string, year: number) => fixture.current.find((candidate) => candidate.agency === agency && candidate.year === year)!;

  const checks: Record<string, (rows: Row[]) => void> = {
    provenance_cell(rows) {
      const expected = report('桐峰县教育局', 2020);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ cell_key: 't3:received.new:applicant.total', document_source: expected.source, page: null, document_format: 'html' });
      expect(n(rows[0]!.value)).toBe(expected.cells['t3:received.new:applicant.total']);
      const sha = String(rows[0]!.document_sha256);
      expect(rows[0]!.blob_path).toBe(`${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`);
    },
    provenance_metric(rows) {
      const expected = report('琅坪市市场监督管理局', 2023);
      const keys = Object.keys(expected.cells).filter((key) => /^t3:outcome\.(granted|partial|total):/.test(key)).sort();
      expect(rows.map((row) => row.cell_key).sort()).toEqual(keys);
      for (const row of rows) expect(n(row.value), String(row.cell_key)).toBe(expected.cells[String(row.cell_key)]);
      const rate = metrics(expected).disclosure_rate;
      for (const row of rows) expect([n(row.disclosure_rate), n(row.disclosure_rate_num), n(row.disclosure_rate_den)]).toEqual([rate.value, rate.num, rate.den]);
    },
    passed_checks(rows) {
      // a report that fails nothing passes every check the validator runs on its cells
      const expected = report('璧口市人民政府', 2023);
      expect(expected.failing_rules).toEqual([]);
      const cells = Object.entries(expected.cells).map(([key, value]) => ({ key, value, raw: String(value ?? ''), page: null }));
      const checks = validateReport(cells, expected.template as 'v2021');
      expect(checks.every((check) => check.ok)).toBe(true);
      const passed = rows.map((row) => String(row.passed)).filter((entry) => !entry.startsWith('T3-06:'));
      expect(passed.sort()).toEqual(checks.map((check) => `${check.rule}:${check.scope}`).sort());
    },
    provenance_sources(rows) {
      expect(rows.map((row) => row.source)).toEqual([report('桐峰县教育局', 2020).source]);
    },
    provenance_history(rows) {
      const expected = fixture.current.filter((candidate) => candidate.agency === '琅坪市市场监督管理局');
      expect(sortRows(rows.map((row) => [row.status, row.superseded_by, row.source]))).toEqual(sortRows(expected.map((doc) => ['ok', null, doc.source])));
    },
    caveat_template_breaks(rows) {
      const breaks = fixture.current.flatMap((doc) => {
        const previous = fixture.current.find((candidate) => candidate.agency === doc.agency && candidate.year === doc.year! - 1);
        return previous && previous.template !== doc.template ? [[doc.agency, doc.year, previous.template, doc.template]] : [];
      });
      expect(breaks.length).toBeGreaterThan(0);
      expect(sortRows(rows.map((row) => [row.agency, row.year, row.previous_template, row.template]))).toEqual(sortRows(breaks));
    },
    caveat_null_reasons(rows) {
      const blanks = fixture.current.reduce((count, doc) => count + Object.values(doc.cells).filter((value) => value === null).length, 0);
      expect(rows.reduce((sum, row) => sum + Number(row.cells), 0)).toBe(blanks);
      for (const row of rows) expect(['blank', 'na_marker', 'not_printed', 'unparsed']).toContain(row.null_reason);
    },
    caveat_aggregates(rows) {
      const expected = fixture.current.filter((doc) => doc.coverage !== 'agency_only');
      expect(sortRows(rows.map((row) => [row.agency, row.year, row.coverage]))).toEqual(sortRows(expected.map((doc) => [doc.agency, doc.year, doc.coverage])));
      for (const row of rows) expect(String(row.coverage_evidence)).toMatch(/汇总/);
    },
    caveat_units(rows) {
      const expected = fixture.current.filter((doc) => (doc.cells['t2.a20_9:central_procurement:amount'] ?? null) !== null);
      expect(sortRows(rows.map((row) => [row.agency, row.year, n(row.procurement_amount)]))).toEqual(
        sortRows(expected.map((doc) => [doc.agency, doc.year, doc.cells['t2.a20_9:central_procurement:amount']])),
      );
      for (const row of rows) {
        const wan = row.procurement_amount_unit === '元' ? n(row.procurement_amount)! / 10000 : row.procurement_amount_unit === '万元' ? n(row.procurement_amount) : null;
        expect(n(row.procurement_amount_wan) === null ? null : round(n(row.procurement_amount_wan), 4)).toBe(round(wan, 4));
      }
    },
    rq1_demand_by_level_year(rows) {
      const groups = groupBy(pooled, (doc) => `${doc.year}/${levelOf(doc)}`);
      const expected = [...groups].map(([key, docs]) => {
        const [year, level] = key.split('/');
        return [Number(year), level, docs.length, sqlSum(docs.map((doc) => t3Values(doc).received_new_all!)), sqlSum(docs.map((doc) => t3Values(doc).received_carried_over_all!))];
      });
      expect(sortRows(rows.map((row) => [row.year, row.level, Number(row.agencies), n(row.requests_new), n(row.carried_over)]))).toEqual(sortRows(expected));
    },
    rq1_per_capita_shape(rows) {
      expect(sortRows(rows.map((row) => [row.agency, row.year, n(row.requests_new), row.population, row.requests_per_10k]))).toEqual(
        sortRows(pooled.map((doc) => [doc.agency, doc.year, t3Values(doc).received_new_all, null, null])),
      );
    },
    rq2_disclosure_rate(rows) {
      const rated = pooled.filter((doc) => (metrics(doc).disclosure_rate.den ?? 0) > 0);
      const expected = [...groupBy(rated, (doc) => `${doc.template}/${levelOf(doc)}`)].map(([key, docs]) => {
        const rates = docs.map((doc) => metrics(doc).disclosure_rate);
        const num = sqlSum(rates.map((rate) => rate.num));
        const den = sqlSum(rates.map((rate) => rate.den));
        const mean = rates.reduce((sum, rate) => sum + rate.value!, 0) / rates.length;
        return [...key.split('/'), num, den, ratio(num, den, 4), round(mean, 4)];
      });
      expect(sortRows(rows.map((row) => [row.template, row.level, n(row.granted_or_partial), n(row.handled), n(row.pooled_rate), n(row.mean_agency_rate)]))).toEqual(
        sortRows(expected),
      );
    },
    rq3_refusal_groups(rows) {
      const total = (name: string) => sqlSum(pooled.map((doc) => metrics(doc)[name]!.num));
      expect(rows).toHaveLength(1);
      expect({
        withheld: n(rows[0]!.withheld),
        unable: n(rows[0]!.unable),
        not_processed: n(rows[0]!.not_processed),
        other: n(rows[0]!.other),
        statutory: n(rows[0]!.statutory),
        discretionary: n(rows[0]!.discretionary),
        not_held: n(rows[0]!.not_held),
        handled: n(rows[0]!.handled),
      }).toEqual({
        withheld: total('withheld_share'),
        unable: total('unable_share'),
        not_processed: total('not_processed_share'),
        other: total('other_share'),
        statutory: total('statutory_exemption_share'),
        discretionary: total('discretionary_exemption_share'),
        not_held: total('not_held_share'),
        handled: sqlSum(pooled.map((doc) => metrics(doc).withheld_share.den)),
      });
    },
    rq3_refusal_reasons(rows) {
      const reasons = T3_STEMS.filter((stem) => /^(withheld|unable|not_processed)_/.test(stem));
      const expected = Object.fromEntries(
        reasons.map((stem) => [stem.replace(/^(withheld|unable|not_processed)_/, '$1.'), sqlSum(pooled.map((doc) => t3Values(doc)[`${stem}_all`]!))]),
      );
      expect(Object.fromEntries(rows.map((row) => [row.reason, n(row.applications)]))).toEqual(expected);
      const counts = rows.map((row) => n(row.applications) ?? -1);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    },
    rq4_applicant_mix(rows) {
      const expected = [...groupBy(pooled, levelOf)].map(([level, docs]) => {
        const total = (name: string) => sqlSum(docs.map((doc) => metrics(doc)[name]!.num));
        const received = sqlSum(docs.map((doc) => metrics(doc).natural_person_share.den));
        return [
          level,
          total('natural_person_share'),
          total('commercial_share'),
          total('research_share'),
          total('public_interest_share'),
          total('legal_service_share'),
          total('org_other_share'),
          received,
          ratio(total('natural_person_share'), received, 4),
        ];
      });
      const actual = rows.map((row) => [
        row.level,
        n(row.natural_persons),
        n(row.firms),
        n(row.research),
        n(row.ngos),
        n(row.law_firms),
        n(row.other_orgs),
        n(row.received),
        n(row.natural_person_share),
      ]);
      expect(sortRows(actual)).toEqual(sortRows(expected));
    },
    rq5_challenges(rows) {
      const expected = [...groupBy(pooled, (doc) => String(doc.year))].map(([year, docs]) => {
        const m = docs.map((doc) => metrics(doc));
        const sum = (name: string, part: keyof MetricValue) => sqlSum(m.map((metric) => metric[name]![part]));
        return [
          Number(year),
          sqlSum(docs.map((doc) => t3Values(doc).received_new_all!)),
          sum('review_rate', 'num'),
          sum('litigation_rate', 'num'),
          ratio(sum('review_rate', 'num'), sum('review_rate', 'den'), 4),
          ratio(sum('litigation_rate', 'num'), sum('litigation_rate', 'den'), 4),
          sum('correction_rate', 'num'),
          sum('correction_rate', 'den'),
          ratio(sum('correction_rate', 'num'), sum('correction_rate', 'den'), 4),
        ];
      });
      const actual = rows.map((row) => [
        row.year,
        n(row.requests_new),
        n(row.reviews),
        n(row.litigations),
        n(row.review_rate),
        n(row.litigation_rate),
        n(row.corrected),
        n(row.decided),
        n(row.correction_rate),
      ]);
      expect(actual).toEqual(expected.sort((a, b) => (a[0] as number) - (b[0] as number)));
    },
    rq6_backlog(rows) {
      const expected = fixture.current.flatMap((doc) => {
        const rate = metrics(doc).backlog_rate;
        return (rate.value ?? 0) > 0 ? [[doc.agency, doc.year, t3Values(doc).carried_forward_all, rate.den, rate.value]] : [];
      });
      expect(expected.length).toBeGreaterThan(0);
      expect(sortRows(rows.map((row) => [row.agency, row.year, n(row.requests_carried_forward), n(row.workload), n(row.backlog_rate)]))).toEqual(sortRows(expected));
      const rates = rows.map((row) => n(row.backlog_rate)!);
      expect(rates).toEqual([...rates].sort((a, b) => b - a));
    },
    rq6_timeliness(rows) {
      expect(rows).toHaveLength(fixture.current.length);
      for (const row of rows) {
        const government = ['people_government', 'general_office'].includes(String(row.agency_type));
        const deadline = `${Number(row.year) + 1}-${government ? '03-31' : '01-31'}`;
        expect(String(row.publication_deadline).slice(0, 10)).toBe(deadline);
        if (row.published_on === null) {
          expect([row.published_basis, row.days_after_deadline, row.late]).toEqual([null, null, null]);
          continue;
        }
        const days = (Date.parse(String(row.published_on).slice(0, 10)) - Date.parse(deadline)) / 86_400_000;
        expect(Number(row.days_after_deadline)).toBe(days);
        expect(row.late).toBe(days > 0 ? true : row.published_basis === 'signature' ? null : false);
      }
      // the samples are signed (落款) with their publication date: most of them tell it
      const dated = rows.filter((row) => row.published_on !== null);
      expect(dated.length).toBeGreaterThan(rows.length / 2);
    },
    rq7_repeat_and_fees(rows) {
      const expected = [...groupBy(pooled, (doc) => doc.template)].map(([template, docs]) => {
        const sum = (name: string, part: keyof MetricValue) => sqlSum(docs.map((doc) => metrics(doc)[name]![part]));
        return [template, docs.length, sum('repeat_share', 'num'), sum('complaint_share', 'num'), sum('fee_unpaid_share', 'num'), sum('repeat_share', 'den'), ratio(sum('repeat_share', 'num'), sum('repeat_share', 'den'), 4)];
      });
      expect(expected.find((row) => row[0] === 'v2019')![4]).toBeNull();
      expect(sortRows(rows.map((row) => [row.template, Number(row.reports), n(row.repeat_or_mass), n(row.complaints), n(row.fee_unpaid), n(row.handled), n(row.repeat_share)]))).toEqual(
        sortRows(expected),
      );
    },
    rq8_proactive_output(rows) {
      const comparable = fixture.current.filter((doc) => ['v2019', 'v2021'].includes(doc.template));
      expect(rows).toHaveLength(comparable.length);
      for (const doc of comparable) {
        const row = rows.find((candidate) => candidate.agency === doc.agency && candidate.year === doc.year)!;
        const expected = t2Values(doc);
        for (const column of ['normative_doc_issued', 'normative_doc_in_force', 'license_decisions', 'penalty_decisions', 'coercion_decisions', 'admin_fee_amount_wan']) {
          expect(n(row[column]), `${doc.source} ${column}`).toBe(expected[column]);
        }
        expect(n(row.normative_doc_repealed)).toBe(doc.cells['t2.a20_1:normative_doc:repealed'] ?? null);
      }
    },
    rq8_churn(rows) {
      const expected = fixture.current.flatMap((doc) => {
        const previous = fixture.current.find((candidate) => candidate.agency === doc.agency && candidate.year === doc.year! - 1);
        if (!previous || doc.template !== 'v2021' || previous.template !== 'v2021') return [];
        const c = (d: FixtureReport, col: string) => d.cells[`t2.a20_1:normative_doc:${col}`] ?? null;
        const inForce = c(doc, 'in_force');
        const gap = inForce === null ? null : inForce - ((c(previous, 'in_force') ?? 0) + (c(doc, 'issued') ?? 0) - (c(doc, 'repealed') ?? 0));
        return [[doc.agency, doc.year, c(previous, 'in_force'), c(doc, 'issued'), c(doc, 'repealed'), inForce, gap]];
      });
      expect(expected.length).toBeGreaterThan(0);
      expect(sortRows(rows.map((row) => [row.agency, row.year, n(row.in_force_before), n(row.issued), n(row.repealed), n(row.in_force), n(row.gap)]))).toEqual(
        sortRows(expected),
      );
    },
    rq9_flags_by_rule(rows) {
      const reportsWith = new Map<string, number>();
      for (const doc of fixture.current) for (const rule of new Set(doc.failing_rules)) reportsWith.set(rule, (reportsWith.get(rule) ?? 0) + 1);
      for (const row of rows.filter((candidate) => String(candidate.rule).startsWith('T'))) expect(Number(row.reports), String(row.rule)).toBe(reportsWith.get(String(row.rule)));
      expect(rows.filter((row) => String(row.rule).startsWith('T')).map((row) => row.rule).sort()).toEqual([...reportsWith.keys()].sort());
      for (const row of rows) expect(Number(row.flags)).toBeGreaterThanOrEqual(Number(row.reports));
      expect(rows.find((row) => row.rule === 'P-04')).toMatchObject({ severity: 'warning' });
    },
    rq9_ledger_by_year(rows) {
      const expected = [...groupBy(expectedLedger(fixture), (row) => String(row.year))].map(([year, ledger]) => [
        Number(year),
        ledger.filter((row) => row.expected).length,
        ledger.filter((row) => row.found).length,
        ledger.filter((row) => row.extracted).length,
        ledger.filter((row) => row.validated).length,
      ]);
      expect(rows.map((row) => [row.year, Number(row.expected), Number(row.found), Number(row.extracted), Number(row.validated)])).toEqual(
        expected.sort((a, b) => a[0]! - b[0]!),
      );
    },
    rq9_copy_paste(rows) {
      const same = (a: FixtureReport, b: FixtureReport) => {
        const pick = (d: FixtureReport) => JSON.stringify(Object.entries(d.cells).filter(([key]) => /^t[34]:/.test(key)).sort());
        return pick(a) === pick(b);
      };
      const expected = fixture.current.flatMap((doc) => {
        const previous = fixture.current.find((candidate) => candidate.agency === doc.agency && candidate.year === doc.year! - 1);
        return previous && Object.keys(doc.cells).length > 0 && same(doc, previous) ? [[doc.agency, doc.year]] : [];
      });
      expect(sortRows(rows.map((row) => [row.agency, row.year]))).toEqual(sortRows(expected));
    },
    rq10_panel(rows) {
      expect(rows).toHaveLength(pooled.length);
      for (const doc of pooled) {
        const row = rows.find((candidate) => candidate.agency === doc.agency && candidate.year === doc.year)!;
        const m = metrics(doc);
        expect([n(row.requests_new), n(row.disclosure_rate), n(row.review_rate), n(row.correction_rate)]).toEqual([
          t3Values(doc).received_new_all,
          m.disclosure_rate.value,
          m.review_rate.value,
          m.correction_rate.value,
        ]);
        expect(row).toMatchObject({ agency_level: inferAgencyIdentity(doc.agency!).level, jurisdiction: inferAgencyIdentity(doc.agency!).jurisdiction, gdp_per_capita: null });
      }
    },
    identity_levels(rows) {
      const agencies = [...new Set(fixture.current.map((doc) => doc.agency!))];
      const expected = [...groupBy(agencies, (name) => `${inferAgencyIdentity(name).level ?? 'unknown'}/${inferAgencyIdentity(name).type ?? 'unknown'}`)].map(([key, names]) => [
        ...key.split('/'),
        names.length,
      ]);
      expect(sortRows(rows.map((row) => [row.level, row.type, Number(row.agencies)]))).toEqual(sortRows(expected));
    },
    identity_to_curate(rows) {
      const expected = [...new Set(fixture.current.map((doc) => doc.agency!))].filter((name) => inferAgencyIdentity(name).level === null);
      expect(expected.length).toBeGreaterThan(0);
      expect(rows.map((row) => row.agency).sort()).toEqual(expected.sort());
      for (const row of rows) expect(row.identity_note).toMatch(/市/);
    },
    identity_region_at_year(rows) {
      expect(rows).toEqual([]); // no region codes until curated; see the curated run below
    },
    identity_aliases(rows) {
      expect(rows).toEqual([]);
    },
  };
  const adminChecks: Record<string, number> = { admin_curate_level: 1, admin_region_codes: 2, admin_alias: 1 };

  it('finds the documented SQL blocks, each with a unique name and a check', () => {
    const names = blocks.map((candidate) => candidate.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((name) => name.startsWith('rq'))).toEqual(expect.arrayContaining(['rq1_demand_by_level_year', 'rq10_panel']));
    for (let q = 1; q <= 10; q++) expect(names.some((name) => name.startsWith(`rq${q}_`)), `RQ${q}`).toBe(true);
    for (const candidate of blocks) {
      if (candidate.kind === 'sql') expect(checks, `no check for ${candidate.name}`).toHaveProperty(candidate.name);
      else expect(adminChecks, `no check for ${candidate.name}`).toHaveProperty(candidate.name);
    }
  });

  for (const candidate of docBlocks(DOCS).filter((b) => b.kind === 'sql')) {
    it(`${candidate.name} runs as the researcher role and returns what the samples imply`, async () => {
      checks[candidate.name]!(await asResearcher(candidate.sql));
    });
  }

  for (const candidate of docBlocks(DOCS).filter((b) => b.kind === 'sql-admin')) {
    it(`${candidate.name} (admin) applies as the owner`, async () => {
      let count = -1;
      await database.handle
        .transaction(async (tx) => {
          count = (await tx.query(candidate.sql)).rowCount;
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
      expect(count).toBe(adminChecks[candidate.name]);
    });
  }

  it('curated region codes and aliases show up in the documented queries', async () => {
    const regions = await asResearcher(block('identity_region_at_year'), async (tx) => {
      await tx.query(block('admin_region_codes'));
      await tx.query(`update agencies set region_code = '410307', identity_source = 'curated' where name = '桐峰县教育局'`);
    });
    // 2020 is before 偃师市 became 偃师区 (2021-10-19): the old code was in force
    expect(regions.map((row) => [row.agency, row.year, row.code_in_year, row.name_in_year])).toEqual([['桐峰县教育局', 2020, '410381', '偃师市']]);
    const aliases = await asResearcher(block('identity_aliases'), async (tx) => {
      await tx.query(block('admin_alias'));
    });
    expect(aliases.map((row) => [row.agency, row.alias, row.kind])).toEqual([['琅坪市市场监督管理局', '琅坪市市场监管局', 'abbreviation']]);
  });

  it('documents every column of every view and of the documented tables', async () => {
    const section = (name: string) => {
      const start = DOCS.indexOf(`\n### ${name}\n`);
      expect(start, `docs/warehouse.md has no "### ${name}" section`).toBeGreaterThan(0);
      const end = DOCS.indexOf('\n#', start + 5);
      return DOCS.slice(start, end === -1 ? undefined : end);
    };
    const reportKeys = DOCS.slice(DOCS.indexOf('**report key columns**'), DOCS.indexOf('### v_report'));
    const tables = ['agencies', 'agency_aliases', 'region_code_history', 'documents', 'document_sources', 'reports', 'cells', 'checks', 'runs', 'crawl_urls'];
    for (const relation of [...VIEW_NAMES, ...tables]) {
      const text = section(relation);
      const { rows } = await database.handle.query<{ name: string }>(
        `select column_name as name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`,
        [relation],
      );
      expect(rows.length, relation).toBeGreaterThan(0);
      for (const { name } of rows) {
        const documented =
          text.includes(`\`${name}\``) ||
          (text.includes('report key columns') && reportKeys.includes(`\`${name}\``)) ||
          (relation === 'v_t3' && T3_STEMS.some((stem) => T3_SUFFIXES.some((suffix) => name === `${stem}_${suffix}` && text.includes(`\`${stem}\``) && text.includes(`\`_${suffix}\``)))) ||
          (relation === 'v_metrics_agency_year' && /_(num|den)$/.test(name) && text.includes(`\`${name.replace(/_(num|den)$/, '')}\``));
        expect(documented, `${relation}.${name} is not documented in docs/warehouse.md`).toBe(true);
      }
    }
  });
});

class Rollback extends Error {}
