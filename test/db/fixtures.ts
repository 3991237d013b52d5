import { sha256Hex } from '../../src/domain/sha256.ts';
import type { CanonicalCell, CheckResult, ExtractError, ExtractResult, PublicationDate } from '../../src/domain/types.ts';

/** Distinct bytes per label; the loader only hashes and stores them. */
export function documentBytes(label: string): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.7 fake document ${label}`);
}

export const SAMPLE_CELLS: CanonicalCell[] = [
  { key: 't3:received.new:applicant.natural_person', value: 12, raw: '12', page: 3 },
  { key: 't3:carried_forward:applicant.total', value: 2, raw: '2', page: 3 },
  { key: 't2.a20_8:admin_fee:amount_wan', value: 562.0678, raw: '562.0678', page: 2, unit: '万元' },
  { key: 't2.a20_5:license:items_delta', value: -1036, raw: '-1036', page: 2 },
  { key: 't2.a20_1:regulation:issued', value: null, raw: '/', page: 2, nullReason: 'na_marker' },
  { key: 't4:cases:review.total', value: null, raw: '', page: 4, nullReason: 'blank' },
];

export const SAMPLE_CHECKS: CheckResult[] = [
  { rule: 'T3-01', scope: 'applicant.total', ok: true, detail: '12+0 = 10+2' },
  { rule: 'T3-02', scope: 'received.new', ok: false, detail: '总计 空白，无法核对' },
];

export interface ExtractionOptions {
  agency?: string | null;
  year?: number | null;
  cells?: CanonicalCell[];
  checks?: CheckResult[];
  error?: ExtractError;
  text?: string;
  published?: PublicationDate;
}

/** A hand-built ExtractResult for `bytes` (the extractor is developed separately). */
export function extraction(bytes: Uint8Array, options: ExtractionOptions = {}): ExtractResult {
  const agency = options.agency === undefined ? '偃师区住房和城乡建设局' : options.agency;
  const year = options.year === undefined ? 2023 : options.year;
  return {
    source: 'test',
    sha256: sha256Hex(bytes),
    format: 'pdf',
    report: options.error
      ? null
      : {
          title: `${agency ?? ''}${year ?? ''}年政府信息公开工作年度报告`,
          agency,
          year,
          template: 'v2021',
          templateDeclared: 'v2021',
          ...(options.published ? { published: options.published } : {}),
        },
    cells: options.error ? [] : (options.cells ?? SAMPLE_CELLS),
    checks: options.error ? [] : (options.checks ?? SAMPLE_CHECKS),
    error: options.error ?? null,
    text: options.text,
    pages: 5,
  };
}
