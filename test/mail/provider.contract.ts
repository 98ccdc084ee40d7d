/**
 * The MailProvider contract, run against every implementation (Gmail and Outlook through their real clients
 * and local fakes; the archive provider too). Each implementation supplies a harness that loads the mailbox
 * the contract describes; the contract knows nothing provider-specific.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bodyFingerprint, type SentCopyKey } from '../../src/core/sent-copy.js';
import type { ChangePage, ListChangesInput, MailProvider } from '../../src/mail/provider.js';
import { PARENT, SCHOOL_ADDRESSES, SCHOOL_DOMAINS } from '../fakes/mail-fixtures.js';
import { mailText } from '../helpers/mail.js';

export interface ContractMessage {
  raw: string;
  /** Where it sits: received mail, or mail the parent sent. */
  folder: 'inbox' | 'sent';
  messageId: string;
  school: boolean;
}

export interface ContractMailbox {
  messages: ContractMessage[];
  schoolAddresses: string[];
  schoolDomains: string[];
  since: Date;
}

export interface ContractHarness {
  provider: MailProvider;
  /** A new message arrives in the inbox (or is sent from another client). Without it, incremental is skipped. */
  deliver?(raw: string, folder?: 'inbox' | 'sent'): Promise<void>;
  close(): Promise<void>;
  capabilities?: { incremental?: boolean; send?: boolean; drafts?: boolean };
  /** Whether the provider keeps our Message-ID on the sent copy or replaces it (both happen in production). */
  setMessageIdPolicy?(policy: 'keep' | 'replace'): void;
}

const SINCE = new Date(Date.UTC(2025, 0, 1));
const day = 86_400_000;

function at(offsetDays: number): Date {
  return new Date(SINCE.getTime() + offsetDays * day);
}

/** Eight school messages in the window (subdomain, exact address, cc, parent-sent), non-school and too-old mail. */
export function contractMailbox(): ContractMailbox {
  const m = (
    i: number,
    folder: 'inbox' | 'sent',
    school: boolean,
    fields: { from: string; to: string[]; cc?: string[] },
    date: Date,
  ): ContractMessage => {
    const messageId = `<contract-${i}@fixtures.test>`;
    return { raw: mailText({ ...fields, subject: `Subject ${i}`, body: `Body of message ${i}.\nSecond line.`, date, messageId }), folder, messageId, school };
  };
  const messages: ContractMessage[] = [
    m(1, 'inbox', true, { from: 'Ms. T <teacher@lincoln.district.k12.test>', to: [PARENT] }, at(10)),
    m(2, 'inbox', true, { from: 'sped@district.k12.test', to: [PARENT] }, at(20)),
    m(3, 'sent', true, { from: PARENT, to: ['sped@district.k12.test'] }, at(21)),
    m(4, 'inbox', true, { from: 'Case Manager <case.manager@othermail.test>', to: [PARENT] }, at(30)),
    m(5, 'inbox', true, { from: 'coach@club.test', to: [PARENT], cc: ['principal@district.k12.test'] }, at(40)),
    m(6, 'sent', true, { from: PARENT, to: ['case.manager@othermail.test'] }, at(41)),
    m(7, 'inbox', true, { from: 'nurse@district.k12.test', to: [PARENT] }, at(50)),
    m(8, 'inbox', true, { from: 'sped@district.k12.test', to: [PARENT] }, at(60)),
    m(20, 'inbox', false, { from: 'news@shop.test', to: [PARENT] }, at(15)),
    m(21, 'inbox', false, { from: 'club@district-soccer.test', to: [PARENT] }, at(25)),
    m(22, 'sent', false, { from: PARENT, to: ['friend@example.test'] }, at(35)),
    m(23, 'inbox', false, { from: 'other.manager@othermail.test', to: [PARENT] }, at(45)),
    // School correspondence, but before the backfill window.
    m(30, 'inbox', false, { from: 'sped@district.k12.test', to: [PARENT] }, at(-40)),
  ];
  return { messages, schoolAddresses: SCHOOL_ADDRESSES, schoolDomains: SCHOOL_DOMAINS, since: SINCE };
}

export function listInput(mailbox: ContractMailbox, cursor: string | null, limit = 3): ListChangesInput {
  return { cursor, since: mailbox.since, schoolAddresses: mailbox.schoolAddresses, schoolDomains: mailbox.schoolDomains, limit };
}

/** Pages until `hasMore` is false, as the sync service does (persisting the cursor after each page). */
export async function drain(provider: MailProvider, mailbox: ContractMailbox, cursor: string | null, limit = 3) {
  const pages: ChangePage[] = [];
  let next = cursor;
  for (let i = 0; i < 1000; i++) {
    const page = await provider.listChanges(listInput(mailbox, next, limit));
    pages.push(page);
    // The cursor is stored as text and read back: it must survive that untouched.
    next = JSON.parse(JSON.stringify({ c: page.nextCursor })).c as string;
    if (!page.hasMore) return { pages, cursor: next, ids: pages.flatMap((p) => p.upserted.map((u) => u.id)) };
  }
  throw new Error('listChanges never finished');
}

