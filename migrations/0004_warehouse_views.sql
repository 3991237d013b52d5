-- The views this migration created now live in migrations/views.sql, the repeatable migration
-- that src/db/migrate.ts applies after these (one copy of the views, not one per change).
SELECT 1;
