ALTER TABLE "drafts" ADD COLUMN "facts" jsonb;
--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "send_mode" text;
