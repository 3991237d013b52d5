import { GongkaiError } from '../../domain/errors.ts';
import type { Paragraph } from './paragraphs.ts';

/**
 * Paragraphs → the document's tree of paragraphs and tables. In a Word binary a table is not
 * delimited: its paragraphs carry a depth, a depth-1 cell ends with U+0007 and its row with one
 * more U+0007 whose properties mark it as a row end; nested cells and rows end with paragraph
 * marks flagged as such (MS-DOC 2.4.3). Pages saved from the web often nest the report's tables
 * in a layout table, so nesting is kept for the caller to read through.
 */
export type Item = { kind: 'paragraph'; text: string } | { kind: 'table'; rows: Row[] };

export interface Row {
  /** each cell's content in order */
  cells: Item[][];
  /** per cell: the cell continues a merge (from the row mark's properties) */
  mergedAway: boolean[];
}

/** Reports nest tables a level or two deep; a depth past this is corrupt data, and would open that many tables. */
const MAX_DEPTH = 64;

interface OpenTable {
  rows: Row[];
  cells: Item[][];
  content: Item[];
}

export function nestTables(paragraphs: readonly Paragraph[]): Item[] {
  const document: Item[] = [];
  const open: OpenTable[] = [];
  const contentAt = (depth: number) => (depth === 0 ? document : open[depth - 1]!.content);
  const close = () => {
    const table = open.pop()!;
    // A table cut short (no final row mark) keeps what it has.
    if (table.content.length > 0) table.cells.push(table.content);
    if (table.cells.length > 0) table.rows.push({ cells: table.cells, mergedAway: [] });
    contentAt(open.length).push({ kind: 'table', rows: table.rows });
  };

  for (const paragraph of paragraphs) {
    const { depth, rowEnd, innerCellEnd, mergedAway } = paragraph.props;
    if (depth > MAX_DEPTH) throw new GongkaiError('E_DOC_INVALID', `a paragraph is nested ${depth} tables deep: the file is corrupt`);
    while (open.length > depth) close();
    while (open.length < depth) open.push({ rows: [], cells: [], content: [] });
    if (depth === 0) {
      document.push({ kind: 'paragraph', text: paragraph.text });
      continue;
    }
    const table = open[depth - 1]!;
    if (rowEnd && (depth > 1 || paragraph.cellMark)) {
      table.rows.push({ cells: table.cells, mergedAway });
      table.cells = [];
      table.content = [];
      continue;
    }
    table.content.push({ kind: 'paragraph', text: paragraph.text });
    if (depth === 1 ? paragraph.cellMark : innerCellEnd) {
      table.cells.push(table.content);
      table.content = [];
    }
  }
  while (open.length > 0) close();
  return document;
}
