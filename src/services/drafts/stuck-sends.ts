/**
 * Sends whose outcome nobody knows, and what finishes them. Two ways a draft is left `sending`:
 * - the worker died mid-send: once its claim is stale, the recovery job looks in Sent (sendDraft's recovery path);
 * - the mailbox it was going out from is disconnected: no job can look in that mailbox any more, so the draft
 *   would wait in `sending` for ever. On disconnect it becomes `unconfirmed` ("we could not confirm this was sent —
 *   check your Sent folder", worded per mailbox on the draft page) and is never sent again automatically. If the
 *   parent reconnects that mailbox before answering, it goes back to `sending` with its original claim time, and
 *   the same recovery looks in Sent: a copy there records it as sent, none asks the parent again.
 */
import { and, desc, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditEvents, drafts, mailboxConnections } from '../../db/schema.js';
import { recordMailAudit } from '../mailbox/audit.js';
import { sendDraft, type SendDeps, type SendOutcome } from './send-draft.js';

/** The errorKind of an `unconfirmed` that a disconnect caused, so a reconnect can find the drafts it parked. */
export const MAILBOX_DISCONNECTED = 'mailbox_disconnected';

/** The connection a draft's send went from and when it was claimed: its newest `draft.sending` event. */
async function sendClaims(db: Db, accountId: string, draftIds: string[]): Promise<Map<string, { connectionId: string | null; at: Date }>> {
  if (!draftIds.length) return new Map();
  const events = await db
    .select({ subjectId: auditEvents.subjectId, data: auditEvents.data, at: auditEvents.at })
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, 'draft.sending'), inArray(auditEvents.subjectId, draftIds)))
    .orderBy(desc(auditEvents.at));
  const claims = new Map<string, { connectionId: string | null; at: Date }>();
  for (const e of events) {
    if (!e.subjectId || claims.has(e.subjectId)) continue;
    claims.set(e.subjectId, { connectionId: typeof e.data.connectionId === 'string' ? e.data.connectionId : null, at: e.at });
  }
  return claims;
}

/**
 * Within the disconnect's transaction: every draft of the account in `sending` from `connectionId` becomes
 * `unconfirmed`, audited. A claim that names no connection (recorded before connections were) went from the
 * account's mailbox too, and is parked as well: leaving it would leave it stuck.
 */
export async function parkSendsFrom(tx: Db, input: { accountId: string; connectionId: string; actor: string }): Promise<number> {
  const sending = await tx
    .select({ id: drafts.id })
    .from(drafts)
    .where(and(eq(drafts.accountId, input.accountId), eq(drafts.status, 'sending')));
  const claims = await sendClaims(
    tx,
    input.accountId,
    sending.map((d) => d.id),
  );
  let parked = 0;
  for (const d of sending) {
    const from = claims.get(d.id)?.connectionId ?? null;
    if (from !== null && from !== input.connectionId) continue;
    const moved = await tx
      .update(drafts)
      .set({ status: 'unconfirmed', updatedAt: new Date() })
      .where(and(eq(drafts.id, d.id), eq(drafts.status, 'sending')))
      .returning({ id: drafts.id });
    if (!moved.length) continue;
    parked++;
    await recordMailAudit(tx, {
      accountId: input.accountId,
      actor: input.actor,
      action: 'draft.send_unconfirmed',
      subjectType: 'draft',
      subjectId: d.id,
      data: { from: 'sending', to: 'unconfirmed', connectionId: input.connectionId, errorKind: MAILBOX_DISCONNECTED },
    });
  }
  return parked;
}

/**
 * Drafts a disconnect parked whose mailbox is connected again (it has tokens) and which the parent has not
 * answered yet: back to `sending`, with the claim time of the interrupted send, so the recovery below looks in
 * Sent as it would have. Returns how many were reopened.
 */
export async function reopenReconnectedSends(db: Db, opts: { limit?: number } = {}): Promise<number> {
  const unconfirmed = await db
    .select({ id: drafts.id, accountId: drafts.accountId })
    .from(drafts)
    .where(eq(drafts.status, 'unconfirmed'))
    .limit(opts.limit ?? 100);
  let reopened = 0;
  for (const d of unconfirmed) {
    const [asked] = await db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.accountId, d.accountId), eq(auditEvents.subjectId, d.id), eq(auditEvents.action, 'draft.send_unconfirmed')))
      .orderBy(desc(auditEvents.at))
      .limit(1);
    if (asked?.data.errorKind !== MAILBOX_DISCONNECTED || typeof asked.data.connectionId !== 'string') continue;
    const [live] = await db
      .select({ id: mailboxConnections.id })
      .from(mailboxConnections)
      .where(and(eq(mailboxConnections.id, asked.data.connectionId), isNotNull(mailboxConnections.tokens)));
    if (!live) continue;
    const claimedAt = (await sendClaims(db, d.accountId, [d.id])).get(d.id)?.at ?? new Date(0);
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const moved = await tx
        .update(drafts)
        .set({ status: 'sending', updatedAt: claimedAt })
        .where(and(eq(drafts.id, d.id), eq(drafts.status, 'unconfirmed')))
        .returning({ id: drafts.id });
      if (!moved.length) return;
      reopened++;
      await recordMailAudit(tx, {
        accountId: d.accountId,
        actor: 'job:send-recovery',
        action: 'draft.send_recheck',
        subjectType: 'draft',
        subjectId: d.id,
        data: { from: 'unconfirmed', to: 'sending', connectionId: live.id },
      });
    });
  }
  return reopened;
}

/**
 * For a scheduled job: reopens the sends a disconnect parked once their mailbox is back, then finishes drafts
 * left in `sending` (claim older than staleClaimMs), each through sendDraft's recovery path (findSentCopy
 * first; the parent is asked when there is no copy).
 */
export async function recoverStuckSends(deps: SendDeps, opts: { now?: Date; limit?: number } = {}): Promise<SendOutcome[]> {
  const now = opts.now ?? new Date();
  const staleMs = deps.staleClaimMs ?? 10 * 60_000;
  await reopenReconnectedSends(deps.db, { limit: opts.limit });
  const stuck = await deps.db
    .select({ id: drafts.id })
    .from(drafts)
    .where(and(eq(drafts.status, 'sending'), lt(drafts.updatedAt, new Date(now.getTime() - staleMs))))
    .limit(opts.limit ?? 100);
  const out: SendOutcome[] = [];
  for (const d of stuck) out.push(await sendDraft(deps, d.id, { now, actor: 'job:send-recovery' }));
  return out;
}
