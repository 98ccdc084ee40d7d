/**
 * The grammar a reply is read by: each clause of a sentence with its subject, its main verb and the verb's
 * form (tense, mood, voice, negation), from compromise's part-of-speech tags. A thin adapter: the rest of the
 * reply reading sees only `Clause`, never the library, so the one shared tagger can replace it.
 */
import { TextMemo } from '../text-memo.js';
import { alternation, SCHOOL_BODIES, STAFF_ROLES } from './lexicon.js';
import { termsOfAll, type Term } from './reply-tagger.js';

const THIRD_PARTY = new RegExp(`^(he|she|they|${alternation([...STAFF_ROLES, ...SCHOOL_BODIES], { plural: true })})$`);

export type VerbForm =
  /** will / shall / 'll / going to / plan to: a future act. */
  | 'future'
  /** would / could / might / may / should: hedged or conditional. */
  | 'hedged'
  /** can: an ability or permission in the present ("she can retake it"). */
  | 'can'
  /** have / has + participle. */
  | 'perfect'
  | 'past'
  /** am / is / are + -ing. */
  | 'progressive'
  | 'present'
  /** No subject, a bare verb first ("See attached", "Please let me know"). */
  | 'imperative'
  /** The clause has no verb ("Attached: the schedule", "Thanks!"). */
  | 'none';

/** Who acts in the clause. */
export type Actor = 'speaker' | 'parent' | 'third' | 'thing' | 'none';

export interface Clause {
  /** The clause's words as written, lower-cased and whitespace-squashed. */
  text: string;
  actor: Actor;
  /** The subject's words, lower-cased ("ms. k", "the team", "i"). */
  subject: string;
  /** The main verb as written, lower-cased ("attaching", "scheduled", "send"). */
  verb: string;
  form: VerbForm;
  passive: boolean;
  negative: boolean;
  /** Opened by if / once / when / unless / after / as soon as / until: it holds for another event. */
  conditional: boolean;
  /** The verb is the complement of an intention or effort ("plan to", "try to", "would like to"): the act is meant, not done. */
  intended: boolean;
  /** Bare verbs coordinated with the main one, sharing its subject and auxiliary ("will look at it and have…" → have). */
  also: string[];
}

const FUTURE_MODALS = new Set(['will', 'shall', "'ll", 'll', 'wo']);
const HEDGED_MODALS = new Set(['would', 'could', 'might', 'may', 'should', 'must', "'d"]);
const HAVE = new Set(['have', 'has', "'ve", 'had']);
const BE = new Set(['am', 'is', 'are', "'m", "'re", "'s", 'was', 'were', 'be', 'been', 'being']);
const NEGATIONS = new Set(['not', "n't", 'never', 'no']);
const CONDITIONAL_OPENERS = new Set(['if', 'once', 'when', 'unless', 'after', 'until', 'whether', 'whenever']);
const CLAUSE_CONJUNCTIONS = new Set(['and', 'but', 'so', 'then', 'or']);
const SPEAKER = /^(i|we|me|us|myself|ourselves)$/;
/** Verbs whose "to" complement carries the act ("we plan to send", "I'll try to get"). */
const CATENATIVE = /^(plan|plans|planning|hope|hopes|hoping|expect|expects|expecting|intend|intends|intending|aim|aims|try|tries|trying|like|love|start|starts|begin|begins|continue|continues)$/;
/** The catenatives of intention or effort: what follows them is not yet done. */
const INTENTION = /^(plan|plans|planning|hope|hopes|hoping|expect|expects|expecting|intend|intends|intending|aim|aims|try|tries|trying|like|love)$/;
/** Verbs whose -ing complement carries the act ("we will start sending the logs"). */
const ASPECTUAL = /^(start|starts|starting|begin|begins|beginning|continue|continues|continuing|keep|keeps|resume|resumes)$/;

/** The clauses of one sentence, in order (remembered by the sentence: a reply is read once per open request). */
export function clausesOf(sentence: string): readonly Clause[] {
  const hit = CLAUSES.get(sentence);
  if (hit) return hit;
  prepareClauses([sentence]);
  return CLAUSES.get(sentence)!;
}

/**
 * Tags the sentences not read yet in one pass of the tagger and remembers their clauses: a call has a cost
 * of its own (reply-tagger.ts), and a sentence's tags do not depend on the sentences tagged with it.
 */
export function prepareClauses(sentences: readonly string[]): void {
  const todo = [...new Set(sentences)].filter((s) => !CLAUSES.has(s));
  if (todo.length === 0) return;
  const tagged = termsOfAll(todo.map(withoutAsides));
  todo.forEach((sentence, i) => {
    CLAUSES.set(sentence, clausesFrom(tagged[i]!));
  });
}

const CLAUSES = new TextMemo<readonly Clause[]>(100_000);

