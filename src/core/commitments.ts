import * as chrono from 'chrono-node';
import { splitSentences } from './requests/sentences.js';
import { formatAtOffset } from './dates.js';

export interface FoundCommitment {
  text: string;
  /** Local date (the message's own offset) the school promised, inclusive. */
  dueDate: string;
}

// A promise to deliver something to the family or get back to them, by anyone at the school
// ("I'll send…", "Ms. Ruiz will have the file ready…", "it will be mailed…"). Promises to act in class
// ("I'll observe her Tuesday") are part of an answer, not a commitment to chase.
const DELIVER = "(send|have|get|bring|provide|email|e-mail|mail|share|forward|give|let you know|get back to you|call you|follow up|schedule|set up|complete|finish|prepare|deliver|update you|reach out|respond|confirm)";
const PROMISE = new RegExp(
  `\\b(?<!you )(i'?ll|i will|we'?ll|we will|(he|she|they|it|\\w+) will|(i am|i'm|we are|we're) going to|i plan to|we plan to|i expect to|we expect to) (also |then |personally |try to |be able to )?${DELIVER}\\b` +
    `|\\b(i'?ll|i will|we'?ll|we will)\\b[^.;]{0,50}\\band ${DELIVER}\\b` +
    `|\\byou (will|should|'ll) (receive|get|have|hear)\\b` +
    `|\\b(will|should) be (sent|provided|ready|mailed|emailed|available|scheduled|completed|delivered|finished)\\b`,
  'i',
);
// "…once you confirm", "…if the team agrees": not a promise with a date of its own.
const CONTINGENT = /\b(once|when|after|if|as soon as) (you|the team|we (hear|receive|get)|i (hear|receive|get))\b/i;
const CONDITIONAL = /^\s*(if|unless|once|when)\b/i;

/**
 * The school's dated promises in a reply ("I will send the schedule by Friday"). Dates resolve with
 * chrono-node relative to the message's own send time and offset, forward in time.
 */
export function findCommitments(newText: string, sentAt: string): FoundCommitment[] {
  const out: FoundCommitment[] = [];
  const ref = new Date(sentAt);
  const offset = offsetMinutes(sentAt);
  for (const s of splitSentences(newText)) {
    const t = s.text.replace(/\s+/g, ' ').trim();
    if (!PROMISE.test(t) || CONDITIONAL.test(t) || CONTINGENT.test(t) || /\?$/.test(t)) continue;
    const results = chrono.parse(t, { instant: ref, timezone: offset }, { forwardDate: true });
    const dated = results.filter((r) => !/^(now|as soon as)/i.test(r.text)).find((r) => /\b(by|before|on|no later than|until|within|next|this|end of|tomorrow|today|early|by the)\b/i.test(t.slice(Math.max(0, r.index - 20), r.index + r.text.length)) || r.start.isCertain('day') || r.start.isCertain('weekday'));
    if (!dated) continue;
    const when = (dated.end ?? dated.start).date();
    let due = formatAtOffset(when.getTime(), offset).slice(0, 10);
    // "next week" / "by the end of the week" mean the school week's last day, not its first.
    if (/\b(next|this|end of (the|this|next)) week\b/i.test(dated.text + t)) due = fridayOf(due);
    out.push({ text: t, dueDate: due });
  }
  return out;
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
