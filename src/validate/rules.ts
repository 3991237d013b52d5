import type { CheckResult } from '../domain/types.ts';
import { T3_COLUMNS, T4_COLUMNS, t3Key, t3RowsFor, t4Key, type TableTemplate } from '../domain/vocabulary.ts';

/**
 * The accounting identities of spec §6.1 that hold within one report, plus the cross-year T3-06.
 * Each rule compares printed values with null counted as 0 and never repairs anything; a rule
 * whose cells are all absent (the table is not printed) yields no check.
 */
export type CellValues = ReadonlyMap<string, number | null>;

export interface Rule {
  id: string;
  templates: readonly TableTemplate[];
  check(values: CellValues, template: TableTemplate): CheckResult[];
}

const EPSILON = 1e-9;

function identity(rule: string, scope: string, values: CellValues, lhs: string[], rhs: string[]): CheckResult[] {
  if (![...lhs, ...rhs].some((key) => values.has(key))) return [];
  const sum = (keys: string[]) => keys.reduce((acc, key) => acc + (values.get(key) ?? 0), 0);
  const show = (keys: string[]) => keys.map((key) => values.get(key) ?? 0).join('+');
  const left = sum(lhs);
  const right = sum(rhs);
  const ok = Math.abs(left - right) < EPSILON;
  return [{ rule, scope, ok, detail: `${show(lhs)} ${ok ? '=' : '!='} ${show(rhs)}` }];
}

const columns = T3_COLUMNS.map((column) => column.key);
const detailColumns = columns.slice(0, -1);

function outcomeRows(template: TableTemplate): string[] {
  return t3RowsFor(template)
    .map((row) => row.key)
    .filter((key) => key.startsWith('outcome.') && key !== 'outcome.total');
}

export const RULES: readonly Rule[] = [
  {
    id: 'T3-01',
    templates: ['v2021', 'v2019'],
    check: (values) =>
      columns.flatMap((col) =>
        identity(
          'T3-01',
          col,
          values,
          [t3Key('received.new', col), t3Key('received.carried_over', col)],
          [t3Key('outcome.total', col), t3Key('carried_forward', col)],
        ),
      ),
  },
  {
    id: 'T3-02',
    templates: ['v2021', 'v2019'],
    check: (values, template) =>
      t3RowsFor(template).flatMap((row) =>
        identity(
          'T3-02',
          row.key,
          values,
          [t3Key(row.key, 'applicant.total')],
          detailColumns.map((col) => t3Key(row.key, col)),
        ),
      ),
  },
  {
    id: 'T3-03',
    templates: ['v2021', 'v2019'],
    check: (values, template) =>
      columns.flatMap((col) =>
        identity(
          'T3-03',
          col,
          values,
          [t3Key('outcome.total', col)],
          outcomeRows(template).map((row) => t3Key(row, col)),
        ),
      ),
  },
  {
    // Only reports that print a 法人或其他组织小计 column (a third-party variant) have these cells.
    id: 'T3-05',
    templates: ['v2021', 'v2019'],
    check: (values, template) =>
      t3RowsFor(template)
        .filter((row) => values.has(t3Key(row.key, 'applicant.org')))
        .flatMap((row) =>
          identity(
            'T3-05',
            row.key,
            values,
            [t3Key(row.key, 'applicant.org')],
            columns.filter((col) => col.startsWith('applicant.org.')).map((col) => t3Key(row.key, col)),
          ),
        ),
  },
  ...(['review', 'litigation.direct', 'litigation.after_review'] as const).map(
    (group, i): Rule => ({
      id: `T4-0${i + 1}`,
      templates: ['v2021', 'v2019'],
      check: (values) => {
        const keys = T4_COLUMNS.filter((column) => column.key.startsWith(`${group}.`)).map((column) => t4Key(column.key));
        const total = keys.filter((key) => key.endsWith('.total'));
        const parts = keys.filter((key) => !key.endsWith('.total'));
        return identity(`T4-0${i + 1}`, group, values, total, parts);
      },
    }),
  ),
];

/** T3-06: this year's 上年结转 equals last year's 结转下年度继续办理, per column. */
export function crossYearChecks(current: CellValues, previous: CellValues): CheckResult[] {
  return columns.flatMap((col) => {
    const carriedOver = t3Key('received.carried_over', col);
    const carriedForward = t3Key('carried_forward', col);
    if (!current.has(carriedOver) || !previous.has(carriedForward)) return [];
    const now = current.get(carriedOver) ?? 0;
    const before = previous.get(carriedForward) ?? 0;
    const ok = Math.abs(now - before) < EPSILON;
    return [{ rule: 'T3-06', scope: col, ok, detail: `${now} ${ok ? '=' : '!='} ${before} (previous year's carried_forward)` }];
  });
}
