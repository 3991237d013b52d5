import { sha256Hex } from '../domain/sha256.ts';
import { GongkaiError, errorCodeOf } from '../domain/errors.ts';
import type { CanonicalCell, DocumentFormat, ExtractResult, OcrDoubtNote, OcrLabelFix, ReportMeta } from '../domain/types.ts';
import type { TableTemplate } from '../domain/vocabulary.ts';
import { validateReport } from '../validate/validate.ts';
import { decodeBody } from '../encoding/charset.ts';
import { docToModel } from './doc/doc-model.ts';
import { docxToModel } from './docx/docx-model.ts';
import { htmlToModel, looksTruncated } from './html/html-model.ts';
import { ofdToModel } from './ofd/ofd-model.ts';
import { modelText, type DocumentModel } from './model.ts';
import { publicationDate } from './publication-date.ts';
import { DEFAULT_OCR, type OcrOptions } from './ocr/ocr-pages.ts';
import { doubtKeys, type PlacedDoubt } from './ocr/doubt-keys.ts';
import type { LabelFix } from './ocr/label-snap.ts';
import { findReportTitle, parseReportTitle } from './report-meta.ts';
import { sniffFormat } from './sniff.ts';
import { mapTables } from './tables/map-tables.ts';
import { declaredTemplate, detectTemplate } from './template-detect.ts';
import { textToModel } from './text/text-model.ts';

/** Bumped whenever extraction output can change, so stored reports can be re-extracted. */
export const EXTRACTOR_VERSION = '0.2.0';

export interface ExtractOptions {
  /** path or URL as given; also a hint for the format (file extension) */
  source: string;
  /** media type or charset from the transport, when known */
  contentType?: string;
  /** PDFs (and OFDs) with more pages are rejected (E_BUDGET) */
  maxPdfPages?: number;
  /** turns a PDF into a document model; defaults to the pdfjs adapter in ./pdf */
  pdfToModel?: (bytes: Uint8Array) => Promise<DocumentModel>;
  /** OCR of image-only PDF pages (config `ocr`, `ocrTimeoutMs`) @default on, 300 s per document */
  ocr?: OcrOptions;
}

async function toModel(bytes: Uint8Array, options: ExtractOptions): Promise<DocumentModel> {
  const hint = `${options.source} ${options.contentType ?? ''}`;
  const format = sniffFormat(bytes, hint);
  // An error page saved or served under a PDF name is a failed PDF download, not a report page.
  if (format !== 'pdf' && format !== 'empty' && /\.pdf(\s|$)|application\/pdf/i.test(hint)) {
    throw new GongkaiError('E_PDF_INVALID', `named or served as a PDF, but the bytes are ${format} (no %PDF header)`);
  }
  switch (format) {
    case 'empty':
      throw new GongkaiError('E_EMPTY', 'the document is empty (0 bytes)');
    case 'binary':
      throw new GongkaiError('E_BINARY', 'the document is binary data, not text, HTML or PDF');
    case 'docx':
      return docxToModel(bytes);
    case 'doc':
      return docToModel(bytes);
    case 'ofd':
      return ofdToModel(bytes, { maxPages: options.maxPdfPages });
    case 'unknown':
      throw new GongkaiError('E_UNSUPPORTED_FORMAT', `${format} documents are not supported yet`);
    case 'pdf': {
      if (options.pdfToModel) return options.pdfToModel(bytes);
      // Loaded on first use: pdfjs costs ~0.5 s to load and most documents are HTML.
      const { pdfToModel } = await import('./pdf/pdf-to-model.ts');
      return pdfToModel(bytes, { maxPages: options.maxPdfPages, ocr: options.ocr ?? DEFAULT_OCR });
    }
    case 'html': {
      const { text } = decodeBody(bytes, options.contentType ?? null);
      if (looksTruncated(text)) {
        throw new GongkaiError('E_TRUNCATED', 'the HTML ends inside a table: the page was cut off while downloading or saving');
      }
      return htmlToModel(text);
    }
    default:
      return textToModel(decodeBody(bytes, options.contentType ?? null).text, format);
  }
}

