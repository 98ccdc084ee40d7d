/**
 * Exactly-once sending of an approved draft from the parent's own mailbox (spec §6).
 *
 * The draft's Message-ID is fixed at approval (drafts.outgoing_message_id) before anything is sent; it is the
 * idempotency key. States: approved → sending (claimed by a conditional UPDATE, so of two workers only one
 * proceeds) → sent / saved, or back to approved when the provider provably refused. When the outcome is unknown
 * (the connection died after the request went out, or the process was killed before recording), the draft
 * stays in `sending`; the next attempt, once the claim is stale, looks for the sent copy (findSentCopy: by
 * Message-ID, then recipients, time and body, since providers may replace the Message-ID) and records it; if
 * there is none it never sends again but asks the parent (send-recovery.ts). A provider id is recorded the
 * moment the provider returns it.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, drafts, mailboxConnections, messages } from '../../db/schema.js';
import { MailProviderError, type MailProvider, type OutgoingMessage } from '../../mail/provider.js';
import { providerForConnection, type ConnectionRow, type MailDeps } from '../mailbox/providers.js';
import { defaultLogger } from '../../log/logger.js';
import { recordMailAudit } from '../mailbox/audit.js';
import { markConnectionNeedsReconnect } from '../mailbox/token-store-db.js';
import { composeDraft } from './compose.js';
import { markUnconfirmed, sentCopyKeyFor } from './send-recovery.js';
import { fromStatuses } from './state.js';

export { composeDraft };

export type DraftRow = typeof drafts.$inferSelect;
export type SendMode = 'send' | 'draft';

export interface SendDeps extends MailDeps {
  /** A claim older than this is presumed dead (its worker crashed). Default 10 minutes: well past any send timeout. */
  staleClaimMs?: number;
  /** Domain of generated Message-IDs. Default: the sending mailbox's domain. */
  messageIdDomain?: string;
}

export type SendOutcome =
  | { status: 'sent'; draftId: string; providerId: string; recovered: boolean }
  | { status: 'saved'; draftId: string; providerDraftId: string }
  | { status: 'already'; draftId: string; draftStatus: DraftRow['status'] }
  /** Another worker holds a fresh claim: nothing was done. */
  | { status: 'in_progress'; draftId: string }
  /** The provider refused (auth, rate limit, invalid…): the draft is approved again, nothing went out. */
  | { status: 'failed'; draftId: string; error: { kind: string; message: string } }
  /**
   * The request may have gone out. `asked: false`: the draft stays `sending` and a later look (after the claim
   * is stale) checks Sent again; `asked: true`: no copy was found then either, and the parent is asked.
   */
  | { status: 'unconfirmed'; draftId: string; error: { kind: string; message: string }; asked?: boolean; provider: ConnectionRow['provider'] }
  | { status: 'not_found' | 'not_approved'; draftId: string; draftStatus?: DraftRow['status'] };

export function newMessageId(domain: string): string {
  const host = /^[a-z0-9.-]+$/i.test(domain) ? domain.toLowerCase() : 'followthrough.invalid';
  return `<ft.${Date.now().toString(36)}.${randomBytes(12).toString('hex')}@${host}>`;
}

/**
 * The parent approves the exact text (optionally edited first). The Message-ID is fixed here, once: a second
 * approval of the same draft keeps it.
 */
export async function approveDraft(
  db: Db,
  input: { draftId: string; accountId: string; body?: string; actor?: string; now?: Date; messageIdDomain?: string },
): Promise<DraftRow | null> {
  const now = input.now ?? new Date();
  const [current] = await db.select().from(drafts).where(and(eq(drafts.id, input.draftId), eq(drafts.accountId, input.accountId)));
  if (!current || !fromStatuses('approve').includes(current.status)) return null;
  const edited = input.body !== undefined && input.body !== current.body;
  if (current.status === 'approved' && !edited) return current; // a double tap, a reload, a retry: no change
  const domain = input.messageIdDomain ?? (current.outgoingMessageId ? null : await senderDomain(db, input.accountId));
  const [row] = await db
    .update(drafts)
    .set({
      status: 'approved',
      approvedAt: now,
      updatedAt: now,
      outgoingMessageId: current.outgoingMessageId ?? newMessageId(domain ?? 'followthrough.invalid'),
      ...(edited ? { body: input.body } : {}),
    })
    .where(and(eq(drafts.id, input.draftId), inArray(drafts.status, fromStatuses('approve'))))
    .returning();
  if (!row) return null;
  if (edited)
    await recordMailAudit(db, { accountId: input.accountId, actor: input.actor ?? `parent:${input.accountId}`, action: 'draft.edited', subjectType: 'draft', subjectId: row.id, data: {}, at: now });
  await recordMailAudit(db, {
    accountId: input.accountId,
    actor: input.actor ?? `parent:${input.accountId}`,
    action: 'draft.approved',
    subjectType: 'draft',
    subjectId: row.id,
    data: { from: current.status, to: 'approved', outgoingMessageId: row.outgoingMessageId },
    at: now,
  }); // a repeated approve of the same text returned above: it records nothing
  return row;
}

