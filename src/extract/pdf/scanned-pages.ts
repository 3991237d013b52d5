/**
 * Pages without a text layer (scans, photos of printouts) get the text OCR reads on them, when
 * OCR is on and its tools are installed. A document with no text layer at all and no OCR stays
 * E_PDF_NO_TEXT, saying why.
 */
import { GongkaiError } from '../../domain/errors.ts';
import type { OcrDoubt } from '../ocr/numbers.ts';
import { ocrPages, ocrToolsInstalled, type OcrOptions } from '../ocr/ocr-pages.ts';
import type { PageContent } from './page-content.ts';

export interface NumberedContent {
  page: number;
  content: PageContent;
}

function noText(pageCount: number, why: string): GongkaiError {
  return new GongkaiError('E_PDF_NO_TEXT', `the PDF has no text layer on any of its ${pageCount} pages (scanned?), and ${why}`);
}

export interface OcrOutcome {
  /** the pages read by OCR */
  pages: number[];
  /** numbers OCR could not read with confidence, each with its page */
  doubts: (OcrDoubt & { page: number })[];
}

/**
 * Fills in the glyphs of image-only pages from OCR (in place) and returns their numbers.
 * A document with some text pages is still read without OCR when OCR is unavailable.
 */
export async function ocrImageOnlyPages(
  bytes: Uint8Array,
  pages: readonly NumberedContent[],
  ocr: OcrOptions | undefined,
  signal: AbortSignal | undefined,
): Promise<OcrOutcome> {
  const none: OcrOutcome = { pages: [], doubts: [] };
  const images = pages.filter((p) => p.content.glyphs.length === 0);
  if (images.length === 0) return none;
  const textless = images.length === pages.length;
  if (!ocr?.enabled) {
    if (textless) throw noText(pages.length, 'OCR is off (GONGKAI_OCR)');
    return none;
  }
  const deadline = AbortSignal.timeout(ocr.timeoutMs);
  const budget = signal ? AbortSignal.any([signal, deadline]) : deadline;
  try {
    if (!(await ocrToolsInstalled(budget))) {
      if (textless) throw noText(pages.length, 'the OCR tools are not installed (tesseract with chi_sim; pdftoppm and pdfimages from poppler-utils)');
      return none;
    }
    ocr.onStart?.();
    const { read, skipped } = await ocrPages(
      bytes,
      images.map((p) => ({ page: p.page, width: p.content.width })),
      budget,
    );
    if (textless && read.size === 0) {
      throw noText(pages.length, `no page could be OCR'd: ${skipped.map((s) => `page ${s.page}: ${s.reason}`).join('; ')}`);
    }
    const doubts: OcrOutcome['doubts'] = [];
    for (const p of images) {
      const page = read.get(p.page);
      if (!page) continue;
      p.content.glyphs = page.glyphs;
      p.content.segments = page.segments;
      doubts.push(...page.doubts.map((d) => ({ ...d, page: p.page })));
    }
    return { pages: [...read.keys()], doubts };
  } catch (error) {
    if (!budget.aborted || error instanceof GongkaiError) throw error;
    const why = deadline.aborted ? `OCR took longer than its budget of ${ocr.timeoutMs} ms` : String(signal?.reason ?? 'aborted');
    throw new GongkaiError('E_BUDGET', `PDF extraction stopped: ${why}`, { cause: error });
  }
}
