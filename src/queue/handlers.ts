import type { Job, JobResultStatus, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  crawl,
  Fetcher,
  fetcherOptionsForSites,
  PgFrontier,
  type CrawledDocument,
  type FetcherOptions,
  type SourcesRegistry,
} from '../crawl/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { finishRun, withRun, type BlobStore } from '../load/index.ts';
import { ingestDocuments, type Extract } from '../pipeline/ingest.ts';
import { enqueueCrawls, enqueueIngest } from './enqueue.ts';
import { CrawlSitePayload, derivedJobId, IngestDocumentPayload, NightlyPayload, QUEUES, type QueueName } from './jobs.ts';

/**
 * What each queue's job does. A handler never throws for a job's own problems: it answers with
 * the job's outcome, which the worker hands to pg-boss per job:
 *
 * - `completed`, with an output summary (stored on the job);
 * - `failed`: retried with backoff until the queue's retry limit (a transient problem, or a job
 *   released because its worker is shutting down);
 * - `deadletter`: failed for good at once (an invalid payload, an unknown site), since retrying
 *   cannot help.
 */
export interface JobOutcome {
  status: JobResultStatus;
  output: Record<string, unknown>;
}

export interface HandlerContext {
  db: DatabaseHandle;
  blobs: BlobStore;
  boss: PgBoss;
  logger: Logger;
  extract: Extract;
  /** the sources registry, read afresh for every job so edits apply without a restart */
  registry: () => Promise<SourcesRegistry>;
  /** aborted when the worker shuts down: running crawls stop and release their jobs */
  shutdown: AbortSignal;
  /** fetcher overrides (timeouts) */
  fetcher?: Partial<FetcherOptions>;
}

export type Handler = (job: Job<unknown>, context: HandlerContext) => Promise<JobOutcome>;

function invalidPayload(error: z.ZodError): JobOutcome {
  return { status: 'deadletter', output: { error: 'E_USAGE', message: `invalid payload: ${z.prettifyError(error)}` } };
}

function failure(error: unknown): JobOutcome {
  const code = (error as { code?: unknown } | null)?.code;
  return { status: 'failed', output: { error: typeof code === 'string' ? code : 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) } };
}

const RELEASED = 'released: the worker is shutting down';

/**
 * nightly: one crawl-site job per site (every site of the registry, or the payload's), skipping
 * sites that already have one waiting. Job ids derive from this job's id, so a retried nightly
 * enqueues nothing twice.
 */
export const nightly: Handler = async (job, context) => {
  const payload = NightlyPayload.safeParse(job.data);
  if (!payload.success) return invalidPayload(payload.error);
  const registry = await context.registry();
  const wanted = payload.data.sites;
  const sites = wanted ? registry.sites.filter((site) => wanted.includes(site.id)) : registry.sites;
  return withRun(context.db, 'nightly', { jobId: job.id, sites: sites.map((site) => site.id) }, async (runId) => {
    try {
      const result = await enqueueCrawls(context.boss, registry, sites, {
        mode: 'incremental',
        jobId: (site) => derivedJobId('nightly', job.id, site.id),
      });
      const counts = { sites: sites.length, enqueued: result.enqueued.length, alreadyQueued: result.skipped.length };
      await finishRun(context.db, runId, { status: 'ok', counts });
      context.logger.info({ queue: QUEUES.nightly, jobId: job.id, ...counts }, 'nightly crawl enqueued');
      return { status: 'completed', output: counts };
    } catch (error) {
      await finishRun(context.db, runId, { status: 'failed', errors: [{ message: (error as Error).message }] }).catch(() => {});
      return failure(error);
    }
  });
};

/**
 * crawl-site: crawls one site with the polite fetcher on the shared Postgres frontier. Each
 * fetched document is stored in the blob store and enqueued as an ingest-document job before the
 * frontier marks it fetched. Interrupted (shutdown, lost claim, expiry), it ends `failed` so it
 * is retried — by another worker — and the crawl resumes from the frontier.
 */