interface ReplyTarget {
  connection: ConnectionRow;
  /** Gmail threadId of the message replied to (same mailbox only). */
  providerThreadId: string | null;
  /** Provider id of the message replied to (same mailbox only). */
  providerId: string | null;
}

/** The mailbox to send from: the one the replied-to message came from, else the account's active Gmail/Outlook. */
async function replyTarget(db: Db, draft: DraftRow, connectionId?: string): Promise<ReplyTarget | null> {
  const [replied] = draft.inReplyTo
    ? await db
        .select({ connectionId: messages.connectionId, providerThreadId: messages.providerThreadId, providerId: messages.providerId })
        .from(messages)
        .where(and(eq(messages.accountId, draft.accountId), eq(messages.messageId, draft.inReplyTo)))
    : [];
  const usable = await db
    .select()
    .from(mailboxConnections)
    .where(and(eq(mailboxConnections.accountId, draft.accountId), inArray(mailboxConnections.provider, ['gmail', 'outlook', 'imap']), isNotNull(mailboxConnections.tokens)))
    .orderBy(desc(mailboxConnections.updatedAt));
  const connection =
    (connectionId ? usable.find((c) => c.id === connectionId) : undefined) ??
    (replied?.connectionId ? usable.find((c) => c.id === replied.connectionId) : undefined) ??
    (connectionId ? undefined : usable.find((c) => c.status === 'active'));
  if (!connection) return null;
  const same = replied && replied.connectionId === connection.id;
  return { connection, providerThreadId: same ? replied.providerThreadId : null, providerId: same ? replied.providerId : null };
}

/** Refusals that prove nothing went out: the draft can go back to `approved`. */
const REFUSED = new Set(['auth', 'rate_limit', 'invalid', 'unsupported', 'not_found', 'cursor_expired']);

/**
 * Sends (mode 'send') or saves to the mailbox's Drafts folder (mode 'draft') an approved draft. Never throws a
 * provider error: the outcome says what happened. Errors of our own (database) are thrown, leaving the draft in
 * `sending` for the recovery path.
 */
