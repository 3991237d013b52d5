/**
 * What the warehouse views must say about a report, computed in TypeScript from the expected
 * printed cells (samples/expected/*.json, or the generator's expectedFor) by the rules
 * docs/warehouse.md states. Deliberately written apart from src/warehouse/view-sql.ts: only the
 * column names are shared.
 */
import { T3_ROWS, T4_COLUMNS } from '../../src/domain/vocabulary.ts';
import { inferAgencyIdentity } from '../../src/warehouse/agency-identity.ts';
import { t3Stem, t4Stem } from '../../src/warehouse/view-sql.ts';
import type { Fixture, FixtureReport } from './fixture.ts';

export type Cells = Record<string, number | null>;
export type Values = Record<string, number | null>;

/** Sum with blanks as 0, null when every part is blank. */
export function nsum(values: readonly (number | null | undefined)[]): number | null {
  const present = values.filter((value): value is number => value !== null && value !== undefined);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0);
}

const ORG = ['applicant.org.commercial', 'applicant.org.research', 'applicant.org.public_interest', 'applicant.org.legal_service', 'applicant.org.other'];
const PRINTED_COLUMNS: Record<string, string> = {
  np: 'applicant.natural_person',
  commercial: 'applicant.org.commercial',
  research: 'applicant.org.research',
  public_interest: 'applicant.org.public_interest',
  legal_service: 'applicant.org.legal_service',
  org_other: 'applicant.org.other',
  total: 'applicant.total',
};

/** The nine v_t3 values of one printed Table 3 row. */
function printedRow(cells: Cells, row: string): Values {
  const get = (col: string) => cells[`t3:${row}:${col}`] ?? null;
  const out: Values = {};
  for (const [suffix, col] of Object.entries(PRINTED_COLUMNS)) out[suffix] = get(col);
  out.org = nsum(ORG.map(get)) ?? get('applicant.org');
  out.all = get('applicant.total') ?? nsum([get('applicant.natural_person'), out.org]);
  return out;
}

function sumRows(rows: readonly Values[]): Values {
  const out: Values = {};
  for (const suffix of [...Object.keys(PRINTED_COLUMNS), 'org', 'all']) out[suffix] = nsum(rows.map((row) => row[suffix]));
  return out;
}

/** Every v_t3 value column of a report. */
export function t3Values(report: Pick<FixtureReport, 'cells' | 'template'>): Values {
  const rows = new Map<string, Values>();
  for (const row of T3_ROWS) rows.set(t3Stem(row.key), printedRow(report.cells, row.key));
  const group = (prefix: string) => T3_ROWS.filter((row) => row.key.startsWith(prefix)).map((row) => rows.get(t3Stem(row.key))!);
  // v2019 prints （六）其他处理 as one row; v2021 prints three sub-rows whose sum is the same concept
  rows.set('other', report.template === 'v2019' ? printedRow(report.cells, 'outcome.other') : sumRows(group('outcome.other.')));
  rows.set('withheld', sumRows(group('outcome.withheld.')));
  rows.set('unable', sumRows(group('outcome.unable.')));
  rows.set('not_processed', sumRows(group('outcome.not_processed.')));
  const out: Values = {};
  for (const [stem, values] of rows) for (const [suffix, value] of Object.entries(values)) out[`${stem}_${suffix}`] = value;
  return out;
}

/** Every v_t4 value column of a report. */
export function t4Values(report: Pick<FixtureReport, 'cells'>): Values {
  const out: Values = {};
  for (const col of T4_COLUMNS) out[t4Stem(col.key)] = report.cells[`t4:cases:${col.key}`] ?? null;
  const leaves = ['upheld', 'corrected', 'other', 'pending'];
  for (const group of ['review', 'litigation_direct', 'litigation_after_review']) {
    out[`${group}_all`] = out[`${group}_total`] ?? nsum(leaves.map((leaf) => out[`${group}_${leaf}`]));
  }
  out.litigation_total = nsum([out.litigation_direct_total, out.litigation_after_review_total]);
  out.litigation_all = nsum([out.litigation_direct_all, out.litigation_after_review_all]);
  for (const leaf of leaves) out[`litigation_${leaf}`] = nsum([out[`litigation_direct_${leaf}`], out[`litigation_after_review_${leaf}`]]);
  return out;
}

