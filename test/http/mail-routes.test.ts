import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { auditEvents, mailboxConnections, messages } from '../../src/db/schema.js';
import { oauthRoutes, type AppEnv, type OAuthRouteDeps } from '../../src/http/routes/oauth.js';
import { gmailPushEndpoint, pushRoutes, pushToken } from '../../src/http/routes/push.js';
import { createGoogleOAuth } from '../../src/mail/oauth/google.js';
import { createMicrosoftOAuth } from '../../src/mail/oauth/microsoft.js';
import { ensureAccount } from '../../src/services/accounts/accounts.js';
import { ensurePushSubscription, graphPushState, hashClientState } from '../../src/services/mailbox/push-subscriptions.js';
import { syncConnection } from '../../src/services/mailbox/sync.js';
import { openTokens } from '../../src/services/mailbox/token-store-db.js';
import { createTestDb, DRIVERS } from '../helpers/db.js';
import { connectedMailbox, connectionRow, quietLog, startMailRig, TEST_KEYRING, type MailRig } from '../helpers/mail-rig.js';
import { PARENT } from '../fakes/mail-fixtures.js';
import { mailText } from '../helpers/mail.js';

const SECRET = 's'.repeat(40);

describe.each(DRIVERS)('mail HTTP routes on $driver', ({ driver, skip }) => {
  describe.skipIf(skip !== null)(skip ? `skipped: ${skip}` : 'one database for the file', () => {
    let handle: DbHandle;
    let rig: MailRig;
    let triggered: string[];
    let background: Promise<unknown>[];
    let connected: string[];
    beforeAll(async () => {
      handle = await createTestDb(driver);
    });
    afterAll(async () => {
      await handle?.close();
    });
    beforeEach(async () => {
      rig = await startMailRig();
      triggered = [];
      background = [];
      connected = [];
    });
    afterEach(async () => {
      await Promise.allSettled(background);
      await rig.close();
    });

    function buildApp(overrides: Partial<OAuthRouteDeps> = {}, sync = false) {
      const app = new Hono<AppEnv>();
      // Stands in for the session middleware.
      app.use('*', async (c, next) => {
        const id = c.req.header('x-test-account');
        if (id) c.set('accountId', id);
        await next();
      });
      app.route(
        '/',
        oauthRoutes({
          db: handle.db,
          keyring: TEST_KEYRING,
          sessionSecret: SECRET,
          appUrl: 'http://localhost',
          clients: {
            gmail: createGoogleOAuth({ clientId: rig.google.clientId, clientSecret: rig.google.clientSecret, redirectUri: 'http://localhost/connect/gmail/callback', endpoints: { tokenEndpoint: rig.google.tokenEndpoint } }),
            outlook: createMicrosoftOAuth({ clientId: rig.microsoft.clientId, clientSecret: rig.microsoft.clientSecret, redirectUri: 'http://localhost/connect/outlook/callback', endpoints: { tokenEndpoint: rig.microsoft.tokenEndpoint } }),
          },
          gmailRootUrl: rig.gmail.rootUrl,
          graphBaseUrl: rig.graph.baseUrl,
          onConnected: (id) => void connected.push(id),
          log: quietLog,
          ...overrides,
        }),
      );
      app.route(
        '/',
        pushRoutes({
          db: handle.db,
          sessionSecret: SECRET,
          log: quietLog,
          trigger: (id) => {
            triggered.push(id);
            if (sync) background.push(syncConnection(rig.deps(handle.db), id));
          },
        }),
      );
      return app;
    }

    async function newAccount() {
      return ensureAccount(handle.db, `oauth-${randomBytes(4).toString('hex')}@family.test`);
    }

    async function startConnect(app: Hono<AppEnv>, provider: 'gmail' | 'outlook', accountId: string, scope?: string) {
      const res = await app.request(`/connect/${provider}`, { headers: { 'x-test-account': accountId } });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      const setCookie = res.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      const cookie = setCookie.split(';')[0]!;
      const state = location.searchParams.get('state')!;
      const challenge = location.searchParams.get('code_challenge')!;
      expect(location.searchParams.get('code_challenge_method')).toBe('S256');
      const idp = provider === 'gmail' ? rig.google : rig.microsoft;
      const code = idp.issueCode({ challenge, redirectUri: location.searchParams.get('redirect_uri')!, ...(scope !== undefined ? { scope } : {}) });
      return { location, cookie, state, code };
    }

    const callback = (app: Hono<AppEnv>, provider: string, q: Record<string, string>, accountId: string, cookie?: string) =>
      app.request(`/connect/${provider}/callback?${new URLSearchParams(q)}`, { headers: { 'x-test-account': accountId, ...(cookie ? { cookie } : {}) } });

    const connectionsOf = (accountId: string) => handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.accountId, accountId));

    for (const provider of ['gmail', 'outlook'] as const) {
      it(`${provider}: connect → consent → callback stores the mailbox with encrypted tokens and redirects home`, async () => {
        const app = buildApp();
        const account = await newAccount();
        const { location, cookie, state, code } = await startConnect(app, provider, account.id);
        expect(location.searchParams.get('scope')).toContain(provider === 'gmail' ? 'gmail.send' : 'Mail.Send');
        const res = await callback(app, provider, { code, state }, account.id, cookie);
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toBe('/');
        const [row] = await connectionsOf(account.id);
        expect(row).toMatchObject({ provider, address: PARENT, status: 'active' });
        const issued = (provider === 'gmail' ? rig.google : rig.microsoft).issued.at(-1)!;
        expect(row!.tokens).not.toContain(issued);
        expect((await openTokens(row!.tokens!, TEST_KEYRING)).accessToken).toBe(issued);
        expect(connected).toEqual([row!.id]);
        const events = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, account.id), eq(auditEvents.action, 'mailbox.connected')));
        expect(events.length).toBe(1);
        expect(JSON.stringify(events[0]!.data)).not.toContain(issued);
      });
    }

    for (const [provider, granted] of [
      ['gmail', 'https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.compose'],
      ['outlook', 'openid profile https://graph.microsoft.com/User.Read https://graph.microsoft.com/Mail.ReadWrite'],
    ] as const) {
      it(`${provider}: a grant without the send permission is refused at connect time and the parent is asked again`, async () => {
        const app = buildApp();
        const account = await newAccount();
        const { cookie, state, code } = await startConnect(app, provider, account.id, granted);
        const res = await callback(app, provider, { code, state }, account.id, cookie);
        expect(res.status).toBe(403);
        const page = await res.text();
        expect(page).toContain(`href="/connect/${provider}"`);
        expect(page).toContain('send the follow-ups you approve');
        expect(await connectionsOf(account.id)).toEqual([]);
      });
    }

    it('gmail: a grant listing every scope connects', async () => {
      const app = buildApp();
      const account = await newAccount();
      const all = 'https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.compose';
      const { cookie, state, code } = await startConnect(app, 'gmail', account.id, all);
      const res = await callback(app, 'gmail', { code, state }, account.id, cookie);
      expect(res.status).toBe(302);
      expect((await connectionsOf(account.id)).length).toBe(1);
    });

    it('callback with a tampered state → 400 and nothing stored', async () => {
      const app = buildApp();
      const account = await newAccount();
      const { cookie, state, code } = await startConnect(app, 'gmail', account.id);
      const [body, sig] = state.split('.') as [string, string];
      const tampered = `${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
      const res = await callback(app, 'gmail', { code, state: tampered }, account.id, cookie);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_state' });
      expect(await connectionsOf(account.id)).toEqual([]);
      // The code was never redeemed.
      expect(rig.google.requests.filter((r) => r.path === '/token').length).toBe(0);
    });

    it('callback for another account, without the PKCE cookie, or for the other provider → 400', async () => {
      const app = buildApp();
      const account = await newAccount();
      const intruder = await newAccount();
      const { cookie, state, code } = await startConnect(app, 'gmail', account.id);
      expect((await callback(app, 'gmail', { code, state }, intruder.id, cookie)).status).toBe(400);
      expect((await callback(app, 'gmail', { code, state }, account.id)).status).toBe(400);
      expect((await callback(app, 'outlook', { code, state }, account.id, cookie)).status).toBe(400);
      expect(await connectionsOf(account.id)).toEqual([]);
      expect(await connectionsOf(intruder.id)).toEqual([]);
    });

    it('refuses to start without ENCRYPTION_KEYS, saying what to set; 401 without a session', async () => {
      const app = buildApp({ keyring: null });
      const account = await newAccount();
      const res = await app.request('/connect/gmail', { headers: { 'x-test-account': account.id } });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { message: string }).message).toMatch(/ENCRYPTION_KEYS/);
      expect((await buildApp().request('/connect/gmail')).status).toBe(401);
    });

    it('graph push: validation handshake echoes the token as text/plain', async () => {
      const app = buildApp();
      const token = 'Validation: Testing client application reachability for subscription Request-Id: 2d6f5c1e';
      const res = await app.request(`/push/graph?validationToken=${encodeURIComponent(token)}`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe(token);
    });

    it('graph: subscription created through the validation handshake, notifications checked by clientState, renewed near expiry', async () => {
      const app = buildApp();
      const { connection } = await connectedMailbox(handle.db, rig, 'outlook');
      rig.graph.validateNotificationUrl = async (url) => {
        const u = new URL(url);
        expect(u.origin).toBe('https://app.test');
        const res = await app.request(`${u.pathname}${u.search}`, { method: 'POST' });
        return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
      };
      const pushDeps = { ...rig.deps(handle.db), appUrl: 'https://app.test' };
      const created = await ensurePushSubscription(pushDeps, connection.id);
      expect(created).toMatchObject({ action: 'created' });
      const [sub] = [...rig.graph.subscriptions.values()];
      expect(sub).toMatchObject({ resource: 'me/messages', changeType: 'created', notificationUrl: 'https://app.test/push/graph' });
      const state = graphPushState(await connectionRow(handle.db, connection.id))!;
      expect(state.subscriptionId).toBe(sub!.id);
      expect(state.clientStateHash).toBe(hashClientState(sub!.clientState!));
      expect(JSON.stringify(await connectionRow(handle.db, connection.id))).not.toContain(sub!.clientState!);

      const bad = await app.request('/push/graph', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rig.graph.notificationFor(sub!.id, 'AAMk1', 'not-the-secret')) });
      expect(bad.status).toBe(202);
      // Answered before the notifications are looked up (Graph wants a 2xx within 3 s): wait for the lookup.
      await new Promise((r) => setTimeout(r, 200));
      expect(triggered).toEqual([]);
      const good = await app.request('/push/graph', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rig.graph.notificationFor(sub!.id, 'AAMk1')) });
      expect(good.status).toBe(202);
      await vi.waitFor(() => expect(triggered).toEqual([connection.id]));

      expect(await ensurePushSubscription(pushDeps, connection.id)).toMatchObject({ action: 'unchanged' });
      const nearExpiry = new Date(Date.parse(state.expiresAt) - 12 * 3600_000);
      const renewed = await ensurePushSubscription(pushDeps, connection.id, { now: nearExpiry });
      expect(renewed).toMatchObject({ action: 'renewed' });
      expect(rig.graph.requests.filter((r) => r.method === 'PATCH').length).toBe(1);
      // Gone on Graph's side: recreated.
      rig.graph.subscriptions.clear();
      const current = graphPushState(await connectionRow(handle.db, connection.id))!;
      await handle.db
        .update(mailboxConnections)
        .set({ push: { graph: { ...current, expiresAt: new Date(Date.now() + 3600_000).toISOString() } } })
        .where(eq(mailboxConnections.id, connection.id));
      const again = await ensurePushSubscription(pushDeps, connection.id);
      expect(again).toMatchObject({ action: 'created' });
      expect(graphPushState(await connectionRow(handle.db, connection.id))!.subscriptionId).not.toBe(current.subscriptionId);
    });

    it('graph: no subscription when APP_URL is not https (polling stays)', async () => {
      const { connection } = await connectedMailbox(handle.db, rig, 'outlook');
      const out = await ensurePushSubscription({ ...rig.deps(handle.db), appUrl: 'http://localhost:8787' }, connection.id);
      expect(out).toMatchObject({ action: 'skipped' });
      expect(out.reason).toMatch(/https/);
      expect(rig.graph.subscriptions.size).toBe(0);
    });

    it('gmail: users.watch on the topic, renewed only near expiry; skipped without a topic', async () => {
      const { connection } = await connectedMailbox(handle.db, rig, 'gmail');
      const deps = { ...rig.deps(handle.db), appUrl: 'http://localhost' };
      expect(await ensurePushSubscription(deps, connection.id)).toMatchObject({ action: 'skipped' });
      const topic = 'projects/followthrough-test/topics/gmail-push';
      expect(await ensurePushSubscription({ ...deps, gmailTopic: topic }, connection.id)).toMatchObject({ action: 'created' });
      expect(rig.gmail.watches).toMatchObject([{ topicName: topic }]);
      const row = await connectionRow(handle.db, connection.id);
      expect(row.push).toMatchObject({ gmail: { topic, historyId: String(rig.gmail.historyId) } });
      expect(await ensurePushSubscription({ ...deps, gmailTopic: topic }, connection.id)).toMatchObject({ action: 'unchanged' });
      const exp = (row.push as { gmail: { expiration: number } }).gmail.expiration;
      expect(await ensurePushSubscription({ ...deps, gmailTopic: topic }, connection.id, { now: new Date(exp - 3600_000) })).toMatchObject({ action: 'renewed' });
      expect(rig.gmail.watches.length).toBe(2);
    });

    it('gmail push: the shared token triggers a sync of that mailbox; a bad token is refused with 403', async () => {
      const app = buildApp({}, true);
      const address = `pushed-${randomBytes(3).toString('hex')}@gmail.test`;
      const { account, connection } = await connectedMailbox(handle.db, rig, 'gmail', { address });
      rig.gmail.addMessage(mailText({ from: 'sped@district.k12.test', to: [PARENT], subject: 'Pushed', body: 'Hello.', date: new Date(), messageId: '<pushed@district.k12.test>' }));
      const data = Buffer.from(JSON.stringify({ emailAddress: address.toUpperCase(), historyId: rig.gmail.historyId })).toString('base64');
      const payload = JSON.stringify({ message: { data, messageId: '2070443601311540', publishTime: new Date().toISOString() }, subscription: 'projects/followthrough-test/subscriptions/gmail-push' });

      const badRes = await app.request('/push/gmail?token=forged', { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
      expect(badRes.status).toBe(403);
      expect(triggered).toEqual([]);

      const url = new URL(gmailPushEndpoint('https://app.test', SECRET));
      const res = await app.request(`${url.pathname}${url.search}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
      expect(res.status).toBe(204);
      expect(triggered).toEqual([connection.id]);
      await Promise.all(background);
      const rows = await handle.db.select().from(messages).where(eq(messages.accountId, account.id));
      expect(rows.map((r) => r.messageId)).toEqual(['<pushed@district.k12.test>']);

      // A per-connection token works for that mailbox only; malformed bodies are acknowledged.
      triggered.length = 0;
      const own = await app.request(`/push/gmail?token=${pushToken(SECRET, connection.id)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
      expect(own.status).toBe(204);
      expect(triggered).toEqual([connection.id]);
      const junk = await app.request(`/push/gmail?token=${pushToken(SECRET, 'gmail')}`, { method: 'POST', body: 'not json' });
      expect(junk.status).toBe(204);
    });
  });
});

describe('mailServices', () => {
  it('builds the mail side from the environment without touching the network', async () => {
    const { parseEnv } = await import('../../src/config/env.js');
    const { mailServices } = await import('../../src/services/mailbox/services.js');
    const { silentLogger } = await import('../../src/log/logger.js');
    const env = parseEnv({ NODE_ENV: 'test', GOOGLE_CLIENT_ID: 'g', GOOGLE_CLIENT_SECRET: 'gs', ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`, SESSION_SECRET: SECRET, GMAIL_PUBSUB_TOPIC: 'projects/p/topics/t' });
    const services = mailServices({ db: {} as never, env, log: silentLogger });
    expect(Object.keys(services.oauthClients)).toEqual(['gmail']);
    expect(services.sync.keyring?.current).toBe('k1');
    expect(services.push.gmailTopic).toBe('projects/p/topics/t');
    const url = new URL(services.oauthClients.gmail!.authorizationUrl({ state: 's', codeChallenge: 'c' }));
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:8787/connect/gmail/callback');
    expect(() => parseEnv({ GMAIL_PUBSUB_TOPIC: 'not-a-topic' })).toThrow(/GMAIL_PUBSUB_TOPIC/);
  });
});
