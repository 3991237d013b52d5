import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type { CrawlMode, Site, SourcesRegistry, YearRange } from '../crawl/index.ts';
import type { BlobStore } from '../load/index.ts';
import { CrawlSitePayload, IngestDocumentPayload, politenessKeys, QUEUES } from './jobs.ts';

/** Producers: what `gongkai schedule --now`, the nightly job and the crawl jobs send. */
export interface EnqueueCrawlsOptions {
  mode: CrawlMode;
  years?: YearRange | null;
  /** a job id per site; derived ids make a repeated enqueue a no-op @default random */
  jobId?: (site: Site) => string;
}

export interface EnqueueCrawlsResult {
  enqueued: { site: string; id: string }[];
  /** sites with the same crawl already waiting (or the same job id already sent) */
  skipped: { site: string; reason: 'already queued' | 'duplicate job' }[];
}

function sameCrawl(a: CrawlSitePayload, b: CrawlSitePayload): boolean {
  return a.siteId === b.siteId && a.mode === b.mode && JSON.stringify(a.years ?? null) === JSON.stringify(b.years ?? null);
}

/**
 * One crawl-site job per site, keyed by the site's politeness group, in one INSERT. A site whose
 * same crawl (mode and years) is already waiting is skipped: a slow host does not pile up a
 * backlog of identical nightly crawls.
 */
export async function enqueueCrawls(
  boss: PgBoss,
  registry: SourcesRegistry,
  sites: readonly Site[],
  options: EnqueueCrawlsOptions,
): Promise<EnqueueCrawlsResult> {
  const keys = politenessKeys(registry.sites);
  const waiting = (await boss.findJobs<unknown>(QUEUES.crawlSite, { queued: true, limit: 100_000 }))
    .map((job) => CrawlSitePayload.safeParse(job.data))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []));
  const result: EnqueueCrawlsResult = { enqueued: [], skipped: [] };
  const jobs: { id: string; site: string; data: CrawlSitePayload; singletonKey: string }[] = [];
  for (const site of sites) {
    const data = CrawlSitePayload.parse({ siteId: site.id, mode: options.mode, ...(options.years ? { years: options.years } : {}) });
    if (waiting.some((other) => sameCrawl(other, data))) {
      result.skipped.push({ site: site.id, reason: 'already queued' });
      continue;
    }
    jobs.push({ id: options.jobId?.(site) ?? randomUUID(), site: site.id, data, singletonKey: keys.get(site.id) ?? `site:${site.id}` });
  }
  if (jobs.length === 0) return result;
  const inserted = new Set(
    (await boss.insert(
      QUEUES.crawlSite,
      jobs.map(({ id, data, singletonKey }) => ({ id, data, singletonKey })),
      { returnId: true },
    )) ?? [],
  );
  for (const job of jobs) {
    if (inserted.has(job.id)) result.enqueued.push({ site: job.site, id: job.id });
    else result.skipped.push({ site: job.site, reason: 'duplicate job' });
  }
  return result;
}

export interface IngestInput {
  bytes: Uint8Array;
  source: string;
  contentType?: string;
}

/**
 * Stores the bytes in the blob store, then enqueues their ingestion keyed by hash. `id` is null
 * when a job for the same bytes is already waiting or running (the `exclusive` policy dropped
 * this one).
 */
export async function enqueueIngest(boss: PgBoss, blobs: BlobStore, input: IngestInput): Promise<{ sha256: string; id: string | null }> {
  const sha256 = await blobs.put(input.bytes);
  const data = IngestDocumentPayload.parse({ sha256, source: input.source, ...(input.contentType ? { contentType: input.contentType } : {}) });
  const id = await boss.send(QUEUES.ingestDocument, data, { singletonKey: sha256 });
  return { sha256, id };
}
