CREATE TABLE "agency_aliases" (
	"alias" text PRIMARY KEY NOT NULL,
	"agency_id" integer NOT NULL,
	"kind" text NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_aliases_kind_check" CHECK ("agency_aliases"."kind" in ('variant', 'rename', 'ocr', 'abbreviation'))
);
--> statement-breakpoint
CREATE TABLE "region_code_history" (
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" text,
	"parent_code" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"successor_code" text,
	"note" text,
	CONSTRAINT "region_code_history_pk" PRIMARY KEY("code","valid_from"),
	CONSTRAINT "region_code_history_code_check" CHECK ("region_code_history"."code" ~ '^[0-9]{6}$'),
	CONSTRAINT "region_code_history_level_check" CHECK ("region_code_history"."level" in ('central', 'provincial', 'prefectural', 'county', 'township')),
	CONSTRAINT "region_code_history_period_check" CHECK ("region_code_history"."valid_to" is null or "region_code_history"."valid_to" > "region_code_history"."valid_from")
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "level" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "type" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "jurisdiction" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "region_code" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "uscc" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "host" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "site_id_code" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "identity_source" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "identity_note" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "coverage" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "coverage_evidence" text;--> statement-breakpoint
ALTER TABLE "agency_aliases" ADD CONSTRAINT "agency_aliases_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_aliases_agency_idx" ON "agency_aliases" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "agencies_unclassified_idx" ON "agencies" USING btree ("id") WHERE identity_source is null;--> statement-breakpoint
CREATE INDEX "reports_coverage_todo_idx" ON "reports" USING btree ("id") WHERE coverage is null and status <> 'failed';--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_level_check" CHECK ("agencies"."level" in ('central', 'provincial', 'prefectural', 'county', 'township'));--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_type_check" CHECK ("agencies"."type" in ('people_government', 'general_office', 'department', 'dispatched_body', 'vertical_unit', 'authorised_org'));--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_identity_source_check" CHECK ("agencies"."identity_source" in ('inferred', 'curated'));--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_region_code_check" CHECK ("agencies"."region_code" ~ '^[0-9]{6}$');--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_uscc_check" CHECK ("agencies"."uscc" ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$');--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_coverage_check" CHECK ("reports"."coverage" in ('agency_only', 'government_plus_office', 'jurisdiction_aggregate'));