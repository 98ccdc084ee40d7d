import type { RequestKind } from './types.js';
import { splitSentences } from './requests/sentences.js';
import { topicsOf } from './requests/kinds.js';
import { readSentence, type SentenceReading } from './language/read.js';

export type ReplyAct = 'declined' | 'provided' | 'scheduled' | 'answered' | 'acknowledged' | 'none';

const DECLINE = /\b(unable to|not able to|cannot|can ?not|can'?t|won'?t be (able|providing|possible)|will not (be )?(provid|conduct|schedul|evaluat|hold|approv|grant|fund|pay)|(are|is) not (going to|able|appropriate|necessary|warranted|required|needed|eligible)|not (appropriate|necessary|warranted|required|needed|eligible) at this time|decline[sd]?|den(y|ies|ied)|deny(ing)?|refuse[sd]?|does not (qualify|meet|require|need|warrant|appear)|do(es)? not (believe|feel|think|agree|see (a|the) need)|don'?t (believe|feel|think|agree|see (a|the) need)|no need (for|to)|not (be )?(granting|approving|funding|conducting|moving forward)|(request|it) (is|was|has been) (denied|declined|not approved))\b/i;
const PROVIDE = /\b(see attached|attached please find|find attached|attached|enclosed|i'?ve attached|i have attached|please find|here (is|are)|i('ve| have)? (sent|mailed|emailed|shared|uploaded|forwarded (you|them|it))|(is|are|was|were|has been|have been) (sent|mailed|emailed|shared|uploaded|attached|included|available (for pick ?up|in|at))|sending (you|them|it|these|this)|you (should|will) (have|receive|find|see) (it|them|the)\b.{0,30}\b(in your|inbox|mail|portal)|link (to|below|here)|available (for pick ?up|at the front office))\b/i;
const SCHEDULE = /\b((would|does|will|could) [^.?]{0,40}\bwork\b[^.?]{0,40}\?|(monday|tuesday|wednesday|thursday|friday)\b[^.?]{0,25}\b(at )?\d{1,2}:\d{2}|scheduled|set (it |this |the meeting )?(up )?for|booked|calendar invite|invit(e|ation)|are you (available|free)|would (you be available|.{0,40}work for you)|does .{0,40} work( for you)?|how (about|does)|can you (do|make|come)|(let'?s|we can|i can|we could|i could) (meet|plan|do|hold|schedule)|the (meeting|conference|session|evaluation|assessment) (is|will be) (on|at|set|scheduled)|(on|this|next) (monday|tuesday|wednesday|thursday|friday)\b.{0,30}\b(at|from) \d|\b\d{1,2}(:\d{2})? ?(am|pm|a\.m\.|p\.m\.))\b/i;
const ACK = /^(got it|noted|will do|ok(ay)?[,!.]? (thanks|thank you))\b|\b(received|got) (your|the) (email|message|request|letter|note)|thank(s| you) for (reaching out|your (email|message|note|patience|request|letter)|letting me know|bringing this)|(i'?ll|i will|we'?ll|we will|let me|i am going to|i'?m going to|i need to|i have to|i'?d need to)\b.{0,40}\b(look into|check|get back|follow up|find out|look at|review|talk|speak|consult|ask|touch base|reach out|confer|investigate|circle back|connect|forward|pass|share|discuss|prepare|send|schedule|set up|provide|have)\b|\b(i'?ve|i have|it has been|this has been|your request has been) (forwarded|passed|shared|sent) (this |it |your (email|request|message) )?(on |along )?(to|with)\b|\bworking on (it|this|that|getting)|\b(will be|is being) (reviewed|looked into|prepared|processed|forwarded)|\bget back to you\b|\bin touch (soon|shortly)\b|\bnoted\b/i;

export interface ReplyReading {
  act: ReplyAct;
  /** The sentence that decided, for explanations. */
  evidence: string | null;
  /** The deciding sentence's speech act and the rule that decided ("promise/future-actor"), for "Why we think this". */
  because?: string;
}

/**
 * What a school reply does for one request (spec §4): provides, schedules, answers or declines it
 * (answered), or only acknowledges/promises (acknowledged). When the reply speaks to several topics, only
 * the sentences about this request's kind count; a reply that speaks only of other requests does nothing.
 */
export interface ReplyContext {
  /** The reply carries attachments ("Please see attached." with the PDFs is an answer). */
  hasAttachments?: boolean;
}

// Which requests an act can answer when the reply does not say which one it is about.
const FITS: Record<'provided' | 'scheduled', RequestKind[]> = {
  provided: ['records', 'progress', 'pwn', 'evaluation', 'iee'],
  scheduled: ['meeting', 'services', 'evaluation'],
};

export function readReply(replyNewText: string, kind: RequestKind, otherKindsInMessage: RequestKind[] = [], ctx: ReplyContext = {}): ReplyReading {
  const reading = decideReply(replyNewText, kind, otherKindsInMessage, ctx);
  if (!reading.evidence) return reading;
  const r = readSentence(reading.evidence);
  return { ...reading, because: `${r.act}/${r.rule.split(' ')[0]!.slice(4)}` };
}

function decideReply(replyNewText: string, kind: RequestKind, otherKindsInMessage: RequestKind[], ctx: ReplyContext): ReplyReading {
  const sentences = splitSentences(replyNewText)
    .map((s) => s.text)
    .filter((t) => !/^(dear|hi|hello|good (morning|afternoon|evening)|hey)\b.{0,40}$/i.test(t));
  if (sentences.length === 0) return { act: 'none', evidence: null };
  const { pool, general } = relevantSentences(sentences, kind, otherKindsInMessage);
  if (pool.length === 0) return { act: 'none', evidence: null };
  if (general) {
    // A reply that names no topic answers this request only when its act fits this request and no other one
    // of the letter ("Please see attached." after a records request and a meeting request answers the records).
    const others = otherKindsInMessage.filter((k) => k !== kind);
    const sole = (act: 'provided' | 'scheduled') => FITS[act].includes(kind) && !others.some((k) => FITS[act].includes(k));
    const provided = pool.find((t) => (PROVIDE.test(t) || (ctx.hasAttachments && ATTACHED.test(t))) && !isPromise(t) && !FORWARDED.test(t));
    if (provided && sole('provided')) return { act: 'provided', evidence: provided };
    const scheduled = pool.find((t) => (SCHEDULE.test(t) || RESUMES.test(t)) && CONCRETE_TIME.test(t));
    if (scheduled && sole('scheduled')) return { act: 'scheduled', evidence: scheduled };
    // Otherwise it acknowledges this one only if it says so for the whole letter.
    const ack = pool.find((t) => GENERIC_ACK.test(t));
    return ack ? { act: 'acknowledged', evidence: ack } : { act: 'none', evidence: null };
  }

  const decline = pool.find((t) => DECLINE.test(t) && !/\b(if you (can'?t|cannot)|let me know if|unable to attend|sorry (that )?i (can'?t|cannot|was unable))\b/i.test(t) && actOf(t).act !== 'grant');
  if (decline) return { act: 'declined', evidence: decline };
  // "Yes, she can retake it in the small group; Ms. K will pull her 3rd period": a grant with its arrangement answers.
  const granted = pool.find((t) => actOf(t).act === 'grant' && actOf(t).tense !== 'past');
  if (granted && !/\?\s*$/.test(granted)) return { act: 'answered', evidence: granted };
  const provided = pool.find((t) => (PROVIDE.test(t) || (ctx.hasAttachments && ATTACHED.test(t))) && !isPromise(t) && !FORWARDED.test(t));
  if (provided) return { act: 'provided', evidence: provided };
  // "I've added a note to the sub folder that he sits up front": the fix is described as done.
  const done = pool.find((t) => ACTION_TAKEN.test(t));
  if (done) return { act: 'answered', evidence: done };
  const scheduled = pool.find(
    (t) =>
      ((SCHEDULE.test(t) && (!isPromise(t) || CONCRETE_TIME.test(t))) || RESUMES.test(t) || (isPromise(t) && DATED.test(t) && !INFO_PROMISE.test(t))) &&
      (kind === 'meeting' || kind === 'evaluation' || kind === 'services' || kind === 'iee' || (kind === 'information' && /\b(meet|meeting|conference|session|call)\b/i.test(t))),
  );
  if (scheduled) return { act: 'scheduled', evidence: scheduled };
  // A promise ("I'll look into it and get back to you") leaves the request open however much else is said.
  const promise = pool.find((t) => isPromise(t) || PROMISE_ACK.test(t));
  if (promise) return { act: 'acknowledged', evidence: promise };
  const substantive = pool.filter((t) => !ACK.test(t) && !isPleasantry(t) && !APOLOGY.test(t) && !/\?\s*$/.test(t) && !UNDER_WAY.has(actOf(t).rule.split(' ')[0]!));
  if (substantive.length > 0) return { act: 'answered', evidence: substantive[0]! };
  const ack = pool.find((t) => ACK.test(t) || APOLOGY.test(t));
  if (ack) return { act: 'acknowledged', evidence: ack };
  return { act: 'none', evidence: null };
}

const PROMISE_ACK = /\b((sent|forwarded|passed|referred|routed) (on |along )?(your|the|this) (\w+ )?(letter|request|email|e-mail|message|note)|pass(ing)? (this|it|that|your (\w+ )?(request|email|message|letter|concerns?)) (on|along)|(will|can|let'?s|we'?ll|i'?ll) (discuss|talk about|address|go over) (this|that|it|these|your (\w+ )?(request|concerns?|questions?)) (at|during|in) (the|our|his|her|next) (\w+ )?(meeting|conference)|bring (this|it|that) (up|to the team)|look(ing)? into (it|this|that)|get back to you|follow up (with you|on this)|circle back|will (check|find out|ask|look|see|review|consult|discuss|talk|touch base)|let me (check|find out|ask|look|see)|checking (with|on)|working on (it|this|that|getting)|(forwarded|passed) (it |this |your (email|request|message) )?(on |along )?to|(is|are|will be) (being )?(reviewed|looked into|processed|forwarded|prepared)|in touch (soon|shortly))\b/i;
const GENERIC_ACK = /\b(pass(ing)? (this|it|your (\w+ )?(request|email|message|letter|concerns?)) (on|along)|(forwarded|passed|sent|referred|routed|shared|gave) (on |along )?(your|the|this) (\w+ ){0,2}(letter|request|email|e-mail|message|note|concerns?)|(received|got|have) your (\w+ ){0,2}(letter|request|requests|email|e-mail|message|note)|gathering (information|the information|data)|will be in touch|look(ing)? into (this|these|your (letter|request|concerns?|questions?))|get back to you (on|about) (all|each|these|your (questions|requests)))\b/i;
const FORWARDED = /\b(sent|forwarded|passed|referred|routed|gave) (on |along )?(your|the|this) (\w+ )?(letter|request|email|e-mail|message|note)\b/i;
const RESUMES = /\b(starting|starts?|begins?|beginning|resum(e|es|ing)|back in|back on|will restart|restarts?)\b.{0,40}\b(tomorrow|today|monday|tuesday|wednesday|thursday|friday|next week|this week|on \w+ \d{1,2}|\d{1,2}\/\d{1,2})/i;
// A promise to DO the thing on a stated day ("I'll observe her next Tuesday, February 3") schedules it;
// a promise to send, check or get back does not.
const DATED = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}|\d{1,2}\/\d{1,2})\b/i;
const INFO_PROMISE = /\b(send|email|e-mail|get back|let you know|follow up|check|look into|look at|find out|reach out|contact|call you|update you|confirm|forward|have .{0,40}\bto you|get .{0,40}\bto you|plan)\b/i;
const ACTION_TAKEN = /\b(i'?ve|i have|we'?ve|we have|it'?s|it has been|this has been|that has been) (now |already |just )?(added|updated|put|placed|moved|changed|fixed|arranged|made sure|reminded|corrected|set up|included|reserved|resolved|implemented|adjusted|assigned|ordered|spoken with|talked (to|with)|met with|(been )?(fixed|corrected|resolved|added|updated))\b/i;
const ATTACHED = /\b(see attached|see the attached|attached|enclosed|find attached)\b/i;
const CONCRETE_TIME = /\b\d{1,2}(:\d{2})\s*(am|pm|a\.m\.|p\.m\.)?|\b\d{1,2}\s*(am|pm|a\.m\.|p\.m\.)|\b(tomorrow|today)\b/i;
const APOLOGY = /^(i'?m|i am|we'?re|we are) (so )?sorry\b|^(sorry|apologies|my apologies)\b/i;

/**
 * The sentences of a reply that speak to this request. When the parent asked for one thing, the whole reply
 * does. When the parent asked for several, only the sentences about this request's kind do (a sentence that
 * names no topic carries the topic of the one before it: "The file is uploaded. You will receive a link.");
 * `general` is false when none do and the rest speaks of none of the other requests.
 */
function relevantSentences(sentences: string[], kind: RequestKind, otherKinds: RequestKind[]): { pool: string[]; general: boolean } {
  const others = new Set<string>(otherKinds.filter((k) => k !== kind));
  if (others.size === 0) return { pool: sentences, general: false };
  const effective: Set<string>[] = [];
  sentences.forEach((t, i) => {
    const own = topicsOf(t) as Set<string>;
    effective.push(own.size > 0 || i === 0 ? own : effective[i - 1]!);
  });
  if (kind !== 'information') {
    const own = sentences.filter((_, i) => effective[i]!.has(kind));
    if (own.length > 0) return { pool: own, general: false };
  } else {
    // A general question is answered by whatever the reply says that is not about the other requests.
    const rest = sentences.filter((_, i) => ![...others].some((k) => effective[i]!.has(k)) && !isPleasantry(sentences[i]!));
    if (rest.some((t) => !ACK.test(t))) return { pool: rest, general: false };
  }
  return { pool: sentences.filter((_, i) => ![...others].some((k) => effective[i]!.has(k))), general: true };
}

const actOf = (t: string): SentenceReading => readSentence(t);
// Acts that say the answer is still to come: a promise, work under way, a delegation.
const UNDER_WAY = new Set(['act:future-actor', 'act:in-progress', 'act:coordinated-future', 'act:plan-to']);

function isPromise(t: string): boolean {
  if (UNDER_WAY.has(actOf(t).rule.split(' ')[0]!) && !/\b(attached|enclosed|here (is|are))\b/i.test(t)) return true;
  return /\b(i'?ll|i will|we'?ll|we will|i am going to|i'?m going to|we are going to|will be (sent|provided|ready|mailed|emailed|scheduled|completed|prepared))\b/i.test(t) && !/\b(attached|enclosed|here (is|are))\b/i.test(t);
}

function isPleasantry(t: string): boolean {
  return /^(thank(s| you)|have a (great|good|nice)|hope|best|sincerely|regards|take care|please let me know if|let me know if|feel free|don'?t hesitate)\b/i.test(t);
}
