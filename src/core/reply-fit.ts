/**
 * Which answer can fit which ask: a document handed over answers a document ask or a question about what it
 * names, not an ask for a meeting or a service to happen; a statement answers a question, asked with or
 * without its question mark.
 */
import type { RequestKind } from './types.js';
import type { SpeechAct } from './language/reason.js';
import { objectWords, topicsOfSentence, wordsOf } from './reply-objects.js';
import { HAND_OVER_ASK } from './reply-deliberation.js';
import { CONFIRM_RECEIPT } from './requests/kinds.js';
import { ANSWERING, sentenceAct, type SentenceAct } from './language/reply-acts.js';
import { CONCRETE_TIME, STARTING_ON } from './language/reply-lexicon.js';

export type RequestAct = Extract<SpeechAct, 'ask' | 'question'>;

// Asks for something to happen: a form or a log handed over is a step toward them, not the thing itself.
const ACTIVITY_KINDS: ReadonlySet<RequestKind> = new Set(['meeting', 'services', 'accommodations']);

const GUIDE = /\b(guide|guidebook|handbook|brochure|pamphlet|overview|faq|flyer|booklet|information sheet|fact sheet)\b/i;
const EVALUATION_PAPERS = /\b(consent|assessment plan|evaluation plan|notice|permission|referral form|report)\b/i;

// "I'd like to know how the missed sessions will be made up": a question asked through a request verb.
const INDIRECT_QUESTION = /\b(know|understand|find out|learn|wondering|wonder|tell me|explain)\b[^.?!]{0,20}\b(how|when|what|whether|if|which|who|whom|where|why)\b/i;

/** The request asks a question: a question mark, a question read by detection, or one asked through "I'd like to know…". */
export function asksQuestion(requestText: string, act?: RequestAct): boolean {
  return act === 'question' || /\?\s*$/.test(requestText.trim()) || INDIRECT_QUESTION.test(requestText);
}

// "Who decides…?", "What can be done…?", "Can you tell me which days…?": a question that asks for a who, a what or a
// when, directly or through "tell me / let me know / I'd like to know" ("whether" and "if" ask yes or no).
const WH = '(who|whom|whose|what|when|where|which|why|how)\\b(?! about\\b)';
const OPENERS = '((and|also|so|but|ok|okay|then|one more( quick)? question|another question|my question is|quick question)[,:]?\\s+)*';
const WH_QUESTION = new RegExp(`^${OPENERS}${WH}|\\b(tell me|know|understand|find out|wondering|ask)\\s+${WH}`, 'i');

/** The request asks for a who, what, when, where, which, why or how, which a bare "yes" does not answer. */
export function asksWh(requestText: string): boolean {
  return WH_QUESTION.test(requestText.trim());
}

/**
 * A meeting, a service or an accommodation is not a document: a form or a log handed over answers such an ask
 * only when it asked for a thing sent, or asked a question about what the document names ("Attached is the
 * homebound form" does not start homebound instruction).
 */
export function handedOverFor(kind: RequestKind, requestText: string, provided: string, act?: RequestAct): boolean {
  // A guide to the process explains it; the district answers an evaluation asked for with its consent form,
  // assessment plan or notice.
  if ((kind === 'evaluation' || kind === 'iee') && GUIDE.test(provided) && !EVALUATION_PAPERS.test(provided)) return false;
  if (!ACTIVITY_KINDS.has(kind) || !requestText || HAND_OVER_ASK.test(requestText)) return true;
  const asked = objectWords(requestText);
  // Two words shared, not one: "the reading log" says nothing of when the reading sessions are made up.
  return asksQuestion(requestText, act) && [...wordsOf(provided)].filter((w) => asked.has(w)).length >= 2;
}

// "The district will provide compensatory sessions": the school decides to give the service asked for.
const DECIDES_TO_PROVIDE = /\b(will|'ll|is going to|are going to)( now| also)? (provide|offer|fund|give|add|implement|make up)\b/i;
const GRANTABLE_KINDS: ReadonlySet<RequestKind> = new Set(['services', 'accommodations']);

/**
 * A service or an accommodation asked for is answered by the school's decision to provide it, even told in the
 * future; a document or a meeting promised is still to come (replies.ts keeps those as promises). Only an ask,
 * not a question ("when will the sessions be made up?" wants the when), and only when the promise names what
 * was asked.
 */
export function decidesToProvide(kind: RequestKind, requestText: string, promise: string, act?: RequestAct): boolean {
  if (!GRANTABLE_KINDS.has(kind) || !requestText || asksQuestion(requestText, act) || !DECIDES_TO_PROVIDE.test(promise)) return false;
  const asked = objectWords(requestText);
  return [...wordsOf(promise)].some((w) => asked.has(w));
}

/** "Please confirm that you received this letter" is answered by the school saying it received it. */
export function confirmedReceipt(requestText: string, sentences: readonly string[]): SentenceAct | undefined {
  if (!CONFIRM_RECEIPT.test(requestText)) return undefined;
  return sentences.filter((t) => /\b(receiv|got\b|confirm)/i.test(t)).map(sentenceAct).find((a) => a.rule === 'ack:received');
}

const LENGTH_WORDS = /^(long|takes?|taking|usually|normally|typically|once|days|weeks|months|school|will|would|does|tell|know|could|please|there|this|that|with|have|from|your|they|them|then|when|what)$/;
const HOW_LONG = /\bhow (long|many (school |instructional |calendar |business )?(days|weeks|months))\b/i;
const DURATION = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety) (school |instructional |calendar |business |working )?(days|weeks|months)\b/i;
/**
 * "How long does the testing take once we sign?" is answered by a statement that gives the length ("once we
 * have your consent, we have 50 instructional days"), whatever is promised beside it.
 */
