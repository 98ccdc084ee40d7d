/**
 * A nudge asks again for what an earlier message asked: "just checking whether you saw my email below about
 * Ethan's seat" renews the seating request, with its own clock and the kind of the original ask (guide A3,
 * spec §3 "a renewed request"). The sentence itself names little of that kind ("my email"), so it takes it from
 * the requests of the message it points back to. Pure.
 */
import type { RequestKind } from '../types.js';
import { topicsOf } from '../language/kind-words.js';
import type { DetectedRequest } from './detected.js';

/** A sentence that refers back to an earlier message or request of the parent's. */
export const NUDGE = /\b(my|the) (earlier |previous |last |original |first )?(e-?mail|message|note|letter|request)s? (below|above|from (last|this|monday|tuesday|wednesday|thursday|friday)|of [a-z]+ \d|on [a-z]+ \d|dated|sent)|\b(following|follow) up on (my|the|this)\b|\b(checking|check) (in )?(on|whether|if|to see (if|whether)) (you (saw|received|got|had a chance)|my (e-?mail|message|request|letter))|\bany update on (my|this|the)\b|\b(have not|haven'?t) heard back\b/i;

/**
 * The request a nudge renews: among the earlier message's requests (looked up only for a nudge), the one whose
 * kind the nudge's words name ("…about the independent evaluation"), else the first. A nudge whose own words gave it a kind keeps it; so does
 * one with nothing earlier to point at.
 */
export function renewedByNudge(nudge: DetectedRequest, earlierAsks: () => readonly DetectedRequest[]): DetectedRequest {
  // A kind read from the nudge's own words (not the default of a question) stands.
  if (nudge.kind !== 'information' || !NUDGE.test(nudge.evidence)) return nudge;
  const earlier = earlierAsks();
  if (earlier.length === 0) return nudge;
  const kinds = earlier.map((e) => e.kind);
  const named = [...topicsOf(nudge.evidence)] as RequestKind[];
  const kind = named.find((k) => kinds.includes(k)) ?? kinds[0]!;
  if (kind === 'information') return nudge;
  return { ...nudge, kind, signal: `${nudge.signal} / renews-earlier`, reason: { ...nudge.reason, rule: `${nudge.reason.rule} / renews the earlier ${kind} request` } };
}
