CREATE TABLE "crawl_urls" (
	"url" text PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "crawl_urls_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"via" text NOT NULL,
	"parent_url" text,
	"title" text,
	"year" integer,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"leased_until" timestamp with time zone,
	"etag" text,
	"last_modified" text,
	"sha256" text,
	"outcome" text,
	"status" integer,
	"error_code" text,
	"discovered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fetched_at" timestamp with time zone,
	CONSTRAINT "crawl_urls_kind" CHECK ("crawl_urls"."kind" in ('list', 'report', 'attachment')),
	CONSTRAINT "crawl_urls_via" CHECK ("crawl_urls"."via" in ('seed', 'follow', 'next', 'link')),
	CONSTRAINT "crawl_urls_state" CHECK ("crawl_urls"."state" in ('pending', 'leased', 'done', 'retry', 'dead'))
);
--> statement-breakpoint
CREATE INDEX "crawl_urls_claim_idx" ON "crawl_urls" USING btree ("site_id","state","seq");