/**
 * A repeated ask is the same request (issue 14): "Please send his records this week", written while an
 * earlier records request is still unanswered in the same conversation (or a related one: the same subject,
 * or a message that refers back to it), renews that request rather than starting a second one. The analyze
 * command keeps reporting each ask as written (spec: a renewed request has its own entry); this merge step is
 * applied where the parent sees requests and where follow-ups are drafted, so a renewal shows as part of
 * the first request's history and gets no second follow-up. Pure.
 */
import type { RequestKind } from './types.js';

export interface RenewalCandidate {
  id: string;
  kind: RequestKind | string;
  /** Conversation of the request. */
  threadId: string | null;
  /** Normalized subject of the conversation ("Re:"/"Fwd:" removed, lower case). */
  subject: string;
  /** Message-IDs the request's message refers to (In-Reply-To, References). */
  refersTo: string[];
  messageId: string;
  sentAtMs: number;
  /** The effective status: only an open request can be renewed. */
  status: string;
}

/** Kinds where a second ask is a renewal of the first (an "information" question is each its own). */
const RENEWABLE = new Set(['records', 'meeting', 'evaluation', 'iee', 'progress', 'pwn', 'services', 'accommodations']);
const OPEN = new Set(['overdue', 'awaiting', 'acknowledged']);

export function normalizeSubject(subject: string): string {
  return subject
    .replace(/^\s*((re|fw|fwd|aw|sv)\s*(\[\d+\])?\s*:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function related(a: RenewalCandidate, b: RenewalCandidate): boolean {
  if (a.threadId && a.threadId === b.threadId) return true;
  if (a.subject && a.subject === b.subject) return true;
  return b.refersTo.includes(a.messageId);
}

export interface RenewalGroup {
  /** The first ask: it keeps the due date, the status and the follow-up. */
  primaryId: string;
  /** Later asks that renew it, oldest first. */
  renewalIds: string[];
}

/**
 * Groups requests into renewal chains. A later request of the same kind renews the earliest open request it
 * is related to; chains are transitive (a third ask renews the first too). Requests outside any chain are
 * left out of the result.
 */
export function mergeRenewals(requests: RenewalCandidate[]): RenewalGroup[] {
  const ordered = [...requests].sort((a, b) => a.sentAtMs - b.sentAtMs || a.id.localeCompare(b.id));
  const primaryOf = new Map<string, string>();
  const groups = new Map<string, string[]>();
  for (let i = 0; i < ordered.length; i++) {
    const later = ordered[i]!;
    if (!RENEWABLE.has(later.kind)) continue;
    for (let j = 0; j < i; j++) {
      const earlier = ordered[j]!;
      if (earlier.kind !== later.kind || earlier.messageId === later.messageId || earlier.sentAtMs >= later.sentAtMs) continue;
      const root = primaryOf.get(earlier.id) ?? earlier.id;
      const rootReq = ordered.find((r) => r.id === root)!;
      if (!OPEN.has(rootReq.status) && !OPEN.has(earlier.status)) continue;
      if (!related(earlier, later) && !related(rootReq, later)) continue;
      primaryOf.set(later.id, root);
      groups.set(root, [...(groups.get(root) ?? []), later.id]);
      break;
    }
  }
  return [...groups].map(([primaryId, renewalIds]) => ({ primaryId, renewalIds }));
}

/** renewal id → primary id, for filtering lists and drafts. */
export function renewalIndex(groups: RenewalGroup[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of groups) for (const id of g.renewalIds) out.set(id, g.primaryId);
  return out;
}
