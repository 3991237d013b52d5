import { T3_COLUMNS, type TableTemplate } from '../../domain/vocabulary.ts';
import type { Block } from '../model.ts';
import type { RowSpec } from './align.ts';
import { normalizeLabel } from './labels.ts';
import { splitRunningText } from './records.ts';
import { table3Specs } from './table3.ts';
import { applicantOf } from './transposed-table3.ts';
import { verticalTable4 } from './vertical-table4.ts';

/**
 * V-21 tables in running text: a crawler's page text flattens a transposed Table 3 into its header
 * labels, then each applicant type followed by its numbers, glued or with a space at some cell
 * boundaries (`自然人 5102 00100…`), and a vertical Table 4 into label–number pairs. Such a stretch
 * of a text block is cut out and replaced by rows in the template's orientation, as
 * transposed-table3.ts and vertical-table4.ts do for tables with real cells.
 *
 * Evidence required for Table 3: seven consecutive runs of numbers each after one applicant type
 * (all seven, each once; the runs after the first labelled by nothing else), a header before them
 * naming most template rows in template order and no applicant type of its own, and every row's
 * digits splitting into the template's row count in exactly one way under the row's arithmetic
 * (the outcomes add up to （七）总计, and 一 + 二 = 总计 + 四). A row with two readings is settled by
 * the 总计 row when it is the only such row; otherwise the text is left as it is.
 */

/** A label and the number runs after it, with their place in the text. */
interface Segment {
  /** normalised label text */
  label: string;
  /** where the label starts, its first number starts, and its last number ends */
  start: number;
  valuesAt: number;
  end: number;
  /** digit runs, each one or more glued numbers */
  tokens: string[];
}

const MAJORITY = 0.75;
/** Longest number a glued run is cut into (digits); real Table 3 values have at most six. */
const MAX_DIGITS = 7;
/** Readings kept per row, and the work one row may cost. */
const MAX_READINGS = 8;
const MAX_STEPS = 200_000;
/** Group labels a flattened applicant row may carry before its type. */
const STUB_GROUPS = /^(申请人情况)?(法人或其他组织)?/;
/** Shortest header worth reading: most of 23–25 template row labels (the shortest has four characters). */
const MIN_HEADER = 60;
/** A vertical Table 4's first item carries its group label. */
const GROUP_WORD = /行政复议|行政诉讼/;
/** Longest applicant label (法人或其他组织小计), in characters. */
const MAX_TYPE = 9;

function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  let current: Segment | undefined;
  for (const piece of splitRunningText(text)) {
    const start = at;
    at += piece.text.length;
    if (piece.isNumber) {
      if (!current) out.push((current = { label: '', start, valuesAt: start, end: at, tokens: [] }));
      if (current.tokens.length === 0) current.valuesAt = start;
      current.tokens.push(piece.text);
      current.end = at;
    } else if (piece.text.trim()) {
      out.push((current = { label: normalizeLabel(piece.text), start, valuesAt: at, end: at, tokens: [] }));
    }
  }
  return out;
}

/** The applicant type a row label names: the whole label, after the group labels it may carry. */
function applicantAt(label: string): number | 'subtotal' | undefined {
  const rest = label.replace(STUB_GROUPS, '');
  return rest.length <= MAX_TYPE ? applicantOf(rest || label) : undefined;
}

/** The applicant type the first row's label ends with, and where the type begins. */
function applicantAtEnd(label: string): { kind: number | 'subtotal'; at: number } | undefined {
  for (let length = 2; length <= MAX_TYPE && length <= label.length; length++) {
    const kind = applicantOf(label.slice(-length));
    if (kind !== undefined) return { kind, at: label.length - length };
  }
  return undefined;
}

/** Applicant types no outcome label contains (其他 and 总计 are also outcome words). */
const ONLY_APPLICANT = T3_COLUMNS.slice(0, -2).map((column) => normalizeLabel(column.labels[0]!));

