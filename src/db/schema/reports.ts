import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { passedCheckLists } from './checks.ts';
import type { OcrDoubtNote, OcrLabelFix, PublicationDate } from '../../domain/types.ts';
import { agencies } from './agencies.ts';
import { documents } from './documents.ts';

export const REPORT_STATUSES = ['ok', 'failed', 'superseded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * What a report's numbers cover (spec §7 V-17): the agency alone; a people's government together
 * with its 办公厅/办公室; or the whole jurisdiction (汇总 of member agencies), which must never be
 * summed with the member agencies' own reports.
 */
export const REPORT_COVERAGES = ['agency_only', 'government_plus_office', 'jurisdiction_aggregate'] as const;
export type ReportCoverage = (typeof REPORT_COVERAGES)[number];

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
    /** inferred from the agency name and the text after the load (src/warehouse); null for failed reports */
    coverage: text('coverage').$type<ReportCoverage>(),
    /** the phrase or rule the coverage was inferred from */
    coverageEvidence: text('coverage_evidence'),
    /**
     * cells and failing checks the loader wrote with the report (null for reports loaded before
     * these columns): "has tables" and the views' counts without probing `cells` (load/load-batch.ts)
     */
    cellCount: integer('cell_count'),
    failingCheckCount: integer('failing_check_count'),
    /**
     * The list of checks the report passes (`passed_check_lists`); the failing ones are rows of
     * `checks`. Null for failed reports and reports loaded before lists existed.
     */
    passedCheckList: text('passed_check_list').references(() => passedCheckLists.key),
    /**
     * When the report was published, as the document tells (extract/publication-date.ts), and
     * how it tells: `meta` or `label` (the portal page), `url` (a CMS article URL), `signature`
     * (the date it was signed: a lower bound). Null when the document does not say.
     */
    publishedOn: date('published_on', { mode: 'string' }),
    publishedBasis: text('published_basis').$type<PublicationDate['basis']>(),
    /** PDF pages read by OCR (no text layer): their cells may be misread. Null when none was. */
    ocrPages: integer('ocr_pages').array(),
    /**
     * Numbers OCR was unsure of, as the extraction lists them (ExtractResult.ocrDoubts): the cell
     * key, both readings and their confidences. On the report, not on `cells`, whose width the
     * COPY pays for on every row; read per cell through v_fact_cell.ocr_doubt. Null when none.
     */
    ocrDoubts: jsonb('ocr_doubts').$type<OcrDoubtNote[]>(),
    /** Labels on OCR'd pages snapped to the template (ExtractResult.ocrLabelFixes), with the raw text. Null when none. */
    ocrLabelFixes: jsonb('ocr_label_fixes').$type<OcrLabelFix[]>(),
  },
  (table) => [
    // Re-loading the same bytes with the same extractor is a no-op.
    uniqueIndex('reports_document_extractor_uq').on(table.documentSha256, table.extractorVersion),
    // At most one current report per (agency, year); NULL identities never collide.
    uniqueIndex('reports_current_identity_uq').on(table.agencyId, table.year).where(sql`status = 'ok'`),
    index('reports_superseded_by_idx').on(table.supersededBy),
    check('reports_status_check', sql`${table.status} in ('ok', 'failed', 'superseded')`),
    check('reports_error_iff_failed', sql`(${table.status} = 'failed') = (${table.errorCode} is not null)`),
    check('reports_coverage_check', sql`${table.coverage} in ('agency_only', 'government_plus_office', 'jurisdiction_aggregate')`),
    check('reports_published_basis_check', sql`${table.publishedBasis} in ('meta', 'label', 'url', 'signature')`),
    // Reports still waiting for their coverage (loaded before it existed): found cheaply after each load.
    index('reports_coverage_todo_idx').on(table.id).where(sql`coverage is null and status <> 'failed'`),
  ],
);

export type ReportRow = typeof reports.$inferSelect;
