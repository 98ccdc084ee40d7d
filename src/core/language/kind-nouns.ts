/**
 * What the object of an ask is, as data: the nouns (and compounds) that name each kind of request, the
 * modifiers that change a head's kind, and the verbs that decide whatever their object. askObject
 * (ask-object.ts) finds the object phrase; kindOfObject reads it here. A compound is looked up before its head
 * ("progress report" before "report"), the head (the phrase's last noun) before the words that modify it.
 */
import type { RequestKind } from '../types.js';
import type { AskObject } from './ask-object.js';

type Kind = RequestKind;

/** Nouns that name what is asked for. Plural forms are found by their singular. */
const NOUNS: Record<Kind, readonly string[]> = {
  iee: ['iee', 'independent evaluation', 'independent assessment', 'independent evaluator', 'outside evaluation', 'outside evaluator', 'independent examiner'],
  pwn: ['pwn', 'prior notice', 'written notice', 'prior written notice', 'written explanation', 'written reason'],
  evaluation: ['evaluation', 'eval', 'reevaluation', 're-evaluation', 'assessment', 'reassessment', 'fba', 'testing', 'screening', 'referral', 'triennial', 'psychoeducational', 'neuropsych', 'neuropsychological', 'eligibility', 'fiie'],
  meeting: ['meeting', 'conference', 'mdr', 'manifestation determination', 'sit-down'],
  progress: ['progress', 'progress report', 'progress note', 'progress data', 'progress-monitoring data', 'monitoring data', 'goal data', 'data', 'probe', 'graph', 'benchmark', 'baseline', 'measurement'],
  records: ['record', 'file', 'log', 'service log', 'session log', 'documentation', 'document', 'report card', 'transcript', 'video', 'footage', 'recording', 'email', 'result', 'test result', 'test score', 'score', 'protocol', 'evaluation report', 'assessment report', 'report', 'summary', 'version', 'iep document', 'draft', 'iep', '504 plan', 'bip', 'behavior plan'],
  services: ['service', 'therapy', 'speech', 'speech therapy', 'language therapy', 'ot', 'pt', 'occupational therapy', 'physical therapy', 'counseling', 'counselling', 'session', 'minute', 'make-up', 'makeup', 'compensatory', 'tutoring', 'instruction', 'home instruction', 'intervention', 'interventionist', 'therapist', 'slp', 'transportation', 'bus', 'driver', 'esy', 'extended school year', 'aide', 'para', 'paraprofessional', 'provider', 'resource room', 'pull-out', 'push-in', 'social work', 'transition support', 'pick-up time', 'pickup time', 'pick up time'],
  accommodations: ['accommodation', 'modification', 'extended time', 'extra time', 'seating', 'break', 'support', 'class note', 'guided note', 'calculator', 'audiobook', 'read-aloud', 'scribe', 'check-in', 'fidget', 'headphone', 'planner', 'fm system', 'hearing aid', 'accommodations page'],
  information: ['information', 'explanation', 'description', 'clarification', 'answer', 'detail', 'reason', 'process', 'procedure', 'policy', 'criteria', 'regulation', 'law', 'rule', 'option', 'deadline', 'name', 'contact', 'step', 'timeline', 'date', 'strategy', 'safeguard', 'procedural safeguard', 'rights booklet', 'guideline', 'handbook'],
};