/** How many template rows the header names, in order, each after the one before it, and where the first is named. */
function namedInOrder(header: string, specs: readonly RowSpec[]): { named: number; from: number } {
  let cursor = 0;
  let named = 0;
  let from = -1;
  for (const spec of specs) {
    if (spec.key === null) continue;
    for (const label of spec.labels) {
      const at = header.indexOf(normalizeLabel(label), cursor);
      if (at >= 0) {
        if (from < 0) from = at;
        cursor = at + normalizeLabel(label).length;
        named++;
        break;
      }
    }
  }
  return { named, from };
}

/**
 * Readings of a transposed row: `tokens` cut into `cells` numbers (no leading zeros), the outcomes
 * (cells 2 … cells−3) adding up to 总计 (cells−2), and 一 + 二 = 总计 + 四. Undefined when the work
 * runs out before the readings are known.
 */
export function transposedReadings(tokens: readonly string[], cells: number): number[][] | undefined {
  const digits = tokens.join('');
  if (!/^\d*$/.test(digits)) return [];
  const ends = new Set<number>();
  let at = 0;
  for (const token of tokens) ends.add((at += token.length));
  const totalAt = cells - 2;
  let steps = MAX_STEPS;
  const memo = new Map<string, number[][]>();
  const walk = (pos: number, idx: number, sides: number, sum: number): number[][] => {
    if (idx === cells) return pos === digits.length ? [[]] : [];
    const left = cells - idx;
    if (digits.length - pos < left || digits.length - pos > MAX_DIGITS * left || --steps < 0) return [];
    const key = `${pos}:${idx}:${sides}:${sum}`;
    const known = memo.get(key);
    if (known) return known;
    const out: number[][] = [];
    for (let length = 1; length <= MAX_DIGITS && pos + length <= digits.length && out.length < MAX_READINGS; length++) {
      if (length > 1 && digits[pos] === '0') break;
      const value = Number(digits.slice(pos, pos + length));
      // the outcomes add up to 总计, which is at most 一 + 二
      if (idx >= 2 && idx < totalAt && sum + value > sides) break;
      const fits = (idx !== totalAt || value === sum) && (idx !== cells - 1 || value === sides - sum);
      if (fits) {
        for (const rest of walk(pos + length, idx + 1, idx < 2 ? sides + value : sides, idx >= 2 && idx < totalAt ? sum + value : sum)) {
          out.push([value, ...rest]);
          if (out.length >= MAX_READINGS) break;
        }
      }
      // a number never runs across a space
      if (ends.has(pos + length)) break;
    }
    memo.set(key, out);
    return out;
  };
  const readings = walk(0, 0, 0, 0);
  return steps < 0 ? undefined : readings;
}

/** One reading per row, or undefined when a row has none, or more than one the 总计 row does not settle. */
function chooseReadings(readings: readonly number[][][], kinds: readonly (number | 'subtotal')[]): number[][] | undefined {
  if (readings.some((options) => options.length === 0)) return undefined;
  const open = readings.flatMap((options, i) => (options.length > 1 ? [i] : []));
  if (open.length === 0) return readings.map((options) => options[0]!);
  const total = kinds.indexOf(T3_COLUMNS.length - 1);
  if (open.length > 1 || open[0] === total || kinds.includes('subtotal')) return undefined;
  const row = open[0]!;
  const fixed = readings.map((options) => options[0]!);
  // the 总计 row is the sum of the other six, column by column
  const sumOthers = (j: number, value: number) => fixed.reduce((acc, values, i) => (i === total ? acc : acc + (i === row ? value : values[j]!)), 0);
  const fitting = readings[row]!.filter((option) => option.every((value, j) => sumOthers(j, value) === fixed[total]![j]));
  if (fitting.length !== 1) return undefined;
  fixed[row] = fitting[0]!;
  return fixed;
}

interface Found {
  start: number;
  end: number;
  rows: Block[];
}

