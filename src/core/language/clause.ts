/**
 * The main clause of a sentence: its subject (who acts), the tense and mood of its verb group, negation,
 * and whether it is an imperative or a question. Read from the NLP library's part-of-speech tags.
 */
import type { Term } from './nlp.js';
import { ADVERBS, ASKING_VERBS, CLAUSE_OPENERS, CONDITIONAL_MARKERS } from './lexicon/acts.js';
import { SCHOOL_ROLES } from './lexicon/kinds.js';
import { is, isAux, isMainVerb, isNounish, isVerb, phraseAt } from './terms.js';

export type Actor = 'self' | 'addressee' | 'third' | 'none';
export type Tense = 'past' | 'perfect' | 'present' | 'future' | 'conditional';

export interface Clause {
  /** Who acts: the writer's side ("I", "we"), the reader ("you", or an imperative), someone else. */
  actor: Actor;
  /** The subject's words ("i", "the director", "this letter"), or null for an imperative. */
  subject: string | null;
  tense: Tense;
  /** The clause's modal, when there is one ("will", "can", "would"). */
  modal: string | null;
  negated: boolean;
  imperative: boolean;
  /** Inverted or wh-question word order, or a final question mark. */
  question: boolean;
  /** Index of the main (lexical) verb, or -1. */
  verb: number;
  /** Index where the clause starts after openers ("And also, please…"). */
  start: number;
  /** Present progressive ("is pulling", "are being copied"): an act under way, not done. */
  progressive: boolean;
}

const VERB_FORMS = new Set(ASKING_VERBS.flatMap((v) => [`${v}s`, `${v.replace(/e$/, '')}es`]));
const SELF = new Set(['i', 'we', 'me', 'us', 'myself', 'ourselves']);
const QUESTION_AUX = new Set(['can', 'could', 'would', 'will', 'is', 'are', 'was', 'were', 'do', 'does', 'did', 'has', 'have', 'should', 'may', 'might', 'shall', 'am']);
const PRESENT_BE = new Set(['am', 'is', 'are', "'m", "'re", "'s"]);
const PAST_AUX = new Set(['was', 'were', 'did', 'had']);
const PERFECT_AUX = new Set(['has', 'have', "'ve"]);

export function skipOpeners(terms: Term[], from = 0): number {
  let i = from;
  for (;;) {
    const t = terms[i];
    if (!t) return i;
    const opener = phraseAt(terms, i, CLAUSE_OPENERS.filter((o) => o !== 'could' && o !== 'you'));
    if (opener) { i += opener.split(' ').length; continue; }
    if (is(t, 'Expression') && !['yes', 'no', 'sure'].includes(t.normal)) { i++; continue; }
    return i;
  }
}