export async function sendDraft(
  deps: SendDeps,
  draftId: string,
  opts: { mode?: SendMode; accountId?: string; connectionId?: string; actor?: string; now?: Date } = {},
): Promise<SendOutcome> {
  let mode: SendMode = opts.mode ?? 'send';
  const now = opts.now ?? new Date();
  const actor = opts.actor ?? 'system';
  const db = deps.db;
  const [draft] = await db
    .select()
    .from(drafts)
    .where(opts.accountId ? and(eq(drafts.id, draftId), eq(drafts.accountId, opts.accountId)) : eq(drafts.id, draftId));
  if (!draft) return { status: 'not_found', draftId };
  if (draft.status === 'sent' || draft.status === 'saved') return { status: 'already', draftId, draftStatus: draft.status };

  if (draft.status !== 'approved' && draft.status !== 'sending') return { status: 'not_approved', draftId, draftStatus: draft.status };
  if (!deps.keyring)
    return { status: 'failed', draftId, error: { kind: 'unsupported', message: 'no encryption key configured (ENCRYPTION_KEYS): mailbox tokens cannot be read' } };
  const target = await replyTarget(db, draft, opts.connectionId);
  if (!target) return { status: 'failed', draftId, error: { kind: 'unsupported', message: 'no connected mailbox to send from (Gmail, Outlook or IMAP)' } };
  const audit = (action: string, data: Record<string, unknown>) =>
    recordMailAudit(db, { accountId: draft.accountId, actor, action, subjectType: 'draft', subjectId: draft.id, data: { mode, connectionId: target.connection.id, ...data }, at: now });

  let claimed: DraftRow | undefined;
  let recovering = false;
  if (draft.status === 'approved') {
    [claimed] = await db
      .update(drafts)
      .set({
        status: 'sending',
        sendMode: mode,
        updatedAt: now,
        outgoingMessageId: draft.outgoingMessageId ?? newMessageId(deps.messageIdDomain ?? domainOf(target.connection.address)),
      })
      .where(and(eq(drafts.id, draft.id), eq(drafts.status, 'approved')))
      .returning();
    if (!claimed) return { status: 'in_progress', draftId };
    await audit('draft.sending', { from: 'approved', to: 'sending', outgoingMessageId: claimed.outgoingMessageId });
  } else if (draft.status === 'sending') {
    const staleMs = deps.staleClaimMs ?? 10 * 60_000;
    if (now.getTime() - draft.updatedAt.getTime() < staleMs) return { status: 'in_progress', draftId };
    // Take over the dead claim; a conditional UPDATE again (it refreshes the claim time), so only one worker recovers it.
    [claimed] = await db
      .update(drafts)
      .set({ updatedAt: now })
      .where(and(eq(drafts.id, draft.id), eq(drafts.status, 'sending'), lt(drafts.updatedAt, new Date(now.getTime() - staleMs))))
      .returning();
    if (!claimed) return { status: 'in_progress', draftId };
    recovering = true;
    // Finish what the dead attempt started: the parent's choice is the column written with the claim. A claim
    // older than the column has none: as a send it only looks in Sent and asks the parent, never sends again.
    mode = claimed.sendMode ?? mode;
  } else {
    return { status: 'not_approved', draftId, draftStatus: draft.status };
  }
  const messageId = claimed.outgoingMessageId!;

  // Until a recovered claim has been checked against Sent, a failure must not make the draft sendable again.
  let provider: MailProvider;
  try {
    provider = await providerForConnection(deps, target.connection);
  } catch (e) {
    return recovering ? hold(e) : release(e);
  }

  const copyKey = () => sentCopyKeyFor(claimed!, { provider: target.connection.provider, providerThreadId: target.providerThreadId, now: new Date() });
  if (recovering && mode === 'send') {
    // The dead attempt may have sent it: look, and never send again on a guess.
    let found: { providerId: string } | null;
    try {
      found = await provider.findSentCopy(copyKey());
    } catch (e) {
      // Sent holds a copy whose fate only the mail server knew (IMAP: marked as being submitted when the process
      // died): looking again cannot settle it, so the parent is asked instead of the draft waiting for ever.
      if (e instanceof MailProviderError && e.kind === 'transient' && !e.retryable) return ask('unknown_outcome');
      return hold(e);
    }
    if (found) return recordSent(found.providerId, true);
    return ask('unknown_outcome');
  }

  let raw: Uint8Array;
  try {
    raw = await composeDraft(claimed, { address: target.connection.address, name: await accountName(db, draft.accountId) }, now);
  } catch (cause) {
    return release(new MailProviderError('invalid', 'the draft could not be composed as a message', { retryable: false, cause: { draftId } }));
  }
  const outgoing: OutgoingMessage = {
    raw,
    messageId,
    threadId: target.connection.provider === 'gmail' ? target.providerThreadId : target.providerId,
    replyToProviderId: target.providerId,
  };

  if (mode === 'draft') {
    let saved: { draftId: string };
    try {
      saved = await provider.saveDraft(outgoing);
    } catch (e) {
      return release(e);
    }
    await db.transaction(async (tx) => {
      await tx
        .update(drafts)
        .set({ status: 'saved', sentProviderId: saved.draftId, updatedAt: new Date() })
        .where(and(eq(drafts.id, draft.id), eq(drafts.status, 'sending')));
      await recordMailAudit(tx as unknown as Db, {
        accountId: draft.accountId,
        actor,
        action: 'draft.saved',
        subjectType: 'draft',
        subjectId: draft.id,
        data: { mode, connectionId: target.connection.id, from: 'sending', to: 'saved', providerDraftId: saved.draftId },
      });
    });
    return { status: 'saved', draftId, providerDraftId: saved.draftId };
  }

  let sent: { providerId: string };
  try {
    sent = await provider.send(outgoing);
  } catch (e) {
    if (e instanceof MailProviderError && !REFUSED.has(e.kind)) {
      // It may have gone out: look before anyone sends again.
      const found = await provider.findSentCopy(copyKey()).catch(() => null);
      if (found) return recordSent(found.providerId, true);
      return hold(e);
    }
    return release(e);
  }
  return recordSent(sent.providerId, false);

  async function recordSent(providerId: string, recovered: boolean): Promise<SendOutcome> {
    await db.transaction(async (tx) => {
      await tx
        .update(drafts)
        .set({ status: 'sent', sentProviderId: providerId, sentBy: 'mailbox', sentAt: now, updatedAt: new Date() })
        .where(and(eq(drafts.id, draft!.id), eq(drafts.status, 'sending')));
      await recordMailAudit(tx as unknown as Db, {
        accountId: draft!.accountId,
        actor,
        action: 'draft.sent',
        subjectType: 'draft',
        subjectId: draft!.id,
        data: { mode, connectionId: target!.connection.id, from: 'sending', to: 'sent', providerId, outgoingMessageId: messageId, recovered },
      });
    });
    return { status: 'sent', draftId, providerId, recovered };
  }

  /** Nothing found that proves a send (or nothing that can): unconfirmed, and the parent decides. */
  async function ask(errorKind: string): Promise<SendOutcome> {
    await markUnconfirmed(db, claimed!, { actor, connectionId: target!.connection.id, errorKind });
    (deps.log ?? defaultLogger).warn('draft send unconfirmed: parent asked', { draftId });
    return { status: 'unconfirmed', draftId, error: { kind: errorKind, message: 'no sent copy found after an interrupted send' }, asked: true, provider: target!.connection.provider };
  }

  /** The outcome is unknown: stay `sending`; the next attempt after the claim goes stale checks Sent first. */
  async function hold(e: unknown): Promise<SendOutcome> {
    if (!(e instanceof MailProviderError)) throw e;
    await audit('draft.send_unconfirmed', { status: 'sending', errorKind: e.kind });
    if (e.kind === 'auth') await markConnectionNeedsReconnect(db, target!.connection.id, e.message, actor);
    (deps.log ?? defaultLogger).warn('draft send unconfirmed', { draftId, errorKind: e.kind });
    return { status: 'unconfirmed', draftId, error: { kind: e.kind, message: e.message }, provider: target!.connection.provider };
  }

  /** A refusal: back to approved (the parent's approval stands; a later attempt may succeed). */
  async function release(e: unknown): Promise<SendOutcome> {
    if (!(e instanceof MailProviderError)) throw e;
    await db.update(drafts).set({ status: 'approved', updatedAt: new Date() }).where(and(eq(drafts.id, draft!.id), eq(drafts.status, 'sending')));
    await audit('draft.send_failed', { from: 'sending', to: 'approved', errorKind: e.kind });
    if (e.kind === 'auth') await markConnectionNeedsReconnect(db, target!.connection.id, e.message, actor);
    (deps.log ?? defaultLogger).warn('draft send failed', { draftId, errorKind: e.kind });
    return { status: 'failed', draftId, error: { kind: e.kind, message: e.message } };
  }
}

/** The domain of the mailbox the account sends from (its newest Gmail/Outlook connection), else of its email. */
async function senderDomain(db: Db, accountId: string): Promise<string> {
  const [conn] = await db
    .select({ address: mailboxConnections.address })
    .from(mailboxConnections)
    .where(and(eq(mailboxConnections.accountId, accountId), inArray(mailboxConnections.provider, ['gmail', 'outlook', 'imap'])))
    .orderBy(desc(mailboxConnections.updatedAt));
  if (conn) return domainOf(conn.address);
  const [acct] = await db.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, accountId));
  return domainOf(acct?.email ?? '');
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'followthrough.invalid';
}

async function accountName(db: Db, accountId: string): Promise<string | null> {
  const [row] = await db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, accountId));
  return row?.name ?? null;
}
