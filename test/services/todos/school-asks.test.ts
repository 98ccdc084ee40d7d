import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { auditEvents, messages, schoolAsks } from '../../../src/db/schema.js';
import { analyzeChild } from '../../../src/services/analysis/analyze-account.js';
import { childSchoolAsks, markSchoolAsk, openSchoolAsks } from '../../../src/services/todos/school-asks.js';
import { createTestDb, DRIVERS } from '../../helpers/db.js';
import { CASE, seedFamily } from '../../jobs/family.js';

describe.each(DRIVERS)("the school's asks as the parent's to-dos on $driver", ({ driver, skip }) => {
  describe.skipIf(skip !== null)(skip ? `skipped: ${skip}` : 'to-dos', () => {
    let handle: DbHandle;
    beforeAll(async () => {
      handle = await createTestDb(driver);
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('are read with the analysis, listed soonest first, marked done by the parent only, and stay done across re-analysis', async () => {
      const now = new Date(CASE.now);
      const { account, child } = await seedFamily(handle.db, { email: 'todos@family.test', timezone: 'America/Los_Angeles' });
      const other = await seedFamily(handle.db, { email: 'todos-other@family.test', timezone: 'America/Los_Angeles' });
      const [school] = await handle.db.select().from(messages).where(and(eq(messages.accountId, account.id), eq(messages.side, 'school')));
      const text = 'Please sign and return the consent for assessment by Friday.\nThe permission slip is due February 20.\n\nLet me know if you have any questions.';
      await handle.db.insert(messages).values({ ...school!, id: undefined, messageId: '<asks@sierrabrook.k12.ca.us>', sentAt: new Date('2026-02-10T07:00:00-08:00'), sentAtText: '2026-02-10T07:00:00-08:00', newText: text, bodyText: text });
      await analyzeChild(handle.db, account.id, child.id, now);
      await analyzeChild(handle.db, other.account.id, other.child.id, now);

      const { open } = await childSchoolAsks(handle.db, account.id, child.id);
      expect(open.map((a) => [a.kind, a.dueDate])).toEqual([
        ['sign', '2026-02-13'],
        ['return', '2026-02-20'],
      ]);
      expect(open[0]!.threadId).toBe(school!.threadId);
      // The other family's list holds none of these.
      expect((await openSchoolAsks(handle.db, [other.account.id])).some((a) => open.some((o) => o.id === a.id))).toBe(false);
      expect(await markSchoolAsk(handle.db, { accountId: other.account.id, id: open[0]!.id, actor: 'parent:x', done: true, now })).toBeNull();

      await markSchoolAsk(handle.db, { accountId: account.id, id: open[0]!.id, actor: `parent:${account.id}`, done: true, now });
      await markSchoolAsk(handle.db, { accountId: account.id, id: open[0]!.id, actor: `parent:${account.id}`, done: true, now }); // double click
      await analyzeChild(handle.db, account.id, child.id, now);
      const after = await childSchoolAsks(handle.db, account.id, child.id);
      expect(after.open.map((a) => a.kind)).toEqual(['return']);
      expect(after.done.map((a) => a.id)).toEqual([open[0]!.id]);
      expect((await openSchoolAsks(handle.db, [account.id])).map((a) => a.kind)).toEqual(['return']);
      const events = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, account.id), eq(auditEvents.action, 'todo.done')));
      expect(events).toHaveLength(1);
      expect(await handle.db.select().from(schoolAsks).where(eq(schoolAsks.accountId, account.id))).toHaveLength(2);
    });
  });
});
