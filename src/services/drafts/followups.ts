import { recordAudit } from '../../db/audit.js';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { children, commitments, drafts, requests } from '../../db/schema.js';
import { analyzeChild } from '../analysis/analyze-account.js';
import { draftClockFollowUps } from '../clocks/drafts.js';

/**
 * Spec §6: every overdue request, missed commitment and overdue process clock without a live draft gets one, written by the
 * template drafter. A draft is keyed by (request, state): "overdue:<due date>" — so a repeated run, or a
 * second instance running at the same time, never creates it twice (the unique index decides). Requests the
 * parent resolved or marked "not a request" get none.
 */
export async function draftFollowUps(db: Db, accountId: string, now: Date): Promise<{ created: number }> {
  const kids = await db.select({ id: children.id }).from(children).where(eq(children.accountId, accountId));
  let created = 0;
  for (const kid of kids) {
    const { result, requestIds, clockIds, messageRows } = await analyzeChild(db, accountId, kid.id, now);
    created += await draftClockFollowUps(db, accountId, { result, clockIds });
    const stored = await db.select().from(requests).where(and(eq(requests.childId, kid.id), eq(requests.accountId, accountId)));
    for (const d of result.drafts) {
      if (d.clockId) continue; // drafted above by draftClockFollowUps
      const requestId = d.requestId ? requestIds.get(d.requestId) ?? null : null;
      const request = stored.find((r) => r.id === requestId);
      if (request && (request.overrides['resolved'] || request.overrides['notARequest'])) continue;
      let commitmentId: string | null = null;
      if (d.commitment) {
        const msg = messageRows.get(d.commitment.messageId);
        const [c] = msg
          ? await db.select({ id: commitments.id }).from(commitments).where(and(eq(commitments.messageId, msg.id), eq(commitments.text, d.commitment.text)))
          : [];
        commitmentId = c?.id ?? null;
      }
      const stateKey = d.commitment ? `missed:${d.commitment.dueDate}` : `overdue:${request?.dueDate ?? ''}`;
      const [row] = await db
        .insert(drafts)
        .values({
          accountId,
          requestId: d.commitment ? null : requestId,
          commitmentId,
          stateKey,
          toAddresses: d.to,
          ccAddresses: d.cc,
          subject: d.subject,
          body: d.body,
          inReplyTo: d.inReplyTo,
          references: d.references,
          source: 'template',
          // The analysis' own request id becomes the stored one, as the draft's requestId does.
          facts: d.facts ? { ...d.facts, request: { ...d.facts.request, id: requestId ?? '' } } : null,
        })
        .onConflictDoNothing()
        .returning({ id: drafts.id });
      if (row) {
        created++;
        await recordAudit(db, {
          accountId,
          actor: 'system',
          action: 'draft.created',
          subjectType: 'draft',
          subjectId: row.id,
          data: { requestId, commitmentId, stateKey },
          at: now,
        });
      }
    }
  }
  return { created };
}
