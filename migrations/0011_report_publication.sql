ALTER TABLE "reports" ADD COLUMN "published_on" date;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "published_basis" text;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_published_basis_check" CHECK ("reports"."published_basis" in ('meta', 'label', 'url', 'signature'));