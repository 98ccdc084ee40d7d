/**
 * Follow-ups for overdue process clocks (spec §5–6), written by the same daily drafting path as overdue
 * requests (services/drafts/followups.ts calls this with the analysis it just ran). A clock's draft is keyed
 * by (clock, "overdue:<due date>"): a repeated run, or two instances at once, never write it twice (the
 * unique index decides), and a dismissed draft is not written again for the same due date.
 */
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../db/audit.js';
import { drafts } from '../../db/schema.js';
import type { AnalyzeResult } from '../../core/analyze.js';

export async function draftClockFollowUps(db: Db, accountId: string, analysed: { result: AnalyzeResult; clockIds: Map<string, string> }): Promise<number> {
  let created = 0;
  for (const d of analysed.result.drafts) {
    if (!d.clockId) continue;
    const clock = analysed.result.clocks.find((c) => c.id === d.clockId);
    const clockId = analysed.clockIds.get(d.clockId);
    if (!clock || !clockId || clock.status !== 'overdue') continue;
    const stateKey = `overdue:${clock.dueDate}`;
    const [row] = await db
      .insert(drafts)
      .values({
        accountId,
        clockId,
        stateKey,
        toAddresses: d.to,
        ccAddresses: d.cc,
        subject: d.subject,
        body: d.body,
        inReplyTo: d.inReplyTo,
        references: d.references,
        source: 'template',
      })
      .onConflictDoNothing()
      .returning({ id: drafts.id });
    if (!row) continue;
    created++;
    await recordAudit(db, { accountId, actor: 'system', action: 'draft.created', subjectType: 'draft', subjectId: row.id, data: { clockId, stateKey, ruleId: clock.rule.id } });
  }
  return created;
}
