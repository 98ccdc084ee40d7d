/**
 * OAuth tokens at rest in `mailbox_connections.tokens`: one AES-256-GCM blob (security/crypto.ts) holding the
 * JSON of the Tokens. Without a keyring nothing is stored: there is no plaintext fallback and no key derived
 * from anything else.
 */
import { AppError } from '../../core/errors.js';
import { and, eq, ne } from 'drizzle-orm';
import * as z from 'zod';
import type { Env } from '../../config/env.js';
import type { Db } from '../../db/client.js';
import { mailboxConnections } from '../../db/schema.js';
import type { TokenStore, Tokens } from '../../mail/oauth/token-store.js';
import { MailProviderError } from '../../mail/provider.js';
import { decryptSecret, encryptSecret, needsReencryption, parseKeyring, type Keyring } from '../../security/crypto.js';
import { recordMailAudit } from './audit.js';

export class MissingEncryptionKeyError extends AppError {
  constructor() {
    super(
      'not_configured',
      'Refusing to store mailbox tokens: no encryption key is configured. Set ENCRYPTION_KEYS to "k1:<base64 of 32 random bytes>" ' +
        '(e.g. `k1:$(openssl rand -base64 32)`) and restart.',
    );
    this.name = 'MissingEncryptionKeyError';
  }
}

/** The keyring from ENCRYPTION_KEYS, or null when none is configured (development without a key). */
export function keyringFromEnv(env: Pick<Env, 'ENCRYPTION_KEYS'>): Keyring | null {
  return env.ENCRYPTION_KEYS ? parseKeyring(env.ENCRYPTION_KEYS) : null;
}

export function requireKeyring(keyring: Keyring | null | undefined): Keyring {
  if (!keyring) throw new MissingEncryptionKeyError();
  return keyring;
}

const tokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable(),
  expiresAt: z.number(),
  scope: z.string().optional(),
});

export async function sealTokens(t: Tokens, keyring: Keyring | null | undefined): Promise<string> {
  const ring = requireKeyring(keyring);
  const plain: Tokens = { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt, ...(t.scope ? { scope: t.scope } : {}) };
  return encryptSecret(JSON.stringify(plain), ring);
}

export async function openTokens(blob: string, keyring: Keyring | null | undefined): Promise<Tokens> {
  const parsed = tokensSchema.safeParse(JSON.parse(await decryptSecret(blob, requireKeyring(keyring))));
  if (!parsed.success) throw new Error('stored tokens have an unexpected shape');
  const t = parsed.data;
  return { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt, ...(t.scope ? { scope: t.scope } : {}) };
}

/**
 * Marks a connection as needing the parent to connect again, with an audit event (reason only). Idempotent:
 * a connection already marked gets no second event.
 */
export async function markConnectionNeedsReconnect(db: Db, connectionId: string, reason: string, actor = 'system'): Promise<boolean> {
  const short = reason.slice(0, 200);
  const [row] = await db
    .update(mailboxConnections)
    .set({ status: 'needs_reconnect', statusReason: short, updatedAt: new Date() })
    .where(and(eq(mailboxConnections.id, connectionId), ne(mailboxConnections.status, 'needs_reconnect')))
    .returning({ accountId: mailboxConnections.accountId, provider: mailboxConnections.provider });
  if (!row) return false;
  await recordMailAudit(db, {
    accountId: row.accountId,
    actor,
    action: 'mailbox.needs_reconnect',
    subjectType: 'mailbox_connection',
    subjectId: connectionId,
    data: { provider: row.provider, reason: short },
  });
  return true;
}

/** The TokenStore of one mailbox connection. */
export class DbTokenStore implements TokenStore {
  constructor(
    private readonly db: Db,
    readonly connectionId: string,
    private readonly keyring: Keyring | null | undefined,
  ) {}

  async get(): Promise<Tokens> {
    const [row] = await this.db
      .select({ tokens: mailboxConnections.tokens })
      .from(mailboxConnections)
      .where(eq(mailboxConnections.id, this.connectionId));
    if (!row?.tokens) {
      await this.markNeedsReconnect('no tokens stored');
      throw new MailProviderError('auth', 'no tokens are stored for this mailbox', { retryable: false });
    }
    const tokens = await openTokens(row.tokens, this.keyring);
    // Rotation: a blob sealed with an older key is re-sealed with the current one on first use.
    if (needsReencryption(row.tokens, requireKeyring(this.keyring))) await this.save(tokens);
    return tokens;
  }

  async save(t: Tokens): Promise<void> {
    const blob = await sealTokens(t, this.keyring);
    await this.db.update(mailboxConnections).set({ tokens: blob, updatedAt: new Date() }).where(eq(mailboxConnections.id, this.connectionId));
  }

  async markNeedsReconnect(reason: string): Promise<void> {
    await markConnectionNeedsReconnect(this.db, this.connectionId, reason);
  }
}
