/**
 * Process-clock events read from one message (product spec §5): the parent returns signed consent, the school
 * confirms it has it, the school states an eligibility decision, sends the evaluation report, or schedules the
 * IEP meeting. A sentence is an event when its slots are filled from the word lists (lexicon.ts) — the act,
 * what it acts on, who says it (the message's side) — and it is not negated, asked, conditional or still to
 * come. Sentences come from the request detector's splitter for now; a sentence analysis (src/core/language)
 * can replace `sentencesOf` without touching the rest.
 */
import * as chrono from 'chrono-node';
import type { AttachmentMeta } from '../types.js';
import { splitSentences } from '../language/sentences.js';
import { localDateOf } from '../deadlines/index.js';
import { LEXICON, type LexiconSlot } from './lexicon.js';

export type ClockEventType = 'consent' | 'eligible' | 'not_eligible' | 'report' | 'meeting_scheduled';

export interface ClockEvent {
  type: ClockEventType;
  messageId: string;
  sentAt: string;
  /** The sentence (or attachment name) the event was read from. */
  evidence: string;
  /** Consent that went back by another channel (backpack, office, mail): its receipt date is an estimate. */
  estimated?: boolean;
  /** meeting_scheduled: the meeting's local date. */
  meetingDate?: string;
}

export interface EventMessage {
  messageId: string;
  side: 'parent' | 'school';
  sentAt: string;
  newText: string;
  attachments: AttachmentMeta[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function compile(phrases: readonly string[]): RegExp {
  const alts = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => {
      const wild = p.endsWith('*');
      const body = escape(wild ? p.slice(0, -1) : p).replace(/ /g, '\\s+');
      // Phrases that start or end with a non-word character (n't, 'll) need no word boundary on that side.
      const left = /^\w/.test(p) ? '\\b' : '';
      const right = wild ? '\\w*' : /\w$/.test(p) ? '\\b' : '';
      return `${left}${body}${right}`;
    });
  return new RegExp(`(?:${alts.join('|')})`, 'i');
}
const SLOTS = Object.fromEntries(Object.entries(LEXICON).map(([k, v]) => [k, compile(v)])) as Record<LexiconSlot, RegExp>;
const has = (slot: LexiconSlot, text: string) => SLOTS[slot].test(text);

const NOT_EVALUATION_REPORT = /\b(progress|report card|incident|attendance|behavior|grade)\s*report|\breport cards?\b/i;
const EVALUATION_CONTEXT = /\b(evaluat\w*|assess\w*|testing|psych\w*|eligib\w*)\b/i;
const CONSENT_FILE = /(consent|permission|pte|assessment[ _-]?plan|signed)/i;
const REPORT_FILE = /(evaluation|assessment|psych|report|etr|fiie?)\b/i;

function sentencesOf(text: string): string[] {
  return splitSentences(text).map((s) => s.text.replace(/\s+/g, ' ').trim());
}

function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** A plain statement: not a question, not asked for, not only possible. */
// "Please find attached" hands something over; it does not ask for anything.
const factual = (s: string) => !/\?\s*$/.test(s) && !has('irrealis', s.replace(/\bplease (?:find|see)\b/gi, 'find'));

/** The events one message holds, in sentence order (at most one of each type). */
export function detectClockEvents(m: EventMessage, timezone: string): ClockEvent[] {
  const out: ClockEvent[] = [];
  const add = (e: Omit<ClockEvent, 'messageId' | 'sentAt'>) => {
    if (!out.some((o) => o.type === e.type)) out.push({ ...e, messageId: m.messageId, sentAt: m.sentAt });
  };
  const sentences = sentencesOf(m.newText);
  const evaluationContext = EVALUATION_CONTEXT.test(m.newText);

  for (const s of sentences) {
    if (!factual(s)) continue;
    const negated = has('negation', s);
    if (m.side === 'parent') {
      if (has('consentObject', s) && (has('returnAct', s) || has('inMailAct', s)) && !negated && !has('future', s)) {
        const inMail = has('inMailAct', s) && m.attachments.length > 0;
        add({ type: 'consent', evidence: s, estimated: !inMail || has('otherChannel', s) });
      }
      continue;
    }
    if (has('consentObject', s) && has('receiptAct', s) && !negated) add({ type: 'consent', evidence: s, estimated: false });
    if (has('eligibleWord', s) && has('decisionAct', s)) {
      add({ type: has('ineligible', s) ? 'not_eligible' : 'eligible', evidence: s });
    }
    // A bare "report" is the evaluation's only when the message is about the evaluation.
    if (has('reportObject', s) && has('provideAct', s) && !negated && evaluationContext && !NOT_EVALUATION_REPORT.test(s)) add({ type: 'report', evidence: s });
    if (has('meetingObject', s) && has('scheduleAct', s) && !negated) {
      const date = meetingDateIn(s, m.sentAt, timezone);
      if (date) add({ type: 'meeting_scheduled', evidence: s, meetingDate: date });
    }
  }

  // A reply carrying the signed form, or the school's report as a file.
  for (const a of m.attachments) {
    const name = a.filename ?? '';
    if (m.side === 'parent' && CONSENT_FILE.test(name)) add({ type: 'consent', evidence: name, estimated: false });
    if (m.side === 'school' && REPORT_FILE.test(name) && !NOT_EVALUATION_REPORT.test(name) && evaluationContext) add({ type: 'report', evidence: name });
  }
  return out;
}

/** The local date of the meeting a sentence names, parsed relative to the message (forward in time). */
export function meetingDateIn(sentence: string, sentAt: string, timezone: string): string | null {
  const results = chrono.parse(sentence, { instant: new Date(sentAt), timezone: offsetMinutes(sentAt) }, { forwardDate: true });
  const dated = results.find((r) => r.start.isCertain('day') || r.start.isCertain('weekday'));
  return dated ? localDateOf(dated.start.date().getTime(), timezone) : null;
}
