/** Sending, drafts and the exactly-once check. */
import type { SentCopyKey } from '../../core/sent-copy.js';
import type { OutgoingMessage } from '../provider.js';
import { MailProviderError } from '../provider.js';
import { candidateFromRaw, checkSentCopyKey, matches } from '../sent-copy-search.js';
import type { GmailClient } from './client.js';
import { sentByMessageIdQuery, sentCopyQuery } from './query.js';

function rawOf(message: OutgoingMessage): string {
  return Buffer.from(message.raw.buffer, message.raw.byteOffset, message.raw.byteLength).toString('base64url');
}

/** messages.send with the composed bytes and the threadId: Gmail keeps the thread when the In-Reply-To /
 *  References headers and subject agree with it, and sends the text exactly as approved. */
export async function sendGmail(client: GmailClient, message: OutgoingMessage): Promise<{ providerId: string; threadId: string | null }> {
  const sent = await client.call(
    'messages.send',
    (api, o) =>
      api.users.messages.send({ userId: 'me', requestBody: { raw: rawOf(message), ...(message.threadId ? { threadId: message.threadId } : {}) } }, o),
    { idempotent: false },
  );
  if (!sent.id) throw new MailProviderError('invalid', 'gmail messages.send returned no id', { retryable: false });
  return { providerId: sent.id, threadId: sent.threadId ?? null };
}

export async function saveGmailDraft(client: GmailClient, message: OutgoingMessage): Promise<{ draftId: string }> {
  const draft = await client.call(
    'drafts.create',
    (api, o) =>
      api.users.drafts.create(
        { userId: 'me', requestBody: { message: { raw: rawOf(message), ...(message.threadId ? { threadId: message.threadId } : {}) } } },
        o,
      ),
    { idempotent: false },
  );
  if (!draft.id) throw new MailProviderError('invalid', 'gmail drafts.create returned no id', { retryable: false });
  return { draftId: draft.id };
}

export async function findGmailSent(client: GmailClient, messageId: string): Promise<{ providerId: string } | null> {
  const res = await client.call('messages.list', (api, o) =>
    api.users.messages.list({ userId: 'me', q: sentByMessageIdQuery(messageId), maxResults: 1 }, o),
  );
  const id = res.messages?.[0]?.id;
  return id ? { providerId: id } : null;
}

/**
 * After an unknown outcome: our Message-ID first; then, since Gmail may have replaced it, every Sent message to
 * one of our recipients inside the window, each read (format=raw) and compared on thread, recipients, time
 * (Gmail's internalDate: when it accepted the message) and the body fingerprint.
 */
export async function findGmailSentCopy(client: GmailClient, key: SentCopyKey): Promise<{ providerId: string; threadId: string | null } | null> {
  checkSentCopyKey(key);
  const byId = await client.call('messages.list', (api, o) => api.users.messages.list({ userId: 'me', q: sentByMessageIdQuery(key.messageId), maxResults: 1 }, o));
  const hit = byId.messages?.[0];
  if (hit?.id) return { providerId: hit.id, threadId: hit.threadId ?? null };
  const listed = await client.call('messages.list', (api, o) => api.users.messages.list({ userId: 'me', q: sentCopyQuery(key), maxResults: 25 }, o));
  for (const m of listed.messages ?? []) {
    if (!m.id || (key.threadId && m.threadId && m.threadId !== key.threadId)) continue;
    const id = m.id;
    const full = await client.call('messages.get', (api, o) => api.users.messages.get({ userId: 'me', id, format: 'raw' }, o));
    if (typeof full.raw !== 'string') continue;
    const raw = Buffer.from(full.raw, 'base64url');
    const sentAt = full.internalDate ? new Date(Number(full.internalDate)) : null;
    if (matches(key, await candidateFromRaw(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), { threadId: full.threadId ?? null, sentAt })))
      return { providerId: id, threadId: full.threadId ?? null };
  }
  return null;
}
