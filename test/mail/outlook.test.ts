import { afterEach, describe, expect, it } from 'vitest';
import { MailProviderError } from '../../src/mail/provider.js';
import { graphError } from '../fakes/graph-server.js';
import { startGraphRig, type GraphRig } from '../fakes/graph-setup.js';
import { PARENT, SCHOOL_ADDRESSES, SCHOOL_DOMAINS } from '../fakes/mail-fixtures.js';
import { mailText } from '../helpers/mail.js';
import { contractMailbox, drain, listInput, messageIdOf, runMailProviderContract, type ContractMailbox } from './provider.contract.js';

function load(rig: GraphRig, mailbox: ContractMailbox): void {
  for (const m of mailbox.messages) rig.graph.addMessage(m.raw, m.folder === 'sent' ? 'sentitems' : 'inbox');
}

runMailProviderContract('outlook (Graph client → fake Graph)', async (mailbox) => {
  const rig = await startGraphRig();
  load(rig, mailbox);
  return {
    provider: rig.provider,
    deliver: async (raw, folder = 'inbox') => void rig.graph.addMessage(raw, folder === 'sent' ? 'sentitems' : 'inbox', new Date()),
    close: () => rig.close(),
    setMessageIdPolicy: (policy) => {
      rig.graph.messageIdPolicy = policy;
    },
  };
});