/** The v_t2 columns a report's template prints (harmonised names). */
export function t2Values(report: Pick<FixtureReport, 'cells' | 'template'>): Values {
  const c = (key: string) => report.cells[key] ?? null;
  const v2021 = report.template === 'v2021';
  return {
    regulation_issued: v2021 ? c('t2.a20_1:regulation:issued') : c('t2.a20_1:regulation:made'),
    normative_doc_issued: v2021 ? c('t2.a20_1:normative_doc:issued') : c('t2.a20_1:normative_doc:made'),
    normative_doc_in_force: c('t2.a20_1:normative_doc:in_force'),
    normative_doc_published_total: c('t2.a20_1:normative_doc:published_total'),
    license_decisions: c('t2.a20_5:license:decisions'),
    penalty_decisions: c('t2.a20_6:penalty:decisions'),
    coercion_decisions: c('t2.a20_6:coercion:decisions'),
    admin_fee_amount_wan: c('t2.a20_8:admin_fee:amount_wan'),
    procurement_amount: c('t2.a20_9:central_procurement:amount'),
  };
}

export interface MetricValue {
  num: number | null;
  den: number | null;
  value: number | null;
}

/** A rate as the metrics view defines it: blanks in the numerator count as 0 once the denominator is known. */
function rate(num: number | null, den: number | null): MetricValue {
  return {
    num: num === null && den === null ? null : (num ?? 0),
    den,
    value: den === null || den === 0 ? null : Math.round(((num ?? 0) / den) * 1e6) / 1e6,
  };
}
const minus = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) - (b ?? 0));

/** The research metrics of one report (docs/warehouse.md, v_metrics_agency_year). */
export function metrics(report: Pick<FixtureReport, 'cells' | 'template'>) {
  const t = t3Values(report);
  const f = t4Values(report);
  const outcomes = t.outcome_total_all!;
  const received = t.received_new_all!;
  const decidedReviews = minus(f.review_all!, f.review_pending!);
  const decidedLitigation = minus(f.litigation_all!, f.litigation_pending!);
  const result = {
    disclosure_rate: rate(nsum([t.granted_all, t.partial_all]), outcomes),
    full_disclosure_rate: rate(t.granted_all!, outcomes),
    withheld_share: rate(t.withheld_all!, outcomes),
    unable_share: rate(t.unable_all!, outcomes),
    not_processed_share: rate(t.not_processed_all!, outcomes),
    other_share: rate(t.other_all!, outcomes),
    statutory_exemption_share: rate(
      nsum([t.withheld_state_secret_all, t.withheld_law_prohibited_all, t.withheld_security_stability_all, t.withheld_third_party_all]),
      outcomes,
    ),
    discretionary_exemption_share: rate(nsum([t.withheld_internal_affairs_all, t.withheld_process_info_all, t.withheld_enforcement_file_all]), outcomes),
    not_held_share: rate(t.unable_not_held_all!, outcomes),
    repeat_share: rate(nsum([t.not_processed_repeat_all, t.not_processed_mass_repeat_all]), outcomes),
    complaint_share: rate(t.not_processed_complaint_all!, outcomes),
    // v2019 has no fee row: the concept is absent there, not 0
    fee_unpaid_share: report.template === 'v2021' ? rate(t.other_fee_unpaid_all!, outcomes) : { num: null, den: null, value: null },
    natural_person_share: rate(t.received_new_np!, received),
    org_share: rate(t.received_new_org!, received),
    commercial_share: rate(t.received_new_commercial!, received),
    research_share: rate(t.received_new_research!, received),
    public_interest_share: rate(t.received_new_public_interest!, received),
    legal_service_share: rate(t.received_new_legal_service!, received),
    org_other_share: rate(t.received_new_org_other!, received),
    review_rate: rate(f.review_all!, received),
    litigation_rate: rate(f.litigation_all!, received),
    review_correction_rate: rate(f.review_corrected!, decidedReviews),
    litigation_correction_rate: rate(f.litigation_corrected!, decidedLitigation),
    correction_rate: rate(nsum([f.review_corrected, f.litigation_corrected]), nsum([decidedReviews, decidedLitigation])),
    backlog_rate: rate(t.carried_forward_all!, nsum([t.received_new_all, t.received_carried_over_all])),
  };
  return result as typeof result & Record<string, MetricValue>;
}

export interface ExpectedFlag {
  rule: string;
  scope: string;
}

