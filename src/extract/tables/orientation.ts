import type { TableTemplate } from '../../domain/vocabulary.ts';
import type { Block } from '../model.ts';
import { tableGroups } from './table-rows.ts';
import { transposeTable3 } from './transposed-table3.ts';
import { verticalTable4 } from './vertical-table4.ts';

/**
 * Tables printed in another orientation than the template's (spec V-21: Table 3 transposed,
 * Table 4 vertical) are turned into the template's orientation before anything reads them, so
 * the rest of the mapper — regions, alignment, splitting, validation — is the same for every
 * layout. A table that is not clearly in another orientation is left exactly as it is.
 */

/**
 * Only tables of a plausible size are looked at: a transposed Table 3 has about ten rows of
 * about thirty cells, a vertical Table 4 about twenty rows. Keeps the look cheap on fuzzed
 * tables of 10^5 rows or cells.
 */
const MAX_ROWS = 48;
const MAX_CELLS = 96;

function reoriented(rows: readonly Block[], template: TableTemplate): Block[] | undefined {
  if (rows.length > MAX_ROWS || rows.some((row) => row.cells.length > MAX_CELLS)) return undefined;
  return transposeTable3(rows, template) ?? verticalTable4(rows);
}

export function orientTables(blocks: readonly Block[], template: TableTemplate): readonly Block[] {
  const replaced = new Map<number, Block[]>();
  const dropped = new Set<number>();
  for (const group of tableGroups(blocks)) {
    const rows = reoriented(group.map((i) => blocks[i]!), template);
    if (!rows) continue;
    replaced.set(group[0]!, rows);
    for (const i of group.slice(1)) dropped.add(i);
  }
  if (replaced.size === 0) return blocks;
  return blocks.flatMap((block, i) => replaced.get(i) ?? (dropped.has(i) ? [] : [block]));
}