describe('outlook adapter against faults', () => {
  let rig: GraphRig;
  let mailbox: ContractMailbox;
  afterEach(async () => rig?.close());

  async function setup(opts?: Parameters<typeof startGraphRig>[0]) {
    rig = await startGraphRig(opts);
    mailbox = contractMailbox();
    load(rig, mailbox);
  }
  const schoolIds = () => mailbox.messages.filter((m) => m.school).map((m) => m.messageId).sort();
  const isDelta = (r: { path: string }) => r.path.endsWith('/messages/delta');
  const isSyncRead = (r: { path: string }) => /mailfolders.*\/messages(\/delta)?$/i.test(r.path);

  it('backfills every readable folder through /messages in a receivedDateTime window, then delta from t0; sends the token', async () => {
    await setup();
    await drain(rig.provider, mailbox, null, 3);
    const reads = rig.graph.requests.filter(isSyncRead);
    const first = reads[0]!;
    expect(first.path).toMatch(/^\/graph\/v1\.0\/me\/mailFolders\/[^/]+\/messages$/);
    expect(first.query.get('$select')).toBe('id,conversationId,internetMessageId,from,toRecipients,ccRecipients,receivedDateTime');
    expect(first.query.get('$filter')).toMatch(/^receivedDateTime ge 2025-01-01T00:00:00Z and receivedDateTime lt \d{4}-\d\d-\d\dT[\d:]+Z$/);
    expect(first.query.get('$orderby')).toBe('receivedDateTime desc');
    const t0 = /lt (\S+)$/.exec(first.query.get('$filter')!)![1];
    const delta = reads.find(isDelta)!;
    expect(delta.query.get('$filter')).toBe(`receivedDateTime ge ${t0}`);
    expect(rig.graph.requests.every((r) => r.headers.authorization === 'Bearer at-initial')).toBe(true);
  });

  it('an unreadable or foreign cursor restarts the bounded backfill (reset: true) instead of stopping sync', async () => {
    await setup();
    const evil = JSON.stringify({ v: 2, p: 'outlook', excluded: [], folders: [{ id: 'x', phase: 'delta', link: 'https://evil.test/steal?x', pending: true, t0: new Date().toISOString() }] });
    const v1 = JSON.stringify({ v: 1, p: 'outlook', folders: { inbox: { link: "/me/mailfolders('AQMk')/messages/delta?$deltatoken=x", pending: false } } });
    for (const cursor of [evil, v1]) {
      const page = await rig.provider.listChanges(listInput(mailbox, cursor));
      expect(page.reset).toBe(true);
    }
    expect(rig.graph.requests.every((r) => r.path.startsWith('/graph/v1.0/me/'))).toBe(true);
  });

  it('refuses a nextLink that points at another host (the token never leaves the Graph host)', async () => {
    await setup();
    rig.graph.inject({ when: isSyncRead, action: { status: 200, body: { value: [], '@odata.nextLink': 'https://evil.test/v1.0/me/messages?$skip=10' } } });
    await expect(rig.provider.listChanges(listInput(mailbox, null))).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('connection cut mid-page: the same cursor resumes, nothing lost or duplicated', async () => {
    await setup({ provider: { retry: { maxAttempts: 1 } } });
    const first = await rig.provider.listChanges(listInput(mailbox, null));
    rig.graph.inject({ when: isSyncRead, action: { cut: true } });
    const err = await rig.provider.listChanges(listInput(mailbox, first.nextCursor)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailProviderError);
    expect((err as MailProviderError).kind).toBe('transient');
    const rest = await drain(rig.provider, mailbox, first.nextCursor, 3);
    const ids = [...first.upserted.map((u) => u.id), ...rest.ids];
    expect(new Set(ids).size).toBe(ids.length);
    const got = await Promise.all(ids.map(async (id) => messageIdOf(await rig.provider.getRaw(id))));
    expect(got.sort()).toEqual(schoolIds());
  });

  it('500 storm: bounded retries, then a transient error, and the cursor is not advanced', async () => {
    await setup();
    const { cursor } = await drain(rig.provider, mailbox, null, 50);
    rig.graph.addMessage(mailText({ from: 'sped@district.k12.test', to: [PARENT], subject: 's', body: 'b', date: new Date(), messageId: '<storm@x.test>' }));
    rig.graph.inject({ when: isDelta, times: Infinity, action: { status: 503, body: graphError('ServiceUnavailable', 'Service Unavailable') } });
    rig.graph.clearRequests();
    const err = await rig.provider.listChanges(listInput(mailbox, cursor)).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', retryable: true });
    expect(rig.graph.requests.filter(isDelta).length).toBe(4);
    rig.graph.clearFaults();
    const inc = await drain(rig.provider, mailbox, cursor, 50);
    expect(await Promise.all(inc.ids.map(async (id) => messageIdOf(await rig.provider.getRaw(id))))).toEqual(['<storm@x.test>']);
  });

  it('token revoked mid-sync: auth error and markNeedsReconnect (invalid_grant from the v2 endpoint)', async () => {
    await setup();
    const first = await rig.provider.listChanges(listInput(mailbox, null));
    rig.graph.validTokens.clear();
    rig.oauth.revoke();
    const err = await rig.provider.listChanges(listInput(mailbox, first.nextCursor)).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', retryable: false });
    expect(rig.store.reconnectReasons).toEqual(['invalid_grant']);
  });

  it('expired access token: refreshed on the 401 (rotated refresh token saved), request replayed', async () => {
    await setup();
    rig.graph.validTokens.clear();
    const page = await rig.provider.listChanges(listInput(mailbox, null));
    expect(page.upserted.length).toBeGreaterThan(0);
    const saved = await rig.store.get();
    expect(saved.accessToken).toBe(rig.oauth.issued[0]);
    expect(saved.refreshToken).not.toBe('rt-initial');
    const statuses = rig.graph.requests.map((r) => r.status);
    expect(statuses[0]).toBe(401);
    expect(statuses.slice(1).every((s) => s === 200)).toBe(true);
    expect(statuses.length).toBeGreaterThan(1);
  });

  it('401 after refresh: auth error and markNeedsReconnect', async () => {
    await setup();
    rig.oauth.onAccessToken = () => {};
    rig.graph.validTokens.clear();
    await expect(rig.provider.listChanges(listInput(mailbox, null))).rejects.toMatchObject({ kind: 'auth' });
    expect(rig.store.reconnectReasons).toEqual(['unauthorized after token refresh']);
  });

  it('410 SyncStateNotFound: reset:true and a bounded resync of the expired folders', async () => {
    await setup();
    const { cursor } = await drain(rig.provider, mailbox, null, 50);
    rig.graph.expireDeltaLinks();
    const first = await rig.provider.listChanges(listInput(mailbox, cursor, 50));
    expect(first.reset).toBe(true);
    const rest = first.hasMore ? await drain(rig.provider, mailbox, first.nextCursor, 50) : { ids: [], pages: [] };
    const ids = [...first.upserted.map((u) => u.id), ...rest.ids];
    const got = await Promise.all(ids.map(async (id) => messageIdOf(await rig.provider.getRaw(id))));
    expect(got.sort()).toEqual(schoolIds());
  });

  it('429 with Retry-After is honoured (measured at the server)', async () => {
    await setup();
    rig.graph.inject({ when: isSyncRead, action: { status: 429, headers: { 'retry-after': '1' }, body: graphError('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.') } });
    const started = performance.now();
    await rig.provider.listChanges(listInput(mailbox, null));
    const at = rig.graph.requests.findIndex((r) => r.status === 429);
    const [refused, ok] = rig.graph.requests.slice(at);
    expect(refused!.status).toBe(429);
    expect(ok!.status).toBe(200);
    expect(ok!.at - refused!.at).toBeGreaterThanOrEqual(990);
    expect(ok!.at - refused!.at).toBeLessThan(1500);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('reports @removed entries as deleted', async () => {
    await setup();
    const { cursor } = await drain(rig.provider, mailbox, null, 50);
    const victim = [...rig.graph.messages.values()].find((m) => m.internetMessageId === '<contract-2@fixtures.test>')!;
    rig.graph.deleteMessage(victim.id);
    const inc = await drain(rig.provider, mailbox, cursor, 50);
    expect(inc.pages.flatMap((p) => p.deleted)).toEqual([victim.id]);
  });

  it('sends raw MIME via sendMail (exact bytes plus the conversation headers, base64 text/plain), not retried after a 5xx', async () => {
    await setup();
    const parent = [...rig.graph.messages.values()].find((m) => m.internetMessageId === '<contract-2@fixtures.test>')!;
    const raw = Buffer.from(mailText({ from: PARENT, to: ['sped@district.k12.test'], subject: 'Re: Subject 2', body: 'Exact text.', date: new Date(), messageId: '<once@x.test>', inReplyTo: '<contract-2@fixtures.test>', references: '<contract-2@fixtures.test>' }).replace(/\r?\n/g, '\r\n'));
    rig.graph.inject({ when: (r) => r.path.endsWith('/sendMail'), action: { status: 500, body: graphError('generalException', 'General exception while processing.') } });
    await expect(rig.provider.send({ raw, messageId: '<once@x.test>', replyToProviderId: parent.id })).rejects.toMatchObject({ kind: 'transient', retryable: false });
    expect(rig.graph.requests.filter((r) => r.path.endsWith('/sendMail')).length).toBe(1);
    const sent = await rig.provider.send({ raw, messageId: '<once@x.test>', replyToProviderId: parent.id });
    const req = rig.graph.requests.filter((r) => r.path.endsWith('/sendMail'))[1]!;
    expect(req.headers['content-type']).toBe('text/plain');
    const out = Buffer.from(req.body.toString(), 'base64');
    // The composed bytes with Thread-Topic and Thread-Index appended to the header (outlook-threading.test.ts).
    const end = raw.indexOf('\r\n\r\n');
    expect(out.subarray(0, end).equals(raw.subarray(0, end))).toBe(true);
    expect(out.subarray(out.indexOf('\r\n\r\n')).equals(raw.subarray(end))).toBe(true);
    expect(out.subarray(end, out.indexOf('\r\n\r\n')).toString()).toMatch(/^\r\nThread-Topic: Subject 2\r\nThread-Index: [A-Za-z0-9+/=]+$/);
    expect(sent.threadId).toBe(parent.conversationId);
  });
});

describe('outlook against the production behaviours of Graph', () => {
  let rig: GraphRig;
  afterEach(async () => rig?.close());
  const school = (n: number, date: Date, from = 'sped@district.k12.test') =>
    mailText({ from, to: [PARENT], subject: `S ${n}`, body: `b ${n}`, date, messageId: `<prod-${n}@district.k12.test>` });
  const input = (cursor: string | null, limit = 50) => ({ cursor, since: new Date(Date.UTC(2025, 0, 1)), schoolAddresses: SCHOOL_ADDRESSES, schoolDomains: SCHOOL_DOMAINS, limit });
  async function drainAll(cursor: string | null, limit = 50) {
    const ids: string[] = [];
    let next = cursor;
    for (let i = 0; i < 500; i++) {
      const page = await rig.provider.listChanges(input(next, limit));
      ids.push(...page.upserted.map((u) => u.id));
      next = page.nextCursor;
      if (!page.hasMore) return { ids, cursor: next };
    }
    throw new Error('never finished');
  }
  const messageIds = async (ids: string[]) => (await Promise.all(ids.map(async (id) => messageIdOf(await rig.provider.getRaw(id))))).sort();

  it('links come back as mailfolders(\'<id>\') and later rounds keep working on them (sync does not stop after a page)', async () => {
    rig = await startGraphRig();
    for (let i = 0; i < 7; i++) rig.graph.addMessage(school(i, new Date(Date.UTC(2025, 3, 1 + i))));
    const first = await drainAll(null, 2);
    expect(first.ids.length).toBe(7);
    rig.graph.addMessage(school(100, new Date()), 'inbox', new Date());
    const second = await drainAll(first.cursor, 2);
    expect(await messageIds(second.ids)).toEqual(['<prod-100@district.k12.test>']);
    expect(rig.graph.requests.some((r) => r.path.includes("mailfolders('") && r.query.has('$deltatoken'))).toBe(true);
    expect(rig.graph.requests.some((r) => r.path.includes("mailFolders('") && r.query.has('$skip'))).toBe(true);
    rig.graph.addMessage(school(101, new Date()), 'inbox', new Date());
    const third = await drainAll(second.cursor, 2);
    expect(await messageIds(third.ids)).toEqual(['<prod-101@district.k12.test>']);
  });

  it('reads Archive and rule-made subfolders, found as they appear; never Junk, Deleted Items or Drafts', async () => {
    rig = await startGraphRig();
    const iep = rig.graph.mailbox.addFolder('IEP', 'inbox');
    const nested = rig.graph.mailbox.addFolder('2025', iep);
    rig.graph.addMessage(school(1, new Date(Date.UTC(2025, 4, 1))), 'archive');
    rig.graph.addMessage(school(2, new Date(Date.UTC(2025, 4, 2))), iep);
    rig.graph.addMessage(school(3, new Date(Date.UTC(2025, 4, 3))), nested);
    rig.graph.addMessage(school(4, new Date(Date.UTC(2025, 4, 4))), 'junkemail');
    rig.graph.addMessage(school(5, new Date(Date.UTC(2025, 4, 5))), 'deleteditems');
    rig.graph.addMessage(school(6, new Date(Date.UTC(2025, 4, 6))), 'drafts');
    const first = await drainAll(null, 50);
    expect(await messageIds(first.ids)).toEqual(['<prod-1@district.k12.test>', '<prod-2@district.k12.test>', '<prod-3@district.k12.test>']);
    // A rule made after the first sync files new school mail into its own folder.
    const district = rig.graph.mailbox.addFolder('District', 'root');
    rig.graph.addMessage(school(7, new Date()), district, new Date());
    const next = await drainAll(first.cursor, 50);
    expect(await messageIds(next.ids)).toEqual(['<prod-7@district.k12.test>']);
  });

  it('a busy folder: every one of 6,000 school messages is backfilled although filtered delta stops at 5,000', async () => {
    rig = await startGraphRig();
    const start = Date.UTC(2025, 0, 2);
    for (let i = 0; i < 6_000; i++) rig.graph.addMessage(school(i, new Date(start + i * 60_000)));
    // The fake has the cap: a filtered delta round returns 5,000 of them and then a deltaLink.
    let naive = 0;
    let link: string | null = `/me/mailFolders/inbox/messages/delta?$select=id&$filter=${encodeURIComponent('receivedDateTime ge 2025-01-01T00:00:00Z')}`;
    while (link) {
      const path: string = link;
      const res = (await rig.provider.client.call('delta', (g) => g.api(path).header('Prefer', 'odata.maxpagesize=1000').get())) as { value: unknown[]; '@odata.nextLink'?: string };
      naive += res.value.length;
      link = res['@odata.nextLink'] ? rig.provider.client.relativeLink(res['@odata.nextLink']) : null;
    }
    expect(naive).toBe(5_000);
    const { ids } = await drainAll(null, 1000);
    expect(new Set(ids).size).toBe(6_000);
  }, 60_000);
});
