/**
 * What request detection finds in one sentence (detect.ts), in a file of its own so the list reader
 * (lists.ts), which detect.ts calls, names it without importing detect.ts back.
 */
import type { RequestKind } from '../types.js';
import type { RequestReason } from '../language/reason.js';

export interface DetectedRequest {
  kind: RequestKind;
  /** The parent's exact sentence. */
  evidence: string;
  /** Why: "<ask signal>/<kind reason>", shown to explain a detection. */
  signal: string;
  /** Position of the sentence in the new text. */
  sentence: number;
  /** One item of a list the parent set out under an ask ("I am requesting the following:"). */
  listItem?: boolean;
  /** Why we think this: the act, the head of the ask and the deciding rules. */
  reason: RequestReason;
}
