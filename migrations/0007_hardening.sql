CREATE TABLE "login_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "login_failures_scope_key_at" ON "login_failures" USING btree ("scope","key","at");
--> statement-breakpoint
ALTER TABLE "digests" ADD COLUMN "delivery_attempt_via" text;
--> statement-breakpoint
ALTER TABLE "digests" ADD COLUMN "delivery_attempt_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "digests" ADD COLUMN "delivery_outcome" text;
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "email_verified_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "account_grants" ADD COLUMN "invitee_email" text;
--> statement-breakpoint
ALTER TABLE "account_grants" ADD COLUMN "status" text DEFAULT 'accepted' NOT NULL;
--> statement-breakpoint
ALTER TABLE "account_grants" ADD COLUMN "accepted_at" timestamp with time zone;
--> statement-breakpoint
UPDATE "account_grants" g SET "invitee_email" = a."email", "accepted_at" = g."created_at" FROM "accounts" a WHERE a."id" = g."grantee_account_id";
--> statement-breakpoint
ALTER TABLE "account_grants" ALTER COLUMN "invitee_email" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "account_grants" ALTER COLUMN "grantee_account_id" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "account_grants" ALTER COLUMN "status" SET DEFAULT 'invited';
--> statement-breakpoint
CREATE UNIQUE INDEX "account_grants_invitee" ON "account_grants" USING btree ("owner_account_id","invitee_email");
