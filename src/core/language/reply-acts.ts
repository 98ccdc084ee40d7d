/**
 * The act of one sentence of a school reply, decided from its clauses' grammar (reply-grammar.ts) and what
 * their verbs mean (reply-lexicon.ts):
 *  - refusal, grant, provision (handed over now), schedule (a concrete time set or proposed), done (the fix is
 *    told as made), arrangement (a definite future act that performs the ask, with when/where/how often) and
 *    inform (a plain statement) answer;
 *  - promise (a future, hedged or in-progress act of telling, checking, deciding or preparing), forward
 *    (passed on to someone) and ack (received, thanks for) only acknowledge;
 *  - question and courtesy do neither.
 */
import { TextMemo } from '../text-memo.js';
import { clausesOf, prepareClauses, type Clause } from './reply-grammar.js';
import {
  ACK_PHRASE, NOT_KNOWN_YET, TOLD_STAFF_VERB, COMMUNICATE_VERB, CONCRETE_DETAIL, CONCRETE_TIME, COURTESY, DELIBERATE_VERB, DONE_VERB, GRANT_VERB, NOT_A_REFUSAL,
  PASSED_ON, PREPARE_VERB, isVerbOf, PROPOSAL, PROVIDE_VERB, PROVISION_PHRASE, REFUSAL_PHRASE, REFUSAL_VERB, SCHEDULE_VERB, STARTING_ON, WHAT_IS_PASSED, NOT_MINE_TO_DECIDE,
} from './reply-lexicon.js';

export type SentenceActKind =
  | 'refusal' | 'provision' | 'grant' | 'schedule' | 'done' | 'arrangement' | 'promise' | 'forward' | 'inform' | 'ack' | 'question' | 'courtesy';

export interface SentenceAct {
  act: SentenceActKind;
  /** The rule that decided, named for "Why we think this" (never message text). */
  rule: string;
  sentence: string;
  /** Every act the sentence's clauses take, strongest first (a sentence can schedule one thing and forward another). */
  parts?: Array<{ act: SentenceActKind; rule: string }>;
}

/** Strength order: when a sentence's clauses differ, the first of these that occurs is the sentence's act. */
export const ACT_ORDER: readonly SentenceActKind[] = ['refusal', 'provision', 'grant', 'schedule', 'done', 'arrangement', 'promise', 'forward', 'inform', 'ack', 'question', 'courtesy'];

/** Acts that answer a request; the others at most acknowledge it. */
export const ANSWERING: ReadonlySet<SentenceActKind> = new Set(['refusal', 'provision', 'grant', 'schedule', 'done', 'arrangement', 'inform']);

// A mailbox's school sentences are read once per open request they may answer.
const ACTS = new TextMemo<SentenceAct>(100_000);

/** The act of one sentence (memoized by its text: a reply is read once for each open request). */
export function sentenceAct(sentence: string): SentenceAct {
  return ACTS.remember(sentence, decide);
}

/** Tags, in one pass, the sentences whose act is not known yet (their acts are then read from the grammar's memo). */
export function prepareActs(sentences: readonly string[]): void {
  const needed = sentences.filter((s) => !ACTS.has(s) && !isCourtesy(lowered(s)));
  if (needed.length > 1) prepareClauses(needed.map(grammarInput));
}

const lowered = (sentence: string) => sentence.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim().replace(/^(and|so|but|also|ok(ay)?),? /, '');
const grammarInput = (sentence: string) => sentence.replace(/[’‘]/g, "'").replace(/^(and|so|but|also|ok(ay)?),? /i, '');
// "I am so sorry Alyssa was hurt", "we're sorry to hear that": sympathy answers nothing, unless it goes on to
// refuse or explain ("I'm sorry, but we cannot…").
const SYMPATHY = /^(i am|i'm|we are|we're|i was|we were) (so |very |truly |really |deeply |terribly )?(sorry|sad|saddened|heartbroken)\b(?!.*\b(but|however|cannot|can't|unable|not|no longer|won't|because|since|although)\b)/;
// "You're right, and I apologize.", "My apologies for the delay.": owning a mistake tells nothing of the ask.
const APOLOGY = /^((you are|you're) (right|correct|absolutely right)|(i|we) (sincerely |truly |do )?apologi[sz]e|my apologies|sorry (for|about) (the|this|that|my|our))\b(?!.*\b(but|however|cannot|can't|unable|because|yes|attached)\b)/;
const isCourtesy = (lower: string) => (COURTESY.test(lower) || SYMPATHY.test(lower) || APOLOGY.test(lower)) && !PROVISION_PHRASE.test(lower) && lower.length < 90 && !/\b(will|i'll|we'll)\b/.test(lower);

