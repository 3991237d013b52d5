/**
 * Report data: an invented agency, a reporting year, a template, and a value for every cell of
 * that template (`keysFor(template)`) that satisfies every §6.1 identity, unless asked to break
 * exactly one of them.
 */
import { keysFor, t2Key, t4Key, type TableTemplate } from '../../src/domain/vocabulary.ts';
import { APPLICANT_PARTS, failingRules, outcomeDetailRows, type RuleId } from './identities.ts';
import { makeAgency, type Agency, type AgencyOptions, type AgencySize } from './names.ts';
import { Rng, type Seed } from './prng.ts';

export interface ReportData {
  /** stable identifier derived from the seed */
  id: string;
  seed: string;
  agency: Agency;
  /** reporting year (the data year, not the publication year) */
  year: number;
  template: TableTemplate;
  /** every key of `keysFor(template)`, in printed order */
  values: Record<string, number>;
  /** v2019 only: unit the 采购总金额 is printed in */
  procurementUnit: '元' | '万元' | null;
  /** decimals printed for money (amount_wan, procurement amount) */
  amountDecimals: number;
  /** the identity broken on purpose, and the cells changed to break it */
  broken: { rule: RuleId; keys: string[] } | null;
  /** rule ids failing on `values` (empty unless `broken`) */
  failingRules: RuleId[];
  /** publication date, YYYY-MM-DD */
  published: string;
  /** 主动公开 count quoted in the prose */
  proactiveCount: number;
}

export interface GenerateOptions {
  seed: Seed;
  year?: number;
  template?: TableTemplate;
  /** reuse an agency (for a series of years); otherwise one is drawn */
  agency?: Agency;
  agencyOptions?: AgencyOptions;
  /** override the agency's usual request volume */
  size?: AgencySize;
  /** deliberately break this identity (exactly this rule fails afterwards) */
  breakRule?: RuleId;
  /** the same agency's report for year − 1: carried_over, in_force, items_prev … continue from it */
  previous?: ReportData;
  /** v2019 procurement unit; drawn when absent */
  procurementUnit?: '元' | '万元';
}

const KEYS: Record<TableTemplate, string[]> = { v2021: keysFor('v2021'), v2019: keysFor('v2019') };
const DETAILS: Record<TableTemplate, string[]> = { v2021: outcomeDetailRows('v2021'), v2019: outcomeDetailRows('v2019') };
const COLUMNS = [...APPLICANT_PARTS, 'applicant.total'];
/** t3 key strings built once (string concatenation per cell dominated generation time) */
const T3K = new Map<string, Map<string, string>>();
for (const key of [...KEYS.v2021, ...KEYS.v2019]) {
  if (!key.startsWith('t3:')) continue;
  const [, row, col] = key.split(':') as [string, string, string];
  if (!T3K.has(row)) T3K.set(row, new Map());
  T3K.get(row)!.set(col, key);
}
/**
 * A constructor per template that creates the values object with all keys in printed order.
 * Objects built this way share one hidden class, which makes 10,000 reports × 200 cells several
 * times faster to build and read than assigning 200 computed keys to `{}` (dictionary mode).
 */
type ValuesCtor = new () => Record<string, number>;
function valuesCtor(keys: readonly string[]): ValuesCtor {
  const body = keys.map((k) => `this[${JSON.stringify(k)}] = 0;`).join('\n');
  return new Function(`return function Values() {\n${body}\n};`)() as ValuesCtor;
}
const VALUES: Record<TableTemplate, ValuesCtor> = { v2021: valuesCtor(KEYS.v2021), v2019: valuesCtor(KEYS.v2019) };
const k3 = (row: string, col: string): string => T3K.get(row)!.get(col)!;

/** Per template and Table 3 column: the key strings generation writes (applicant parts, then 总计). */
interface ColumnKeys {
  new: string;
  over: string;
  forward: string;
  outcome: string;
  details: string[];
}
const T3_PLAN: Record<TableTemplate, { details: string[]; columns: ColumnKeys[] }> = {
  v2021: planFor('v2021'),
  v2019: planFor('v2019'),
};
function planFor(template: TableTemplate): { details: string[]; columns: ColumnKeys[] } {
  const details = outcomeDetailRows(template);
  const columns = COLUMNS.map((col) => ({
    new: k3('received.new', col),
    over: k3('received.carried_over', col),
    forward: k3('carried_forward', col),
    outcome: k3('outcome.total', col),
    details: details.map((row) => k3(row, col)),
  }));
  return { details, columns };
}
const T4K = ['review', 'litigation.direct', 'litigation.after_review'].flatMap((g) =>
  ['upheld', 'corrected', 'other', 'pending', 'total'].map((l) => t4Key(`${g}.${l}`)),
);

