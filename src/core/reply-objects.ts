/**
 * Which sentences of a school reply speak to which request of the parent's message, by the words of the ask's
 * object (the sentence's topic decides first, in replies.ts): a sentence that names one request's object more
 * than another's is that request's.
 */
import type { RequestKind } from './types.js';
import { topicsOf } from './language/kind-words.js';
import { TextMemo } from './text-memo.js';

/** The request being read and the other requests of its message. */
export interface ObjectContext {
  requestText?: string;
  siblings?: ReadonlyArray<{ kind: RequestKind; text: string }>;
}

const TOPICS = new TextMemo<ReadonlySet<string>>(20_000);
const WORDS = new TextMemo<ReadonlySet<string>>(20_000);

/** A sentence's own topics (topicsOf), remembered: every request of the thread asks again. */
export const topicsOfSentence = (sentence: string): ReadonlySet<string> => TOPICS.remember(sentence, topicsOf);
/** A sentence's content words (contentWords), remembered likewise; never handed out to be changed. */
export const wordsOf = (sentence: string): ReadonlySet<string> => WORDS.remember(sentence, contentWords);

/**
 * The sentences of `pool` that speak to this request rather than to a sibling: one that shares more content
 * words with another request of the message than with this one is that request's. Topic decides first
 * (relevantSentences), so a sibling of another kind takes a sentence only from a pool no topic chose; a
 * sibling of the same kind competes everywhere.
 */
export function attributed(pool: string[], kind: RequestKind, general: boolean, ctx: ObjectContext): string[] {
  // A general question about the same topic competes too ("how does the evaluation work?" beside "I request an
  // evaluation"); a question about something else ("make a note in her file") does not.
  const siblings = (ctx.siblings ?? []).filter((s) => general || kind === 'information' || s.kind === kind || (s.kind === 'information' && topicsOfSentence(s.text).has(kind)));
  if (siblings.length === 0 || !ctx.requestText) return pool;
  const own = stems(objectWords(withoutReason(ctx.requestText)));
  // "How will this service be provided?" names no object of its own: it competes for no sentence.
  if (own.size === 0) return pool;
  const theirs = siblings.map((s) => stems(objectWords(s.text)));
  const shared = (words: ReadonlySet<string>, sentence: ReadonlySet<string>) => {
    let n = 0;
    for (const w of sentence) if (words.has(w)) n++;
    return n;
  };
  return pool.filter((t) => {
    const words = stems(wordsOf(t));
    const mine = shared(own, words);
    const most = Math.max(0, ...theirs.map((w) => shared(w, words)));
    // "Attached are the consent for evaluation and the notice of procedural safeguards" hands over both asks'
    // things; one word in passing ("reading" beside a question about reading) hands over nothing of this one,
    // unless the thing handed over is of this request's kind ("the consent for evaluation").
    if (HANDS_OVER_NOW.test(t) && mine > 0 && (mine >= 2 || mine >= most || topicsOfSentence(t).has(kind))) return true;
    return most <= mine;
  });
}

// "…how quizzes are handled in the lab class, since that is a different room": a reason clause says why the
// parent asks, not what; its words ("room") name nothing a reply should be matched on.
const REASON = /,?\s+\b(because|since|as that|so (that )?(i|we) can)\b.*$/is;
function withoutReason(text: string): string {
  const cut = text.replace(REASON, '');
  return cut.length >= 15 ? cut : text;
}

/**
 * Words cut to their first six letters, so that "evaluated" and "evaluation", "scheduled" and "schedule" count as
 * one word (truncation stemming: crude, but it errs toward words of one family).
 */
function stems(words: ReadonlySet<string>): ReadonlySet<string> {
  return new Set([...words].map((w) => (w.length > 6 ? w.slice(0, 6) : w)));
}

/**
 * The pool, plus any sentence that names this request's own object in two or more of its words ("the notice is
 * attached along with the district's 504 procedures" speaks to the ask for the procedures, whatever the
 * sentence's topic is).
 */
export function withNamed(pool: string[], all: string[], kind: RequestKind, ctx: ObjectContext): string[] {
  if (!ctx.requestText) return pool;
  const own = objectWords(ctx.requestText);
  if (own.size < 2) return pool;
  // A sentence about another kind's business names this request's words only in passing ("once the FBA is
  // complete, a meeting…" shares the FBA with the evaluation); a general question takes whatever names it.
  const otherTopic = (t: string) => kind !== 'information' && [...topicsOfSentence(t)].some((k) => k !== kind);
  // The reply's words are compared lower-cased: a school writes "the Notice of Procedural Safeguards" in title case.
  const inPool = new Set(pool);
  const names = (t: string) => [...objectWords(t.toLowerCase())].filter((w) => own.has(w)).length;
  // A hand-over that names the object in two words hands it over, whatever else the sentence is about ("his log
  // (attached) shows six missed sessions" hands over the service log asked for).
  // A notice of a meeting is not a prior written notice, whatever words they share.
  const handsOver = (t: string) => HANDS_OVER_NOW.test(t) && names(t) >= 2 && !MEETING_NOTICE.test(t);
  const named = new Set(all.filter((t) => !inPool.has(t) && ((!otherTopic(t) && names(t) >= 2) || handsOver(t) || handsOverAlso(t, names))));
  return named.size === 0 ? pool : all.filter((t) => inPool.has(t) || named.has(t));
}

