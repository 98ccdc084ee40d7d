/**
 * What the parent does to a follow-up (spec §6: approve, edit, snooze, dismiss, send), carried out along the
 * transition table (state.ts). The HTTP route parses the form and turns the result into a page; everything
 * about which status may become which, and what is recorded, is here. Each change is one conditional UPDATE,
 * guarded by the table's from-statuses, committed with its audit event.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../core/errors.js';
import { localDateOf } from '../../core/deadlines/index.js';
import { formatWeekdayDate } from '../../core/drafting/format.js';
import { checkTone } from '../../core/tone.js';
import { recordAudit } from '../../db/audit.js';
import type { Db } from '../../db/client.js';
import { accounts, children, drafts, requests } from '../../db/schema.js';
import { markSentByParent } from './manual-send.js';
import { approveDraft, sendDraft, type DraftRow, type SendDeps, type SendMode, type SendOutcome } from './send-draft.js';
import { resolveUnconfirmed } from './send-recovery.js';
import { decide, fromStatuses, type DraftAction } from './state.js';

/** The letter's fields as the parent left them in the form (already parsed: addresses valid, subject one line). */
export interface DraftFields {
  to: string[];
  cc: string[];
  subject: string;
  body: string;
}

export type DraftCommand =
  | { action: 'edit'; fields: DraftFields }
  /** `toneConfirmed`: the parent saw the tone findings and chose "send anyway". */
  | { action: 'approve'; fields: DraftFields; toneConfirmed: boolean }
  | { action: 'snooze'; until: string }
  | { action: 'dismiss' }
  | { action: 'send' }
  | { action: 'confirm_sent' }
  | { action: 'resend' }
  | { action: 'sent_by_parent' };

export type DraftActionResult =
  /** Done (or done before: nothing happened again); `message` says which. */
  | { kind: 'done'; message: string }
  /** The text was saved, not approved: it has tone findings and the parent is asked "send anyway?". */
  | { kind: 'confirm_tone' }
  /** Approved (now or before) and handed to the mailbox: the send's outcome. */
  | { kind: 'sent'; outcome: SendOutcome };

export interface DraftActionContext {
  actor: string;
  /** Product time (the demo family's fixed clock, else the real one). */
  now: Date;
  /** The parent's delivery setting: send, or save to the mailbox's Drafts folder. */
  mode: SendMode;
}

const CHANGED_MEANWHILE = 'This follow-up changed in the meantime (in another tab?); please reload the page.';

export async function actOnDraft(deps: { db: Db; send: SendDeps }, draft: DraftRow, cmd: DraftCommand, ctx: DraftActionContext): Promise<DraftActionResult> {
  const { db } = deps;
  const decision = decide(draft.status, cmd.action satisfies DraftAction);
  if (decision.kind === 'already')
    // Who sent it is a column, not a status: the table's sentence, made exact for the parent who sent it themselves.
    return { kind: 'done', message: cmd.action === 'sent_by_parent' && draft.sentBy === 'parent' ? 'It was already recorded as sent by you.' : decision.message };
  const audit = (tx: Pick<Db, 'insert'>, action: string, data: Record<string, unknown>) =>
    recordAudit(tx, { accountId: draft.accountId, actor: ctx.actor, action, subjectType: 'draft', subjectId: draft.id, data, at: ctx.now });
  const send = async (): Promise<DraftActionResult> => ({
    kind: 'sent',
    outcome: await sendDraft(deps.send, draft.id, { mode: ctx.mode, accountId: draft.accountId, actor: ctx.actor, now: ctx.now }),
  });

  switch (cmd.action) {
    case 'snooze': {
      const today = localDateOf(ctx.now.getTime(), await draftTimezone(db, draft));
      if (cmd.until <= today) throw new AppError('bad_input', 'Please choose a date after today to be reminded on.');
      await move(db, draft, 'snooze', { status: 'snoozed', snoozedUntil: new Date(`${cmd.until}T12:00:00Z`), updatedAt: ctx.now }, (tx) => audit(tx, 'draft.snoozed', { until: cmd.until }));
      return { kind: 'done', message: `Snoozed until ${formatWeekdayDate(cmd.until)}. It will come back on that date.` };
    }
    case 'dismiss':
      await move(db, draft, 'dismiss', { status: 'dismissed', updatedAt: ctx.now }, (tx) => audit(tx, 'draft.dismissed', {}));
      return { kind: 'done', message: 'Dismissed. Nothing was sent.' };
    case 'edit': {
      const saved = await saveEdits(db, draft, cmd.fields, { saveBody: true, now: ctx.now, audit });
      if (saved && draft.status === 'approved') return { kind: 'done', message: 'Saved. The text changed, so please approve it again to send it.' };
      return { kind: 'done', message: 'Saved. Nothing was sent.' };
    }
    case 'approve': {
      // Approving a text with tone findings first asks "send anyway?": the text is saved, so nothing typed is lost.
      if (!cmd.toneConfirmed && checkTone(cmd.fields.body).length > 0) {
        await saveEdits(db, draft, cmd.fields, { saveBody: true, now: ctx.now, audit });
        return { kind: 'confirm_tone' };
      }
      // The body goes in with the approval (approveDraft records the edit), the other fields just before it.
      await saveEdits(db, draft, cmd.fields, { saveBody: false, now: ctx.now, audit });
      const approved = await approveDraft(db, { draftId: draft.id, accountId: draft.accountId, body: cmd.fields.body, actor: ctx.actor, now: ctx.now });
      if (!approved) throw new AppError('invalid_transition', CHANGED_MEANWHILE);
      return send();
    }
    case 'send':
      return send();
    case 'confirm_sent':
    case 'resend': {
      // The parent's answer after an unconfirmed send: only they can see their Sent folder for sure.
      const choice = cmd.action === 'confirm_sent' ? 'found' : 'resend';
      const resolved = await resolveUnconfirmed(db, { draftId: draft.id, accountId: draft.accountId, choice, actor: ctx.actor, now: ctx.now });
      if (!resolved) throw new AppError('invalid_transition', 'This follow-up is no longer waiting for your answer; please reload the page.');
      return choice === 'found' ? { kind: 'done', message: 'Recorded as sent. Nothing else was sent.' } : send();
    }
    case 'sent_by_parent': {
      const marked = await markSentByParent(db, { draftId: draft.id, accountId: draft.accountId, actor: ctx.actor, now: ctx.now });
      if (!marked) throw new AppError('invalid_transition', CHANGED_MEANWHILE);
      return { kind: 'done', message: marked.already ? 'It was already recorded as sent by you.' : 'Recorded as sent by you. Nothing was sent by the app.' };
    }
  }
}

