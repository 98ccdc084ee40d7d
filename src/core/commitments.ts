import * as chrono from 'chrono-node';
import { splitSentences } from './language/sentences.js';
import { formatAtOffset } from './dates.js';
import { clausesOf, prepareClauses, type Clause } from './language/reply-grammar.js';
import { readReply } from './replies.js';
import { sentenceAct } from './language/reply-acts.js';
import { COMMUNICATE_VERB, DELIBERATE_VERB, GRANT_VERB, isVerbOf, PREPARE_VERB, PROVIDE_VERB, REFUSAL_VERB, STARTING_ON } from './language/reply-lexicon.js';
import { contentWords } from './reply-objects.js';
import { alternation, SCHOOL_BODIES, STAFF_ROLES } from './language/lexicon.js';
import { speaksOfServiceOrAid } from './language/kind-words.js';

export interface FoundCommitment {
  text: string;
  /** Local date (the message's own offset) the school promised, inclusive. */
  dueDate: string;
}

// A dated promise is read from each clause's grammar (reply-grammar.ts): a future or intended act, not
// negated and not held on another event, by someone at the school (named, with a role or an appositive:
// "Our new OT, Ms. Ibarra, will send…"), or "you will receive…". Its verb, or one coordinated with it
// ("will look at it and have a plan to you"), must deliver something to the family or get back to them:
// hand over, tell, prepare or decide, or make sure of an outcome ("I will make sure the form goes home").
// Promises to act in class ("I'll observe her Tuesday") are part of an answer, not a commitment to chase.
const OUTCOME = /^(make sure|make certain|ensure|see to it)$/;
const DECIDE = new RegExp(`${GRANT_VERB.source}|${REFUSAL_VERB.source}`);
const DELIVERY_CLASSES = [PROVIDE_VERB, COMMUNICATE_VERB, PREPARE_VERB, DELIBERATE_VERB, DECIDE];
// Quick cues that a sentence may hold a dated promise at all (most school sentences do not: no tagging for them).
const FUTURE_CUE = /\b(will|shall|'ll|ll|going to|gonna|plan|plans|planning|expect|expects|intend|intends|hope|hopes|like to|starting|beginning)\b/i;
const DATE_CUE = /\d|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(tomorrow|today|tonight|week|month|end of|noon|morning|afternoon|evening)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
// "…once you confirm", "…if the team agrees": not a promise with a date of its own.
const CONTINGENT = /\b(once|when|after|if|as soon as) (you|the team|we (hear|receive|get)|i (hear|receive|get))\b/i;
// Handing over to staff ("I'll bring this to our team on Monday") is no promise to the family.
const TO_STAFF = new RegExp(`\\b(to|with) (our|the|his|her|my) ([\\w-]+ ){0,2}(${alternation([...SCHOOL_BODIES, ...STAFF_ROLES], { plural: true })})\\b`, 'i');
const HANDS_OVER = /^(send|bring|share|forward|give|provide|get|email|mail)/;
// A habit ("every Friday", "twice a week"): its start date is no deadline.
const HABIT = /\b(every|each|daily|weekly|nightly|twice|(a|per) (day|week))\b/i;
// A date that is not the promise's deadline: a start of a habit, the date of something else ("the February
// 18 meeting", "your letter dated 3/2"), or relative to another event.
const NOT_A_DEADLINE_BEFORE = /\b(every|each|from|since|dated|through|thru)\s+(the\s+|this\s+|next\s+)?$/i;
const STARTING_BEFORE = /\b(starting|beginning)\s+(on\s+|the\s+|this\s+|next\s+)?$/i;

/**
 * The school's dated promises in a reply ("I will send the schedule by Friday"). Each clause is read on its
 * own (reply-grammar.ts): the clause must promise a delivery and hold its own date. A promise after a
 * condition ("If the team agrees, I will…") holds on that event, not on a date. Dates resolve with
 * chrono-node relative to the message's own send time and offset, forward in time.
 */
export function findCommitments(newText: string, sentAt: string): FoundCommitment[] {
  const out: FoundCommitment[] = [];
  const ref = new Date(sentAt);
  const offset = offsetMinutes(sentAt);
  const candidates = splitSentences(newText)
    .map((s) => s.text.replace(/\s+/g, ' ').trim())
    .filter((t) => FUTURE_CUE.test(t) && DATE_CUE.test(t) && !/\?$/.test(t) && !/^this (letter |email |e-mail |message )?will confirm\b/i.test(t) && (mayDeliver(t) || aboutTheService(t)));
  // One call of the tagger for the reply's candidates, not one a sentence.
  prepareClauses(candidates);
  for (const t of candidates) {
    const clauses = clausesOf(t);
    for (const [i, clause] of clauses.entries()) {
      if (clauses.slice(0, i).some((c) => c.conditional)) break;
      const from = deliveryAt(clause);
      // A delivery's date first; a service act ("will be provided … starting tomorrow") is due the day it starts.
      const due = (from >= 0 ? promisedDate(clause, from, ref, offset) : null) ?? (servesOnADate(clause, t) ? serviceDay(clause, t, ref, offset) : null);
      if (!due) continue;
      out.push({ text: t, dueDate: due });
      break;
    }
  }
  return out;
}

/**
 * A word of the sentence can be a delivering verb (`delivers` below, in any written form): the grammar, which
 * costs a tagging, reads only such sentences. Looser than the rule it stands for, never stricter.
 */
function mayDeliver(sentence: string): boolean {
  const words = sentence.toLowerCase().replace(/[’‘]/g, "'").split(/[^a-z'-]+/);
  return words.some((w, i) => {
    if (!w) return false;
    const pair = words[i + 1] ? `${w} ${words[i + 1]}` : w;
    return DELIVERY_CLASSES.some((verbClass) => isVerbOf(verbClass, w) || isVerbOf(verbClass, pair)) || /^(sure|certain|ensure|ensures|ready|available|done|completed|finished|receive|hear)$/.test(w);
  });
}

// Spec §5 makes every dated promise of the school a commitment, and the promises an IEP is about are the service
// itself: a dated start, resumption, make-up run, schedule change or fix of a service or an accommodation ("speech
// resumes Monday, November 16", "Mrs. Fagan will add a third session beginning March 10", "the vest will be
// installed on his bus tomorrow"), also in a sentence that answers the request (labelling guide D1). A meeting, a
// test or retake time and an evaluation's dates are not (D2): the date is the answer, or the school's own work.
const NOT_A_SERVICE_DATE = /\b(meet|meeting|conference|call|retakes?|re-take|observe|observation|evaluation|assessment|screening|testing|test)\b/i;
const aboutTheService = (sentence: string) => speaksOfServiceOrAid(sentence) && !NOT_A_SERVICE_DATE.test(sentence);

/** A future or intended act, not negated and not held on another event: what a promise is made of. */
function promisedAct(c: Clause): boolean {
  if (c.conditional || c.negative || CONTINGENT.test(c.text)) return false;
  return c.form === 'future' || (c.intended && c.form !== 'past' && c.form !== 'perfect');
}

/** A promised act of the school on the service or the accommodation itself. */
function servesOnADate(c: Clause, sentence: string): boolean {
  // The tagger sometimes takes an opening "Starting Monday" for the clause's verb.
  const opened = STARTING_ON.exec(c.text)?.index === 0 && /\b(will|'ll)\b/.test(c.text) && !c.negative && !c.conditional;
  // "Malik is on route 42 starting Thursday", "I'm adding him to my Thursday group starting March 5": an arrangement
  // told in the present with the day it starts promises that day.
  const startsNow = STARTING_ON.test(sentence) && (c.form === 'present' || c.form === 'progressive') && !c.negative && !c.conditional && !CONTINGENT.test(c.text);
  if (!opened && !startsNow && (!promisedAct(c) || c.actor === 'none')) return false;
  if (c.actor === 'parent') return false;
  // Talking it over or checking on it is no act on the service ("I'll talk to Mr. Kessler about the audiobook this week").
  if (isVerbOf(DELIBERATE_VERB, c.verb) || /^(talk|speak|ask|check|look|find|call|email|tell|let)$/.test(c.verb)) return false;
  return aboutTheService(sentence) && aboutTheService(c.text);
}

/**
 * The day a service act is due: its clause's date, else, when the start is told after a list's commas or in an
 * opening phrase ("Starting tomorrow, the aide will…"), outside the clause the grammar cut, the sentence's.
 */
function serviceDay(clause: Clause, sentence: string, ref: Date, offset: number): string | null {
  return promisedDate(clause, 0, ref, offset, true) ?? (STARTING_ON.test(sentence) ? promisedDate({ ...clause, text: sentence.toLowerCase() }, 0, ref, offset, true) : null);
}

/** The clause promises to deliver something to the family or get back to them. */
export function promisesDelivery(c: Clause): boolean {
  return deliveryAt(c) >= 0;
}

/**
 * Where, in the clause's text, the promised delivery is told: 0 when the main verb delivers, the position of
 * a coordinated verb that does ("I'll ask Mr. Lee tomorrow and let you know": the date must follow "let"),
 * -1 when the clause promises the family nothing.
 */
function deliveryAt(c: Clause): number {
  if (!promisedAct(c)) return -1;
  if (c.actor === 'parent') return /^(receive|get|have|hear)$/.test(c.verb) ? 0 : -1;
  if (delivers(c, c.verb)) return 0;
  for (const verb of c.also) {
    if (!delivers(c, verb)) continue;
    const at = c.text.search(new RegExp(`\\b(and|or) (\\w+ )?${verb.split(' ')[0]}\\b`));
    if (at >= 0) return at;
  }
  return -1;
}

function delivers(c: Clause, verb: string): boolean {
  // "I'll have Ms. Arce call you by Wednesday": the causative's act is the bare verb after its person.
  if (verb === 'have') return /\bhave\b.{0,60}\b(to you|ready|for you|back to you|done|completed|finished)\b/.test(c.text) || CAUSED_DELIVERY.test(c.text);
  if (verb === 'be') return /\bbe (ready|available|done|completed|finished)\b/.test(c.text);
  // An outcome reaches the family ("the form goes home", "you receive it"), not "the right person".
  if (OUTCOME.test(verb)) return /\b(you|your|home)\b/.test(c.text);
  // A meeting with a time is scheduled, not promised; talking it over with the family is promised.
  if (isVerbOf(DELIBERATE_VERB, verb)) return !/^meet/.test(verb) && new RegExp(`\\b${verb.split(' ')[0]}\\w* (\\w+ ){0,2}(with|to) you\\b`).test(c.text);
  // Preparing is done to things ("Ms. Carr will pull him for reading" does the service to the child);
  // "begin the FBA" starts the school's own work (start + -ing is read through its complement by the grammar).
  if (isVerbOf(PREPARE_VERB, verb)) return !/^(start|begin|plan)/.test(verb) && !new RegExp(`\\b${verb.split(' ')[0]}( \\w+)? (him|her|them)\\b`).test(c.text);
  return isVerbOf(PROVIDE_VERB, verb) || isVerbOf(COMMUNICATE_VERB, verb) || isVerbOf(DECIDE, verb);
}

const CAUSED_DELIVERY = /\bhave (the |our |his |her )?([\w.'-]+ ){1,3}?(call|phone|email|e-mail|text|contact|reach out to|get back to|send|mail|bring) (you|it|them|the|a|an|his|her|those|that|this)\b/;

/** The date a clause promises; for a service act (`service`), the day it starts ("from March 4 through 25": March 4). */
function promisedDate(clause: Clause, from: number, ref: Date, offset: number, service = false): string | null {
  const c = clause.text;
  if (TO_STAFF.test(c) && HANDS_OVER.test(clause.verb) && !/\b(to you|with you|you (will|'ll|can))\b/.test(c)) return null;
  const results = [...chrono.parse(c, { instant: ref, timezone: offset }, { forwardDate: true }), ...ordinalDays(c, ref, offset)].filter((r) => r.index >= from);
  const dated = results.filter((r) => {
    if (/^(now|as soon as)/i.test(r.text) || /^the day\b/i.test(r.text)) return false;
    const before = c.slice(0, r.index);
    const after = c.slice(r.index + r.text.length);
    // "I will send home the shortened version starting Monday": the first delivery is the date, unless it starts a habit.
    if (!service && STARTING_BEFORE.test(before) && HABIT.test(c)) return false;
    if ((service ? /\b(since|dated|through|thru)\s+(the\s+)?$/i.test(before) : NOT_A_DEADLINE_BEFORE.test(before)) || /^\s*(meeting|conference|session|iep|ard|hearing|appointment|visit|observation)\b/i.test(after)) return false;
    if (/\b(every|each)\b/i.test(before.slice(-15))) return false;
    const context = c.slice(Math.max(0, r.index - 20), r.index + r.text.length);
    return /\b(by|before|on|no later than|until|within|next|this|end of|tomorrow|today|early|by the|starting|beginning)\b/i.test(context) || r.start.isCertain('day') || r.start.isCertain('weekday');
  });
  if (dated.length === 0) return null;
  if (service) return serviceStart(dated, c, ref, offset);
  const deadline = dated.find((r) => /\b(by|before|no later than|within|until)\s*(the\s+)?$/i.test(c.slice(Math.max(0, r.index - 16), r.index))) ?? dated[0]!;
  // "by Wednesday the 14th": a weekday named with its day of the month is that day, not the next such weekday.
  const end = deadline.index + deadline.text.length;
  const best = (/\b[a-z]+day\W*$/i.test(deadline.text) && dated.find((o) => o.index >= end && /^the \d/.test(o.text) && /^[,\s]*$/.test(c.slice(end, o.index)))) || deadline;
  const when = (best.end ?? best.start).date();
  let due = formatAtOffset(when.getTime(), offset).slice(0, 10);
  // "beginning Monday" written on a Monday is next Monday: a weekday alone never names the day it is written on.
  const sentDay = formatAtOffset(ref.getTime(), offset).slice(0, 10);
  if (due === sentDay && !best.end && best.start.isCertain('weekday') && !best.start.isCertain('day')) due = addDays(due, 7);
  // "next week" / "by the end of the week" mean the school week's last day, not its first.
  if (/\b(next|this|end of (the|this|next)) week\b/i.test(best.text) || (/\bweek\b/i.test(best.text) && /\bend of\b/i.test(c))) due = fridayOf(due);
  return due;
}

/**
 * The day a service act starts: the date after "starting", "beginning", "from" or "on" if there is one, else the
 * first date, and the start of a range ("from March 4 through 25"). A weekday in the plural ("on Thursdays") is the
 * habit, and a time alone ("picked up at 7:50") names no day.
 */
function serviceStart(dated: chrono.ParsedResult[], c: string, ref: Date, offset: number): string | null {
  const days = dated.filter((r) => c[r.index + r.text.length] !== 's' && (r.start.isCertain('day') || r.start.isCertain('weekday') || /\b(tomorrow|today|week|month)\b/i.test(r.text)));
  const start = days.find((r) => /\b(starting|beginning|from|on|as of)\s+(the\s+|this\s+|next\s+)?$/i.test(c.slice(Math.max(0, r.index - 16), r.index))) ?? days[0];
  if (!start) return null;
  let due = formatAtOffset(start.start.date().getTime(), offset).slice(0, 10);
  const sentDay = formatAtOffset(ref.getTime(), offset).slice(0, 10);
  if (due === sentDay && start.start.isCertain('weekday') && !start.start.isCertain('day')) due = addDays(due, 7);
  if (/\bnext week\b/i.test(start.text)) due = mondayOf(due);
  // "Starting today", or a time of the day it is written: nothing is left to wait for (labelling guide D2).
  return due > sentDay ? due : null;
}

/**
 * A later school message keeps a promise when it hands over or schedules what was promised: its deciding
 * sentence or its attachments' names share the promise's words ("Schedule attached." with
 * speech_makeup_schedule.pdf keeps "I will send you the make-up schedule"), or it is a bare hand-over
 * ("Attached.") with nothing else said.
 */
export function keepsCommitment(promise: string, reply: { newText: string; attachmentNames: string[]; subject?: string; fromName?: string }, opts: { mustName?: boolean } = {}): boolean {
  const reading = readReply(reply.newText, 'information', [], { hasAttachments: reply.attachmentNames.length > 0 });
  // A message of another thread keeps a promise only by handing over what the promise named, or when the one the
  // promise names as doing it tells the service done ("Mr. Ames will begin her OT Tuesday" — Mr. Ames, later:
  // "I saw Alex today for his first session").
  if (opts.mustName) {
    if (byThePromisedActor(promise, reply.fromName) && speaksOfServiceOrAid(promise) && toldAsDone(reply.newText).some((t) => speaksOfServiceOrAid(t))) return true;
    if (reading.act !== 'provided') return false;
    const promised = documentWords(promise);
    const shown = documentWords([reply.subject ?? '', reply.newText, ...reply.attachmentNames.map((n) => n.replace(/[_.-]+/g, ' '))].join(' '));
    return [...shown].filter((w) => promised.has(w)).length >= 2;
  }
  // A promise to tell or decide ("I'll email you an update", "we expect to grant or deny your request") is
  // kept by the telling or the decision, whatever it hands over or not.
  if (promisesWord(promise) && reading.act !== 'none' && reading.act !== 'acknowledged') return true;
  const promised = documentWords(promise);
  // "The shortened density lab is in Elsie's folder today" keeps "I'll send the shortened lab home by Friday": the
  // promised thing told as there or done, in words of the promise's own, in any sentence of the message ("The
  // driver confirmed the vest is installed and will stay on that bus" is read as a promise, yet tells it done); a
  // statement still in progress keeps nothing.
  const told = toldAsDone(reply.newText);
  if (told.some((t) => [...documentWords(t)].filter((w) => promised.has(w)).length >= 2)) return true;
  // "Two weeks in: he came to all four sessions, he went from 55% to 72%…" keeps "I'll email you an update after
  // two weeks": an update is a report, two facts or more told, whatever the reading of its last clause.
  if (promisesWord(promise) && told.reduce((n, t) => n + toldClauses(t), 0) >= 2) return true;
  if (reading.act !== 'provided' && reading.act !== 'scheduled') return false;
  const shown = documentWords([reading.evidence ?? '', ...reply.attachmentNames.map((n) => n.replace(/[_.-]+/g, ' '))].join(' '));
  // "I'll email them to you by Friday": a promise that names nothing is kept by the next hand-over.
  if (promised.size === 0 || [...shown].some((w) => promised.has(w))) return true;
  return splitSentences(reply.newText).filter((s) => s.text.split(/\s+/).length > 2).length === 0;
}

/** The promise names the reply's writer by title and surname as the one who acts ("Ms. Ruiz will…"). */
function byThePromisedActor(promise: string, fromName: string | undefined): boolean {
  const surname = fromName?.replace(/[,(].*$/, '').trim().split(/\s+/).at(-1);
  if (!surname || surname.length < 2) return false;
  return new RegExp(`\\b(mr|mrs|ms|miss|dr|coach|nurse)\\.? ${surname.replace(/[^\w'-]/g, '')} (will|is going to|'ll|plans to)\\b`, 'i').test(promise);
}

/** The sentences of a message that tell something as there or done (a clause in the present, past or perfect). */
function toldAsDone(text: string): string[] {
  return splitSentences(text)
    .map((s) => s.text)
    .filter((t) => toldClauses(t) > 0);
}

function toldClauses(sentence: string): number {
  const act = sentenceAct(sentence);
  return (act.parts ?? [{ act: act.act, rule: act.rule }]).filter((p) => TOLD_AS_DONE.test(p.rule)).length;
}

/**
 * The words that name what a promise or a hand-over is about: its content words, and the names of plan
 * documents (IEP, 504, FBA…), which content words leave out as shared by every thread but which are what a
 * hand-over of "copies of the IEP" hands over.
 */
function documentWords(text: string): Set<string> {
  const out = contentWords(text);
  for (const m of text.matchAll(/\b(iep|504|fba|bip|pwn|ieps)\b/gi)) out.add(m[1]!.toLowerCase().replace(/s$/, ''));
  return out;
}

// Telling, not handing over: what a promise to get back to the family delivers is word of something.
const TELL_VERB = /^(let|tell|update|inform|notify|confirm|respond|reply|call|phone|contact|get back|follow up|circle back|touch base|reach out)$/;
const TOLD_AS_DONE = /^(arrangement:present-time|done:|statement:(present|past|perfect))/;
const WORD_OBJECT = /\b(an? |the |my |our )(\w+ )?(update|answer|decision|determination|response|word|news)\b/;

function promisesWord(promise: string): boolean {
  return clausesOf(promise).some((c) => promisesDelivery(c) && ([c.verb, ...c.also].some((v) => isVerbOf(TELL_VERB, v) || isVerbOf(DECIDE, v)) || WORD_OBJECT.test(c.text)));
}

function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * "by the 20th", "on the 17th": a day of the month alone, which chrono-node does not read; the next such day
 * from the sending day (this month, or the next when it has passed). Shaped as the chrono results it joins.
 */
function ordinalDays(text: string, ref: Date, offset: number): chrono.ParsedResult[] {
  const out: chrono.ParsedResult[] = [];
  const sent = formatAtOffset(ref.getTime(), offset).slice(0, 10);
  for (const m of text.matchAll(/\bthe (\d{1,2})(st|nd|rd|th)\b(?! (of|grade|period|hour|minute|percent|percentile))/g)) {
    const day = Number(m[1]);
    if (day < 1 || day > 31) continue;
    let [y, mo] = [Number(sent.slice(0, 4)), Number(sent.slice(5, 7))];
    if (day < Number(sent.slice(8, 10))) [y, mo] = mo === 12 ? [y + 1, 1] : [y, mo + 1];
    const date = new Date(Date.UTC(y, mo - 1, day, 12) - offset * 60_000);
    if (date.getUTCDate() !== day) continue;
    const component = { date: () => date, isCertain: (unit: string) => unit === 'day' };
    out.push({ index: m.index, text: m[0], start: component, end: undefined } as unknown as chrono.ParsedResult);
  }
  return out;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function fridayOf(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  const day = d.getUTCDay(); // 0 Sunday
  const delta = day === 6 ? -1 : day === 0 ? -2 : 5 - day;
  return new Date(d.getTime() + delta * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of the school week holding `date` (a weekend day belongs to the week after it). */
function mondayOf(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  const day = d.getUTCDay(); // 0 Sunday
  const delta = day === 0 ? 1 : day === 6 ? 2 : 1 - day;
  return new Date(d.getTime() + delta * 86_400_000).toISOString().slice(0, 10);
}
