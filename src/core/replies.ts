import type { RequestKind } from './types.js';
import { GREETING_PREFIX, splitSentences } from './language/sentences.js';
import { ANSWERING, prepareActs, sentenceAct, type SentenceAct, type SentenceActKind } from './language/reply-acts.js';
import { CONCRETE_TIME } from './language/reply-lexicon.js';
import { possibleActs } from './language/reply-cues.js';
import { someInChunks } from './language/read-once.js';
import { TextMemo } from './text-memo.js';
import { attributed, contentWords, objectWords, topicsOfSentence, withNamed, wordsOf } from './reply-objects.js';
import { DELIBERATION_ASK, deliberationSet, HAND_OVER_ASK } from './reply-deliberation.js';
import { asksNextSteps, asksQuestion, asksWh, fitsKind, confirmedReceipt, decidesToProvide, handedOverFor, meetsToConsiderEvaluation, startsOnADate, toldHowLong, type RequestAct } from './reply-fit.js';

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
  /** The request's own sentence: a reply sentence that shares its words speaks to it. */
  requestText?: string;
  /** The other requests of the same message: a sentence that shares more of one of their words than of this
   * request's speaks to that one ("Yes, he can finish it" answers "could he finish the last page?", not the
   * question beside it). */
  siblings?: ReadonlyArray<{ kind: RequestKind; text: string }>;
  /** What the request's own sentence does, as detection read it (a question may have lost its question mark). */
  requestAct?: RequestAct;
}

// Which requests an act can answer when the reply does not say which one it is about.
const FITS: Record<'provided' | 'scheduled', RequestKind[]> = {
  provided: ['records', 'progress', 'pwn', 'evaluation', 'iee'],
  scheduled: ['meeting', 'services', 'evaluation'],
};
// A concrete time set or proposed answers an ask for a meeting, a session or a time.
const SCHEDULABLE: ReadonlySet<RequestKind> = new Set(['meeting', 'evaluation', 'services', 'iee', 'information', 'accommodations']);

const PROCESS_WORDS = new Set(['next', 'step', 'process', 'procedure', 'happen', 'happens', 'know', 'let', 'please', 'paperwork', 'need', 'complete', 'requesting', 'request', 'separately']);

const DOCUMENT_KINDS: ReadonlySet<RequestKind> = new Set(['records', 'progress', 'pwn']);

const NONE: ReplyReading = { act: 'none', evidence: null, reason: null, doubt: null };

