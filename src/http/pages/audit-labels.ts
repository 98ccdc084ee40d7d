/**
 * Audit events in words a parent reads (the Record page, a draft's history): "You approved the follow-up",
 * never `draft.approved`. An action this table does not know still reads as a sentence, built from its name.
 */
import type { auditEvents } from '../../db/schema.js';

type AuditRow = Pick<typeof auditEvents.$inferSelect, 'action' | 'actor' | 'data'> & { subjectId?: string | null };

const KIND_WORD: Record<string, string> = {
  meeting: 'meeting',
  evaluation: 'evaluation',
  iee: 'independent evaluation',
  records: 'records',
  progress: 'progress data',
  pwn: 'prior written notice',
  services: 'services',
  accommodations: 'accommodations',
  information: 'question',
};

const STATUS_WORD: Record<string, string> = {
  awaiting: 'waiting for an answer',
  acknowledged: 'acknowledged, not yet answered',
  answered: 'answered',
  overdue: 'overdue',
  resolved: 'resolved',
};

const FIELD_WORD: Record<string, string> = { resolved: 'resolved', notARequest: '“not a request”', kind: 'the kind', dueDate: 'the due date' };

function who(actor: string): string {
  if (actor.startsWith('parent:')) return 'You';
  if (actor.startsWith('advocate:')) return 'Your advocate';
  return 'Followthrough';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Who did it, for the Record's "Who" column. */
export function actorName(actor: string): string {
  return who(actor) === 'Followthrough' ? 'Followthrough (automatic)' : who(actor);
}

/** One sentence for one event. */
export function describeEvent(e: AuditRow): string {
  const by = who(e.actor);
  const d = (e.data ?? {}) as Record<string, unknown>;
  const kind = str(d['kind']);
  switch (e.action) {
    case 'request.detected':
      return `Found a ${kind ? `${KIND_WORD[kind] ?? kind} ` : ''}request in your email`;
    case 'request.status_changed': {
      const to = str(d['to']);
      return `A request is now ${to ? (STATUS_WORD[to] ?? to.replace(/_/g, ' ')) : 'in a new state'}`;
    }
    case 'request.override': {
      const field = str(d['field']);
      if (field === 'resolved') return d['to'] ? `${by} marked a request resolved` : `${by} reopened a request`;
      if (field === 'notARequest') return d['to'] ? `${by} marked a sentence as not a request` : `${by} marked a sentence as a request again`;
      if (field === 'dueDate') return d['to'] ? `${by} set your own due date (${String(d['to'])}); the legal date stays on record` : `${by} removed your own due date`;
      return `${by} changed ${field ? (FIELD_WORD[field] ?? field) : 'a request'}`;
    }
    case 'request.joined':
      return d['kept'] === e.subjectId
        ? `${by} said a second request is the same as this one; it is now part of this request’s history`
        : `${by} said this is the same request as an earlier one; it is now part of that request, and its unsent follow-ups were withdrawn`;
    case 'request.split':
      return d['kept'] === e.subjectId ? `${by} split a joined request back into its own request` : `${by} made this its own request again`;
    case 'draft.created':
      return 'Wrote a follow-up draft for you to review';
    case 'draft.edited':
      return `${by} edited the follow-up`;
    case 'draft.approved':
      return `${by} approved the follow-up`;
    case 'draft.sending':
      return 'Started sending the follow-up';
    case 'draft.sent':
      return 'The follow-up was sent from your mailbox';
    case 'draft.saved':
      return 'The follow-up was saved to your mailbox’s Drafts folder';
    case 'draft.send_failed':
      return 'Sending the follow-up failed; nothing went out';
    case 'draft.send_unconfirmed':
      return d['errorKind'] === 'mailbox_disconnected'
        ? 'The mailbox was disconnected while the follow-up was being sent; we could not confirm it went out and asked you to check your Sent folder'
        : 'Sending was interrupted; we asked you to check your Sent folder';
    case 'draft.send_recheck':
      return 'The mailbox is connected again; we are looking in its Sent folder for the interrupted follow-up';
    case 'draft.sent_confirmed_by_parent':
      return `${by} confirmed the follow-up is in your Sent folder`;
    case 'draft.resend_approved_by_parent':
      return `${by} asked to send the follow-up again`;
    case 'draft.snoozed':
      return `${by} snoozed the follow-up${str(d['until']) ? ` until ${String(d['until'])}` : ''}`;
    case 'draft.dismissed':
      return d['reason'] === 'joined' ? `${by} joined its request to an earlier one, so this follow-up was withdrawn; nothing was sent` : `${by} dismissed the follow-up; nothing was sent`;
    case 'draft.llm_rewritten':
      return 'Smoothed the wording of the follow-up (every fact kept)';
    case 'draft.llm_rejected':
      return 'Kept the plain wording of the follow-up (a rewrite changed a fact)';
    case 'ladder.started':
      return 'Started a follow-up plan for an overdue request';
    case 'ladder.step_drafted':
      return d['step'] ? `Wrote step ${String(d['step'])} of the follow-up plan for you to review` : 'Wrote the next step of the follow-up plan for you to review';
    case 'ladder.step_withheld':
      return 'Held back a step of the follow-up plan: its wording did not pass our calm-tone checks';
    case 'ladder.step_skipped':
      return `${by} skipped a step of the follow-up plan`;
    case 'ladder.paused':
      return 'Paused the follow-up plan: the school wrote back';
    case 'ladder.done':
      return 'The follow-up plan finished';
    case 'ladder.stopped':
      return `${by} stopped the follow-up plan`;
    case 'ladder.restarted':
      return `${by} restarted the follow-up plan`;
    case 'todo.done':
      return `${by} marked something the school asked of you as done`;
    case 'todo.reopened':
      return `${by} reopened something the school asked of you`;
    case 'request.marked':
      return `${by} marked a sentence of your email as a request`;
    case 'account.created':
      return `${by} created the account`;
    case 'account.demo_created':
      return 'Created the demo family';
    case 'account.signed_in':
      return `${by} signed in`;
    case 'account.email_verified':
      return `${by} confirmed the email address`;
    case 'account.password_reset':
      return `${by} reset the password`;
    case 'account.exported':
      return `${by} downloaded all your data`;
    case 'child.created':
      return `${by} added a child`;
    case 'child.updated':
      return `${by} updated a child’s details`;
    case 'iep.uploaded':
      return `${by} uploaded an IEP or 504 plan`;
    case 'mailbox.imported':
      return `${by} imported a mailbox file`;
    case 'mailbox.connected':
      return `${by} connected a mailbox`;
    case 'mailbox.reconnected':
      return `${by} reconnected a mailbox`;
    case 'mailbox.disconnected':
      return `${by} disconnected a mailbox`;
    case 'mailbox.synced':
      return 'Read new school email';
    case 'mailbox.needs_reconnect':
      return 'A mailbox stopped syncing and needs reconnecting';
    case 'reminder.key_date':
      return 'Reminded you of an IEP key date';
    default: {
      const [area, verb] = e.action.split('.');
      const words = `${(verb ?? '').replace(/_/g, ' ')} (${(area ?? '').replace(/_/g, ' ')})`.trim();
      return `${by}: ${words}`;
    }
  }
}
