/**
 * The process sending an approved follow-up is killed (SIGKILL, a child process) at a step of the send; the
 * recovery then runs in another process, as the next scheduled tick would. In every case exactly one copy
 * reaches the school, or none and the parent is asked, and a second recovery changes nothing.
 *  - Gmail and Outlook, with the Message-ID kept and with it replaced by the provider: killed after the
 *    provider accepted the message and before the database recorded it.
 *  - IMAP/SMTP (real Dovecot, real smtp-server): killed before the SMTP transaction, while the server holds
 *    the message (after DATA, before its reply reaches us), and after the send returned.
 * The database is real and outlives the kill: PGlite on disk (closed by this process while the child owns
 * it), or PostgreSQL with TEST_DATABASE_URL.
 */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { drafts } from '../../src/db/schema.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../src/services/accounts/accounts.js';
import { approveDraft, sendDraft } from '../../src/services/drafts/send-draft.js';
import { recoverStuckSends } from '../../src/services/drafts/stuck-sends.js';
import { resolveUnconfirmed } from '../../src/services/drafts/send-recovery.js';
import { saveImapConnection } from '../../src/services/mailbox/imap-connection.js';
import { syncConnection } from '../../src/services/mailbox/sync.js';
import { PARENT } from '../fakes/mail-fixtures.js';
import { mailText } from '../helpers/mail.js';
import { TEST_DATABASE_URL } from '../helpers/db.js';
import { DOVECOT_SKIP, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { connectedMailbox, quietLog, startMailRig, TEST_KEYRING, type MailRig } from '../helpers/mail-rig.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp-server.js';
import { current, durableDb, KEYRING_TEXT, runWorker } from './harness.js';
import type { KillAt } from './send-worker.js';

const BODY = 'Dear Ms. Sped,\n\nI am following up on the make-up speech sessions you wrote about.\n\nThank you,\nPat';
const SCHOOL_MSG = (to: string) =>
  mailText({ from: 'Ms. Sped <sped@district.k12.test>', to: [to], subject: 'Speech sessions', body: 'We will schedule the make-up sessions.', date: new Date(Date.now() - 3 * 86_400_000), messageId: '<answer@district.k12.test>' });

const later = (min: number) => new Date(Date.now() + min * 60_000);

async function approvedDraft(db: DbHandle['db'], accountId: string) {
  const [d] = await db
    .insert(drafts)
    .values({ accountId, stateKey: `overdue:${Math.random()}`, toAddresses: ['sped@district.k12.test'], subject: 'Re: Speech sessions', body: BODY, inReplyTo: '<answer@district.k12.test>', references: ['<answer@district.k12.test>'] })
    .returning();
  return (await approveDraft(db, { draftId: d!.id, accountId, messageIdDomain: 'family.test' }))!;
}

describe.each(['gmail', 'outlook'] as const)('%s: killed between the provider’s send and its record', (provider) => {
  let rig: MailRig;
  beforeEach(async () => {
    rig = await startMailRig();
  });
  afterEach(async () => {
    current()?.();
    await rig?.close();
  });

  it.each(['keep', 'replace'] as const)('Message-ID %s: one copy reaches the school, recorded by the recovery', async (policy) => {
    const store = await durableDb();
    try {
      let db = await store.open();
      const fake = provider === 'gmail' ? rig.gmail : rig.graph;
      fake.messageIdPolicy = policy;
      if (provider === 'gmail') rig.gmail.addMessage(SCHOOL_MSG(PARENT), { labelIds: ['INBOX'] });
      else rig.graph.addMessage(SCHOOL_MSG(PARENT), 'inbox');
      const box = await connectedMailbox(db.db, rig, provider);
      expect((await syncConnection(rig.deps(db.db), box.connection.id)).stored).toBe(1);
      const draft = await approvedDraft(db.db, box.account.id);
      const before = fake.delivered.length;
      if (!TEST_DATABASE_URL) await db.close();

      const oauth = provider === 'gmail' ? rig.google : rig.microsoft;
      const endpoints = { tokenEndpoint: oauth.tokenEndpoint, clientId: oauth.clientId, clientSecret: oauth.clientSecret };
      const run = await runWorker({
        db: store.config,
        draftId: draft.id,
        keyring: KEYRING_TEXT,
        now: new Date().toISOString(),
        killAt: 'after-send',
        ...(provider === 'gmail' ? { gmail: { rootUrl: rig.gmail.rootUrl, ...endpoints } } : { outlook: { baseUrl: rig.graph.baseUrl, ...endpoints } }),
      });
      expect(run).toEqual({ steps: ['after-send'], signal: 'SIGKILL' });
      expect(fake.delivered.length - before).toBe(1);

      if (!TEST_DATABASE_URL) db = await store.open();
      const row = async () => (await db.db.select().from(drafts).where(eq(drafts.id, draft.id)))[0]!;
      expect((await row()).status).toBe('sending');
      const deps = rig.deps(db.db);
      const [outcome] = await recoverStuckSends(deps, { now: later(11) });
      expect(outcome).toMatchObject({ status: 'sent', recovered: true });
      expect(await row()).toMatchObject({ status: 'sent', sentBy: 'mailbox' });
      expect(await recoverStuckSends(deps, { now: later(30) })).toEqual([]);
      expect(await sendDraft(deps, draft.id, { now: later(31) })).toMatchObject({ status: 'already' });
      expect(fake.delivered.length - before).toBe(1);
      await db.close();
    } finally {
      await store.drop();
    }
  }, 120_000);
});

describe.skipIf(DOVECOT_SKIP)(`IMAP/SMTP: killed at each step of the send${DOVECOT_SKIP ? ` (skipped: ${DOVECOT_SKIP})` : ''}`, () => {
  let dovecot: Dovecot;
  let smtp: TestSmtp;
  let n = 0;
  const transport = () => ({ imap: { ca: dovecot.ca, servername: 'localhost' }, smtp: { ca: smtp.ca, servername: 'localhost', timeoutMs: 10_000 } });
  beforeAll(async () => {
    [dovecot, smtp] = await Promise.all([startDovecot({ users: Array.from({ length: 4 }, (_, i) => ({ user: `k${i}@family.test`, password: `pw-k${i}` })) }), startSmtp()]);
  }, 60_000);
  afterAll(async () => {
    current()?.();
    await Promise.all([dovecot?.stop(), smtp?.stop()]);
  });

  async function setup(store: Awaited<ReturnType<typeof durableDb>>) {
    const u = dovecot.users[n++]!;
    smtp.user = u.user;
    smtp.password = u.password;
    smtp.behaviour = 'accept';
    smtp.onAccepted = null;
    smtp.received.length = 0;
    await dovecot.append(u, 'INBOX', [{ raw: SCHOOL_MSG(u.user), date: new Date() }]);
    const db = await store.open();
    const account = await ensureAccount(db.db, u.user, 'Pat Parent');
    const child = await ensureChild(db.db, account.id, { name: 'Sam', state: 'CA' });
    await addSchoolContacts(db.db, account.id, child.id, ['district.k12.test']);
    const { connectionId } = await saveImapConnection(db.db, {
      accountId: account.id,
      keyring: TEST_KEYRING,
      credentials: { kind: 'imap', imap: { host: '127.0.0.1', port: dovecot.port, secure: true }, smtp: { host: '127.0.0.1', port: smtp.port, secure: false }, user: u.user, password: u.password, address: u.user },
    });
    const deps = { db: db.db, keyring: TEST_KEYRING, providers: { imap: transport() }, log: quietLog };
    expect((await syncConnection(deps, connectionId)).stored).toBe(1);
    const draft = await approvedDraft(db.db, account.id);
    return { db, draft };
  }

  const cases: Array<{ step: string; killAt: KillAt; duringData?: boolean; delivered: number; recovered: 'sent' | 'unconfirmed' | 'held' }> = [
    { step: 'before the SMTP transaction', killAt: 'before-send', delivered: 0, recovered: 'unconfirmed' },
    { step: 'after DATA, before the server’s reply', killAt: 'never', duringData: true, delivered: 1, recovered: 'held' },
    { step: 'after the send returned, before the record', killAt: 'after-send', delivered: 1, recovered: 'sent' },
  ];

  it.each(cases)('killed $step: $delivered copy reaches the school, the recovery never sends another', async (c) => {
    const store = await durableDb();
    try {
      let { db, draft } = await setup(store);
      if (!TEST_DATABASE_URL) await db.close();
      if (c.duringData) smtp.onAccepted = async () => current()?.();
      const run = await runWorker({ db: store.config, draftId: draft.id, keyring: KEYRING_TEXT, now: new Date().toISOString(), killAt: c.killAt, imap: { imapCa: dovecot.ca, smtpCa: smtp.ca } });
      expect(run.signal).toBe('SIGKILL');
      smtp.onAccepted = null;
      expect(smtp.received.length).toBe(c.delivered);

      if (!TEST_DATABASE_URL) db = await store.open();
      const row = async () => (await db.db.select().from(drafts).where(eq(drafts.id, draft.id)))[0]!;
      expect((await row()).status).toBe('sending');
      const deps = { db: db.db, keyring: TEST_KEYRING, providers: { imap: transport() }, log: quietLog };
      const [outcome] = await recoverStuckSends(deps, { now: later(11) });
      if (c.recovered === 'sent') {
        expect(outcome).toMatchObject({ status: 'sent', recovered: true });
        expect((await row()).status).toBe('sent');
      } else {
        // Nothing found that proves a send, or a copy whose fate the server alone knows: the parent is asked.
        expect(outcome).toMatchObject({ status: 'unconfirmed', asked: true, provider: 'imap' });
        expect((await row()).status).toBe('unconfirmed');
      }
      expect(await recoverStuckSends(deps, { now: later(30) })).toEqual([]);
      expect(smtp.received.length).toBe(c.delivered);
      if (c.recovered === 'unconfirmed') {
        // The parent looked and it is not there: their "send it now" sends it, once.
        await resolveUnconfirmed(db.db, { draftId: draft.id, accountId: draft.accountId, choice: 'resend', actor: 'parent', now: later(31) });
        expect(await sendDraft(deps, draft.id, { now: later(31) })).toMatchObject({ status: 'sent' });
        expect(smtp.received.length).toBe(1);
      }
      await db.close();
    } finally {
      await store.drop();
    }
  }, 120_000);
});
