/**
 * The school's requests to the parent (spec §3: "requests made by the school to the parent — those are the
 * parent's to-dos; show them separately"): "Please sign and return the consent form", "The permission slip is
 * due Friday", "Could you send us his doctor's note?". Found in a school message's new text, sentence by
 * sentence (the shared segmenter), with the date it is due when the sentence gives one (chrono-node, relative
 * to the message's own time and offset, forward). Pure.
 *
 * Not to-dos: the sign-off courtesies ("please let me know if you have any questions", "feel free to reach
 * out"), questions the school asks itself, and anything the parent is not asked to do.
 */
import * as chrono from 'chrono-node';
import { plain, splitSentences } from '../language/sentences.js';

export type SchoolAskKind = 'sign' | 'return' | 'complete' | 'send' | 'reply' | 'attend';

export interface SchoolAsk {
  /** The school's sentence, whitespace collapsed. */
  text: string;
  kind: SchoolAskKind;
  /** Local date (the message's own offset) it is due, when the sentence says. */
  dueDate: string | null;
  /** Position among the message's asks: (message, ordinal) is stable across re-reads. */
  ordinal: number;
}

const VERBS: Array<[SchoolAskKind, RegExp]> = [
  ['sign', /\b(?:sign|initial|e-?sign)\b/i],
  ['return', /\b(?:return|turn in|hand in|drop off|send back|bring back)\b/i],
  ['complete', /\b(?:complete|fill out|fill in|finish)\b/i],
  ['send', /\b(?:send|email|e-mail|upload|bring|provide|share|submit|forward|mail)\b/i],
  ['attend', /\b(?:attend|come (?:in|to|by)|join us|be there|pick up)\b/i],
  ['reply', /\b(?:let (?:me|us) know|confirm|rsvp|reply|respond|tell (?:me|us)|choose|pick|select)\b/i],
];

// The ask is addressed to the parent: an imperative opening, a polite request to "you", or a need stated.
const ADDRESSED =
  /^(?:(?:hi|hello|also|and|so|just|finally|lastly|again)[,\s]+)*(?:please\b|kindly\b|could you\b|can you\b|would you\b|will you\b|we need you to\b|i need you to\b|we'?d like you to\b|you(?:'ll| will)? need to\b|you must\b|don'?t forget to\b|remember to\b|be sure to\b|make sure (?:to|you)\b|(?:sign|return|complete|fill out|send|bring|submit|email|upload|rsvp|initial)\b)/i;
// Later in the sentence: "…, please sign and return it by Friday."
const POLITE_LATER = /[,;:]\s*(?:please|kindly)\s+(?:sign|return|complete|fill|send|bring|submit|email|upload|let us know|confirm|rsvp)\b/i;
// "The permission slip is due Friday." — a paper of the parent's, stated as due.
const PAPER_DUE = /\b(?:permission slips?|consent(?: forms?)?|forms?|paperwork|packets?|questionnaires?|surveys?|releases?|authori[sz]ations?|applications?|registration)\b[^.?!]{0,40}\b(?:is|are)\s+due\b/i;
// The courtesies at the end of a school message, and offers rather than asks.
const COURTESY =
  /\b(?:if you have (?:any )?(?:other |further |more )?(?:questions|concerns|thoughts)|any (?:questions|concerns)|feel free|don'?t hesitate|do not hesitate|if (?:you )?(?:need|want) (?:anything|more|help)|if there is anything|happy to (?:help|answer|talk)|let (?:me|us) know if (?:you|there)|have a (?:great|good|nice|wonderful))\b/i;
// A paper, a piece of information or a presence the parent is asked for (keeps "please note…" out).
const OBJECT =
  /\b(?:forms?|consent|permission|slips?|paperwork|packets?|questionnaires?|surveys?|releases?|authori[sz]ations?|signatures?|documents?|copy|copies|note|records?|report|availability|times?|dates?|meeting|conference|schedule|invitation|agreement|plan|page|it|them|this|these|back)\b/i;

export function findSchoolAsks(newText: string, sentAt: string): SchoolAsk[] {
  const out: SchoolAsk[] = [];
  const ref = new Date(sentAt);
  const offset = offsetMinutes(sentAt);
  for (const s of splitSentences(newText)) {
    const t = plain(s.text).replace(/\s+/g, ' ').trim();
    if (t.length < 8 || t.length > 400) continue;
    if (COURTESY.test(t)) continue;
    const addressed = ADDRESSED.test(t) || POLITE_LATER.test(t);
    const paperDue = PAPER_DUE.test(t);
    if (!addressed && !paperDue) continue;
    if (!OBJECT.test(t)) continue;
    const kind = paperDue && !addressed ? 'return' : (VERBS.find(([, re]) => re.test(t))?.[0] ?? null);
    if (!kind) continue;
    out.push({ text: t, kind, dueDate: dueOf(t, ref, offset), ordinal: out.length });
  }
  return out;
}

function dueOf(sentence: string, ref: Date, offset: number): string | null {
  const results = chrono.parse(sentence, { instant: ref, timezone: offset }, { forwardDate: true });
  const dated = results.find((r) => /\b(?:by|before|on|no later than|until|due|this|next|tomorrow|today)\b/i.test(sentence.slice(Math.max(0, r.index - 16), r.index + r.text.length)) || r.start.isCertain('day') || r.start.isCertain('weekday'));
  if (!dated) return null;
  const when = (dated.end ?? dated.start).date();
  return new Date(when.getTime() + offset * 60_000).toISOString().slice(0, 10);
}

function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