/**
 * Asides in parentheses and possessive names ("Ethan's file") confuse the tagger: the first reads as verbs
 * ("reports", "logs"), the second as "Ethan is".
 */
export function withoutAsides(sentence: string): string {
  return sentence
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\b([A-Z][a-z]+)'s\b/g, (m, w: string) => (/^(it|that|he|she|what|there|here|who|let|where|how|this)$/i.test(w) ? m : 'the'));
}

function clausesFrom(terms: Term[]): Clause[] {
  const clauses = splitClauses(terms).map(readClause).filter((c): c is Clause => c !== null);
  // A clause without a subject of its own after one with a subject shares it ("Ms. Ruiz is copied and will…").
  for (let i = 1; i < clauses.length; i++) {
    const c = clauses[i]!;
    if (c.actor === 'none' && c.form !== 'imperative' && c.form !== 'none' && !c.conditional) {
      clauses[i] = { ...c, actor: clauses[i - 1]!.actor, subject: clauses[i - 1]!.subject };
    }
  }
  return clauses;
}

// "by Thursday, September 17 to set a date": the comma after a weekday goes on with its date, not a new subject.
const WEEKDAY = /^(mon|tues|wednes|thurs|fri|satur|sun)day$/;
const MONTH = /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?$/;
const datePastWeekday = (prev: Term, t: Term) => WEEKDAY.test(prev.normal) && MONTH.test(t.normal);

/**
 * Clause boundaries: after ; or : or a dash, at a subordinating opener (if, once, when…), and at a
 * coordinating conjunction or comma that is followed by a new subject and its verb ("…, and the team will…").
 */
function splitClauses(terms: Term[]): Term[][] {
  const clauses: Term[][] = [];
  let current: Term[] = [];
  const startsSubjectVerb = (i: number) => {
    const t = terms[i];
    if (!t || !(t.tags.has('Pronoun') || t.tags.has('Noun') || t.tags.has('Determiner') || t.tags.has('ProperNoun'))) return false;
    for (let j = i; j < Math.min(terms.length, i + 8); j++) {
      const v = terms[j]!;
      if (!v.tags.has('Verb')) continue;
      // A word right after a determiner is a noun whatever the tagger says ("and both reports by Friday").
      if (j > i && terms[j - 1]!.tags.has('Determiner') && !v.tags.has('Auxiliary') && !v.tags.has('Modal')) continue;
      return j > i;
    }
    return false;
  };
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    const prev = terms[i - 1];
    const breakBefore =
      current.length > 0 &&
      ((CONDITIONAL_OPENERS.has(t.normal) && i > 0) ||
        (t.normal === 'who' && prev !== undefined && /,/.test(prev.post)) ||
        (CLAUSE_CONJUNCTIONS.has(t.normal) && startsSubjectVerb(i + 1)) ||
        // "…is copied and will have the file ready": a second predicate of the same subject.
        // A bare "have"/"be" there is the second verb under the first one's modal ("I'll get it and have it to you").
        ((t.normal === 'and' || t.normal === 'but') && (terms[i + 1]?.tags.has('Modal') || (terms[i + 1]?.tags.has('Auxiliary') && !/^(have|be)$/.test(terms[i + 1]!.normal))) && current.some((c) => c.tags.has('Verb'))) ||
        (prev !== undefined && /,/.test(prev.post) && !datePastWeekday(prev, t) && startsSubjectVerb(i) && (current.some((c) => c.tags.has('Verb')) || CONDITIONAL_OPENERS.has(current[0]!.normal))));
    if (breakBefore) {
      clauses.push(current);
      current = [];
    }
    current.push(t);
    if (/[;:]|\s[-–—]\s/.test(t.post)) {
      clauses.push(current);
      current = [];
    }
  }
  if (current.length) clauses.push(current);
  // "I'll email you an update after the first two weeks, by Friday": an opener followed by no verb starts a
  // phrase of the clause before it (its date included), not a clause of its own.
  const hasVerb = (c: Term[]) => c.some((t) => t.tags.has('Verb'));
  return clauses.reduce<Term[][]>((out, c) => {
    const before = out.at(-1);
    if (before && CONDITIONAL_OPENERS.has(c[0]!.normal) && !hasVerb(c) && !/[;:]|\s[-–—]\s/.test(before.at(-1)!.post)) before.push(...c);
    else out.push(c);
    return out;
  }, []);
}

