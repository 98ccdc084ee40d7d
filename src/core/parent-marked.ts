/**
 * Requests the parent marked in their own messages ("this is a request", with its kind): the app missed them,
 * and the parent's word is kept (services/analysis stores the marks; re-analysis never drops them).
 */
import type { DetectedRequest } from './requests/detected.js';
import { reasonOf } from './language/reason.js';
import type { RequestKind } from './types.js';

export interface ParentMarked {
  messageId: string;
  sentence: string;
  kind: RequestKind;
}

/** The detected requests of a message plus those the parent marked in it (a sentence already found is not added twice). */
export function withParentMarked(detected: DetectedRequest[], marked: ParentMarked[] | undefined, messageId: string): DetectedRequest[] {
  const mine = (marked ?? []).filter((p) => p.messageId === messageId);
  if (!mine.length) return detected;
  const norm = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  const out = [...detected];
  for (const p of mine) {
    if (out.some((d) => d.kind === p.kind && (norm(d.evidence).includes(norm(p.sentence)) || norm(p.sentence).includes(norm(d.evidence))))) continue;
    const evidence = p.sentence.replace(/\s+/g, ' ').trim();
    out.push({ kind: p.kind, evidence, signal: 'parent-marked/parent', sentence: out.length, reason: reasonOf('parent-marked', evidence, 'marked by the parent') });
  }
  return out;
}
