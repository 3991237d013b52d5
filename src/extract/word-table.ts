import type { Block } from './model.ts';

/**
 * Blocks of a Word document, shared by the DOCX and the binary .doc readers so both give the
 * mapper the same rows for the same table.
 */
export interface WordCell {
  text: string;
  /**
   * The cell continues a merge (DOCX w:vMerge without "restart"; .doc vertical-merge or old-style
   * horizontal-merge flags): Word hides it under the merge's first cell, so like an HTML rowspan
   * it is left out of its row.
   */
  mergedAway: boolean;
}

/** A table's rows as `row` blocks; rows with no text are dropped. */
export function tableBlocks(rows: readonly (readonly WordCell[])[], table: number): Block[] {
  return rows
    .map((cells): Block => ({ kind: 'row', cells: cells.filter((cell) => !cell.mergedAway).map((cell) => cell.text), page: null, table }))
    .filter((block) => block.cells.some((cell) => cell.trim() !== ''));
}

/** A paragraph outside tables as a `text` block (tabs become spaces), or null when it is blank. */
export function paragraphBlock(text: string): Block | null {
  const line = text.replace(/\t/g, ' ').trim();
  return line ? { kind: 'text', cells: [line], page: null } : null;
}