function readClause(terms: Term[]): Clause | null {
  if (terms.length === 0) return null;
  const words = terms.map((t) => t.normal);
  const text = terms.map((t) => t.text + t.post).join('').replace(/\s+/g, ' ').trim().toLowerCase();
  let k = 0;
  if (CONDITIONAL_OPENERS.has(words[0]!) || words[0] === 'who' || words[0] === 'which') k = 1;
  const conditional = CONDITIONAL_OPENERS.has(words[0]!) || (words[0] === 'as' && words[1] === 'soon');
  if (CLAUSE_CONJUNCTIONS.has(words[k] ?? '')) k++;
  // The first verb group: auxiliaries, modals, negations and adverbs up to the main verb.
  // A clause-initial participle phrase ("Beginning March 9, he will…", "Starting today I…") is an adjunct.
  if (terms[k]?.tags.has('Gerund') && !terms[k + 1]?.tags.has('Verb')) {
    const next = terms.findIndex((t, j) => j > k + 1 && (t.tags.has('Pronoun') || t.tags.has('Person')) && terms[j + 1]?.tags.has('Verb'));
    if (next > 0) k = next;
  }
  let start = -1;
  // The last verb-tagged word read as a modifier ("his standardized testing results": both modify "results").
  let skipped = -1;
  for (let i = k; i < terms.length; i++) {
    const t = terms[i]!;
    if (!t.tags.has('Verb')) continue;
    // A participle before a noun is an adjective ("prior written notice", "the missed sessions").
    const next = terms[i + 1];
    const adjectival = (t.tags.has('PastTense') || t.tags.has('Participle')) && !t.tags.has('Auxiliary') && next !== undefined && next.tags.has('Noun') && !next.tags.has('Pronoun') && i > k && !terms[i - 1]!.tags.has('Auxiliary') && terms.slice(i + 2).some((x) => x.tags.has('Verb'));
    // After a determiner or a possessive ("the complete file", "Ethans complete file") it modifies a noun.
    const prevTerm = terms[i - 1];
    const modifier = prevTerm !== undefined && (prevTerm.tags.has('Determiner') || prevTerm.tags.has('Possessive') || (/s$/.test(prevTerm.normal) && prevTerm.tags.has('ProperNoun'))) && !t.tags.has('Auxiliary') && terms.slice(i + 1).some((x) => x.tags.has('Verb'));
    // A gerund right after a noun, with the clause's verb still to come, is the head of a compound noun ("an IEP
    // meeting has been scheduled", "the speech screening is set") or a reduced relative ("the aide helping him is").
    // So is one between a modifier and its noun ("his standardized testing results will be mailed").
    const compound =
      t.tags.has('Gerund') && prevTerm !== undefined && i > k && terms.slice(i + 1).some((x) => x.tags.has('Verb')) &&
      ((prevTerm.tags.has('Noun') && !prevTerm.tags.has('Pronoun')) || ((prevTerm.tags.has('Adjective') || skipped === i - 1) && next !== undefined && next.tags.has('Noun') && !next.tags.has('Pronoun')));
    // "Right now the aide…": the tagger reads "right" before a time word as a verb; it is an adverb.
    const adverb = t.normal === 'right' && next !== undefined && /^(now|away|after|before|then|here)$/.test(next.normal);
    if (adjectival || modifier || compound || adverb) {
      skipped = i;
      continue;
    }
    start = i;
    break;
  }
  // "after the first two weeks", "once a week": an opener without a verb is a phrase, not a condition.
  if (start === -1) return { text, actor: 'none', subject: '', verb: '', form: 'none', passive: false, negative: words.some((w) => NEGATIONS.has(w)), conditional: false, intended: false, also: [] };
  const group: Term[] = [];
  let negative = false;
  let particle = '';
  let i = start;
  for (; i < terms.length; i++) {
    const t = terms[i]!;
    if (NEGATIONS.has(t.normal)) {
      negative = true;
      continue;
    }
    if (t.tags.has('Adverb') && group.length > 0) continue;
    if (!t.tags.has('Verb')) break;
    group.push(t);
    if (!t.tags.has('Auxiliary') && !t.tags.has('Modal') && !(t.normal === 'going' && terms[i + 1]?.normal === 'to')) {
      // "plan to send", "try to get", "start sending", "be able to send": the complement's verb is the main one
      // (the catenative stays in the group, so "plan to" still makes it future).
      if (terms[i + 1]?.normal === 'to' && CATENATIVE.test(t.normal) && terms[i + 2]?.tags.has('Verb')) {
        i++;
        continue;
      }
      if (t.normal === 'be' && terms[i + 1]?.normal === 'able' && terms[i + 2]?.normal === 'to' && terms[i + 3]?.tags.has('Verb')) {
        i += 2;
        continue;
      }
      if (ASPECTUAL.test(t.normal) && terms[i + 1]?.tags.has('Gerund')) continue;
      if (t.tags.has('PhrasalVerb') && terms[i + 1]?.tags.has('Particle')) particle = terms[i + 1]!.normal;
      break;
    }
    if (t.normal === 'going' && terms[i + 1]?.normal === 'to') i++;
  }
  const auxes = group.slice(0, -1).map((t) => t.normal);
  let main = group.at(-1)!;
  // "They will have the vest installed", "we'll get his schedule changed": a causative; the act is the participle's.
  const causative = CAUSATIVE.has(main.normal) ? causedAct(terms, i + 1) : null;
  if (causative) main = causative;
  const subjectTerms = terms.slice(k, start).filter((t) => !t.tags.has('Expression') && !t.tags.has('Adverb') && !/^(please|yes|no|ok|okay|sure|also|and)$/.test(t.normal));
  const subject = subjectTerms.map((t) => t.normal).join(' ');
  const actor = actorOf(subjectTerms);
  const hasFuture = auxes.some((a) => FUTURE_MODALS.has(a)) || group.some((t) => t.normal === 'going' || /^(plan|plans|planning|intend|intends|expect|expects)$/.test(t.normal));
  const passive = causative !== null || main.tags.has('Passive') || (auxes.some((a) => BE.has(a)) && (main.tags.has('PastTense') || main.tags.has('Participle')));
  let form: VerbForm;
  if (hasFuture) form = 'future';
  else if (auxes.some((a) => HEDGED_MODALS.has(a)) || (main.tags.has('Modal') && HEDGED_MODALS.has(main.normal))) form = 'hedged';
  else if (auxes.includes('can') || auxes.includes('ca')) form = 'can';
  else if (auxes.some((a) => HAVE.has(a))) form = 'perfect';
  // "The emails are being gathered": a passive under way is in progress, not done.
  else if (passive) form = auxes.includes('being') ? 'progressive' : auxes.some((a) => a === 'was' || a === 'were') ? 'past' : 'present';
  else if (auxes.some((a) => BE.has(a)) && group.some((t) => t.tags.has('Gerund'))) form = 'progressive';
  else if (main.tags.has('Gerund') && subjectTerms.length > 0) form = 'progressive';
  else if (actor === 'none' && (main.tags.has('Infinitive') || main.tags.has('Imperative') || main.tags.has('PresentTense')) && !main.tags.has('Gerund')) form = 'imperative';
  else if (main.tags.has('PastTense') || auxes.some((a) => a === 'was' || a === 'were' || a === 'did')) form = 'past';
  else form = 'present';
  // "would like to meet" intends; "we like to start the day with…" is a habit.
  const intended = auxes.some((a) => INTENTION.test(a) && (!/^(like|love)$/.test(a) || auxes.some((w) => w === 'would' || w === "'d")));
  return { text, actor, subject, verb: particle ? `${main.normal} ${particle}` : main.normal, form, passive, negative, conditional, intended, also: coordinated(terms, i + 1) };
}

