import { afterEach, describe, expect, it } from 'vitest';
import { MailProviderError } from '../../src/mail/provider.js';
import { gmailError } from '../fakes/gmail-server.js';
import { startGmailRig, type GmailRig } from '../fakes/gmail-setup.js';
import { PARENT } from '../fakes/mail-fixtures.js';
import { mailText } from '../helpers/mail.js';
import { contractMailbox, drain, listInput, messageIdOf, runMailProviderContract, type ContractMailbox } from './provider.contract.js';

function load(rig: GmailRig, mailbox: ContractMailbox): void {
  for (const m of mailbox.messages) rig.gmail.addMessage(m.raw, { labelIds: m.folder === 'sent' ? ['SENT'] : ['INBOX'] });
}

runMailProviderContract('gmail (googleapis → fake Gmail)', async (mailbox) => {
  const rig = await startGmailRig();
  load(rig, mailbox);
  return {
    provider: rig.provider,
    deliver: async (raw, folder = 'inbox') => void rig.gmail.addMessage(raw, { labelIds: folder === 'sent' ? ['SENT'] : ['INBOX'] }),
    close: () => rig.close(),
    setMessageIdPolicy: (policy) => {
      rig.gmail.messageIdPolicy = policy;
    },
  };
});

describe('gmail adapter against faults', () => {
  let rig: GmailRig;
  let mailbox: ContractMailbox;
  afterEach(async () => rig?.close());

  async function setup(opts?: Parameters<typeof startGmailRig>[0]) {
    rig = await startGmailRig(opts);
    mailbox = contractMailbox();
    load(rig, mailbox);
  }
  const schoolIds = () => mailbox.messages.filter((m) => m.school).map((m) => m.messageId).sort();
  const isList = (r: { path: string; method: string }) => r.method === 'GET' && r.path.endsWith('/users/me/messages');

  it('sends the server-side school query with after: and pages with pageToken', async () => {
    await setup();
    await drain(rig.provider, mailbox, null, 3);
    const lists = rig.gmail.requests.filter(isList);
    expect(lists.length).toBe(3);
    const q = lists[0]!.query.get('q')!;
    expect(q).toBe(
      `(from:(case.manager@othermail.test OR @district.k12.test) OR to:(case.manager@othermail.test OR @district.k12.test) OR cc:(case.manager@othermail.test OR @district.k12.test)) after:${mailbox.since.getTime() / 1000} -in:drafts`,
    );
    expect(lists.map((r) => r.query.get('q'))).toEqual([q, q, q]);
    expect(lists[0]!.query.get('pageToken')).toBeNull();
    expect(lists[1]!.query.get('pageToken')).toBeTruthy();
    expect(lists.every((r) => r.headers.authorization === 'Bearer at-initial')).toBe(true);
  });

  it('connection cut mid-page: the same cursor resumes, nothing lost or duplicated', async () => {
    await setup({ provider: { retry: { maxAttempts: 1 } } });
    const first = await rig.provider.listChanges(listInput(mailbox, null));
    // The second page's response dies halfway through the body.
    rig.gmail.inject({ when: isList, action: { cut: true } });
    const err = await rig.provider.listChanges(listInput(mailbox, first.nextCursor)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailProviderError);
    expect((err as MailProviderError).kind).toBe('transient');
    const rest = await drain(rig.provider, mailbox, first.nextCursor, 3);
    const ids = [...first.upserted.map((u) => u.id), ...rest.ids];
    expect(new Set(ids).size).toBe(ids.length);
    const got = await Promise.all(ids.map(async (id) => messageIdOf(await rig.provider.getRaw(id))));
    expect(got.sort()).toEqual(schoolIds());
  });

  it('connection cut mid-body of getRaw: retried inside the adapter, original bytes returned', async () => {
    await setup();
    const { ids } = await drain(rig.provider, mailbox, null, 50);
    rig.gmail.inject({ when: (r) => r.query.get('format') === 'raw', action: { cut: true } });
    rig.gmail.clearRequests();
    const raw = await rig.provider.getRaw(ids[0]!);
    expect(messageIdOf(raw)).toMatch(/^<contract-/);
    expect(rig.gmail.requests.filter((r) => r.query.get('format') === 'raw').map((r) => r.status)).toEqual([0, 200]);
  });

  it('500 storm: bounded retries, then a transient error, and the cursor is not advanced', async () => {
    await setup();
    const { cursor } = await drain(rig.provider, mailbox, null, 50);
    rig.gmail.addMessage(mailText({ from: 'sped@district.k12.test', to: [PARENT], subject: 's', body: 'b', date: new Date(), messageId: '<storm@x.test>' }));
    rig.gmail.inject({
      when: (r) => r.path.endsWith('/history'),
      times: Infinity,
      action: { status: 500, body: gmailError(500, 'Backend Error', 'backendError', 'INTERNAL') },
    });
    rig.gmail.clearRequests();
    const err = await rig.provider.listChanges(listInput(mailbox, cursor)).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', retryable: true });
    expect(rig.gmail.requests.filter((r) => r.path.endsWith('/history')).length).toBe(4);
    rig.gmail.clearFaults();
    const inc = await drain(rig.provider, mailbox, cursor, 50);
    expect(await Promise.all(inc.ids.map(async (id) => messageIdOf(await rig.provider.getRaw(id))))).toEqual(['<storm@x.test>']);
  });

  it('token revoked mid-sync: auth error, markNeedsReconnect called, no retry storm', async () => {
    await setup();
    const first = await rig.provider.listChanges(listInput(mailbox, null));
    rig.gmail.validTokens.clear();
    rig.oauth.revoke();
    rig.gmail.clearRequests();
    const err = await rig.provider.listChanges(listInput(mailbox, first.nextCursor)).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth', retryable: false });
    expect(rig.store.reconnectReasons).toEqual(['invalid_grant']);
    expect(rig.gmail.requests.length).toBe(1);
    expect(rig.oauth.requests.length).toBe(1);
  });

  it('access token expired server-side: refreshed on the 401 and the call goes through', async () => {
    await setup();
    rig.gmail.validTokens.clear();
    const page = await rig.provider.listChanges(listInput(mailbox, null));
    expect(page.upserted.length).toBe(3);
    expect(rig.oauth.requests.length).toBe(1);
    expect(rig.store.saves).toBe(1);
    expect((await rig.store.get()).accessToken).toBe(rig.oauth.issued[0]);
    expect(rig.store.reconnectReasons).toEqual([]);
  });

  it('a fresh token refused again (401 after refresh): auth error and markNeedsReconnect', async () => {
    await setup();
    rig.oauth.onAccessToken = () => {}; // the API never accepts what the token endpoint issues
    rig.gmail.validTokens.clear();
    const err = await rig.provider.listChanges(listInput(mailbox, null)).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'auth' });
    expect(rig.store.reconnectReasons).toEqual(['unauthorized after token refresh']);
  });

  it('refreshes 60 s before expiry without waiting for a 401', async () => {
    await setup({ tokens: { expiresAt: Date.now() + 30_000 } });
    await rig.provider.listChanges(listInput(mailbox, null));
    expect(rig.oauth.requests.length).toBe(1);
    const api = rig.gmail.requests.filter((r) => r.path.startsWith('/gmail/'));
    expect(api.every((r) => r.headers.authorization === `Bearer ${rig.oauth.issued[0]}`)).toBe(true);
    expect(rig.gmail.requests.some((r) => r.status === 401)).toBe(false);
  });

  it('expired history id: a page with reset:true restarts the bounded backfill', async () => {
    await setup();
    const { cursor } = await drain(rig.provider, mailbox, null, 50);
    rig.gmail.expireHistory();
    rig.gmail.addMessage(mailText({ from: 'sped@district.k12.test', to: [PARENT], subject: 's', body: 'b', date: new Date(), messageId: '<after-expiry@x.test>' }));
    const first = await rig.provider.listChanges(listInput(mailbox, cursor, 3));
    expect(first.reset).toBe(true);
    const rest = await drain(rig.provider, mailbox, first.nextCursor, 3);
    expect(rest.pages.every((p) => !p.reset)).toBe(true);
    const ids = [...first.upserted.map((u) => u.id), ...rest.ids];
    const got = await Promise.all(ids.map(async (id) => messageIdOf(await rig.provider.getRaw(id))));
    expect(got.sort()).toEqual([...schoolIds(), '<after-expiry@x.test>'].sort());
    // And incremental works again from the new cursor.
    expect((await drain(rig.provider, mailbox, rest.cursor, 50)).ids).toEqual([]);
  });

  it('429 with Retry-After is honoured (measured at the server)', async () => {
    await setup();
    const { ids } = await drain(rig.provider, mailbox, null, 50);
    rig.gmail.inject({
      when: (r) => r.query.get('format') === 'raw',
      action: {
        status: 429,
        headers: { 'retry-after': '1' },
        body: gmailError(429, 'User-rate limit exceeded.', 'rateLimitExceeded', 'RESOURCE_EXHAUSTED', 'usageLimits'),
      },
    });
    rig.gmail.clearRequests();
    const started = performance.now();
    await rig.provider.getRaw(ids[0]!);
    const elapsed = performance.now() - started;
    const [refused, ok] = rig.gmail.requests;
    expect(refused!.status).toBe(429);
    expect(ok!.status).toBe(200);
    expect(ok!.at - refused!.at).toBeGreaterThanOrEqual(990);
    expect(ok!.at - refused!.at).toBeLessThan(1500);
    expect(elapsed).toBeGreaterThanOrEqual(990);
  });

  it('403 userRateLimitExceeded is a rate_limit; its "Retry after" time is used when there is no header', async () => {
    await setup({ provider: { retry: { maxAttempts: 1 } } });
    const { ids } = await drain(rig.provider, mailbox, null, 50);
    const retryAt = new Date(Date.now() + 2_000).toISOString();
    rig.gmail.inject({
      when: (r) => r.query.get('format') === 'raw',
      action: { status: 403, body: gmailError(403, `User-rate limit exceeded.  Retry after ${retryAt}`, 'userRateLimitExceeded', 'PERMISSION_DENIED', 'usageLimits') },
    });
    const err = (await rig.provider.getRaw(ids[0]!).catch((e: unknown) => e)) as MailProviderError;
    expect(err.kind).toBe('rate_limit');
    expect(err.options.retryAfterMs).toBeGreaterThan(1_000);
    expect(err.options.retryAfterMs).toBeLessThanOrEqual(2_000);
  });

  it('send is not retried after a 5xx (it may have gone out); findSent decides', async () => {
    await setup();
    rig.gmail.inject({ when: (r) => r.path.endsWith('/messages/send'), action: { status: 503, body: gmailError(503, 'Backend Error', 'backendError', 'UNAVAILABLE') } });
    const raw = Buffer.from(mailText({ from: PARENT, to: ['sped@district.k12.test'], subject: 'Re: x', body: 'ok', date: new Date(), messageId: '<once@x.test>' }));
    const err = (await rig.provider.send({ raw, messageId: '<once@x.test>' }).catch((e: unknown) => e)) as MailProviderError;
    expect(err.kind).toBe('transient');
    expect(err.retryable).toBe(false);
    expect(rig.gmail.requests.filter((r) => r.path.endsWith('/messages/send')).length).toBe(1);
    expect(await rig.provider.findSent('<once@x.test>')).toBeNull();
    const ok = await rig.provider.send({ raw, messageId: '<once@x.test>' });
    expect(await rig.provider.findSent('<once@x.test>')).toEqual({ providerId: ok.providerId });
  });

  it('sends the threadId with the raw message and keeps the thread', async () => {
    await setup();
    const parent = rig.gmail.messages.find((m) => m.messageId === '<contract-2@fixtures.test>')!;
    const raw = Buffer.from(
      mailText({ from: PARENT, to: ['sped@district.k12.test'], subject: 'Re: Subject 2', body: 'Thanks.', date: new Date(), messageId: '<t@x.test>', inReplyTo: parent.messageId, references: parent.messageId }),
    );
    const sent = await rig.provider.send({ raw, messageId: '<t@x.test>', threadId: parent.threadId });
    expect(sent.threadId).toBe(parent.threadId);
    const req = rig.gmail.requests.find((r) => r.path.endsWith('/messages/send'))!;
    const body = JSON.parse(req.body.toString()) as { raw: string; threadId: string };
    expect(body.threadId).toBe(parent.threadId);
    expect(Buffer.from(body.raw, 'base64url').equals(raw)).toBe(true);
  });

  it("the fake's quota enforcer: an unpaced client gets 429s, waits out Gmail's retry time and still finishes", async () => {
    await setup({ gmail: { quota: { unitsPerSec: 200, burst: 50 } }, provider: { retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 } } });
    const { ids } = await drain(rig.provider, mailbox, null, 50);
    const fourTimes = [...ids, ...ids, ...ids, ...ids]; // 160 units against a 50-unit burst
    const raws = await Promise.all(fourTimes.map((id) => rig.provider.getRaw(id)));
    expect(new Set(raws.map(messageIdOf))).toEqual(new Set(schoolIds()));
    expect(rig.gmail.quota!.rejected).toBeGreaterThan(0);
  });

  it('paced at the quota, the same work draws no 429', async () => {
    await setup({ gmail: { quota: { unitsPerSec: 200, burst: 50 } }, provider: { quota: { unitsPerSec: 190, burst: 25 } } });
    const { ids } = await drain(rig.provider, mailbox, null, 50);
    await Promise.all([...ids, ...ids, ...ids, ...ids].map((id) => rig.provider.getRaw(id)));
    expect(rig.gmail.quota!.rejected).toBe(0);
  });
});

