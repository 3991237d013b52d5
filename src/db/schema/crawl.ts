import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The crawl frontier (src/crawl/frontier-pg.ts): every URL the crawler knows, its lease/retry
 * state and the validators that make re-crawls cost a 304. One row per URL.
 */
export const crawlUrls = pgTable(
  'crawl_urls',
  {
    url: text('url').primaryKey(),
    /** discovery order: claims go oldest first */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    siteId: text('site_id').notNull(),
    kind: text('kind').notNull(),
    /** how it was found: seed | follow | next | link */
    via: text('via').notNull(),
    /** the list or report page that linked it (attachments → their report page) */
    parentUrl: text('parent_url'),
    title: text('title'),
    year: integer('year'),
    /** pending | leased | done | retry | dead */
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    leasedUntil: timestamp('leased_until', { withTimezone: true }),
    etag: text('etag'),
    lastModified: text('last_modified'),
    sha256: text('sha256'),
    /** FetchOutcome of the last fetch */
    outcome: text('outcome'),
    status: integer('status'),
    errorCode: text('error_code'),
    discoveredAt: timestamp('discovered_at', { withTimezone: true }).notNull().defaultNow(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }),
  },
  (table) => [
    index('crawl_urls_claim_idx').on(table.siteId, table.state, table.seq),
    // an attachment's document → its linking page (v_report's publication date of an envelope)
    index('crawl_urls_sha256_idx').on(table.sha256).where(sql`parent_url is not null`),
    check('crawl_urls_kind', sql`${table.kind} in ('list', 'report', 'attachment')`),
    check('crawl_urls_via', sql`${table.via} in ('seed', 'follow', 'next', 'link')`),
    check('crawl_urls_state', sql`${table.state} in ('pending', 'leased', 'done', 'retry', 'dead')`),
  ],
);

export type CrawlUrlRow = typeof crawlUrls.$inferSelect;
