import type { Logger } from 'pino';
import {
  crawl,
  Fetcher,
  fetcherOptionsForSites,
  FETCH_OUTCOMES,
  PgFrontier,
  type CrawledDocument,
  type CrawlMode,
  type DocumentSink,
  type FetchOutcome,
  type FetcherOptions,
  type Site,
  type SourcesRegistry,
  type YearRange,
} from '../crawl/index.ts';
import { asConnectionFailure, connectionErrorOf } from '../db/connection-errors.ts';
import { emptySummary, ingestDocuments, type IngestDependencies, type IngestSummary } from './ingest.ts';

/**
 * Crawl → warehouse. Every fetched report page or attachment goes straight through the
 * pipeline (blob store, extraction, validation, load) before the frontier marks it fetched, so
 * a crash never leaves a fetched document unloaded; loading is idempotent by hash, so a document
 * handed over twice after a crash is loaded once.
 */
export interface SiteSummary {
  site: string;
  /** report pages and attachments the crawl handed over */
  found: number;
  /** loaded as a new agency-year report */
  new: number;
  /** a changed document that superseded an earlier report */
  changed: number;
  /** unchanged (already loaded) */
  unchanged: number;
  /** documents that could not be extracted or loaded */
  failed: number;
  /** fetches by outcome (ok, not-modified, missing, blocked, down, …) */
  outcomes: Record<FetchOutcome, number>;
  error?: string;
}

export interface CrawlAndLoadOptions {
  registry: SourcesRegistry;
  sites: readonly Site[];
  mode: CrawlMode;
  years?: YearRange | null;
  /** sites crawled at once; each keeps its own per-host limits @default 8 */
  siteConcurrency?: number;
  fetcher?: Partial<FetcherOptions>;
  signal?: AbortSignal;
  onDocument?: (source: string) => void;
}

export interface CrawlAndLoadResult {
  sites: SiteSummary[];
  ingest: IngestSummary;
}

/**
 * A failure of the run itself (the warehouse went away, the blob store cannot be written) must
 * stop the whole run with its error: the crawl engine would otherwise record it against the URL
 * as a fetch failure to retry in 15 minutes, and the run would exit 0 with documents missing.
 * Aborting first makes the engine leave the URL leased, so the next run fetches it again.
 */
interface RunFailure {
  error?: unknown;
  fail(error: unknown): void;
  signal: AbortSignal;
}

function runFailure(outer: AbortSignal | undefined): RunFailure {
  const controller = new AbortController();
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  const failure: RunFailure = {
    signal,
    fail(error) {
      failure.error ??= error;
      controller.abort(error);
    },
  };
  return failure;
}

function sinkInto(deps: IngestDependencies, total: IngestSummary, site: SiteSummary, failure: RunFailure): DocumentSink {
  return {
    async put(document: CrawledDocument) {
      site.found++;
      let one: IngestSummary;
      try {
        // ingestDocuments records unreadable documents and throws only when the run cannot go on.
        one = await ingestDocuments([{ source: document.finalUrl, bytes: document.bytes, contentType: document.contentType ?? undefined }], deps);
      } catch (error) {
        failure.fail(error);
        throw error;
      }
      site.new += one.loaded;
      site.changed += one.superseded;
      site.unchanged += one.skipped;
      site.failed += one.failed;
      mergeInto(total, one);
    },
  };
}

function mergeInto(total: IngestSummary, part: IngestSummary): void {
  for (const key of ['documents', 'loaded', 'superseded', 'skipped', 'failed', 'cells', 'failingChecks'] as const) total[key] += part[key];
  for (const [template, count] of Object.entries(part.templates)) total.templates[template] = (total.templates[template] ?? 0) + count;
  total.errors.push(...part.errors);
}

export async function crawlAndLoad(options: CrawlAndLoadOptions, deps: IngestDependencies & { logger: Logger }): Promise<CrawlAndLoadResult> {
  const { registry, sites } = options;
  const fetcher = new Fetcher({
    ...fetcherOptionsForSites(sites, registry.defaults, registry.userAgent),
    ...options.fetcher,
  });
  const frontier = new PgFrontier(deps.db.db);
  const ingest = emptySummary();
  const failure = runFailure(options.signal);
  const queue = [...sites];
  const summaries: SiteSummary[] = [];
  const worker = async () => {
    for (let site = failure.signal.aborted ? undefined : queue.shift(); site; site = failure.signal.aborted ? undefined : queue.shift()) {
      const summary: SiteSummary = {
        site: site.id,
        found: 0,
        new: 0,
        changed: 0,
        unchanged: 0,
        failed: 0,
        outcomes: Object.fromEntries(FETCH_OUTCOMES.map((outcome) => [outcome, 0])) as Record<FetchOutcome, number>,
      };
      summaries.push(summary);
      try {
        const stats = await crawl({
          sites: [site],
          frontier,
          sink: sinkInto({ ...deps, onDocument: options.onDocument }, ingest, summary, failure),
          fetcher,
          mode: options.mode,
          years: options.years ?? null,
          // A killed earlier run's leases on this site are ended: one crawler per site at a time.
          signal: failure.signal,
          logger: deps.logger.child({ site: site.id }),
        });
        summary.outcomes = stats.outcomes;
      } catch (error) {
        // The frontier lives in the warehouse: losing the database fails the run, not one site.
        if (connectionErrorOf(error)) failure.fail(asConnectionFailure(error));
        if (failure.error) continue;
        // One site's failure (a bug, an abort) is recorded; the other sites go on.
        summary.error = (error as Error).message;
        deps.logger.error({ site: site.id, err: error }, 'site crawl failed');
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.siteConcurrency ?? 8, sites.length) }, worker));
  } finally {
    await fetcher.close();
  }
  if (failure.error) throw asConnectionFailure(failure.error);
  return { sites: summaries.sort((a, b) => a.site.localeCompare(b.site)), ingest };
}