describe('gmail against the production behaviours of the API', () => {
  let rig: GmailRig;
  let mailbox: ContractMailbox;
  afterEach(async () => rig?.close());
  async function setup() {
    rig = await startGmailRig();
    mailbox = contractMailbox();
    load(rig, mailbox);
  }
  const ids = async (list: string[]) => (await Promise.all(list.map(async (id) => messageIdOf(await rig.provider.getRaw(id))))).sort();
  const schoolMail = (n: number, date = new Date()) => mailText({ from: 'sped@district.k12.test', to: [PARENT], subject: `P ${n}`, body: `p ${n}`, date, messageId: `<prod-${n}@district.k12.test>` });

  it('backfill leaves drafts out (the fake lists them, as Gmail does)', async () => {
    await setup();
    rig.gmail.addMessage(mailText({ from: PARENT, to: ['sped@district.k12.test'], subject: 'autosave', body: 'half a thought', date: new Date(Date.UTC(2025, 2, 1)), messageId: '<draft-1@family.test>' }), { labelIds: ['DRAFT'] });
    const listed = await rig.provider.client.call('messages.list', (api, o) => api.users.messages.list({ userId: 'me', q: 'in:drafts' }, o));
    expect(listed.messages?.length).toBe(1);
    const { ids: got } = await drain(rig.provider, mailbox, null, 50);
    expect(await ids(got)).not.toContain('<draft-1@family.test>');
    expect((await ids(got)).length).toBe(mailbox.messages.filter((m) => m.school).length);
  });

  it('incremental sync sees school mail moved out of Spam and mail archived into a label (label history only)', async () => {
    await setup();
    const spam = rig.gmail.addMessage(schoolMail(1, new Date(Date.UTC(2025, 5, 1))), { labelIds: ['SPAM'] });
    const archived = rig.gmail.addMessage(schoolMail(2, new Date(Date.UTC(2025, 5, 2))), { labelIds: ['INBOX'], recordHistory: false });
    const { cursor, ids: first } = await drain(rig.provider, mailbox, null, 50);
    expect(await ids(first)).not.toContain('<prod-1@district.k12.test>');
    // Out of spam into the inbox; a second message archived into a user label (and out of the inbox).
    rig.gmail.modifyLabels(spam.id, { add: ['INBOX'], remove: ['SPAM'] });
    rig.gmail.modifyLabels(archived.id, { add: ['Label_12'], remove: ['INBOX'] });
    // Reading a message changes only UNREAD: no candidate, no metadata read.
    rig.gmail.modifyLabels(archived.id, { remove: ['UNREAD'] });
    rig.gmail.clearRequests();
    const inc = await drain(rig.provider, mailbox, cursor, 50);
    const history = rig.gmail.requests.find((r) => r.path.endsWith('/history'))!;
    expect(history.query.getAll('historyTypes').sort()).toEqual(['labelAdded', 'labelRemoved', 'messageAdded']);
    expect(await ids(inc.ids)).toEqual(['<prod-1@district.k12.test>', '<prod-2@district.k12.test>']);
    const metadataReads = rig.gmail.requests.filter((r) => r.query.get('format') === 'metadata').length;
    expect(metadataReads).toBe(2);
  });

  it('a message that goes back to Spam is not reported', async () => {
    await setup();
    const { cursor } = await drain(rig.provider, mailbox, null, 50);
    const m = rig.gmail.addMessage(schoolMail(3));
    rig.gmail.modifyLabels(m.id, { add: ['SPAM'], remove: ['INBOX'] });
    const inc = await drain(rig.provider, mailbox, cursor, 50);
    expect(inc.ids).toEqual([]);
  });

  it.each([
    ['dailyLimitExceeded', 'rate_limit', false],
    ['quotaExceeded', 'rate_limit', true],
    ['userRateLimitExceeded', 'rate_limit', true],
    ['domainPolicy', 'policy', false],
    ['insufficientPermissions', 'scope', false],
  ])('403 %s is %s, never "reconnect"', async (reason, kind, retriedHere) => {
    await setup();
    rig.gmail.inject({ when: (r) => r.path.endsWith('/messages'), times: Infinity, action: { status: 403, body: gmailError(403, 'refused', reason, 'PERMISSION_DENIED', 'usageLimits') } });
    const err = (await rig.provider.listChanges(listInput(mailbox, null)).catch((e: unknown) => e)) as MailProviderError;
    expect(err).toBeInstanceOf(MailProviderError);
    expect(err.kind).toBe(kind);
    expect(rig.store.reconnectReasons).toEqual([]);
    const lists = rig.gmail.requests.filter((r) => r.path.endsWith('/messages')).length;
    expect(lists > 1).toBe(retriedHere);
    if (reason === 'dailyLimitExceeded') expect(err.options.retryAfterMs).toBeGreaterThanOrEqual(3_600_000);
  });
});
