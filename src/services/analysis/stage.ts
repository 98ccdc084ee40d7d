/**
 * Analysis as a stage of ingest: when a sync stores messages for a child, that child is analysed again, once
 * per sync run however many pages it took (and the sync trigger already coalesces bursts of pushes into one
 * run). So a school reply shows on the dashboard, the commitments and the digest minutes after the sync that
 * brought it, not at the next morning's tick.
 */
import type { Db } from '../../db/client.js';
import type { Logger } from '../../log/logger.js';
import { analyzeChild } from './analyze-account.js';
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
