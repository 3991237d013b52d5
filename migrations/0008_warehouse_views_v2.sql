-- The views this migration created now live in migrations/views.sql, the repeatable migration
-- that src/db/migrate.ts applies after these (one copy of the views, not one per change).
UPDATE reports r SET
  cell_count = (SELECT count(*) FROM cells c WHERE c.report_id = r.id),
  failing_check_count = (SELECT count(*) FROM checks k WHERE k.report_id = r.id AND NOT k.ok)
WHERE r.cell_count IS NULL;
