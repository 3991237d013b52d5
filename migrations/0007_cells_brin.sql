ALTER TABLE "cells" DROP CONSTRAINT "cells_pk";--> statement-breakpoint
ALTER TABLE "checks" DROP CONSTRAINT "checks_pk";--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "cell_count" integer;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "failing_check_count" integer;--> statement-breakpoint
CREATE INDEX "cells_report_brin" ON "cells" USING brin ("report_id") WITH (pages_per_range=4);--> statement-breakpoint
ALTER TABLE "cells" DROP COLUMN "table_key";--> statement-breakpoint
ALTER TABLE "cells" DROP COLUMN "row_key";--> statement-breakpoint
ALTER TABLE "cells" DROP COLUMN "col_key";