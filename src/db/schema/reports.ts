import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { agencies } from './agencies.ts';
import { documents } from './documents.ts';

export const REPORT_STATUSES = ['ok', 'failed', 'superseded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * One extraction of one document by one extractor version. The report identity is
 * (agency, year); its current report is the one row with status 'ok'. A newer document or a
 * re-extraction marks the previous row 'superseded' and points `supersededBy` at its
 * successor, so history is never lost. A failed extraction is a 'failed' row against the
 * document (agency and year are null when they could not be read); it never replaces a
 * current report.
 */
export const reports = pgTable(
  'reports',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    documentSha256: text('document_sha256')
      .notNull()
      .references(() => documents.sha256),
    extractorVersion: text('extractor_version').notNull(),
    agencyId: integer('agency_id').references(() => agencies.id),
    year: integer('year'),
    status: text('status').$type<ReportStatus>().notNull(),
    templateDetected: text('template_detected'),
    templateDeclared: text('template_declared'),
    title: text('title'),
    /** body text, so reports without tables (pre-2019) keep their content */
    text: text('text'),
    pageCount: integer('page_count'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    supersededBy: integer('superseded_by').references((): AnyPgColumn => reports.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // Re-loading the same bytes with the same extractor is a no-op.
    uniqueIndex('reports_document_extractor_uq').on(table.documentSha256, table.extractorVersion),
    // At most one current report per (agency, year); NULL identities never collide.
    uniqueIndex('reports_current_identity_uq').on(table.agencyId, table.year).where(sql`status = 'ok'`),
    index('reports_superseded_by_idx').on(table.supersededBy),
    check('reports_status_check', sql`${table.status} in ('ok', 'failed', 'superseded')`),
    check('reports_error_iff_failed', sql`(${table.status} = 'failed') = (${table.errorCode} is not null)`),
  ],
);

export type ReportRow = typeof reports.$inferSelect;
