/**
 * The head of an ask: the verb that names what is asked for and its object phrase ("send" + "copies of his
 * complete special education file"), so that the kind is decided by what is asked, not by words nearby.
 */
import type { Term } from './nlp.js';
import { readClause, type Clause } from './clause.js';
import { ASKING_VERBS } from './lexicon/acts.js';
import { KIND_NOUNS } from './lexicon/kinds.js';
import { endsClause, is, isAux, isMainVerb } from './terms.js';

export interface AskHead {
  verb: string | null;
  /** The object phrase's terms (up to the first clause boundary). */
  object: Term[];
  /** The question word of a wh-question ("who", "when", "what"…), or null. */
  wh: string | null;
  /** A yes/no question about something that exists ("Is her IEP meeting still on?"): the thing is the subject. */
  aboutSubject: boolean;
  /** The ask says whether or if something is so ("tell me whether the school received…"). */
  whether: boolean;
  /** A question whose subject is an event ("Will the triennial meeting be before break?"): it asks about that event. */
  subjectKind: 'meeting' | null;
  /** The whether-complement is about the past ("whether the school ever received…"). */
  complementPast: boolean;
}

const TELLING_VERBS = ['tell', 'know', 'explain', 'confirm', 'clarify', 'advise', 'say'];
const BOUNDARY_WORDS = new Set(['because', 'since', 'so', 'including', 'which', 'who', 'whether', 'if', 'as', 'while', 'although', 'though', 'but', 'when', 'before', 'after', 'until', 'unless']);
const LINKS = new Set(['for', 'that', 'to', 'it', 'if', 'you', 'u', 'someone', 'somebody', 'the', 'school', 'team', 'district', 'please', 'also', 'could', 'can', 'would', 'will', 'kindly', 'be', 'able', 'have', 'get', 'receive', 'me', 'us']);

/** The ask's verb and object, starting from the clause's main verb and walking through verbs of asking. */
export function askHead(terms: Term[], clause: Clause): AskHead {
  let v = clause.verb;
  const subjectWords = clause.question && clause.actor === 'third' ? (clause.subject ?? '').split(' ') : [];
  const base = { wh: null, aboutSubject: false, whether: false, complementPast: false, subjectKind: KIND_NOUNS.meeting.some((m) => subjectWords.includes(m)) ? ('meeting' as const) : null };
  if (clause.question && is(terms[clause.start], 'QuestionWord')) {
    // "Which days does the reading interventionist come?": the whole question is its object.
    return { ...base, verb: terms[v]?.normal ?? null, object: terms.slice(clause.start, cut(terms, clause.start)), wh: terms[clause.start]!.normal };
  }
  // "Is there a way…", "Are there any openings…": what exists is the object.
  if (clause.question && terms[clause.start + 1]?.normal === 'there') {
    return { ...base, verb: 'there is', object: terms.slice(clause.start + 2, cut(terms, clause.start + 2)) };
  }
  // "Please accept this letter as my written request for an ARD meeting": the request's complement is the object.
  const requestFor = terms.findIndex((t, i) => /^requests?$/.test(t.normal) && (is(t, 'Noun') || is(terms[i - 1], 'Determiner') || is(terms[i - 1], 'Possessive') || is(terms[i - 1], 'Adjective')) && ['for', 'that', 'to'].includes(terms[i + 1]?.normal ?? ''));
  if (requestFor >= 0) return { ...base, verb: 'request', object: terms.slice(requestFor + 2, cut(terms, requestFor + 2)) };
  // "Is her IEP meeting still on the 19th?": a question about a thing that exists.
  if (clause.question && is(terms[clause.start], 'Copula')) {
    return { ...base, verb: terms[clause.start]!.normal, object: terms.slice(clause.start + 1, cut(terms, clause.start + 1)), aboutSubject: true };
  }
  if (v < 0) return { ...base, verb: null, object: terms.slice(clause.start, cut(terms, clause.start)) };
  // "I would like to schedule…", "I'd appreciate it if you could send…", "I am asking for…": the asked verb is further on.
  for (let hop = 0; hop < 3; hop++) {
    if (!ASKING_VERBS.some((a) => terms[v]!.normal.startsWith(a.replace(/e$/, '')))) break;
    let j = v + 1;
    while (terms[j] && LINKS.has(terms[j]!.normal) && !isMainVerb(terms[j])) j++;
    if (terms[j] && isMainVerb(terms[j]) && !is(terms[j], 'Gerund') && j - v <= 6) { v = j; continue; }
    let k = v + 1;
    while (terms[k] && LINKS.has(terms[k]!.normal) && !is(terms[k], 'Noun')) k++;
    return { ...base, verb: terms[v]!.normal, object: terms.slice(k, cut(terms, k)) };
  }
  let from = v + 1;
  while (terms[from] && (isAux(terms[from]) || is(terms[from], 'Particle') || is(terms[from], 'Adverb'))) from++;
  const object = terms.slice(from, cut(terms, from));
  // "tell me whether…", "let me know if…": the ask is for a fact.
  const conj = from + (['me', 'us'].includes(terms[from]?.normal ?? '') ? 1 : 0);
  const whether = TELLING_VERBS.includes(terms[v]!.normal) && ['whether', 'if', 'that'].includes(terms[conj]?.normal ?? '');
  if (whether) {
    const complement = terms.slice(conj + 1);
    const inner = readClause(complement);
    return { ...base, verb: terms[v]!.normal, object: complement, whether, complementPast: inner.tense === 'past' || inner.tense === 'perfect' };
  }
  return { ...base, verb: terms[v]!.normal, object, whether };
}

function cut(terms: Term[], from: number): number {
  for (let i = from; i < terms.length; i++) {
    if (i > from && BOUNDARY_WORDS.has(terms[i]!.normal)) return i;
    if (endsClause(terms[i]) && (BOUNDARY_WORDS.has(terms[i + 1]?.normal ?? '') || isMainVerb(terms[i + 1]))) return i + 1;
    // "…the OT logs and let me know the plan": a second verb phrase is a second ask.
    if (terms[i]!.normal === 'and' && i > from && isMainVerb(terms[i + 1]) && !is(terms[i + 1], 'Gerund')) return i;
  }
  return terms.length;
}
