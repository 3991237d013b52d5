import type { TableTemplate } from '../../domain/vocabulary.ts';
import type { Block } from '../model.ts';
import { tableGroups } from './table-rows.ts';
import { table3Specs } from './table3.ts';
import { combineTransposedParts, readTransposedPart, type TransposedPart } from './transposed-table3.ts';
import { reorientText } from './transposed-text.ts';
import { parseValue } from './values.ts';
import { verticalTable4 } from './vertical-table4.ts';

/**
 * Tables printed in another orientation than the template's (spec V-21: Table 3 transposed,
 * Table 4 vertical) are turned into the template's orientation before anything reads them, so
 * the rest of the mapper — regions, alignment, splitting, validation — is the same for every
 * layout. A table that is not clearly in another orientation is left exactly as it is.
 *
 * A transposed Table 3 is wide (some 25 outcome columns), so it is often printed in pieces: its
 * rows broken across pages, or its columns spread over two or three tables printed one after the
 * other (each with the applicant types down its first column). Consecutive tables with little
 * between them are read together when each is a part of a transposed Table 3 and together they
 * are one (transposed-table3.ts, combineTransposedParts).
 */

/**
 * Only tables of a plausible size are looked at: a transposed Table 3 has about ten rows of
 * about thirty cells, a vertical Table 4 about twenty rows. Keeps the look cheap on fuzzed
 * tables of 10^5 rows or cells.
 */
const MAX_ROWS = 48;
const MAX_CELLS = 96;
/** At most this many printed tables make one transposed Table 3. */
const MAX_PARTS = 4;
/** What may stand between two parts of one table: a few short lines (a page number, 续表, a caption). */
const MAX_GAP_BLOCKS = 4;
const MAX_GAP_CHARS = 40;

const isNumber = (cell: string) => parseValue(cell)?.value != null;
const plausible = (rows: readonly Block[]) => rows.length <= MAX_ROWS && rows.every((row) => row.cells.length <= MAX_CELLS);

/** Whether only a few short text lines stand between two tables (and no other table's rows). */
function adjacent(blocks: readonly Block[], before: readonly number[], after: readonly number[]): boolean {
  const from = before.at(-1)! + 1;
  const to = after[0]!;
  if (to < from || to - from > MAX_GAP_BLOCKS) return false;
  return blocks.slice(from, to).every((block) => block.kind === 'text' && block.cells.join('').trim().length <= MAX_GAP_CHARS);
}

export function orientTables(blocks: readonly Block[], template: TableTemplate): readonly Block[] {
  return orientRows(orientText(blocks, template), template);
}

/** Text blocks (a crawler's flattened page) holding a V-21 table, split around its rows in template orientation. */
function orientText(blocks: readonly Block[], template: TableTemplate): readonly Block[] {
  let changed = false;
  const out = blocks.flatMap((block) => {
    const rows = block.kind === 'text' ? reorientText(block, template) : undefined;
    if (rows) changed = true;
    return rows ?? [block];
  });
  return changed ? out : blocks;
}

function orientRows(blocks: readonly Block[], template: TableTemplate): readonly Block[] {
  const replaced = new Map<number, Block[]>();
  const dropped = new Set<number>();
  const groups = tableGroups(blocks);
  const specs = table3Specs(template);
  const parts = new Map<number, TransposedPart | undefined>();
  const partOf = (g: number) => {
    if (!parts.has(g)) {
      const rows = groups[g]!.map((i) => blocks[i]!);
      parts.set(g, plausible(rows) ? readTransposedPart(rows, specs) : undefined);
    }
    return parts.get(g);
  };
  for (let g = 0; g < groups.length; g++) {
    const rows = groups[g]!.map((i) => blocks[i]!);
    if (!plausible(rows)) continue;
    // The longest run of consecutive parts that makes one transposed Table 3, else the table alone.
    // The first part may itself be two printed tables: a page break inside the header, or right
    // after it, leaves header rows without applicant rows on one page.
    let run = 0;
    let out: Block[] | undefined;
    const linked = (n: number) => n < 2 || adjacent(blocks, groups[g + n - 2]!, groups[g + n - 1]!);
    for (const head of [1, 2]) {
      if (out || g + head > groups.length || !linked(head)) break;
      // (only when the first table holds no number: header rows alone)
      if (head === 2 && rows.some((row) => row.cells.some((cell) => isNumber(cell)))) break;
      const firstRows = groups.slice(g, g + head).flat().map((i) => blocks[i]!);
      const first = head === 1 ? partOf(g) : plausible(firstRows) ? readTransposedPart(firstRows, specs) : undefined;
      if (!first) continue;
      for (let n = head; n <= MAX_PARTS && g + n <= groups.length; n++) {
        if (n > head && !linked(n)) break;
        const rest = Array.from({ length: n - head }, (_, k) => partOf(g + head + k));
        if (rest.some((part) => !part)) break;
        const combined = combineTransposedParts([first, ...(rest as TransposedPart[])], template);
        if (combined) [run, out] = [n, combined];
      }
    }
    if (!out) {
      out = verticalTable4(rows);
      run = out ? 1 : 0;
    }
    if (!out) continue;
    const members = groups.slice(g, g + run).flat();
    replaced.set(members[0]!, out);
    for (const i of members.slice(1)) dropped.add(i);
    g += run - 1;
  }
  if (replaced.size === 0) return blocks;
  return blocks.flatMap((block, i) => replaced.get(i) ?? (dropped.has(i) ? [] : [block]));
}
