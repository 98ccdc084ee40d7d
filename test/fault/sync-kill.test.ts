/**
 * An IMAP sync killed (SIGKILL, a child process) at each step of a page: at the start of a page (the pages
 * before it committed with their cursor), and after a page was read from the server but before any of it was
 * stored. Another process then syncs to the end: every school message is stored exactly once, nothing else,
 * and a further sync adds nothing. Real Dovecot, a real database that outlives the kill.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxConnections, messages } from '../../src/db/schema.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../src/services/accounts/accounts.js';
import { saveImapConnection } from '../../src/services/mailbox/imap-connection.js';
import { syncConnection } from '../../src/services/mailbox/sync.js';
import { mailText } from '../helpers/mail.js';
import { TEST_DATABASE_URL } from '../helpers/db.js';
import { DOVECOT_SKIP, startDovecot, type Dovecot } from '../helpers/dovecot.js';
import { quietLog, TEST_KEYRING } from '../helpers/mail-rig.js';
import { current, durableDb, KEYRING_TEXT, runWorker } from './harness.js';
import type { KillAt } from './send-worker.js';

const SCHOOL = 25;
const PAGE = 10;

describe.skipIf(DOVECOT_SKIP)(`IMAP sync killed at each step${DOVECOT_SKIP ? ` (skipped: ${DOVECOT_SKIP})` : ''}`, () => {
  let dovecot: Dovecot;
  let n = 0;
  const transport = () => ({ imap: { ca: dovecot.ca, servername: 'localhost' } });
  beforeAll(async () => {
    dovecot = await startDovecot({ users: Array.from({ length: 4 }, (_, i) => ({ user: `y${i}@family.test`, password: `pw-y${i}` })) });
  }, 60_000);
  afterAll(async () => {
    current()?.();
    await dovecot?.stop();
  });

  const cases: Array<{ step: string; killAt: KillAt; killPage: number; storedBefore: number }> = [
    { step: 'after the first page read, before it was stored', killAt: 'page-returned', killPage: 1, storedBefore: 0 },
    { step: 'at the start of the second page (the first committed)', killAt: 'page-start', killPage: 2, storedBefore: PAGE },
    { step: 'after the second page read, before it was stored', killAt: 'page-returned', killPage: 2, storedBefore: PAGE },
  ];

  it.each(cases)('killed $step: 0 lost, 0 duplicated', async (c) => {
    const u = dovecot.users[n++]!;
    const base = Date.now() - 5 * 86_400_000;
    const mail = Array.from({ length: SCHOOL + 8 }, (_, i) => {
      const school = i % 4 !== 3 || i >= 32; // 25 school, 8 not
      const date = new Date(base + i * 60_000);
      return { school, id: `<k${i}@${school ? 'district.k12.test' : 'shop.test'}>`, raw: mailText({ from: school ? 'sped@district.k12.test' : 'news@shop.test', to: [u.user], subject: `M${i}`, body: `Message ${i}.`, date, messageId: `<k${i}@${school ? 'district.k12.test' : 'shop.test'}>` }), date };
    });
    const expected = mail.filter((m) => m.school).map((m) => m.id).sort();
    expect(expected).toHaveLength(SCHOOL);
    await dovecot.append(u, 'INBOX', mail);

    const store = await durableDb();
    try {
      let db = await store.open();
      const account = await ensureAccount(db.db, u.user, 'Pat Parent');
      const child = await ensureChild(db.db, account.id, { name: 'Sam', state: 'CA' });
      await addSchoolContacts(db.db, account.id, child.id, ['district.k12.test']);
      const { connectionId } = await saveImapConnection(db.db, {
        accountId: account.id,
        keyring: TEST_KEYRING,
        backfillSince: new Date(base - 86_400_000),
        credentials: { kind: 'imap', imap: { host: '127.0.0.1', port: dovecot.port, secure: true }, smtp: { host: '127.0.0.1', port: 1, secure: true }, user: u.user, password: u.password, address: u.user },
      });
      if (!TEST_DATABASE_URL) await db.close();

      const run = await runWorker({ mode: 'sync', connectionId, pageSize: PAGE, killPage: c.killPage, db: store.config, draftId: '', keyring: KEYRING_TEXT, now: new Date().toISOString(), killAt: c.killAt, imap: { imapCa: dovecot.ca, smtpCa: '' } });
      expect(run).toEqual({ steps: [c.killAt], signal: 'SIGKILL' });

      if (!TEST_DATABASE_URL) db = await store.open();
      const stored = async () => (await db.db.select({ id: messages.messageId }).from(messages).where(eq(messages.connectionId, connectionId))).map((r) => r.id).sort();
      expect(await stored()).toHaveLength(c.storedBefore);
      const deps = { db: db.db, keyring: TEST_KEYRING, providers: { imap: transport() }, log: quietLog, pageSize: PAGE };
      const rest = await syncConnection(deps, connectionId);
      expect(rest.status).toBe('ok');
      expect(await stored()).toEqual(expected);
      const again = await syncConnection(deps, connectionId);
      expect(again.stored).toBe(0);
      expect(await stored()).toEqual(expected);
      const [row] = await db.db.select({ status: mailboxConnections.status }).from(mailboxConnections).where(eq(mailboxConnections.id, connectionId));
      expect(row!.status).toBe('active');
      await db.close();
    } finally {
      await store.drop();
    }
  }, 120_000);
});
