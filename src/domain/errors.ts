/**
 * Errors with stable codes. They cross job, worker and database boundaries, so callers
 * match on `code`, never on `instanceof`. The table of codes is documented in the README.
 */
export const ERROR_CODES = {
  E_EMPTY: 'the document has no bytes',
  E_BINARY: 'the bytes are not a text, HTML or PDF document',
  E_NOT_REPORT: 'the document is readable but is not an annual report',
  E_TRUNCATED: 'the document ends before its tables do',
  E_PDF_INVALID: 'the PDF could not be parsed',
  E_PDF_ENCRYPTED: 'the PDF is password-protected',
  E_PDF_NO_PAGES: 'the PDF has no pages',
  E_PDF_NO_TEXT: 'the PDF has no text layer (scanned) and OCR could not read it (off, not installed, or the scan too coarse)',
  E_DOCX_INVALID: 'the DOCX archive could not be read or has no document part',
  E_DOC_INVALID: 'the Word binary (.doc, WPS) file could not be read: truncated or corrupt',
  E_OFD_INVALID: 'the OFD (GB/T 33190) archive could not be read: damaged, or without a readable document or page',
  E_DOC_ENCRYPTED: 'the Word binary file, or an Office file in an encrypted container, is password-protected',
  E_OCR_FAILED: 'OCR of an image-only PDF page failed (Tesseract or a poppler tool exited with an error)',
  E_BUDGET: 'extraction exceeded its time or memory budget',
  E_UNSUPPORTED_FORMAT: 'the format is recognised but not supported yet',
  E_INTERNAL: 'an unexpected error while extracting',
  E_CONFIG: 'the configuration is invalid',
  E_USAGE: 'the command line is invalid',
  E_DB: 'the database could not be reached or refused a statement',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class GongkaiError extends Error {
  override readonly name = 'GongkaiError';
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export function errorCodeOf(error: unknown): ErrorCode {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && error.code in ERROR_CODES) {
    return error.code as ErrorCode;
  }
  return 'E_INTERNAL';
}
