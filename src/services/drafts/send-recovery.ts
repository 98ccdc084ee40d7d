/**
 * When a send's outcome is unknown (the connection died after the request went out, or the process was killed
 * before the result was recorded), the sent copy is looked for with a key that does not trust the Message-ID
 * to survive (core/sent-copy.ts): Gmail is reported to replace a client-set Message-ID, and Exchange may too.
 * Found: recorded as sent. Not found: nothing is sent again; the draft becomes `unconfirmed` and the parent,
 * who can look in their own Sent folder, decides (resolveUnconfirmed).
 */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { bodyFingerprint, type SentCopyKey } from '../../core/sent-copy.js';
import type { Db } from '../../db/client.js';
import { auditEvents, drafts, mailboxConnections } from '../../db/schema.js';
import { recordMailAudit } from '../mailbox/audit.js';

type DraftRow = typeof drafts.$inferSelect;

/** Slack either side of the window: clocks differ, and the provider stamps its own time. */
const SLACK_MS = 10 * 60_000;

/**
 * The key for `draft`, sent (or maybe sent) from a mailbox of `provider`. The window runs from approval (nothing
 * can have gone out before) to now. The thread is part of the key only for Gmail, where messages.send puts the
 * message in the thread it was given; Exchange may file a MIME message in a new conversation, and a thread
 * mismatch must not hide a real copy.
 */
export function sentCopyKeyFor(draft: DraftRow, opts: { provider: 'gmail' | 'outlook' | 'archive' | 'imap'; providerThreadId: string | null; now: Date }): SentCopyKey {
  const start = draft.approvedAt ?? draft.updatedAt;
  return {
    messageId: draft.outgoingMessageId!,
    threadId: opts.provider === 'gmail' ? opts.providerThreadId : null,
    recipients: [...new Set([...draft.toAddresses, ...draft.ccAddresses].map((a) => a.trim().toLowerCase()))],
    sentAfter: new Date(start.getTime() - SLACK_MS),
    sentBefore: new Date(opts.now.getTime() + SLACK_MS),
    bodyFingerprint: bodyFingerprint(draft.body),
  };
}

/** sending → unconfirmed: the app shows it and asks the parent; no job sends it again. */
export async function markUnconfirmed(db: Db, draft: DraftRow, data: { actor: string; connectionId: string; errorKind: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const moved = await tx
      .update(drafts)
      .set({ status: 'unconfirmed', updatedAt: new Date() })
      .where(and(eq(drafts.id, draft.id), eq(drafts.status, 'sending')))
      .returning({ id: drafts.id });
    if (!moved.length) return;
    await recordMailAudit(tx as unknown as Db, {
      accountId: draft.accountId,
      actor: data.actor,
      action: 'draft.send_unconfirmed',
      subjectType: 'draft',
      subjectId: draft.id,
      data: { from: 'sending', to: 'unconfirmed', connectionId: data.connectionId, errorKind: data.errorKind },
    });
  });
}

/**
 * The parent's answer for an unconfirmed draft: 'found' (it is in my Sent folder) records it as sent; 'resend'
 * (it is not there) makes it approved again, so the next send is the parent's own decision. Audited either way.
 */
export async function resolveUnconfirmed(
  db: Db,
  input: { draftId: string; accountId: string; choice: 'found' | 'resend'; actor: string; now: Date },
): Promise<DraftRow | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(drafts)
      .set(input.choice === 'found' ? { status: 'sent', sentAt: input.now, updatedAt: input.now } : { status: 'approved', updatedAt: input.now })
      .where(and(eq(drafts.id, input.draftId), eq(drafts.accountId, input.accountId), eq(drafts.status, 'unconfirmed')))
      .returning();
    if (!row) return null;
    await recordMailAudit(tx as unknown as Db, {
      accountId: input.accountId,
      actor: input.actor,
      action: input.choice === 'found' ? 'draft.sent_confirmed_by_parent' : 'draft.resend_approved_by_parent',
      subjectType: 'draft',
      subjectId: row.id,
      data: { from: 'unconfirmed', to: row.status },
    });
    return row;
  });
}

/**
 * The kind of mailbox a draft's send went from, for the parent's "did it reach the school?" check: the
 * connection its send events name (the newest), while it is still connected; 'archive' once it is not. A draft
 * whose events name none (sent before connections were recorded) takes the account's live mailbox, if any.
 */
export async function sendingMailboxOf(db: Db, draft: Pick<DraftRow, 'id' | 'accountId'>): Promise<'gmail' | 'outlook' | 'imap' | 'archive'> {
  const events = await db
    .select({ data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, draft.accountId), eq(auditEvents.subjectId, draft.id), inArray(auditEvents.action, ['draft.send_unconfirmed', 'draft.sending'])))
    .orderBy(desc(auditEvents.at));
  const named = events.map((e) => e.data.connectionId).find((id): id is string => typeof id === 'string');
  const live = await db
    .select({ id: mailboxConnections.id, provider: mailboxConnections.provider })
    .from(mailboxConnections)
    .where(and(eq(mailboxConnections.accountId, draft.accountId), inArray(mailboxConnections.provider, ['gmail', 'outlook', 'imap']), isNotNull(mailboxConnections.tokens)))
    .orderBy(desc(mailboxConnections.updatedAt));
  const conn = named ? live.find((c) => c.id === named) : live[0];
  return conn?.provider ?? 'archive';
}