export function readClause(terms: Term[], from = 0): Clause {
  let start = skipOpeners(terms, from);
  // An introductory phrase ("Pursuant to 34 CFR § 300.502, I request…", "As we discussed, …"): the clause starts after its comma.
  const comma = terms.findIndex((t, i) => i >= start && i < start + 10 && /,/.test(t.post));
  if (comma >= 0 && !is(terms[start], 'Pronoun') && !is(terms[start], 'QuestionWord') && !isAux(terms[start]) && ((is(terms[comma + 1], 'Pronoun') && isVerb(terms[skipAdverbs(terms, comma + 2)])) || is(terms[comma + 1], 'QuestionWord') || (isAux(terms[comma + 1]) && /\?/.test(terms.at(-1)?.post ?? '')))) start = skipOpeners(terms, comma + 1);
  // A lead-in ending with a colon ("One question: will the meeting…").
  const colon = terms.findIndex((t, i) => i >= start && i < start + 4 && /:/.test(t.post));
  if (colon >= 0 && terms[colon + 1]) start = skipOpeners(terms, colon + 1);
  const first = terms[start];
  const question = /\?/.test(terms.at(-1)?.post ?? '') || (Boolean(first) && (QUESTION_AUX.has(first!.normal) || is(first, 'QuestionWord')));
  // Subject: the first noun group before the verb group (after an inverted auxiliary in a question).
  let i = start;
  let modal: string | null = null;
  const auxiliaries: string[] = [];
  if (first && isAux(first) && question) { auxiliaries.push(first.normal); if (is(first, 'Modal')) modal = first.normal; i++; }
  if (first && is(first, 'QuestionWord')) i++;
  const subjectStart = i;
  // The tagger sometimes reads a verb of asking as a noun ("This letter refers my son…"): the lexicon knows better.
  while (terms[i] && (!isVerb(terms[i]) || nominalGerund(terms, i)) && !(i > subjectStart && VERB_FORMS.has(terms[i]!.normal)) && i - subjectStart < 10) i++;
  let span = terms.slice(subjectStart, i);
  // "At the February 10 meeting the team declined…": a leading prepositional phrase is not the subject.
  if (is(span[0], 'Preposition')) {
    const last = span.findLastIndex((t, k) => k > 0 && (is(t, 'Determiner') || is(t, 'Pronoun') || is(t, 'Possessive')) && !is(span[k - 1], 'Preposition'));
    span = last > 0 ? span.slice(last) : span;
  }
  const subjectTerms = span.filter((t) => isNounish(t) || is(t, 'Determiner') || is(t, 'Possessive') || is(t, 'Adjective'));
  const subject = subjectTerms.length ? subjectTerms.map((t) => t.normal).join(' ') : null;
  // Verb group: auxiliaries and modals, then the main verb.
  let verb = -1;
  let negated = false;
  let going = false;
  for (let j = i; j < terms.length && j < i + 8; j++) {
    const t = terms[j]!;
    if (is(t, 'Negative') || t.normal === 'never') { negated = true; continue; }
    if (t.normal === 'going' && terms[j + 1]?.normal === 'to') { going = true; j++; continue; }
    if (isAux(t) && !(isMainVerb(terms[j + 1]) === false && is(t, 'Copula') && !terms[j + 1])) {
      auxiliaries.push(t.normal);
      if (is(t, 'Modal') && !modal) modal = t.normal;
      if (isMainVerb(terms[j + 1]) || is(terms[j + 1], 'Negative') || isAux(terms[j + 1]) || is(terms[j + 1], 'Adverb')) continue;
      verb = j; // a copula or auxiliary standing alone is the verb ("Here is…", "I am unable…")
      break;
    }
    if (ADVERBS.includes(t.normal)) continue;
    if (isMainVerb(t) || (j === i && VERB_FORMS.has(t.normal))) { verb = j; break; }
    if (!is(t, 'Adverb')) break;
  }
  const imperative = !question && subjectTerms.length === 0 && verb === start && is(terms[verb], 'Infinitive');
  let actor: Actor = 'none';
  if (imperative) actor = 'addressee';
  else if (subject) {
    const head = subjectTerms.at(-1)!.normal;
    actor = SELF.has(head) ? 'self' : head === 'you' || head === 'u' ? 'addressee' : 'third';
  }
  const verbTerm = terms[verb];
  let tense: Tense = 'present';
  if (modal === 'will' || modal === 'shall' || going) tense = 'future';
  else if (modal && CONDITIONAL_MARKERS.includes(modal)) tense = 'conditional';
  else if (auxiliaries.some((a) => PERFECT_AUX.has(a)) && verbTerm && (is(verbTerm, 'PastTense') || is(verbTerm, 'Participle'))) tense = 'perfect';
  // A present passive ("are being copied", "is attached") is present, whatever the participle's tag.
  else if (auxiliaries.some((a) => PRESENT_BE.has(a)) && !auxiliaries.some((a) => PAST_AUX.has(a))) tense = 'present';
  else if (auxiliaries.some((a) => PAST_AUX.has(a)) || is(verbTerm, 'PastTense')) tense = 'past';
  const progressive = tense === 'present' && (auxiliaries.includes('being') || (auxiliaries.some((a) => PRESENT_BE.has(a)) && is(verbTerm, 'Gerund')));
  return { actor, subject, tense, modal, negated, imperative, question, verb, start, progressive };
}

/** The subject names someone at the school ("the director", "Ms. K", "the team"). */
export function schoolSubject(clause: Clause): boolean {
  if (!clause.subject) return false;
  const w = clause.subject.split(' ');
  return w.some((x) => SCHOOL_ROLES.includes(x)) || clause.actor === 'third';
}

function skipAdverbs(terms: Term[], i: number): number {
  while (terms[i] && (is(terms[i], 'Adverb') || ADVERBS.includes(terms[i]!.normal) || isAux(terms[i]) || is(terms[i], 'Negative'))) i++;
  return i;
}

// "the February 10 meeting", "his reading": a gerund after a determiner or a number is a noun.
function nominalGerund(terms: Term[], i: number): boolean {
  const prev = terms[i - 1];
  return is(terms[i], 'Gerund') && Boolean(prev) && (is(prev, 'Determiner') || is(prev, 'Value') || is(prev, 'Adjective') || is(prev, 'Possessive') || is(prev, 'Date'));
}
