import type { FetchOutcome } from './http/outcome.ts';
import type { LinkKind } from './portals/types.ts';

/**
 * The crawl frontier: every URL the crawler knows, its state and its validators. Implementations:
 * `MemoryFrontier` (tests, benchmarks) and a Postgres one on the `crawl_urls` table.
 *
 * Resumability contract (a crawl killed with kill -9 and restarted ends with the same documents):
 * - `enqueue` is idempotent (URL is the key), so re-discovering after a crash adds nothing.
 * - `next` *leases* entries; a lease that is never settled (the process died) is claimable again
 *   after it expires, or at once after `releaseLeases` when the caller knows no other crawler runs.
 * - the engine hands a document to the sink *before* `markFetched`, so a crash in between re-fetches
 *   the URL and the sink (idempotent on url + sha256) absorbs the repeat.
 */
export type UrlKind = LinkKind;

/** pending → leased → done | retry (→ leased …) | dead */
export type UrlState = 'pending' | 'leased' | 'done' | 'retry' | 'dead';

/** How the URL was found; incremental re-crawls revisit `seed` and `follow` lists only. */
export type DiscoveredVia = 'seed' | 'follow' | 'next' | 'link';

export interface FrontierEntry {
  url: string;
  siteId: string;
  kind: UrlKind;
  via: DiscoveredVia;
  /** the list or report page that linked it (attachments are tied to their report page) */
  parentUrl: string | null;
  title: string | null;
  year: number | null;
  state: UrlState;
  attempts: number;
  nextAttemptAt: Date | null;
  leasedUntil: Date | null;
  etag: string | null;
  lastModified: string | null;
  sha256: string | null;
  outcome: FetchOutcome | null;
  status: number | null;
  errorCode: string | null;
  discoveredAt: Date;
  fetchedAt: Date | null;
}

export interface EnqueueRequest {
  url: string;
  siteId: string;
  kind: UrlKind;
  via: DiscoveredVia;
  parentUrl?: string | null;
  title?: string | null;
  year?: number | null;
}

export interface EnqueueOptions {
  /**
   * Also put back to `pending` known entries that were settled (done/dead) before this time, so a
   * list page that has to be walked again is re-fetched (conditionally) once per run, never twice.
   */
  revisitSettledBefore?: Date;
}

export interface FetchedMark {
  outcome: FetchOutcome;
  status: number | null;
  /** null keeps the stored validator (a 304 need not repeat it) */
  etag: string | null;
  lastModified: string | null;
  /** null keeps the stored hash */
  sha256: string | null;
  errorCode: string | null;
  fetchedAt: Date;
}

export interface FailedMark {
  outcome: FetchOutcome;
  status: number | null;
  errorCode: string | null;
  attempts: number;
  /** null: attempts are exhausted and the URL is dead until revisited */
  nextAttemptAt: Date | null;
  fetchedAt: Date;
}

export interface RevisitFilter {
  siteId: string;
  kinds: UrlKind[];
  /** limit to these discovery paths (default: all) */
  via?: DiscoveredVia[];
}

export interface FrontierFilter {
  siteId?: string;
  kind?: UrlKind;
  state?: UrlState;
}

export interface Frontier {
  /** Adds unknown URLs as pending; returns the URLs that were new. */
  enqueue(requests: EnqueueRequest[], options?: EnqueueOptions): Promise<string[]>;
  /** Leases up to `limit` due entries of a site (pending, retry due, or lease expired), oldest first. */
  next(siteId: string, options: { limit: number; now: Date; leaseMs: number }): Promise<FrontierEntry[]>;
  markFetched(url: string, mark: FetchedMark): Promise<void>;
  markFailed(url: string, mark: FailedMark): Promise<void>;
  /** Puts settled entries back to pending, keeping validators, so a re-crawl revalidates them. */
  revisit(filter: RevisitFilter): Promise<number>;
  /** Ends all leases of a site (call at start when no other crawler works on it). */
  releaseLeases(siteId: string): Promise<number>;
  get(url: string): Promise<FrontierEntry | null>;
  list(filter?: FrontierFilter): Promise<FrontierEntry[]>;
}
