import type { CanonicalCell } from '../../domain/types.ts';
import { T3_COLUMNS, t3Key, t3RowsFor, type TableTemplate } from '../../domain/vocabulary.ts';
import { alignRows, type RowSpec } from './align.ts';
import type { LabelledRecord } from './records.ts';
import { balance, candidateRows, lastIsTotal, type Slot } from './split.ts';
import { slotToCell } from './cells.ts';

const GROUP_HEADERS: Record<string, string[]> = {
  'outcome.granted': ['本年度办理结果'],
  'outcome.withheld.state_secret': ['不予公开'],
  'outcome.unable.not_held': ['无法提供'],
  'outcome.not_processed.complaint': ['不予处理'],
  'outcome.other.no_correction': ['其他处理'],
};

/** Table 3 rows in printed order, with the group headers that carry no numbers. */
export function table3Specs(template: TableTemplate): RowSpec[] {
  const specs: RowSpec[] = [];
  for (const row of t3RowsFor(template)) {
    const header = GROUP_HEADERS[row.key];
    if (header) specs.push({ key: null, labels: header, cellCount: 0 });
    specs.push({ key: row.key, labels: row.labels, ordinal: row.ordinal, cellCount: T3_COLUMNS.length });
  }
  return specs;
}

const COLUMN_COUNT = T3_COLUMNS.length;
type Rows = Map<string, Slot[]>;

const value = (rows: Rows, row: string, col: number) => rows.get(row)?.[col]?.value ?? 0;

/** How many of the column identities T3-01 and T3-03 hold: used to choose among glued splits. */
function identitiesHeld(rows: Rows): number {
  let held = 0;
  const outcomeRows = [...rows.keys()].filter((key) => key.startsWith('outcome.') && key !== 'outcome.total');
  for (let col = 0; col < COLUMN_COUNT; col++) {
    const lhs = value(rows, 'received.new', col) + value(rows, 'received.carried_over', col);
    if (lhs === value(rows, 'outcome.total', col) + value(rows, 'carried_forward', col)) held++;
    const outcomes = outcomeRows.reduce((acc, key) => acc + value(rows, key, col), 0);
    if (outcomes === value(rows, 'outcome.total', col)) held++;
  }
  return held;
}

/** Chooses one split per row: unique ones first, then the choice that keeps most column identities. */
function chooseSplits(candidates: Map<string, Slot[][]>): Rows {
  const chosen: Rows = new Map();
  for (const [key, options] of candidates) {
    const best = [...options].sort((a, b) => balance(b) - balance(a))[0];
    if (best) chosen.set(key, best);
  }
  for (let pass = 0; pass < 2; pass++) {
    for (const [key, options] of candidates) {
      if (options.length < 2) continue;
      let bestScore = -Infinity;
      for (const option of options) {
        chosen.set(key, option);
        const score = identitiesHeld(chosen) * 10 + balance(option);
        if (score > bestScore) bestScore = score;
      }
      const winner = options.find((option) => {
        chosen.set(key, option);
        return identitiesHeld(chosen) * 10 + balance(option) === bestScore;
      });
      chosen.set(key, winner!);
    }
  }
  return chosen;
}

/** Index of the "法人或其他组织小计" column in an 8-column matrix: after the five organisation types. */
const ORG_SUBTOTAL_INDEX = 6;
export const ORG_SUBTOTAL_COLUMN = 'applicant.org';

/**
 * Some third-party Word templates add a 法人或其他组织小计 column (spec §4.1, T3-05). When the
 * header has it, an 8-cell row keeps the subtotal under its own key and the 7 template columns.
 */
function splitOrgSubtotal(record: LabelledRecord): { values: LabelledRecord['values']; subtotal?: LabelledRecord['values'][number] } {
  const values = [...record.values];
  while (values.length > 8 && values.at(-1)?.parsed?.nullReason === 'blank') values.pop();
  if (values.length !== 8 || !values.every((token) => token.parsed)) return { values: record.values };
  const [subtotal] = values.splice(ORG_SUBTOTAL_INDEX, 1);
  return { values, subtotal };
}

/** The table column where a candidate reading of a row starts, when the row's cells are positional. */
function columnOf(record: LabelledRecord, values: LabelledRecord['values'], option: Slot[]): number | undefined {
  if (record.firstValueColumn === undefined) return undefined;
  const offset = values.findIndex((token) => token.parsed === option[0]);
  return offset < 0 ? undefined : record.firstValueColumn + offset;
}

/**
 * Rows whose blanks leave two readings (a blank merged column before the values, or a blank
 * 总计 after them) take the one that starts in the same column as the table's unambiguous rows.
 */
function preferCommonColumn(candidates: Map<string, Slot[][]>, starts: Map<string, (option: Slot[]) => number | undefined>): void {
  const votes = new Map<number, number>();
  for (const [key, options] of candidates) {
    const column = options.length === 1 ? starts.get(key)?.(options[0]!) : undefined;
    if (column !== undefined) votes.set(column, (votes.get(column) ?? 0) + 1);
  }
  const common = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (common === undefined) return;
  for (const [key, options] of candidates) {
    if (options.length < 2) continue;
    const at = starts.get(key)!;
    candidates.set(key, [...options].sort((a, b) => Number(at(b) === common) - Number(at(a) === common)));
  }
}

export function mapTable3(records: readonly LabelledRecord[], template: TableTemplate, orgSubtotal = false): CanonicalCell[] {
  const specs = table3Specs(template);
  const alignment = alignRows(records, specs);
  const candidates = new Map<string, Slot[][]>();
  const pages = new Map<string, number | null>();
  const extra: CanonicalCell[] = [];
  const starts = new Map<string, (option: Slot[]) => number | undefined>();
  for (const { row, record } of alignment) {
    const spec = specs[row]!;
    const source = records[record]!;
    const { values, subtotal } = orgSubtotal ? splitOrgSubtotal(source) : { values: source.values };
    if (subtotal?.parsed) {
      const cell = slotToCell(t3Key(spec.key!, ORG_SUBTOTAL_COLUMN), subtotal.parsed, source.page);
      if (cell) extra.push(cell);
    }
    let options = candidateRows(values, COLUMN_COUNT, lastIsTotal);
    // A glued row that cannot satisfy its own total is still read, just without the constraint.
    if (options.length === 0) options = candidateRows(values, COLUMN_COUNT);
    if (options.length === 0) continue;
    candidates.set(spec.key!, options);
    pages.set(spec.key!, source.page);
    starts.set(spec.key!, (option) => columnOf(source, values, option));
  }
  preferCommonColumn(candidates, starts);
  const chosen = chooseSplits(candidates);
  const cells: CanonicalCell[] = [...extra];
  for (const [rowKey, slots] of chosen) {
    slots.forEach((slot, col) => {
      const cell = slotToCell(t3Key(rowKey, T3_COLUMNS[col]!.key), slot, pages.get(rowKey) ?? null);
      if (cell) cells.push(cell);
    });
  }
  return cells;
}