/**
 * A hand-over lists what it hands over, of any kind ("Attached is the notice, along with the scores the team
 * reviewed"): a further item of its list that names this request's object hands that over too, not in passing.
 */
function handsOverAlso(sentence: string, names: (text: string) => number): boolean {
  if (!HANDS_OVER_NOW.test(sentence)) return false;
  const joiner = LIST_JOINER.exec(sentence);
  return joiner !== null && names(sentence.slice(joiner.index)) >= 1;
}
const HANDS_OVER_NOW = /^(attached|enclosed|here (is|are))\b|\b(i'?ve|i have|we'?ve|we have) (attached|enclosed|included)\b|\b(is|are) (attached|enclosed)\b|\((see )?(the )?(attached|enclosed)\)/i;
const MEETING_NOTICE = /\bnotice of (the |an? )?([\w'-]+ ){0,3}(meeting|conference)\b|\b(meeting|conference|ard|iep|504) notice\b/i;
const LIST_JOINER = /,? \b(along with|as well as|together with|plus|and also|and)\b/i;

// Words every request of a special-education thread shares: they name no object of one ask.
const GENERIC_OBJECT = new Set(['service', 'servic', 'provide', 'provided', 'provid', 'support', 'plan', 'help', 'follow', 'followed', 'ensure', 'make', 'sure', 'every', 'right', 'from', 'teacher', 'class', 'clas']);
const OBJECT_WORDS = new TextMemo<ReadonlySet<string>>(20_000);
/** A text's content words less those every ask shares, remembered like wordsOf (every request of a thread asks again). */
export const objectWords = (text: string): ReadonlySet<string> => OBJECT_WORDS.remember(text, (t) => new Set([...wordsOf(t)].filter((w) => !GENERIC_OBJECT.has(w))));

// Words too common in school mail to tie a reply sentence to one ask.
const COMMON = new Set('about after again also been before being could does done each from have here just know last like make many more much need next over please really said school since some still such than that their them then there these they thing this those through time under very want week well were what when where which while will with would year your yours child student team iep ard thank thanks help question questions request requests information send sent email letter meeting'.split(' ').concat(
  // Function words (prepositions, conjunctions, adverbs of time and degree): they tie a reply to every ask alike.
  'during within without until toward towards across around among upon onto into against along behind below beside besides beyond despite except near throughout unless whether though although whereas either neither anyway maybe perhaps already soon ever even instead rather quite almost always often sometimes usually'.split(' ')));
// Three-letter nouns of school life that name what an ask is about (longer words need four letters).
const SHORT_NOUNS = new Set(['bus', 'fee', 'gym', 'lab', 'van', 'art', 'aid']);

/**
 * A word with its -ing or plural ending cut, so that "fees" and "fee", "services" and "service", "classes" and
 * "class" meet: "-es" only after s, x, z, ch or sh (elsewhere the "e" is the word's own), and never the "s" of "-ss".
 */
function plainForm(w: string): string {
  if (SHORT_NOUNS.has(w)) return w;
  if (w.endsWith('ing') && w.length >= 6) return w.slice(0, -3);
  if (/(s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

/** The content words of a text: lower-cased, four letters or more (or a three-letter school noun), not common, with a plural or -ing cut; names left out. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z][A-Za-z'-]{2,}/g)) {
    const raw = m[0];
    // A capitalised word that is not an acronym is a name or a sentence start, shared by everything in a thread.
    if (/^[A-Z][a-z]/.test(raw)) continue;
    let w = raw.toLowerCase().replace(/'s$/, '');
    if (w.includes("'")) continue; // a contraction ("i'll", "we're")
    if (w.length < 3 || (w.length < 4 && !/^[A-Z]{3}$/.test(raw) && !SHORT_NOUNS.has(w))) continue;
    w = plainForm(w);
    if (w.length >= 3 && !COMMON.has(w) && !COMMON.has(raw.toLowerCase())) out.add(w);
  }
  // A programme named in full shares its initials with the reply that abbreviates it ("Extended School Year
  // services" and "ESY will be on the agenda"); its capitalised words are left out above, as names are.
  for (const m of text.matchAll(TITLED_RUN)) {
    const initials = m[0].split(/\s+/).filter((w) => /^[A-Z]/.test(w)).map((w) => w[0]!.toLowerCase()).join('');
    if (initials.length >= 3 && !COMMON.has(initials)) out.add(initials);
  }
  return out;
}
// Three to five capitalised words in a row, "of" or "and" allowed between them ("Notice of Procedural Safeguards").
const TITLED_RUN = /\b[A-Z][a-z]+(?:\s+(?:(?:of|and|for)\s+)?[A-Z][a-z]+){2,4}\b/g;
