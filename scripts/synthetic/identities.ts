/**
 * The §6.1 accounting identities (T3-01…T3-03, T4-01…T4-03) evaluated on a cell map, with a
 * missing or null cell counted as 0. The synthetic generator uses this to prove its data and
 * to compute `failing_rules` of the expected files; it is deliberately independent of
 * `src/validate/` so the two can be checked against each other.
 */
import { T3_COLUMNS, T4_COLUMNS, t3Key, t3RowsFor, t4Key, type TableTemplate } from '../../src/domain/vocabulary.ts';

export const RULE_IDS = ['T3-01', 'T3-02', 'T3-03', 'T4-01', 'T4-02', 'T4-03'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface IdentityCheck {
  rule: RuleId;
  /** column key (T3-01, T3-03), row key (T3-02) or Table 4 group (T4-*) */
  scope: string;
  ok: boolean;
  detail: string;
}

export type CellValues = Readonly<Record<string, number | null | undefined>>;

const APPLICANT_PARTS = T3_COLUMNS.filter((c) => c.key !== 'applicant.total').map((c) => c.key);
const ALL_COLUMNS = T3_COLUMNS.map((c) => c.key);

/** Table 3 outcome detail rows (those summed by （七）总计) of a template. */
export function outcomeDetailRows(template: TableTemplate): string[] {
  return t3RowsFor(template)
    .map((r) => r.key)
    .filter((k) => k.startsWith('outcome.') && k !== 'outcome.total');
}

const T4_GROUPS = ['review', 'litigation.direct', 'litigation.after_review'] as const;
const T4_RULE: Record<(typeof T4_GROUPS)[number], RuleId> = {
  review: 'T4-01',
  'litigation.direct': 'T4-02',
  'litigation.after_review': 'T4-03',
};

function v(values: CellValues, key: string): number {
  const x = values[key];
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}

function eq(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}

/** Key strings computed once: reusing the same string objects keeps lookups cheap. */
interface KeyTable {
  rows: string[];
  details: string[];
  /** t3[row][col] */
  t3: Map<string, Map<string, string>>;
  t4: Array<{ group: (typeof T4_GROUPS)[number]; parts: string[]; total: string }>;
}
const TABLES = new Map<TableTemplate, KeyTable>();
function keyTable(template: TableTemplate): KeyTable {
  let table = TABLES.get(template);
  if (!table) {
    const rows = t3RowsFor(template).map((r) => r.key);
    const t3 = new Map(rows.map((row) => [row, new Map(ALL_COLUMNS.map((col) => [col, t3Key(row, col)]))]));
    const t4 = T4_GROUPS.map((group) => ({
      group,
      parts: ['upheld', 'corrected', 'other', 'pending'].map((leaf) => t4Key(`${group}.${leaf}`)),
      total: t4Key(`${group}.total`),
    }));
    table = { rows, details: outcomeDetailRows(template), t3, t4 };
    TABLES.set(template, table);
  }
  return table;
}

/** Every identity instance of the template, in rule order. */
export function checkIdentities(template: TableTemplate, values: CellValues): IdentityCheck[] {
  const out: IdentityCheck[] = [];
  const { rows, details, t3, t4 } = keyTable(template);
  const cell = (row: string, col: string): number => v(values, t3.get(row)!.get(col)!);

  for (const col of ALL_COLUMNS) {
    const a = cell('received.new', col);
    const b = cell('received.carried_over', col);
    const c = cell('outcome.total', col);
    const d = cell('carried_forward', col);
    out.push({ rule: 'T3-01', scope: col, ok: eq(a + b, c + d), detail: `${a}+${b} vs ${c}+${d}` });
  }
  for (const row of rows) {
    let sum = 0;
    for (const col of APPLICANT_PARTS) sum += cell(row, col);
    const total = cell(row, 'applicant.total');
    out.push({ rule: 'T3-02', scope: row, ok: eq(sum, total), detail: `Σ parts ${sum} vs 总计 ${total}` });
  }
  for (const col of ALL_COLUMNS) {
    let sum = 0;
    for (const row of details) sum += cell(row, col);
    const total = cell('outcome.total', col);
    out.push({ rule: 'T3-03', scope: col, ok: eq(sum, total), detail: `Σ outcomes ${sum} vs （七）总计 ${total}` });
  }
  for (const { group, parts, total } of t4) {
    const sum = parts.reduce((s, key) => s + v(values, key), 0);
    const t = v(values, total);
    out.push({ rule: T4_RULE[group], scope: group, ok: eq(sum, t), detail: `Σ ${sum} vs 总计 ${t}` });
  }
  return out;
}

/** The distinct rule ids that fail, in §6.1 order (allocation-free fast path of `checkIdentities`). */
export function failingRules(template: TableTemplate, values: CellValues): RuleId[] {
  const { rows, details, t3, t4 } = keyTable(template);
  const out: RuleId[] = [];
  const cell = (row: string, col: string): number => v(values, t3.get(row)!.get(col)!);
  let t301 = true;
  let t303 = true;
  for (const col of ALL_COLUMNS) {
    if (!eq(cell('received.new', col) + cell('received.carried_over', col), cell('outcome.total', col) + cell('carried_forward', col))) t301 = false;
    let sum = 0;
    for (const row of details) sum += cell(row, col);
    if (!eq(sum, cell('outcome.total', col))) t303 = false;
  }
  let t302 = true;
  for (const row of rows) {
    let sum = 0;
    for (const col of APPLICANT_PARTS) sum += cell(row, col);
    if (!eq(sum, cell(row, 'applicant.total'))) {
      t302 = false;
      break;
    }
  }
  if (!t301) out.push('T3-01');
  if (!t302) out.push('T3-02');
  if (!t303) out.push('T3-03');
  for (const { group, parts, total } of t4) {
    let sum = 0;
    for (const key of parts) sum += v(values, key);
    if (!eq(sum, v(values, total))) out.push(T4_RULE[group]);
  }
  return out;
}

export { APPLICANT_PARTS, T4_GROUPS };
export const T4_KEYS = T4_COLUMNS.map((c) => t4Key(c.key));
