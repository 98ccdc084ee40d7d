/**
 * The optional model that adjudicates the sentences the deterministic analysis scores as uncertain
 * (contract: src/core/language/adjudication.ts). Given the first pass's questions it returns the verdicts it
 * can vouch for; every other question keeps its deterministic answer. Per question, in order:
 *   cached judgement (no call) → the account's daily call budget → one model call → strict JSON + verbatim
 *   evidence → remembered in the ledger.
 * Calls run a few at a time under one overall deadline, so an analysis never waits long on the model; a 429
 * pauses the judge for its Retry-After. Fallbacks are logged with a reason code and the question's hash only.
 */
import type { SentenceQuestion, SentenceVerdict } from '../core/language/adjudication.js';
import type { Env } from '../config/env.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { createLlmClient, type LlmClient } from './client.js';
import { verdictFrom } from './judge-answer.js';
import { callJudge, LASTING_REJECTIONS, type CallFailure } from './judge-call.js';
import type { JudgeLedger } from './judge-ledger.js';

export type FallbackReason = CallFailure | 'not_json' | 'schema' | 'evidence_not_found' | 'budget_exhausted' | 'remembered_rejection';

export interface AdjudicationReport {
  /** Accepted verdicts, in the order of the questions. */
  verdicts: SentenceVerdict[];
  /** Model calls made. */
  calls: number;
  /** Answers taken from the ledger without a call. */
  cached: number;
  fallbacks: Partial<Record<FallbackReason, number>>;
}

export interface SentenceJudge {
  /** The model name, recorded with every remembered judgement. */
  readonly model: string;
  /** Host the sentences are sent to (shown on the settings page). */
  readonly host: string;
  adjudicate(questions: SentenceQuestion[], ledger: JudgeLedger): Promise<AdjudicationReport>;
}

export interface SentenceJudgeOptions {
  client: LlmClient;
  model: string;
  host: string;
  log?: Logger;
  /** Model calls in flight at once. */
  concurrency?: number;
  /** Longest wait for one call. */
  callTimeoutMs?: number;
  /** Longest an adjudication may take in all; questions left then keep their deterministic answer. */
  deadlineMs?: number;
  /** Pause after a 429 that carried no Retry-After. */
  defaultRetryAfterMs?: number;
  clock?: () => number;
}

export const JUDGE_DEFAULTS = { concurrency: 3, callTimeoutMs: 8_000, deadlineMs: 20_000, defaultRetryAfterMs: 60_000 } as const;

export function createSentenceJudge(opts: SentenceJudgeOptions): SentenceJudge {
  const o = { ...JUDGE_DEFAULTS, ...opts };
  const log = opts.log ?? silentLogger;
  const clock = opts.clock ?? Date.now;
  let pausedUntil = 0; // per judge instance: a 429 holds off every account's calls, not only this batch

  return {
    model: o.model,
    host: o.host,
    async adjudicate(questions, ledger) {
      const report: AdjudicationReport = { verdicts: [], calls: 0, cached: 0, fallbacks: {} };
      const unique = [...new Map(questions.map((q) => [q.hash, q])).values()];
      if (!unique.length) return report;
      const fallback = (q: SentenceQuestion, reason: FallbackReason) => {
        report.fallbacks[reason] = (report.fallbacks[reason] ?? 0) + 1;
        log.info('sentence judge fallback', { reason, task: q.task, hash: q.hash.slice(0, 16), doubt: q.doubt });
      };
      const byHash = new Map<string, SentenceVerdict>();

      const remembered = await rememberedJudgements(unique, ledger, o.model);
      for (const [hash, v] of remembered.verdicts) byHash.set(hash, v);
      for (const q of remembered.rejected) fallback(q, 'remembered_rejection');
      report.cached = remembered.verdicts.size + remembered.rejected.length;
      const toAsk = remembered.unknown;

      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), o.deadlineMs);
      let budgetLeft = true;
      const next = (() => {
        let i = 0;
        return () => toAsk[i++];
      })();
      const worker = async () => {
        for (let q = next(); q; q = next()) {
          if (deadline.signal.aborted) fallback(q, 'deadline');
          else if (clock() < pausedUntil) fallback(q, 'rate_limited');
          else if (!budgetLeft || !(budgetLeft = await ledger.reserveCall())) fallback(q, 'budget_exhausted');
          else {
            report.calls++;
            const out = await callJudge(o.client, q, { deadline: deadline.signal, timeoutMs: o.callTimeoutMs });
            if (out.ok) {
              byHash.set(q.hash, out.verdict);
              await ledger.save(q.hash, { outcome: 'verdict', task: q.task, model: o.model, evidenceStart: out.span.start, evidenceEnd: out.span.end, ...decisionOf(out.verdict) });
              continue;
            }
            if (out.reason === 'rate_limited') pausedUntil = Math.max(pausedUntil, clock() + (out.retryAfterMs ?? o.defaultRetryAfterMs));
            if (LASTING_REJECTIONS.has(out.reason)) await ledger.save(q.hash, { outcome: 'rejected', task: q.task, model: o.model, reason: out.reason });
            fallback(q, out.reason);
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(o.concurrency, toAsk.length) }, worker));
      } finally {
        clearTimeout(timer);
        deadline.abort(); // if one worker failed, the others' calls end now rather than at their timeout
      }
      report.verdicts = unique.flatMap((q) => byHash.get(q.hash) ?? []);
      log.info('sentence judge', { questions: unique.length, calls: report.calls, cached: report.cached, verdicts: report.verdicts.length, fallbacks: report.fallbacks });
      return report;
    },
  };
}

/**
 * Splits questions into those the ledger has a usable verdict for, those it remembers the model (`model`)
 * answering unusably, and the rest. With `model` null (no model configured) rejections count as unknown.
 */
export async function rememberedJudgements(
  questions: SentenceQuestion[],
  ledger: JudgeLedger,
  model: string | null,
): Promise<{ verdicts: Map<string, SentenceVerdict>; rejected: SentenceQuestion[]; unknown: SentenceQuestion[] }> {
  const out = { verdicts: new Map<string, SentenceVerdict>(), rejected: [] as SentenceQuestion[], unknown: [] as SentenceQuestion[] };
  if (!questions.length) return out;
  const stored = await ledger.lookup(questions.map((q) => q.hash));
  for (const q of questions) {
    const j = stored.get(q.hash);
    const v = j?.outcome === 'verdict' && j.task === q.task ? verdictFrom(q, j, { start: j.evidenceStart, end: j.evidenceEnd }) : null;
    if (v) out.verdicts.set(q.hash, v);
    else if (j?.outcome === 'rejected' && j.model === model) out.rejected.push(q);
    else out.unknown.push(q);
  }
  return out;
}

function decisionOf(v: SentenceVerdict) {
  return v.task === 'request' ? { isRequest: v.isRequest, kind: v.kind } : { act: v.act };
}

/**
 * The judge for this deployment, or null when LLM_BASE_URL / LLM_MODEL are not set: then nothing is sent
 * anywhere and the deterministic answers stand.
 */
export function sentenceJudgeFromEnv(
  env: Pick<Env, 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL'>,
  opts: Omit<SentenceJudgeOptions, 'client' | 'model' | 'host'> = {},
): SentenceJudge | null {
  const client = createLlmClient(env, { timeoutMs: opts.callTimeoutMs ?? JUDGE_DEFAULTS.callTimeoutMs });
  if (!client || !env.LLM_BASE_URL || !env.LLM_MODEL) return null;
  return createSentenceJudge({ ...opts, client, model: env.LLM_MODEL, host: new URL(env.LLM_BASE_URL).host });
}