/** One edge of the table: the UPDATE only where the draft still is in a from-status of `action`, with its audit event. */
async function move(db: Db, draft: DraftRow, action: DraftAction, set: Partial<DraftRow>, record: (tx: Pick<Db, 'insert'>) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    const moved = await tx
      .update(drafts)
      .set(set)
      .where(and(eq(drafts.id, draft.id), eq(drafts.accountId, draft.accountId), inArray(drafts.status, fromStatuses(action))))
      .returning({ id: drafts.id });
    if (!moved.length) throw new AppError('invalid_transition', CHANGED_MEANWHILE);
    await record(tx);
  });
}

/**
 * Saves the fields the parent changed (one `draft.edited` event naming them). An approved draft whose text
 * changed goes back to pending (state.ts: the approval was of the exact text). Returns whether anything changed.
 */
async function saveEdits(
  db: Db,
  draft: DraftRow,
  fields: DraftFields,
  opts: { saveBody: boolean; now: Date; audit: (tx: Pick<Db, 'insert'>, action: string, data: Record<string, unknown>) => Promise<void> },
): Promise<boolean> {
  const changed: string[] = [];
  if (fields.to.join(',') !== draft.toAddresses.join(',')) changed.push('to');
  if (fields.cc.join(',') !== draft.ccAddresses.join(',')) changed.push('cc');
  if (fields.subject !== draft.subject) changed.push('subject');
  if (opts.saveBody && fields.body !== draft.body) changed.push('body');
  if (!changed.length) return false;
  const status = decide(draft.status, 'edit');
  const next = status.kind === 'move' && opts.saveBody ? status.to : draft.status;
  const set: Partial<DraftRow> = { toAddresses: fields.to, ccAddresses: fields.cc, subject: fields.subject, status: next, updatedAt: opts.now, ...(opts.saveBody ? { body: fields.body } : {}) };
  await move(db, draft, 'edit', set, (tx) => opts.audit(tx, 'draft.edited', { fields: changed, ...(next !== draft.status ? { from: draft.status, to: next } : {}) }));
  return true;
}

/** The timezone a snooze date is read in: the child's, else the account's. */
async function draftTimezone(db: Db, draft: DraftRow): Promise<string> {
  const [req] = draft.requestId ? await db.select({ childId: requests.childId }).from(requests).where(eq(requests.id, draft.requestId)) : [];
  const [child] = req?.childId ? await db.select({ timezone: children.timezone }).from(children).where(eq(children.id, req.childId)) : [];
  if (child) return child.timezone;
  const [owner] = await db.select({ timezone: accounts.timezone }).from(accounts).where(eq(accounts.id, draft.accountId));
  return owner!.timezone;
}
