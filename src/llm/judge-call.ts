/**
 * One model call for one sentence question: the prompt from prompts/sentence-judge-*.md, the shared
 * OpenAI-compatible client, and every way it can go wrong mapped to a reason code. Never throws.
 */
import type { SentenceQuestion } from '../core/language/adjudication.js';
import { LlmError, type ChatMessage, type LlmClient } from './client.js';
import { readAnswer, type AnswerRejection, type ReadAnswer } from './judge-answer.js';
import { renderPrompt } from './prompts.js';

export type CallFailure = 'timeout' | 'deadline' | 'rate_limited' | 'http_5xx' | 'http_4xx' | 'network' | 'invalid_response';

export type CallOutcome = ReadAnswer | { ok: false; reason: CallFailure; retryAfterMs?: number };

/** Rejections that the same model would most likely repeat: worth remembering so the question is not re-asked. */
export const LASTING_REJECTIONS: ReadonlySet<string> = new Set<AnswerRejection>(['not_json', 'schema', 'evidence_not_found']);

export function judgeMessages(q: SentenceQuestion): ChatMessage[] {
  const user =
    q.task === 'request'
      ? renderPrompt('sentence-judge-request', { sentence: q.sentence, context: q.context })
      : renderPrompt('sentence-judge-reply', { kind: q.request.kind, requestEvidence: q.request.evidence, sentence: q.sentence, context: q.context });
  return [
    { role: 'system', content: renderPrompt('sentence-judge-system', {}) },
    { role: 'user', content: user },
  ];
}

/**
 * Asks the model about `q`. `deadline` is the analysis-wide cap (aborting it reports 'deadline');
 * `timeoutMs` bounds this one call (reported as 'timeout').
 */
export async function callJudge(client: LlmClient, q: SentenceQuestion, opts: { deadline: AbortSignal; timeoutMs: number }): Promise<CallOutcome> {
  const signal = AbortSignal.any([opts.deadline, AbortSignal.timeout(opts.timeoutMs)]);
  let raw: string;
  try {
    raw = await client.complete(judgeMessages(q), { json: true, temperature: 0, maxTokens: 300, signal });
  } catch (err) {
    if (opts.deadline.aborted) return { ok: false, reason: 'deadline' };
    if (!(err instanceof LlmError)) return { ok: false, reason: 'network' };
    if (err.kind === 'timeout') return { ok: false, reason: 'timeout' };
    if (err.kind === 'network') return { ok: false, reason: 'network' };
    if (err.kind === 'invalid_response') return { ok: false, reason: 'invalid_response' };
    if (err.status === 429) return { ok: false, reason: 'rate_limited', retryAfterMs: err.retryAfterMs };
    if (err.status !== undefined && err.status >= 500) return { ok: false, reason: 'http_5xx', retryAfterMs: err.retryAfterMs };
    return { ok: false, reason: 'http_4xx' };
  }
  return readAnswer(q, raw);
}
