import { sha256Hex } from '../domain/sha256.ts';
import type { Sha256 } from '../domain/types.ts';
import { decodeBody } from '../encoding/charset.ts';
import type { Fetcher } from './http/fetcher.ts';
import { FETCH_OUTCOMES, type FetchOutcome, type FetchResult } from './http/outcome.ts';
import type { DiscoveredVia, Frontier, FrontierEntry, UrlKind } from './frontier.ts';
import { adapterFor } from './portals/registry.ts';
import type { DiscoveredLink, PortalAdapter, YearRange } from './portals/types.ts';
import type { DocumentSink } from './sink.ts';
import type { Site } from './sources.ts';
import { canonicalUrl, isGatewayCopy, makeHostMatcher } from './url.ts';

export type CrawlMode = 'incremental' | 'backfill';
/** Known entries re-fetched (conditionally) at the start of a run. */
export type Revalidate = 'none' | 'entries' | 'lists' | 'all';

/** pino-compatible subset, so callers can pass a pino logger. */
export interface CrawlLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface CrawlOptions {
  sites: readonly Site[];
  frontier: Frontier;
  sink: DocumentSink;
  fetcher: Fetcher;
  /**
   * incremental: revisit entry lists and stop paging a list at the first page that yields only
   * known items. backfill: walk every list page. @default 'incremental'
   */
  mode?: CrawlMode;
  /** keep only reports whose title year is in range (unknown years are kept) */
  years?: YearRange | null;
  /** @default 'entries' in incremental mode, 'lists' in backfill mode; 'all' also revalidates reports */
  revalidate?: Revalidate;
  /** fetches of one URL that may end `down` before it is given up (dead). @default 5 */
  maxAttempts?: number;
  /** wait before a `down` URL is tried again (Retry-After wins if longer). @default 15 min × 2^(attempts-1) */
  retryDelayMs?: (attempts: number) => number;
  /** how long a claimed entry stays leased. @default 600_000 */
  leaseMs?: number;
  /** end leases left by a killed run; only safe when no other crawler works on these sites. @default true */
  releaseLeases?: boolean;
  signal?: AbortSignal;
  logger?: CrawlLogger;
}

export interface CrawlStats {
  fetches: number;
  outcomes: Record<FetchOutcome, number>;
  /** documents handed to the sink */
  documents: number;
  /** URLs the frontier did not know before */
  discovered: number;
  fetchesByKind: Record<UrlKind, number>;
  durationMs: number;
}

interface SiteRuntime {
  site: Site;
  adapter: PortalAdapter;
  allowed: (url: URL) => boolean;
}

const SILENT: CrawlLogger = { debug() {}, warn() {} };


function isMarkup(contentType: string | null, bytes: Uint8Array): boolean {
  if (contentType && /html|xml|json|text\/plain/i.test(contentType)) return true;
  if (contentType) return false;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256)).trimStart().toLowerCase();
  return head.startsWith('<') || head.startsWith('{');
}

function inYears(year: number | null | undefined, years: YearRange | null | undefined): boolean {
  return !years || year === null || year === undefined || (year >= years.from && year <= years.to);
}

