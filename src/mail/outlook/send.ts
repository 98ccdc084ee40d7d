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
import type { OutgoingMessage } from '../provider.js';
import { MailProviderError } from '../provider.js';
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

export async function sendOutlook(
  client: OutlookClient,
  message: OutgoingMessage,
  opts: { lookupAttempts?: number; lookupDelayMs?: number } = {},
): Promise<{ providerId: string; threadId: string | null }> {
  await client.call('sendMail', (g) => g.api('/me/sendMail').header('Content-Type', 'text/plain').post(base64(message.raw)), { idempotent: false });
  // The sent copy reaches Sent Items a moment later; if it has not yet, the Message-ID stands in for the id
  // and the next sync of Sent Items brings the Graph id.
  const attempts = opts.lookupAttempts ?? 4;
  for (let i = 0; i < attempts; i++) {
    const found = await findOutlookSent(client, message.messageId);
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
