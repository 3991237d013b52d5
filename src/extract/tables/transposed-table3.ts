import { T3_COLUMNS, type TableTemplate } from '../../domain/vocabulary.ts';
import type { Block } from '../model.ts';
import type { RowSpec } from './align.ts';
import { bestLabelScore } from './labels.ts';
import { readRow, specificOf, type TableRow } from './table-rows.ts';
import { table3Specs } from './table3.ts';

/**
 * Table 3 printed transposed (spec V-21): applicant types down the first column, outcomes across
 * the header. Such a table is turned back into the template's orientation — one row per outcome,
 * labelled by its header, with the seven applicant values in template order — so the one
 * alignment, splitting and validation read it like any other Table 3.
 *
 * A table is transposed only on clear evidence from both axes: its row labels are the template's
 * column vocabulary (all seven applicant types, each once, hardly any outcome labels), and its
 * header names most of the template's rows (and hardly any applicant types).
 */

/** A label names a vocabulary entry when it scores this well (the alignment's "good match"). */
const MATCH = 0.8;
/** Share of the data rows that must be applicant rows, and of the template rows the header must name. */
const MAJORITY = 0.75;
/** Labels of its own axis a transposed table may carry (a stray 总计 or note). */
const FEW = 1;

const ORG_SUBTOTAL = /小计$/;
/** Where the 法人或其他组织小计 column sits in the 8-column form (before 总计, as table3.ts reads it). */
const SUBTOTAL_AT = T3_COLUMNS.length - 1;

type Applicant = number | 'subtotal';