/** Modifiers that make a head another kind: an independent evaluation is an IEE. */
const MODIFIED: ReadonlyArray<[modifier: RegExp, head: Kind, becomes: Kind | null]> = [
  [/^(independent|outside|private)$/, 'evaluation', 'iee'],
  [/^(progress|progress-monitoring|monitoring|goal)$/, 'records', 'progress'],
  // FBA, behaviour and incident data are the evaluation's or the school's records, not goal progress.
  [/^(fba|behaviou?r|abc|incident|attendance|discipline|restraint|seclusion)$/, 'progress', 'records'],
  // Spring break is a holiday, not a sensory break.
  [/^(spring|winter|summer|fall|holiday|thanksgiving|christmas|mid-?winter|lunch|february|april)$/, 'accommodations', null],
];
/** A teacher names no kind of request; the teacher who delivers a service does (a special educator, a homebound teacher). */
const TEACHER = /^(teachers?|educators?)$/;
const DELIVERING = /^(special|resource|homebound|itinerant|reading|math|intervention|title)$/;
/** Phrases anywhere in the object that decide it: an evaluation "at public expense" is an IEE. */
const DECIDING_PHRASES: ReadonlyArray<[RegExp, Kind]> = [[/\b(public|district'?s?|doe'?s?|school'?s?|agency'?s?) expense\b/, 'iee']];
/** Heads that only say "some of": what they are of decides ("a list of qualified examiners"). */
const CONTAINERS = new Set(['list', 'set', 'part', 'page', 'section', 'kind', 'type', 'number', 'amount', 'some', 'any', 'all']);
/** A copy is records unless it is a copy of progress data, class notes or the rules (what it is of decides). */
const COPY = new Set(['copy', 'copies']);
/** Verbs that act on a document rather than ask for it: a letter placed in the file asks nothing of the records. */
const ON_A_DOCUMENT = /^(plac|put|add|attach|includ|insert|fil|keep|correct|amend|translat|chang|fix|remov|revis|updat)(e|es|ed|d|ted)?$/;
/** Heads that ask about something: what they are about decides when it is a service, plan item or progress. */
const ABOUT = /^(information|details?|explanations?|descriptions?|clarification|answers?|updates?)$/;
/** What the parent writes: acted on (placed in the file, attached to the plan), it is no record asked for. */
const PARENT_WRITING = /^(letters?|statements?|concerns?|responses?|rebuttals?|notes?|input|comments?)$/;
/** Verbs that ask for the act itself, whatever their object ("evaluate him for dyslexia"). */
const ACTS: ReadonlyArray<[RegExp, Kind]> = [
  [/^(evaluat|assess|test|screen|re-?evaluat|reassess|refer)(e|ed|d)?$/, 'evaluation'],
  [/^(meet|convene|reconvene)$/, 'meeting'],
];

const LOOKUP = new Map<string, Kind>();
for (const [kind, words] of Object.entries(NOUNS) as Array<[Kind, readonly string[]]>) for (const word of words) if (!LOOKUP.has(word)) LOOKUP.set(word, kind);

const singular = (w: string) => (w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w);
const kindOfWord = (w: string): Kind | undefined => LOOKUP.get(w) ?? LOOKUP.get(singular(w));

export interface ObjectKind {
  kind: Kind;
  /** The noun, compound or verb that decided ("progress report"). */
  noun: string;
}

/**
 * The kind named by one phrase: its compound, then its head (turned by a modifier), then nothing. The tagger
 * sometimes runs a verb into the phrase ("the homebound teacher start", "the itinerant teacher visits his
 * classroom"), so when the last word names nothing, the phrase is read again without it (twice at most).
 */
function kindOfPhrase(phrase: readonly string[]): ObjectKind | 'container' | 'copy' | null {
  const words = phrase.filter((w) => w !== 'and');
  for (let drop = 0; drop <= Math.min(2, words.length - 1); drop++) {
    const found = kindOfWords(words.slice(0, words.length - drop));
    if (found !== null) return found;
  }
  return null;
}

function kindOfWords(words: readonly string[]): ObjectKind | 'container' | 'copy' | null {
  if (words.length === 0) return null;
  const head = words.at(-1)!;
  for (const size of [3, 2]) {
    if (words.length < size) continue;
    const compound = [...words.slice(-size, -1), singular(head)].join(' ');
    const kind = LOOKUP.get(compound) ?? LOOKUP.get(words.slice(-size).join(' '));
    if (kind) return { kind, noun: compound };
  }
  if (COPY.has(head)) return 'copy';
  if (CONTAINERS.has(singular(head))) return 'container';
  if (TEACHER.test(head)) {
    const modifier = words.slice(0, -1).find((w) => DELIVERING.test(w));
    return modifier ? { kind: 'services', noun: `${modifier} ${head}` } : null;
  }
  const kind = kindOfWord(head);
  if (!kind) return null;
  for (const [modifier, from, becomes] of MODIFIED) {
    if (kind !== from || !words.slice(0, -1).some((w) => modifier.test(w))) continue;
    return becomes === null ? null : { kind: becomes, noun: `${words.find((w) => modifier.test(w))} ${head}` };
  }
  return { kind, noun: head };
}