export const crawlSite: Handler = async (job, context) => {
  const payload = CrawlSitePayload.safeParse(job.data);
  if (!payload.success) return invalidPayload(payload.error);
  const { siteId, mode, years } = payload.data;
  const registry = await context.registry();
  const site = registry.sites.find((candidate) => candidate.id === siteId);
  if (!site) return { status: 'deadletter', output: { error: 'E_USAGE', message: `site ${siteId} is not in the sources registry` } };

  const logger = context.logger.child({ queue: QUEUES.crawlSite, jobId: job.id, site: siteId });
  const signal = AbortSignal.any([job.signal, context.shutdown]);
  const counts = { found: 0, enqueued: 0, alreadyQueued: 0 };
  const sink = {
    async put(document: CrawledDocument) {
      counts.found++;
      const enqueued = await enqueueIngest(context.boss, context.blobs, {
        bytes: document.bytes,
        source: document.finalUrl,
        contentType: document.contentType ?? undefined,
      });
      if (enqueued.id) counts.enqueued++;
      else counts.alreadyQueued++;
    },
  };
  return withRun(context.db, 'crawl-site', { jobId: job.id, site: siteId, mode, years: years ?? null, attempt: job.retryCount + 1 }, async (runId) => {
    const fetcher = new Fetcher({ ...fetcherOptionsForSites([site], registry.defaults, registry.userAgent), ...context.fetcher });
    try {
      const stats = await crawl({
        sites: [site],
        // The singleton policy guarantees no other crawler works on this site, which is what makes
        // the crawl's release of leases left by a dead worker safe.
        frontier: new PgFrontier(context.db.db),
        sink,
        fetcher,
        mode,
        years: years ?? null,
        signal,
        logger,
      });
      const outcomes = Object.fromEntries(Object.entries(stats.outcomes).filter(([, count]) => count > 0));
      if (signal.aborted) {
        const reason = context.shutdown.aborted ? RELEASED : `interrupted: ${String((job.signal.reason as Error | undefined)?.message ?? job.signal.reason)}`;
        await finishRun(context.db, runId, { status: 'failed', counts: { ...counts, fetches: stats.fetches }, errors: [{ message: reason }] });
        return { status: 'failed', output: { error: 'E_INTERRUPTED', message: reason, ...counts } };
      }
      await finishRun(context.db, runId, { status: 'ok', counts: { ...counts, fetches: stats.fetches, ...prefixed('outcome_', outcomes) } });
      return { status: 'completed', output: { site: siteId, ...counts, fetches: stats.fetches, outcomes } };
    } catch (error) {
      logger.error({ err: error }, 'site crawl failed');
      await finishRun(context.db, runId, { status: 'failed', counts, errors: [{ message: (error as Error).message }] }).catch(() => {});
      return failure(error);
    } finally {
      await fetcher.close();
    }
  });
};

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, value]) => [`${prefix}${key}`, value]));
}

/**
 * ingest-document: the bytes from the blob store through extraction, validation and load, as
 * `gongkai load` does. A document that cannot be read is recorded against itself and the job
 * completes; only a database failure or missing bytes fail it (and it is retried).
 */
export const ingestDocument: Handler = async (job, context) => {
  const payload = IngestDocumentPayload.safeParse(job.data);
  if (!payload.success) return invalidPayload(payload.error);
  const { sha256, source, contentType } = payload.data;
  let bytes: Uint8Array | undefined;
  try {
    bytes = await context.blobs.get(sha256);
  } catch (error) {
    return failure(error);
  }
  if (!bytes) {
    // Retried: another worker may hold the blob. Every worker must share the blob store.
    return { status: 'failed', output: { error: 'E_BLOB_MISSING', message: `blob ${sha256} is not in ${context.blobs.root} (is the blob store shared by every worker?)` } };
  }
  // An extraction cut short because the worker is shutting down (its threads are terminated)
  // must not be recorded as the document's E_BUDGET failure: the job is released instead.
  const extract: Extract = async (input, options) => {
    const result = await context.extract(input, options);
    if (context.shutdown.aborted && result.error?.code === 'E_BUDGET') throw Object.assign(new Error(RELEASED), { code: 'E_INTERRUPTED' });
    return result;
  };
  try {
    const summary = await ingestDocuments([{ source, bytes, contentType }], {
      db: context.db,
      blobs: context.blobs,
      extract,
      logger: context.logger.child({ queue: QUEUES.ingestDocument, jobId: job.id }),
    });
    const status = summary.loaded ? 'loaded' : summary.superseded ? 'superseded' : summary.skipped ? 'skipped' : 'failed';
    const error = summary.errors[0];
    return { status: 'completed', output: { sha256, status, cells: summary.cells, ...(error ? { error: error.code, message: error.message } : {}) } };
  } catch (error) {
    return failure(error);
  }
};

export const HANDLERS: Record<QueueName, Handler> = {
  [QUEUES.nightly]: nightly,
  [QUEUES.crawlSite]: crawlSite,
  [QUEUES.ingestDocument]: ingestDocument,
};
