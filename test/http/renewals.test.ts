/**
 * A repeated ask is the same request (issue 14 #8), on the real ca-records-renewed correspondence: the father
 * asks for the records, then asks again while the first ask is unanswered. The child's page, the home page's
 * data and the digest show one records request with the repeat in its history, not two requests.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, drafts, ladders, requests } from '../../src/db/schema.js';
import { advanceLadders } from '../../src/services/drafts/ladder.js';
import { controlLadder } from '../../src/services/drafts/ladder-controls.js';
import { draftFollowUps } from '../../src/services/drafts/followups.js';
import { analyzeChild } from '../../src/services/analysis/analyze-account.js';
import { renewalsAmong } from '../../src/services/analysis/renewals.js';
import { digestContent } from '../../src/services/digest/content.js';
import { childDashboard } from '../../src/http/routes/dashboard-data.js';
import { createTestDb } from '../helpers/db.js';
import { CASE, seedFamily } from '../jobs/family.js';

let handle: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.close();
});

describe('a repeated ask', () => {
  it('shows as the first request with its history, on the child page and in the digest', async () => {
    const now = new Date(CASE.now);
    const { account, child } = await seedFamily(handle.db, { email: 'renewals@family.test', timezone: 'America/Los_Angeles' });
    await analyzeChild(handle.db, account.id, child.id, now);
    const stored = await handle.db.select().from(requests).where(and(eq(requests.accountId, account.id), eq(requests.childId, child.id)));
    const records = stored.filter((r) => r.kind === 'records');
    expect(records.length).toBeGreaterThanOrEqual(2); // analyze reports each ask as written

    const groups = await renewalsAmong(handle.db, stored, now, () => child.timezone);
    expect(groups.primaryOf.size).toBeGreaterThan(0);
    const [renewalId, primaryId] = [...groups.primaryOf][0]!;

    const d = await childDashboard(handle.db, child, now);
    const ids = d.requests.map((r) => r.row.id);
    expect(ids).toContain(primaryId);
    expect(ids).not.toContain(renewalId);
    const primary = d.requests.find((r) => r.row.id === primaryId)!;
    expect(primary.renewals.map((x) => x.id)).toContain(renewalId);
    expect(primary.renewals[0]!.evidence.length).toBeGreaterThan(5);
    // No follow-up listed for the repeat itself.
    expect(d.drafts.some((x) => x.requestId === renewalId)).toBe(false);

    const digest = await digestContent(handle.db, account.id, now);
    const listed = [...digest.overdue, ...digest.awaiting].map((r) => r.id);
    expect(listed).not.toContain(renewalId);
    if (primary.status === 'overdue' || primary.status === 'awaiting' || primary.status === 'acknowledged') expect(listed).toContain(primaryId);
  }, 60_000);

  it('gets no follow-up of its own from the daily drafting; the first ask, when overdue, gets one', async () => {
    const now = new Date(Date.parse(CASE.now) + 14 * 86_400_000);
    const { account, child } = await seedFamily(handle.db, { email: 'renewals-drafting@family.test', timezone: 'America/Los_Angeles' });
    await draftFollowUps(handle.db, account.id, now);
    const stored = await handle.db.select().from(requests).where(and(eq(requests.accountId, account.id), eq(requests.childId, child.id)));
    const groups = await renewalsAmong(handle.db, stored, now, () => child.timezone);
    expect(groups.primaryOf.size).toBeGreaterThan(0);
    // Late enough that the repeat is past its own due date too: without the grouping it would get a draft.
    expect(stored.find((r) => r.id === [...groups.primaryOf.keys()][0])?.status).toBe('overdue');
    const written = await handle.db.select({ requestId: drafts.requestId }).from(drafts).where(eq(drafts.accountId, account.id));
    for (const renewalId of groups.primaryOf.keys()) expect(written.map((w) => w.requestId)).not.toContain(renewalId);
    for (const primaryId of new Set(groups.primaryOf.values())) {
      const primary = stored.find((r) => r.id === primaryId)!;
      if (primary.status === 'overdue') expect(written.map((w) => w.requestId)).toContain(primaryId);
    }
    // A second run writes nothing more.
    const again = await draftFollowUps(handle.db, account.id, now);
    expect(again.created).toBe(0);
  }, 60_000);

  it('starts no escalation ladder of its own, even with a follow-up left from before the grouping; the first ask’s does start', async () => {
    const now = new Date(Date.parse(CASE.now) + 14 * 86_400_000);
    const { account, child } = await seedFamily(handle.db, { email: 'renewals-ladder@family.test', timezone: 'America/Los_Angeles' });
    await draftFollowUps(handle.db, account.id, now);
    const stored = await handle.db.select().from(requests).where(and(eq(requests.accountId, account.id), eq(requests.childId, child.id)));
    const groups = await renewalsAmong(handle.db, stored, now, () => child.timezone);
    const [renewalId, primaryId] = [...groups.primaryOf][0]!;
    const renewal = stored.find((r) => r.id === renewalId)!;
    expect(renewal.status).toBe('overdue');
    // A follow-up of the repeat's own, as drafting wrote them before a repeated ask was grouped: without the
    // renewal check, this is all the ladder needs to start.
    const [primaryDraft] = await handle.db.select().from(drafts).where(eq(drafts.requestId, primaryId));
    expect(primaryDraft).toBeTruthy();
    const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = primaryDraft!;
    await handle.db.insert(drafts).values({ ...copy, requestId: renewalId, stateKey: `overdue:${renewal.dueDate}` });

    for (const days of [0, 7, 14, 21]) await advanceLadders(handle.db, account.id, new Date(now.getTime() + days * 86_400_000));
    const started = await handle.db.select().from(ladders).where(eq(ladders.accountId, account.id));
    expect(started.map((l) => l.requestId)).toContain(primaryId);
    expect(started.map((l) => l.requestId)).not.toContain(renewalId);
    // Nor can the parent's "restart" begin one on the repeat (it is chased through the first ask).
    expect(await controlLadder(handle.db, { accountId: account.id, requestId: renewalId, actor: `parent:${account.id}`, control: 'restart', now })).toBe(false);
    expect((await handle.db.select().from(ladders).where(eq(ladders.requestId, renewalId))).length).toBe(0);
    const trail = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, account.id), eq(auditEvents.subjectId, renewalId)));
    expect(trail.map((e) => e.action).filter((a) => a.startsWith('ladder.'))).toEqual([]);
  }, 60_000);
});
