-- Passing checks move from rows of `checks` to reports.passed_checks (`rule:scope …`); `checks`
-- keeps the failing ones (src/db/schema/checks.ts). The views read checks.ok, so they are
-- dropped here and created again by the repeatable migrations/views.sql.
DROP VIEW IF EXISTS v_agency, v_coverage, v_metrics_agency_year, v_qa_flags, v_t4, v_t3, v_t2, v_fact_cell, v_report;
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "passed_checks" text;
--> statement-breakpoint
UPDATE reports r SET passed_checks = p.passed
FROM (SELECT report_id, string_agg(rule || ':' || scope, ' ' ORDER BY rule, scope) AS passed FROM checks WHERE ok GROUP BY report_id) p
WHERE p.report_id = r.id;
--> statement-breakpoint
UPDATE reports SET passed_checks = '' WHERE passed_checks IS NULL AND status <> 'failed' AND cell_count IS NOT NULL;
--> statement-breakpoint
DELETE FROM checks WHERE ok;
--> statement-breakpoint
ALTER TABLE "checks" DROP COLUMN "ok";