/** Plausibility flags (spec §6.2) the fixture's printed values raise, by the documented rules. */
export function plausibilityFlags(report: FixtureReport): ExpectedFlag[] {
  const flags: ExpectedFlag[] = [];
  const identity = inferAgencyIdentity(report.agency ?? '');
  for (const [key, value] of Object.entries(report.cells)) {
    if (value === null) continue;
    const col = key.split(':')[2]!;
    if (!['items_delta', 'amount_wan', 'amount'].includes(col) && (value < 0 || !Number.isInteger(value))) flags.push({ rule: 'P-01', scope: key });
  }
  const cols = ['applicant.natural_person', ...ORG, 'applicant.total'];
  for (const col of cols) {
    const get = (row: string) => report.cells[`t3:${row}:${col}`] ?? null;
    const forward = get('carried_forward');
    if (forward !== null && forward > (get('received.new') ?? 0) + (get('received.carried_over') ?? 0)) flags.push({ rule: 'P-02', scope: col });
  }
  // 规章 power is doubted only where the name says county/township, or a known non-government organ above
  const suspect =
    identity.level === 'county' ||
    identity.level === 'township' ||
    (['provincial', 'prefectural'].includes(identity.level ?? '') && identity.type !== null && !['people_government', 'general_office'].includes(identity.type));
  for (const [key, value] of Object.entries(report.cells)) {
    if (!key.startsWith('t2.a20_1:regulation:') || value === null || value <= 0) continue;
    if (key.endsWith(':in_force') || key.endsWith(':published_total')) continue;
    if (suspect) flags.push({ rule: 'P-03', scope: key });
  }
  const fee = report.cells['t2.a20_8:admin_fee:amount_wan'];
  if (fee !== null && fee !== undefined && fee >= 100000) flags.push({ rule: 'P-04', scope: 't2.a20_8:admin_fee:amount_wan' });
  return flags;
}

export const byKey = <T>(items: readonly T[], key: (item: T) => string) => new Map(items.map((item) => [key(item), item]));

export interface LedgerRow {
  agency: string;
  year: number;
  expected: boolean;
  found: boolean;
  extracted: boolean;
  validated: boolean;
  why_not: string | null;
}

/**
 * The v_coverage ledger as documented: every agency seen (in a report or a titled crawl link) ×
 * every year of the warehouse; expected inside the agency's own span of years.
 */
export function expectedLedger(fixture: Fixture): LedgerRow[] {
  const years = new Map<string, Set<number>>();
  const claim = (agency: string, year: number) => years.set(agency, (years.get(agency) ?? new Set()).add(year));
  for (const report of fixture.current) claim(report.agency!, report.year!);
  for (const crawl of fixture.crawl) claim(crawl.agency, crawl.year);
  const allYears = [...years.values()].flatMap((set) => [...set]);
  const [lo, hi] = [Math.min(...allYears), Math.max(...allYears)];
  const rows: LedgerRow[] = [];
  for (const [agency, seen] of years) {
    const [first, last] = [Math.min(...seen), Math.max(...seen)];
    for (let year = lo; year <= hi; year++) {
      const report = fixture.current.find((candidate) => candidate.agency === agency && candidate.year === year);
      const crawl = fixture.crawl.find((candidate) => candidate.agency === agency && candidate.year === year);
      const extracted = report !== undefined && Object.keys(report.cells).length > 0;
      const failing = report ? report.failing_rules.filter((rule) => /^T[34]-0[1-3]$/.test(rule)).sort() : [];
      const validated = extracted && failing.length === 0;
      const expected = year >= first && year <= last;
      let whyNot: string | null = null;
      if (!validated) {
        if (report && extracted) whyNot = `failing:${failing.join(',')}`;
        else if (report) whyNot = 'no_tables';
        else if (crawl?.state === 'done') whyNot = fixture.documents.find((doc) => doc.source === crawl.source)!.error!;
        else if (crawl?.state === 'dead') whyNot = `fetch_failed:${crawl.errorCode}`;
        else if (crawl?.state === 'pending') whyNot = 'not_fetched';
        else whyNot = expected ? 'missing' : 'outside_span';
      }
      rows.push({ agency, year, expected, found: report !== undefined || crawl?.state === 'done', extracted, validated, why_not: whyNot });
    }
  }
  return rows;
}
