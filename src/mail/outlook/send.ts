/**
 * Sending in thread, drafts and the exactly-once check.
 *
 * Replies go out as MIME through POST /me/sendMail (base64 text/plain), not createReply + PATCH + send:
 * the bytes are exactly what nodemailer composed and the parent approved, with our Message-ID and the
 * In-Reply-To/References that thread the reply on the school's side. createReply
 * (api-reference/v1.0/api/message-createreply.md) would instead make a draft that quotes the original into
 * the body (changing the approved text unless we overwrite it with a PATCH), in HTML, under a Message-ID
 * Exchange assigns, which breaks the look-up by our id; and it is three requests (createReply, PATCH, send),
 * each a place to fail, with a half-made draft left in Drafts by a crash between them. What createReply gives
 * is the conversation in the parent's own Outlook. MIME keeps that too when it carries the parent message's
 * conversation index as `Thread-Index` plus one child block (thread-index.ts, [MS-OXOMSG] 2.2.1.3), so the
 * reply first reads the replied-to message's `conversationIndex` (one GET, safe to repeat) and adds
 * `Thread-Index`/`Thread-Topic` to the header; the body and every other header stay as composed. The cost:
 * sendMail answers 202 with no id, so the sent copy is looked up by internetMessageId.
 */
import { bodyFingerprint, isSentCopy, type SentCopyKey } from '../../core/sent-copy.js';
import type { OutgoingMessage } from '../provider.js';
import { MailProviderError } from '../provider.js';
import { candidateFromRaw, checkSentCopyKey } from '../sent-copy-search.js';
import type { OutlookClient } from './client.js';
import { replyThreadIndex, threadTopic, withThreadHeaders } from './thread-index.js';

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

/**
 * The message with the replied-to message's conversation index extended by one child block, so Exchange files
 * it in that conversation. Unchanged when it replies to nothing in this mailbox, or that message is gone.
 */
export async function inConversation(client: OutlookClient, message: OutgoingMessage): Promise<Uint8Array> {
  const parentId = message.replyToProviderId;
  if (!parentId) return message.raw;
  let parent: { conversationIndex?: string | null };
  try {
    parent = (await client.call('read conversation', (g) => g.api(`/me/messages/${encodeURIComponent(parentId)}`).select('conversationIndex').get())) as typeof parent;
  } catch (e) {
    if (e instanceof MailProviderError && e.kind === 'not_found') return message.raw;
    throw e;
  }
  if (!parent.conversationIndex) return message.raw;
  // The random nibble from our Message-ID: a retry of this send builds the same bytes.
  const nibble = [...message.messageId].reduce((n, ch) => (n + ch.charCodeAt(0)) & 0xff, 0);
  const index = replyThreadIndex(parent.conversationIndex, new Date(client.clock.now()), nibble);
  if (!index) return message.raw;
  const head = Buffer.from(message.raw.buffer, message.raw.byteOffset, message.raw.byteLength).toString('latin1');
  const subject = /^Subject:[ \t]*([^\r\n]*(?:\r\n[ \t][^\r\n]*)*)/im.exec(head.slice(0, head.indexOf('\r\n\r\n')))?.[1] ?? '';
  return withThreadHeaders(message.raw, index, threadTopic(decodeSubject(subject)));
}

/** The Subject header's text (RFC 2047 words decoded; nodemailer writes UTF-8 B or Q words). */
function decodeSubject(value: string): string {
  return value.replace(/\r\n[ \t]/g, ' ').replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

export async function sendOutlook(
  client: OutlookClient,
  message: OutgoingMessage,
  opts: { lookupAttempts?: number; lookupDelayMs?: number } = {},
): Promise<{ providerId: string; threadId: string | null }> {
  const started = client.clock.now();
  const own = await candidateFromRaw(message.raw);
  const raw = await inConversation(client, message);
  await client.call('sendMail', (g) => g.api('/me/sendMail').header('Content-Type', 'text/plain').post(base64(raw)), { idempotent: false });
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
  const raw = await inConversation(client, message);
  const created = (await client.call('create draft', (g) => g.api('/me/messages').header('Content-Type', 'text/plain').post(base64(raw)), {
    idempotent: false,
  })) as { id?: string };
  if (!created?.id) throw new MailProviderError('invalid', 'graph returned no draft id', { retryable: false });
  return { draftId: created.id };
}