export async function crawl(options: CrawlOptions): Promise<CrawlStats> {
  const started = Date.now();
  const runStart = new Date(started);
  const mode = options.mode ?? 'incremental';
  const revalidate = options.revalidate ?? (mode === 'incremental' ? 'entries' : 'lists');
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? ((n: number) => 15 * 60_000 * 2 ** (n - 1));
  const leaseMs = options.leaseMs ?? 600_000;
  const log = options.logger ?? SILENT;
  const { frontier, sink, fetcher, signal } = options;
  const stats: CrawlStats = {
    fetches: 0,
    outcomes: Object.fromEntries(FETCH_OUTCOMES.map((o) => [o, 0])) as Record<FetchOutcome, number>,
    documents: 0,
    discovered: 0,
    fetchesByKind: { list: 0, report: 0, attachment: 0 },
    durationMs: 0,
  };

  async function enqueue(rt: SiteRuntime, links: DiscoveredLink[], via: DiscoveredVia, parent: FrontierEntry | null, revisit?: Date) {
    const requests = [];
    for (const link of links) {
      let url: URL;
      try {
        url = new URL(link.url);
      } catch {
        continue;
      }
      // Off-site links are not crawled at all (the fetcher re-checks every redirect hop).
      if (!rt.allowed(url) || isGatewayCopy(url) || !inYears(link.year ?? parent?.year, options.years)) continue;
      requests.push({
        url: canonicalUrl(url, via === 'seed'),
        siteId: rt.site.id,
        kind: link.kind,
        via,
        parentUrl: parent?.url ?? null,
        title: link.title ?? (link.kind === 'attachment' ? parent?.title : null) ?? null,
        year: link.year ?? (link.kind === 'attachment' ? parent?.year : null) ?? null,
      });
    }
    const added = await frontier.enqueue(requests, revisit ? { revisitSettledBefore: revisit } : {});
    stats.discovered += added.length;
    return added;
  }

  /** Base for relative links: the answering URL, keeping the adapter fragment of the entry. */
  function pageUrl(entry: FrontierEntry, result: FetchResult): string {
    if (result.redirects.length === 0) return entry.url;
    const final = new URL(result.finalUrl);
    final.hash = new URL(entry.url).hash;
    return final.toString();
  }

  /**
   * Whether a list page still leads to work: an item the frontier knows but has not fetched yet.
   * Incremental paging stops at a page of fetched items; "known" alone is not enough, because a
   * run killed after storing a page's items but before its next-page link would then never page on.
   */
  async function anyUnfetched(items: readonly DiscoveredLink[], added: readonly string[]): Promise<boolean> {
    const fresh = new Set(added);
    for (const item of items) {
      if (fresh.has(item.url) || !URL.canParse(item.url)) continue;
      const known = await frontier.get(canonicalUrl(new URL(item.url), false));
      if (known && (known.state === 'pending' || known.state === 'leased' || known.state === 'retry')) return true;
    }
    return false;
  }

  async function handleList(rt: SiteRuntime, entry: FrontierEntry, result: FetchResult, bytes: Uint8Array) {
    const { text } = decodeBody(bytes, result.contentType);
    const found = rt.adapter.parseList({ url: pageUrl(entry, result), text, contentType: result.contentType });
    const added = await enqueue(rt, found.items, 'link', entry);
    // A shell's data lists are walked (conditionally) once per run, whatever the shell yielded.
    await enqueue(rt, found.follow.map((url) => ({ url, kind: 'list' as const })), 'follow', entry, runStart);
    const olderThanRange = options.years && found.items.length > 0 && found.items.every((i) => i.year !== null && i.year !== undefined && i.year < options.years!.from);
    const keepPaging = mode === 'backfill' ? !olderThanRange : added.length > 0 || (await anyUnfetched(found.items, added));
    if (keepPaging) await enqueue(rt, found.next.map((url) => ({ url, kind: 'list' as const })), 'next', entry, mode === 'incremental' ? runStart : undefined);
    log.debug({ url: entry.url, items: found.items.length, added: added.length, next: found.next.length, keepPaging }, 'list page');
  }

  async function handleDocument(rt: SiteRuntime, entry: FrontierEntry, result: FetchResult, bytes: Uint8Array, sha: Sha256) {
    let charset: string | null = null;
    let isReport = true;
    let links: DiscoveredLink[] = [];
    if (entry.kind === 'report' && isMarkup(result.contentType, bytes)) {
      const decoded = decodeBody(bytes, result.contentType);
      charset = decoded.charset;
      ({ isReport, links } = rt.adapter.parseReport({ url: pageUrl(entry, result), text: decoded.text, contentType: result.contentType }));
    }
    // Unchanged bytes from a server without validators are not a new document.
    if (isReport && entry.sha256 !== sha) {
      await sink.put({
        url: entry.url,
        finalUrl: result.finalUrl,
        siteId: rt.site.id,
        kind: entry.kind === 'attachment' ? 'attachment' : 'report',
        parentUrl: entry.parentUrl,
        title: entry.title,
        year: entry.year,
        sha256: sha,
        bytes,
        contentType: result.contentType,
        charset,
        etag: result.validators.etag ?? null,
        lastModified: result.validators.lastModified ?? null,
        status: result.status ?? 200,
        fetchedAt: new Date(),
      });
      stats.documents++;
    }
    if (links.length > 0) await enqueue(rt, links, 'link', entry);
  }

  async function processEntry(rt: SiteRuntime, entry: FrontierEntry) {
    try {
      const result = await fetcher.fetch(entry.url, { validators: { etag: entry.etag, lastModified: entry.lastModified }, signal });
      if (signal?.aborted) return; // a killed run leaves the lease; the next run takes the URL again
      stats.fetches++;
      stats.fetchesByKind[entry.kind]++;
      stats.outcomes[result.outcome]++;
      const now = new Date();
      if (result.outcome === 'down') {
        const attempts = entry.attempts + 1;
        const wait = Math.max(retryDelayMs(attempts), result.retryAfterMs ?? 0);
        log.warn({ url: entry.url, code: result.error?.code, attempts }, 'fetch down');
        await frontier.markFailed(entry.url, {
          outcome: 'down',
          status: result.status,
          errorCode: result.error?.code ?? null,
          attempts,
          nextAttemptAt: attempts >= maxAttempts ? null : new Date(now.getTime() + wait),
          fetchedAt: now,
        });
        return;
      }
      // A refused scheme or address is a page (or its server) pointing at our own network: worth a look.
      if (result.outcome === 'forbidden') log.warn({ url: entry.url, finalUrl: result.finalUrl, code: result.error?.code, reason: result.error?.message }, 'fetch refused (SSRF defence)');
      let sha: Sha256 | null = null;
      if (result.outcome === 'ok' && result.body) {
        sha = sha256Hex(result.body);
        if (entry.kind === 'list') await handleList(rt, entry, result, result.body);
        else await handleDocument(rt, entry, result, result.body, sha);
      }
      await frontier.markFetched(entry.url, {
        outcome: result.outcome,
        status: result.status,
        etag: result.validators.etag ?? null,
        lastModified: result.validators.lastModified ?? null,
        sha256: sha,
        errorCode: result.error?.code ?? null,
        fetchedAt: now,
      });
    } catch (error) {
      if (signal?.aborted) return;
      // An adapter bug or a failing sink must not stop the crawl: record it and retry later.
      log.warn({ url: entry.url, err: error }, 'processing failed');
      const attempts = entry.attempts + 1;
      await frontier.markFailed(entry.url, {
        outcome: 'down',
        status: null,
        errorCode: 'E_INTERNAL',
        attempts,
        nextAttemptAt: attempts >= maxAttempts ? null : new Date(Date.now() + retryDelayMs(attempts)),
        fetchedAt: new Date(),
      });
    }
  }

  async function crawlSite(rt: SiteRuntime) {
    const { site } = rt;
    if (options.releaseLeases !== false) await frontier.releaseLeases(site.id);
    const years = options.years ?? site.years ?? { from: 2008, to: runStart.getFullYear() };
    const seeds = site.entries.flatMap((entry) => rt.adapter.seeds(entry, { years }));
    await enqueue(rt, seeds, 'seed', null);
    if (revalidate !== 'none') {
      const kinds: UrlKind[] = revalidate === 'all' ? ['list', 'report', 'attachment'] : ['list'];
      await frontier.revisit({ siteId: site.id, kinds, ...(revalidate === 'entries' ? { via: ['seed', 'follow'] as DiscoveredVia[] } : {}) });
    }
    // Keep the host queue primed without leasing far more than can be fetched soon.
    const batch = Math.max(2, (site.limits?.concurrency ?? 1) * 2);
    while (!signal?.aborted) {
      const entries = await frontier.next(site.id, { limit: batch, now: new Date(), leaseMs });
      if (entries.length === 0) break;
      await Promise.all(entries.map((entry) => processEntry(rt, entry)));
    }
  }

  const runtimes = options.sites.map((site) => ({ site, adapter: adapterFor(site.adapter), allowed: makeHostMatcher(site.hosts) }));
  await Promise.all(runtimes.map(crawlSite));
  stats.durationMs = Date.now() - started;
  return stats;
}
