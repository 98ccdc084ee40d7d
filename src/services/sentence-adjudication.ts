/**
 * The two-pass analysis with the optional sentence judge (contract: src/core/language/adjudication.ts):
 * pass 1 without verdicts, the judge on the questions pass 1 reports, pass 2 with the accepted verdicts.
 * Without a configured judge, for an account that opted out, or when nothing was uncertain, pass 1 is the
 * answer and nothing leaves the machine. Any failure of the judge or its ledger keeps pass 1's answer.
 */
import type { Db } from '../db/client.js';
import type { SentenceQuestion, SentenceVerdict } from '../core/language/adjudication.js';
import type { AdjudicationReport, SentenceJudge } from '../llm/sentence-judge.js';
import { postgresJudgeLedger } from './sentence-judge-ledger.js';

export interface JudgeWiring {
  judge: SentenceJudge | null;
  /** Most model calls per account per local day (LLM_JUDGE_DAILY_CALLS). */
  dailyCalls: number;
  log?: (line: string, data?: Record<string, unknown>) => void;
}

export interface AdjudicatedRun<R> {
  result: R;
  /** Null when the judge was not asked. */
  report: AdjudicationReport | null;
}

export async function runWithSentenceJudge<R>(
  pass: (verdicts: SentenceVerdict[]) => R,
  questionsOf: (result: R) => SentenceQuestion[],
  ctx: { db: Db; accountId: string; timezone: string; now: Date; optedIn: boolean; wiring?: JudgeWiring | null },
): Promise<AdjudicatedRun<R>> {
  const first = pass([]);
  const judge = ctx.wiring?.judge;
  if (!judge || !ctx.optedIn || ctx.wiring!.dailyCalls <= 0) return { result: first, report: null };
  const questions = questionsOf(first);
  if (!questions.length) return { result: first, report: null };
  let report: AdjudicationReport;
  try {
    report = await judge.adjudicate(questions, postgresJudgeLedger(ctx.db, { accountId: ctx.accountId, timezone: ctx.timezone, now: ctx.now, dailyCalls: ctx.wiring!.dailyCalls }));
  } catch (err) {
    ctx.wiring!.log?.('sentence judge fallback', { reason: 'ledger_error', error: err instanceof Error ? err.name : 'unknown', questions: questions.length });
    return { result: first, report: null };
  }
  return { result: report.verdicts.length ? pass(report.verdicts) : first, report };
}
