-- The optional sentence judge (src/llm/sentence-judge.ts): remembered judgements by question hash, and the
-- per-account daily call budget. Hand-written; matches src/db/schema.ts (test/db/migrations.test.ts checks).
CREATE TABLE "sentence_judgements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"question_hash" text NOT NULL,
	"task" text NOT NULL,
	"outcome" text NOT NULL,
	"is_request" boolean,
	"kind" text,
	"act" text,
	"evidence_start" integer,
	"evidence_end" integer,
	"reason" text,
	"model" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llm_call_budget" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"calls" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sentence_judgements" ADD CONSTRAINT "sentence_judgements_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llm_call_budget" ADD CONSTRAINT "llm_call_budget_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sentence_judgements_account_hash" ON "sentence_judgements" USING btree ("account_id","question_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "llm_call_budget_account_day" ON "llm_call_budget" USING btree ("account_id","day");
