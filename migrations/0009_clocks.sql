CREATE TABLE "clock_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL REFERENCES "accounts"("id") ON DELETE cascade,
	"child_id" uuid NOT NULL REFERENCES "children"("id") ON DELETE cascade,
	"type" text NOT NULL,
	"date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "clock_events_child" ON "clock_events" USING btree ("child_id");
--> statement-breakpoint
CREATE TABLE "clocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL REFERENCES "accounts"("id") ON DELETE cascade,
	"child_id" uuid NOT NULL REFERENCES "children"("id") ON DELETE cascade,
	"kind" text NOT NULL,
	"ordinal" integer DEFAULT 0 NOT NULL,
	"thread_id" uuid REFERENCES "threads"("id") ON DELETE set null,
	"started_by" uuid REFERENCES "messages"("id") ON DELETE set null,
	"met_by" uuid REFERENCES "messages"("id") ON DELETE set null,
	"parent_event_id" uuid REFERENCES "clock_events"("id") ON DELETE set null,
	"start_event" text NOT NULL,
	"start_date" date NOT NULL,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"estimated" boolean DEFAULT false NOT NULL,
	"evidence" text NOT NULL,
	"rule" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "clocks_child_kind_ordinal" ON "clocks" USING btree ("child_id","kind","ordinal");
--> statement-breakpoint
CREATE INDEX "clocks_account" ON "clocks" USING btree ("account_id");
--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "clock_id" uuid REFERENCES "clocks"("id") ON DELETE cascade;
--> statement-breakpoint
CREATE UNIQUE INDEX "drafts_clock_state" ON "drafts" USING btree ("clock_id","state_key");
