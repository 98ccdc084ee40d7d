/**
 * The sentence judge's ledger in Postgres (tables sentence_judgements and llm_call_budget), scoped to one
 * account. The budget is taken with one conditional upsert, so instances running at once share it exactly;
 * its day is the account's local date at `now`.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { llmCallBudget, sentenceJudgements } from '../../db/schema.js';
import { localDateOf } from '../../core/deadlines/index.js';
import { REQUEST_KINDS, type RequestKind } from '../../core/types.js';
import type { ReplyActVerdict } from '../../core/language/adjudication.js';
import type { JudgeLedger, StoredJudgement } from '../../llm/judge-ledger.js';

export function postgresJudgeLedger(db: Db, input: { accountId: string; timezone: string; now: Date; dailyCalls: number }): JudgeLedger {
  const day = localDateOf(input.now.getTime(), input.timezone);
  return {
    async lookup(hashes) {
      if (!hashes.length) return new Map();
      const rows = await db
        .select()
        .from(sentenceJudgements)
        .where(and(eq(sentenceJudgements.accountId, input.accountId), inArray(sentenceJudgements.questionHash, hashes)));
      return new Map(rows.flatMap((r) => (toJudgement(r) ? [[r.questionHash, toJudgement(r)!] as const] : [])));
    },
    async save(hash, j) {
      const values = {
        accountId: input.accountId,
        questionHash: hash,
        task: j.task,
        outcome: j.outcome,
        model: j.model,
        isRequest: j.outcome === 'verdict' ? (j.isRequest ?? null) : null,
        kind: j.outcome === 'verdict' ? (j.kind ?? null) : null,
        act: j.outcome === 'verdict' ? (j.act ?? null) : null,
        evidenceStart: j.outcome === 'verdict' ? j.evidenceStart : null,
        evidenceEnd: j.outcome === 'verdict' ? j.evidenceEnd : null,
        reason: j.outcome === 'rejected' ? j.reason : null,
      };
      await db
        .insert(sentenceJudgements)
        .values(values)
        .onConflictDoUpdate({ target: [sentenceJudgements.accountId, sentenceJudgements.questionHash], set: { ...values, createdAt: new Date() } });
    },
    async reserveCall() {
      if (input.dailyCalls <= 0) return false;
      const taken = await db
        .insert(llmCallBudget)
        .values({ accountId: input.accountId, day, calls: 1 })
        .onConflictDoUpdate({
          target: [llmCallBudget.accountId, llmCallBudget.day],
          set: { calls: sql`${llmCallBudget.calls} + 1` },
          setWhere: sql`${llmCallBudget.calls} < ${input.dailyCalls}`,
        })
        .returning({ calls: llmCallBudget.calls });
      return taken.length > 0;
    },
  };
}

/** Calls made today by the account (for the settings page and tests). */
export async function judgeCallsToday(db: Db, accountId: string, timezone: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ calls: llmCallBudget.calls })
    .from(llmCallBudget)
    .where(and(eq(llmCallBudget.accountId, accountId), eq(llmCallBudget.day, localDateOf(now.getTime(), timezone))));
  return row?.calls ?? 0;
}

const ACTS: readonly ReplyActVerdict[] = ['answered', 'acknowledged', 'none'];

/** A row back into a judgement; a row this code cannot read (an edited table) is treated as absent. */
function toJudgement(r: typeof sentenceJudgements.$inferSelect): StoredJudgement | null {
  if (r.task !== 'request' && r.task !== 'reply') return null;
  if (r.outcome === 'rejected') return { outcome: 'rejected', task: r.task, model: r.model, reason: r.reason ?? '' };
  if (r.outcome !== 'verdict' || r.evidenceStart === null || r.evidenceEnd === null) return null;
  const base = { outcome: 'verdict' as const, task: r.task, model: r.model, evidenceStart: r.evidenceStart, evidenceEnd: r.evidenceEnd };
  if (r.task === 'request') {
    if (r.isRequest === null || (r.kind !== null && !(REQUEST_KINDS as readonly string[]).includes(r.kind))) return null;
    return { ...base, isRequest: r.isRequest, kind: r.kind as RequestKind | null };
  }
  if (!ACTS.includes(r.act as ReplyActVerdict)) return null;
  return { ...base, act: r.act as ReplyActVerdict };
}
