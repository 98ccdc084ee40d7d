-- The pages' reads by account (issue 16): every signed-in page reads the account's live drafts, the child's
-- commitments and, with the session, the grants accepted by the account. Without these each of those is a scan
-- of the whole table, which grows with every family's drafts and promises.
CREATE INDEX IF NOT EXISTS "drafts_account_status" ON "drafts" USING btree ("account_id", "status");
CREATE INDEX IF NOT EXISTS "commitments_account_child" ON "commitments" USING btree ("account_id", "child_id");
CREATE INDEX IF NOT EXISTS "account_grants_grantee" ON "account_grants" USING btree ("grantee_account_id", "status");
