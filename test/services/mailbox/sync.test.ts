import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { auditEvents, mailboxConnections, messages, threads } from '../../../src/db/schema.js';
import type { MailProvider } from '../../../src/mail/provider.js';
import { defaultProvider } from '../../../src/services/mailbox/providers.js';
import { createSyncTrigger, syncConnection } from '../../../src/services/mailbox/sync.js';
import { createTestDb, DRIVERS } from '../../helpers/db.js';
import { connectedMailbox, connectionRow, startMailRig, type MailRig } from '../../helpers/mail-rig.js';
import { PARENT } from '../../fakes/mail-fixtures.js';
import { mbox, mailText } from '../../helpers/mail.js';

const DAY = 86_400_000;
const now = new Date();
const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);

/** Two school threads (one of three messages, one alone), three messages that are not school mail. */
function mailbox() {
  return [
    { folder: 'sent' as const, raw: mailText({ from: `Pat Parent <${PARENT}>`, to: ['Ms. Sped <sped@district.k12.test>'], subject: 'Speech sessions', body: 'Could you tell me when the missed speech sessions will be made up?', date: at(20), messageId: '<ask@family.test>' }) },
    { folder: 'inbox' as const, raw: mailText({ from: 'Shop <news@shop.test>', to: [PARENT], subject: 'Sale', body: 'Everything 20% off.', date: at(19), messageId: '<sale@shop.test>' }) },
    { folder: 'inbox' as const, raw: mailText({ from: 'Ms. Sped <sped@district.k12.test>', to: [PARENT], subject: 'RE: Speech sessions', body: 'Tuesdays at 2 pm starting next week.', date: at(18), messageId: '<answer@district.k12.test>', inReplyTo: '<ask@family.test>', references: '<ask@family.test>' }) },
    { folder: 'inbox' as const, raw: mailText({ from: 'Friend <friend@example.test>', to: [PARENT], subject: 'Dinner?', body: 'Friday?', date: at(17), messageId: '<dinner@example.test>' }) },
    { folder: 'inbox' as const, raw: mailText({ from: 'Case Manager <case.manager@othermail.test>', to: [PARENT], subject: 'Evaluation consent', body: 'Please sign and return the consent form.', date: at(16), messageId: '<eval@othermail.test>' }) },
    { folder: 'sent' as const, raw: mailText({ from: `Pat Parent <${PARENT}>`, to: ['Ms. Sped <sped@district.k12.test>'], subject: 'Re: Speech sessions', body: 'Thank you, Tuesdays work.', date: at(15), messageId: '<thanks@family.test>', inReplyTo: '<answer@district.k12.test>', references: '<answer@district.k12.test>' }) },
    { folder: 'inbox' as const, raw: mailText({ from: 'Bank <bank@bank.test>', to: [PARENT], subject: 'Statement', body: 'Your statement is ready.', date: at(14), messageId: '<stmt@bank.test>' }) },
  ];
}
const SCHOOL_IDS = ['<ask@family.test>', '<answer@district.k12.test>', '<eval@othermail.test>', '<thanks@family.test>'];

function fresh(id: string, from = 'sped@district.k12.test') {
  return mailText({ from, to: [PARENT], subject: `New ${id}`, body: `Body ${id}.`, date: new Date(), messageId: `<${id}@district.k12.test>` });
}