/** Relative frequency of each outcome row (a real-looking mix: mostly granted or not held). */
const OUTCOME_WEIGHTS: Record<string, number> = {
  'outcome.granted': 40,
  'outcome.partial': 8,
  'outcome.withheld.state_secret': 0.3,
  'outcome.withheld.law_prohibited': 1,
  'outcome.withheld.security_stability': 0.3,
  'outcome.withheld.third_party': 3,
  'outcome.withheld.internal_affairs': 1,
  'outcome.withheld.process_info': 2,
  'outcome.withheld.enforcement_file': 1,
  'outcome.withheld.admin_query': 2,
  'outcome.unable.not_held': 20,
  'outcome.unable.needs_creation': 4,
  'outcome.unable.unclear': 3,
  'outcome.not_processed.complaint': 3,
  'outcome.not_processed.repeat': 2,
  'outcome.not_processed.publication': 0.5,
  'outcome.not_processed.mass_repeat': 0.5,
  'outcome.not_processed.confirm_reissue': 0.5,
  'outcome.other': 4,
  'outcome.other.no_correction': 2,
  'outcome.other.fee_unpaid': 0.3,
  'outcome.other.misc': 2,
};

/** New requests per applicant column for an agency of the given size. */
function drawNew(rng: Rng, size: AgencySize): number[] {
  const out = [0, 0, 0, 0, 0, 0];
  switch (size) {
    case 'none':
      if (rng.chance(0.3)) out[0] = rng.int(1, 3);
      break;
    case 'small':
      out[0] = rng.chance(0.8) ? rng.logInt(1, 20) : 0;
      if (rng.chance(0.25)) out[1] = rng.int(1, 3);
      if (rng.chance(0.03)) out[2] = 1;
      if (rng.chance(0.03)) out[3] = 1;
      if (rng.chance(0.1)) out[4] = rng.int(1, 2);
      if (rng.chance(0.1)) out[5] = rng.int(1, 2);
      break;
    case 'medium':
      out[0] = rng.logInt(5, 180);
      out[1] = rng.chance(0.7) ? rng.logInt(1, Math.max(2, Math.round((out[0] as number) * 0.2))) : 0;
      if (rng.chance(0.1)) out[2] = rng.int(1, 2);
      if (rng.chance(0.12)) out[3] = rng.int(1, 3);
      if (rng.chance(0.4)) out[4] = rng.logInt(1, 8);
      if (rng.chance(0.3)) out[5] = rng.logInt(1, 10);
      break;
    case 'large':
      out[0] = rng.logInt(120, 3200);
      out[1] = rng.logInt(5, Math.max(6, Math.round((out[0] as number) * 0.12)));
      out[2] = rng.chance(0.5) ? rng.int(1, 12) : 0;
      out[3] = rng.chance(0.6) ? rng.int(1, 18) : 0;
      out[4] = rng.logInt(1, 90);
      out[5] = rng.logInt(0, 120);
      break;
  }
  return out;
}

function drawT4(rng: Rng, size: AgencySize): number[] {
  const scale = { none: 0, small: 3, medium: 15, large: 80 }[size];
  const p = { none: 0, small: 0.15, medium: 0.5, large: 0.95 }[size];
  const out: number[] = [];
  for (let g = 0; g < 3; g++) {
    const n = scale > 0 && rng.chance(g === 0 ? p : p * 0.6) ? rng.logInt(1, g === 0 ? scale : Math.max(1, Math.round(scale / 3))) : 0;
    const parts = rng.multinomial(n, [60, 10, 15, 15]);
    out.push(...parts, n);
  }
  return out;
}

function money(rng: Rng, lo: number, hi: number, decimals: number): number {
  const scale = 10 ** decimals;
  const raw = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.next());
  return Math.round(raw * scale) / scale;
}