/** The page as published (markup or plain text), where the format has one: dates sit outside the report's text. */
function pageText(bytes: Uint8Array, format: DocumentFormat, options: ExtractOptions): string | undefined {
  return format === 'html' || format === 'text' || format === 'markdown' ? decodeBody(bytes, options.contentType ?? null).text : undefined;
}

function reportMeta(model: DocumentModel, text: string, page: { bytes: Uint8Array; options: ExtractOptions }): ReportMeta {
  const candidates = [model.title, ...(model.titleCandidates ?? [])].filter((title): title is string => Boolean(title));
  const bodyLines = model.blocks.filter((block) => block.kind === 'text').map((block) => block.cells[0]!);
  const info = findReportTitle(candidates, bodyLines);
  const year = info?.year ?? null;
  return {
    title: info?.title ?? model.title,
    agency: info?.agency ?? null,
    year,
    template: detectTemplate(text, year),
    templateDeclared: declaredTemplate(text),
    published: publicationDate({ text, page: pageText(page.bytes, model.format, page.options), source: page.options.source, reportYear: year }),
  };
}

/** A column (listing) page: its lines are the titles of several years' reports. */
function isListing(model: DocumentModel): boolean {
  const years = new Set<number>();
  for (const block of model.blocks) {
    if (block.kind !== 'text') continue;
    const info = parseReportTitle(block.cells[0]!);
    if (info) years.add(info.year);
  }
  return years.size >= 3;
}

/** What the PDF adapter (pdf/pdf-to-model.ts) adds to the model about OCR'd pages; absent for other models. */
interface OcrNotes {
  ocrDoubts?: PlacedDoubt[];
  ocrLabelFixes?: LabelFix[];
}

/** The model's OCR doubts with the cells they went into, and its label fixes, as the result carries them (absent when none). */
function ocrNotes(model: DocumentModel & OcrNotes, cells: CanonicalCell[], template: TableTemplate | null): Pick<ExtractResult, 'ocrDoubts' | 'ocrLabelFixes'> {
  const out: { ocrDoubts?: OcrDoubtNote[]; ocrLabelFixes?: OcrLabelFix[] } = {};
  if (model.ocrDoubts?.length) {
    out.ocrDoubts = doubtKeys(model.blocks, template ? cells : [], model.ocrDoubts, (blocks) => (template ? mapTables(blocks, template) : []));
  }
  if (model.ocrLabelFixes?.length) out.ocrLabelFixes = model.ocrLabelFixes.map((fix) => ({ page: fix.page, raw: fix.raw, label: fix.text }));
  return out;
}

/** Bytes in, extraction result out: never throws; a document that cannot be read carries an `error`. */
export async function extractDocument(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractResult> {
  const base = { source: options.source, sha256: sha256Hex(bytes) };
  let format: DocumentFormat = 'unknown';
  try {
    const model = await toModel(bytes, options);
    format = model.format;
    const text = modelText(model);
    const report = reportMeta(model, text, { bytes, options });
    if (report.template === 'unknown' && !report.year) {
      throw new GongkaiError('E_NOT_REPORT', 'no annual-report title or report tables were found in the document');
    }
    if (report.template !== 'v2021' && report.template !== 'v2019' && isListing(model)) {
      throw new GongkaiError('E_NOT_REPORT', 'the page lists several annual reports (a column page), it is not a report itself');
    }
    const template = report.template === 'v2021' || report.template === 'v2019' ? report.template : null;
    const cells = template ? mapTables(model.blocks, template) : [];
    const checks = validateReport(cells, report.template);
    return {
      ...base,
      format,
      report,
      cells,
      checks,
      error: null,
      text,
      ...(model.pageCount ? { pages: model.pageCount } : {}),
      ...(model.ocrPages?.length ? { ocrPages: model.ocrPages } : {}),
      ...ocrNotes(model, cells, template),
    };
  } catch (error) {
    const code = errorCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, format, report: null, cells: [], checks: [], error: { code, message } };
  }
}
