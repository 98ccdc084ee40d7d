import type { RequestKind } from './types.js';
import { splitSentences } from './requests/sentences.js';
import { topicsOf } from './requests/kinds.js';
import { ANSWERING, sentenceAct, type SentenceAct, type SentenceActKind } from './language/reply-acts.js';
import { CONCRETE_TIME } from './language/reply-lexicon.js';

export type ReplyAct = 'declined' | 'provided' | 'scheduled' | 'answered' | 'acknowledged' | 'none';

/** Why a reply reads as it does: the sentence's act, the rule that decided and the sentence itself. */
export interface ReplyReason {
  act: SentenceActKind;
  rule: string;
  sentence: string;
}

export interface ReplyReading {
  act: ReplyAct;
  /** The sentence that decided, for explanations. */
  evidence: string | null;
  /** The deciding sentence's act and rule ("Why we think this"); null when nothing in the reply spoke to the request. */
  reason: ReplyReason | null;
  /** The deterministic pass is unsure (the reading may be adjudicated, src/core/language/reply-questions.ts). */
  doubt: string | null;
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
// A concrete time set or proposed answers an ask for a meeting, a session or a time.
const SCHEDULABLE: ReadonlySet<RequestKind> = new Set(['meeting', 'evaluation', 'services', 'iee', 'information', 'accommodations']);

const NONE: ReplyReading = { act: 'none', evidence: null, reason: null, doubt: null };

export function readReply(replyNewText: string, kind: RequestKind, otherKindsInMessage: RequestKind[] = [], ctx: ReplyContext = {}): ReplyReading {
  const sentences = splitSentences(replyNewText)
    .map((s) => s.text)
    .filter((t) => !/^(dear|hi|hello|good (morning|afternoon|evening)|hey)\b.{0,40}$/i.test(t));
  if (sentences.length === 0) return NONE;
  const { pool, general } = relevantSentences(sentences, kind, otherKindsInMessage);
  if (pool.length === 0) return NONE;
  const acts = pool.map((t) => withAttachments(sentenceAct(t), ctx));
  if (general) {
    // A reply that names no topic answers this request only when its act fits this request and no other one
    // of the letter ("Please see attached." after a records request and a meeting request answers the records).
    const others = otherKindsInMessage.filter((k) => k !== kind);
    const sole = (act: 'provided' | 'scheduled') => FITS[act].includes(kind) && !others.some((k) => FITS[act].includes(k));
    const provided = acts.find((a) => a.act === 'provision');
    if (provided && sole('provided')) return reading('provided', provided, null);
    const scheduled = acts.find((a) => a.act === 'schedule' || (a.act === 'arrangement' && CONCRETE_TIME.test(a.sentence.toLowerCase())));
    if (scheduled && sole('scheduled')) return reading('scheduled', scheduled, null);
    // Otherwise it acknowledges this one only if it says so for the whole letter.
    const ack = acts.find((a) => (a.act === 'ack' || a.act === 'forward' || a.act === 'promise') && GENERIC.test(a.sentence));
    return ack ? reading('acknowledged', ack, null) : NONE;
  }
  return decideFor(kind, acts);
}

/**
 * The reply's act toward the request from the acts of its relevant sentences: an answering act anywhere
 * answers (a refusal first); otherwise a promise, a forward or an acknowledgement only acknowledges; a plain
 * statement answers only when nothing in the reply promises more.
 */
function decideFor(kind: RequestKind, acts: SentenceAct[]): ReplyReading {
  const first = (...wanted: SentenceActKind[]) => acts.find((a) => wanted.includes(a.act));
  const promised = first('promise', 'forward');
  const doubt = (answer: SentenceAct) => (promised ? `answer (${answer.rule}) beside a promise (${promised.rule})` : null);
  const refusal = first('refusal');
  if (refusal) return reading('declined', refusal, doubt(refusal));
  const provision = first('provision');
  if (provision) return reading('provided', provision, doubt(provision));
  const grant = first('grant', 'done');
  if (grant) return reading('answered', grant, doubt(grant));
  const scheduled = first('schedule');
  if (scheduled && SCHEDULABLE.has(kind)) return reading('scheduled', scheduled, doubt(scheduled));
  const arrangement = first('arrangement');
  if (arrangement) return reading('answered', arrangement, promised ? doubt(arrangement) : 'a future act read as an arrangement');
  if (promised) return reading('acknowledged', promised, first('inform') ? 'a statement beside a promise' : null);
  const inform = first('inform');
  if (inform) return reading('answered', inform, acts.filter((a) => a.act === 'inform').length === 1 && acts.some((a) => a.act === 'ack') ? 'one plain statement after an acknowledgement' : null);
  const ack = first('ack');
  if (ack) return reading('acknowledged', ack, null);
  return NONE;
}

function reading(act: ReplyAct, decided: SentenceAct, doubt: string | null): ReplyReading {
  return { act, evidence: decided.sentence, reason: { act: decided.act, rule: decided.rule, sentence: decided.sentence }, doubt };
}

/** "Please see attached." is a hand-over when the reply carries the files; the grammar cannot know that. */
function withAttachments(a: SentenceAct, ctx: ReplyContext): SentenceAct {
  if (ctx.hasAttachments && a.act !== 'provision' && !ANSWERING.has(a.act) && /\b(see attached|see the attached|attached|enclosed|find attached)\b/i.test(a.sentence) && !/\b(will|'ll)\b/i.test(a.sentence)) {
    return { act: 'provision', rule: 'provision:attachment', sentence: a.sentence };
  }
  return a;
}

// Acknowledging a whole letter, not one of its asks.
const GENERIC = /\b(pass(ing)? (this|it|your (\w+ )?(request|email|message|letter|concerns?)) (on|along)|(forwarded|passed|sent|referred|routed|shared|gave) (on |along )?(your|the|this) (\w+ ){0,2}(letter|request|email|e-mail|message|note|concerns?)|(received|got|have) your (\w+ ){0,2}(letter|request|requests|email|e-mail|message|note)|(your|the) (\w+ ){0,2}(letter|request|email|message) (has been|was) received|gathering (information|the information|data)|will be in touch|look(ing)? into (this|these|your (letter|request|concerns?|questions?))|get back to you (on|about) (all|each|these|your (questions|requests)))\b/i;

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
    const rest = sentences.filter((_, i) => ![...others].some((k) => effective[i]!.has(k)));
    if (rest.some((t) => ANSWERING.has(sentenceAct(t).act))) return { pool: rest, general: false };
  }
  return { pool: sentences.filter((_, i) => ![...others].some((k) => effective[i]!.has(k))), general: true };
}
