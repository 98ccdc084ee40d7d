import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditEvents, mailboxConnections } from '../../../src/db/schema.js';
import { parseKeyring } from '../../../src/security/crypto.js';
import { ensureAccount } from '../../../src/services/accounts/accounts.js';
import { DbTokenStore, keyringFromEnv, MissingEncryptionKeyError } from '../../../src/services/mailbox/token-store-db.js';
import { rowsOf } from '../../helpers/db.js';
import { describeOnEachDriver } from '../../helpers/each-driver.js';
import { TEST_KEYRING } from '../../helpers/mail-rig.js';

describeOnEachDriver('DbTokenStore', (suite) => {

  async function connection() {
    const account = await ensureAccount(suite.handle.db, `tokens-${randomBytes(4).toString('hex')}@family.test`);
    const [row] = await suite.handle.db.insert(mailboxConnections).values({ accountId: account.id, provider: 'gmail', address: 'parent@gmail.test' }).returning();
    return row!;
  }

  it('round-trips tokens, encrypted at rest: the raw column never contains them', async () => {
    const conn = await connection();
    const store = new DbTokenStore(suite.handle.db, conn.id, TEST_KEYRING);
    const tokens = { accessToken: 'ya29.secret-access-token-value', refreshToken: '1//secret-refresh-token-value', expiresAt: 1_900_000_000_000, scope: 'gmail.readonly' };
    await store.save(tokens);
    expect(await store.get()).toEqual(tokens);
    const raw = rowsOf<{ tokens: string }>(await suite.handle.db.execute(sql`select tokens from mailbox_connections where id = ${conn.id}`))[0]!.tokens;
    expect(raw).toMatch(/^v1\.k1\./);
    expect(raw).not.toContain('secret-access-token');
    expect(raw).not.toContain('secret-refresh-token');
    expect(raw).not.toContain(Buffer.from('secret-access-token').toString('base64').slice(0, 12));
    // A second save seals with a fresh IV.
    await store.save(tokens);
    const raw2 = rowsOf<{ tokens: string }>(await suite.handle.db.execute(sql`select tokens from mailbox_connections where id = ${conn.id}`))[0]!.tokens;
    expect(raw2).not.toBe(raw);
  });

  it('re-seals with the current key after a rotation, and refuses a wrong key', async () => {
    const conn = await connection();
    const old = parseKeyring(`k0:${randomBytes(32).toString('base64')}`);
    await new DbTokenStore(suite.handle.db, conn.id, old).save({ accessToken: 'a', refreshToken: 'r', expiresAt: 1 });
    const rotated = { current: 'k1', keys: { ...TEST_KEYRING.keys, ...old.keys } };
    expect((await new DbTokenStore(suite.handle.db, conn.id, rotated).get()).accessToken).toBe('a');
    const [row] = await suite.handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.id, conn.id));
    expect(row!.tokens).toMatch(/^v1\.k1\./);
    await expect(new DbTokenStore(suite.handle.db, conn.id, old).get()).rejects.toThrow(/unknown key/);
  });

  it('without ENCRYPTION_KEYS it refuses to store, with a message telling the operator what to set', async () => {
    const conn = await connection();
    expect(keyringFromEnv({ ENCRYPTION_KEYS: undefined })).toBeNull();
    const store = new DbTokenStore(suite.handle.db, conn.id, keyringFromEnv({ ENCRYPTION_KEYS: undefined }));
    const err = await store.save({ accessToken: 'a', refreshToken: 'r', expiresAt: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingEncryptionKeyError);
    expect((err as Error).message).toMatch(/Set ENCRYPTION_KEYS/);
    const [row] = await suite.handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.id, conn.id));
    expect(row!.tokens).toBeNull();
  });

  it('markNeedsReconnect sets the status and reason and writes one audit event without secrets', async () => {
    const conn = await connection();
    const store = new DbTokenStore(suite.handle.db, conn.id, TEST_KEYRING);
    await store.save({ accessToken: 'at-very-secret', refreshToken: 'rt-very-secret', expiresAt: 1 });
    await store.markNeedsReconnect('invalid_grant');
    await store.markNeedsReconnect('invalid_grant');
    const [row] = await suite.handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.id, conn.id));
    expect(row).toMatchObject({ status: 'needs_reconnect', statusReason: 'invalid_grant' });
    const events = await suite.handle.db.select().from(auditEvents).where(eq(auditEvents.subjectId, conn.id));
    expect(events.map((e) => [e.action, e.subjectType])).toEqual([['mailbox.needs_reconnect', 'mailbox_connection']]);
    expect(JSON.stringify(events[0]!.data)).not.toContain('very-secret');
  });
});
