/**
 * PDF bytes → DocumentModel. Bytes in, model out; the only files read are pdfjs's own CMaps and
 * standard fonts, and, for pages without a text layer, OCR's temporary files (../ocr/).
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { GongkaiError } from '../../domain/errors.ts';
import type { DocumentModel } from '../model.ts';
import type { BlockSource } from './assemble.ts';
import { placeDoubts, type DoubtPlace } from './doubt-places.ts';
import { openDocument } from './open-document.ts';
import { readPageContent, type PageContent } from './page-content.ts';
import { layoutBlocks } from './layout-blocks.ts';
import type { OcrOptions } from '../ocr/ocr-pages.ts';
import { snapOcrLabels, type LabelFix } from '../ocr/label-snap.ts';
import { ocrImageOnlyPages, type NumberedContent, type OcrOutcome } from './scanned-pages.ts';

export interface PdfToModelOptions {
  /**
   * Refuse documents with more pages than this (E_BUDGET) before parsing any page.
   * @default Infinity
   */
  maxPages?: number;
  /** Stops extraction (E_BUDGET) when aborted; `AbortSignal.timeout(ms)` gives a deadline. */
  signal?: AbortSignal;
  /** OCR of pages without a text layer; absent or off: an image-only PDF is E_PDF_NO_TEXT */
  ocr?: OcrOptions;
}

/** A page pdfjs could not read; the other pages are still extracted. */
export interface PageError {
  page: number;
  message: string;
}

export interface PdfDocumentModel extends DocumentModel {
  format: 'pdf';
  pageCount: number;
  /** pages skipped because pdfjs failed on them (empty when every page was read) */
  pageErrors: PageError[];
  /** pages whose text was read by OCR (they had no text layer) */
  ocrPages: number[];
  /**
   * numbers on those pages that OCR read with low confidence and a second, digits-only reading
   * did not confirm (../ocr/numbers.ts): kept as first read, listed here to be checked; `place`
   * is where the word is in `blocks` (doubt-places.ts), null when it is in none
   */
  ocrDoubts: (OcrOutcome['doubts'][number] & { place: DoubtPlace | null })[];
  /** labels on those pages snapped to the template label OCR nearly read (../ocr/label-snap.ts), with the raw text */
  ocrLabelFixes: LabelFix[];
}

/** Fewer characters than this outside page furniture: a scan (E_PDF_NO_TEXT). */
const MIN_BODY_CHARACTERS = 10;
/** Pages read concurrently (see the page loop). */
const PAGES_IN_FLIGHT = 3;

function budgetError(signal: AbortSignal): GongkaiError {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
  return new GongkaiError('E_BUDGET', `PDF extraction stopped: ${reason}`, { cause: signal.reason });
}

/** Rejects as soon as the signal aborts, so a long page does not outlive the deadline. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(budgetError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(budgetError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function metadataTitle(doc: PDFDocumentProxy): Promise<string | null> {
  try {
    const { info } = await doc.getMetadata();
    const title = (info as { Title?: unknown } | null)?.Title;
    return typeof title === 'string' && title.trim() ? title.trim() : null;
  } catch {
    return null;
  }
}

export async function pdfToModel(bytes: Uint8Array, options: PdfToModelOptions = {}): Promise<PdfDocumentModel> {
  const { maxPages = Infinity, signal, ocr } = options;
  if (signal?.aborted) throw budgetError(signal);
  const { runtime, task, doc } = await raceAbort(openDocument(bytes), signal);
  try {
    const pageCount = doc.numPages;
    if (pageCount > maxPages) {
      throw new GongkaiError('E_BUDGET', `the PDF has ${pageCount} pages, more than the budget of ${maxPages}`);
    }
    const contents: NumberedContent[] = [];
    const pageErrors: PageError[] = [];
    // Pages are requested a few at a time: pdfjs inflates streams asynchronously (zlib on the
    // thread pool), and a page waiting for that leaves the thread idle unless the next page's
    // parsing can run meanwhile.
    const readPage = async (n: number): Promise<PageContent | PageError> => {
      try {
        const page = await doc.getPage(n);
        const content = await readPageContent(runtime.lib, page);
        page.cleanup();
        return content;
      } catch (error) {
        // getPage rejects with pdfjs's own errors; readPageContent wraps them in PageReadError
        return { page: n, message: error instanceof Error ? error.message : String(error) };
      }
    };
    const inFlight = new Map<number, Promise<PageContent | PageError>>();
    for (let n = 1; n <= pageCount; n++) {
      for (let ahead = n; ahead < n + PAGES_IN_FLIGHT && ahead <= pageCount; ahead++) {
        if (!inFlight.has(ahead)) inFlight.set(ahead, readPage(ahead));
      }
      const result = await raceAbort(inFlight.get(n)!, signal);
      inFlight.delete(n);
      if ('message' in result) {
        pageErrors.push(result);
        continue;
      }
      contents.push({ page: n, content: result });
    }
    if (pageErrors.length === pageCount) {
      throw new GongkaiError('E_PDF_INVALID', `pdfjs could not read any page: ${pageErrors[0]?.message}`);
    }
    const { pages: ocrPages, doubts: ocrReadDoubts } = await ocrImageOnlyPages(bytes, contents, ocr, signal);
    if (contents.every((p) => p.content.glyphs.length === 0)) {
      throw new GongkaiError('E_PDF_NO_TEXT', `OCR found no text on the ${pageCount} pages without a text layer`);
    }
    const sources: BlockSource[] = [];
    const { blocks, printedTitle: printed } = layoutBlocks(contents, sources);
    const metadata = await metadataTitle(doc);
    const title = printed ?? metadata;
    const titleCandidates = metadata && metadata !== title ? [metadata] : [];
    const ocrLabelFixes = snapOcrLabels(blocks, ocrPages);
    const ocrGlyphs = new Map(contents.filter((p) => ocrPages.includes(p.page)).map((p) => [p.page, p.content.glyphs]));
    const ocrDoubts = placeDoubts(ocrReadDoubts, blocks, sources, ocrGlyphs);
    // a scan whose only text is a page number or a stamp still has no text layer to read
    if (blocks.reduce((n, b) => n + b.cells.join('').replace(/\s+/gu, '').length, 0) < MIN_BODY_CHARACTERS) {
      throw new GongkaiError('E_PDF_NO_TEXT', `the PDF has almost no text besides page furniture on its ${pageCount} pages (scanned?)`);
    }
    return { format: 'pdf', title, titleCandidates, blocks, pageCount, pageErrors, ocrPages, ocrDoubts, ocrLabelFixes };
  } catch (error) {
    if (error instanceof GongkaiError) throw error;
    throw new GongkaiError('E_INTERNAL', `PDF layout analysis failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  } finally {
    await task.destroy().catch(() => {});
  }
}
