import { afterEach, describe, expect, it } from 'vitest';
import { MailProviderError } from '../../src/mail/provider.js';
import { graphError } from '../fakes/graph-server.js';
import { startGraphRig, type GraphRig } from '../fakes/graph-setup.js';
import { PARENT, rfc822 } from '../fakes/mail-fixtures.js';
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

  it('asks delta for both folders with $select, the receivedDateTime filter and a page size; sends the token', async () => {
    await setup();
    await drain(rig.provider, mailbox, null, 3);
    const first = rig.graph.requests.filter(isDelta);
    expect(first[0]!.path).toBe('/graph/v1.0/me/mailFolders/inbox/messages/delta');
    expect(first[0]!.query.get('$select')).toBe('id,conversationId,internetMessageId,from,toRecipients,ccRecipients,receivedDateTime');
    expect(first[0]!.query.get('$filter')).toBe('receivedDateTime ge 2025-01-01T00:00:00Z');
    expect(first[0]!.headers.prefer).toBe('odata.maxpagesize=3');
    expect(first.some((r) => r.path.includes('/sentitems/'))).toBe(true);
    expect(first.every((r) => r.headers.authorization === 'Bearer at-initial')).toBe(true);
  });

  it('refuses a cursor whose link would leave the configured Graph host', async () => {
    await setup();
    const evil = JSON.stringify({ v: 1, p: 'outlook', folders: { inbox: { link: 'https://evil.test/steal?x', pending: true }, sentitems: { link: '/me/mailFolders/sentitems/messages/delta?$deltatoken=x', pending: false } } });
    await expect(rig.provider.listChanges(listInput(mailbox, evil))).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('connection cut mid-page: the same cursor resumes, nothing lost or duplicated', async () => {
    await setup({ provider: { retry: { maxAttempts: 1 } } });
    const first = await rig.provider.listChanges(listInput(mailbox, null));
    rig.graph.inject({ when: isDelta, action: { cut: true } });
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
    rig.graph.addMessage(rfc822({ from: 'sped@district.k12.test', to: [PARENT], subject: 's', body: 'b', date: new Date(), messageId: '<storm@x.test>' }));
    rig.graph.inject({ when: isDelta, times: Infinity, action: { status: 503, body: graphError('ServiceUnavailable', 'Service Unavailable') } });
    rig.graph.clearRequests();
    const err = await rig.provider.listChanges(listInput(mailbox, cursor)).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', retryable: true });
    expect(rig.graph.requests.length).toBe(4);
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
    expect(statuses).toEqual([401, 200]);
  });

  it('401 after refresh: auth error and markNeedsReconnect', async () => {
    await setup();
    rig.oauth.onAccessToken = () => {};
    rig.graph.validTokens.clear();
    await expect(rig.provider.listChanges(listInput(mailbox, null))).rejects.toMatchObject({ kind: 'auth' });
    expect(rig.store.reconnectReasons).toEqual(['unauthorized after token refresh']);
  });

  it('410 SyncStateNotFound: reset:true and a bounded resync of both folders', async () => {
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
    rig.graph.inject({ when: isDelta, action: { status: 429, headers: { 'retry-after': '1' }, body: graphError('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.') } });
    const started = performance.now();
    await rig.provider.listChanges(listInput(mailbox, null));
    const [refused, ok] = rig.graph.requests;
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

  it('sends raw MIME via sendMail (exact bytes, base64 text/plain), not retried after a 5xx', async () => {
    await setup();
    const raw = Buffer.from(rfc822({ from: PARENT, to: ['sped@district.k12.test'], subject: 'Re: Subject 2', body: 'Exact text.', date: new Date(), messageId: '<once@x.test>', inReplyTo: '<contract-2@fixtures.test>' }));
    rig.graph.inject({ when: (r) => r.path.endsWith('/sendMail'), action: { status: 500, body: graphError('generalException', 'General exception while processing.') } });
    await expect(rig.provider.send({ raw, messageId: '<once@x.test>' })).rejects.toMatchObject({ kind: 'transient', retryable: false });
    expect(rig.graph.requests.filter((r) => r.path.endsWith('/sendMail')).length).toBe(1);
    const sent = await rig.provider.send({ raw, messageId: '<once@x.test>' });
    const req = rig.graph.requests.filter((r) => r.path.endsWith('/sendMail'))[1]!;
    expect(req.headers['content-type']).toBe('text/plain');
    expect(Buffer.from(req.body.toString(), 'base64').equals(raw)).toBe(true);
    const parent = [...rig.graph.messages.values()].find((m) => m.internetMessageId === '<contract-2@fixtures.test>')!;
    expect(sent.threadId).toBe(parent.conversationId);
  });
});
