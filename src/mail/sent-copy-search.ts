/**
 * Shared by the adapters' findSentCopy: a raw message read back from Sent (or an archive) becomes a
 * SentCandidate for core's isSentCopy. The candidate's own time is the provider's (when it accepted the
 * message) where known, else its Date header.
 */
import { isSentCopy, type SentCandidate, type SentCopyKey } from '../core/sent-copy.js';
import { parseMail, ParseError } from './parse.js';

export async function candidateFromRaw(raw: Uint8Array, opts: { threadId?: string | null; sentAt?: Date | null } = {}): Promise<SentCandidate | null> {
  try {
    const m = await parseMail(raw);
    return {
      messageId: m.messageId,
      threadId: opts.threadId ?? null,
      recipients: [...m.to, ...m.cc].map((a) => a.address.toLowerCase()),
      sentAt: opts.sentAt ?? new Date(m.sentAtMs),
      text: m.text,
    };
  } catch (e) {
    if (e instanceof ParseError) return null;
    throw e;
  }
}

export function matches(key: SentCopyKey, candidate: SentCandidate | null): boolean {
  return candidate !== null && isSentCopy(key, candidate);
}

/** Validates the key before any provider is asked: a key that could match anything would be worse than none. */
export function checkSentCopyKey(key: SentCopyKey): void {
  if (key.recipients.length === 0) throw new RangeError('a sent-copy key needs the recipients');
  if (!(key.sentBefore.getTime() >= key.sentAfter.getTime())) throw new RangeError('a sent-copy key needs a time window');
  if (!key.bodyFingerprint) throw new RangeError('a sent-copy key needs the body fingerprint');
}
