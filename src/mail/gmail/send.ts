/** Sending, drafts and the exactly-once check. */
import type { OutgoingMessage } from '../provider.js';
import { MailProviderError } from '../provider.js';
import type { GmailClient } from './client.js';
import { sentByMessageIdQuery } from './query.js';

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