describe.each(DRIVERS)('syncConnection on $driver', ({ driver, skip }) => {
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

    const stored = (accountId: string) =>
      handle.db.select().from(messages).where(eq(messages.accountId, accountId)).orderBy(asc(messages.sentAt));
    const audits = (accountId: string, action: string) =>
      handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, action)));

    function loadGmail() {
      for (const m of mailbox()) rig.gmail.addMessage(m.raw, { labelIds: m.folder === 'sent' ? ['SENT'] : ['INBOX'] });
    }
    function loadGraph() {
      for (const m of mailbox()) rig.graph.addMessage(m.raw, m.folder === 'sent' ? 'sentitems' : 'inbox');
    }

    it('gmail: backfill then incremental, only school mail, threads by Gmail threadId, child and sides set', async () => {
      loadGmail();
      const { account, child, connection } = await connectedMailbox(handle.db, rig, 'gmail');
      const deps = { ...rig.deps(handle.db), pageSize: 2 };
      const first = await syncConnection(deps, connection.id);
      expect(first).toMatchObject({ status: 'ok', stored: 4, skipped: 0, resets: 0, threads: 2 });
      expect(first.pages).toBeGreaterThan(1);
      const rows = await stored(account.id);
      expect(rows.map((r) => r.messageId)).toEqual(SCHOOL_IDS);
      expect(rows.map((r) => r.side)).toEqual(['parent', 'school', 'school', 'parent']);
      expect(rows.every((r) => r.childId === child.id && r.connectionId === connection.id && r.providerId && r.providerThreadId)).toBe(true);
      const speech = rows.filter((r) => r.subject.includes('Speech'));
      expect(new Set(speech.map((r) => r.providerThreadId)).size).toBe(1);
      expect(new Set(speech.map((r) => r.threadId)).size).toBe(1);
      expect((await handle.db.select().from(threads).where(eq(threads.accountId, account.id))).length).toBe(2);
      const cursor = (await connectionRow(handle.db, connection.id)).cursor;
      expect(JSON.parse(cursor!)).toMatchObject({ p: 'gmail', phase: 'history' });

      rig.gmail.addMessage(fresh('new-1'));
      rig.gmail.addMessage(fresh('new-2', 'news@shop.test'));
      const second = await syncConnection(deps, connection.id);
      expect(second).toMatchObject({ status: 'ok', stored: 1, resets: 0 });
      expect((await stored(account.id)).map((r) => r.messageId)).toEqual([...SCHOOL_IDS, '<new-1@district.k12.test>']);
      const again = await syncConnection(deps, connection.id);
      expect(again).toMatchObject({ status: 'ok', stored: 0, seen: 0 });
    });

    it('gmail: connection cut mid-page stops the run; the rerun resumes with nothing lost or duplicated', async () => {
      loadGmail();
      const { account, connection } = await connectedMailbox(handle.db, rig, 'gmail');
      const deps = { ...rig.deps(handle.db, { providers: rig.providers({ maxAttempts: 1 }) }), pageSize: 2 };
      let lists = 0;
      rig.gmail.inject({ when: (r) => r.method === 'GET' && r.path.endsWith('/users/me/messages') && ++lists === 2, action: { cut: true } });
      const cut = await syncConnection(deps, connection.id);
      expect(cut.status).toBe('transient');
      expect(cut.error?.kind).toBe('transient');
      expect(cut.stored).toBe(2);
      const afterCut = await connectionRow(handle.db, connection.id);
      expect(afterCut.cursor).not.toBeNull();
      expect(afterCut.status).toBe('active');
      const rerun = await syncConnection(deps, connection.id);
      expect(rerun.status).toBe('ok');
      expect(cut.stored + rerun.stored).toBe(4);
      expect((await stored(account.id)).map((r) => r.messageId)).toEqual(SCHOOL_IDS);
    });

    it('gmail: a 500 storm leaves the cursor where it was; the next run picks the message up', async () => {
      loadGmail();
      const { account, connection } = await connectedMailbox(handle.db, rig, 'gmail');
      const deps = rig.deps(handle.db);
      await syncConnection(deps, connection.id);
      const before = (await connectionRow(handle.db, connection.id)).cursor;
      rig.gmail.addMessage(fresh('storm'));
      rig.gmail.inject({ when: (r) => r.path.endsWith('/history'), times: Infinity, action: { status: 500, body: { error: { code: 500, message: 'Backend Error', errors: [{ reason: 'backendError' }] } } } });
      const storm = await syncConnection(deps, connection.id);
      expect(storm.status).toBe('transient');
      expect(rig.gmail.requests.filter((r) => r.path.endsWith('/history')).length).toBe(4); // bounded retries
      expect((await connectionRow(handle.db, connection.id)).cursor).toBe(before);
      expect((await stored(account.id)).length).toBe(4);
      rig.gmail.clearFaults();
      const after = await syncConnection(deps, connection.id);
      expect(after).toMatchObject({ status: 'ok', stored: 1 });
    });

    it('gmail: token revoked mid-sync → needs_reconnect, earlier pages kept, error reported not thrown', async () => {
      loadGmail();
      const { account, connection, access } = await connectedMailbox(handle.db, rig, 'gmail');
      let calls = 0;
      const deps = {
        ...rig.deps(handle.db, {
          providerFactory: async (conn, d) => {
            const real = await defaultProvider(d, conn);
            const wrapped: MailProvider = {
              ...real,
              listChanges: async (input) => {
                if (++calls === 2) {
                  // The parent revokes access in their Google account between two pages.
                  rig.google.revoke();
                  rig.gmail.validTokens.delete(access);
                }
                return real.listChanges(input);
              },
            };
            return wrapped;
          },
        }),
        pageSize: 2,
      };
      const result = await syncConnection(deps, connection.id);
      expect(result.status).toBe('needs_reconnect');
      expect(result.error?.kind).toBe('auth');
      expect(result.stored).toBe(2);
      const row = await connectionRow(handle.db, connection.id);
      expect(row.status).toBe('needs_reconnect');
      expect(row.statusReason).toBe('invalid_grant');
      expect((await stored(account.id)).length).toBe(2);
      const events = await audits(account.id, 'mailbox.needs_reconnect');
      expect(events.length).toBe(1);
      expect(JSON.stringify(events[0]!.data)).not.toMatch(/at-|rt-/);
      const later = await syncConnection(deps, connection.id);
      expect(later).toMatchObject({ status: 'skipped', reason: 'connection is needs_reconnect' });
    });

    it('gmail: an expired historyId restarts a bounded resync that adds only what is new', async () => {
      loadGmail();
      const { account, connection } = await connectedMailbox(handle.db, rig, 'gmail');
      const deps = rig.deps(handle.db);
      await syncConnection(deps, connection.id);
      rig.gmail.expireHistory();
      rig.gmail.addMessage(fresh('after-expiry'));
      const result = await syncConnection(deps, connection.id);
      expect(result.status).toBe('ok');
      expect(result.resets).toBe(1);
      expect(result.stored).toBe(1);
      const rows = await stored(account.id);
      expect(rows.length).toBe(5);
      expect(new Set(rows.map((r) => r.messageId)).size).toBe(5);
      // The resync searched only the backfill window (18 months back from now).
      const q = rig.gmail.requests.filter((r) => r.path.endsWith('/users/me/messages')).at(-1)!.query.get('q')!;
      const after = Number(/after:(\d+)/.exec(q)![1]) * 1000;
      const windowStart = new Date();
      windowStart.setUTCMonth(windowStart.getUTCMonth() - 18);
      expect(Math.abs(after - windowStart.getTime())).toBeLessThan(60_000);
      expect(after).toBeGreaterThanOrEqual((await connectionRow(handle.db, connection.id)).backfillSince!.getTime() - 1000);
      expect((await audits(account.id, 'mailbox.resync')).length).toBe(1);
    });

    it('outlook: backfill and incremental through Graph delta; removals are recorded, never erased', async () => {
      loadGraph();
      const { account, connection } = await connectedMailbox(handle.db, rig, 'outlook');
      const deps = { ...rig.deps(handle.db), pageSize: 2 };
      const first = await syncConnection(deps, connection.id);
      expect(first).toMatchObject({ status: 'ok', stored: 4, threads: 2 });
      const rows = await stored(account.id);
      expect(rows.map((r) => r.messageId)).toEqual(SCHOOL_IDS);
      expect(rows.map((r) => r.side)).toEqual(['parent', 'school', 'school', 'parent']);
      const speech = rows.filter((r) => r.subject.includes('Speech'));
      expect(new Set(speech.map((r) => r.providerThreadId)).size).toBe(1);

      const added = rig.graph.addMessage(fresh('graph-new'));
      rig.graph.addMessage(fresh('graph-shop', 'news@shop.test'));
      const evalMsg = [...rig.graph.messages.values()].find((m) => m.internetMessageId === '<eval@othermail.test>')!;
      rig.graph.deleteMessage(evalMsg.id);
      const second = await syncConnection(deps, connection.id);
      expect(second).toMatchObject({ status: 'ok', stored: 1, deleted: 1 });
      const after = await stored(account.id);
      expect(after.map((r) => r.messageId)).toContain('<eval@othermail.test>');
      expect(after.find((r) => r.messageId === '<graph-new@district.k12.test>')!.providerId).toBe(added.id);
      const removed = await audits(account.id, 'mailbox.messages_removed');
      expect(removed[0]!.data).toMatchObject({ count: 1, providerIds: [evalMsg.id] });
    });

    it('outlook: an expired delta link (410) resyncs without duplicates', async () => {
      loadGraph();
      const { account, connection } = await connectedMailbox(handle.db, rig, 'outlook');
      const deps = rig.deps(handle.db);
      await syncConnection(deps, connection.id);
      rig.graph.expireDeltaLinks();
      rig.graph.addMessage(fresh('after-410'));
      const result = await syncConnection(deps, connection.id);
      // Each folder's delta state expires on its own: one restarted backfill per folder that had one.
      expect(result).toMatchObject({ status: 'ok', stored: 1 });
      expect(result.resets).toBeGreaterThanOrEqual(1);
      const rows = await stored(account.id);
      expect(rows.length).toBe(5);
      expect(new Set(rows.map((r) => r.messageId)).size).toBe(5);
    });

    it('an imported archive syncs through the same path (raw bytes inline), idempotently', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ft-sync-'));
      try {
        const path = join(dir, 'takeout.mbox');
        await writeFile(path, mbox(mailbox().map((m) => m.raw)));
        const { account, connection } = await connectedMailbox(handle.db, rig, 'gmail');
        const [archive] = await handle.db.insert(mailboxConnections).values({ accountId: account.id, provider: 'archive', address: `archive:${path}` }).returning();
        const first = await syncConnection(rig.deps(handle.db), archive!.id);
        expect(first).toMatchObject({ status: 'ok', seen: 7, stored: 4, ignored: 3, threads: 2 });
        expect((await stored(account.id)).map((r) => r.messageId)).toEqual(SCHOOL_IDS);
        expect(await syncConnection(rig.deps(handle.db), archive!.id)).toMatchObject({ status: 'ok', stored: 0 });
        // A cursor the archive no longer understands restarts it from the top, adding nothing.
        await handle.db.update(mailboxConnections).set({ cursor: 'garbage' }).where(eq(mailboxConnections.id, archive!.id));
        expect(await syncConnection(rig.deps(handle.db), archive!.id)).toMatchObject({ status: 'ok', stored: 0, resets: 1, seen: 7 });
        // The Gmail connection of the same mailbox then adds nothing either (same Message-IDs).
        rig.gmail.clearRequests();
        loadGmail();
        expect(await syncConnection(rig.deps(handle.db), connection.id)).toMatchObject({ status: 'ok', seen: 4, stored: 0 });
        // … but the rows take the Gmail ids, so a reply can go out in the Gmail thread.
        const rows = await stored(account.id);
        expect(rows.every((r) => r.connectionId === connection.id && r.providerThreadId && !r.providerId!.startsWith('mbox:'))).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('a connection without school contacts is skipped without calling the provider', async () => {
      loadGmail();
      const { connection } = await connectedMailbox(handle.db, rig, 'gmail', { contacts: [] });
      const result = await syncConnection(rig.deps(handle.db), connection.id);
      expect(result.status).toBe('skipped');
      expect(rig.gmail.requests.length).toBe(0);
    });

    it('two runs at once store each message once and leave one consistent cursor', async () => {
      loadGmail();
      const { account, connection } = await connectedMailbox(handle.db, rig, 'gmail');
      const deps = { ...rig.deps(handle.db), pageSize: 2 };
      const [a, b] = await Promise.all([syncConnection(deps, connection.id), syncConnection(deps, connection.id)]);
      expect([a.status, b.status].every((s) => s === 'ok' || s === 'superseded')).toBe(true);
      await syncConnection(deps, connection.id);
      const rows = await stored(account.id);
      expect(rows.map((r) => r.messageId)).toEqual(SCHOOL_IDS);
      const row = await handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.id, connection.id));
      expect(JSON.parse(row[0]!.cursor!)).toMatchObject({ phase: 'history' });
    });
  });
});

describe('createSyncTrigger', () => {
  it('coalesces a burst into one run plus one follow-up', async () => {
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const trigger = createSyncTrigger(async () => {
      runs++;
      if (runs === 1) await gate;
    });
    const p = trigger('c1');
    void trigger('c1');
    void trigger('c1');
    release();
    await p;
    expect(runs).toBe(2);
  });
});