function delta(rng: Rng, prev: number): number {
  if (rng.chance(0.55)) return 0;
  const d = rng.chance(0.6) ? rng.int(1, 6) : -rng.int(1, 4);
  return prev + d < 0 ? 0 : d;
}

function publicationDate(rng: Rng, agency: Agency, year: number): string {
  const y = year + 1;
  if (agency.type === 'government' && agency.level !== 'township') {
    const m = rng.int(1, 3);
    return `${y}-${String(m).padStart(2, '0')}-${String(rng.int(m === 3 ? 1 : 10, m === 3 ? 31 : 28)).padStart(2, '0')}`;
  }
  if (agency.level === 'township' && rng.chance(0.3)) return `${y}-0${rng.int(2, 3)}-${String(rng.int(1, 28)).padStart(2, '0')}`;
  return `${y}-01-${String(rng.int(8, 31)).padStart(2, '0')}`;
}

/** Draw one report's data. */
export function generateReport(options: GenerateOptions): ReportData {
  const seed = String(options.seed);
  const rng = new Rng(seed);
  const prev = options.previous;
  const agency = options.agency ?? prev?.agency ?? makeAgency(rng, options.agencyOptions);
  const year = options.year ?? (prev ? prev.year + 1 : rng.int(2019, 2024));
  const template: TableTemplate = options.template ?? (year <= 2020 ? 'v2019' : rng.chance(0.06) ? 'v2019' : 'v2021');
  let size = options.size ?? agency.size;
  if (options.breakRule?.startsWith('T3') && (size === 'none' || size === 'small')) size = 'small';
  const values = new VALUES[template]();
  const set = (key: string, value: number): void => {
    values[key] = value;
  };

  // ---------------------------------------------------------------- Table 3
  const plan = T3_PLAN[template];
  const details = plan.details;
  const jitter = details.map((row) => (OUTCOME_WEIGHTS[row] ?? 1) * (0.3 + 1.4 * rng.next()));
  const fresh = drawNew(rng, size);
  if (options.breakRule?.startsWith('T3') && (fresh[0] as number) < 3) fresh[0] = rng.int(3, 12);
  const backlogRate = rng.chance(0.5) ? 0.02 + 0.08 * rng.next() : 0;
  let totalNew = 0;
  let totalOver = 0;
  let totalOutcome = 0;
  let totalForward = 0;
  const rowTotals = new Array<number>(details.length).fill(0);
  for (let i = 0; i < 6; i++) {
    const col = plan.columns[i]!;
    const n = fresh[i] as number;
    const over = prev
      ? (prev.values[col.forward] ?? 0)
      : backlogRate > 0 && n > 0 ? rng.binomial(n, backlogRate) : 0;
    let forward = backlogRate > 0 ? rng.binomial(n + over, backlogRate * 1.2) : 0;
    if (options.breakRule?.startsWith('T3') && i === 0) forward = 0;
    const outcome = n + over - forward;
    values[col.new] = n;
    values[col.over] = over;
    values[col.forward] = forward;
    values[col.outcome] = outcome;
    totalNew += n;
    totalOver += over;
    totalOutcome += outcome;
    totalForward += forward;
    const split = rng.multinomial(outcome, jitter);
    for (let r = 0; r < details.length; r++) {
      const x = split[r] as number;
      values[col.details[r]!] = x;
      rowTotals[r]! += x;
    }
  }
  const total = plan.columns[6]!;
  values[total.new] = totalNew;
  values[total.over] = totalOver;
  values[total.outcome] = totalOutcome;
  values[total.forward] = totalForward;
  for (let r = 0; r < details.length; r++) values[total.details[r]!] = rowTotals[r]!;

  // ---------------------------------------------------------------- Table 4
  const t4 = drawT4(rng, size);
  T4K.forEach((key, i) => set(key, t4[i] as number));

  // ---------------------------------------------------------------- Table 2
  const pv = (key: string): number | undefined => (prev && prev.template === template ? prev.values[key] : undefined);
  const isGov = agency.type === 'government';
  const docScale = agency.level === 'prefectural' ? (isGov ? 60 : 15) : agency.level === 'county' ? (isGov ? 30 : 8) : 3;
  const licenseScale = { none: 50, small: 800, medium: 5000, large: 40000 }[size];
  const penaltyScale = { none: 5, small: 120, medium: 1500, large: 6000 }[size];
  let amountDecimals = 4;
  let procurementUnit: '元' | '万元' | null = null;
  if (template === 'v2021') {
    for (const row of ['regulation', 'normative_doc'] as const) {
      if (row === 'regulation' && !agency.rulemaking) continue;
      const issued = row === 'regulation' ? rng.int(0, 4) : rng.chance(0.75) ? rng.int(0, docScale) : 0;
      const repealed = rng.chance(0.5) ? rng.int(0, Math.max(1, Math.round(issued * 0.8) + 2)) : 0;
      const before = pv(t2Key('t2.a20_1', row, 'in_force')) ?? (row === 'regulation' ? rng.int(20, 150) : rng.logInt(issued, docScale * 12));
      set(t2Key('t2.a20_1', row, 'issued'), issued);
      set(t2Key('t2.a20_1', row, 'repealed'), Math.min(repealed, before + issued));
      set(t2Key('t2.a20_1', row, 'in_force'), Math.max(0, before + issued - Math.min(repealed, before + issued)));
    }
    set('t2.a20_5:license:decisions', rng.chance(size === 'none' ? 0.3 : 0.9) ? rng.logInt(1, licenseScale) : 0);
    set('t2.a20_6:penalty:decisions', rng.chance(size === 'none' ? 0.1 : 0.75) ? rng.logInt(1, penaltyScale) : 0);
    set('t2.a20_6:coercion:decisions', rng.chance(0.35) ? rng.logInt(1, Math.max(2, Math.round(penaltyScale / 20))) : 0);
    amountDecimals = rng.pick([4, 4, 2, 6]);
    set('t2.a20_8:admin_fee:amount_wan', rng.chance(size === 'none' ? 0.1 : 0.5) ? money(rng, 0.05, licenseScale / 5, amountDecimals) : 0);
  } else {
    for (const row of ['regulation', 'normative_doc'] as const) {
      if (row === 'regulation' && !agency.rulemaking) continue;
      const made = row === 'regulation' ? rng.int(0, 4) : rng.chance(0.75) ? rng.int(0, docScale) : 0;
      const published = rng.chance(0.85) ? made : rng.int(0, made);
      const total = (pv(t2Key('t2.a20_1', row, 'published_total')) ?? rng.logInt(0, docScale * 10)) + published;
      set(t2Key('t2.a20_1', row, 'made'), made);
      set(t2Key('t2.a20_1', row, 'published'), published);
      set(t2Key('t2.a20_1', row, 'published_total'), total);
    }
    const itemRows: Array<[string, string, number, number]> = [
      ['t2.a20_5', 'license', size === 'none' ? 10 : 200, licenseScale],
      ['t2.a20_5', 'other_mgmt_service', size === 'none' ? 5 : 80, Math.round(licenseScale / 4)],
      ['t2.a20_6', 'penalty', size === 'none' ? 10 : 1200, penaltyScale],
      ['t2.a20_6', 'coercion', 30, Math.max(2, Math.round(penaltyScale / 20))],
      ['t2.a20_8', 'admin_fee', 25, 0],
    ];
    for (const [block, row, itemScale, decisionScale] of itemRows) {
      const prevItems = pv(t2Key(block, row, 'items_prev'));
      const prevDelta = pv(t2Key(block, row, 'items_delta'));
      const decisions = decisionScale > 0 && rng.chance(0.7) ? rng.logInt(0, decisionScale) : 0;
      // an agency that decides cases has items to decide on
      const items =
        prevItems !== undefined && prevDelta !== undefined ? prevItems + prevDelta : decisions > 0 || rng.chance(0.6) ? rng.logInt(1, itemScale) : 0;
      set(t2Key(block, row, 'items_prev'), items);
      set(t2Key(block, row, 'items_delta'), delta(rng, items));
      if (decisionScale > 0) set(t2Key(block, row, 'decisions'), decisions);
    }
    procurementUnit = options.procurementUnit ?? (rng.chance(0.5) ? '元' : '万元');
    amountDecimals = procurementUnit === '元' ? rng.pick([0, 2]) : rng.pick([2, 4]);
    const projects = rng.chance(0.7) ? rng.logInt(1, size === 'large' ? 400 : 60) : 0;
    set('t2.a20_9:central_procurement:projects', projects);
    const yuan = projects > 0 ? money(rng, 3000 * projects, 400000 * projects, 2) : 0;
    const amount = procurementUnit === '元' ? Math.round(yuan * 10 ** amountDecimals) / 10 ** amountDecimals : Math.round((yuan / 10000) * 10 ** amountDecimals) / 10 ** amountDecimals;
    set('t2.a20_9:central_procurement:amount', amount);
  }

  // ---------------------------------------------------------------- break one identity
  let broken: ReportData['broken'] = null;
  if (options.breakRule) broken = breakIdentity(rng, template, values, options.breakRule);

  const proactiveBase = { none: 40, small: 300, medium: 2000, large: 15000 }[size];
  return {
    id: `syn-${seed}`,
    seed,
    agency,
    year,
    template,
    values,
    procurementUnit,
    amountDecimals,
    broken,
    failingRules: failingRules(template, values),
    published: publicationDate(rng, agency, year),
    proactiveCount: rng.logInt(Math.round(proactiveBase / 4), proactiveBase),
  };
}

