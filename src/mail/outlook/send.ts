/**
 * Sending in thread, drafts and the exactly-once check.
 *
 * Replies go out as MIME through POST /me/sendMail (base64 text/plain), not createReply + PATCH + send:
 * the bytes are exactly what nodemailer composed and the parent approved, with our Message-ID and the
 * In-Reply-To/References that thread the reply on the school's side. createReply would instead quote the
 * original into the body (changing the approved text unless we overwrite it), convert the body to HTML, and
 * assign its own Message-ID, which breaks findSent by our id. One POST is also one point of failure instead
 * of three. The cost: sendMail answers 202 with no id, so the sent copy is looked up by internetMessageId.
 */
import { bodyFingerprint, isSentCopy, type SentCopyKey } from '../../core/sent-copy.js';
import type { OutgoingMessage } from '../provider.js';
import { MailProviderError } from '../provider.js';
import { candidateFromRaw, checkSentCopyKey } from '../sent-copy-search.js';
import type { OutlookClient } from './client.js';

function base64(raw: Uint8Array): string {
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
}

function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export async function findOutlookSent(client: OutlookClient, messageId: string): Promise<{ providerId: string; threadId: string | null } | null> {
  const id = messageId.trim();
  if (!/^<[^<>\s]+>$/.test(id)) throw new RangeError('invalid Message-ID');
  const filter = encodeURIComponent(`internetMessageId eq ${odataString(id)}`);
  const res = await client.call('find sent', (g) =>
    g.api(`/me/mailFolders/sentitems/messages?$filter=${filter}&$select=id,conversationId&$top=1`).get() as Promise<{
      value?: Array<{ id?: string; conversationId?: string | null }>;
    }>,
  );
  const hit = res.value?.[0];
  return hit?.id ? { providerId: hit.id, threadId: hit.conversationId ?? null } : null;
}

interface SentItem {
  id?: string;
  conversationId?: string | null;
  internetMessageId?: string | null;
  sentDateTime?: string | null;
  toRecipients?: Array<{ emailAddress?: { address?: string | null } }> | null;
  ccRecipients?: Array<{ emailAddress?: { address?: string | null } }> | null;
  body?: { contentType?: string; content?: string } | null;
}

/**
 * After an unknown outcome: by internetMessageId first; then, since Exchange may assign its own, Sent Items in
 * the window (`sentDateTime` filter), bodies as text (`Prefer: outlook.body-content-type="text"`,
 * api-reference/v1.0/api/message-get.md), compared on conversation, recipients, time and body fingerprint.
 */
export async function findOutlookSentCopy(client: OutlookClient, key: SentCopyKey): Promise<{ providerId: string; threadId: string | null } | null> {
  checkSentCopyKey(key);
  const byId = await findOutlookSent(client, key.messageId);
  if (byId) return byId;
  const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const from = new Date(Math.floor(key.sentAfter.getTime() / 1000) * 1000 - 1000);
  const to = new Date(Math.ceil(key.sentBefore.getTime() / 1000) * 1000 + 1000);
  const filter = encodeURIComponent(`sentDateTime ge ${iso(from)} and sentDateTime le ${iso(to)}`);
  const select = 'id,conversationId,internetMessageId,sentDateTime,toRecipients,ccRecipients,body';
  const res = (await client.call('find sent copy', (g) =>
    g.api(`/me/mailFolders/sentitems/messages?$filter=${filter}&$select=${select}&$top=50`).header('Prefer', 'outlook.body-content-type="text"').get(),
  )) as { value?: SentItem[] };
  for (const item of res.value ?? []) {
    if (!item.id || !item.sentDateTime) continue;
    const recipients = [...(item.toRecipients ?? []), ...(item.ccRecipients ?? [])].map((r) => (r.emailAddress?.address ?? '').toLowerCase()).filter(Boolean);
    const candidate = { messageId: item.internetMessageId ?? null, threadId: item.conversationId ?? null, recipients, sentAt: new Date(item.sentDateTime), text: item.body?.content ?? '' };
    if (isSentCopy(key, candidate)) return { providerId: item.id, threadId: item.conversationId ?? null };
  }
  return null;
}

export async function sendOutlook(
  client: OutlookClient,
  message: OutgoingMessage,
  opts: { lookupAttempts?: number; lookupDelayMs?: number } = {},
): Promise<{ providerId: string; threadId: string | null }> {
  const started = client.clock.now();
  const own = await candidateFromRaw(message.raw);
  await client.call('sendMail', (g) => g.api('/me/sendMail').header('Content-Type', 'text/plain').post(base64(message.raw)), { idempotent: false });
  // sendMail answers 202 without an id. The sent copy reaches Sent Items a moment later, perhaps under a Message-ID
  // Exchange made: it is looked up by the robust key. If it has not arrived yet, the Message-ID stands in for
  // the id and the next sync of Sent Items brings the Graph id.
  const attempts = opts.lookupAttempts ?? 4;
  for (let i = 0; i < attempts && own; i++) {
    const key: SentCopyKey = {
      messageId: message.messageId,
      threadId: null,
      recipients: own.recipients,
      sentAfter: new Date(started - 60_000),
      sentBefore: new Date(client.clock.now() + 60_000),
      bodyFingerprint: bodyFingerprint(own.text),
    };
    const found = await findOutlookSentCopy(client, key);
    if (found) return found;
    if (i + 1 < attempts) await client.clock.sleep((opts.lookupDelayMs ?? 500) * 2 ** i);
  }
  return { providerId: message.messageId, threadId: null };
}

/** POST /me/messages with MIME creates the draft in Drafts, unchanged, and returns its id. */
export async function saveOutlookDraft(client: OutlookClient, message: OutgoingMessage): Promise<{ draftId: string }> {
  const created = (await client.call('create draft', (g) => g.api('/me/messages').header('Content-Type', 'text/plain').post(base64(message.raw)), {
    idempotent: false,
  })) as { id?: string };
  if (!created?.id) throw new MailProviderError('invalid', 'graph returned no draft id', { retryable: false });
  return { draftId: created.id };
}