/** The template column a row label names: 自然人 → 0 … 总计 → 6; 法人或其他组织小计 → 'subtotal'. */
export function applicantOf(label: string): Applicant | undefined {
  const specific = specificOf(label);
  if (ORG_SUBTOTAL.test(specific)) return 'subtotal';
  let best: number | undefined;
  let bestScore = MATCH;
  T3_COLUMNS.forEach((column, i) => {
    const score = bestLabelScore(specific, column.labels);
    if (score >= bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

/** The template row (index into the specs, group headers included) a header label names. */
function specOf(label: string, specs: readonly RowSpec[]): number | undefined {
  const specific = specificOf(label);
  let best: number | undefined;
  let bestScore = MATCH;
  specs.forEach((spec, i) => {
    const score = bestLabelScore(specific, spec.labels);
    if (score >= bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

/** An applicant type the header prints that is no outcome label (自然人, 商业企业 …: not 其他, 总计). */
function onlyApplicant(label: string, specs: readonly RowSpec[]): boolean {
  return typeof applicantOf(label) === 'number' && specOf(label, specs) === undefined;
}

/**
 * Header labels per value column. When every row is as wide as the others (Markdown, tabs:
 * merged cells printed blank), a column's label is the deepest header cell above it that names
 * a template row. When merged cells collapsed (HTML: a row lists its own cells, plus labels
 * reaching in from the left), the header row naming most template rows gives the column order,
 * and labels only upper rows print (a rowspan to its right) are put in at their template place.
 */
function columnLabels(header: readonly TableRow[], data: readonly TableRow[], count: number, specs: readonly RowSpec[]): (string | undefined)[] | undefined {
  const isData = (label: string) => {
    const spec = specOf(label, specs);
    return spec !== undefined && specs[spec]!.key !== null ? spec : undefined;
  };
  const widths = new Set([...header, ...data].map((row) => row.block.cells.length));
  if (widths.size === 1) {
    const width = [...widths][0]!;
    return Array.from({ length: count }, (_, j) => {
      const at = width - count + j;
      for (const row of [...header].reverse()) {
        const cell = row.block.cells[at] ?? '';
        if (cell.trim() && isData(cell) !== undefined) return cell;
      }
      return undefined;
    });
  }
  const named = header.map((row) => row.labels.flatMap((label) => {
    const spec = isData(label);
    return spec === undefined ? [] : [{ label, spec }];
  }));
  const leaves = named.reduce((a, b) => (b.length > a.length ? b : a), []);
  const sequence = [...leaves];
  for (const extra of named.flat().sort((a, b) => a.spec - b.spec)) {
    if (sequence.some((entry) => entry.spec === extra.spec)) continue;
    const after = sequence.findLastIndex((entry) => entry.spec < extra.spec);
    sequence.splice(after + 1, 0, extra);
  }
  return sequence.length === count ? sequence.map((entry) => entry.label) : undefined;
}

/** Value cells of each data row, all of one count: leading blanks beyond it are merged stub cells. */
function valueGrid(data: readonly TableRow[]): string[][] | undefined {
  const counts = data.map((row) => row.values.length);
  const count = Math.min(...counts);
  if (count === 0) return undefined;
  const grid = data.map((row) => {
    const values = [...row.values];
    while (values.length > count && values[0]!.trim() === '') values.shift();
    return values;
  });
  return grid.every((values) => values.length === count) ? grid : undefined;
}

/** One printed table (or part of a split one) read as rows of a transposed Table 3. */
export interface TransposedPart {
  /** rows before the first applicant row (none for a continuation printed without its header) */
  header: readonly TableRow[];
  /** the applicant rows, in printed order, with what each names */
  rows: readonly TableRow[];
  kinds: readonly Applicant[];
  /** value cells of each applicant row, all of one count */
  grid: readonly string[][];
  /** per value column, the header label naming its template row (undefined: unnamed, or no header) */
  labels: readonly (string | undefined)[];
  /** template rows (data specs) the header names, in column order */
  named: readonly number[];
}

/**
 * A table read as (part of) a transposed Table 3, or undefined when its row labels are not the
 * template's column vocabulary: applicant types, each once, hardly any outcome labels, and a
 * header (when there is one) that names template rows and hardly any applicant types.
 */
export function readTransposedPart(blocks: readonly Block[], specs: readonly RowSpec[]): TransposedPart | undefined {
  const rows = blocks.map(readRow);
  const stub = (row: TableRow) => (row.labels.length ? applicantOf(row.labels.at(-1)!) : undefined);
  // The first data row is an applicant row with (nearly) a full row of values: a header row ends
  // in at most a few blank cells, even when its last label is 其他 or 总计.
  // (A row of blank cells, a header row whose merged cells were all printed blank, counts for nothing.)
  const widest = Math.max(...rows.filter((row) => row.block.cells.some((cell) => cell.trim())).map((row) => row.values.length));
  const first = rows.findIndex((row) => stub(row) !== undefined && row.values.length > 0 && row.values.length >= MAJORITY * widest);
  if (first < 0) return undefined;
  const header = rows.slice(0, first);
  const data = rows.slice(first).filter((row) => row.values.length > 0);

  // Row labels: the template's columns, each at most once, and hardly any of its rows.
  const applicants = data.map(stub);
  const columns = applicants.filter((a): a is number => typeof a === 'number');
  if (new Set(columns).size !== columns.length) return undefined;
  if (applicants.filter((a) => a === 'subtotal').length > 1) return undefined;
  const outcomeStubs = data.filter((row, i) => applicants[i] === undefined && row.labels.length && specOf(row.labels.at(-1)!, specs) !== undefined);
  if (applicants.filter((a) => a !== undefined).length < MAJORITY * data.length || outcomeStubs.length > FEW) return undefined;

  // Header: template rows, hardly any of its columns.
  const headerLabels = header.flatMap((row) => row.labels);
  if (headerLabels.filter((label) => onlyApplicant(label, specs)).length > FEW) return undefined;

  const applicantRows = data.filter((_, i) => applicants[i] !== undefined);
  const grid = valueGrid(applicantRows);
  if (!grid) return undefined;
  const count = grid[0]!.length;
  const labels = header.length ? columnLabels(header, applicantRows, count, specs) : Array.from({ length: count }, () => undefined);
  if (!labels) return undefined;
  const named = labels.flatMap((label) => {
    const spec = label === undefined ? undefined : specOf(label, specs);
    return spec === undefined || specs[spec]!.key === null ? [] : [spec];
  });
  return { header, rows: applicantRows, kinds: applicantRows.map((row) => stub(row)!), grid, labels, named };
}

/** The applicant kinds of a part, as a sorted key (same kinds, same key). */
const kindsKey = (kinds: readonly Applicant[]) => kinds.map(String).sort().join(',');

/** Values of a run of parts that share their columns, by applicant kind. */
interface ColumnPart {
  labels: readonly (string | undefined)[];
  named: readonly number[];
  values: Map<Applicant, readonly string[]>;
  /** printed applicant label of each kind */
  stubs: Map<Applicant, string>;
}

/**
 * Parts of one transposed Table 3 split into several printed tables, combined, or undefined when
 * they are not one table. A part continues the rows of the one before when it has no header or
 * repeats the same header (a table broken across pages): same value count, other applicant types.
 * A part continues the columns (a wide table printed as side-by-side or successive tables) when its
 * header names template rows all after the ones before it, and it lists the same applicant types.
 */
export function combineTransposedParts(parts: readonly TransposedPart[], template: TableTemplate): Block[] | undefined {
  const specs = table3Specs(template);
  if (parts.length === 0 || parts[0]!.header.length === 0) return undefined;
  const columnParts: ColumnPart[] = [];
  for (const part of parts) {
    const current = columnParts.at(-1);
    // A header printed again names the same template rows in the same columns (its text may differ: wrapped, padded).
    const repeated = current && part.named.length > 0 && part.named.length === current.named.length && part.named.every((spec, j) => spec === current.named[j]);
    if (current && (part.header.length === 0 || repeated)) {
      if (part.grid[0]!.length !== current.labels.length) return undefined;
      if (part.kinds.some((kind) => current.values.has(kind))) return undefined;
    } else {
      if (part.named.length === 0) return undefined;
      const before = columnParts.flatMap((c) => c.named);
      if (before.length && Math.min(...part.named) <= Math.max(...before)) return undefined;
      if (current && kindsKey([...current.values.keys()]) !== kindsKey(part.kinds)) return undefined;
      columnParts.push({ labels: part.labels, named: part.named, values: new Map(), stubs: new Map() });
    }
    const target = columnParts.at(-1)!;
    part.kinds.forEach((kind, i) => {
      target.values.set(kind, part.grid[i]!);
      target.stubs.set(kind, part.rows[i]!.labels.at(-1)!);
    });
  }
  // Every column part lists all seven applicant types (and the same 小计, if any).
  const kinds = [...columnParts[0]!.values.keys()];
  if (T3_COLUMNS.some((_, column) => !kinds.includes(column))) return undefined;
  if (columnParts.some((c) => kindsKey([...c.values.keys()]) !== kindsKey(kinds))) return undefined;
  const named = columnParts.flatMap((c) => c.named);
  if (new Set(named).size !== named.length) return undefined;
  const dataSpecs = specs.filter((spec) => spec.key !== null).length;
  if (named.length < MAJORITY * dataSpecs) return undefined;

  // Applicant rows in template column order, the 小计 row (if any) before 总计.
  const order: Applicant[] = T3_COLUMNS.map((_, column) => column);
  if (kinds.includes('subtotal')) order.splice(SUBTOTAL_AT, 0, 'subtotal');
  const { page, table } = parts[0]!.rows[0]!.block;
  const at = (cells: string[]): Block => ({ kind: 'row', cells, page, table });
  // The applicant labels as a header row, as the template prints them (and where a 小计 column is seen).
  const out: Block[] = [at(order.map((kind) => columnParts[0]!.stubs.get(kind)!))];
  for (const part of columnParts) {
    part.labels.forEach((label, j) => {
      // A column no header names stays unlabelled: the alignment places it by position.
      out.push(at([...(label === undefined ? [] : [label]), ...order.map((kind) => part.values.get(kind)![j]!)]));
    });
  }
  return out;
}

/** The rows of a transposed Table 3 in template orientation, or undefined when the table is not one. */
export function transposeTable3(blocks: readonly Block[], template: TableTemplate): Block[] | undefined {
  const part = readTransposedPart(blocks, table3Specs(template));
  return part && combineTransposedParts([part], template);
}
