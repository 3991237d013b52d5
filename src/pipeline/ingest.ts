import PQueue from 'p-queue';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/index.ts';
import type { ExtractResult } from '../domain/types.ts';
import { EXTRACTOR_VERSION, sha256Hex } from '../extract/index.ts';
import { isLoaded, loadExtraction, previousYearCells, type BlobStore } from '../load/index.ts';
import { cellValues, crossYearChecks } from '../validate/validate.ts';

/**
 * The one place the stages meet: raw bytes → extraction (on the worker pool) → cross-year
 * validation → blob store and warehouse. Extraction of the next documents overlaps loading of
 * the previous ones; loading is serial so cross-year checks see the reports loaded before.
 * A document that cannot be read is recorded against itself; only a database failure stops a run.
 */
export interface IncomingDocument {
  source: string;
  bytes: Uint8Array;
  contentType?: string;
}

export type Extract = (bytes: Uint8Array, options: { source: string; contentType?: string }) => Promise<ExtractResult>;

export interface IngestDependencies {
  db: DatabaseHandle;
  blobs: BlobStore;
  extract: Extract;
  logger: Logger;
  /** called once per document when it is done, for progress display */
  onDocument?: (source: string) => void;
}

export interface IngestSummary {
  documents: number;
  loaded: number;
  superseded: number;
  skipped: number;
  failed: number;
  cells: number;
  failingChecks: number;
  templates: Record<string, number>;
  errors: { source: string; code: string; message: string }[];
}

export function emptySummary(): IngestSummary {
  return { documents: 0, loaded: 0, superseded: 0, skipped: 0, failed: 0, cells: 0, failingChecks: 0, templates: {}, errors: [] };
}

/** How many documents may be read ahead of the loader. */
const READ_AHEAD = 8;

/** Adds T3-06 against the warehouse's current report of the previous year, when there is one. */
async function withCrossYearChecks(db: DatabaseHandle, result: ExtractResult): Promise<ExtractResult> {
  const report = result.report;
  if (!report?.agency || !report.year || result.error) return result;
  const previous = await previousYearCells(db, report.agency, report.year);
  if (!previous) return result;
  return { ...result, checks: [...result.checks, ...crossYearChecks(cellValues(result.cells), previous)] };
}

async function ingestOne(document: IncomingDocument, deps: IngestDependencies, loading: PQueue, summary: IngestSummary) {
  if (await isLoaded(deps.db, sha256Hex(document.bytes), EXTRACTOR_VERSION)) {
    summary.skipped++;
    return;
  }
  const extracted = await deps.extract(document.bytes, { source: document.source, contentType: document.contentType });
  await loading.add(async () => {
    const result = await withCrossYearChecks(deps.db, extracted);
    const item = { bytes: document.bytes, source: document.source, result, extractorVersion: EXTRACTOR_VERSION };
    const outcome = await loadExtraction(deps.db, item, { blobs: deps.blobs });
    summary[outcome.status]++;
    const error = outcome.error ?? result.error;
    if (error) {
      summary.errors.push({ source: document.source, code: error.code, message: error.message });
      deps.logger.warn({ source: document.source, code: error.code }, error.message);
      return;
    }
    if (outcome.status === 'skipped') return;
    const template = result.report?.template ?? 'unknown';
    summary.templates[template] = (summary.templates[template] ?? 0) + 1;
    summary.cells += result.cells.length;
    summary.failingChecks += result.checks.filter((check) => !check.ok).length;
    deps.logger.debug({ source: document.source, status: outcome.status, reportId: outcome.reportId }, 'loaded');
  });
}

export async function ingestDocuments(
  documents: AsyncIterable<IncomingDocument> | Iterable<IncomingDocument>,
  deps: IngestDependencies,
  summary: IngestSummary = emptySummary(),
): Promise<IngestSummary> {
  const loading = new PQueue({ concurrency: 1 });
  const reading = new PQueue({ concurrency: READ_AHEAD });
  let fatal: unknown;
  for await (const document of documents) {
    if (fatal) break;
    summary.documents++;
    await reading.onSizeLessThan(READ_AHEAD);
    reading
      .add(() => ingestOne(document, deps, loading, summary))
      .catch((error: unknown) => {
        fatal ??= error;
        reading.clear();
      })
      .finally(() => deps.onDocument?.(document.source));
  }
  await reading.onIdle();
  await loading.onIdle();
  if (fatal) throw fatal;
  return summary;
}
