/**
 * The IMAP provider against a real Dovecot: folder choice by special use, the UIDVALIDITY change, a wrong
 * password, a server that drops the connection mid-fetch, a 2,000-message backfill, and IDLE / polling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { AUTH_MESSAGE } from '../../src/mail/imap/errors.js';
import { createImapProvider, type ImapProvider } from '../../src/mail/imap/index.js';
import { watchMailbox } from '../../src/mail/imap/watch.js';
import type { ListChangesInput } from '../../src/mail/provider.js';
import { mailText } from '../helpers/mail.js';
import { DOVECOT_SKIP, startCuttingProxy, startDovecot, type Dovecot, type DovecotUser } from '../helpers/dovecot.js';

const SINCE = new Date(Date.UTC(2025, 0, 1));
const SCHOOL = { schoolAddresses: ['case.manager@othermail.test'], schoolDomains: ['district.k12.test'] };
let dovecot: Dovecot;
let next = 0;

function user(): DovecotUser {
  return dovecot.users[next++]!;
}

function provider(u: DovecotUser, over: { port?: number; password?: string } = {}): ImapProvider {
  return createImapProvider({
    credentials: {
      kind: 'imap',
      imap: { host: '127.0.0.1', port: over.port ?? dovecot.port, secure: true },
      smtp: { host: '127.0.0.1', port: 1, secure: true },
      user: u.user,
      password: over.password ?? u.password,
      address: u.user,
    },
    imap: { ca: dovecot.ca, servername: 'localhost', socketTimeoutMs: 10_000 },
  });
}

function msg(i: number, school: boolean, date = new Date(Date.UTC(2025, 5, 1, 12, i % 60)), body = `Body ${i}.`) {
  const messageId = `<t${i}@imap.test>`;
  return { messageId, raw: mailText({ from: school ? 'sped@district.k12.test' : 'news@shop.test', to: ['parent@family.test'], subject: `S${i}`, body, date, messageId }), date };
}

async function drain(p: ImapProvider, cursor: string | null, limit: number, input: Partial<ListChangesInput> = {}) {
  const ids: string[] = [];
  let resets = 0;
  for (let i = 0; i < 10_000; i++) {
    const page = await p.listChanges({ cursor, since: SINCE, ...SCHOOL, limit, ...input });
    ids.push(...page.upserted.map((r) => r.id));
    if (page.reset) resets++;
    cursor = page.nextCursor;
    if (!page.hasMore) return { ids, cursor, resets, messageIds: await Promise.all(ids.map(async (id) => midOf(await p.getRaw(id)))) };
  }
  throw new Error('no end');
}

function midOf(raw: Uint8Array): string {
  return /^message-id:\s*(\S+)/im.exec(Buffer.from(raw).toString('latin1'))![1]!;
}

describe.skipIf(DOVECOT_SKIP)(`IMAP provider on Dovecot${DOVECOT_SKIP ? ` (skipped: ${DOVECOT_SKIP})` : ''}`, () => {
  beforeAll(async () => {
    dovecot = await startDovecot({ users: Array.from({ length: 10 }, (_, i) => ({ user: `u${i}@family.test`, password: `pw-${i}` })) });
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('syncs the inbox, Sent, Archive and the parent’s own folders, never Junk, Trash or Drafts', async () => {
    const u = user();
    const c = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: true, tls: { ca: dovecot.ca, servername: 'localhost' }, auth: { user: u.user, pass: u.password }, logger: false });
    await c.connect();
    await c.mailboxCreate('School/Lincoln');
    await c.logout();
    const folders = ['INBOX', 'Sent', 'Archive', 'School/Lincoln', 'Junk', 'Trash', 'Drafts'];
    for (const [i, f] of folders.entries()) await dovecot.append(u, f, [{ raw: msg(100 + i, true).raw, date: msg(100 + i, true).date }]);
    const p = provider(u);
    const { messageIds } = await drain(p, null, 2);
    expect(messageIds.sort()).toEqual(['<t100@imap.test>', '<t101@imap.test>', '<t102@imap.test>', '<t103@imap.test>']);
    await p.close();
  });

  it('after a UIDVALIDITY change re-reads the folder from the start and marks the page as a reset', async () => {
    const u = user();
    await dovecot.append(u, 'INBOX', [msg(1, true), msg(2, false), msg(3, true)]);
    const p = provider(u);
    const first = await drain(p, null, 10);
    expect(first.messageIds.sort()).toEqual(['<t1@imap.test>', '<t3@imap.test>']);
    await dovecot.doveadm(['mailbox', 'update', '-u', u.user, '--uid-validity', '4242', 'INBOX']);
    // Dovecot drops open sessions of a renumbered folder; the next connection sees the new UIDVALIDITY.
    const stale = await p.getRaw(first.ids[0]!).catch((e: { kind: string }) => e);
    if ((stale as { kind?: string }).kind === 'transient') await expect(p.getRaw(first.ids[0]!)).rejects.toMatchObject({ kind: 'not_found' });
    else expect(stale).toMatchObject({ kind: 'not_found' });
    const again = await drain(p, first.cursor, 10);
    expect(again.resets).toBe(1);
    expect(again.messageIds.sort()).toEqual(['<t1@imap.test>', '<t3@imap.test>']);
    expect(again.ids.every((id) => id.startsWith('4242:'))).toBe(true);
    expect((await drain(p, again.cursor, 10)).ids).toEqual([]);
    await p.close();
  });

  it('a wrong app password is an auth error with a plain message', async () => {
    const u = user();
    const p = provider(u, { password: 'not-the-password' });
    await expect(p.listChanges({ cursor: null, since: SINCE, ...SCHOOL, limit: 10 })).rejects.toMatchObject({ kind: 'auth', message: AUTH_MESSAGE });
    await p.close();
  });

  it('a server that drops the connection mid-fetch fails the page; the run resumes from the cursor with nothing lost or doubled', async () => {
    const u = user();
    const big = 'x'.repeat(76) + '\r\n';
    const all = Array.from({ length: 30 }, (_, i) => msg(200 + i, true, new Date(Date.UTC(2025, 6, 1, 0, i)), big.repeat(600)));
    await dovecot.append(u, 'INBOX', all);
    const proxy = await startCuttingProxy({ host: '127.0.0.1', port: dovecot.port });
    const p = provider(u, { port: proxy.port });
    const firstPage = await p.listChanges({ cursor: null, since: SINCE, ...SCHOOL, limit: 10 });
    expect(firstPage.upserted).toHaveLength(10);
    proxy.cutAfter(300_000); // each message is ~46 kB: the next page of 10 breaks part-way
    await expect(p.listChanges({ cursor: firstPage.nextCursor, since: SINCE, ...SCHOOL, limit: 10 })).rejects.toMatchObject({ kind: 'transient' });
    proxy.cutAfter(null);
    const rest = await drain(p, firstPage.nextCursor, 10);
    const got = [...firstPage.upserted.map((r) => midOf(r.raw)), ...rest.messageIds];
    expect(new Set(got).size).toBe(got.length);
    expect(got.sort()).toEqual(all.map((m) => m.messageId).sort());
    await p.close();
    await proxy.close();
  });

  it('backfills 2,000 messages (400 school) in pages, each school message once', async () => {
    const u = user();
    const list = Array.from({ length: 2000 }, (_, i) => msg(1000 + i, i % 5 === 0, new Date(Date.UTC(2025, 2, 1) + i * 3_600_000)));
    await dovecot.deliverFiles(u.user, 'INBOX', list);
    const p = provider(u);
    const { messageIds } = await drain(p, null, 100);
    expect(messageIds).toHaveLength(400);
    expect(new Set(messageIds).size).toBe(400);
    expect(messageIds.sort()).toEqual(list.filter((_, i) => i % 5 === 0).map((m) => m.messageId).sort());
    await p.close();
  });

  it('backfill honours the window: mail before SINCE is not fetched', async () => {
    const u = user();
    await dovecot.append(u, 'INBOX', [msg(301, true, new Date(Date.UTC(2024, 5, 1))), msg(302, true)]);
    const p = provider(u);
    expect((await drain(p, null, 10)).messageIds).toEqual(['<t302@imap.test>']);
    await p.close();
  });

  it('IDLE reports new mail within seconds; without IDLE it polls', async () => {
    const u = user();
    const creds = { kind: 'imap' as const, imap: { host: '127.0.0.1', port: dovecot.port, secure: true }, smtp: { host: '127.0.0.1', port: 1, secure: true }, user: u.user, password: u.password, address: u.user };
    let idleHits = 0;
    const idle = watchMailbox(creds, () => idleHits++, { ca: dovecot.ca, servername: 'localhost' });
    await until(() => idle.mode() === 'idle');
    await dovecot.append(u, 'INBOX', [msg(400, true)]);
    await until(() => idleHits > 0);
    await idle.stop();

    let polls = 0;
    const poll = watchMailbox(creds, () => polls++, { ca: dovecot.ca, servername: 'localhost', forcePoll: true, pollMs: 100 });
    await until(() => poll.mode() === 'poll' && polls >= 2);
    await poll.stop();
  });
});

async function until(cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
