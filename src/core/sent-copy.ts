/**
 * Finding our own sent message again after an unknown send outcome, without trusting the Message-ID:
 * Gmail is reported to replace a client-set Message-ID on messages.send, and Exchange may too. The key is
 * the thread, the recipients, a time window and a fingerprint of the body's own words (not its quoted
 * history or line wrapping, which providers rewrite).
 */

export interface SentCopyKey {
  /** Our Message-ID, fixed at approval: tried first, but never the only evidence. */
  messageId: string;
  /** Provider thread we replied in, when known. */
  threadId: string | null;
  /** Lower-cased To + Cc addresses of the approved message. */
  recipients: string[];
  /** The send was attempted inside this window (claim time − slack … now). */
  sentAfter: Date;
  sentBefore: Date;
  /** bodyFingerprint() of the approved text. */
  bodyFingerprint: string;
}

/** A candidate read back from the provider's Sent folder. */
export interface SentCandidate {
  messageId: string | null;
  threadId: string | null;
  recipients: string[];
  sentAt: Date;
  /** The candidate's plain text (or HTML rendered to text). */
  text: string;
}

/** Words of the body only: quoted lines dropped, case, punctuation and whitespace folded, first 600 chars. */
export function bodyFingerprint(text: string): string {
  const words = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('>'))
    .join(' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, 600);
  // FNV-1a 32-bit twice (two seeds): short, deterministic and dependency-free; collisions only matter
  // together with thread, recipients and time, which already narrow the candidates to a handful.
  return `${fnv1a(words, 0x811c9dc5)}${fnv1a(words, 0x01000193)}`;
}

function fnv1a(s: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Whether a Sent-folder candidate is the copy of our message described by `key`. */
export function isSentCopy(key: SentCopyKey, candidate: SentCandidate): boolean {
  if (candidate.messageId && candidate.messageId === key.messageId) return true;
  if (key.threadId && candidate.threadId && candidate.threadId !== key.threadId) return false;
  const t = candidate.sentAt.getTime();
  if (t < key.sentAfter.getTime() || t > key.sentBefore.getTime()) return false;
  const want = new Set(key.recipients.map((r) => r.toLowerCase()));
  const got = new Set(candidate.recipients.map((r) => r.toLowerCase()));
  if (want.size !== got.size || [...want].some((r) => !got.has(r))) return false;
  return bodyFingerprint(candidate.text) === key.bodyFingerprint;
}
