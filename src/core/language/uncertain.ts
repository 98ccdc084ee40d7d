/**
 * The deterministic pass's doubts about a parent's sentence, as questions for an optional model
 * (adjudication.ts), and the verdicts that settle them. Pure: the hash is FNV-1a over the task, the sentence
 * and its context, so the service layer can cache answers across runs and accounts' re-analyses.
 */
import type { RequestKind } from '../types.js';
import type { RequestQuestion, SentenceVerdict } from './adjudication.js';

export function questionHash(task: string, sentence: string, context: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${task}\u0000${sentence}\u0000${context}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Why a request decision is uncertain, or null when it is not:
 *  - the ask rests on a bare "please" inside a longer sentence (not an imperative, not a request verb);
 *  - the ask names no kind, so the kind came from the sentences around it or the subject;
 *  - a sentence shaped as a question was read as rhetorical.
 */
export function requestDoubt(decision: { isRequest: boolean; cue: string | null; kindRule: string | null; questionShaped: boolean }): string | null {
  if (decision.isRequest && decision.cue === 'please') return 'weak ask cue (a bare "please")';
  if (decision.isRequest && decision.kindRule && /^(context|subject):/.test(decision.kindRule)) return 'the ask names no kind; the kind came from context';
  if (!decision.isRequest && decision.questionShaped) return 'a question read as rhetorical';
  return null;
}

export function requestQuestion(sentence: string, context: string, doubt: string, isRequest: boolean, kind: RequestKind | null): RequestQuestion {
  return { task: 'request', hash: questionHash('request', sentence, context), sentence, context, doubt, deterministic: { isRequest, kind } };
}

export type VerdictIndex = ReadonlyMap<string, SentenceVerdict>;
export const indexVerdicts = (verdicts: readonly SentenceVerdict[] = []): VerdictIndex => new Map(verdicts.map((v) => [v.hash, v]));
