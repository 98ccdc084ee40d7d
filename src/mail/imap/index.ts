/**
 * The IMAP mailbox behind the MailProvider seam (Yahoo, iCloud, AOL, Comcast, Fastmail, Zoho, school and work
 * servers): sync by imapflow, sending by SMTP with the exact approved bytes, then a copy in Sent (see sent.ts
 * for how Sent records what is confirmed).
 */
import type { ImapFlow } from 'imapflow';
import type { SentCopyKey } from '../../core/sent-copy.js';
import { parseMail } from '../parse.js';
import { MailProviderError, type ListChangesInput, type MailProvider, type OutgoingMessage } from '../provider.js';
import { sendBySmtp, type SmtpConfig } from '../smtp/sender.js';
import type { ImapCredentials, ImapTransportOptions } from './config.js';
import { parseMessageRef, messageRef } from './cursor.js';
import { specialFolder } from './folders.js';
import { copiesByMessageId, copyByKey, QUEUED, SUBMITTING, type SentHit } from './sent.js';
import { ImapSession } from './session.js';
import { listImapChanges, type ImapChangePage, type SearchCache } from './sync.js';

export interface ImapProviderOptions {
  credentials: ImapCredentials;
  /** Test CA / server name / timeouts for the IMAP connection. */
  imap?: ImapTransportOptions & { idleCloseMs?: number };
  /** The same for SMTP. */
  smtp?: Pick<SmtpConfig, 'ca' | 'servername' | 'timeoutMs'>;
}

export interface ImapProvider extends MailProvider {
  readonly kind: 'imap';
  listChanges(input: ListChangesInput): Promise<ImapChangePage>;
  findSentCopy(key: SentCopyKey): Promise<{ providerId: string } | null>;
  close(): Promise<void>;
}

const UNKNOWN_OUTCOME =
  'We cannot tell whether your mail server sent this message: the connection broke while it was being sent. Look in your Sent folder or ask the recipient before sending it again.';

