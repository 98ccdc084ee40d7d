/**
 * Storing a template follow-up: the one insert every drafter uses (the daily drafting of overdue requests,
 * missed commitments and overdue process clocks, and the follow-up plan's steps), so each draft is written the
 * same way: once per (request, commitment or clock; state key), with the facts it was written from, and with
 * one `draft.created` audit event in the same transaction. A repeated run, or two instances at once, find the
 * row the unique index kept and write nothing (and audit nothing) again.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../db/audit.js';
import { drafts } from '../../db/schema.js';
import type { Draft, DraftInput } from '../../core/drafting.js';
import { AppError } from '../../core/errors.js';

/** What the draft follows up: a request, a missed commitment (worded with its request, when it has one), or a clock. */
export type DraftTarget =
  | { kind: 'request'; requestId: string }
  | { kind: 'commitment'; commitmentId: string; requestId: string | null }
  | { kind: 'clock'; clockId: string };

export interface TemplateDraft {
  accountId: string;
  target: DraftTarget;
  /** "overdue:<due date>", "missed:<due date>", a ladder step's key: the state the draft answers. */
  stateKey: string;
  letter: Omit<Draft, 'requestId'>;
  facts: DraftInput;
  now: Date;
}

/** The draft's id, and whether this call wrote it (false: it existed already). */
export async function storeTemplateDraft(db: Db, input: TemplateDraft): Promise<{ id: string; created: boolean }> {
  const { accountId, target, stateKey, letter, facts, now } = input;
  const keys = {
    requestId: target.kind === 'request' ? target.requestId : null,
    commitmentId: target.kind === 'commitment' ? target.commitmentId : null,
    clockId: target.kind === 'clock' ? target.clockId : null,
  };
  const written = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(drafts)
      .values({
        accountId,
        ...keys,
        stateKey,
        toAddresses: letter.to,
        ccAddresses: letter.cc,
        subject: letter.subject,
        body: letter.body,
        inReplyTo: letter.inReplyTo,
        references: letter.references,
        source: 'template',
        facts,
      })
      .onConflictDoNothing()
      .returning({ id: drafts.id });
    if (!row) return null;
    // The audit names the request a commitment's draft is worded with, though the row keys it by the commitment.
    const requestId = target.kind === 'commitment' ? target.requestId : keys.requestId;
    await recordAudit(tx, { accountId, actor: 'system', action: 'draft.created', subjectType: 'draft', subjectId: row.id, data: { ...keys, requestId, stateKey }, at: now });
    return row.id;
  });
  if (written) return { id: written, created: true };
  const column = target.kind === 'request' ? eq(drafts.requestId, target.requestId) : target.kind === 'commitment' ? eq(drafts.commitmentId, target.commitmentId) : eq(drafts.clockId, target.clockId);
  const [existing] = await db.select({ id: drafts.id }).from(drafts).where(and(column, eq(drafts.stateKey, stateKey)));
  // Only a delete between the insert and this read gets here (the target went, its drafts cascading).
  if (!existing) throw new AppError('conflict', `The follow-up draft (${stateKey}) was removed while it was being written.`);
  return { id: existing.id, created: false };
}
