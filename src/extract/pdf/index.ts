/**
 * PDF → DocumentModel. The only entry the rest of gongkai needs: `pdfToModel(bytes, options)`.
 * Errors are GongkaiErrors: E_PDF_INVALID, E_PDF_ENCRYPTED, E_PDF_NO_PAGES, E_PDF_NO_TEXT,
 * E_BUDGET (page budget or abort signal), E_INTERNAL (a bug in the layout analysis).
 */
export { pdfToModel, type PageError, type PdfDocumentModel, type PdfToModelOptions } from './pdf-to-model.ts';
