/**
 * The deterministic pass's doubts, as questions for an optional model (adjudication.ts), and the verdicts
 * that replace them. Pure: the hash is FNV-1a over the task, the sentence and its context, so the service
 * layer can cache answers across runs.
 */
import type { RequestKind } from '../types.js';
import type { ReplyActVerdict, ReplyQuestion, RequestQuestion, SentenceVerdict } from './adjudication.js';
import type { SentenceReading } from './read.js';

export function questionHash(task: string, sentence: string, context: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${task}\u0000${sentence}\u0000${context}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Why a parent sentence's request decision is uncertain, or null when it is not: the act rests on a weak
 * cue ("please" inside a longer sentence, a statement addressed to the reader), or it is an ask whose
 * object names no kind.
 */
export function requestDoubt(reading: SentenceReading, isRequest: boolean, kindFromContext: boolean): string | null {
  if (reading.unsure) return `weak act cue (${reading.rule.split(' ')[0]})`;
  if (isRequest && kindFromContext) return 'the ask names no kind; the kind came from context';
  return null;
}

export function requestQuestion(sentence: string, context: string, doubt: string, isRequest: boolean, kind: RequestKind | null): RequestQuestion {
  return { task: 'request', hash: questionHash('request', sentence, context), sentence, context, doubt, deterministic: { isRequest, kind } };
}

/** A reply reading is uncertain when the answer rests on a plain statement (no grant, provision, refusal or schedule). */
export function replyDoubt(because: string | undefined, act: string): string | null {
  if (act === 'answered' && because?.startsWith('statement/')) return `answered by a plain statement (${because})`;
  if (act === 'none') return null;
  return null;
}

export function replyQuestion(sentence: string, context: string, doubt: string, request: { kind: RequestKind; evidence: string }, act: ReplyActVerdict): ReplyQuestion {
  return { task: 'reply', hash: questionHash(`reply:${request.kind}:${request.evidence}`, sentence, context), sentence, context, doubt, request, deterministic: { act } };
}

export type VerdictIndex = ReadonlyMap<string, SentenceVerdict>;
export const indexVerdicts = (verdicts: readonly SentenceVerdict[] = []): VerdictIndex => new Map(verdicts.map((v) => [v.hash, v]));