/** What a copy or a list is of: the next phrases, until one names a kind. */
function kindOfWhatItIsOf(rest: readonly string[][]): ObjectKind | null {
  for (const next of rest.slice(0, 2)) {
    const of = kindOfPhrase(next);
    if (of && typeof of === 'object') return of;
  }
  return null;
}

/**
 * The kind the ask's object names, or null when its head names none of them. Only the object phrase and what a
 * container is of are read: the rest of the sentence (the reason, the time, the people) says nothing of the kind.
 */
export function kindOfObject(ask: AskObject | null): ObjectKind | null {
  if (!ask) return null;
  // "Please make sure his OT is at the meeting", "please confirm that…": what is to be made sure of or confirmed
  // is no object of a request; the rules that know attendance and receipt decide.
  if (/^(make|ensure|confirm|check|verify)$/.test(ask.verb) && ask.frame.endsWith(':content')) return null;
  const all = ask.phrases.map((p) => p.join(' ')).join(' | ');
  const namesEvaluation = () => ask.phrases.some((p) => { const k = kindOfPhrase(p); return typeof k === 'object' && k?.kind === 'evaluation'; });
  for (const [re, kind] of DECIDING_PHRASES) {
    const phrase = re.exec(all);
    if (phrase && namesEvaluation()) return { kind, noun: phrase[0] };
  }
  for (const [re, kind] of ACTS) if (re.test(ask.verb)) return { kind, noun: ask.verb };
  const [first, ...rest] = ask.phrases;
  if (!first) return null;
  let own = kindOfPhrase(first);
  // "I request that the school conduct an FBA": the embedded clause's subject, then its verb's object.
  if (own === null && ask.frame === 'i-want-that' && !ask.passive && rest[0]) own = kindOfPhrase(rest[0]);
  // "Please place this letter in his file", "that the summary be corrected": acting on a document, the parent's own
  // letter or the child's file, asks a question about it, not for a copy.
  if (ON_A_DOCUMENT.test(ask.verb) && ask.phrases.slice(0, 2).some((p) => { const k = kindOfPhrase(p); return k === 'copy' || (typeof k === 'object' && k?.kind === 'records') || PARENT_WRITING.test(p.at(-1) ?? ''); })) {
    return { kind: 'information', noun: `${ask.verb} a document` };
  }
  if (own === null) return null;
  if (own === 'copy') {
    // "Could you email me a copy?": a copy of nothing named is a copy of what the sentences before it name.
    if (rest.length === 0) return null;
    const of = kindOfWhatItIsOf(rest);
    return of && ['progress', 'accommodations', 'information'].includes(of.kind) ? of : { kind: 'records', noun: 'copy' };
  }
  if (own === 'container') return kindOfWhatItIsOf(rest);
  // "Information about what services he will receive": information about a service's delivery is that service.
  if (own.kind === 'information' && ABOUT.test(own.noun)) {
    const about = rest.map(kindOfPhrase).find((k): k is ObjectKind => typeof k === 'object' && k !== null && QUESTION_KINDS.has(k.kind));
    if (about) return about;
  }
  return own;
}

// What a question asks about: the delivery of a service, a plan item or progress is that kind ("Which days does the
// interventionist come?", "What supports will he have?"); a question about an evaluation, a meeting, a document or a
// process asks for information about it ("What paperwork do I submit to start the IEE?").
const QUESTION_KINDS: ReadonlySet<Kind> = new Set(['services', 'accommodations', 'progress']);

/** The kind a question's phrases name, read in order, or null (then the question asks for information). */
export function kindOfQuestion(ask: AskObject | null): ObjectKind | null {
  // Who, where and why ask about a person, a place or a reason, whatever else the question names.
  if (!ask || /^(who|whom|where|why)$/.test(ask.opener ?? '')) return null;
  for (const phrase of ask.phrases) {
    const of = kindOfPhrase(phrase);
    if (of && typeof of === 'object' && QUESTION_KINDS.has(of.kind)) return of;
  }
  return null;
}
