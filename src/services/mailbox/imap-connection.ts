/**
 * IMAP mailboxes as stored connections: the server settings and the app password sealed together in
 * `mailbox_connections.tokens` (AES-256-GCM, as OAuth tokens are), never in plaintext and never logged.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { mailboxConnections } from '../../db/schema.js';
import { imapCredentialsSchema, type ImapCredentials, type ImapTransportOptions } from '../../mail/imap/config.js';
import { MailProviderError } from '../../mail/provider.js';
import { decryptSecret, encryptSecret, type Keyring } from '../../security/crypto.js';
import { recordMailAudit } from './audit.js';
import { requireKeyring } from './token-store-db.js';

export async function sealImapCredentials(creds: ImapCredentials, keyring: Keyring | null | undefined): Promise<string> {
  return encryptSecret(JSON.stringify(imapCredentialsSchema.parse(creds)), requireKeyring(keyring));
}

export async function openImapCredentials(blob: string | null, keyring: Keyring | null | undefined): Promise<ImapCredentials> {
  if (!blob) throw new MailProviderError('auth', 'no IMAP settings are stored for this mailbox: connect it again', { retryable: false });
  const parsed = imapCredentialsSchema.safeParse(JSON.parse(await decryptSecret(blob, requireKeyring(keyring))));
  if (!parsed.success) throw new MailProviderError('invalid', 'the stored IMAP settings have an unexpected shape', { retryable: false });
  return parsed.data;
}

/**
 * Stores (or replaces, on reconnect) the IMAP mailbox of an account and makes it active again. The cursor is
 * kept on reconnect with the same address: a new password does not mean the mail must be read again.
 */
export async function saveImapConnection(
  db: Db,
  input: { accountId: string; credentials: ImapCredentials; keyring: Keyring | null | undefined; backfillSince?: Date | null },
): Promise<{ connectionId: string; created: boolean }> {
  const tokens = await sealImapCredentials(input.credentials, input.keyring);
  const address = input.credentials.address;
  const [existing] = await db
    .select({ id: mailboxConnections.id })
    .from(mailboxConnections)
    .where(and(eq(mailboxConnections.accountId, input.accountId), eq(mailboxConnections.provider, 'imap'), eq(mailboxConnections.address, address)));
  let connectionId: string;
  if (existing) {
    await db.update(mailboxConnections).set({ tokens, status: 'active', statusReason: null, updatedAt: new Date() }).where(eq(mailboxConnections.id, existing.id));
    connectionId = existing.id;
  } else {
    const [row] = await db
      .insert(mailboxConnections)
      .values({ accountId: input.accountId, provider: 'imap', address, tokens, ...(input.backfillSince ? { backfillSince: input.backfillSince } : {}) })
      .onConflictDoUpdate({
        target: [mailboxConnections.accountId, mailboxConnections.provider, mailboxConnections.address],
        set: { tokens, status: 'active', statusReason: null, updatedAt: new Date() },
      })
      .returning({ id: mailboxConnections.id });
    connectionId = row!.id;
  }
  await recordMailAudit(db, {
    accountId: input.accountId,
    actor: `parent:${input.accountId}`,
    action: existing ? 'mailbox.reconnected' : 'mailbox.connected',
    subjectType: 'mailbox_connection',
    subjectId: connectionId,
    data: { provider: 'imap', host: input.credentials.imap.host },
  });
  return { connectionId, created: !existing };
}

/** What the IMAP form sends: the parent's entries, not yet checked. */
export interface ImapFormInput {
  address: string;
  user: string;
  password: string;
  imapHost: string;
  imapPort: string;
  imapSecurity: string;
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: string;
}

const FIELD_NAMES: Record<string, string> = {
  address: 'Email address',
  user: 'User name',
  password: 'App password',
  'imap.host': 'Incoming (IMAP) server',
  'imap.port': 'Incoming (IMAP) port',
  'smtp.host': 'Outgoing (SMTP) server',
  'smtp.port': 'Outgoing (SMTP) port',
};

/** The form's entries as credentials, or a plain sentence naming the field that is wrong. */
export function imapCredentialsFromForm(f: ImapFormInput): { ok: true; credentials: ImapCredentials } | { ok: false; message: string } {
  const address = f.address.trim();
  const parsed = imapCredentialsSchema.safeParse({
    kind: 'imap',
    imap: { host: f.imapHost, port: f.imapPort, secure: f.imapSecurity !== 'starttls' },
    smtp: { host: f.smtpHost, port: f.smtpPort, secure: f.smtpSecurity !== 'starttls' },
    user: f.user.trim() || address,
    password: f.password.replace(/\s+/g, ''), // app passwords are shown in groups ("abcd efgh …"): spaces are not part of them
    address,
  });
  if (parsed.success) return { ok: true, credentials: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = FIELD_NAMES[issue.path.join('.')] ?? 'A field';
  return { ok: false, message: `${field}: ${issue.code === 'too_small' ? 'please fill this in' : 'please check this; it does not look right'}.` };
}

export type { Diagnosis } from '../../mail/imap/diagnose.js';

/** "Test connection": each step a connection needs (DNS, connect, TLS, login, folders, sending); the first failure named. */
export async function diagnoseImap(creds: ImapCredentials, transport: { imap?: ImapTransportOptions; smtp?: { ca?: string; servername?: string } } = {}) {
  // Loaded on demand, as the provider is: imapflow and nodemailer need raw sockets.
  const { diagnoseConnection } = await import('../../mail/imap/diagnose.js');
  return diagnoseConnection(creds, transport);
}