export function messageIdOf(raw: Uint8Array): string | null {
  const head = Buffer.from(raw).toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
  return /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? null;
}

export async function composeReply(opts: { to: string; messageId: string; inReplyTo?: string; text: string }): Promise<Uint8Array> {
  const buf = await new MailComposer({
    from: PARENT,
    to: opts.to,
    subject: 'Re: Subject 2',
    text: opts.text,
    messageId: opts.messageId,
    ...(opts.inReplyTo ? { inReplyTo: opts.inReplyTo, references: [opts.inReplyTo] } : {}),
  })
    .compile()
    .build();
  return new Uint8Array(buf);
}

export function runMailProviderContract(name: string, makeProvider: (mailbox: ContractMailbox) => Promise<ContractHarness>): void {
  describe(`MailProvider contract: ${name}`, () => {
    let mailbox: ContractMailbox;
    let h: ContractHarness;
    const expected = () => mailbox.messages.filter((m) => m.school);

    beforeEach(async () => {
      mailbox = contractMailbox();
      h = await makeProvider(mailbox);
    });
    afterEach(async () => {
      await h.close();
    });

    it('backfill returns every school message in the window exactly once across pages, and only them', async () => {
      const { ids, pages } = await drain(h.provider, mailbox, null, 3);
      expect(pages.length).toBeGreaterThan(1);
      expect(new Set(ids).size).toBe(ids.length);
      const got = await Promise.all(ids.map(async (id) => messageIdOf(await h.provider.getRaw(id))));
      expect(got.sort()).toEqual(expected().map((m) => m.messageId).sort());
      expect(pages.every((p) => p.reset === false)).toBe(true);
    });

    it('getRaw returns the original bytes', async () => {
      const { ids } = await drain(h.provider, mailbox, null, 50);
      for (const id of ids) {
        const raw = await h.provider.getRaw(id);
        const original = mailbox.messages.find((m) => m.messageId === messageIdOf(raw));
        expect(original).toBeDefined();
        expect(Buffer.from(raw).equals(Buffer.from(original!.raw))).toBe(true);
      }
    });

    it('cursor is an opaque string that round-trips; a malformed one restarts the backfill (never a dead end)', async () => {
      const { cursor } = await drain(h.provider, mailbox, null, 50);
      expect(typeof cursor).toBe('string');
      await expect(h.provider.listChanges(listInput(mailbox, cursor))).resolves.toMatchObject({ upserted: [] });
      // Either the adapter restarts its bounded backfill itself (reset: true), or it reports a kind the sync
      // service resets for every provider; a plain non-retryable failure would stop the mailbox for good.
      const outcome = await h.provider.listChanges(listInput(mailbox, '{"v":99}')).then(
        (p) => ({ reset: p.reset, kind: null }),
        (e: { kind?: string }) => ({ reset: false, kind: e.kind ?? null }),
      );
      expect(outcome.reset || outcome.kind === 'cursor_expired' || outcome.kind === 'invalid').toBe(true);
    });

    it('incremental sync returns only the new school messages', async () => {
      if (h.capabilities?.incremental === false || !h.deliver) return;
      const deliver = h.deliver.bind(h);
      const { cursor } = await drain(h.provider, mailbox, null, 50);
      const now = new Date();
      const fresh = [
        { id: '<new-1@fixtures.test>', raw: mailText({ from: 'sped@district.k12.test', to: [PARENT], subject: 'New 1', body: 'n1', date: now, messageId: '<new-1@fixtures.test>' }) },
        { id: '<new-2@fixtures.test>', raw: mailText({ from: 'news@shop.test', to: [PARENT], subject: 'New 2', body: 'n2', date: now, messageId: '<new-2@fixtures.test>' }) },
        { id: '<new-3@fixtures.test>', raw: mailText({ from: PARENT, to: ['case.manager@othermail.test'], subject: 'New 3', body: 'n3', date: now, messageId: '<new-3@fixtures.test>' }) },
      ];
      await deliver(fresh[0]!.raw);
      await deliver(fresh[1]!.raw);
      await deliver(fresh[2]!.raw, 'sent');
      const inc = await drain(h.provider, mailbox, cursor, 50);
      const got = await Promise.all(inc.ids.map(async (id) => messageIdOf(await h.provider.getRaw(id))));
      expect(got.sort()).toEqual(['<new-1@fixtures.test>', '<new-3@fixtures.test>']);
      expect(inc.pages.some((p) => p.reset)).toBe(false);
      const again = await drain(h.provider, mailbox, inc.cursor, 50);
      expect(again.ids).toEqual([]);
    });

    it('send puts the exact approved text in Sent, findSent finds it, and it syncs as correspondence', async () => {
      if (h.capabilities?.send === false) return;
      const { cursor, ids } = await drain(h.provider, mailbox, null, 50);
      const parentId = ids[0]!;
      const messageId = `<reply-${Date.now()}@followthrough.test>`;
      expect(await h.provider.findSent(messageId)).toBeNull();
      const text = 'Dear Ms. Sped,\n\nI am following up on my request of January 21.\n\nThank you,\nParent';
      const raw = await composeReply({ to: 'sped@district.k12.test', messageId, inReplyTo: '<contract-2@fixtures.test>', text });
      const sent = await h.provider.send({ raw, messageId, threadId: parentId, replyToProviderId: parentId });
      expect(sent.providerId).toBeTruthy();
      const found = await h.provider.findSent(messageId);
      expect(found).toEqual({ providerId: sent.providerId });
      const sentRaw = Buffer.from(await h.provider.getRaw(found!.providerId)).toString();
      expect(sentRaw).toContain('In-Reply-To: <contract-2@fixtures.test>');
      expect(sentRaw.replace(/\r\n/g, '\n')).toContain(text);
      if (h.capabilities?.incremental !== false) {
        const inc = await drain(h.provider, mailbox, cursor, 50);
        expect(inc.ids).toContain(sent.providerId);
      }
    });

    it('findSentCopy finds a sent message whose Message-ID is not ours, by recipients, time and body; nothing else matches', async () => {
      // contract-3 was sent by the parent to sped@ on day 21 of the window.
      const sentAt = at(21);
      const key: SentCopyKey = {
        messageId: '<not-the-one-it-carries@followthrough.test>',
        threadId: null,
        recipients: ['sped@district.k12.test'],
        sentAfter: new Date(sentAt.getTime() - 60_000),
        sentBefore: new Date(sentAt.getTime() + 60_000),
        bodyFingerprint: bodyFingerprint('Body of message 3.\nSecond line.'),
      };
      const found = await h.provider.findSentCopy(key);
      expect(found).not.toBeNull();
      expect(messageIdOf(await h.provider.getRaw(found!.providerId))).toBe('<contract-3@fixtures.test>');
      expect(await h.provider.findSentCopy({ ...key, bodyFingerprint: bodyFingerprint('Another text altogether.') })).toBeNull();
      expect(await h.provider.findSentCopy({ ...key, recipients: ['principal@district.k12.test'] })).toBeNull();
      expect(await h.provider.findSentCopy({ ...key, sentAfter: at(30), sentBefore: at(31) })).toBeNull();
    });

    for (const policy of ['keep', 'replace'] as const) {
      it(`after a send whose Message-ID the provider ${policy === 'keep' ? 'kept' : 'replaced'}, findSentCopy finds exactly that copy`, async () => {
        if (h.capabilities?.send === false || !h.setMessageIdPolicy) return;
        h.setMessageIdPolicy(policy);
        const messageId = `<reply-${policy}-${Date.now()}@followthrough.test>`;
        const text = 'Dear Ms. Sped,\n\nI am writing again about the evaluation I asked for.\n\nThank you,\nParent';
        const started = new Date();
        const raw = await composeReply({ to: 'sped@district.k12.test', messageId, inReplyTo: '<contract-2@fixtures.test>', text });
        const sent = await h.provider.send({ raw, messageId, threadId: null });
        const key: SentCopyKey = { messageId, threadId: null, recipients: ['sped@district.k12.test'], sentAfter: new Date(started.getTime() - 5_000), sentBefore: new Date(Date.now() + 5_000), bodyFingerprint: bodyFingerprint(text) };
        const found = await h.provider.findSentCopy(key);
        expect(found?.providerId).toBe(sent.providerId);
        const carried = messageIdOf(await h.provider.getRaw(found!.providerId));
        if (policy === 'replace') {
          expect(carried).not.toBe(messageId);
          expect(await h.provider.findSent(messageId)).toBeNull();
        } else expect(carried).toBe(messageId);
      });
    }

    it('saveDraft stores a draft that is not synced as correspondence', async () => {
      if (h.capabilities?.drafts === false) return;
      const { cursor } = await drain(h.provider, mailbox, null, 50);
      const messageId = `<draft-${Date.now()}@followthrough.test>`;
      const raw = await composeReply({ to: 'sped@district.k12.test', messageId, text: 'Draft text.' });
      const { draftId } = await h.provider.saveDraft({ raw, messageId, threadId: null });
      expect(typeof draftId).toBe('string');
      expect(draftId.length).toBeGreaterThan(0);
      expect(await h.provider.findSent(messageId)).toBeNull();
      if (h.capabilities?.incremental !== false) {
        const inc = await drain(h.provider, mailbox, cursor, 50);
        expect(inc.ids).toEqual([]);
      }
    });
  });
}
