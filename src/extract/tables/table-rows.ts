import type { Block } from '../model.ts';
import { normalizeLabel, specificLabel } from './labels.ts';
import { isValueText } from './values.ts';

/**
 * The printed tables of a document as groups of row blocks, and a row read as the table reader
 * sees it: label cells, then the value cells after the last label (a label cell restarts the
 * values, as in records.ts). Used to look at a whole table before its rows become records.
 */
export interface TableRow {
  block: Block;
  /** non-empty label cells, as printed */
  labels: string[];
  /** cells after the last label cell ('' is a blank value) */
  values: string[];
}

const isLabel = (cell: string) => cell.trim() !== '' && !isValueText(cell);

export function readRow(block: Block): TableRow {
  const labels: string[] = [];
  let values: string[] = [];
  for (const cell of block.cells) {
    if (isLabel(cell)) {
      labels.push(cell);
      values = [];
    } else values.push(cell);
  }
  return { block, labels, values };
}

/** The label after its last ordinal, normalised: "（三）不予公开 1.属于国家秘密" → "属于国家秘密". */
export function specificOf(label: string): string {
  return specificLabel(normalizeLabel(label)).label;
}

/**
 * Indexes of the row blocks of each printed table: by the adapter's table index, or (without
 * one) by runs of consecutive rows. A table split by page furniture keeps its index.
 */
export function tableGroups(blocks: readonly Block[]): number[][] {
  const byIndex = new Map<number, number[]>();
  const groups: number[][] = [];
  let run: number[] | undefined;
  blocks.forEach((block, i) => {
    if (block.kind !== 'row') {
      run = undefined;
      return;
    }
    if (block.table === undefined) {
      if (!run) groups.push((run = []));
      run.push(i);
      return;
    }
    run = undefined;
    let group = byIndex.get(block.table);
    if (!group) {
      byIndex.set(block.table, (group = []));
      groups.push(group);
    }
    group.push(i);
  });
  return groups;
}
