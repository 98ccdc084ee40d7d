/**
 * Finding our own message in the Sent folder, and keeping Sent honest about what is confirmed.
 *
 * Before an SMTP send we append the exact message to Sent with the keyword $FtQueued, switch it to
 * $FtSubmitting just before the SMTP transaction starts, and clear it after the server's 250 (or drop our copy
 * if the server filed its own). So after a crash or a cut connection, Sent tells which is true: a plain copy
 * (it went out), a copy still queued (SMTP never started: safe to send), a copy still submitting (we cannot
 * know: a person must look; never resent blindly), or nothing (it never got that far).
 */
import type { ImapFlow } from 'imapflow';
import { isSentCopy, type SentCandidate, type SentCopyKey } from '../../core/sent-copy.js';
import { parseMail } from '../parse.js';
import { messageRef } from './cursor.js';

export const QUEUED = '$FtQueued';
export const SUBMITTING = '$FtSubmitting';

export type CopyState = 'confirmed' | 'queued' | 'submitting';

export interface SentHit {
  uid: number;
  providerId: string;
  state: CopyState;
}

function stateOf(flags: Set<string> | undefined): CopyState {
  return flags?.has(SUBMITTING) ? 'submitting' : flags?.has(QUEUED) ? 'queued' : 'confirmed';
}

/** Copies of this Message-ID in a folder (the caller holds the folder's lock). */
export async function copiesByMessageId(client: ImapFlow, path: string, messageId: string): Promise<SentHit[]> {
  const uids = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
  if (!uids.length) return [];
  const validity = String(client.mailbox ? client.mailbox.uidValidity : 0);
  const hits: SentHit[] = [];
  for await (const msg of client.fetch(uids.join(','), { uid: true, flags: true, headers: ['message-id'] }, { uid: true })) {
    // SEARCH HEADER is a substring match: keep exact Message-IDs only.
    const header = msg.headers?.toString('utf8') ?? '';
    if (!header.toLowerCase().includes(messageId.toLowerCase())) continue;
    hits.push({ uid: msg.uid, providerId: messageRef(path, validity, msg.uid), state: stateOf(msg.flags) });
  }
  return hits;
}

/**
 * A copy matching the key (SentCopyKey) when the Message-ID was replaced on the way: searched by the first
 * recipient and the day window, then compared on recipients, time and the body's fingerprint.
 */
export async function copyByKey(client: ImapFlow, path: string, key: SentCopyKey): Promise<SentHit | null> {
  const since = new Date(key.sentAfter.getTime() - 86_400_000);
  const query = key.recipients[0] ? { since, or: [{ to: key.recipients[0] }, { cc: key.recipients[0] }] } : { since };
  const uids = ((await client.search(query, { uid: true })) || []).slice(-50);
  if (!uids.length) return null;
  const validity = String(client.mailbox ? client.mailbox.uidValidity : 0);
  for await (const msg of client.fetch(uids.join(','), { uid: true, flags: true, source: true, internalDate: true }, { uid: true })) {
    if (!msg.source) continue;
    const m = await parseMail(msg.source).catch(() => null);
    if (!m) continue;
    const candidate: SentCandidate = {
      messageId: m.messageId,
      threadId: null,
      recipients: [...m.to, ...m.cc].map((a) => a.address.toLowerCase()),
      sentAt: new Date(m.sentAtMs),
      text: m.text,
    };
    if (isSentCopy({ ...key, threadId: null }, candidate))
      return { uid: msg.uid, providerId: messageRef(path, validity, msg.uid), state: stateOf(msg.flags) };
  }
  return null;
}
