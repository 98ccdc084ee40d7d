-- IMAP mailboxes reuse mailbox_connections (provider 'imap'; settings and app password sealed in "tokens").
-- A draft the parent sent from their own email app is recorded as sent by the parent.
ALTER TABLE "drafts" ADD COLUMN IF NOT EXISTS "sent_by" text;
