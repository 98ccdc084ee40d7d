/**
 * An IMAP mailbox as the running service sees it, against a real Dovecot and a real database: the connection
 * stored sealed, synced through syncConnection, kept up to date by the watch (IDLE, or polling) through the
 * coalescing sync trigger, and marked "reconnect" with a plain message when the app password is wrong.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { mailboxConnections, messages } from '../../../src/db/schema.js';
import { AUTH_MESSAGE } from '../../../src/mail/imap/errors.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../../src/services/accounts/accounts.js';
import { createImapWatchers } from '../../../src/services/mailbox/imap-watchers.js';
import { saveImapConnection } from '../../../src/services/mailbox/imap-connection.js';
import { createSyncTrigger, syncConnection, type SyncDeps } from '../../../src/services/mailbox/sync.js';
import { mailText } from '../../helpers/mail.js';
import { createTestDb } from '../../helpers/db.js';
import { DOVECOT_SKIP, startDovecot, type Dovecot, type DovecotUser } from '../../helpers/dovecot.js';
import { quietLog, TEST_KEYRING } from '../../helpers/mail-rig.js';

let dovecot: Dovecot;
let handle: DbHandle;
let n = 0;

async function until(check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

function schoolMail(id: string, date = new Date()) {
  return { raw: mailText({ from: 'Ms. Sped <sped@district.k12.test>', to: ['parent@family.test'], subject: `Note ${id}`, body: `Note ${id}.`, date, messageId: `<${id}@district.k12.test>` }), date };
}

async function connect(u: DovecotUser, password = u.password) {
  const account = await ensureAccount(handle.db, `live-${++n}@family.test`, 'Pat Parent');
  const child = await ensureChild(handle.db, account.id, { name: 'Sam', state: 'CA' });
  await addSchoolContacts(handle.db, account.id, child.id, ['district.k12.test']);
  const { connectionId } = await saveImapConnection(handle.db, {
    accountId: account.id,
    keyring: TEST_KEYRING,
    backfillSince: new Date(Date.now() - 30 * 86_400_000),
    credentials: { kind: 'imap', imap: { host: '127.0.0.1', port: dovecot.port, secure: true }, smtp: { host: '127.0.0.1', port: 1, secure: true }, user: u.user, password, address: u.user },
  });
  return { accountId: account.id, connectionId };
}

const stored = async (connectionId: string) => (await handle.db.select({ id: messages.messageId }).from(messages).where(eq(messages.connectionId, connectionId))).map((r) => r.id).sort();

describe.skipIf(DOVECOT_SKIP)(`an IMAP mailbox in the running service${DOVECOT_SKIP ? ` (skipped: ${DOVECOT_SKIP})` : ''}`, () => {
  let deps: SyncDeps;
  beforeAll(async () => {
    dovecot = await startDovecot({ users: Array.from({ length: 4 }, (_, i) => ({ user: `live${i}@family.test`, password: `pw-live-${i}` })) });
    handle = await createTestDb();
    deps = { db: handle.db, keyring: TEST_KEYRING, providers: { imap: { imap: { ca: dovecot.ca, servername: 'localhost', idleCloseMs: 200 } } }, log: quietLog };
  }, 60_000);
  afterAll(async () => {
    await handle?.close();
    await dovecot?.stop();
  });

  it('IDLE wakes the sync: new school mail is stored within seconds, once; a disconnected mailbox stops being watched', async () => {
    const u = dovecot.users[0]!;
    await dovecot.append(u, 'INBOX', [schoolMail('before')]);
    const { connectionId } = await connect(u);
    let runs = 0;
    const trigger = createSyncTrigger(async (id) => {
      runs++;
      return syncConnection(deps, id);
    });
    const watchers = createImapWatchers({ db: handle.db, keyring: TEST_KEYRING, trigger, log: quietLog, transport: { ca: dovecot.ca, servername: 'localhost' } });
    try {
      await trigger(connectionId); // the backfill onConnected runs
      expect(await stored(connectionId)).toEqual(['<before@district.k12.test>']);
      // Only this connection exists yet (the tests share one database and run in order).
      expect(await watchers.reconcile()).toEqual({ started: 1, stopped: 0, watching: 1 });
      await until(() => watchers.modes().get(connectionId) === 'idle');
      const before = runs;
      await dovecot.append(u, 'INBOX', [schoolMail('live-1')]);
      await until(async () => (await stored(connectionId)).length === 2, 10_000);
      expect(runs).toBeGreaterThan(before);
      await dovecot.append(u, 'INBOX', [schoolMail('live-2'), schoolMail('live-3')]);
      await until(async () => (await stored(connectionId)).length === 4, 10_000);
      expect(await stored(connectionId)).toEqual(['<before@district.k12.test>', '<live-1@district.k12.test>', '<live-2@district.k12.test>', '<live-3@district.k12.test>']);
      // A second reconcile with nothing changed keeps the one watch.
      expect(await watchers.reconcile()).toEqual({ started: 0, stopped: 0, watching: 1 });
      await handle.db.update(mailboxConnections).set({ status: 'disabled', updatedAt: new Date() }).where(eq(mailboxConnections.id, connectionId));
      expect(await watchers.reconcile()).toEqual({ started: 0, stopped: 1, watching: 0 });
    } finally {
      await watchers.stop();
    }
  }, 60_000);

  it('where the server has no IDLE (forced here), polling wakes the sync', async () => {
    const u = dovecot.users[1]!;
    const { connectionId } = await connect(u);
    const trigger = createSyncTrigger((id) => syncConnection(deps, id));
    const watchers = createImapWatchers({ db: handle.db, keyring: TEST_KEYRING, trigger, log: quietLog, transport: { ca: dovecot.ca, servername: 'localhost' }, pollMs: 200, forcePoll: true });
    try {
      await watchers.reconcile();
      await until(() => watchers.modes().get(connectionId) === 'poll');
      await dovecot.append(u, 'INBOX', [schoolMail('polled')]);
      await until(async () => (await stored(connectionId)).length === 1, 10_000);
    } finally {
      await watchers.stop();
    }
  }, 60_000);

  it('a reconnect with a new app password restarts the watch on the new settings', async () => {
    const u = dovecot.users[2]!;
    const { accountId, connectionId } = await connect(u);
    const watchers = createImapWatchers({ db: handle.db, keyring: TEST_KEYRING, trigger: async () => {}, log: quietLog, transport: { ca: dovecot.ca, servername: 'localhost' } });
    try {
      await watchers.reconcile();
      await saveImapConnection(handle.db, {
        accountId,
        keyring: TEST_KEYRING,
        credentials: { kind: 'imap', imap: { host: '127.0.0.1', port: dovecot.port, secure: true }, smtp: { host: '127.0.0.1', port: 1, secure: true }, user: u.user, password: u.password, address: u.user },
      });
      const first = watchers.modes().size;
      expect(await watchers.reconcile()).toMatchObject({ started: 1, stopped: 1, watching: first });
      await until(() => watchers.modes().get(connectionId) === 'idle');
    } finally {
      await watchers.stop();
    }
  }, 60_000);

  it('a wrong app password marks the connection "reconnect" with a plain message, and nothing is stored', async () => {
    const u = dovecot.users[3]!;
    await dovecot.append(u, 'INBOX', [schoolMail('unseen')]);
    const { connectionId } = await connect(u, 'not-the-app-password');
    const result = await syncConnection(deps, connectionId);
    expect(result.status).toBe('needs_reconnect');
    const [row] = await handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.id, connectionId));
    expect(row!.status).toBe('needs_reconnect');
    expect(row!.statusReason).toBe(AUTH_MESSAGE);
    expect(await stored(connectionId)).toEqual([]);
  }, 60_000);
});
