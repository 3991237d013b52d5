-- Each list of passing checks is stored once (passed_check_lists, keyed by its md5) and named by
-- its reports, instead of ~1.3 KB of text on every report (src/db/schema/checks.ts).
CREATE TABLE "passed_check_lists" (
	"key" text PRIMARY KEY NOT NULL,
	"checks" text NOT NULL,
	CONSTRAINT "passed_check_lists_key_md5" CHECK ("passed_check_lists"."key" = md5("passed_check_lists"."checks"))
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "passed_check_list" text;--> statement-breakpoint
INSERT INTO "passed_check_lists" ("key", "checks")
SELECT DISTINCT md5(passed_checks), passed_checks FROM reports WHERE passed_checks IS NOT NULL;--> statement-breakpoint
UPDATE "reports" SET "passed_check_list" = md5(passed_checks) WHERE passed_checks IS NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_passed_check_list_passed_check_lists_key_fk" FOREIGN KEY ("passed_check_list") REFERENCES "public"."passed_check_lists"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" DROP COLUMN "passed_checks";
