/**
 * The two-pass analysis with the optional sentence judge (contract: src/core/language/adjudication.ts):
 * pass 1 without verdicts, then the verdicts for pass 1's questions, then pass 2 with them.
 *
 * Where the verdicts come from:
 *  - a caller that brings the judge (the daily drafts job) asks the model about new questions, within the
 *    account's budget and the judge's deadline;
 *  - every other caller (the digest, a parent's override, onboarding) takes the remembered verdicts only, with
 *    no call, so every analysis of the account agrees and a web request never waits on the model;
 *  - an account that opted out gets pass 1 only, as does every analysis when nothing was uncertain.
 * A failing ledger or judge keeps pass 1's answer: the model can only ever refine the deterministic result.
 */
import type { Db } from '../../db/client.js';
import type { Logger } from '../../log/logger.js';
import type { SentenceQuestion, SentenceVerdict } from '../../core/language/adjudication.js';
import { rememberedJudgements, type AdjudicationReport, type SentenceJudge } from '../../llm/sentence-judge.js';
import { postgresJudgeLedger } from './sentence-judge-ledger.js';

export interface JudgeWiring {
  judge: SentenceJudge | null;
  /** Most model calls per account per local day (LLM_JUDGE_DAILY_CALLS). */
  dailyCalls: number;
  log?: Logger;
}

export interface AdjudicatedRun<R> {
  result: R;
  /** What the judge did; null when it was not asked (cache only, opted out, nothing uncertain). */
  report: AdjudicationReport | null;
  /** Verdicts applied in pass 2 (asked or remembered). */
  verdicts: number;
}

export async function runWithSentenceJudge<R>(
  pass: (verdicts: SentenceVerdict[]) => R,
  questionsOf: (result: R) => SentenceQuestion[],
  ctx: { db: Db; accountId: string; timezone: string; now: Date; optedIn: boolean; wiring?: JudgeWiring | null },
): Promise<AdjudicatedRun<R>> {
  const first = pass([]);
  const questions = ctx.optedIn ? questionsOf(first) : [];
  if (!questions.length) return { result: first, report: null, verdicts: 0 };
  const dailyCalls = ctx.wiring?.dailyCalls ?? 0;
  const ledger = postgresJudgeLedger(ctx.db, { accountId: ctx.accountId, timezone: ctx.timezone, now: ctx.now, dailyCalls });
  const judge = dailyCalls > 0 ? ctx.wiring?.judge : null;
  let verdicts: SentenceVerdict[];
  let report: AdjudicationReport | null = null;
  try {
    if (judge) {
      report = await judge.adjudicate(questions, ledger);
      verdicts = report.verdicts;
    } else {
      const remembered = await rememberedJudgements(questions, ledger, null);
      verdicts = [...remembered.verdicts.values()];
    }
  } catch (err) {
    ctx.wiring?.log?.warn('sentence judge fallback', { reason: 'ledger_error', error: err instanceof Error ? err.name : 'unknown', questions: questions.length });
    return { result: first, report: null, verdicts: 0 };
  }
  return { result: verdicts.length ? pass(verdicts) : first, report, verdicts: verdicts.length };
}
