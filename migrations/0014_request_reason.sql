ALTER TABLE "requests" ADD COLUMN "reason" jsonb;
