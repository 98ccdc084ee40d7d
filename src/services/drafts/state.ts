/**
 * The draft state machine: every status a follow-up can be in, every thing the parent can do to it, and what
 * each does, as one table. The services that carry out an action (actions.ts, send-draft.ts, manual-send.ts,
 * send-recovery.ts) ask this table first and guard their UPDATE with the same from-state, so two tabs or a
 * double click cannot move a draft along an edge the table does not have.
 *
 * The send itself has inner steps this table leaves to send-draft.ts (approved → sending → sent / saved, back
 * to approved on a refusal, or unconfirmed when the outcome is unknown); the parent's "send" is the edge into it.
 */
import { AppError } from '../../core/errors.js';
import type { drafts } from '../../db/schema.js';

export type DraftStatus = (typeof drafts.$inferSelect)['status'];

export const DRAFT_STATUSES = ['pending', 'snoozed', 'approved', 'sending', 'unconfirmed', 'sent', 'saved', 'dismissed'] as const satisfies readonly DraftStatus[];

/**
 * What the parent can do. `edit` saves the fields they changed; `approve` fixes the exact text (and is followed
 * by a send); `send` sends an approved text; `confirm_sent`/`resend` answer "did this reach the school?" after an
 * unconfirmed send; `sent_by_parent` records a letter the parent sent from their own email app.
 */
export const DRAFT_ACTIONS = ['edit', 'snooze', 'dismiss', 'approve', 'send', 'confirm_sent', 'resend', 'sent_by_parent'] as const;
export type DraftAction = (typeof DRAFT_ACTIONS)[number];

/**
 * One cell: move to a status (possibly the same one: an edit keeps a pending draft pending); `already`: the
 * action was done before (a double click, a reload, a second tab), so nothing happens again and the parent is
 * told so; `refused`: not possible from here, said in the parent's words.
 */
export type Transition = { to: DraftStatus } | { already: string } | { refused: string };

const to = (status: DraftStatus): Transition => ({ to: status });
const already = (text: string): Transition => ({ already: text });
const refused = (text: string): Transition => ({ refused: text });

const NOT_WAITING = refused('This follow-up is not waiting for your answer about whether it reached the school; please reload the page.');
const APPROVE_FIRST = refused('Please approve this follow-up before sending it.');
const ONLY_APPROVED_MARKED = refused('Only an approved follow-up that has not been sent can be marked as sent by you.');
const BEING_SENT = already('This follow-up is being sent now. Nothing else was sent.');
const WAS_SENT = already('This follow-up was already sent. Nothing else was sent.');
const WAS_SAVED = already('This follow-up was already saved to your drafts. Nothing else was sent.');
const closed = (status: string) => refused(`This follow-up is ${status} and can no longer be changed.`);

/** from-status × action. Every cell is written out, so a new status or action must decide each one. */
export const TRANSITIONS: Readonly<Record<DraftStatus, Readonly<Record<DraftAction, Transition>>>> = {
  pending: {
    edit: to('pending'),
    snooze: to('snoozed'),
    dismiss: to('dismissed'),
    approve: to('approved'),
    send: APPROVE_FIRST,
    confirm_sent: NOT_WAITING,
    resend: NOT_WAITING,
    sent_by_parent: ONLY_APPROVED_MARKED,
  },
  snoozed: {
    edit: to('snoozed'),
    // A new date replaces the old one.
    snooze: to('snoozed'),
    dismiss: to('dismissed'),
    approve: to('approved'),
    send: APPROVE_FIRST,
    confirm_sent: NOT_WAITING,
    resend: NOT_WAITING,
    sent_by_parent: ONLY_APPROVED_MARKED,
  },
  approved: {
    // The approval was of the exact text: a changed text needs approving again (its Message-ID is kept).
    edit: to('pending'),
    snooze: refused('This follow-up is approved; it can no longer be snoozed. Send it, or send it yourself and press “I sent it”.'),
    dismiss: refused('This follow-up is approved; it can no longer be dismissed. Send it, or send it yourself and press “I sent it”.'),
    // Approving the same text again changes nothing; approving an edited text replaces it. Either way a send follows.
    approve: to('approved'),
    send: to('sending'),
    confirm_sent: NOT_WAITING,
    resend: NOT_WAITING,
    sent_by_parent: to('sent'),
  },
  sending: {
    edit: refused('This follow-up is being sent now and can no longer be changed.'),
    snooze: refused('This follow-up is being sent now and can no longer be snoozed.'),
    dismiss: refused('This follow-up is being sent now and can no longer be dismissed.'),
    approve: BEING_SENT,
    send: BEING_SENT,
    confirm_sent: NOT_WAITING,
    resend: NOT_WAITING,
    sent_by_parent: refused('This follow-up is being sent now; wait a moment and reload the page.'),
  },
  unconfirmed: {
    edit: refused('Please first tell us below whether this follow-up reached the school.'),
    snooze: refused('Please first tell us below whether this follow-up reached the school.'),
    dismiss: refused('Please first tell us below whether this follow-up reached the school.'),
    approve: refused('Please first tell us below whether this follow-up reached the school.'),
    send: refused('Please first tell us below whether this follow-up reached the school.'),
    confirm_sent: to('sent'),
    // Approved again: the next send is the parent's own decision, made by this answer.
    resend: to('approved'),
    // The app may have sent it already: the parent answers the question above first.
    sent_by_parent: refused('Please first tell us below whether this follow-up reached the school.'),
  },
  sent: {
    edit: closed('sent'),
    snooze: closed('sent'),
    dismiss: closed('sent'),
    approve: WAS_SENT,
    send: WAS_SENT,
    confirm_sent: already('It was already recorded as sent. Nothing else was sent.'),
    resend: closed('sent'),
    sent_by_parent: already('It was already recorded as sent. Nothing was sent by the app.'),
  },
  saved: {
    edit: refused('This follow-up is in your mailbox’s Drafts folder; change it there.'),
    snooze: closed('saved to your drafts'),
    dismiss: closed('saved to your drafts'),
    approve: WAS_SAVED,
    send: WAS_SAVED,
    confirm_sent: NOT_WAITING,
    resend: NOT_WAITING,
    sent_by_parent: refused('This follow-up is in your mailbox’s Drafts folder; send it from there.'),
  },
  dismissed: {
    edit: closed('dismissed'),
    snooze: closed('dismissed'),
    dismiss: already('It was already dismissed. Nothing was sent.'),
    approve: closed('dismissed'),
    send: closed('dismissed'),
    confirm_sent: NOT_WAITING,
    resend: closed('dismissed'),
    sent_by_parent: closed('dismissed'),
  },
};

export type Decision = { kind: 'move'; from: DraftStatus; to: DraftStatus } | { kind: 'already'; from: DraftStatus; message: string };

/** The table's answer for `action` on a draft in `from`; an illegal one throws AppError `invalid_transition`. */
export function decide(from: DraftStatus, action: DraftAction): Decision {
  const cell = TRANSITIONS[from][action];
  if ('to' in cell) return { kind: 'move', from, to: cell.to };
  if ('already' in cell) return { kind: 'already', from, message: cell.already };
  throw new AppError('invalid_transition', cell.refused);
}

/** The statuses `action` may start from (moves only): the guard of the conditional UPDATE that carries it out. */
export function fromStatuses(action: DraftAction, target?: DraftStatus): DraftStatus[] {
  return DRAFT_STATUSES.filter((s) => {
    const cell = TRANSITIONS[s][action];
    return 'to' in cell && (target === undefined || cell.to === target);
  });
}
