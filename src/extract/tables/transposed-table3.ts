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

/** The rows of a transposed Table 3 in template orientation, or undefined when the table is not one. */
export function transposeTable3(blocks: readonly Block[], template: TableTemplate): Block[] | undefined {
  const rows = blocks.map(readRow);
  const stub = (row: TableRow) => (row.labels.length ? applicantOf(row.labels.at(-1)!) : undefined);
  // The first data row is an applicant row with (nearly) a full row of values: a header row ends
  // in at most a few blank cells, even when its last label is 其他 or 总计.
  const widest = Math.max(...rows.map((row) => row.values.length));
  const first = rows.findIndex((row) => stub(row) !== undefined && row.values.length > 0 && row.values.length >= MAJORITY * widest);
  if (first <= 0) return undefined;
  const header = rows.slice(0, first);
  const data = rows.slice(first).filter((row) => row.values.length > 0);
  const specs = table3Specs(template);

  // Row labels: the template's columns, each once, and hardly any of its rows.
  const applicants = data.map(stub);
  const columns = applicants.filter((a): a is number => typeof a === 'number');
  if (columns.length !== T3_COLUMNS.length || new Set(columns).size !== T3_COLUMNS.length) return undefined;
  if (applicants.filter((a) => a === 'subtotal').length > 1) return undefined;
  const outcomeStubs = data.filter((row, i) => applicants[i] === undefined && row.labels.length && specOf(row.labels.at(-1)!, specs) !== undefined);
  if (applicants.filter((a) => a !== undefined).length < MAJORITY * data.length || outcomeStubs.length > FEW) return undefined;

  // Header: most of the template's rows, hardly any of its columns.
  const headerLabels = header.flatMap((row) => row.labels);
  const named = new Set(headerLabels.map((label) => specOf(label, specs)).filter((i) => i !== undefined && specs[i]!.key !== null));
  const dataSpecs = specs.filter((spec) => spec.key !== null).length;
  if (named.size < MAJORITY * dataSpecs || headerLabels.filter((label) => onlyApplicant(label, specs)).length > FEW) return undefined;

  const applicantRows = data.filter((_, i) => applicants[i] !== undefined);
  const grid = valueGrid(applicantRows);
  if (!grid) return undefined;
  const count = grid[0]!.length;
  const labels = columnLabels(header, applicantRows, count, specs);
  if (!labels) return undefined;

  // Applicant rows in template column order, the 小计 row (if any) before 总计.
  const kinds = applicantRows.map(stub);
  const order = T3_COLUMNS.map((_, column) => kinds.indexOf(column));
  if (kinds.includes('subtotal')) order.splice(SUBTOTAL_AT, 0, kinds.indexOf('subtotal'));
  const { page, table } = blocks[0]!;
  const at = (cells: string[]): Block => ({ kind: 'row', cells, page, table });
  // The applicant labels as a header row, as the template prints them (and where a 小计 column is seen).
  const out: Block[] = [at(order.map((i) => applicantRows[i]!.labels.at(-1)!))];
  for (let j = 0; j < count; j++) {
    const label = labels[j];
    // A column no header names stays unlabelled: the alignment places it by position.
    out.push(at([...(label === undefined ? [] : [label]), ...order.map((i) => grid[i]![j]!)]));
  }
  return out;
}
