import * as chrono from 'chrono-node';
import { splitSentences } from './language/sentences.js';
import { formatAtOffset } from './dates.js';
import { clausesOf, type Clause } from './language/reply-grammar.js';
import { readReply } from './replies.js';
import { contentWords } from './reply-objects.js';
import { alternation, SCHOOL_BODIES, STAFF_ROLES } from './language/lexicon.js';

export interface FoundCommitment {
  text: string;
  /** Local date (the message's own offset) the school promised, inclusive. */
  dueDate: string;
}

// A promise to deliver something to the family or get back to them, by anyone at the school
// ("I'll send…", "Ms. Ruiz will have the file ready…", "it will be mailed…"). Promises to act in class
// ("I'll observe her Tuesday") are part of an answer, not a commitment to chase.
const DELIVER = "(send|get|bring|provide|email|e-mail|mail|share|forward|give|let you know|get back to you|call you|follow up|schedule|set up|complete|finish|prepare|deliver|update you|reach out|respond|confirm|(start|begin) (sending|sharing|providing|emailing|mailing))";
const PROMISE = new RegExp(
  `\\b(?<!you )(i'?ll|i will|we'?ll|we will|(he|she|they|it|\\w+) will|(i am|i'm|we are|we're) going to|i plan to|we plan to|i expect to|we expect to) (also |then |personally |try to |be able to )?${DELIVER}\\b` +
    `|\\b(i'?ll|i will|we'?ll|we will)\\b[^.;]{0,50}\\band ${DELIVER}\\b` +
    // "have" delivers only with a recipient or a state: "have the file ready", "have it to you".
    `|\\b(i'?ll|i will|we'?ll|we will|\\w+ will|and) (also |then )?have\\b.{0,60}\\b(to you|ready|for you|back to you|done|completed|finished)\\b` +
    `|\\byou (will|'ll) (receive|get|have|hear)\\b` +
    `|\\bwill be (sent|provided|ready|mailed|emailed|available|scheduled|completed|delivered|finished|done)\\b`,
  'i',
);
// "…once you confirm", "…if the team agrees": not a promise with a date of its own.
const CONTINGENT = /\b(once|when|after|if|as soon as) (you|the team|we (hear|receive|get)|i (hear|receive|get))\b/i;
const CONDITIONAL = /^\s*(if|unless|once|when)\b/i;
// Handing over to staff ("I'll bring this to our team on Monday") is no promise to the family.
const TO_STAFF = new RegExp(`\\b(to|with) (our|the|his|her|my) ([\\w-]+ ){0,2}(${alternation([...SCHOOL_BODIES, ...STAFF_ROLES], { plural: true })})\\b`, 'i');
const HANDS_OVER = /^(send|bring|share|forward|give|provide|get|email|mail)/;
// A date that is not the promise's deadline: a habit ("every Friday"), a start ("starting Monday"), the date
// of something else ("the February 18 meeting", "your letter dated 3/2"), or relative to another event.
const NOT_A_DEADLINE_BEFORE = /\b(every|each|starting|beginning|from|since|dated|through|thru)\s+(the\s+|this\s+|next\s+)?$/i;

/**
 * The school's dated promises in a reply ("I will send the schedule by Friday"). Each clause is read on its
 * own (reply-grammar.ts): the clause must promise a delivery and hold its own date. Dates resolve with
 * chrono-node relative to the message's own send time and offset, forward in time.
 */
export function findCommitments(newText: string, sentAt: string): FoundCommitment[] {
  const out: FoundCommitment[] = [];
  const ref = new Date(sentAt);
  const offset = offsetMinutes(sentAt);
  for (const s of splitSentences(newText)) {
    const t = s.text.replace(/\s+/g, ' ').trim();
    if (!PROMISE.test(t) || CONDITIONAL.test(t) || /\?$/.test(t) || /^this (letter |email |e-mail |message )?will confirm\b/i.test(t)) continue;
    for (const clause of clausesOf(t)) {
      const due = promisedDate(clause, ref, offset);
      if (!due) continue;
      out.push({ text: t, dueDate: due });
      break;
    }
  }
  return out;
}

function promisedDate(clause: Clause, ref: Date, offset: number): string | null {
  const c = clause.text;
  if (clause.conditional || CONTINGENT.test(c) || !PROMISE.test(c) || clause.form === 'hedged') return null;
  if (TO_STAFF.test(c) && HANDS_OVER.test(clause.verb) && !/\b(to you|with you|you (will|'ll|can))\b/.test(c)) return null;
  const results = chrono.parse(c, { instant: ref, timezone: offset }, { forwardDate: true });
  const dated = results.filter((r) => {
    if (/^(now|as soon as)/i.test(r.text) || /^the day\b/i.test(r.text)) return false;
    const before = c.slice(0, r.index);
    const after = c.slice(r.index + r.text.length);
    if (NOT_A_DEADLINE_BEFORE.test(before) || /^\s*(meeting|conference|session|iep|ard|hearing|appointment|visit|observation)\b/i.test(after)) return false;
    if (/\b(every|each)\b/i.test(before.slice(-15))) return false;
    const context = c.slice(Math.max(0, r.index - 20), r.index + r.text.length);
    return /\b(by|before|on|no later than|until|within|next|this|end of|tomorrow|today|early|by the)\b/i.test(context) || r.start.isCertain('day') || r.start.isCertain('weekday');
  });
  if (dated.length === 0) return null;
  // A deadline ("by Friday") outranks another date of the clause.
  const best = dated.find((r) => /\b(by|before|no later than|within|until)\s*(the\s+)?$/i.test(c.slice(Math.max(0, r.index - 16), r.index))) ?? dated[0]!;
  const when = (best.end ?? best.start).date();
  let due = formatAtOffset(when.getTime(), offset).slice(0, 10);
  // "next week" / "by the end of the week" mean the school week's last day, not its first.
  if (/\b(next|this|end of (the|this|next)) week\b/i.test(best.text) || (/\bweek\b/i.test(best.text) && /\bend of\b/i.test(c))) due = fridayOf(due);
  return due;
}

/**
 * A later school message keeps a promise when it hands over or schedules what was promised: its deciding
 * sentence or its attachments' names share the promise's words ("Schedule attached." with
 * speech_makeup_schedule.pdf keeps "I will send you the make-up schedule"), or it is a bare hand-over
 * ("Attached.") with nothing else said.
 */
export function keepsCommitment(promise: string, reply: { newText: string; attachmentNames: string[] }): boolean {
  const reading = readReply(reply.newText, 'information', [], { hasAttachments: reply.attachmentNames.length > 0 });
  if (reading.act !== 'provided' && reading.act !== 'scheduled') return false;
  const promised = contentWords(promise);
  const shown = contentWords([reading.evidence ?? '', ...reply.attachmentNames.map((n) => n.replace(/[_.-]+/g, ' '))].join(' '));
  // "I'll email them to you by Friday": a promise that names nothing is kept by the next hand-over.
  if (promised.size === 0 || [...shown].some((w) => promised.has(w))) return true;
  return splitSentences(reply.newText).filter((s) => s.text.split(/\s+/).length > 2).length === 0;
}

function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function fridayOf(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  const day = d.getUTCDay(); // 0 Sunday
  const delta = day === 6 ? -1 : day === 0 ? -2 : 5 - day;
  return new Date(d.getTime() + delta * 86_400_000).toISOString().slice(0, 10);
}