/** Change as few cells as possible so that exactly `rule` fails. */
function breakIdentity(rng: Rng, template: TableTemplate, values: Record<string, number>, rule: RuleId): { rule: RuleId; keys: string[] } {
  const d = rng.int(1, 3);
  const bump = (key: string, by: number): void => {
    values[key] = (values[key] ?? 0) + by;
  };
  switch (rule) {
    case 'T3-01': {
      // a typo in 结转下年度 for 自然人, carried into 总计: the column no longer balances
      const keys = [k3('carried_forward', 'applicant.natural_person'), k3('carried_forward', 'applicant.total')];
      for (const k of keys) bump(k, d);
      return { rule, keys };
    }
    case 'T3-02': {
      // 总计 column mis-typed on two outcome rows (one up, one down: the column total still adds up)
      const details = DETAILS[template];
      const donors = details.filter((row) => (values[k3(row, 'applicant.total')] ?? 0) >= 1);
      const donor = donors.length > 0 ? rng.pick(donors) : null;
      if (!donor) throw new Error('cannot break T3-02 without requests');
      const by = Math.min(d, values[k3(donor, 'applicant.total')] ?? 1);
      const taker = rng.pick(details.filter((row) => row !== donor));
      bump(k3(donor, 'applicant.total'), -by);
      bump(k3(taker, 'applicant.total'), by);
      return { rule, keys: [k3(donor, 'applicant.total'), k3(taker, 'applicant.total')] };
    }
    case 'T3-03': {
      // an application counted twice (予以公开 and another outcome): the outcomes exceed （七）总计
      const keys = [k3('outcome.granted', 'applicant.natural_person'), k3('outcome.granted', 'applicant.total')];
      for (const k of keys) bump(k, d);
      return { rule, keys };
    }
    case 'T4-01':
    case 'T4-02':
    case 'T4-03': {
      const group = { 'T4-01': 'review', 'T4-02': 'litigation.direct', 'T4-03': 'litigation.after_review' }[rule];
      const key = t4Key(`${group}.total`);
      bump(key, d);
      return { rule, keys: [key] };
    }
  }
}

export interface SeriesOptions extends Omit<GenerateOptions, 'year' | 'previous' | 'breakRule'> {
  /** consecutive reporting years, e.g. [2022, 2023] */
  years: number[];
}

/** Reports of one agency over consecutive years: year Y's carried_over = year Y−1's carried_forward (T3-06). */
export function generateSeries(options: SeriesOptions): ReportData[] {
  const out: ReportData[] = [];
  let previous: ReportData | undefined;
  for (const year of options.years) {
    const report: ReportData = generateReport({ ...options, seed: `${options.seed}@${year}`, year, previous, agency: previous?.agency ?? options.agency });
    out.push(report);
    previous = report;
  }
  return out;
}

/** `n` reports quickly (benchmarks): seeds `${seed}#0` … `${seed}#${n-1}`. */
export function generateMany(n: number, seed: Seed = 'bench', options: Omit<GenerateOptions, 'seed'> = {}): ReportData[] {
  const out = new Array<ReportData>(n);
  for (let i = 0; i < n; i++) out[i] = generateReport({ ...options, seed: `${seed}#${i}` });
  return out;
}
