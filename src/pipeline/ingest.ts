import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/index.ts';
import type { ExtractResult } from '../domain/types.ts';
import { EXTRACTOR_VERSION, sha256Hex } from '../extract/index.ts';
import { followingYearReport, isLoaded, loadExtraction, previousYearCells, replaceRuleChecks, type BlobStore } from '../load/index.ts';
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

/** The earlier year arrived after the later one: the later year's T3-06 is checked now. */
async function recheckFollowingYear(db: DatabaseHandle, result: ExtractResult): Promise<void> {
  const report = result.report;
  if (!report?.agency || !report.year) return;
  const following = await followingYearReport(db, report.agency, report.year);
  if (!following) return;
  await replaceRuleChecks(db, following.reportId, 'T3-06', crossYearChecks(following.cells, cellValues(result.cells)));
}

type Extracted = { skipped: true } | { skipped: false; result: ExtractResult };

async function extractOne(document: IncomingDocument, deps: IngestDependencies): Promise<Extracted> {
  if (await isLoaded(deps.db, sha256Hex(document.bytes), EXTRACTOR_VERSION)) return { skipped: true };
  const result = await deps.extract(document.bytes, { source: document.source, contentType: document.contentType });
  return { skipped: false, result };
}

async function loadOne(document: IncomingDocument, extracted: Extracted, deps: IngestDependencies, summary: IngestSummary) {
  if (extracted.skipped) {
    summary.skipped++;
    return;
  }
  const result = await withCrossYearChecks(deps.db, extracted.result);
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
  if (outcome.current) await recheckFollowingYear(deps.db, result);
  const template = result.report?.template ?? 'unknown';
  summary.templates[template] = (summary.templates[template] ?? 0) + 1;
  summary.cells += result.cells.length;
  summary.failingChecks += result.checks.filter((check) => !check.ok).length;
  deps.logger.debug({ source: document.source, status: outcome.status, reportId: outcome.reportId }, 'loaded');
}

/**
 * Documents are extracted in parallel but loaded one at a time in input order, so a run's
 * result (supersession, cross-year checks) does not depend on which extraction finished first.
 */
export async function ingestDocuments(
  documents: AsyncIterable<IncomingDocument> | Iterable<IncomingDocument>,
  deps: IngestDependencies,
  summary: IngestSummary = emptySummary(),
): Promise<IngestSummary> {
  const inFlight = new Set<Promise<unknown>>();
  let loaded: Promise<void> = Promise.resolve();
  let fatal: unknown;
  for await (const document of documents) {
    if (fatal) break;
    summary.documents++;
    const extracted = extractOne(document, deps);
    // Awaited by the load chain; this only keeps a failure after a fatal error from going unhandled.
    extracted.catch(() => {});
    loaded = loaded
      .then(async () => {
        if (!fatal) await loadOne(document, await extracted, deps, summary);
      })
      .catch((error: unknown) => {
        fatal ??= error;
      })
      .finally(() => deps.onDocument?.(document.source));
    const done = loaded;
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
    // Bound read-ahead: wait for the oldest document whenever too many are in flight.
    while (inFlight.size >= READ_AHEAD) await Promise.race(inFlight);
  }
  await loaded;
  if (fatal) throw fatal;
  return summary;
}
