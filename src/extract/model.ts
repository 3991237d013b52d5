import type { DocumentFormat } from '../domain/types.ts';

/**
 * The document model every format adapter (text, Markdown, HTML, PDF) produces and the one
 * table mapper (`extract/tables/`) consumes. Adapters only decide where text and cells are;
 * only the mapper knows labels and keys.
 */
export interface Block {
  /**
   * `row`: a table row whose cell boundaries are real (HTML <td>, Markdown |, tab-separated
   * text, a reconstructed PDF grid row). `text`: a line or paragraph of running text, whose
   * numbers may be glued to each other or to labels.
   */
  kind: 'row' | 'text';
  /** one entry per cell for `row` (a blank cell is ''), exactly one entry for `text` */
  cells: string[];
  /** 1-based PDF page; null for formats without pages */
  page: number | null;
  /** index of the table a `row` belongs to, counting tables in document order */
  table?: number;
}

export interface DocumentModel {
  format: DocumentFormat;
  /** the document's own title (HTML <title>/ArticleTitle, a text header line, PDF metadata) */
  title: string | null;
  /** further title-like strings in order of trust (page <title>, headings), for agency/year detection */
  titleCandidates?: string[];
  /** body in reading order */
  blocks: Block[];
  pageCount?: number;
  /** PDF pages whose text was read by OCR (image-only pages) */
  ocrPages?: number[];
}

/** Plain text of a model: cells joined by tabs, blocks by newlines. */
export function modelText(model: DocumentModel): string {
  return model.blocks.map((block) => block.cells.join('\t')).join('\n');
}
