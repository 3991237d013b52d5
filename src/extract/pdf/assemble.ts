/**
 * Page layouts → the document's blocks: furniture removed, tables numbered in document order,
 * a table continued at the top of the next page keeping its number (and losing a repeated header).
 */
import type { Block } from '../model.ts';
import { findFurniture, type PlacedLine } from './furniture.ts';
import type { LayoutItem, PageLayout, PageScan, TableCell, TableItem, TextItem } from './page-layout.ts';
import { joinCellLines, lineText, type Line } from './text-lines.ts';

/** Column boundaries closer than this (pt) are the same column on two pages. */
const COLUMN_MATCH = 4;

/** Drops page numbers and running headers/footers from the scanned lines (in place). */
export function removeFurniture(pages: PageScan[]): void {
  const placed: (PlacedLine & { line: Line })[] = [];
  for (const p of pages) {
    for (const line of p.lines) placed.push({ page: p.page, y0: line.y0, y1: line.y1, pageHeight: p.height, text: lineText(line), line });
  }
  const furniture = new Set([...findFurniture(placed, pages.length)].map((l) => l.line));
  for (const p of pages) p.lines = p.lines.filter((line) => !furniture.has(line));
}

/**
 * Whether `next` (first on its page) continues `prev` (last on the previous page): ruled tables
 * need matching column boundaries; borderless ones, whose columns differ per sub-table, only
 * need to run to the bottom of one page and start at the top of the next.
 */
function continues(prev: TableItem, next: TableItem, prevPage: PageLayout, nextPage: PageLayout): boolean {
  if (prev.method !== next.method) return false;
  if (prev.method === 'stream') return prev.y1 > prevPage.height * 0.75 && next.y0 < nextPage.height * 0.25;
  const matched = next.xs.filter((x) => prev.xs.some((p) => Math.abs(p - x) <= COLUMN_MATCH)).length;
  return matched >= Math.max(2, Math.ceil(Math.min(prev.xs.length, next.xs.length) * 0.6));
}

function texts(row: readonly TableCell[]): string[] {
  return row.map((c) => c.text);
}

function sameRow(a: readonly TableCell[], b: readonly TableCell[]): boolean {
  return a.length === b.length && a.every((cell, i) => cell.text === b[i]!.text);
}

/** Number of leading rows of `next` that repeat the header rows `first` starts with. */
function repeatedHeader(first: readonly TableCell[][], next: readonly TableCell[][]): number {
  let n = 0;
  // a header row has no number-only cell; stop at the first data row
  while (n < next.length && n < first.length && sameRow(first[n]!, next[n]!) && !next[n]!.some((c) => /^\d+(\.\d+)?$/.test(c.text))) n++;
  return n;
}

interface OpenTable {
  item: TableItem;
  index: number;
  firstRows: TableCell[][];
  /** where each cell of this part was emitted, to extend merged cells cut by the page break */
  emitted: Map<TableCell, { block: Block; at: number }>;
}

/**
 * A merged cell cut by a page break continues in the first row of the next part: a cell there
 * that spans several rows and sits exactly below a cell touching the previous part's bottom.
 * Its text is appended to that cell and the continuation is dropped from the row.
 */
function mergeCutCells(prev: OpenTable, firstRow: TableCell[]): TableCell[] {
  const bottom = prev.item.y1;
  return firstRow.filter((cell) => {
    if (cell.rowSpan < 2) return true;
    for (const [above, place] of prev.emitted) {
      if (Math.abs(above.y1 - bottom) > COLUMN_MATCH) continue;
      if (Math.abs(above.x0 - cell.x0) > COLUMN_MATCH || Math.abs(above.x1 - cell.x1) > COLUMN_MATCH) continue;
      place.block.cells[place.at] = joinCellLines([place.block.cells[place.at]!, cell.text]);
      return false;
    }
    return true;
  });
}

/**
 * A single ruled box is a table only as the first row of a table continued on the next page
 * (a page break right after a table's title row); anywhere else it is a framed paragraph.
 */
export function unboxSingleCells(pages: PageLayout[]): void {
  pages.forEach((p, k) => {
    p.items = p.items.flatMap((item, position): LayoutItem[] => {
      if (item.kind !== 'table' || item.xs.length !== 2 || item.rows.length !== 1 || item.rows[0]!.length !== 1) return [item];
      const next = pages[k + 1]?.items[0];
      const last = position === p.items.length - 1;
      if (last && next?.kind === 'table' && continues(item, next, p, pages[k + 1]!)) return [item];
      const cell = item.rows[0]![0]!;
      return [{ kind: 'text', y0: cell.y0, y1: cell.y1, size: 0, text: cell.text }];
    });
  });
}

/** What a block was made of, for finding a word of the page in the blocks (doubt-places.ts). */
export type BlockSource = { kind: 'row'; cells: readonly TableCell[] } | { kind: 'text'; item: TextItem };

/** @param sources when given, filled with each block's source, index for index */
export function assembleBlocks(pages: readonly PageLayout[], sources?: BlockSource[]): Block[] {
  const blocks: Block[] = [];
  let tableCount = 0;
  let lastItem: LayoutItem | null = null;
  let open: OpenTable | null = null;
  let previousPage: PageLayout | null = null;
  for (const p of pages) {
    p.items.forEach((item, position) => {
      if (item.kind === 'text') {
        blocks.push({ kind: 'text', cells: [item.text], page: p.page });
        sources?.push({ kind: 'text', item });
        lastItem = item;
        return;
      }
      let rows = item.rows;
      if (position === 0 && open && lastItem === open.item && continues(open.item, item, previousPage!, p)) {
        rows = rows.slice(repeatedHeader(open.firstRows, rows));
        if (rows.length > 0) rows = [mergeCutCells(open, rows[0]!), ...rows.slice(1)];
        open = { item, index: open.index, firstRows: open.firstRows, emitted: new Map() };
      } else {
        open = { item, index: tableCount++, firstRows: item.rows, emitted: new Map() };
      }
      for (const row of rows) {
        if (row.every((c) => c.text === '')) continue;
        const block: Block = { kind: 'row', cells: texts(row), page: p.page, table: open.index };
        row.forEach((cell, at) => open!.emitted.set(cell, { block, at }));
        blocks.push(block);
        sources?.push({ kind: 'row', cells: row });
      }
      lastItem = item;
    });
    previousPage = p;
  }
  return blocks;
}

/**
 * The title printed at the top of page 1: the consecutive lines set in the largest type there,
 * when that type is clearly larger than the body text. Null when page 1 has no such heading.
 */
export function visualTitle(first: PageLayout | undefined): string | null {
  if (!first) return null;
  const lines: TextItem[] = [];
  for (const item of first.items) {
    if (item.kind === 'table') break;
    lines.push(item);
  }
  const top = lines.filter((l) => l.y0 < first.height * 0.45);
  if (top.length === 0) return null;
  const sizes = lines.map((l) => l.size).sort((a, b) => a - b);
  const body = sizes[sizes.length >> 1]!;
  const max = Math.max(...top.map((l) => l.size));
  if (max < body * 1.15 && lines.length > 1) return null;
  const start = top.findIndex((l) => l.size >= max - 0.5);
  const picked: string[] = [];
  for (let i = start; i < top.length && top[i]!.size >= max - 0.5; i++) picked.push(top[i]!.text);
  const title = joinCellLines(picked);
  return /\p{Script=Han}|[A-Za-z]{3}/u.test(title) ? title : null;
}