function decide(sentence: string): SentenceAct {
  const lower = lowered(sentence);
  const at = (act: SentenceActKind, rule: string): SentenceAct => ({ act, rule, sentence });
  if (isCourtesy(lower)) return at('courtesy', 'courtesy');
  if (NOT_KNOWN_YET.test(lower)) return at('ack', 'ack:not-known-yet');
  const clauses = clausesOf(grammarInput(sentence));
  const acts = clauses.map((c) => clauseAct(c, lower));
  // "Yes, …" / "Of course, …" grants the yes/no ask whatever the tense of what follows.
  if (/^(yes|yep|sure|absolutely|of course|certainly|definitely|that'?s fine|that is fine|no problem)\b/.test(lower) && !acts.some((a) => a?.act === 'refusal')) {
    acts.unshift({ act: 'grant', rule: 'grant:yes', sentence });
  }
  // "His log (attached) shows six missed sessions": the aside hands the document over; the grammar reads the
  // sentence without its asides.
  if (ATTACHED_ASIDE.test(lower)) acts.unshift({ act: 'provision', rule: 'provision:aside', sentence });
  if (PROPOSAL.test(lower) && CONCRETE_TIME.test(lower)) acts.unshift({ act: 'schedule', rule: 'schedule:proposed-time', sentence });
  const present = acts.filter((a): a is SentenceAct => a !== null);
  // "Please sign and return…", "Please let me know if…": a sentence opened by a request asks, it does not answer.
  if (/^please\b/.test(lower) && clauses[0]?.form === 'imperative' && !present.some((a) => a.act === 'provision' || a.act === 'schedule')) return at('question', 'school-asks');
  if (present.length === 0) {
    if (/\?\s*$/.test(lower)) return at('question', 'question');
    // Only an imperative or a condition ("Please sign and return it."): the school asks, it does not answer.
    if (clauses.some((c) => c.form === 'imperative' || c.conditional)) return at('question', 'school-asks');
    // A verbless line is a greeting, a name or a signature unless it carries a time, a number or a hand-over.
    const signature = /,$/.test(lower) || /^--|\||\(\d{3}\)|\d{3}-\d{4}|@/.test(lower) || (titleCase(sentence) && !CONCRETE_TIME.test(lower) && !/\d/.test(lower));
    const substantive = CONCRETE_TIME.test(lower) || /\b(attached|enclosed|below)\b/.test(lower) || lower.split(' ').length >= 6;
    return substantive && !signature ? at('inform', 'statement:fragment') : at('courtesy', 'fragment');
  }
  present.sort((a, b) => ACT_ORDER.indexOf(a.act) - ACT_ORDER.indexOf(b.act));
  // "I can't excuse absences myself, so I've forwarded your note", "transportation can't assign an aide on its own;
  // that has to come from his IEP team": not the writer's to decide, so the ask is routed, not refused (guide C5).
  if (present[0]!.act === 'refusal' && NOT_MINE_TO_DECIDE.test(lower)) return at('forward', 'forward:not-mine-to-decide');
  const best = present[0]!;
  // A question the school asks back ("Could you send me his doctor's note?") answers nothing by itself.
  if (/\?\s*$/.test(lower) && (best.act === 'inform' || best.act === 'grant' || best.act === 'arrangement')) return at('question', 'question');
  return { ...best, sentence, parts: present.map((p) => ({ act: p.act, rule: p.rule })) };
}

function clauseAct(c: Clause, sentence: string): SentenceAct | null {
  const at = (act: SentenceActKind, rule: string): SentenceAct => ({ act, rule, sentence });
  const t = c.text;
  // A clause that holds only on another event ("if the team agrees", "once we receive it") decides nothing.
  if (c.conditional) return null;
  if (REFUSAL_PHRASE.test(t) && !NOT_A_REFUSAL.test(sentence)) return at('refusal', 'refusal:phrase');
  // "Your request is denied", "we decline…": the refusing verb is the clause's own, not a word in an aside
  // ("the options that were rejected").
  if (isVerbOf(REFUSAL_VERB, c.verb) && c.actor !== 'parent' && !c.negative && !NOT_A_REFUSAL.test(sentence)) return at('refusal', `refusal:${c.form}`);
  // "We do not plan to hold…", "the district will not fund…": the school says it will not do it. A negated
  // past ("he has not had speech since May") reports, and knowing or worrying refuses nothing.
  if (c.negative && c.actor !== 'parent' && (c.form === 'present' || c.form === 'future' || c.form === 'can') && !/^(know|remember|recall|mind|hesitate|worry|have|has|see|hear|want|mean|expect)$/.test(c.verb) && !NOT_A_REFUSAL.test(sentence) && !/\?\s*$/.test(sentence)) {
    return at('refusal', `refusal:negated-${c.form}`);
  }
  if (ACK_PHRASE.test(t)) return at('ack', 'ack:received');
  if (/^(please )?(let me|let us|let's) (check|see|ask|find out|look|talk|review|confirm|follow|get back|reach|touch|consult|double-check|verify|figure)/.test(t)) return at('promise', 'promise:let-me');
  // Only the school passes a letter on; "you can send it to me" tells the parent where to hand it in.
  const passedOn = c.actor !== 'parent' && PASSED_ON.test(t) && WHAT_IS_PASSED.test(t) && !/\bwith you\b|\bto you\b/.test(t);
  if (passedOn) return at('forward', `forward:${c.form}`);
  // "Mr. DiMaio forwarded me your letter": the letter reached the writer; nothing went to the parent.
  if (c.actor !== 'parent' && c.actor !== 'speaker' && TO_THE_WRITER.test(t) && WHAT_IS_PASSED.test(t)) return at('forward', 'forward:to-the-writer');
  if (PROVISION_PHRASE.test(t) && c.form !== 'future' && c.form !== 'hedged') return at('provision', 'provision:phrase');
  // "The team developed the enclosed evaluation design", "please sign the attached consent": the thing named comes with the reply.
  if (/\b(the|our|this) (attached|enclosed)\b/.test(t) && c.form !== 'future' && c.form !== 'hedged' && c.actor !== 'parent' && !c.negative) return at('provision', 'provision:named-enclosed');
  // Told as done or under way ("I'm attaching", "I've sent", "it was mailed"); a habit ("it is provided") is no hand-over.
  const now = c.form === 'progressive' || c.form === 'perfect' || c.form === 'past' || (c.form === 'present' && !c.passive && c.actor === 'speaker');
  // "The speech position has been posted": a job advertised is not a thing handed to the parent.
  const staffing = c.passive && STAFFING_NOUN.test(c.subject ?? '');
  if (now && isVerbOf(PROVIDE_VERB, c.verb) && c.actor !== 'parent' && !c.negative && !staffing && !/\?\s*$/.test(t) && (/\b(you|your|home|the portal|backpack|folder)\b/.test(t) || c.actor === 'speaker' || c.passive)) {
    return at('provision', `provision:${c.form}`);
  }
  if ((c.form === 'present' || c.form === 'perfect' || c.form === 'past') && isVerbOf(GRANT_VERB, c.verb) && !c.negative && c.actor !== 'parent') return at('grant', `grant:${c.form}`);
  if (CONCRETE_TIME.test(t) && (c.form === 'present' || c.form === 'perfect' || c.form === 'past') && (isVerbOf(SCHEDULE_VERB, c.verb) || /\b(is|will be|are) (on|at|set for)\b/.test(t)) && !c.negative) {
    return at('schedule', `schedule:${c.form}`);
  }
  // "It's Thursday at 3:15 in Room 14", "she is back in group starting tomorrow at 10:15": when it happens.
  if (c.form === 'present' && !c.negative && CONCRETE_TIME.test(t) && /^(is|are|'s|be|start|starts|begin|begins|resume|resumes|return|returns|run|runs|meet|meets|happen|happens)$/.test(c.verb) && !/\?\s*$/.test(t)) {
    return at('arrangement', 'arrangement:present-time');
  }
  // "…so the evaluation can start": a purpose clause says what a promised act is for; it grants nothing.
  if (c.form === 'can' && /^so (that )?/.test(t)) return null;
  // "I can send you his probes next week": an offer to hand something over later has not handed it over.
  if (c.form === 'can' && c.actor === 'speaker' && !c.negative && isVerbOf(PROVIDE_VERB, c.verb) && !/\?\s*$/.test(t)) return at('promise', 'promise:can-send');
  if (c.form === 'can' && c.actor !== 'parent' && !/\?\s*$/.test(t) && !c.negative) {
    if (CONCRETE_TIME.test(t) && /^(meet|do|hold|schedule|see|come|talk|offer|suggest|propose)/.test(c.verb)) return at('schedule', 'schedule:can-meet');
    if (!isVerbOf(COMMUNICATE_VERB, c.verb) && !isVerbOf(DELIBERATE_VERB, c.verb)) return at('grant', 'grant:can');
    // "We can go over her schedule at the meeting on the 15th": an offer to talk it over later, not the answer.
    if (isVerbOf(DELIBERATE_VERB, c.verb)) return at('promise', 'promise:can-deliberate');
  }
  if (c.form === 'can' && c.actor === 'parent' && !/\?\s*$/.test(t) && !isVerbOf(COMMUNICATE_VERB, c.verb)) return at('grant', 'grant:you-can');
  // "You can send it to me", "you can email the form to Ms. Ortiz": the parent is told where a thing goes (an
  // answer to "who do I send it to?"); "you can email me with any questions" hands over nothing.
  if (c.form === 'can' && c.actor === 'parent' && !c.negative && !/\?\s*$/.test(t) && isVerbOf(PROVIDE_VERB, c.verb) && handsOverThing(c)) return at('grant', 'grant:you-can-send');
  if ((c.form === 'perfect' || c.form === 'past') && isVerbOf(TOLD_STAFF_VERB, c.verb) && c.actor === 'speaker' && !/\b(you|your family)\b/.test(t.replace(/\b(you|your) (requested|asked|wanted|mentioned|sent)\b/g, ''))) {
    return at('forward', `forward:told-staff-${c.form}`);
  }
  if ((c.form === 'perfect' || c.form === 'past') && isVerbOf(DONE_VERB, c.verb) && (c.actor === 'speaker' || c.actor === 'third' || c.passive) && !c.negative) {
    return at('done', `done:${c.form}`);
  }
  // "I will make sure the form goes home by Friday": an outcome promised, whatever its complement says.
  if ((c.form === 'future' || c.intended) && !c.negative && c.actor !== 'parent' && OUTCOME_VERB.test(c.verb)) return at('promise', 'promise:future-ensure');
  // "I am trying to reach the evaluator", "we would like to meet first": an act intended or attempted is not done.
  if (c.intended && !c.negative && c.actor !== 'parent' && !/\?\s*$/.test(t) && !SAYING_VERB.test(c.verb) && c.form !== 'future') return at('promise', `promise:intended-${verbClass(c.verb)}`);
  if (c.form === 'future' || c.form === 'hedged' || c.form === 'progressive' || EXPECT_TO.test(t)) {
    const decision = GRANT_OR_DENY.test(t) || /\bmake (a|the|its|our|his|her|their|a final|the final|its final) (\w+ )?(decision|determination|recommendation)\b/.test(t);
    // "You will receive / hear / get …": the school's delivery, promised.
    if (c.form === 'future' && c.actor === 'parent' && /^(receive|get|hear|have|be contacted|see)/.test(c.verb)) return at('promise', 'promise:you-will-receive');
    // Preparing is done to things; "Ms. Carr will pull him for reading group" does the service to the child.
    const prepares = isVerbOf(PREPARE_VERB, c.verb) && !new RegExp(`\\b${c.verb.split(' ')[0]}( \\w+)? (him|her|them)\\b`).test(t);
    const talk = decision || isVerbOf(COMMUNICATE_VERB, c.verb) || isVerbOf(DELIBERATE_VERB, c.verb) || prepares || (c.verb === 'be' && /\bbe (reviewed|processed|discussed|considered|looked|in touch)\b/.test(t));
    // In progress: checking or preparing leaves it open; writing or telling now is a statement.
    if (c.form === 'progressive' && (!talk || (isVerbOf(COMMUNICATE_VERB, c.verb) && !isVerbOf(DELIBERATE_VERB, c.verb) && !isVerbOf(PREPARE_VERB, c.verb)))) return at('inform', 'statement:progressive');
    // "It should not have been sent": a counterfactual past reports; it promises nothing.
    if (c.form === 'hedged' && /\b(should|would|could|might|must)( not|n't)? have (been )?\w+/.test(t)) return at('inform', 'statement:counterfactual');
    // "The emails should be ready in about a week": a delivery expected, which is a promise of it.
    if (c.form === 'hedged' && c.actor !== 'parent' && !c.negative && EXPECTED_READY.test(t)) return at('promise', 'promise:expected');
    // "It should not have happened", "we could add a break card": a hedged statement or offer, not a promise.
    if (c.form === 'hedged' && !talk) return /\?\s*$/.test(t) ? null : at('inform', 'statement:hedged');
    if (talk) return at('promise', `promise:${c.form}-${verbClass(c.verb)}`);
    if (CONCRETE_TIME.test(t) || CONCRETE_DETAIL.test(t)) return at('arrangement', 'arrangement:future-concrete');
    // "Ms. B will be his shared para in ELA, math and science starting Monday, October 19": the start date sits
    // past the list's commas, outside the clause the grammar cut.
    if (STARTING_ON.test(sentence) && CONCRETE_TIME.test(sentence)) return at('arrangement', 'arrangement:future-start');
    return at('promise', 'promise:future');
  }
  if (c.form === 'none') return null;
  if (c.form === 'imperative') return null;
  return at('inform', `statement:${c.form}`);
}

/** A verbless line in title case ("Dr. Ana Ruiz Director of Student Services") is a name and a title, not a statement. */
function titleCase(line: string): boolean {
  const words = line.replace(/[.,]/g, ' ').split(/\s+/).filter((w) => w && !/^(of|and|the|for|&|at|to|in)$/i.test(w));
  return words.length >= 3 && words.filter((w) => /^[A-Z0-9]/.test(w)).length / words.length >= 0.8;
}

/** The clause's verb takes a thing as its object ("send it", "email the form"), not a person ("email me"). */
function handsOverThing(c: Clause): boolean {
  const verb = c.verb.split(' ')[0]!;
  const after = c.text.slice(c.text.indexOf(verb) + verb.length);
  return /^( (it|them|this|that|these|those|the|your|his|her|a|an|any|all)\b)/.test(after) && !/^ (it|them) (at|by) /.test(after) && !/\b(questions?|concerns?|thoughts|comments)\b/.test(after);
}

// Expected to be ready or on its way ("should be ready in about a week", "should arrive by Friday").
const EXPECTED_READY = /\bshould (be (ready|done|complete|completed|finished|available|sent|mailed|out|in the mail|back)|arrive|go out|come back)\b/;
const TO_THE_WRITER = /\b(forwarded|forwards|sent|gave|passed|shared|handed|brought|routed) (me|us)\b/;
const ATTACHED_ASIDE = /\((see )?(the )?(attached|enclosed)( here| below)?\)/;

// What a district posts to hire, not to hand over.
const STAFFING_NOUN = /\b(position|positions|job|jobs|opening|openings|vacancy|vacancies|posting)\b/i;

// Verbs that promise an outcome rather than an act ("make sure the form goes home").
const OUTCOME_VERB = /^(make sure|make certain|ensure|ensures|ensuring|see to it|guarantee)$/;
// Intending to say something is saying it ("I'd like to clarify that…").
const SAYING_VERB = /^(clarify|explain|note|mention|point|point out|remind|add|say|assure|reassure|let|tell|inform|thank|apologi[sz]e|acknowledge|welcome|introduce)$/;
// "We expect to grant or deny your request on or about October 22": the decision itself is still to come.
const GRANT_OR_DENY = /\b(grant|approve|accept) or (deny|refuse|reject|decline)\b|\b(a|the|our) (decision|determination|response) (on|about|regarding)\b/;
// "We expect to…", "we hope to…", "we aim to…": a future act told through the writer's expectation.
const EXPECT_TO = /\b(we|i|the (district|school|team|office)) (expects?|hopes?|aims?|intends?|anticipates?|plans?) to\b/;

function verbClass(verb: string): string {
  if (isVerbOf(COMMUNICATE_VERB, verb)) return 'communicate';
  if (isVerbOf(DELIBERATE_VERB, verb)) return 'deliberate';
  return 'prepare';
}
