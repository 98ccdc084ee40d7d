/**
 * The contract between the deterministic sentence analysis (this folder) and an optional model that
 * adjudicates the decisions the analysis itself scores as uncertain (src/llm/sentence-judge.ts).
 *
 * Core stays pure and deterministic: it never calls a model. A first pass reports the uncertain decisions
 * as `SentenceQuestion`s; the service layer may ask a model about them (budgeted, cached by `hash`) and
 * passes the accepted answers back as `SentenceVerdict`s into a second, still pure, pass. With no verdicts
 * (the default, and always in `analyze`) the deterministic answer stands.
 */
import type { RequestKind } from '../types.js';

/** Acts a school message can take toward one open request of its thread (spec §4). */
export type ReplyActVerdict = 'answered' | 'acknowledged' | 'none';

interface QuestionBase {
  /** Stable key of the question: a hash of the task, the sentence and its context (cache key). */
  hash: string;
  /** The sentence in question, exactly as it stands in the message's new text. */
  sentence: string;
  /** The surrounding new text the sentence must be read in (its paragraph, or the whole short message). */
  context: string;
  /** Why the deterministic pass is unsure, for logs and tests (never message text). */
  doubt: string;
}

/** Is this sentence of a parent's message a request to the school, and of which kind? */
export interface RequestQuestion extends QuestionBase {
  task: 'request';
  /** The deterministic answer, which stands unless a verdict replaces it. */
  deterministic: { isRequest: boolean; kind: RequestKind | null };
}

/** What does this school message do toward the parent's request? */
export interface ReplyQuestion extends QuestionBase {
  task: 'reply';
  request: { kind: RequestKind; evidence: string };
  deterministic: { act: ReplyActVerdict };
}

export type SentenceQuestion = RequestQuestion | ReplyQuestion;

/** An accepted model answer. `evidence` has been checked to occur verbatim in the question's context. */
export type SentenceVerdict =
  | { hash: string; task: 'request'; isRequest: boolean; kind: RequestKind | null; evidence: string }
  | { hash: string; task: 'reply'; act: ReplyActVerdict; evidence: string };