export function readReply(replyNewText: string, kind: RequestKind, otherKindsInMessage: RequestKind[] = [], ctx: ReplyContext = {}): ReplyReading {
  const reply = preparedReply(replyNewText);
  const { sentences } = reply;
  if (sentences.length === 0) return NONE;
  // "Please let me know the next step": whatever the reply tells of the steps ahead, promised acts included,
  // is the answer.
  if (kind === 'information' && ctx.requestText && asksNextSteps(ctx.requestText)) {
    // The steps of what the question is about: its own topics, and when it names no object of its own ("the
    // next step"), those of the asks beside it.
    const asked = ctx.requestText;
    const own = new Set([...objectWords(asked)].filter((w) => !PROCESS_WORDS.has(w)));
    const topics = new Set<string>([...topicsOfSentence(asked), ...(own.size === 0 ? otherKindsInMessage : [])]);
    const about = sentences.filter((t) => {
      const its = [...topicsOfSentence(t)];
      return its.some((k) => topics.has(k)) || [...objectWords(t.toLowerCase())].some((w) => own.has(w)) || (its.length === 0 && own.size === 0);
    });
    const acts = about.map((t) => lazyAct(t, ctx));
    prepareActs(about);
    const step = acts.map((a) => a.act()).find((a) => ANSWERING.has(a.act) || a.act === 'promise' || a.act === 'arrangement');
    if (step) return reading('answered', { ...step, rule: `${step.rule}, read as the next step` }, 'a promise read as telling the next step');
  }
  const receipt = ctx.requestText ? confirmedReceipt(ctx.requestText, sentences) ?? toldHowLong(ctx.requestText, sentences) : undefined;
  if (receipt) return reading('answered', { ...receipt, rule: `${receipt.rule}, read as what was asked` }, null);
  const relevant = relevantSentences(reply, kind, otherKindsInMessage, ctx.requestText ?? '');
  const named = withNamed(relevant.pool, sentences, kind, ctx);
  // A reply that names this request's object speaks to it, not to the letter in general.
  const general = relevant.general && named.length === relevant.pool.length;
  const pool = attributed(named, kind, general, ctx);
  if (pool.length === 0) return NONE;
  const acts = pool.map((t) => lazyAct(t, ctx));
  if (general && ctx.requestText) {
    // No sentence names this request's topic: the sentences that share the ask's own words speak to it.
    const asked = contentWords(ctx.requestText);
    const sharing = acts.filter((a) => [...wordsOf(a.sentence)].some((w) => asked.has(w)));
    prepareActs(sharing.map((a) => a.sentence));
    if (sharing.some((a) => ANSWERING.has(a.act().act) || a.act().act === 'promise' || a.act().act === 'forward')) return decideFor(kind, sharing, ctx.requestText, sentences, ctx.requestAct);
  }
  if (general) {
    // A reply that names no topic answers this request only when its act fits this request and no other one
    // of the letter ("Please see attached." after a records request and a meeting request answers the records).
    const others = otherKindsInMessage.filter((k) => k !== kind);
    const sole = (act: 'provided' | 'scheduled') => FITS[act].includes(kind) && !others.some((k) => FITS[act].includes(k));
    const provided = findAct(acts, ['provision']);
    if (provided && sole('provided')) return reading('provided', provided, null);
    const scheduled = findAct(acts, ['schedule', 'arrangement'], (a) => a.act === 'schedule' || CONCRETE_TIME.test(a.sentence.toLowerCase()));
    if (scheduled && sole('scheduled')) return reading('scheduled', scheduled, null);
    // Read before attribution, like the letter-wide acknowledgement: the sibling question shares its words.
    const considered = ctx.requestText && DELIBERATION_ASK.test(ctx.requestText) ? findAct(named.map((t) => lazyAct(t, ctx)), ['promise'], (a) => deliberationSet(a, ctx.requestText ?? '', sentences) !== null) : undefined;
    const deliberation = considered && deliberationSet(considered, ctx.requestText ?? '', sentences);
    if (deliberation) return reading('scheduled', deliberation.decided, deliberation.doubt);
    // Otherwise it acknowledges this one if it says so for the whole letter, or if all it does is acknowledge
    // and promise ("I received your requests and will be in touch").
    // A sentence about the whole letter ("I have forwarded your email to the central office") is this request's
    // too, even when its words lean toward a sibling ask: it is read from the pool before attribution.
    const ack = findAct(named.filter((t) => GENERIC.test(t)).map((t) => lazyAct(t, ctx)), ['ack', 'forward', 'promise']);
    if (ack) return reading('acknowledged', ack, null);
    const all = sentences.map((t) => lazyAct(t, {}));
    const first = findAct(all, ['ack', 'forward', 'promise']);
    const onlyAcknowledges = first !== undefined && !someInChunks(all.map((a) => a.sentence), (i) => ANSWERING.has(all[i]!.act().act));
    return onlyAcknowledges && first ? reading('acknowledged', first, 'acknowledges the whole letter') : NONE;
  }
  return decideFor(kind, acts, ctx.requestText, sentences, ctx.requestAct);
}

/**
 * A sentence whose act is read only when asked for: `cues` (reply-cues.ts) are the acts its words allow, so
 * a search for an act tags only the sentences that can take it.
 */
interface LazyAct {
  sentence: string;
  cues: ReadonlySet<SentenceActKind>;
  act(): SentenceAct;
}

function lazyAct(sentence: string, ctx: ReplyContext): LazyAct {
  let read: SentenceAct | undefined;
  const cues = possibleActs(sentence);
  const attached = ctx.hasAttachments === true && ATTACHED.test(sentence) && !cues.has('provision');
  return {
    sentence,
    cues: attached ? new Set([...cues, 'provision']) : cues,
    act: () => (read ??= withAttachments(sentenceAct(sentence), ctx)),
  };
}

/** The first sentence, in order, whose act is one of `wanted` (and passes `also`); only those whose cues allow it are read. */
function findAct(acts: LazyAct[], wanted: SentenceActKind[], also: (a: SentenceAct) => boolean = () => true): SentenceAct | undefined {
  const candidates = acts.filter((a) => wanted.some((w) => a.cues.has(w)));
  // One tagging pass for the sentences the search may read (most searches read them all: the act is absent).
  prepareActs(candidates.map((a) => a.sentence));
  for (const a of candidates) {
    const read = a.act();
    if (wanted.includes(read.act) && also(read)) return read;
  }
  return undefined;
}