const CAUSATIVE = new Set(['have', 'has', 'get', 'gets', 'had', 'got']);

/** The participle after a causative's object ("have [the vest] installed"), the object a short noun phrase. */
function causedAct(terms: Term[], from: number): Term | null {
  for (let j = from; j < Math.min(terms.length, from + 5); j++) {
    const t = terms[j]!;
    if (j > from && t.tags.has('Verb') && (t.tags.has('PastTense') || t.tags.has('Participle')) && !t.tags.has('Auxiliary')) return t;
    if (!(t.tags.has('Determiner') || t.tags.has('Noun') || t.tags.has('Adjective') || t.tags.has('Possessive')) || t.tags.has('Preposition')) return null;
    if (t.normal === 'you' || t.tags.has('Date')) return null;
  }
  return null;
}

/** The bare verbs coordinated with the main one after it ("will look at it and have a plan to you", "and then send"). */
function coordinated(terms: Term[], from: number): string[] {
  const out: string[] = [];
  for (let j = from; j < terms.length - 1; j++) {
    if (terms[j]!.normal !== 'and' && terms[j]!.normal !== 'or') continue;
    let v = j + 1;
    while (terms[v]?.tags.has('Adverb')) v++;
    const t = terms[v];
    if (t && t.tags.has('Verb') && !t.tags.has('Gerund') && !t.tags.has('PastTense') && !t.tags.has('Modal')) {
      const particle = t.tags.has('PhrasalVerb') && terms[v + 1]?.tags.has('Particle') && !terms[v + 1]!.tags.has('Pronoun') ? ` ${terms[v + 1]!.normal}` : '';
      out.push(t.normal + particle);
    }
  }
  return out;
}

function actorOf(subject: Term[]): Actor {
  if (subject.length === 0) return 'none';
  const head = subject.at(-1)!;
  if (subject.some((t) => SPEAKER.test(t.normal))) return 'speaker';
  if (head.normal === 'you') return 'parent';
  if (head.tags.has('Person') || head.tags.has('ProperNoun') || head.tags.has('Actor') || THIRD_PARTY.test(head.normal)) return 'third';
  return 'thing';
}
