import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';

/**
 * A table's cell grid honouring rowspan/colspan. Each slot points at its origin cell, so a
 * row can be read either as its own cells (what the mapper aligns, spec V-08) or with the
 * labels that reach into it from a rowspan above.
 */
export interface GridCell {
  text: string;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface Grid {
  rows: (GridCell | undefined)[][];
  /** cells whose origin is in each row, left to right */
  origins: GridCell[][];
  /** cells whose rowspan reaches down into each row from a row above */
  spanning: GridCell[][];
}

const MAX_SPAN = 200;
/**
 * Slots a table may fill before further cells lose their spans (count as 1×1). Found by fuzzing:
 * 5 000 rows of rowspan=colspan=65535 cells (each capped to 200×200) filled 10^8 slots and took
 * 43 s. Real report tables fill a few hundred slots; a plain 100 000-cell table stays unclipped.
 */
const MAX_GRID_SLOTS = 2_000_000;

function span(value: string | undefined): number {
  const parsed = Number.parseInt(value ?? '1', 10);
  return Number.isFinite(parsed) && parsed > 0 ? Math.min(parsed, MAX_SPAN) : 1;
}

export function buildGrid($: CheerioAPI, table: Element, cellText: (cell: Element) => string): Grid {
  const rows: (GridCell | undefined)[][] = [];
  const origins: GridCell[][] = [];
  const spanning: GridCell[][] = [];
  let slots = 0;
  const trs = $(table).children('thead, tbody, tfoot').children('tr').add($(table).children('tr')).toArray();
  trs.forEach((tr, r) => {
    rows[r] ??= [];
    const own: GridCell[] = [];
    let col = 0;
    for (const td of $(tr).children('td, th').toArray()) {
      while (rows[r]![col]) col++;
      const cell: GridCell = {
        text: cellText(td),
        row: r,
        col,
        rowSpan: Math.min(span($(td).attr('rowspan')), trs.length - r),
        colSpan: span($(td).attr('colspan')),
      };
      if (slots + cell.rowSpan * cell.colSpan > MAX_GRID_SLOTS) cell.rowSpan = cell.colSpan = 1;
      slots += cell.rowSpan * cell.colSpan;
      for (let dr = 0; dr < cell.rowSpan; dr++) {
        rows[r + dr] ??= [];
        if (dr > 0) (spanning[r + dr] ??= []).push(cell);
        for (let dc = 0; dc < cell.colSpan; dc++) rows[r + dr]![col + dc] = cell;
      }
      own.push(cell);
      col += cell.colSpan;
    }
    origins.push(own);
  });
  return { rows, origins, spanning };
}

/** A row's cells for the mapper: label cells reaching down from rowspans above, then the row's own cells. */
export function rowCells(grid: Grid, r: number, isLabel: (text: string) => boolean): string[] {
  const own = grid.origins[r] ?? [];
  const firstOwnCol = own[0]?.col ?? Infinity;
  const row = grid.rows[r] ?? [];
  // Left to right, as a scan of the row's slots would meet them, but visiting only the cells that
  // span into the row: a scan of a wide, sparse row was quadratic on fuzzed tables. A later cell can
  // overwrite an earlier span's slots, so a cell is placed at the first slot it still holds.
  const inherited: { col: number; text: string }[] = [];
  for (const cell of grid.spanning[r] ?? []) {
    if (cell.col >= firstOwnCol) continue;
    for (let col = cell.col; col < cell.col + cell.colSpan; col++) {
      if (row[col] !== cell) continue;
      if (isLabel(cell.text)) inherited.push({ col, text: cell.text });
      break;
    }
  }
  inherited.sort((a, b) => a.col - b.col);
  return [...inherited.map((cell) => cell.text), ...own.map((cell) => cell.text)];
}
