/**
 * The follow-up for an overdue process clock (product spec §5–6): calm, factual, one concrete ask with a
 * respond-by date, the rule cited when the parent allows it, in the thread that started the clock. Kept apart
 * from the request drafter so the analysis and the service's daily drafting both call this one function.
 * `clockDraftFacts` gives the facts the shared draft rules (draft-rules.ts) check it against.
 */
import type { Draft, DraftInput } from '../drafting.js';
import { formatLongDate, replySubject } from '../drafting.js';
import type { ProcessClock } from './compute.js';

export interface ClockDraftInput {
  clock: ProcessClock;
  /** The thread to reply in; when the parent entered the date and no thread exists, the latest school thread. */
  thread: { subject: string; lastMessageId: string; references: string[] };
  to: string[];
  cc: string[];
  childName: string | null;
  parentName: string | null;
  citeLaw: boolean;
  /** YYYY-MM-DD, 5 business days after the draft (computed by the caller). */
  respondBy: string;
  timezone: string;
}

export interface ClockDraft extends Omit<Draft, 'requestId'> {
  clockId: string;
}

/** The facts of the draft in the shape the draft rules read (the clock stands where the request would). */
export function clockDraftFacts(input: ClockDraftInput): DraftInput {
  const c = input.clock;
  return {
    request: {
      id: c.id,
      kind: c.kind === 'evaluation-completion' ? 'evaluation' : 'meeting',
      evidence: '',
      // Noon UTC of the start date keeps the same local date in every US zone.
      sentAt: `${c.startDate}T12:00:00Z`,
      subject: input.thread.subject,
    },
    thread: { lastMessageId: input.thread.lastMessageId, references: input.thread.references },
    to: input.to,
    cc: input.cc,
    childName: input.childName,
    parentName: input.parentName,
    provision: null,
    rule: c.ruleRow,
    citeLaw: input.citeLaw,
    dueDate: c.dueDate,
    respondBy: input.respondBy,
    timezone: input.timezone,
    status: 'overdue',
  };
}

const FROM: Record<ProcessClock['startEvent'], string> = {
  consent: 'of receiving consent',
  referral: 'of the referral',
  eligibility: 'of the eligibility decision',
  evaluation_report: 'of the evaluation report',
};

function lawSentence(c: ProcessClock): string {
  const unit = c.ruleRow.unit.replace('_', ' ');
  const what = c.kind === 'evaluation-completion' ? 'the evaluation is due' : 'the meeting to develop the IEP is due';
  // The rule's own start, even when this clock had to start elsewhere (a referral rule without the referral in the mail).
  return `Under ${c.ruleRow.citation}, ${what} within ${c.ruleRow.days} ${unit} ${FROM[c.ruleRow.startEvent ?? c.startEvent]}.`;
}

export function draftClockFollowUp(input: ClockDraftInput): ClockDraft {
  const c = input.clock;
  const child = input.childName?.trim() || null;
  const owner = child ? `${child}'s` : 'my child’s';
  const start = formatLongDate(c.startDate);
  const due = formatLongDate(c.dueDate);
  const by = formatLongDate(input.respondBy);
  const paragraphs = ['Hello,'];
  if (c.kind === 'evaluation-completion') {
    const began = c.startEvent === 'referral' ? `I asked in writing for ${owner} evaluation on ${start}.` : `The signed consent for ${owner} evaluation was returned on ${start}.`;
    paragraphs.push(`${began} By my count the evaluation was due by ${due}, and I have not yet received the evaluation report or an eligibility decision.`);
    if (input.citeLaw) paragraphs.push(lawSentence(c));
    paragraphs.push(`Please send me the evaluation report and the date of the eligibility meeting in writing by ${by}, or prior written notice explaining the delay.`);
  } else {
    const what = c.startEvent === 'evaluation_report' ? 'the evaluation report' : 'the eligibility decision';
    paragraphs.push(`I received ${what} for ${child ?? 'my child'} on ${start}. By my count the meeting to develop the IEP was due by ${due}, and I have not yet received a meeting date.`);
    if (input.citeLaw) paragraphs.push(lawSentence(c));
    paragraphs.push(`Please send me a written notice of the IEP meeting date by ${by}, or prior written notice explaining the delay.`);
  }
  const name = input.parentName?.trim();
  paragraphs.push(name ? `Thank you,\n${name}` : 'Thank you.');
  const body = paragraphs.join('\n\n');
  const references = [...new Set(input.thread.references.filter((r) => r && r !== input.thread.lastMessageId)), input.thread.lastMessageId];
  const seen = new Set<string>();
  const uniq = (list: string[]) => list.filter((a) => { const k = a.trim().toLowerCase(); if (!k || seen.has(k)) return false; seen.add(k); return true; });
  const to = uniq(input.to);
  const cc = uniq(input.cc);
  return { clockId: c.id, inReplyTo: input.thread.lastMessageId, references, to, cc, subject: replySubject(input.thread.subject), body };
}
