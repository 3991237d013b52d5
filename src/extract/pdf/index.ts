/**
 * PDF → DocumentModel: `pdfToModel(bytes, { maxPages, signal })`.
 *
 * Errors are GongkaiErrors: E_PDF_INVALID (not a PDF, truncated, pdfjs cannot parse it or any
 * of its pages), E_PDF_ENCRYPTED (needs a password), E_PDF_NO_PAGES, E_PDF_NO_TEXT (no text
 * layer, and no OCR: off, not installed, or the scan too coarse), E_OCR_FAILED, E_BUDGET (more
 * pages than `maxPages`, `signal` aborted, or OCR over its budget), E_INTERNAL (a bug in the
 * layout analysis). A page pdfjs fails on is skipped and listed in the model's `pageErrors`.
 *
 * How (one module per step):
 * - pdfjs-runtime.ts  one pdfjs per thread (legacy build, asset paths, in-thread worker port)
 * - open-document.ts  bytes → pdfjs document, pdfjs errors → codes
 * - page-content.ts   operator list → glyphs with boxes (incl. vertical fonts) + ruling segments
 * - scanned-pages.ts  pages without a text layer → glyphs and segments from OCR (../ocr/)
 * - rules.ts          segments → merged rules → groups of crossing rules
 * - lattice.ts        rule group → grid, merged cells from missing segments, text by centre
 * - text-lines.ts     glyphs → lines, chunks, words; cell text joining
 * - furniture.ts      page numbers and running headers/footers (across pages)
 * - stream.ts         borderless tables from text alignment
 * - page-layout.ts    per page: ruled tables out, lines, then stream tables, reading order
 * - assemble.ts       pages → blocks: table numbering, tables continued over pages, title
 * - pdf-to-model.ts   the entry point: pages, budgets, errors
 */
export { pdfToModel, type PageError, type PdfDocumentModel, type PdfToModelOptions } from './pdf-to-model.ts';
