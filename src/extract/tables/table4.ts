import type { CanonicalCell } from '../../domain/types.ts';
import { T4_COLUMNS, t4Key } from '../../domain/vocabulary.ts';
import type { LabelledRecord, ValueToken } from './records.ts';
import { balance, candidateRows, lastIsTotal, type Slot } from './split.ts';
import { slotToCell } from './cells.ts';

const GROUP = 5;

/** T4-01…T4-03: each group of five ends with its total. */
function groupsAddUp(row: readonly Slot[]): boolean {
  for (let start = 0; start + GROUP <= row.length; start += GROUP) {
    if (!lastIsTotal(row.slice(start, start + GROUP))) return false;
  }
  return true;
}

/**
 * Table 4 is one data row of 15 cells under three header rows; flattened copies print the
 * 15 numbers in one run (spec V-12). Values are read in the official order from the first
 * record that carries numbers.
 */
export function mapTable4(records: readonly LabelledRecord[]): CanonicalCell[] {
  const start = records.findIndex((record) => record.values.some((token) => !token.parsed || token.parsed.value !== null));
  if (start < 0) return [];
  const tokens: ValueToken[] = [];
  let page: number | null = records[start]!.page;
  for (const record of records.slice(start)) {
    if (tokens.length >= T4_COLUMNS.length && record.specific) break;
    tokens.push(...record.values);
    page ??= record.page;
  }
  let options = candidateRows(tokens, T4_COLUMNS.length, groupsAddUp);
  if (options.length === 0) options = candidateRows(tokens, T4_COLUMNS.length);
  const best = [...options].sort((a, b) => balance(b) - balance(a))[0];
  if (!best) return [];
  return best.flatMap((slot, col) => slotToCell(t4Key(T4_COLUMNS[col]!.key), slot, page) ?? []);
}
