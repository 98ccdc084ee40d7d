/**
 * Time alone needs no re-analysis (issue 11): a due date passing with no new mail ages the stored statuses
 * in one set-based update, and the drafting writes the follow-up from the stored rows. The result is checked
 * against a full analysis of a second copy of the same family at the same instant: the same statuses and the
 * same drafts, word for word.
 */
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { auditEvents, drafts, requests } from '../../../src/db/schema.js';
import { analyzeChild } from '../../../src/services/analysis/analyze-account.js';
import { renewalsAmong } from '../../../src/services/analysis/renewals.js';
import { draftFollowUps } from '../../../src/services/drafts/followups.js';
import { describeOnEachDriver } from '../../helpers/each-driver.js';
import { seedFamily } from '../../jobs/family.js';

/** The evening the family's last message (Mon 9 Feb 2026, 17:20 in California) was synced and analysed. */
const SYNCED = new Date('2026-02-10T02:30:00Z');
/** Eleven days later, with no mail in between: the renewed request's due date has passed. */
const LATER = new Date('2026-02-20T15:00:00Z');

describeOnEachDriver('follow-ups from stored rows', (suite) => {
  it('ages the statuses and drafts from stored rows with no analysis, as a full analysis would', async () => {
    const db = suite.handle.db;
    const aged = await seedFamily(db, { email: 'aged@example.com', timezone: 'America/Los_Angeles' });
    await analyzeChild(db, aged.account.id, aged.child.id, SYNCED);
    const statusesAtSync = await db.select({ id: requests.id, status: requests.status }).from(requests).where(eq(requests.accountId, aged.account.id));
    expect(statusesAtSync.some((r) => r.status !== 'overdue' && r.status !== 'answered')).toBe(true);

    const run = await draftFollowUps(db, aged.account.id, LATER);
    expect(run.analysed).toBe(0);
    expect(run.aged).toBeGreaterThan(0);
    expect(run.created).toBeGreaterThan(0);
    const agedEvents = await db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, aged.account.id), eq(auditEvents.action, 'request.status_changed'), eq(auditEvents.at, LATER)));
    expect(agedEvents.map((e) => (e.data as Record<string, unknown>)['to'])).toContain('overdue');

    // The same family, analysed in full at the same instant.
    const fresh = await seedFamily(db, { email: 'fresh@example.com', timezone: 'America/Los_Angeles' });
    const analysis = await analyzeChild(db, fresh.account.id, fresh.child.id, LATER);
    const statuses = async (accountId: string) =>
      (await db.select({ kind: requests.kind, evidence: requests.evidence, status: requests.status }).from(requests).where(eq(requests.accountId, accountId)))
        .map((r) => `${r.kind}|${r.evidence}|${r.status}`)
        .sort();
    expect(await statuses(aged.account.id)).toEqual(await statuses(fresh.account.id));

    const stored = await db.select().from(drafts).where(eq(drafts.accountId, aged.account.id));
    // A repeated ask is the first request's history (issue 14 #8): the core drafts every overdue ask as written,
    // the service chases the first one only.
    const freshRequests = await db.select().from(requests).where(eq(requests.accountId, fresh.account.id));
    const renewals = (await renewalsAmong(db, freshRequests, LATER, () => 'America/Los_Angeles')).primaryOf;
    expect(renewals.size).toBeGreaterThan(0);
    const expected = analysis.result.drafts.filter((d) => !d.clockId && !(d.requestId && renewals.has(analysis.requestIds.get(d.requestId) ?? '')));
    expect(expected.length).toBeLessThan(analysis.result.drafts.filter((d) => !d.clockId).length);
    expect(stored).toHaveLength(expected.length);
    const shape = (d: { subject: string; body: string; to: string[]; cc: string[]; inReplyTo: string | null; references: string[]; facts?: unknown }) => {
      const facts = JSON.parse(JSON.stringify(d.facts ?? null)) as { request?: { id?: string } } | null;
      if (facts?.request) delete facts.request.id;
      return { subject: d.subject, body: d.body, to: d.to, cc: d.cc, inReplyTo: d.inReplyTo, references: d.references, facts };
    };
    const storedShapes = stored.map((d) => shape({ ...d, to: d.toAddresses, cc: d.ccAddresses })).sort((a, b) => a.body.localeCompare(b.body));
    const expectedShapes = expected.map((d) => shape(d)).sort((a, b) => a.body.localeCompare(b.body));
    expect(storedShapes).toEqual(expectedShapes);

    // A second run the same day finds nothing to age or draft, and still analyses nothing.
    expect(await draftFollowUps(db, aged.account.id, LATER)).toEqual({ created: 0, analysed: 0, aged: 0 });
  });

  it('catches up a child whose stored mail its last analysis did not read, once', async () => {
    const db = suite.handle.db;
    const family = await seedFamily(db, { email: 'imported@example.com', timezone: 'America/Los_Angeles' });
    const first = await draftFollowUps(db, family.account.id, LATER);
    expect(first.analysed).toBe(1);
    expect(first.created).toBeGreaterThan(0);
    expect(await draftFollowUps(db, family.account.id, LATER)).toEqual({ created: 0, analysed: 0, aged: 0 });
  });
});
