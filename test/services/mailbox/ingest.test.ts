/**
 * ingestPage, the one ingest path of every mailbox: a page's writes (messages, skipped messages, cursor) are
 * one transaction — a page whose cursor cannot advance stores nothing — and every provider's page shape
 * (inline raw bytes, scanned counts, refs gone before the fetch) is counted the same way.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolMatcher } from '../../../src/core/school.js';
import type { DbHandle } from '../../../src/db/client.js';
import { mailboxConnections, messages, skippedMessages } from '../../../src/db/schema.js';
import type { ChangePage } from '../../../src/mail/provider.js';
import { ensureAccount, ensureChild } from '../../../src/services/accounts/accounts.js';
import { ingestPage, type IngestTarget, SupersededError } from '../../../src/services/mailbox/ingest.js';
import { ensureConnection } from '../../../src/services/mailbox/import-archive.js';
import { createTestDb, DRIVERS } from '../../helpers/db.js';
import { mail } from '../../helpers/mail.js';

const PARENT = 'parent@family.test';
const school = schoolMatcher(['lincoln.k12.test']);
const ask = mail({ messageId: '<ask@family.test>', from: PARENT, to: 'teacher@lincoln.k12.test', subject: 'Speech', date: 'Mon, 12 Jan 2026 08:00:00 -0800', body: 'When will the sessions be made up?\n' });
const sale = mail({ messageId: '<sale@shop.test>', from: 'news@shop.test', to: PARENT, subject: 'Sale', date: 'Mon, 12 Jan 2026 09:00:00 -0800', body: 'Sale.\n' });
const broken = new TextEncoder().encode('this is not a message at all');

for (const { driver, skip } of DRIVERS) {
  describe.skipIf(skip)(`ingestPage (${driver})`, () => {
    let h: DbHandle;
    let target: IngestTarget;
    let connectionId: string;
    let childId: string;
    beforeAll(async () => {
      h = await createTestDb(driver);
      const account = await ensureAccount(h.db, PARENT);
      const child = await ensureChild(h.db, account.id, { name: 'Sam' });
      childId = child.id;
      const connection = await ensureConnection(h.db, account.id, '/archives/ingest.mbox');
      connectionId = connection.id;
      target = {
        accountId: account.id,
        connection,
        school,
        parents: new Set([PARENT]),
        childOf: () => child.id,
        skippedSource: (id) => `ingest.mbox#${id}`,
        actor: 'test',
      };
    });
    afterAll(async () => h?.close());

    const page = (over: Partial<ChangePage> = {}): ChangePage => ({ upserted: [], deleted: [], nextCursor: 'c1', hasMore: false, reset: false, ...over });
    const refs = [
      { ref: { id: 'm1' }, raw: new Uint8Array(ask) },
      { ref: { id: 'm2' }, raw: new Uint8Array(sale) },
      { ref: { id: 'm3' }, raw: broken },
      { ref: { id: 'm4' }, raw: null },
    ];

    it('a page whose cursor moved under it stores nothing: messages, skipped rows and cursor are one transaction', async () => {
      await expect(
        ingestPage(h.db, target, page({ upserted: refs.map((r) => r.ref) }), refs, { previous: 'not-the-stored-cursor', now: new Date() }),
      ).rejects.toBeInstanceOf(SupersededError);
      expect(await h.db.select().from(messages)).toEqual([]);
      expect(await h.db.select().from(skippedMessages)).toEqual([]);
      const [row] = await h.db.select().from(mailboxConnections).where(eq(mailboxConnections.id, connectionId));
      expect(row!.cursor).toBeNull();
    });

    it('stores the school mail for its child, records the unparsable one, counts the rest, and advances the cursor', async () => {
      const r = await ingestPage(h.db, target, page({ upserted: refs.map((x) => x.ref), scanned: 6 }), refs, { previous: null, now: new Date() });
      // 6 read by the provider, 4 listed: 2 passed over by its filter, 1 gone, 1 not school mail.
      expect(r).toMatchObject({ seen: 6, stored: 1, ignored: 4, skipped: 1, children: [childId] });
      const stored = await h.db.select().from(messages);
      expect(stored.map((m) => [m.messageId, m.side, m.newText.trim()])).toEqual([['<ask@family.test>', 'parent', 'When will the sessions be made up?']]);
      expect((await h.db.select().from(skippedMessages)).map((s) => s.source)).toEqual(['ingest.mbox#m3']);
      const [row] = await h.db.select().from(mailboxConnections).where(eq(mailboxConnections.id, connectionId));
      expect(row!.cursor).toBe('c1');
    });

    it('the same page again (a retried run) stores nothing twice', async () => {
      const r = await ingestPage(h.db, target, page({ upserted: refs.map((x) => x.ref), nextCursor: 'c2' }), refs, { previous: 'c1', now: new Date() });
      expect(r.stored).toBe(0);
      expect(r.children).toEqual([]);
      expect(await h.db.select().from(messages)).toHaveLength(1);
      expect(await h.db.select().from(skippedMessages)).toHaveLength(1);
    });
  });
}
