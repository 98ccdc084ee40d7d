/**
 * Sending from an IMAP mailbox by SMTP against the real smtp-server (authentication, STARTTLS) and Dovecot:
 * the exact bytes go out and land in Sent once; a 4xx and a 5xx leave nothing behind; a connection cut after
 * DATA is an unknown outcome that Sent records, so it is never resent blindly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { bodyFingerprint } from '../../src/core/sent-copy.js';
import { createImapProvider, type ImapProvider } from '../../src/mail/imap/index.js';
import { DOVECOT_SKIP, startDovecot, type Dovecot, type DovecotUser } from '../helpers/dovecot.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp-server.js';
import { composeReply } from './provider.contract.js';

let dovecot: Dovecot;
let smtp: TestSmtp;
let u: DovecotUser;
let n = 0;
const TEXT = 'Dear Ms. Sped,\n\nI am following up on my request of January 21.\n\nThank you,\nParent';

function provider(over: { smtpPassword?: string } = {}): ImapProvider {
  return createImapProvider({
    credentials: {
      kind: 'imap',
      imap: { host: '127.0.0.1', port: dovecot.port, secure: true },
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false },
      user: u.user,
      password: u.password,
      address: u.user,
    },
    imap: { ca: dovecot.ca, servername: 'localhost' },
    smtp: { ca: smtp.ca, servername: 'localhost', timeoutMs: 5000, ...(over.smtpPassword ? {} : {}) },
  });
}

async function outgoing() {
  const messageId = `<out-${++n}-${Date.now()}@family.test>`;
  return { messageId, raw: await composeReply({ to: 'sped@district.k12.test', messageId, inReplyTo: '<contract-2@fixtures.test>', text: TEXT }) };
}

async function folder(path: string): Promise<Array<{ uid: number; flags: string[]; raw: Buffer }>> {
  const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: true, tls: { ca: dovecot.ca, servername: 'localhost' }, auth: { user: u.user, pass: u.password }, logger: false });
  await c.connect();
  try {
    await c.mailboxOpen(path);
    const out: Array<{ uid: number; flags: string[]; raw: Buffer }> = [];
    if (c.mailbox && c.mailbox.exists > 0) for await (const m of c.fetch('1:*', { uid: true, flags: true, source: true })) out.push({ uid: m.uid, flags: [...(m.flags ?? [])], raw: m.source! });
    return out;
  } finally {
    await c.logout();
  }
}

describe.skipIf(DOVECOT_SKIP)(`SMTP sending for IMAP mailboxes${DOVECOT_SKIP ? ` (skipped: ${DOVECOT_SKIP})` : ''}`, () => {
  let i = 0;
  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([
      startDovecot({ users: Array.from({ length: 10 }, (_, k) => ({ user: `s${k}@family.test`, password: `pw-${k}` })) }),
      startSmtp(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });
  beforeEach(() => {
    u = dovecot.users[i++]!;
    smtp.user = u.user;
    smtp.password = u.password;
    smtp.behaviour = 'accept';
    smtp.onAccepted = null;
    smtp.received.length = 0;
  });

  it('sends the exact bytes with threading headers, files one confirmed copy in Sent, and a retry does not send again', async () => {
    const p = provider();
    const out = await outgoing();
    const sent = await p.send({ ...out, threadId: null });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['sped@district.k12.test']);
    expect(smtp.received[0]!.raw.toString().replace(/\r\n/g, '\n')).toBe(Buffer.from(out.raw).toString().replace(/\r\n/g, '\n'));
    expect(smtp.received[0]!.raw.toString()).toContain('In-Reply-To: <contract-2@fixtures.test>');
    const box = await folder('Sent');
    expect(box).toHaveLength(1);
    expect(box[0]!.flags.filter((f) => f.startsWith('$Ft'))).toEqual([]);
    expect(await p.findSent(out.messageId)).toEqual({ providerId: sent.providerId });
    expect(await p.send({ ...out, threadId: null })).toEqual(sent);
    expect(smtp.received).toHaveLength(1);
    await p.close();
  });

  it('a 4xx temporary failure is a retryable refusal and leaves no copy in Sent', async () => {
    smtp.behaviour = 'temporary';
    const p = provider();
    const out = await outgoing();
    await expect(p.send({ ...out, threadId: null })).rejects.toMatchObject({ kind: 'rate_limit', retryable: true, options: { status: 451 } });
    expect(await folder('Sent')).toEqual([]);
    expect(await p.findSent(out.messageId)).toBeNull();
    await p.close();
  });

  it('a 5xx permanent failure is a final refusal and leaves no copy in Sent', async () => {
    smtp.behaviour = 'permanent';
    const p = provider();
    const out = await outgoing();
    await expect(p.send({ ...out, threadId: null })).rejects.toMatchObject({ kind: 'invalid', retryable: false, options: { status: 550 } });
    expect(smtp.received).toHaveLength(0);
    expect(await folder('Sent')).toEqual([]);
    await p.close();
  });

  it('a connection cut after DATA is an unknown outcome: Sent keeps the copy marked, and findSent refuses to say "not sent"', async () => {
    smtp.behaviour = 'cut-after-data';
    const p = provider();
    const out = await outgoing();
    await expect(p.send({ ...out, threadId: null })).rejects.toMatchObject({ kind: 'transient', name: 'SmtpUnknownOutcomeError' });
    expect(smtp.received).toHaveLength(1);
    const box = await folder('Sent');
    expect(box).toHaveLength(1);
    expect(box[0]!.flags).toContain('$FtSubmitting');
    await expect(p.findSent(out.messageId)).rejects.toMatchObject({ kind: 'transient' });
    // A second attempt looks first and does not send again.
    smtp.behaviour = 'accept';
    await expect(p.send({ ...out, threadId: null })).rejects.toMatchObject({ kind: 'transient' });
    expect(smtp.received).toHaveLength(1);
    await p.close();
  });

  it('when the server files its own copy in Sent, ours is removed: one copy', async () => {
    const filer = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: true, tls: { ca: dovecot.ca, servername: 'localhost' }, auth: { user: u.user, pass: u.password }, logger: false });
    await filer.connect();
    smtp.onAccepted = async (mail) => {
      await filer.append('Sent', mail.raw, ['\\Seen']);
    };
    const p = provider();
    const out = await outgoing();
    const sent = await p.send({ ...out, threadId: null });
    const box = await folder('Sent');
    expect(box).toHaveLength(1);
    expect(box[0]!.flags.filter((f) => f.startsWith('$Ft'))).toEqual([]);
    expect(sent.providerId.endsWith(`:${box[0]!.uid}:Sent`)).toBe(true);
    await filer.logout();
    await p.close();
  });

  it('a wrong SMTP password is an auth refusal with nothing left in Sent', async () => {
    smtp.password = 'something-else';
    const p = provider();
    const out = await outgoing();
    await expect(p.send({ ...out, threadId: null })).rejects.toMatchObject({ kind: 'auth' });
    expect(await folder('Sent')).toEqual([]);
    await p.close();
  });

  it('save to drafts files the message in Drafts with \\Draft, once however often it is retried', async () => {
    const p = provider();
    const out = await outgoing();
    const a = await p.saveDraft({ ...out, threadId: null });
    const b = await p.saveDraft({ ...out, threadId: null });
    expect(b).toEqual(a);
    const box = await folder('Drafts');
    expect(box).toHaveLength(1);
    expect(box[0]!.flags).toContain('\\Draft');
    expect(smtp.received).toHaveLength(0);
    await p.close();
  });

  it('findSentCopy finds a copy whose Message-ID the server replaced, by recipients, time and body', async () => {
    const p = provider();
    const out = await outgoing();
    const rewritten = Buffer.from(out.raw).toString().replace(out.messageId, '<server-made@mail.test>');
    await dovecot.append(u, 'Sent', [{ raw: rewritten, date: new Date() }]);
    const key = {
      messageId: out.messageId,
      threadId: null,
      recipients: ['sped@district.k12.test'],
      sentAfter: new Date(Date.now() - 60_000),
      sentBefore: new Date(Date.now() + 60_000),
      bodyFingerprint: bodyFingerprint(TEXT),
    };
    expect(await p.findSent(out.messageId)).toBeNull();
    expect(await p.findSentCopy(key)).toMatchObject({ providerId: expect.stringMatching(/:1:Sent$/) });
    expect(await p.findSentCopy({ ...key, bodyFingerprint: bodyFingerprint('Some other text') })).toBeNull();
    await p.close();
  });
});
