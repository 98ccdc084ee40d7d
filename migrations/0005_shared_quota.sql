-- Provider quota shared by every instance: one row per budget key (serialises reservations with FOR UPDATE),
-- and the spends inside the current window (older rows are deleted as reservations come in).
CREATE TABLE IF NOT EXISTS "quota_budgets" (
	"key" text PRIMARY KEY NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "quota_spends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL REFERENCES "quota_budgets"("key") ON DELETE cascade,
	"at_ms" bigint NOT NULL,
	"units" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "quota_spends_key_at" ON "quota_spends" ("key", "at_ms");
