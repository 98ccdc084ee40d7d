/**
 * Follow-ups for overdue process clocks (spec §5–6), written by the same daily drafting path as overdue
 * requests (services/drafts/followups.ts calls this with the analysis it just ran) and stored by the same
 * helper (drafts/store.ts): keyed by (clock, "overdue:<due date>"), so a repeated run, or two instances at
 * once, never write it twice, and a dismissed draft is not written again for the same due date; stored with
 * its facts, so the LLM rewrite checks a clock's letter against the same draft rules as a request's.
 */
import type { Db } from '../../db/client.js';
import type { AnalyzeResult } from '../../core/analyze.js';
import { storeTemplateDraft } from '../drafts/store.js';

export async function draftClockFollowUps(db: Db, accountId: string, analysed: { result: AnalyzeResult; clockIds: Map<string, string> }, now: Date): Promise<number> {
  let created = 0;
  for (const d of analysed.result.drafts) {
    if (!d.clockId || !d.facts) continue;
    const clock = analysed.result.clocks.find((c) => c.id === d.clockId);
    const clockId = analysed.clockIds.get(d.clockId);
    if (!clock || !clockId || clock.status !== 'overdue') continue;
    const { facts, commitment: _c, requestId: _r, clockId: _k, ...letter } = d;
    const stored = await storeTemplateDraft(db, { accountId, target: { kind: 'clock', clockId }, stateKey: `overdue:${clock.dueDate}`, letter, facts, now });
    if (stored.created) created++;
  }
  return created;
}
