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
}

const MAX_SPAN = 200;

function span(value: string | undefined): number {
  const parsed = Number.parseInt(value ?? '1', 10);
  return Number.isFinite(parsed) && parsed > 0 ? Math.min(parsed, MAX_SPAN) : 1;
}

export function buildGrid($: CheerioAPI, table: Element, cellText: (cell: Element) => string): Grid {
  const rows: (GridCell | undefined)[][] = [];
  const origins: GridCell[][] = [];
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
      for (let dr = 0; dr < cell.rowSpan; dr++) {
        rows[r + dr] ??= [];
        for (let dc = 0; dc < cell.colSpan; dc++) rows[r + dr]![col + dc] = cell;
      }
      own.push(cell);
      col += cell.colSpan;
    }
    origins.push(own);
  });
  return { rows, origins };
}

/** A row's cells for the mapper: label cells reaching down from rowspans above, then the row's own cells. */
export function rowCells(grid: Grid, r: number, isLabel: (text: string) => boolean): string[] {
  const own = grid.origins[r] ?? [];
  const firstOwnCol = own[0]?.col ?? Infinity;
  const inherited: string[] = [];
  const seen = new Set<GridCell>();
  for (const slot of grid.rows[r] ?? []) {
    if (!slot || slot.row === r || seen.has(slot) || slot.col >= firstOwnCol) continue;
    seen.add(slot);
    if (isLabel(slot.text)) inherited.push(slot.text);
  }
  return [...inherited, ...own.map((cell) => cell.text)];
}