/**
 * The reply's act toward the request from the acts of its relevant sentences: an answering act anywhere
 * answers (a refusal first); otherwise a promise, a forward or an acknowledgement only acknowledges; a plain
 * statement answers only when nothing in the reply promises more.
 */
function decideFor(kind: RequestKind, allActs: LazyAct[], requestText = '', replySentences: string[] = [], requestAct?: RequestAct): ReplyReading {
  // The searches below read nearly every sentence between them (a promise first, then each answering act in
  // turn): one tagging call for all of them rather than one per search, most of a single sentence.
  prepareActs(allActs.map((a) => a.sentence));
  const kept = (a: SentenceAct) => fitsKind(kind, a, requestText);
  // A sentence's act is its strongest clause's; a weaker clause still counts for what it does ("We can meet
  // Thursday at 1:00; regarding the records, I have forwarded your request" schedules and forwards).
  const first = (...wanted: SentenceActKind[]): SentenceAct | undefined => {
    const candidates = allActs.filter((a) => wanted.some((w) => a.cues.has(w)));
    const whole = findAct(candidates, wanted, kept);
    if (whole) return whole;
    for (const c of candidates) {
      const a = c.act();
      if (!kept(a)) continue;
      const part = a.parts?.find((p) => wanted.includes(p.act));
      if (part) return { act: part.act, rule: part.rule, sentence: a.sentence };
    }
    return undefined;
  };
  // "Who will do the testing?" is answered by "Mr. Abebe will complete the testing": the future names the who.
  // Asked as "can you tell me who…" too.
  if (/^(and |so |also )?(who|which (person|staff|teacher|therapist))\b|\b(tell me|let me know|know|find out|wondering) who\b/i.test(requestText.trim())) {
    const named = findAct(
      allActs.filter((a) => /\b(Mr|Mrs|Ms|Dr|Miss|Coach|Nurse)\.? [A-Z]/.test(a.sentence) && !/\b(you|your)\b/i.test(a.sentence.split(/\bwill\b/)[0] ?? '')),
      ['promise'],
      kept,
    );
    if (named) return reading('answered', { ...named, act: 'inform', rule: 'inform:names-who' }, 'a future act read as naming who');
  }
  const promised = first('promise', 'forward');
  const doubt = (answer: SentenceAct) => (promised ? `answer (${answer.rule}) beside a promise (${promised.rule})` : null);
  // "She will resume his sessions Monday. I will talk with her about the missed sessions.": an arrangement about
  // the same service, beside a promise that names this ask's own object more closely, answers the sibling ask;
  // this one is only promised. A refusal, a hand-over, a grant or a time set still answers whatever is promised beside it.
  const closer = (answer: SentenceAct): SentenceAct | null => {
    // Only between two future acts (an arrangement is one too); a forward or a notice to come names no act.
    if (!promised || promised.act !== 'promise' || answer.act !== 'arrangement' || promised.sentence === answer.sentence || !requestText) return null;
    const asked = objectWords(requestText);
    const shared = (sentence: string) => [...wordsOf(sentence)].filter((w) => asked.has(w)).length;
    const named = shared(promised.sentence);
    return named >= 2 && named > shared(answer.sentence) ? promised : null;
  };
  const answered = (act: ReplyAct, answer: SentenceAct, why: string | null): ReplyReading => {
    const promise = closer(answer);
    return promise ? reading('acknowledged', promise, `a promise naming the ask more closely than ${answer.rule}`) : reading(act, answer, why);
  };
  const refusal = first('refusal');
  if (refusal) return reading('declined', refusal, doubt(refusal));
  const provision = first('provision');
  if (provision && handedOverFor(kind, requestText, provision.sentence, requestAct)) return reading('provided', provision, doubt(provision));
  // "Yes, …" grants a yes/no ask; beside a question for a who or a what it speaks to something else.
  const grant = first('grant', 'done');
  const yesToOther = grant?.rule === 'grant:yes' && asksWh(requestText);
  // "Yes, I can send those" grants a question; a document is only answered by handing it over (or refusing).
  // A standing arrangement agreed to ("Yes, I'll send an update every Friday") is the answer itself.
  const standing = grant !== undefined && /\b(every|each|weekly|daily|biweekly|monthly)\b/i.test(grant.sentence);
  if (grant && !yesToOther && !(DOCUMENT_KINDS.has(kind) && /^grant:(yes|can)$/.test(grant.rule) && !standing)) return reading('answered', grant, doubt(grant));
  const scheduled = first('schedule');
  if (scheduled && meetsToConsiderEvaluation(kind, scheduled.sentence)) return reading('acknowledged', { ...scheduled, rule: `${scheduled.rule}, a meeting to consider the evaluation` }, null);
  if (scheduled && SCHEDULABLE.has(kind)) return reading('scheduled', scheduled, doubt(scheduled));
  const arrangement = first('arrangement');
  if (arrangement) return answered('answered', arrangement, promised ? doubt(arrangement) : 'a future act read as an arrangement');
  // "I request that the team consider ESY" — "We will review ESY at the annual meeting on April 14 at 2:30": the
  // act asked for is the deliberation, and setting it at a concrete time is its answer, not a promise of one.
  const deliberation = promised && deliberationSet(promised, requestText, replySentences);
  if (deliberation) return reading('scheduled', deliberation.decided, deliberation.doubt);
  if (promised && promised.act === 'promise' && startsOnADate(kind, promised.sentence)) return reading('scheduled', { ...promised, act: 'schedule', rule: 'schedule:start-dated' }, null);
  if (promised && promised.act === 'promise' && decidesToProvide(kind, requestText, promised.sentence, requestAct)) {
    return reading('answered', { ...promised, act: 'grant', rule: 'grant:decided-to-provide' }, 'a decision told in the future, read as granting the ask');
  }
  if (promised) {
    // "Will the progress report be done before the meeting?" — "the final report goes to you before the
    // meeting" answers it, beside a promise about something else: the statement that names more of the
    // question's own words than the promise does decides.
    const answers = answeringStatement(allActs, requestText, promised, kept, requestAct);
    if (answers) return reading('answered', answers, `a statement beside a promise (${promised.rule}), read as answering the question`);
    return reading('acknowledged', promised, first('inform') ? 'a statement beside a promise' : null);
  }
  const inform = first('inform');
  if (inform) {
    const alone = findAct(allActs, ['ack'], kept) !== undefined && (prepareActs(allActs.map((a) => a.sentence)), allActs.filter((a) => kept(a.act()) && a.act().act === 'inform').length === 1);
    return reading('answered', inform, alone ? 'one plain statement after an acknowledgement' : null);
  }
  const ack = first('ack');
  if (ack) return reading('acknowledged', ack, null);
  return NONE;
}

