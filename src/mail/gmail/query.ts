/** Gmail search strings (the `q` of messages.list). */
import type { SentCopyKey } from '../../core/sent-copy.js';
import type { SchoolTerms } from '../school-filter.js';

/**
 * `(from:(a OR @d) OR to:(a OR @d) OR cc:(a OR @d)) after:<epoch s> -in:drafts`: the server keeps everything else
 * out of the backfill. messages.list returns drafts like any other message (a draft is a message with the DRAFT
 * label: developers.google.com/gmail/api/guides/drafts), so without `-in:drafts` the parent's autosaves and the
 * app's own saved drafts would come back as sent requests. Spam and Trash stay out by includeSpamTrash=false.
 * Terms are validated by normalizeSchoolTerms, so they cannot break out of the group.
 */
export function schoolQuery(terms: SchoolTerms, since: Date): string {
  const list = [...terms.addresses, ...terms.domains.map((d) => `@${d}`)];
  if (list.length === 0) throw new RangeError('no school addresses or domains to search for');
  const group = list.join(' OR ');
  return `(from:(${group}) OR to:(${group}) OR cc:(${group})) after:${Math.floor(since.getTime() / 1000)} -in:drafts`;
}

/** Finds our own sent copy by its Message-ID. */
export function sentByMessageIdQuery(messageId: string): string {
  const bare = messageId.trim().replace(/^<|>$/g, '');
  if (!bare || /[\s"()<>]/.test(bare)) throw new RangeError('invalid Message-ID');
  return `rfc822msgid:${bare} in:sent`;
}

const PLAIN_ADDRESS = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9.-]+$/;

/** Sent mail to the key's first recipient (To or Cc) inside its window, a second either side (after:/before: are seconds). */
export function sentCopyQuery(key: SentCopyKey): string {
  const to = key.recipients.map((r) => r.toLowerCase()).sort()[0];
  if (!to || !PLAIN_ADDRESS.test(to)) throw new RangeError('invalid recipient for a sent-copy search');
  const after = Math.floor(key.sentAfter.getTime() / 1000) - 1;
  const before = Math.ceil(key.sentBefore.getTime() / 1000) + 1;
  return `in:sent {to:${to} cc:${to}} after:${after} before:${before}`;
}
