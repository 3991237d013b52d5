import type { ExtractResult } from '../domain/types.ts';

const INT32_MAX = 2 ** 31 - 1;
const CHECK_RULE = /^[^\s:]+$/;
const CHECK_SCOPE = /^\S+$/;

/**
 * Why an extraction result cannot be stored as it is, or undefined. The extractor's output
 * crosses process and JSON boundaries, so the loader checks what the database would refuse
 * (duplicate keys, non-integer pages, missing text) and records a clear error instead of
 * letting a COPY fail with a vaguer one.
 */
export function invalidResultReason(result: ExtractResult): string | undefined {
  if (result.error) {
    return typeof result.error.code === 'string' && result.error.code !== '' ? undefined : 'an error without a code';
  }
  if (!isOptionalInt(result.pages)) return `page count ${String(result.pages)} is not an integer`;
  if (result.ocrPages !== undefined && !(Array.isArray(result.ocrPages) && result.ocrPages.every((page) => Number.isInteger(page) && page > 0 && page <= INT32_MAX))) {
    return `OCR pages ${JSON.stringify(result.ocrPages)} are not page numbers`;
  }
  const ocrNotes = invalidOcrNotes(result);
  if (ocrNotes) return ocrNotes;
  const published = result.report?.published;
  if (published && !isPublicationDate(published)) return `publication date ${JSON.stringify(published)} is not a calendar date with a known basis`;
  const keys = new Set<string>();
  for (const cell of result.cells) {
    if (typeof cell.key !== 'string' || cell.key === '') return 'a cell without a key';
    if (keys.has(cell.key)) return `cell ${cell.key} appears twice`;
    keys.add(cell.key);
    if (typeof cell.raw !== 'string') return `cell ${cell.key} has no raw text`;
    if (cell.value !== null && !Number.isFinite(cell.value)) return `cell ${cell.key} has value ${String(cell.value)}`;
    if (!isOptionalInt(cell.page)) return `cell ${cell.key} has page ${String(cell.page)}`;
  }
  const scopes = new Set<string>();
  for (const check of result.checks) {
    if (typeof check.rule !== 'string' || typeof check.scope !== 'string') return 'a check without rule or scope';
    // passed_check_lists list `rule:scope` separated by spaces; rules never hold a colon
    if (!CHECK_RULE.test(check.rule) || !CHECK_SCOPE.test(check.scope)) return `check ${JSON.stringify(check.rule)} ${JSON.stringify(check.scope)} has a malformed rule or scope`;
    const key = `${check.rule}\u0000${check.scope}`;
    if (scopes.has(key)) return `check ${check.rule} ${check.scope} appears twice`;
    scopes.add(key);
    if (typeof check.ok !== 'boolean' || typeof check.detail !== 'string') return `check ${check.rule} ${check.scope} is incomplete`;
  }
  return undefined;
}

const isPage = (page: unknown) => Number.isInteger(page) && (page as number) > 0 && (page as number) <= INT32_MAX;
const isConfidence = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;

/**
 * OCR doubts and label fixes (reports.ocr_doubts, ocr_label_fixes): their shape, and that a
 * doubt names a cell the result has (v_fact_cell finds it by key), or none.
 */
function invalidOcrNotes(result: ExtractResult): string | undefined {
  const { ocrDoubts, ocrLabelFixes } = result;
  if (ocrDoubts !== undefined) {
    if (!Array.isArray(ocrDoubts)) return 'OCR doubts are not a list';
    const keys = new Set(result.cells.map((cell) => cell.key));
    for (const doubt of ocrDoubts) {
      const shown = JSON.stringify(doubt);
      if (typeof doubt !== 'object' || doubt === null) return `OCR doubt ${shown} is not an object`;
      if (doubt.key !== null && (typeof doubt.key !== 'string' || !keys.has(doubt.key))) return `OCR doubt ${shown} names no cell of the result`;
      if (!isPage(doubt.page) || typeof doubt.read !== 'string' || !(doubt.alternative === null || typeof doubt.alternative === 'string')) {
        return `OCR doubt ${shown} lacks its page or readings`;
      }
      if (!isConfidence(doubt.confidence) || !(doubt.alternativeConfidence === null || isConfidence(doubt.alternativeConfidence))) {
        return `OCR doubt ${shown} has a confidence outside 0–100`;
      }
    }
  }
  if (ocrLabelFixes !== undefined) {
    if (!Array.isArray(ocrLabelFixes)) return 'OCR label fixes are not a list';
    for (const fix of ocrLabelFixes) {
      if (typeof fix !== 'object' || fix === null || !(fix.page === null || isPage(fix.page)) || typeof fix.raw !== 'string' || typeof fix.label !== 'string') {
        return `OCR label fix ${JSON.stringify(fix)} lacks its page, raw text or label`;
      }
    }
  }
  return undefined;
}

const PUBLICATION_BASES: readonly unknown[] = ['meta', 'label', 'url', 'signature'];

function isPublicationDate({ date, basis }: { date: unknown; basis: unknown }): boolean {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !PUBLICATION_BASES.includes(basis)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

function isOptionalInt(value: unknown): boolean {
  return value === null || value === undefined || (Number.isInteger(value) && Math.abs(value as number) <= INT32_MAX);
}
