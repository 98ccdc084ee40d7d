/**
 * The product's mail services wired to the local fakes over real HTTP: a fake Gmail + Google token endpoint and
 * a fake Graph + Microsoft token endpoint, a keyring, and helpers that create an account with school contacts
 * and a connection whose tokens are stored encrypted, as the OAuth callback would.
 */
import { silentLogger } from '../../src/log/logger.js';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { mailboxConnections } from '../../src/db/schema.js';
import { createGoogleOAuth } from '../../src/mail/oauth/google.js';
import { createMicrosoftOAuth } from '../../src/mail/oauth/microsoft.js';
import type { RetryPolicy } from '../../src/mail/quota.js';
import { parseKeyring, type Keyring } from '../../src/security/crypto.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../src/services/accounts/accounts.js';
import type { MailDeps, ProviderConfig } from '../../src/services/mailbox/providers.js';
import { sealTokens } from '../../src/services/mailbox/token-store-db.js';
import { FAST_RETRY } from '../fakes/gmail-setup.js';
import { FakeGmailServer } from '../fakes/gmail-server.js';
import { FakeGraphServer } from '../fakes/graph-server.js';
import { PARENT, SCHOOL_ADDRESSES, SCHOOL_DOMAINS } from '../fakes/mail-fixtures.js';
import { FakeOAuthServer } from '../fakes/oauth-server.js';

export const TEST_KEYRING: Keyring = parseKeyring(`k1:${randomBytes(32).toString('base64')}`);

export interface MailRig {
  gmail: FakeGmailServer;
  google: FakeOAuthServer;
  graph: FakeGraphServer;
  microsoft: FakeOAuthServer;
  providers(retry?: Partial<RetryPolicy>): ProviderConfig;
  deps(db: Db, extra?: Partial<MailDeps>): MailDeps;
  close(): Promise<void>;
}

export const quietLog: NonNullable<MailDeps['log']> = silentLogger;

export async function startMailRig(): Promise<MailRig> {
  const gmail = new FakeGmailServer({ email: PARENT });
  const google = new FakeOAuthServer('google');
  const graph = new FakeGraphServer();
  graph.email = PARENT;
  const microsoft = new FakeOAuthServer('microsoft');
  await Promise.all([gmail.start(), google.start(), graph.start(), microsoft.start()]);
  google.onAccessToken = (t) => gmail.validTokens.add(t);
  microsoft.onAccessToken = (t) => graph.validTokens.add(t);
  const providers = (retry: Partial<RetryPolicy> = FAST_RETRY): ProviderConfig => ({
    gmail: {
      oauth: createGoogleOAuth({ clientId: google.clientId, clientSecret: google.clientSecret, redirectUri: 'http://localhost/connect/gmail/callback', endpoints: { tokenEndpoint: google.tokenEndpoint } }),
      rootUrl: gmail.rootUrl,
      retry: { ...FAST_RETRY, ...retry },
      quota: { unitsPerSec: 1_000_000, burst: 100_000 },
    },
    outlook: {
      oauth: createMicrosoftOAuth({ clientId: microsoft.clientId, clientSecret: microsoft.clientSecret, redirectUri: 'http://localhost/connect/outlook/callback', endpoints: { tokenEndpoint: microsoft.tokenEndpoint } }),
      baseUrl: graph.baseUrl,
      retry: { ...FAST_RETRY, ...retry },
      requestsPerSec: 100_000,
    },
  });
  return {
    gmail,
    google,
    graph,
    microsoft,
    providers,
    deps: (db, extra = {}) => ({ db, keyring: TEST_KEYRING, providers: providers(), log: quietLog, ...extra }),
    async close() {
      await Promise.all([gmail.stop(), google.stop(), graph.stop(), microsoft.stop()]);
    },
  };
}

let n = 0;

/** An account (PARENT-like address), one child with the fixtures' school contacts, and a connected mailbox. */
export async function connectedMailbox(
  db: Db,
  rig: MailRig,
  provider: 'gmail' | 'outlook',
  opts: { label?: string; contacts?: string[]; address?: string } = {},
) {
  const account = await ensureAccount(db, `${opts.label ?? 'family'}-${++n}-${randomBytes(3).toString('hex')}@family.test`, 'Pat Parent');
  const child = await ensureChild(db, account.id, { name: 'Sam', state: 'CA' });
  await addSchoolContacts(db, account.id, child.id, opts.contacts ?? [...SCHOOL_DOMAINS, ...SCHOOL_ADDRESSES]);
  const access = `at-${provider}-${n}-${randomBytes(4).toString('hex')}`;
  const refresh = `rt-${provider}-${n}-${randomBytes(4).toString('hex')}`;
  (provider === 'gmail' ? rig.gmail : rig.graph).validTokens.add(access);
  (provider === 'gmail' ? rig.google : rig.microsoft).addRefreshToken(refresh);
  const tokens = await sealTokens({ accessToken: access, refreshToken: refresh, expiresAt: Date.now() + 3_600_000 }, TEST_KEYRING);
  const [connection] = await db.insert(mailboxConnections).values({ accountId: account.id, provider, address: opts.address ?? PARENT, tokens }).returning();
  return { account, child, connection: connection!, access, refresh };
}

export async function connectionRow(db: Db, id: string) {
  const [row] = await db.select().from(mailboxConnections).where(eq(mailboxConnections.id, id));
  return row!;
}