/** The transposed Table 3 in a run of text, as rows in template orientation. */
function findTransposedTable3(list: readonly Segment[], template: TableTemplate, page: number | null): Found | undefined {
  const specs = table3Specs(template);
  const dataSpecs = specs.filter((spec) => spec.key !== null);
  const cells = dataSpecs.length;
  if (dataSpecs[0]!.key !== 'received.new' || dataSpecs.at(-2)!.key !== 'outcome.total') return undefined;
  for (let s = 0; s < list.length; s++) {
    // the first row's label holds the header, which names most template rows: a long label (a cheap
    // test first, so a page of 10^5 short label–number pairs costs no label scoring)
    if (list[s]!.tokens.length === 0 || list[s]!.label.length < MIN_HEADER) continue;
    const first = applicantAtEnd(list[s]!.label);
    if (first === undefined || list[s]!.tokens.length === 0) continue;
    const kinds: (number | 'subtotal')[] = [first.kind];
    let e = s + 1;
    while (e < list.length && list[e]!.tokens.length > 0 && kinds.length < T3_COLUMNS.length + 1) {
      const kind = applicantAt(list[e]!.label);
      if (kind === undefined || kinds.includes(kind)) break;
      kinds.push(kind);
      e++;
    }
    if (T3_COLUMNS.some((_, column) => !kinds.includes(column))) continue;
    // The header: the first row's label before its type (and group labels), naming most template
    // rows in order, and from the first of them on no applicant type of its own.
    const header = list[s]!.label.slice(0, first.at).replace(/(申请人情况)?(法人或其他组织)?$/, '');
    const { named, from } = namedInOrder(header, specs);
    if (named < MAJORITY * cells) continue;
    if (ONLY_APPLICANT.some((label) => header.includes(label, from))) continue;
    const readings = list.slice(s, e).map((segment) => transposedReadings(segment.tokens, cells));
    if (readings.some((options) => options === undefined)) return undefined;
    const chosen = chooseReadings(readings as number[][][], kinds);
    if (!chosen) return undefined;
    const order: (number | 'subtotal')[] = T3_COLUMNS.map((_, column) => column);
    if (kinds.includes('subtotal')) order.splice(T3_COLUMNS.length - 1, 0, 'subtotal');
    const byKind = new Map(kinds.map((kind, i) => [kind, chosen[i]!]));
    const at = (cellsOf: string[]): Block => ({ kind: 'row', cells: cellsOf, page });
    const rows: Block[] = [at(order.map((kind) => (kind === 'subtotal' ? '法人或其他组织小计' : T3_COLUMNS[kind]!.labels[0]!)))];
    dataSpecs.forEach((spec, j) => rows.push(at([`${spec.ordinal ?? ''}${spec.labels[0]}`, ...order.map((kind) => String(byKind.get(kind)![j]))])));
    // The header and the first type stay as text before the rows; the rows replace the numbers.
    return { start: list[s]!.valuesAt, end: list[e - 1]!.end, rows };
  }
  return undefined;
}

/** A vertical Table 4 in a run of text: fifteen consecutive label–number pairs naming its items. */
function findVerticalTable4(list: readonly Segment[], page: number | null): Found | undefined {
  const ITEMS = 15;
  for (let s = 0; s + ITEMS <= list.length; s++) {
    // the first item states its group (行政复议): a cheap test before reading a window
    if (!GROUP_WORD.test(list[s]!.label)) continue;
    const window = list.slice(s, s + ITEMS);
    if (window.some((segment) => segment.tokens.length !== 1)) continue;
    const rows = verticalTable4(window.map((segment) => ({ kind: 'row', cells: [segment.label, segment.tokens[0]!], page })));
    if (rows) return { start: window[0]!.valuesAt, end: window.at(-1)!.end, rows };
  }
  return undefined;
}

/**
 * A text block with a transposed Table 3 or a vertical Table 4 in it, as text before, the table's
 * rows in template orientation, and text after (undefined when it has neither).
 */
export function reorientText(block: Block, template: TableTemplate): Block[] | undefined {
  const text = block.cells[0] ?? '';
  const list = segments(text);
  const found = [findTransposedTable3(list, template, block.page), findVerticalTable4(list, block.page)].filter((f): f is Found => f !== undefined);
  if (found.length === 0) return undefined;
  found.sort((a, b) => a.start - b.start);
  const out: Block[] = [];
  let cursor = 0;
  for (const { start, end, rows } of found) {
    if (start < cursor) continue;
    const before = text.slice(cursor, start).trim();
    if (before) out.push({ kind: 'text', cells: [before], page: block.page });
    out.push(...rows);
    cursor = end;
  }
  const after = text.slice(cursor).trim();
  if (after) out.push({ kind: 'text', cells: [after], page: block.page });
  return out;
}
