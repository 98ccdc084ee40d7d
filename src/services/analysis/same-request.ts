/**
 * "This is the same request as…" (issue 14 #8): when the detector split one ask into two requests, or found the
 * same request twice, the parent joins them. The request asked first is kept (its asked date, due date and
 * follow-up); the other is shown as part of its history and is no longer listed or chased (renewals.ts reads
 * the join as it reads a repeated ask), and its unsent follow-ups are withdrawn. Undo splits them again.
 *
 * The join is the parent's correction, kept in requests.overrides on both rows (`sameAs` on the joined one,
 * `merged` on the kept one), which re-analysis never overwrites and never deletes (analyze-account.ts keeps
 * rows the parent acted on). Each join and split is an audit event on both requests. A request of another
 * account, or of another child, is not found.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../../db/audit.js';
import type { Db } from '../../db/client.js';
import { drafts, messages, requests } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { effectiveRequest } from './overrides.js';
import { readOverrides } from './request-overrides.js';

type RequestRow = typeof requests.$inferSelect;

/** Drafts not yet on their way to the school: withdrawn when their request joins another. */
const UNSENT = ['pending', 'snoozed', 'approved'] as const;
const OPEN = new Set(['overdue', 'awaiting', 'acknowledged']);

const notFound = () => new AppError('not_found', 'We could not find that request.');

export interface JoinResult {
  keptId: string;
  joinedId: string;
  /** False when the two were already joined (a second press): nothing changed. */
  changed: boolean;
}

/** Joins `requestId` and `otherId` (either order); the one asked first is kept. */
export async function joinSameRequest(db: Db, input: { accountId: string; requestId: string; otherId: string; actor: string; now: Date }): Promise<JoinResult> {
  if (input.requestId === input.otherId) throw new AppError('bad_input', 'Please choose a different request.');
  return db.transaction(async (tx) => {
    // Both rows locked, in id order, so two presses at once join once.
    const rows = await tx
      .select({ r: requests, sentAt: messages.sentAt })
      .from(requests)
      .innerJoin(messages, eq(messages.id, requests.messageId))
      .where(and(eq(requests.accountId, input.accountId), inArray(requests.id, [input.requestId, input.otherId])))
      .orderBy(requests.id)
      .for('update', { of: requests });
    const a = rows.find((x) => x.r.id === input.requestId);
    const b = rows.find((x) => x.r.id === input.otherId);
    if (!a || !b || !a.r.childId || a.r.childId !== b.r.childId) throw notFound();
    const [kept, joined] = a.sentAt.getTime() < b.sentAt.getTime() || (a.sentAt.getTime() === b.sentAt.getTime() && a.r.id < b.r.id) ? [a.r, b.r] : [b.r, a.r];
    const keptO = readOverrides(kept.overrides);
    const joinedO = readOverrides(joined.overrides);
    if (joinedO.sameAs === kept.id) return { keptId: kept.id, joinedId: joined.id, changed: false };
    if (keptO.sameAs || joinedO.sameAs)
      throw new AppError('invalid_transition', 'One of these is already part of another request. Undo that first.');

    await tx.update(requests).set({ overrides: { ...kept.overrides, merged: [...(keptO.merged ?? []), joined.id] }, updatedAt: new Date() }).where(eq(requests.id, kept.id));
    await tx.update(requests).set({ overrides: { ...joined.overrides, sameAs: kept.id }, updatedAt: new Date() }).where(eq(requests.id, joined.id));
    const data = { kept: kept.id, joined: joined.id, kind: kept.kind, joinedKind: joined.kind };
    for (const subjectId of [kept.id, joined.id])
      await recordAudit(tx, { accountId: input.accountId, actor: input.actor, action: 'request.joined', subjectType: 'request', subjectId, data, at: input.now });
    const withdrawn = await tx
      .update(drafts)
      .set({ status: 'dismissed', updatedAt: new Date() })
      .where(and(eq(drafts.accountId, input.accountId), eq(drafts.requestId, joined.id), inArray(drafts.status, [...UNSENT])))
      .returning({ id: drafts.id });
    for (const d of withdrawn)
      await recordAudit(tx, { accountId: input.accountId, actor: input.actor, action: 'draft.dismissed', subjectType: 'draft', subjectId: d.id, data: { reason: 'joined', kept: kept.id }, at: input.now });
    return { keptId: kept.id, joinedId: joined.id, changed: true };
  });
}

/** Undo: the joined request `joinedId` is its own request again. A second press changes nothing. */
export async function splitSameRequest(db: Db, input: { accountId: string; joinedId: string; actor: string; now: Date }): Promise<{ keptId: string | null; changed: boolean }> {
  return db.transaction(async (tx) => {
    const [joined] = await tx.select().from(requests).where(and(eq(requests.id, input.joinedId), eq(requests.accountId, input.accountId))).for('update');
    if (!joined) throw notFound();
    const o = readOverrides(joined.overrides);
    if (!o.sameAs) return { keptId: null, changed: false };
    const keptId = o.sameAs;
    const [kept] = await tx.select().from(requests).where(and(eq(requests.id, keptId), eq(requests.accountId, input.accountId))).for('update');
    const { sameAs: _drop, ...rest } = joined.overrides as Record<string, unknown>;
    await tx.update(requests).set({ overrides: rest, updatedAt: new Date() }).where(eq(requests.id, joined.id));
    if (kept) {
      const left = (readOverrides(kept.overrides).merged ?? []).filter((id) => id !== joined.id);
      const { merged: _m, ...keptRest } = kept.overrides as Record<string, unknown>;
      await tx.update(requests).set({ overrides: left.length ? { ...keptRest, merged: left } : keptRest, updatedAt: new Date() }).where(eq(requests.id, kept.id));
    }
    const data = { kept: keptId, joined: joined.id };
    for (const subjectId of kept ? [keptId, joined.id] : [joined.id])
      await recordAudit(tx, { accountId: input.accountId, actor: input.actor, action: 'request.split', subjectType: 'request', subjectId, data, at: input.now });
    return { keptId, changed: true };
  });
}

export interface SameRequestChoice {
  id: string;
  kind: string;
  askedAt: Date;
  evidence: string;
}

/**
 * The child's other open requests the parent can join this one to: not closed, not already part of another
 * request (joined by the parent, or a repeated ask), oldest first.
 */
export function sameRequestChoices(
  self: RequestRow,
  siblings: Array<{ r: RequestRow; askedAt: Date }>,
  hidden: ReadonlyMap<string, string>,
  now: Date,
  timezone: string,
): SameRequestChoice[] {
  return siblings
    .filter(({ r }) => r.id !== self.id && r.childId === self.childId && !hidden.has(r.id) && !readOverrides(r.overrides).sameAs)
    .map(({ r, askedAt }) => ({ e: effectiveRequest(r, now, timezone), askedAt }))
    .filter(({ e }) => OPEN.has(e.status))
    .map(({ e, askedAt }) => ({ id: e.row.id, kind: e.kind, askedAt, evidence: e.row.evidence }))
    .sort((x, y) => x.askedAt.getTime() - y.askedAt.getTime());
}
