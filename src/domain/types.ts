import type { TemplateId } from './vocabulary.ts';

/** Hex sha256 of a document's bytes: the identity of a document everywhere in gongkai. */
export type Sha256 = string & { readonly __brand: 'sha256' };

/** `doc`: Word 97–2003 binary, including WPS files saved in that format. */
export type DocumentFormat = 'pdf' | 'html' | 'text' | 'markdown' | 'docx' | 'doc' | 'ofd' | 'unknown';

/** Why a cell has no numeric value. */
export type NullReason = 'blank' | 'na_marker' | 'not_printed' | 'unparsed';

export interface CanonicalCell {
  key: string;
  value: number | null;
  /** cell text as printed, whitespace-trimmed */
  raw: string;
  /** 1-based PDF page, null for other formats */
  page: number | null;
  nullReason?: NullReason;
  /** unit printed in the cell (e.g. 元), when it differs from the template's */
  unit?: string;
}

export interface ReportMeta {
  title: string | null;
  agency: string | null;
  year: number | null;
  template: TemplateId;
  /** template the text cites (国办公开办函〔2021〕30号 → v2021), which may disagree with the tables */
  templateDeclared: TemplateId | null;
  /** when the report was published, as the document tells (extract/publication-date.ts) */
  published?: PublicationDate | null;
}

/** A publication date (YYYY-MM-DD) and how the document tells it. */
export interface PublicationDate {
  date: string;
  /** a portal's meta tag, a printed 发布日期 label, a CMS article URL, or the signature (when written) */
  basis: 'meta' | 'label' | 'url' | 'signature';
}

export interface CheckResult {
  rule: string;
  scope: string;
  ok: boolean;
  detail: string;
}

export interface ExtractError {
  code: string;
  message: string;
}

/** The JSON Lines record of `gongkai extract --json` (shared/spec/extract-output.md). */
export interface ExtractResult {
  source: string;
  sha256: Sha256;
  format: DocumentFormat;
  report: ReportMeta | null;
  cells: CanonicalCell[];
  checks: CheckResult[];
  error: ExtractError | null;
  /** plain text of the report body, kept so pre-2019 reports are stored with their text */
  text?: string;
  pages?: number;
  /**
   * PDF pages read by OCR (no text layer): their cells (`page`) are OCR'd and may be misread.
   * Absent when OCR was not used. Stored as reports.ocr_pages (v_fact_cell.ocr).
   */
  ocrPages?: number[];
  /**
   * Numbers OCR read with low confidence that a second, digits-only reading did not confirm:
   * the cell keeps the first reading (`read`). One entry per canonical cell whose value came
   * from the doubted word; `key` null for a doubted number no cell took (prose, a table the
   * mapper does not read). Absent when there is none. Stored as reports.ocr_doubts
   * (v_fact_cell.ocr_doubt, v_qa_flags P-09).
   */
  ocrDoubts?: OcrDoubtNote[];
  /**
   * Labels on OCR'd pages snapped to the template label OCR nearly read (予以公开 read as
   * 子以公开): the mapper matched `label`; `raw` is what OCR read. Absent when there is none.
   * Stored as reports.ocr_label_fixes.
   */
  ocrLabelFixes?: OcrLabelFix[];
}

/** A doubtful OCR number and the cell it went into (ExtractResult.ocrDoubts). */
export interface OcrDoubtNote {
  /** canonical cell key, or null when no cell took the number */
  key: string | null;
  /** 1-based PDF page */
  page: number;
  /** the number as OCR first read it: the cell's `raw` holds this reading */
  read: string;
  /** the digits-only second reading, null when it found nothing there */
  alternative: string | null;
  /** Tesseract's confidence (0–100, one decimal) in each reading */
  confidence: number;
  alternativeConfidence: number | null;
}

/** A label OCR misread and the template label it was snapped to (ExtractResult.ocrLabelFixes). */
export interface OcrLabelFix {
  /** 1-based PDF page */
  page: number | null;
  /** the text as OCR read it */
  raw: string;
  /** the template label it was replaced by */
  label: string;
}