export function toldHowLong(requestText: string, sentences: readonly string[]): SentenceAct | undefined {
  if (!HOW_LONG.test(requestText)) return undefined;
  // The length of the thing asked about: the statement shares a word of the question beyond its "how long".
  const stems = (t: string) => new Set((t.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => !LENGTH_WORDS.test(w)).map((w) => w.slice(0, 4)));
  const asked = stems(requestText);
  return sentences.filter((t) => DURATION.test(t) && [...stems(t)].some((w) => asked.has(w))).map(sentenceAct).find((a) => a.act === 'inform');
}

const STARTS = /\b(will|'ll|is going to|are going to|plans? to|is scheduled to|are scheduled to) (begin|start)\b/i;
const STARTED_KINDS: ReadonlySet<RequestKind> = new Set(['evaluation', 'iee', 'services', 'accommodations']);
/**
 * "Our school psychologist will begin Dakota's FBA with observations on March 2": the evaluation, service or
 * accommodation asked for set to start on a date ("both will start sending the shortened assignments beginning
 * Monday, April 13"; guide C3) is under way, the answer to the ask, not a promise of one.
 */
export function startsOnADate(kind: RequestKind, promise: string): boolean {
  // "I will send home the shortened version starting Monday": the first time told with its start.
  return STARTED_KINDS.has(kind) && (STARTS.test(promise) || (STARTING_ON.test(promise) && /\b(will|'ll)\b/i.test(promise))) && CONCRETE_TIME.test(promise.toLowerCase());
}

const NEXT_STEPS = /\b(the |what the )?(next steps?|what happens (next|now)|what (do|should) (i|we) do next)\b/i;
const PROCESS_FOR = /\b(process (for|to|of)|procedure (for|to))\b/i;
const SEND_IT = /\b(send|provide|forward|e-?mail|share|mail|give)\b/i;
/** "What are the next steps?", "what is the process for an IEE?"; "send me the procedure for X" asks for a document instead. */
export function asksNextSteps(requestText: string): boolean {
  return NEXT_STEPS.test(requestText) || (PROCESS_FOR.test(requestText) && !SEND_IT.test(requestText));
}

const MEETING_TALK = /\b(meet|meeting|meetings|conference|convene|reconvene|date|dates|time|times|schedule|available|availability)\b/i;

/**
 * Whether a reply sentence's act can speak to an ask of this kind at all: a prior written notice is given or
 * refused, and a statement about the decision it would explain is not it; a meeting is refused, or told of, as a
 * meeting (a refusal of what it was to discuss leaves the meeting itself unanswered); and only a question is
 * answered by any statement, an ask for a thing or an act by a statement about it.
 */
export function fitsKind(kind: RequestKind, a: SentenceAct, requestText: string): boolean {
  if (kind === 'pwn' && ANSWERING.has(a.act) && a.act !== 'provision' && !(a.act === 'refusal' && /\b(notice|pwn|in writing|written)\b/i.test(a.sentence))) return false;
  if (kind === 'meeting' && (a.act === 'refusal' || a.act === 'inform') && !MEETING_TALK.test(a.sentence)) return false;
  if (a.act !== 'inform' || kind === 'information' || asksQuestion(requestText)) return true;
  const asked = objectWords(requestText);
  return topicsOfSentence(a.sentence).has(kind) || [...wordsOf(a.sentence)].some((w) => asked.has(w));
}

const MEETING_IN_PLACE = /\b(meet|meeting|conference)\b/i;
// The testing itself set, or its consent sent, is the evaluation under way (guide C4).
const EVALUATION_UNDER_WAY = /\b(consent|assessment plan|testing (will|is|on)|(begin|start|conduct|complete)s? (the |his |her )?(testing|evaluation|assessment)|(evaluation|assessment|testing) (is |has been )?scheduled)\b/i;
/** Guide C6: a meeting set to consider an evaluation request neither consents nor refuses; it acknowledges the request. */
export function meetsToConsiderEvaluation(kind: RequestKind, scheduled: string): boolean {
  return kind === 'evaluation' && MEETING_IN_PLACE.test(scheduled) && !EVALUATION_UNDER_WAY.test(scheduled);
}
