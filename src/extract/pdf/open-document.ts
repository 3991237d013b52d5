/**
 * Bytes → an open pdfjs document, with pdfjs's failures translated into GongkaiError codes.
 */
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { GongkaiError } from '../../domain/errors.ts';
import { documentParams, loadPdfjs, type PdfjsRuntime } from './pdfjs-runtime.ts';

export interface OpenDocument {
  runtime: PdfjsRuntime;
  task: PDFDocumentLoadingTask;
  doc: PDFDocumentProxy;
}

/** The PDF header may follow up to 1 KiB of junk (pdfjs and Acrobat accept that). */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

export async function openDocument(bytes: Uint8Array): Promise<OpenDocument> {
  if (bytes.byteLength === 0) throw new GongkaiError('E_PDF_INVALID', 'the PDF is empty (0 bytes)');
  if (!hasPdfHeader(bytes)) throw new GongkaiError('E_PDF_INVALID', 'not a PDF: no %PDF- header in the first 1 KiB');
  const runtime = await loadPdfjs();
  // pdfjs transfers (detaches) the buffer it is given: hand it a copy, never the caller's bytes
  // (`new Uint8Array(x)` copies, and also turns a Node Buffer, which pdfjs refuses, into a plain array).
  const task = runtime.lib.getDocument(documentParams(runtime, new Uint8Array(bytes)));
  try {
    const doc = await task.promise;
    if (doc.numPages < 1) throw new GongkaiError('E_PDF_NO_PAGES', 'the PDF has no pages');
    return { runtime, task, doc };
  } catch (error) {
    await task.destroy().catch(() => {});
    throw translatePdfjsError(error);
  }
}

/** Maps an error thrown by pdfjs (matched by its `name`, which survives pdfjs's messaging). */
export function translatePdfjsError(error: unknown): GongkaiError {
  if (error instanceof GongkaiError) return error;
  const name = error && typeof error === 'object' && 'name' in error ? String(error.name) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new GongkaiError('E_PDF_ENCRYPTED', `the PDF is password-protected: ${message}`, { cause: error });
  }
  if (/no pages|page count|Invalid page count/i.test(message)) {
    return new GongkaiError('E_PDF_NO_PAGES', `the PDF has no pages: ${message}`, { cause: error });
  }
  return new GongkaiError('E_PDF_INVALID', `pdfjs could not parse the PDF: ${name ? `${name}: ` : ''}${message}`, {
    cause: error,
  });
}
