import { bigint, check, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Every document ever loaded, keyed by the sha256 of its bytes. The bytes themselves live in
 * the content-addressed blob store (`load/blob-store.ts`); `blobPath` is relative to its root
 * and null when the loader was given only an extraction result.
 */
export const documents = pgTable(
  'documents',
  {
    sha256: text('sha256').primaryKey(),
    /**
     * Order in which documents were first seen. Unlike `firstSeen` (transaction time, equal for
     * a whole batch) it is unique, so "the newer document" is always defined (load/supersession.ts).
     */
    seenOrder: integer('seen_order').notNull().unique('documents_seen_order_uq').generatedAlwaysAsIdentity(),
    format: text('format').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    /** the first URL or path the document was seen at; all of them are in `document_sources` */
    source: text('source').notNull(),
    blobPath: text('blob_path'),
    firstSeen: timestamp('first_seen', { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
  },
  // 64 lower-case hex digits. Not a regular expression: on PGlite that one check cost 10 µs per
  // row, a third of a document's insert; decode() refuses a non-hex digit with an error instead.
  (table) => [check('documents_sha256_hex', sql`octet_length(decode(${table.sha256}, 'hex')) = 32 and ${table.sha256} = lower(${table.sha256})`)],
);

/** The same bytes are often published at several URLs (mirrors, re-posts, portal moves). */
export const documentSources = pgTable(
  'document_sources',
  {
    documentSha256: text('document_sha256')
      .notNull()
      .references(() => documents.sha256, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    firstSeen: timestamp('first_seen', { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ name: 'document_sources_pk', columns: [table.documentSha256, table.source] })],
);

export type DocumentRow = typeof documents.$inferSelect;