export function createImapProvider(opts: ImapProviderOptions): ImapProvider {
  const creds = opts.credentials;
  const session = new ImapSession(creds, opts.imap);
  const searches: SearchCache = new Map();
  const smtp: SmtpConfig = { ...creds.smtp, user: creds.user, password: creds.password, ...opts.smtp };

  async function folderPath(client: ImapFlow, use: '\\Sent' | '\\Drafts'): Promise<string> {
    const path = specialFolder(await client.list(), use);
    if (path) return path;
    const name = use === '\\Sent' ? 'Sent' : 'Drafts';
    await client.mailboxCreate(name);
    return name;
  }

  /** Reads Sent for this Message-ID, clearing a copy that never reached SMTP. Throws on an unknown outcome. */
  async function confirmedCopy(client: ImapFlow, messageId: string): Promise<SentHit | null> {
    const sent = await folderPath(client, '\\Sent');
    const lock = await client.getMailboxLock(sent);
    try {
      const hits = await copiesByMessageId(client, sent, messageId);
      const confirmed = hits.find((h) => h.state === 'confirmed');
      if (confirmed) return confirmed;
      if (hits.some((h) => h.state === 'submitting')) throw new MailProviderError('transient', UNKNOWN_OUTCOME, { retryable: false });
      const queued = hits.filter((h) => h.state === 'queued').map((h) => h.uid);
      if (queued.length) await client.messageDelete(queued.join(','), { uid: true });
      return null;
    } finally {
      lock.release();
    }
  }

  async function send(message: OutgoingMessage): Promise<{ providerId: string; threadId: null }> {
    const parsed = await parseMail(message.raw);
    const to = [...parsed.to, ...parsed.cc].map((a) => a.address);
    if (!to.length) throw new MailProviderError('invalid', 'the message has no recipients', { retryable: false });
    // 1. Already out (a retry after success)? Then this is that send. Otherwise queue our copy in Sent.
    const queued = await session.use('preparing the Sent copy', async (client) => {
      const done = await confirmedCopy(client, message.messageId);
      if (done) return { done, path: '', uid: 0 };
      const sent = await folderPath(client, '\\Sent');
      const appended = await client.append(sent, Buffer.from(message.raw), ['\\Seen', QUEUED], new Date());
      if (!appended || !appended.uid) throw new MailProviderError('unsupported', 'the mail server did not report where it stored the Sent copy (no UIDPLUS)', { retryable: false });
      return { done: null, path: sent, uid: appended.uid };
    });
    if (queued.done) return { providerId: queued.done.providerId, threadId: null };

    // 2. SMTP. A refusal removes our copy; an unknown outcome leaves it marked as submitting.
    try {
      await sendBySmtp(smtp, { from: creds.address, to }, message.raw, {
        beforeSubmit: () =>
          session.use('marking the Sent copy', async (client) => {
            const lock = await client.getMailboxLock(queued.path);
            try {
              await client.messageFlagsSet(String(queued.uid), ['\\Seen', SUBMITTING], { uid: true });
            } finally {
              lock.release();
            }
          }).catch((cause: unknown) => {
            // Still before the envelope: nothing went out, so this is a plain refusal to retry later.
            throw new MailProviderError('rate_limit', 'the Sent copy could not be prepared; nothing was sent', { retryAfterMs: 60_000, cause });
          }),
      });
    } catch (e) {
      if (e instanceof MailProviderError && e.kind !== 'transient')
        await session.use('removing the unsent copy', async (client) => {
          const lock = await client.getMailboxLock(queued.path);
          try {
            await client.messageDelete(String(queued.uid), { uid: true });
          } finally {
            lock.release();
          }
        }).catch(() => undefined);
      throw e;
    }

    // 3. Confirmed: clear the mark, or keep the server's own copy if it files one itself.
    return session.use('confirming the Sent copy', async (client) => {
      const lock = await client.getMailboxLock(queued.path);
      try {
        // NOOP first: the server's own copy may have arrived through another session since we selected Sent.
        await client.noop();
        const hits = await copiesByMessageId(client, queued.path, message.messageId);
        const serverCopy = hits.find((h) => h.uid !== queued.uid && h.state === 'confirmed');
        if (serverCopy) {
          await client.messageDelete(String(queued.uid), { uid: true });
          return { providerId: serverCopy.providerId, threadId: null };
        }
        await client.messageFlagsRemove(String(queued.uid), [SUBMITTING, QUEUED], { uid: true });
        return { providerId: messageRef(queued.path, String(client.mailbox ? client.mailbox.uidValidity : 0), queued.uid), threadId: null };
      } finally {
        lock.release();
      }
    });
  }

  return {
    kind: 'imap',
    listChanges: (input) => session.use('reading new mail', (client) => listImapChanges(client, input, searches)),

    getRaw: (id) => {
      const ref = parseMessageRef(id);
      return session.use('fetching a message', async (client) => {
        const lock = await client.getMailboxLock(ref.path, { readOnly: true });
        try {
          if (String(client.mailbox ? client.mailbox.uidValidity : '') !== ref.uidValidity)
            throw new MailProviderError('not_found', 'the folder was renumbered since this message was listed', { retryable: false });
          const msg = await client.fetchOne(String(ref.uid), { uid: true, source: true }, { uid: true });
          if (!msg || !msg.source) throw new MailProviderError('not_found', 'the message is no longer in its folder', { retryable: false });
          return new Uint8Array(msg.source.buffer, msg.source.byteOffset, msg.source.byteLength);
        } finally {
          lock.release();
        }
      });
    },

    send,

    saveDraft: (message) =>
      session.use('saving to Drafts', async (client) => {
        const drafts = await folderPath(client, '\\Drafts');
        const lock = await client.getMailboxLock(drafts);
        try {
          // A repeated save (a retry) finds the first one instead of filing a second draft.
          const existing = await copiesByMessageId(client, drafts, message.messageId);
          if (existing[0]) return { draftId: existing[0].providerId };
          const appended = await client.append(drafts, Buffer.from(message.raw), ['\\Draft', '\\Seen'], new Date());
          if (!appended || !appended.uid) throw new MailProviderError('unsupported', 'the mail server did not report where it stored the draft', { retryable: false });
          return { draftId: messageRef(drafts, String(appended.uidValidity ?? (client.mailbox ? client.mailbox.uidValidity : 0)), appended.uid) };
        } finally {
          lock.release();
        }
      }),

    findSent: (messageId) =>
      session.use('looking in Sent', async (client) => {
        const hit = await confirmedCopy(client, messageId);
        return hit ? { providerId: hit.providerId } : null;
      }),

    findSentCopy: (key) =>
      session.use('looking in Sent', async (client) => {
        const hit = await confirmedCopy(client, key.messageId);
        if (hit) return { providerId: hit.providerId };
        const sent = await folderPath(client, '\\Sent');
        const lock = await client.getMailboxLock(sent, { readOnly: true });
        try {
          const byKey = await copyByKey(client, sent, key);
          if (byKey?.state === 'submitting') throw new MailProviderError('transient', UNKNOWN_OUTCOME, { retryable: false });
          return byKey?.state === 'confirmed' ? { providerId: byKey.providerId } : null;
        } finally {
          lock.release();
        }
      }),

    close: () => session.close(),
  };
}

export { imapCredentialsSchema, type ImapCredentials } from './config.js';
