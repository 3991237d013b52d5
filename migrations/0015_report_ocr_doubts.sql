ALTER TABLE "reports" ADD COLUMN "ocr_doubts" jsonb;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "ocr_label_fixes" jsonb;