import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { auditEvents, drafts, messages } from '../../../src/db/schema.js';
import { parseMail } from '../../../src/mail/parse.js';
import { approveDraft, sendDraft } from '../../../src/services/drafts/send-draft.js';
import { recoverStuckSends } from '../../../src/services/drafts/stuck-sends.js';
import { resolveUnconfirmed } from '../../../src/services/drafts/send-recovery.js';
import { syncConnection } from '../../../src/services/mailbox/sync.js';
import { createTestDb, DRIVERS } from '../../helpers/db.js';
import { killedAfterProvider } from '../../helpers/killed-process.js';
import { connectedMailbox, startMailRig, type MailRig } from '../../helpers/mail-rig.js';
import { readHeaders } from '../../fakes/http-util.js';
import { PARENT } from '../../fakes/mail-fixtures.js';
import { mailText } from '../../helpers/mail.js';

const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY);

const THREAD = [
  { folder: 'sent' as const, raw: mailText({ from: `Pat Parent <${PARENT}>`, to: ['Ms. Sped <sped@district.k12.test>'], subject: 'Speech sessions', body: 'When will the missed speech sessions be made up?', date: at(20), messageId: '<ask@family.test>' }) },
  { folder: 'inbox' as const, raw: mailText({ from: 'Ms. Sped <sped@district.k12.test>', to: [PARENT], cc: ['case.manager@othermail.test'], subject: 'RE: Speech sessions', body: 'I will look into it.', date: at(18), messageId: '<answer@district.k12.test>', inReplyTo: '<ask@family.test>', references: '<ask@family.test>' }) },
];

/** The exact approved text: a long line, a curly apostrophe, a line starting with "From ", a trailing space. */
const BODY = [
  'Dear Ms. Sped,',
  '',
  'On January 12, 2026 I asked when Sam’s missed speech sessions (2 x 30 minutes weekly under the IEP services section, page 7) will be made up. I have not yet received a written answer.',
  'From the IEP: "Speech-language therapy, 2 x 30 min weekly." ',
  'Could you reply in writing by January 30, 2026?',
  '',
  'Thank you,',
  'Pat Parent',
].join('\n');

