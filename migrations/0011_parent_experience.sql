CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL REFERENCES "accounts"("id") ON DELETE cascade,
	"child_id" uuid NOT NULL REFERENCES "children"("id") ON DELETE cascade,
	"upload_id" text NOT NULL,
	"actor" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"bytes_total" bigint DEFAULT 0 NOT NULL,
	"bytes_read" bigint DEFAULT 0 NOT NULL,
	"messages_seen" integer DEFAULT 0 NOT NULL,
	"school_kept" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "import_jobs_account_upload" ON "import_jobs" USING btree ("account_id","upload_id");
--> statement-breakpoint
CREATE TABLE "school_asks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL REFERENCES "accounts"("id") ON DELETE cascade,
	"child_id" uuid REFERENCES "children"("id") ON DELETE set null,
	"message_id" uuid NOT NULL REFERENCES "messages"("id") ON DELETE cascade,
	"ordinal" integer NOT NULL,
	"text" text NOT NULL,
	"kind" text NOT NULL,
	"due_date" date,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "school_asks_message_ordinal" ON "school_asks" USING btree ("message_id","ordinal");
--> statement-breakpoint
CREATE TABLE "parent_marked_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL REFERENCES "accounts"("id") ON DELETE cascade,
	"message_id" uuid NOT NULL REFERENCES "messages"("id") ON DELETE cascade,
	"sentence" text NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "parent_marked_message_sentence" ON "parent_marked_requests" USING btree ("message_id","sentence");
--> statement-breakpoint
CREATE TABLE "ladders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL REFERENCES "accounts"("id") ON DELETE cascade,
	"request_id" uuid NOT NULL REFERENCES "requests"("id") ON DELETE cascade,
	"state" text DEFAULT 'active' NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"state_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ladders_request" ON "ladders" USING btree ("request_id");
--> statement-breakpoint
CREATE TABLE "ladder_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL REFERENCES "accounts"("id") ON DELETE cascade,
	"ladder_id" uuid NOT NULL REFERENCES "ladders"("id") ON DELETE cascade,
	"round" integer NOT NULL,
	"step" integer NOT NULL,
	"draft_id" uuid REFERENCES "drafts"("id") ON DELETE set null,
	"skipped" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ladder_steps_ladder_round_step" ON "ladder_steps" USING btree ("ladder_id","round","step");
