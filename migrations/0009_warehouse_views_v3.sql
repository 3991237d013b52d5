-- The views this migration created now live in migrations/views.sql, the repeatable migration
-- that src/db/migrate.ts applies after these (one copy of the views, not one per change).
DROP VIEW IF EXISTS v_agency, v_coverage, v_metrics_agency_year, v_qa_flags, v_t4, v_t3, v_t2, v_fact_cell, v_report;
--> statement-breakpoint
ALTER TABLE cells ALTER COLUMN report_id SET STATISTICS 10, ALTER COLUMN key SET STATISTICS 10, ALTER COLUMN value SET STATISTICS 10, ALTER COLUMN raw SET STATISTICS 10, ALTER COLUMN page SET STATISTICS 10, ALTER COLUMN null_reason SET STATISTICS 10, ALTER COLUMN unit SET STATISTICS 10;
--> statement-breakpoint
ALTER TABLE checks ALTER COLUMN report_id SET STATISTICS 10, ALTER COLUMN rule SET STATISTICS 10, ALTER COLUMN scope SET STATISTICS 10, ALTER COLUMN ok SET STATISTICS 10, ALTER COLUMN detail SET STATISTICS 10;
