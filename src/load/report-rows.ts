import { createHash } from 'node:crypto';
import type { CopyValue } from '../db/copy-text.ts';
import type { CanonicalCell, CheckResult, ExtractResult } from '../domain/types.ts';
import { type Coverage, inferCoverage } from '../warehouse/agency-identity.ts';

/**
 * The same agency is printed with stray spaces (PDF text runs, full-width 　) often enough
 * that names are compared without whitespace; Chinese agency names never need it.
 */
export function canonicalAgencyName(name: string | null | undefined): string | null {
  const canonical = name?.replace(/\s+/gu, '') ?? '';
  return canonical === '' ? null : canonical;
}

/** Report year when it is a plausible integer, else null (the report gets no identity). */
export function reportYear(result: ExtractResult): number | null {
  const year = result.report?.year;
  return typeof year === 'number' && Number.isInteger(year) && year > 1900 && year < 2200 ? year : null;
}

/** Columns of `cells` the loader writes; table/row/col keys are generated from `key`. */
export const CELL_COLUMNS = ['reportId', 'key', 'value', 'raw', 'page', 'nullReason', 'unit'] as const;

/**
 * In the extraction's (printed) order. `cells` has no primary key to keep appending to (schema
 * cells.ts), so sorting by key would only cost time; report ids ascend, which is what its BRIN
 * index needs.
 */
export function* cellRows(reportId: number, cells: readonly CanonicalCell[]): Generator<CopyValue[]> {
  for (const cell of cells) {
    yield [reportId, cell.key, cell.value, cell.raw, cell.page, cell.nullReason ?? null, cell.unit ?? null];
  }
}

export const CHECK_COLUMNS = ['reportId', 'rule', 'scope', 'detail'] as const;

/** Rows of `checks`: the failing checks only; the passing ones are the report's list (`passedCheckList`). */
export function* checkRows(reportId: number, checks: readonly CheckResult[]): Generator<CopyValue[]> {
  for (const check of checks) if (!check.ok) yield [reportId, check.rule, check.scope, check.detail];
}

/** A list of passing checks (`passed_check_lists`): `rule:scope` entries separated by spaces, under its md5. */
export interface PassedCheckList {
  key: string;
  checks: string;
}

export function passedCheckList(checks: string): PassedCheckList {
  return { key: createHash('md5').update(checks).digest('hex'), checks };
}

/** The passing checks as `rule:scope`, separated by spaces. */
export function passedChecks(checks: readonly CheckResult[]): string {
  return checks
    .filter((check) => check.ok)
    .map((check) => `${check.rule}:${check.scope}`)
    .join(' ');
}

export const REPORT_COLUMNS = [
  'id',
  'documentSha256',
  'extractorVersion',
  'agencyId',
  'year',
  'status',
  'templateDetected',
  'templateDeclared',
  'title',
  'text',
  'pageCount',
  'errorCode',
  'errorMessage',
  'supersededBy',
  'coverage',
  'coverageEvidence',
  'cellCount',
  'failingCheckCount',
  'passedCheckList',
  'publishedOn',
  'publishedBasis',
  'ocrPages',
  'ocrDoubts',
  'ocrLabelFixes',
] as const;

/** JSON text for a jsonb column, without the NULs jsonb refuses (\u0000 in OCR'd text). */
function jsonbText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? item.replaceAll('\0', '') : item));
}

/**
 * The report columns that follow from its extraction alone. The loader works them out before
 * the batch's transaction (load-report.ts prepareItems), so on PostgreSQL this JS runs while
 * the server is busy with the previous batch.
 */
export interface ReportFacts {
  /** what the numbers cover (agency alone, with the government's office, or a whole jurisdiction); null when failed */
  coverage: Coverage | null;
  /** the report's list of passing checks; null when failed */
  passedChecks: PassedCheckList | null;
  failingCheckCount: number;
}

export function reportFacts(result: ExtractResult): ReportFacts {
  // a failed report keeps nothing its extraction claimed (the claim may be what failed it)
  if (result.error) return { coverage: null, passedChecks: null, failingCheckCount: 0 };
  const meta = result.report;
  return {
    coverage: inferCoverage({ agency: meta?.agency ?? null, title: meta?.title, text: result.text }),
    passedChecks: passedCheckList(passedChecks(result.checks)),
    failingCheckCount: result.checks.filter((check) => !check.ok).length,
  };
}

export interface ReportRowInput {
  id: number;
  sha256: string;
  extractorVersion: string;
  agencyId: number | null;
  year: number | null;
  status: 'ok' | 'failed' | 'superseded';
  supersededBy: number | null;
  result: ExtractResult;
  facts: ReportFacts;
}

export function reportRow(input: ReportRowInput): CopyValue[] {
  const { result, facts } = input;
  const meta = result.report;
  const published = result.error ? null : meta?.published;
  return [
    input.id,
    input.sha256,
    input.extractorVersion,
    input.agencyId,
    input.year,
    input.status,
    meta?.template ?? null,
    meta?.templateDeclared ?? null,
    meta?.title ?? null,
    result.text ?? null,
    result.pages ?? null,
    result.error?.code ?? null,
    result.error?.message ?? null,
    input.supersededBy,
    facts.coverage?.coverage ?? null,
    facts.coverage?.evidence ?? null,
    result.error ? 0 : result.cells.length,
    facts.failingCheckCount,
    facts.passedChecks?.key ?? null,
    published?.date ?? null,
    published?.basis ?? null,
    result.ocrPages?.length ? `{${result.ocrPages.join(',')}}` : null,
    !result.error && result.ocrDoubts?.length ? jsonbText(result.ocrDoubts) : null,
    !result.error && result.ocrLabelFixes?.length ? jsonbText(result.ocrLabelFixes) : null,
  ];
}