describe.each(DRIVERS)('sendDraft on $driver', ({ driver, skip }) => {
  describe.skipIf(skip !== null)(skip ? `skipped: ${skip}` : 'one database for the file', () => {
    let handle: DbHandle;
    let rig: MailRig;
    beforeAll(async () => {
      handle = await createTestDb(driver);
    });
    afterAll(async () => {
      await handle?.close();
    });
    beforeEach(async () => {
      rig = await startMailRig();
    });
    afterEach(async () => {
      await rig.close();
    });

    async function setup(provider: 'gmail' | 'outlook') {
      for (const m of THREAD) {
        if (provider === 'gmail') rig.gmail.addMessage(m.raw, { labelIds: m.folder === 'sent' ? ['SENT'] : ['INBOX'] });
        else rig.graph.addMessage(m.raw, m.folder === 'sent' ? 'sentitems' : 'inbox');
      }
      const box = await connectedMailbox(handle.db, rig, provider);
      const deps = rig.deps(handle.db);
      expect((await syncConnection(deps, box.connection.id)).stored).toBe(2);
      const [draft] = await handle.db
        .insert(drafts)
        .values({
          accountId: box.account.id,
          stateKey: `overdue:${Math.random()}`,
          toAddresses: ['sped@district.k12.test'],
          ccAddresses: ['case.manager@othermail.test'],
          subject: 'Re: Speech sessions',
          body: BODY,
          inReplyTo: '<answer@district.k12.test>',
          references: ['<ask@family.test>', '<answer@district.k12.test>'],
        })
        .returning();
      const approved = await approveDraft(handle.db, { draftId: draft!.id, accountId: box.account.id, messageIdDomain: 'family.test' });
      expect(approved?.status).toBe('approved');
      expect(approved?.outgoingMessageId).toMatch(/^<ft\.[^@]+@family\.test>$/);
      return { ...box, deps, draft: approved! };
    }

    const draftRow = async (id: string) => (await handle.db.select().from(drafts).where(eq(drafts.id, id)))[0]!;
    const actions = async (id: string) =>
      (await handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectType, 'draft'), eq(auditEvents.subjectId, id))).orderBy(asc(auditEvents.at))).map((e) => e.action);
    const gmailSends = () => rig.gmail.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages/send'));

    async function expectExactReply(raw: Buffer, messageId: string) {
      const h = readHeaders(raw);
      expect(h.get('message-id')).toBe(messageId);
      expect(h.get('in-reply-to')).toBe('<answer@district.k12.test>');
      expect(h.get('references')).toBe('<ask@family.test> <answer@district.k12.test>');
      expect(h.get('from')).toContain(PARENT);
      const parsed = await parseMail(raw);
      expect(parsed.to.map((a) => a.address)).toEqual(['sped@district.k12.test']);
      expect(parsed.cc.map((a) => a.address)).toEqual(['case.manager@othermail.test']);
      expect(parsed.subject).toBe('Re: Speech sessions');
      expect(parsed.text.replace(/\n$/, '')).toBe(BODY);
    }

    it('gmail: approve → send reaches Gmail in the thread with In-Reply-To/References and the exact text', async () => {
      const { deps, draft, account } = await setup('gmail');
      const [replied] = await handle.db.select().from(messages).where(and(eq(messages.accountId, account.id), eq(messages.messageId, '<answer@district.k12.test>')));
      const outcome = await sendDraft(deps, draft.id);
      expect(outcome).toMatchObject({ status: 'sent', recovered: false });
      const sends = gmailSends();
      expect(sends.length).toBe(1);
      const body = JSON.parse(sends[0]!.body.toString()) as { raw: string; threadId: string };
      expect(body.threadId).toBe(replied!.providerThreadId);
      await expectExactReply(Buffer.from(body.raw, 'base64url'), draft.outgoingMessageId!);
      const sent = rig.gmail.messages.find((m) => m.messageId === draft.outgoingMessageId)!;
      expect(sent.threadId).toBe(replied!.providerThreadId);
      const row = await draftRow(draft.id);
      expect(row).toMatchObject({ status: 'sent', sentProviderId: sent.id });
      expect(row.sentAt).toBeInstanceOf(Date);
      expect(await actions(draft.id)).toEqual(['draft.approved', 'draft.sending', 'draft.sent']);
      const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.subjectId, draft.id));
      expect(JSON.stringify(events.map((e) => e.data))).not.toContain('speech sessions');
      // Sending again is a no-op.
      expect(await sendDraft(deps, draft.id)).toMatchObject({ status: 'already', draftStatus: 'sent' });
      expect(gmailSends().length).toBe(1);
    });

    it('gmail: two concurrent sends put one message in the mailbox', async () => {
      const { deps, draft } = await setup('gmail');
      const outcomes = await Promise.all([sendDraft(deps, draft.id), sendDraft(deps, draft.id), sendDraft(deps, draft.id)]);
      expect(outcomes.filter((o) => o.status === 'sent').length).toBe(1);
      expect(outcomes.every((o) => ['sent', 'in_progress', 'already'].includes(o.status))).toBe(true);
      expect(gmailSends().length).toBe(1);
      expect(rig.gmail.messages.filter((m) => m.messageId === draft.outgoingMessageId).length).toBe(1);
    });

    for (const provider of ['gmail', 'outlook'] as const) {
      for (const policy of ['keep', 'replace'] as const) {
        it(`${provider}, Message-ID ${policy === 'keep' ? 'kept' : 'replaced'}: killed between the provider's send and its record, exactly one copy reaches the school`, async () => {
          const { deps, draft } = await setup(provider);
          (provider === 'gmail' ? rig.gmail : rig.graph).messageIdPolicy = policy;
          const delivered = () => (provider === 'gmail' ? rig.gmail.delivered : rig.graph.delivered).length;
          const before = delivered();
          const killedDeps = killedAfterProvider(handle.db, deps);
          const t0 = new Date();
          await expect(sendDraft(killedDeps, draft.id, { now: t0 })).rejects.toThrow('process killed');
          expect(delivered() - before).toBe(1);
          // A new process, after the claim went stale: the recovery job.
          const [outcome] = await recoverStuckSends(deps, { now: new Date(t0.getTime() + 11 * 60_000) });
          expect(outcome).toMatchObject({ status: 'sent', recovered: true });
          expect(delivered() - before).toBe(1);
          const row = await draftRow(draft.id);
          expect(row.status).toBe('sent');
          const copy = provider === 'gmail' ? rig.gmail.messages.find((m) => m.id === row.sentProviderId) : rig.graph.messages.get(row.sentProviderId!);
          expect(copy).toBeDefined();
          if (policy === 'replace') expect(provider === 'gmail' ? (copy as { messageId: string }).messageId : (copy as { internetMessageId: string }).internetMessageId).not.toBe(draft.outgoingMessageId);
        });
      }
    }

    it('gmail: killed between send and record → the retry finds it with findSent and does not send twice', async () => {
      const { deps, draft } = await setup('gmail');
      // The database refuses everything once the message has gone out: the process "dies" there.
      const killedDeps = killedAfterProvider(handle.db, deps);
      const t0 = new Date();
      await expect(sendDraft(killedDeps, draft.id, { now: t0 })).rejects.toThrow('process killed');
      expect((await draftRow(draft.id)).status).toBe('sending');
      expect(gmailSends().length).toBe(1);

      // Too early: the claim may still be alive.
      expect(await sendDraft(deps, draft.id, { now: new Date(t0.getTime() + 1000) })).toMatchObject({ status: 'in_progress' });
      // Gmail is down when the retry comes: it cannot tell, so it holds (never back to approved, never sends).
      const isLookup = (r: { query: URLSearchParams }) => (r.query.get('q') ?? '').startsWith('rfc822msgid:');
      rig.gmail.inject({ when: isLookup, times: Infinity, action: { status: 503, body: { error: { code: 503, message: 'unavailable' } } } });
      expect(await sendDraft(deps, draft.id, { now: new Date(t0.getTime() + 11 * 60_000) })).toMatchObject({ status: 'unconfirmed' });
      expect((await draftRow(draft.id)).status).toBe('sending');
      expect(gmailSends().length).toBe(1);
      rig.gmail.clearFaults();
      const later = new Date(t0.getTime() + 22 * 60_000);
      const outcome = await sendDraft(deps, draft.id, { now: later });
      expect(outcome).toMatchObject({ status: 'sent', recovered: true });
      expect(gmailSends().length).toBe(1);
      expect(rig.gmail.requests.some((r) => (r.query.get('q') ?? '').startsWith('rfc822msgid:'))).toBe(true);
      const sent = rig.gmail.messages.find((m) => m.messageId === draft.outgoingMessageId)!;
      expect(await draftRow(draft.id)).toMatchObject({ status: 'sent', sentProviderId: sent.id });
    });

    it('gmail: a 5xx on send leaves it unconfirmed; the later look finds no copy, so the parent is asked and decides', async () => {
      const { deps, draft, account } = await setup('gmail');
      rig.gmail.inject({ when: (r) => r.path.endsWith('/messages/send'), action: { status: 503, body: { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } } } });
      const t0 = new Date();
      expect(await sendDraft(deps, draft.id, { now: t0 })).toMatchObject({ status: 'unconfirmed', error: { kind: 'transient' }, provider: 'gmail' });
      expect(gmailSends().length).toBe(1); // not retried blindly
      expect((await draftRow(draft.id)).status).toBe('sending');
      expect(await recoverStuckSends(deps, { now: new Date(t0.getTime() + 60_000) })).toEqual([]);
      const recovered = await recoverStuckSends(deps, { now: new Date(t0.getTime() + 11 * 60_000) });
      expect(recovered).toMatchObject([{ status: 'unconfirmed', asked: true, draftId: draft.id, provider: 'gmail' }]);
      expect((await draftRow(draft.id)).status).toBe('unconfirmed');
      // No job sends an unconfirmed draft.
      expect(await recoverStuckSends(deps, { now: new Date(t0.getTime() + 60 * 60_000) })).toEqual([]);
      expect(gmailSends().length).toBe(1);
      // The parent looked in Sent, found nothing, and asks for it to go out.
      expect(await resolveUnconfirmed(handle.db, { draftId: draft.id, accountId: account.id, choice: 'resend', actor: 'parent', now: new Date() })).toMatchObject({ status: 'approved' });
      expect(await sendDraft(deps, draft.id)).toMatchObject({ status: 'sent' });
      expect(rig.gmail.delivered.length).toBe(1);
    });

    it('gmail: a refusal puts the draft back to approved with an audit event', async () => {
      const { deps, draft } = await setup('gmail');
      rig.gmail.inject({ when: (r) => r.path.endsWith('/messages/send'), action: { status: 400, body: { error: { code: 400, message: 'Invalid To header', errors: [{ reason: 'invalidArgument' }] } } } });
      expect(await sendDraft(deps, draft.id)).toMatchObject({ status: 'failed', error: { kind: 'invalid' } });
      expect((await draftRow(draft.id)).status).toBe('approved');
      expect(await actions(draft.id)).toEqual(['draft.approved', 'draft.sending', 'draft.send_failed']);
    });

    it('gmail: save-to-drafts mode puts it in the Drafts folder, in the thread, and sends nothing', async () => {
      const { deps, draft, account } = await setup('gmail');
      const [replied] = await handle.db.select().from(messages).where(and(eq(messages.accountId, account.id), eq(messages.messageId, '<answer@district.k12.test>')));
      const outcome = await sendDraft(deps, draft.id, { mode: 'draft' });
      expect(outcome).toMatchObject({ status: 'saved' });
      expect(gmailSends().length).toBe(0);
      const created = rig.gmail.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/drafts'));
      expect(created.length).toBe(1);
      const body = JSON.parse(created[0]!.body.toString()) as { message: { raw: string; threadId: string } };
      expect(body.message.threadId).toBe(replied!.providerThreadId);
      await expectExactReply(Buffer.from(body.message.raw, 'base64url'), draft.outgoingMessageId!);
      expect(await draftRow(draft.id)).toMatchObject({ status: 'saved', sentProviderId: (outcome as { providerDraftId: string }).providerDraftId });
      expect(await actions(draft.id)).toEqual(['draft.approved', 'draft.sending', 'draft.saved']);
    });

    it('a save-to-drafts attempt that died is finished as a save, never as a send', async () => {
      const { deps, draft } = await setup('gmail');
      const killedDeps = killedAfterProvider(handle.db, deps, { after: 'saveDraft', refuse: ['transaction', 'update'] });
      const t0 = new Date();
      await expect(sendDraft(killedDeps, draft.id, { mode: 'draft', now: t0 })).rejects.toThrow('process killed');
      expect((await draftRow(draft.id)).status).toBe('sending');
      // The recovery job does not know the mode; the claim recorded it, in the draft's own row.
      expect((await draftRow(draft.id)).sendMode).toBe('draft');
      expect(await recoverStuckSends(deps, { now: new Date(t0.getTime() + 11 * 60_000) })).toMatchObject([{ status: 'saved' }]);
      expect(gmailSends().length).toBe(0);
      expect((await draftRow(draft.id)).status).toBe('saved');
    });

    it('outlook: send goes out as MIME through sendMail with the same headers and text; its Graph id is recorded', async () => {
      const { deps, draft } = await setup('outlook');
      const outcome = await sendDraft(deps, draft.id);
      expect(outcome).toMatchObject({ status: 'sent' });
      const posts = rig.graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/me/sendMail'));
      expect(posts.length).toBe(1);
      await expectExactReply(Buffer.from(posts[0]!.body.toString(), 'base64'), draft.outgoingMessageId!);
      const copy = [...rig.graph.messages.values()].find((m) => m.internetMessageId === draft.outgoingMessageId)!;
      expect(copy.folder).toBe('sentitems');
      const original = [...rig.graph.messages.values()].find((m) => m.internetMessageId === '<answer@district.k12.test>')!;
      expect(copy.conversationId).toBe(original.conversationId);
      expect(await draftRow(draft.id)).toMatchObject({ status: 'sent', sentProviderId: copy.id });
      // Concurrent retries after the fact change nothing.
      await Promise.all([sendDraft(deps, draft.id), sendDraft(deps, draft.id)]);
      expect(rig.graph.requests.filter((r) => r.path.endsWith('/me/sendMail')).length).toBe(1);
    });

    it('outlook: save-to-drafts creates the MIME draft in Drafts', async () => {
      const { deps, draft } = await setup('outlook');
      expect(await sendDraft(deps, draft.id, { mode: 'draft' })).toMatchObject({ status: 'saved' });
      const copy = [...rig.graph.messages.values()].find((m) => m.internetMessageId === draft.outgoingMessageId)!;
      expect(copy.folder).toBe('drafts');
      expect(rig.graph.requests.filter((r) => r.path.endsWith('/me/sendMail')).length).toBe(0);
    });

    it('a draft that is not approved is not sent', async () => {
      const { deps, account } = await setup('gmail');
      const [pending] = await handle.db
        .insert(drafts)
        .values({ accountId: account.id, stateKey: 'overdue:x', toAddresses: ['sped@district.k12.test'], subject: 'Re: x', body: 'x' })
        .returning();
      expect(await sendDraft(deps, pending!.id)).toMatchObject({ status: 'not_approved', draftStatus: 'pending' });
      expect(gmailSends().length).toBe(0);
    });
  });
});
