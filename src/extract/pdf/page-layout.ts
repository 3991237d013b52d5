/**
 * One page's content → its layout items in reading order: ruled tables, borderless (stream)
 * tables and running-text lines, each with its vertical position.
 *
 * Two steps, because page furniture is only recognisable across pages: `scanPage` takes the
 * ruled tables out and groups the remaining glyphs into lines; the caller drops furniture
 * lines (furniture.ts); `layoutPage` then finds borderless tables among the rest.
 */
import type { Glyph } from './geometry.ts';
import { buildLatticeTable } from './lattice.ts';
import type { PageContent } from './page-content.ts';
import { groupRules } from './rules.ts';
import { findStreamTables } from './stream.ts';
import { buildLines, lineText, type Line } from './text-lines.ts';

export interface TableCell {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  rowSpan: number;
}

export interface TableItem {
  kind: 'table';
  /** 'lattice' tables come from ruling lines, 'stream' tables from text alignment */
  method: 'lattice' | 'stream';
  y0: number;
  y1: number;
  /** column boundaries (lattice) or column starts (stream), used to join tables over pages */
  xs: number[];
  /** the rows that hold text, each its cells left to right (a merged cell only in its first row) */
  rows: TableCell[][];
}

export interface TextItem {
  kind: 'text';
  y0: number;
  y1: number;
  size: number;
  text: string;
}

export type LayoutItem = TableItem | TextItem;

export interface PageScan {
  page: number;
  width: number;
  height: number;
  tables: TableItem[];
  /** text lines outside ruled tables, top to bottom */
  lines: Line[];
}

export interface PageLayout {
  page: number;
  width: number;
  height: number;
  items: LayoutItem[];
}

export function scanPage(page: number, content: PageContent): PageScan {
  const tables: TableItem[] = [];
  let free: readonly Glyph[] = content.glyphs;
  for (const group of groupRules(content.segments)) {
    const built = buildLatticeTable(group, free);
    if (!built) continue;
    // a single ruled box around paragraphs is a frame (around the page, a note), not a table
    const single = built.table.xs.length === 2 && built.table.ys.length === 2;
    if (single && buildLines([...built.used]).length > 2) continue;
    free = free.filter((g) => !built.used.has(g));
    const rows = built.table.rows
      .map((cells) => cells.map((c) => ({ text: c.text, rowSpan: c.rowSpan, ...c.box })))
      .filter((cells) => cells.some((c) => c.text !== ''));
    if (rows.length === 0) continue;
    tables.push({ kind: 'table', method: 'lattice', y0: built.table.box.y0, y1: built.table.box.y1, xs: built.table.xs, rows });
  }
  return { page, width: content.width, height: content.height, tables, lines: buildLines(free) };
}

export function layoutPage(scan: PageScan): PageLayout {
  const items: LayoutItem[] = [...scan.tables];
  const stream = findStreamTables(scan.lines);
  items.push(...stream.tables);
  for (const line of scan.lines) {
    if (stream.used.has(line)) continue;
    items.push({ kind: 'text', y0: line.y0, y1: line.y1, size: line.size, text: lineText(line) });
  }
  items.sort((a, b) => a.y0 - b.y0);
  return { page: scan.page, width: scan.width, height: scan.height, items };
}
