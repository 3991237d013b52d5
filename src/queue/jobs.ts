import { createHash } from 'node:crypto';
import type { Queue } from 'pg-boss';
import { z } from 'zod';
import type { Site, SourcesRegistry } from '../crawl/index.ts';

/**
 * The job vocabulary of the scale-out deployment: queue names, payload schemas and the policy of
 * each queue. Everything that crosses a process boundary through pg-boss is defined here, and
 * every payload is parsed with these schemas on the way in (send) and on the way out (work).
 *
 *   nightly ──(one per site)──▶ crawl-site ──(one per new document)──▶ ingest-document
 *
 * - `nightly` is fired by the cron schedule (`gongkai schedule`); it enqueues one crawl-site job
 *   per site of the sources registry and ends.
 * - `crawl-site` crawls one site (polite fetcher, Postgres frontier). Each report page or
 *   attachment it fetches is stored in the content-addressed blob store and handed on as an
 *   `ingest-document` job; the frontier marks the URL fetched only after the job is enqueued, so a
 *   crash never loses a fetched document.
 * - `ingest-document` reads the bytes back from the blob store, extracts (worker threads),
 *   validates and loads them, exactly like `gongkai load`.
 */
export const QUEUES = {
  nightly: 'nightly',
  crawlSite: 'crawl-site',
  ingestDocument: 'ingest-document',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const QUEUE_NAMES: readonly QueueName[] = [QUEUES.nightly, QUEUES.crawlSite, QUEUES.ingestDocument];

export function isQueueName(name: string): name is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(name);
}

const SiteId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a site id of the sources registry');
const Year = z.int().min(2000).max(2100);

export const CrawlSitePayload = z.object({
  siteId: SiteId,
  /** incremental: the nightly revisit; backfill: walk every list page (with `years`) */
  mode: z.enum(['incremental', 'backfill']),
  years: z
    .object({ from: Year, to: Year })
    .refine((years) => years.from <= years.to, 'years.from must not be after years.to')
    .optional(),
});
export type CrawlSitePayload = z.infer<typeof CrawlSitePayload>;

export const IngestDocumentPayload = z.object({
  /** the document's bytes are in the blob store under this hash */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase sha256 hex digest'),
  /** URL (or path) the bytes were fetched from, recorded as the document's source */
  source: z.string().min(1),
  contentType: z.string().min(1).optional(),
});
export type IngestDocumentPayload = z.infer<typeof IngestDocumentPayload>;

/** The cron's job: which sites (default: every site of the registry). */
export const NightlyPayload = z
  .object({ sites: z.array(SiteId).min(1).optional() })
  .nullish()
  .transform((payload) => payload ?? {});
export type NightlyPayload = z.infer<typeof NightlyPayload>;

export const PAYLOADS = {
  [QUEUES.nightly]: NightlyPayload,
  [QUEUES.crawlSite]: CrawlSitePayload,
  [QUEUES.ingestDocument]: IngestDocumentPayload,
} as const;

/** Timings the queue policies are built from (config fields `queue*`, `extractTimeoutMs`). */
export interface QueueTiming {
  /** a job not heartbeating for this long (its worker died) is failed and retried elsewhere; >= 10 */
  heartbeatSeconds: number;
  /** first retry delay; exponential backoff from there */
  retryDelaySeconds: number;
  /** extraction budget per document, which bounds an ingest job */
  extractTimeoutMs: number;
}

/** Longest a retry waits, whatever the backoff says. */
const RETRY_DELAY_MAX_SECONDS = 3600;

/**
 * The policy of each queue:
 *
 * - nightly: `exclusive` (at most one queued or running at any time), so a slow nightly can never
 *   overlap the next tick's; a duplicate send while one exists is dropped by the database.
 * - crawl-site: `singleton` keyed by the site's politeness group (see `politenessKeys`): at most
 *   one job per key is *active* across all workers, enforced by a unique index, while any number
 *   may wait. One crawler per site is also what makes the crawl's lease release at start safe.
 *   Long expiry (a backfill of a large site takes hours); a dead worker is noticed by heartbeat.
 * - ingest-document: `exclusive` keyed by the document's sha256: the same bytes found at several
 *   URLs or by two crawls are extracted once while a job for them is queued or running (a later
 *   one is skipped by hash in the loader anyway).
 *
 * Every queue retries with exponential backoff; a job interrupted by a worker's shutdown is failed
 * with `released` and retried like any failure.
 */
export function queuePolicies(timing: QueueTiming): Record<QueueName, Omit<Queue, 'name'>> {
  const retry = {
    retryDelay: Math.max(1, timing.retryDelaySeconds),
    retryBackoff: true,
    retryDelayMax: RETRY_DELAY_MAX_SECONDS,
    heartbeatSeconds: timing.heartbeatSeconds,
  };
  const extractSeconds = Math.ceil(timing.extractTimeoutMs / 1000);
  return {
    [QUEUES.nightly]: { policy: 'exclusive', retryLimit: 3, expireInSeconds: 600, ...retry },
    [QUEUES.crawlSite]: { policy: 'singleton', retryLimit: 5, expireInSeconds: 12 * 3600, ...retry },
    [QUEUES.ingestDocument]: { policy: 'exclusive', retryLimit: 5, expireInSeconds: Math.max(300, 3 * extractSeconds + 60), ...retry },
  };
}

/**
 * The singleton key of each site's crawl-site jobs: sites that share a host (a provincial portal
 * serving several departments) share a key, so at most one crawler talks to a host at any time
 * across all workers and the per-host delay of the registry holds deployment-wide. Otherwise the
 * key is the site's own id. Hosts are compared as written in the registry (lowercased).
 */
export function politenessKeys(sites: readonly Pick<Site, 'id' | 'hosts'>[]): Map<string, string> {
  const parent = new Map<string, string>(sites.map((site) => [site.id, site.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    // The smaller id is the root, so a group's key does not depend on registry order.
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const owner = new Map<string, string>();
  for (const site of sites) {
    for (const host of site.hosts) {
      const key = host.toLowerCase();
      const first = owner.get(key);
      if (first) union(first, site.id);
      else owner.set(key, site.id);
    }
  }
  return new Map(sites.map((site) => [site.id, `site:${find(site.id)}`]));
}

export function politenessKey(registry: Pick<SourcesRegistry, 'sites'>, siteId: string): string {
  return politenessKeys(registry.sites).get(siteId) ?? `site:${siteId}`;
}

/**
 * A UUID derived from its parts (RFC 4122 version 5 layout over SHA-1). pg-boss inserts with
 * ON CONFLICT DO NOTHING, so a job sent twice with the same derived id exists once: the nightly
 * job's crawl-site jobs are derived from the nightly job's id, which makes a retried nightly
 * enqueue nothing twice.
 */
export function derivedJobId(...parts: string[]): string {
  const hash = createHash('sha1').update(`gongkai:${parts.join('\u0000')}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
