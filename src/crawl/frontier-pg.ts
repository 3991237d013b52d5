import { and, asc, eq, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/handle.ts';
import { crawlUrls, type CrawlUrlRow } from '../db/schema/crawl.ts';
import type { FetchOutcome } from './http/outcome.ts';
import type { DiscoveredVia, EnqueueOptions, EnqueueRequest, FailedMark, FetchedMark, Frontier, FrontierEntry, FrontierFilter, RevisitFilter, UrlKind, UrlState } from './frontier.ts';

/** Rows per INSERT: keeps statements well under PostgreSQL's 65,535 bind parameters. */
const INSERT_BATCH = 500;

function toEntry(row: CrawlUrlRow): FrontierEntry {
  return {
    url: row.url,
    siteId: row.siteId,
    kind: row.kind as UrlKind,
    via: row.via as DiscoveredVia,
    parentUrl: row.parentUrl,
    title: row.title,
    year: row.year,
    state: row.state as UrlState,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    leasedUntil: row.leasedUntil,
    etag: row.etag,
    lastModified: row.lastModified,
    sha256: row.sha256,
    outcome: row.outcome as FetchOutcome | null,
    status: row.status,
    errorCode: row.errorCode,
    discoveredAt: row.discoveredAt,
    fetchedAt: row.fetchedAt,
  };
}

/**
 * The frontier on the `crawl_urls` table (PostgreSQL or PGlite). State survives kill -9 because
 * every transition is a single committed statement. Claims use `FOR UPDATE SKIP LOCKED`, so
 * several crawler processes can share one frontier on PostgreSQL, provided they run the crawl
 * with `releaseLeases: false` and rely on lease expiry to take over a dead process's URLs.
 */
export class PgFrontier implements Frontier {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async enqueue(requests: EnqueueRequest[], options: EnqueueOptions = {}): Promise<string[]> {
    const added: string[] = [];
    const unique = [...new Map(requests.map((r) => [r.url, r])).values()];
    for (let i = 0; i < unique.length; i += INSERT_BATCH) {
      const batch = unique.slice(i, i + INSERT_BATCH);
      const rows = await this.db
        .insert(crawlUrls)
        .values(batch.map((r) => ({ url: r.url, siteId: r.siteId, kind: r.kind, via: r.via, parentUrl: r.parentUrl ?? null, title: r.title ?? null, year: r.year ?? null })))
        .onConflictDoNothing({ target: crawlUrls.url })
        .returning({ url: crawlUrls.url });
      added.push(...rows.map((r) => r.url));
      const cutoff = options.revisitSettledBefore;
      const known = batch.map((r) => r.url).filter((url) => !rows.some((row) => row.url === url));
      if (cutoff && known.length > 0) {
        await this.db
          .update(crawlUrls)
          .set({ state: 'pending', attempts: 0, nextAttemptAt: null })
          .where(and(inArray(crawlUrls.url, known), inArray(crawlUrls.state, ['done', 'dead']), sql`coalesce(${crawlUrls.fetchedAt}, '-infinity'::timestamptz) < ${cutoff.toISOString()}::timestamptz`));
      }
    }
    return added;
  }

  async next(siteId: string, options: { limit: number; now: Date; leaseMs: number }): Promise<FrontierEntry[]> {
    const now = options.now.toISOString();
    const due: SQL = or(
      eq(crawlUrls.state, 'pending'),
      and(eq(crawlUrls.state, 'retry'), lte(crawlUrls.nextAttemptAt, sql`${now}::timestamptz`)),
      and(eq(crawlUrls.state, 'leased'), lte(crawlUrls.leasedUntil, sql`${now}::timestamptz`)),
    )!;
    const claimable = this.db
      .select({ url: crawlUrls.url })
      .from(crawlUrls)
      .where(and(eq(crawlUrls.siteId, siteId), due))
      .orderBy(asc(crawlUrls.seq))
      .limit(options.limit)
      .for('update', { skipLocked: true });
    const rows = await this.db
      .update(crawlUrls)
      .set({ state: 'leased', leasedUntil: new Date(options.now.getTime() + options.leaseMs) })
      .where(inArray(crawlUrls.url, claimable))
      .returning();
    return rows.sort((a, b) => a.seq - b.seq).map(toEntry);
  }

  async markFetched(url: string, mark: FetchedMark): Promise<void> {
    await this.db
      .update(crawlUrls)
      .set({
        state: 'done',
        outcome: mark.outcome,
        status: mark.status,
        errorCode: mark.errorCode,
        // null keeps what is stored (a 304 need not repeat its validators)
        etag: sql`coalesce(${mark.etag}, ${crawlUrls.etag})`,
        lastModified: sql`coalesce(${mark.lastModified}, ${crawlUrls.lastModified})`,
        sha256: sql`coalesce(${mark.sha256}, ${crawlUrls.sha256})`,
        fetchedAt: mark.fetchedAt,
        leasedUntil: null,
        nextAttemptAt: null,
        attempts: 0,
      })
      .where(eq(crawlUrls.url, url));
  }

  async markFailed(url: string, mark: FailedMark): Promise<void> {
    await this.db
      .update(crawlUrls)
      .set({
        state: mark.nextAttemptAt ? 'retry' : 'dead',
        outcome: mark.outcome,
        status: mark.status,
        errorCode: mark.errorCode,
        attempts: mark.attempts,
        nextAttemptAt: mark.nextAttemptAt,
        fetchedAt: mark.fetchedAt,
        leasedUntil: null,
      })
      .where(eq(crawlUrls.url, url));
  }

  async revisit(filter: RevisitFilter): Promise<number> {
    const rows = await this.db
      .update(crawlUrls)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: null })
      .where(
        and(
          eq(crawlUrls.siteId, filter.siteId),
          inArray(crawlUrls.kind, filter.kinds),
          inArray(crawlUrls.state, ['done', 'dead']),
          filter.via ? inArray(crawlUrls.via, filter.via) : undefined,
        ),
      )
      .returning({ url: crawlUrls.url });
    return rows.length;
  }

  async releaseLeases(siteId: string): Promise<number> {
    const rows = await this.db
      .update(crawlUrls)
      .set({ state: 'pending', leasedUntil: null })
      .where(and(eq(crawlUrls.siteId, siteId), eq(crawlUrls.state, 'leased')))
      .returning({ url: crawlUrls.url });
    return rows.length;
  }

  async get(url: string): Promise<FrontierEntry | null> {
    const [row] = await this.db.select().from(crawlUrls).where(eq(crawlUrls.url, url));
    return row ? toEntry(row) : null;
  }

  async list(filter: FrontierFilter = {}): Promise<FrontierEntry[]> {
    const rows = await this.db
      .select()
      .from(crawlUrls)
      .where(
        and(
          filter.siteId ? eq(crawlUrls.siteId, filter.siteId) : undefined,
          filter.kind ? eq(crawlUrls.kind, filter.kind) : undefined,
          filter.state ? eq(crawlUrls.state, filter.state) : undefined,
        ),
      )
      .orderBy(asc(crawlUrls.seq));
    return rows.map(toEntry);
  }
}