/** A plain statement that speaks to the question's own words more than the promise beside it does. */
function answeringStatement(allActs: LazyAct[], requestText: string, promised: SentenceAct, kept: (a: SentenceAct) => boolean, requestAct?: RequestAct): SentenceAct | undefined {
  // Only a question is answered by a statement; an ask to hand something over is not ("Can you send…?").
  if (!asksQuestion(requestText, requestAct) || HAND_OVER_ASK.test(requestText)) return undefined;
  const asked = objectWords(requestText);
  const shared = (sentence: string) => [...wordsOf(sentence)].filter((w) => asked.has(w)).length;
  const bar = shared(promised.sentence);
  return allActs.map((a) => a.act()).find((a) => a.act === 'inform' && kept(a) && a.sentence !== promised.sentence && shared(a.sentence) > bar);
}

function reading(act: ReplyAct, decided: SentenceAct, doubt: string | null): ReplyReading {
  return { act, evidence: decided.sentence, reason: { act: decided.act, rule: decided.rule, sentence: decided.sentence }, doubt };
}

const ATTACHED = /\b(see attached|see the attached|attached|enclosed|find attached)\b/i;

/** "Please see attached." is a hand-over when the reply carries the files; the grammar cannot know that. */
function withAttachments(a: SentenceAct, ctx: ReplyContext): SentenceAct {
  if (ctx.hasAttachments && a.act !== 'provision' && !ANSWERING.has(a.act) && ATTACHED.test(a.sentence) && !/\b(will|'ll)\b/i.test(a.sentence)) {
    return { act: 'provision', rule: 'provision:attachment', sentence: a.sentence };
  }
  return a;
}

// Acknowledging a whole letter, not one of its asks.
const GENERIC = /\b(pass(ing)? (this|it|your (\w+ )?(request|email|message|letter|concerns?)) (on|along)|(forwarded|passed|sent|referred|routed|shared|gave) (on |along )?(your|the|this) (\w+ ){0,2}(letter|request|email|e-mail|message|note|concerns?)|(received|got|have) your (\w+ ){0,2}(letter|request|requests|email|e-mail|message|note)|(your|the) (\w+ ){0,2}(letter|request|email|message) (has been|was) received|gathering (information|the information|data)|will be in touch|look(ing)? into (this|these|your (letter|request|concerns?|questions?))|get back to you (on|about) (all|each|these|your (questions|requests))|your requests|received your .{0,80}\band your\b)\b/i;

/**
 * The sentences of a reply that speak to this request. When the parent asked for one thing, the whole reply
 * does. When the parent asked for several, only the sentences about this request's kind do (a sentence that
 * names no topic carries the topic of the one before it: "The file is uploaded. You will receive a link.");
 * `general` is false when none do and the rest speaks of none of the other requests.
 */
function relevantSentences(reply: PreparedReply, kind: RequestKind, otherKinds: RequestKind[], requestText: string): { pool: string[]; general: boolean } {
  const { sentences } = reply;
  const others = new Set<string>(otherKinds.filter((k) => k !== kind));
  if (others.size === 0) return { pool: sentences, general: false };
  const effective = topicsOfReply(reply);
  if (kind !== 'information') {
    const own = sentences.filter((_, i) => effective[i]!.has(kind));
    if (own.length > 0) return { pool: own, general: false };
  } else {
    // A general question is answered by whatever the reply says that is not about the other requests.
    // A time offered answers the meeting asked for beside the question, unless the question asks when.
    const timeForSibling = others.has('meeting') && !ASKS_WHEN.test(requestText);
    const rest = sentences.filter((_, i) => ![...others].some((k) => effective[i]!.has(k)));
    const answers = (t: string) => ANSWERING.has(sentenceAct(t).act) && !(timeForSibling && sentenceAct(t).act === 'schedule');
    if (someInChunks(rest, (i) => answers(rest[i]!))) return { pool: timeForSibling ? rest.filter((t) => sentenceAct(t).act !== 'schedule') : rest, general: false };
  }
  return { pool: sentences.filter((_, i) => ![...others].some((k) => effective[i]!.has(k))), general: true };
}

// A meeting with the parent ("could you meet…", "we can meet…"), not one among staff ("meet with Mr. Park afterward").
const MEETING_AT_A_TIME = /\b(you|we|us)\b[^.?!]{0,30}\b(meet|sit down|get together)\b|\b(meet|sit down|get together) (with )?(you|us)\b/i;
const MEETING_TOPIC: ReadonlySet<string> = new Set(['meeting']);

// A question about a time or a date, which a time offered answers.
const ASKS_WHEN = /\b(when|what time|which (days?|dates?|times?)|what (days?|dates?)|how soon|dates?|times?|available|availability|schedule)\b/i;

/**
 * A reply's sentences (greetings left out) with their paragraphs, and each sentence's topics once asked for.
 * A reply is read once for every open request of its thread, and its splitting and topics are the same for
 * each: they are worked out once per text (memoized by it) and every request consults that one reading.
 */
interface PreparedReply {
  sentences: string[];
  paragraphs: number[];
  /** Each sentence's topics, a topic carried over within its paragraph; filled on the first request that needs them. */
  effective?: ReadonlyArray<ReadonlySet<string>>;
}

// Bounded memos, oldest first out (a reply recurs across the requests of its thread, a sentence across its replies).
const PREPARED = new TextMemo<PreparedReply>(20_000);

function preparedReply(text: string): PreparedReply {
  return PREPARED.remember(text, () => {
    // "Hi Ms. Mendes, the handbook is attached.": the greeting goes, what follows it stays.
    const split = splitSentences(text)
      .map((s) => ({ ...s, text: s.text.replace(GREETING_PREFIX, '') }))
      .filter((s) => s.text.length > 0 && !/^(dear|hi|hello|good (morning|afternoon|evening)|hey)\b.{0,40}$/i.test(s.text));
    return { sentences: split.map((s) => s.text), paragraphs: split.map((s) => s.paragraph) };
  });
}

function topicsOfReply(reply: PreparedReply): ReadonlyArray<ReadonlySet<string>> {
  if (reply.effective) return reply.effective;
  const { sentences, paragraphs } = reply;
  const effective: ReadonlySet<string>[] = [];
  sentences.forEach((t, i) => {
    // "Could you meet with Mr. Hale and me on Monday at 3:45?" is about a meeting, whatever the sentence before.
    const own = topicsOfSentence(t).size === 0 && MEETING_AT_A_TIME.test(t) && CONCRETE_TIME.test(t.toLowerCase()) ? MEETING_TOPIC : topicsOfSentence(t);
    // A topic carries over within its paragraph; a new paragraph starts afresh.
    effective.push(own.size > 0 || i === 0 || paragraphs[i] !== paragraphs[i - 1] ? own : effective[i - 1]!);
  });
  return (reply.effective = effective);
}

