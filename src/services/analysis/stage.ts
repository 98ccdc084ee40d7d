/**
 * Analysis as a stage of ingest: when a sync stores messages for a child, that child is analysed again, once
 * per sync run however many pages it took (and the sync trigger already coalesces bursts of pushes into one
 * run). So a school reply shows on the dashboard, the commitments and the digest minutes after the sync that
 * brought it, not at the next morning's tick.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { children, messages } from '../../db/schema.js';
import type { Logger } from '../../log/logger.js';
import { analyzeChild } from './analyze-account.js';
import { ageByDueDate, rawRows, type AgedCounts } from './ageing.js';
import { pauseLaddersOnReply } from '../drafts/ladder.js';
import type { JudgeWiring } from './sentence-adjudication.js';

/**
 * With `wiring` (a deployment with LLM_* settings) the sentences the rules are unsure about are adjudicated by
 * the model within the account's daily budget; without it only remembered verdicts apply.
 */
export async function reanalyzeChildren(db: Db, accountId: string, childIds: Iterable<string>, now: Date, log?: Logger, wiring?: JudgeWiring | null): Promise<number> {
  let analysed = 0;
  for (const childId of new Set(childIds)) {
    try {
      await analyzeChild(db, accountId, childId, now, wiring);
      // A school reply pauses its follow-up ladder now, with the status just re-read.
      await pauseLaddersOnReply(db, accountId, childId, now);
      analysed++;
    } catch (err) {
      // The mail is stored either way; the next sync or the parent's next visit analyses again.
      log?.error('analysis after sync failed', { accountId, childId, error: err instanceof Error ? err.name : 'error' });
    }
  }
  return analysed;
}

/**
 * The account's stored analysis as of `now`, without analysing what has not changed (issue 11): a child with
 * mail stored after its last analysis read (an ingest whose stage failed, an import that does not run the
 * stage) is analysed; then every status ages by its due date in one set-based update per table. The digest
 * and the daily drafting call this instead of analysing every child again.
 */
export async function bringUpToDate(db: Db, accountId: string, now: Date): Promise<{ analysed: string[]; aged: AgedCounts }> {
  const analysed = await childrenBehindTheirMail(db, accountId);
  for (const childId of analysed) await analyzeChild(db, accountId, childId, now);
  const aged = await ageByDueDate(db, now, { accountId });
  return { analysed, aged };
}

/** Children with a message stored after their last analysis read (or never analysed). */
export async function childrenBehindTheirMail(db: Db, accountId: string): Promise<string[]> {
  // Dates come back to JS at millisecond precision (analyzed_through was written from one); created_at is
  // kept to the microsecond.
  const out = await rawRows<{ id: string }>(
    db,
    sql`select c.id from ${children} c where c.account_id = ${accountId} and exists (
          select 1 from ${messages} m where m.child_id = c.id
             and (c.analyzed_through is null or date_trunc('milliseconds', m.created_at) > c.analyzed_through))`,
  );
  return out.map((r) => r.id);
}
