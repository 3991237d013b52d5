-- Faster COPY into cells and checks: no per-row foreign-key checks, and byte-order keys
-- (see src/db/schema/cells.ts).
ALTER TABLE "cells" DROP CONSTRAINT "cells_report_id_reports_id_fk";
--> statement-breakpoint
ALTER TABLE "checks" DROP CONSTRAINT "checks_report_id_reports_id_fk";
--> statement-breakpoint
-- A column that generated columns use cannot change its collation: drop them and add them back.
ALTER TABLE "cells" DROP COLUMN "table_key", DROP COLUMN "row_key", DROP COLUMN "col_key";
--> statement-breakpoint
ALTER TABLE "cells" ALTER COLUMN "key" SET DATA TYPE text collate "C";
--> statement-breakpoint
ALTER TABLE "cells"
  ADD COLUMN "table_key" text GENERATED ALWAYS AS (split_part("key", ':', 1)) STORED,
  ADD COLUMN "row_key" text GENERATED ALWAYS AS (split_part("key", ':', 2)) STORED,
  ADD COLUMN "col_key" text GENERATED ALWAYS AS (split_part("key", ':', 3)) STORED;
