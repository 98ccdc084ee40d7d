import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../../src/db/client.js';
import { accounts, auditEvents, drafts, ladderSteps, ladders, messages, requests } from '../../../src/db/schema.js';
import { draftFollowUps } from '../../../src/services/drafts/followups.js';
import { advanceLadders, pauseLaddersOnReply } from '../../../src/services/drafts/ladder.js';
import { controlLadder, ladderView } from '../../../src/services/drafts/ladder-controls.js';
import { createTestDb, DRIVERS } from '../../helpers/db.js';
import { CASE, seedFamily } from '../../jobs/family.js';

const day = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * 86_400_000);

describe.each(DRIVERS)('the escalation ladder on $driver', ({ driver, skip }) => {
  describe.skipIf(skip !== null)(skip ? `skipped: ${skip}` : 'ladder service', () => {
    let handle: DbHandle;
    beforeAll(async () => {
      handle = await createTestDb(driver);
    });
    afterAll(async () => {
      await handle?.close();
    });

    const now0 = new Date(CASE.now);
    async function family(email: string, settings: Record<string, unknown> = {}) {
      const f = await seedFamily(handle.db, { email, timezone: 'America/Los_Angeles', settings });
      await draftFollowUps(handle.db, f.account.id, now0);
      const [overdue] = await handle.db.select().from(requests).where(and(eq(requests.accountId, f.account.id), eq(requests.status, 'overdue')));
      return { ...f, request: overdue! };
    }
    const stepDrafts = async (requestId: string) =>
      handle.db.select().from(drafts).where(and(eq(drafts.requestId, requestId), like(drafts.stateKey, 'ladder:%'))).orderBy(asc(drafts.stateKey));
    const markSent = (draftId: string, at: Date) => handle.db.update(drafts).set({ status: 'sent', sentAt: at, sentBy: 'parent' }).where(eq(drafts.id, draftId));
    const actions = async (accountId: string) =>
      (await handle.db.select().from(auditEvents).where(eq(auditEvents.accountId, accountId)).orderBy(asc(auditEvents.at))).map((e) => e.action).filter((a) => a.startsWith('ladder.'));

    it('starts with the follow-up as step 1, writes step 2 only after step 1 was sent and went unanswered 5 business days, step 3 copies the director; each once', async () => {
      const { account, request } = await family('ladder@family.test', { directorEmail: 'director@sierrabrook.k12.ca.us', directorName: 'Dr. Patel' });
      expect((await advanceLadders(handle.db, account.id, now0)).started).toBe(1);
      const [ladder] = await handle.db.select().from(ladders).where(eq(ladders.requestId, request.id));
      const [first] = await handle.db.select().from(ladderSteps).where(eq(ladderSteps.ladderId, ladder!.id));
      expect(first).toMatchObject({ round: 1, step: 1 });
      // Step 1 not sent: nothing more, however late it gets.
      expect((await advanceLadders(handle.db, account.id, day(CASE.now, 30))).drafted).toBe(0);
      await markSent(first!.draftId!, day(CASE.now, 1)); // Wed 2026-02-11
      // Five business days after Wed Feb 11 (Presidents' Day, Mon Feb 16, does not count) end on Thu Feb 19.
      expect((await advanceLadders(handle.db, account.id, new Date('2026-02-19T15:00:00-08:00'))).drafted).toBe(0);
      const view = await ladderView(handle.db, account.id, request.id, new Date('2026-02-19T15:00:00-08:00'));
      expect(view).toMatchObject({ state: 'active', nextOn: '2026-02-20' });
      // Two runs at once (a retried cron tick, a second instance), then a third: one step-2 draft.
      const at = new Date('2026-02-20T07:00:00-08:00');
      const runs = await Promise.all([advanceLadders(handle.db, account.id, at), advanceLadders(handle.db, account.id, at)]);
      await advanceLadders(handle.db, account.id, at);
      expect(runs.reduce((n, r) => n + r.drafted, 0)).toBeGreaterThanOrEqual(1);
      const two = await stepDrafts(request.id);
      expect(two.map((d) => d.stateKey)).toEqual(['ladder:r1:s2']);
      expect(two[0]!.status).toBe('pending');
      expect(two[0]!.body).toContain('Under Cal. Educ. Code § 56504, the timeline for this is 5 business days');
      expect(two[0]!.body).toContain('I followed up on February 11, 2026');
      expect(two[0]!.ccAddresses).not.toContain('director@sierrabrook.k12.ca.us');
      expect(await handle.db.select().from(ladderSteps).where(eq(ladderSteps.ladderId, ladder!.id))).toHaveLength(2);
      // The database itself refuses a second draft for the same step.
      await expect(handle.db.insert(drafts).values({ ...two[0]!, id: undefined })).rejects.toThrow();

      await markSent(two[0]!.id, new Date('2026-02-20T09:00:00-08:00'));
      await advanceLadders(handle.db, account.id, new Date('2026-03-02T07:00:00-08:00'));
      const three = (await stepDrafts(request.id)).find((d) => d.stateKey === 'ladder:r1:s3')!;
      expect(three.ccAddresses).toContain('director@sierrabrook.k12.ca.us');
      expect(three.body).toContain('prior written notice');
      expect(three.body).toContain('Dr. Patel');
      // Nothing is ever sent by the ladder: the new step waits for the parent.
      expect(three.status).toBe('pending');
      expect(three.approvedAt).toBeNull();
      await advanceLadders(handle.db, account.id, new Date('2026-04-30T07:00:00-07:00'));
      expect(await stepDrafts(request.id)).toHaveLength(2);
      expect(await actions(account.id)).toEqual(['ladder.started', 'ladder.step_drafted', 'ladder.step_drafted']);
    });

    it('a school reply of any kind pauses the ladder and dismisses the escalation it no longer needs; restart begins again at step 1', async () => {
      const { account, child, request } = await family('paused@family.test');
      await advanceLadders(handle.db, account.id, now0);
      const [ladder] = await handle.db.select().from(ladders).where(eq(ladders.requestId, request.id));
      const [first] = await handle.db.select().from(ladderSteps).where(eq(ladderSteps.ladderId, ladder!.id));
      await markSent(first!.draftId!, day(CASE.now, 1));
      await advanceLadders(handle.db, account.id, new Date('2026-02-20T07:00:00-08:00'));
      const [two] = await stepDrafts(request.id);
      expect(two!.status).toBe('pending');
      // The school writes back in the thread (an acknowledgement is enough), then the sync's analysis runs.
      const [school] = await handle.db.select().from(messages).where(and(eq(messages.threadId, request.threadId!), eq(messages.side, 'school')));
      await handle.db.insert(messages).values({ ...school!, id: undefined, messageId: '<thanks-working-on-it@sierrabrook.k12.ca.us>', sentAt: new Date('2026-02-20T10:00:00-08:00'), sentAtText: '2026-02-20T10:00:00-08:00', newText: 'We are working on it.', bodyText: 'We are working on it.' });
      expect(await pauseLaddersOnReply(handle.db, account.id, child.id, new Date('2026-02-20T11:00:00-08:00'))).toBe(1);
      const [paused] = await handle.db.select().from(ladders).where(eq(ladders.id, ladder!.id));
      expect(paused).toMatchObject({ state: 'paused', stateReason: 'school replied' });
      expect((await stepDrafts(request.id))[0]!.status).toBe('dismissed');
      // Paused stays paused at the next morning's run.
      expect((await advanceLadders(handle.db, account.id, new Date('2026-03-20T07:00:00-07:00'))).drafted).toBe(0);

      // Restart: a new round, whose step 1 is a fresh reminder (a separate draft, also waiting for approval).
      expect(await controlLadder(handle.db, { accountId: account.id, requestId: request.id, actor: `parent:${account.id}`, control: 'restart', now: new Date('2026-03-20T09:00:00-07:00') })).toBe(true);
      const round2 = (await stepDrafts(request.id)).find((d) => d.stateKey === 'ladder:r2:s1');
      expect(round2?.status).toBe('pending');
      // Skip: step 1 of round 2 set aside, step 2 written now.
      expect(await controlLadder(handle.db, { accountId: account.id, requestId: request.id, actor: `parent:${account.id}`, control: 'skip', now: new Date('2026-03-20T09:05:00-07:00') })).toBe(true);
      const after = await stepDrafts(request.id);
      expect(after.find((d) => d.stateKey === 'ladder:r2:s1')!.status).toBe('dismissed');
      expect(after.find((d) => d.stateKey === 'ladder:r2:s2')!.status).toBe('pending');
      // Stop: no more steps; the pending one is dismissed, kept on the record.
      expect(await controlLadder(handle.db, { accountId: account.id, requestId: request.id, actor: `parent:${account.id}`, control: 'stop', now: new Date('2026-03-20T09:10:00-07:00') })).toBe(true);
      expect((await stepDrafts(request.id)).find((d) => d.stateKey === 'ladder:r2:s2')!.status).toBe('dismissed');
      expect((await advanceLadders(handle.db, account.id, new Date('2026-05-01T07:00:00-07:00'))).drafted).toBe(0);
      expect(await actions(account.id)).toEqual(['ladder.started', 'ladder.step_drafted', 'ladder.paused', 'ladder.restarted', 'ladder.step_drafted', 'ladder.step_skipped', 'ladder.step_drafted', 'ladder.stopped']);

      // Another family cannot see or control this ladder.
      const [other] = await handle.db.select().from(accounts).where(eq(accounts.email, 'ladder@family.test'));
      expect(await controlLadder(handle.db, { accountId: other!.id, requestId: request.id, actor: `parent:${other!.id}`, control: 'restart', now: new Date() })).toBe(false);
      expect(await ladderView(handle.db, other!.id, request.id, new Date())).toBeNull();
    });
  });
});
