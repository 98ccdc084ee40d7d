/**
 * The analysis reads the thread and the new text ingest stored (issue 11), rather than computing them again:
 * changing a stored new text changes what is detected, and a stored thread decides which messages answer.
 */
import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { messages, requests, threads } from '../../../src/db/schema.js';
import { analyzeChild } from '../../../src/services/analysis/analyze-account.js';
import { describeOnEachDriver } from '../../helpers/each-driver.js';
import { CASE, seedFamily } from '../../jobs/family.js';

const NOW = new Date(CASE.now);
const ASK = 'Could we schedule a meeting next week to review his IEP?';

describeOnEachDriver('analysis on stored threads and new text', (suite) => {
  it('detects from the stored new text, and threads by the stored thread', async () => {
    const db = suite.handle.db;
    const family = await seedFamily(db, { email: 'stored-facts@example.com', timezone: 'America/Los_Angeles' });
    const first = await analyzeChild(db, family.account.id, family.child.id, NOW);
    const asked = first.result.requests[0]!;
    const row = first.messageRows.get(asked.messageId)!;
    expect(first.result.requests.some((r) => r.kind === 'meeting')).toBe(false);

    // The body is untouched; only the stored new text says something else.
    await db.update(messages).set({ newText: ASK }).where(eq(messages.id, row.id));
    const second = await analyzeChild(db, family.account.id, family.child.id, NOW);
    const fromRow = second.result.requests.filter((r) => r.messageId === asked.messageId);
    expect(fromRow.map((r) => r.kind)).toContain('meeting');
    expect(second.result.messages.find((m) => m.messageId === asked.messageId)?.newText).toBe(ASK);

    // A school message moved to a thread of its own in the stored threads stands alone in the analysis too.
    const school = [...second.messageRows.values()].find((m) => m.side === 'school' && m.threadId === row.threadId);
    expect(school).toBeDefined();
    const [own] = await db.insert(threads).values({ accountId: family.account.id, childId: family.child.id, rootMessageId: school!.messageId, subject: school!.subject }).returning();
    await db.update(messages).set({ threadId: own!.id }).where(eq(messages.id, school!.id));
    const third = await analyzeChild(db, family.account.id, family.child.id, NOW);
    expect(third.result.threads).toHaveLength(second.result.threads.length + 1);
    expect(third.result.threads.find((t) => t.messageIds.includes(school!.messageId))?.messageIds).toEqual([school!.messageId]);
    const stored = await db.select({ kind: requests.kind }).from(requests).where(and(eq(requests.accountId, family.account.id), eq(requests.messageId, row.id)));
    expect(stored.map((r) => r.kind)).toContain('meeting');
  });
});
