/**
 * The head of an ask and its object phrase, read from the sentence's structure (compromise's tags), not from
 * the words near it: in "a copy of his complete file, including all evaluations" the ask's verb is "like", its
 * object's head is "copy" and "evaluations" only names a part; in "which days does the interventionist come?"
 * the question is about the interventionist's visits. Issue 10, family 2: the object of the ask decides the kind.
 */
import { TextMemo } from '../text-memo.js';
import { withoutAsides } from './reply-grammar.js';
import { termsOfAll, type Term } from './reply-tagger.js';

export interface AskObject {
  /** The verb that carries the ask, lower-cased ("send", "schedule", "know"); "" for a question without one. */
  verb: string;
  /**
   * The noun phrases the ask is about, most central first: the verb's object, then the phrases inside it
   * ("of his IEP"), then the rest of a question. Each phrase is its nouns in order, lower-cased; its head last.
   */
  phrases: string[][];
  /** How the ask was read: its frame ("please-verb", "modal-you", "i-want", "question", "imperative"). */
  frame: string;
  /** A question's first word, or the word opening a content clause ("who", "when", "if"). */
  opener?: string;
  /** "…that the notes be corrected": the thing asked about is the passive's subject, and `verb` its participle. */
  passive?: boolean;
  /** Set when someone other than the writer asks with a verb of asking ("Ms. Perez requests that…"). */
  subject?: 'third';
}

// Verbs a parent asks with when the thing asked for is what follows ("I would like a copy", "I request an FBA").
const WANTING = new Set(['request', 'requesting', 'requests', 'ask', 'asks', 'asking', 'like', 'love', 'want', 'need', 'require', 'appreciate', 'seek', 'seeking', 'expect', 'prefer']);
// Verbs whose object is a content clause ("tell me who…", "let me know when…", "I'd like to know if…").
const SAYING = new Set(['tell', 'know', 'explain', 'advise', 'inform', 'clarify', 'confirm', 'understand', 'find', 'wonder', 'wondering', 'share', 'update', 'ask', 'asking', 'see', 'let', 'make', 'ensure', 'check', 'verify']);
const ADDRESSEES = new Set(['you', 'u', 'someone', 'somebody', 'anyone', 'anybody', 'we', 'i', 'the', 'school', 'team', 'district', 'staff']);
// "Please treat this letter as my request for an evaluation": the request named after "as" is the ask.
const AS_REQUEST = new Set(['treat', 'consider', 'accept', 'take']);
const RECIPIENTS = new Set(['me', 'us', 'him', 'her', 'them', 'myself']);
const COURTESY = new Set(['please', 'pls', 'plz', 'kindly', 'also', 'again', 'still', 'really', 'just', 'now', 'then', 'further', 'additionally', 'formally', 'hereby', 'respectfully', 'officially', 'once', 'so', 'and', 'but', 'ok', 'okay', 'lastly', 'finally']);
const MODALS = new Set(['can', 'could', 'would', 'will', 'may', 'might', 'shall']);
const CONTENT_OPENERS = new Set(['who', 'whom', 'what', 'when', 'where', 'which', 'why', 'how', 'if', 'whether']);
// Where an object phrase ends: a subordinate clause, a purpose or a reason, a time ("before we meet").
const PHRASE_END = new Set(['so', 'because', 'since', 'before', 'after', 'when', 'if', 'as', 'while', 'until', 'unless', 'once', 'that', 'which', 'who', 'where', 'than', 'like', 'by', 'to', 'at', 'on', 'in', 'during', 'within', 'from', 'with', 'without', 'between', 'into', 'through', 'under', 'over', 'including', 'such', 'especially', 'or']);

const MEMO = new TextMemo<AskObject | null>(50_000);

/** The ask's head and object phrases, or null when the sentence has no reading (no verb, no noun). */
export function askObject(sentence: string): AskObject | null {
  return MEMO.remember(sentence, (s) => readAsk(termsOfAll([withoutAsides(s)])[0] ?? []));
}

/**
 * Reads the sentences not read yet in one call of the tagger (a call has a cost of its own, about as much as a
 * short sentence: reply-tagger.ts), so the askObject calls that follow find them remembered.
 */
export function prepareAskObjects(sentences: readonly string[]): void {
  const todo = [...new Set(sentences)].filter((s) => !MEMO.has(s));
  if (todo.length < 2) return;
  const tagged = termsOfAll(todo.map(withoutAsides));
  todo.forEach((sentence, i) => MEMO.set(sentence, readAsk(tagged[i] ?? [])));
}

const ITEMS = new TextMemo<AskObject>(20_000);
/** A list item under an ask's lead-in is the ask's object itself ("3. Information about what services…"). */
export function itemObject(item: string): AskObject {
  return ITEMS.remember(item, (s) => {
    const terms = termsOfAll([withoutAsides(s.replace(/^\s*(\d+[.)]|[a-z][.)]|[-*•])\s*/i, ''))])[0] ?? [];
    return { verb: '', phrases: phrasesFrom(terms, 0, terms.length), frame: 'item' };
  });
}

const isVerb = (t: Term | undefined) => t !== undefined && t.tags.has('Verb') && !t.tags.has('Modal') && !t.tags.has('Auxiliary');
const isNounish = (t: Term | undefined) =>
  t !== undefined && (t.tags.has('Noun') || t.tags.has('Acronym') || t.tags.has('Value') || t.tags.has('Adjective')) && !t.tags.has('Pronoun');

// Verbs of receiving a thing: what a parent asks to get, have or see is the thing asked for.
const RECEIVING = /^(get|have|receive|see|obtain|view|access|review|pick)$/;

function readAsk(terms: Term[]): AskObject | null {
  if (terms.length === 0) return null;
  const w = terms.map((t) => t.normal.replace(/[^a-z0-9'-]/g, ''));
  let i = 0;
  while (i < terms.length && (COURTESY.has(w[i]!) || terms[i]!.tags.has('Expression') || terms[i]!.tags.has('Conjunction'))) i++;
  const question = /\?/.test(terms.map((t) => t.post).join('')) || CONTENT_OPENERS.has(w[i]!) || (MODALS.has(w[i]!) && !ADDRESSEES.has(w[i + 1] ?? ''));

  // "Could you (please) send…", "Can someone tell me…": the verb after the modal and its addressee.
  if (MODALS.has(w[i]!) && ADDRESSEES.has(w[i + 1] ?? '') && !/^(i|we)$/.test(w[i + 1]!)) {
    let j = i + 1;
    while (j < terms.length && (ADDRESSEES.has(w[j]!) || COURTESY.has(w[j]!) || terms[j]!.tags.has('Adverb'))) j++;
    if (isVerb(terms[j])) return afterVerb(terms, w, j, 'modal-you');
  }
  // "Can I (please) get the draft IEP…", "could we see the data": the parent asks to receive a thing; its object decides.
  if (MODALS.has(w[i]!) && /^(i|we)$/.test(w[i + 1] ?? '')) {
    let j = i + 2;
    while (j < terms.length && (COURTESY.has(w[j]!) || terms[j]!.tags.has('Adverb'))) j++;
    if (RECEIVING.test(w[j] ?? '')) return afterVerb(terms, w, j, 'modal-i');
  }
  // "Please send…", "Send me…", "Let me know…": an imperative's verb.
  if (isVerb(terms[i]) && (terms[i]!.tags.has('Imperative') || terms[i]!.tags.has('Infinitive') || i > 0 && /^(please|pls|kindly)$/.test(w[i - 1]!))) {
    return afterVerb(terms, w, i, i > 0 && /^(please|pls|kindly)$/.test(w[i - 1]!) ? 'please-verb' : 'imperative');
  }
  // "I would (also) like…", "We are requesting…", "I need…", "My husband and I are requesting…".
  // The subject may be a third person writing for the parent ("Ms. Perez requests that…", "the family asks for…"),
  // and the ask may follow a leading clause ("Before I sign it, I would like…").
  for (let at = 0; at < Math.min(terms.length, 16); at++) {
    // Only the verbs of asking: "Liam needs a quieter room" states a need, "Ms. Perez requests…" asks.
    const third = /^(requests?|asks?)$/.test(w[at]!) && (terms[at]!.tags.has('PresentTense') || /^(that|for)$/.test(w[at + 1] ?? '')) && at > 0 && isNounish(terms[at - 1]) && !terms.slice(0, at).some((t) => t.tags.has('Verb'));
    if (!third && w[at] !== 'i' && w[at] !== 'we') continue;
    let j = third ? at : at + 1;
    while (j < terms.length && (terms[j]!.tags.has('Auxiliary') || terms[j]!.tags.has('Modal') || terms[j]!.tags.has('Adverb') || COURTESY.has(w[j]!) || /^(am|are|'m|'re|would|'d|do|have)$/.test(w[j]!))) j++;
    if (WANTING.has(w[j]!) || (w[j] === 'writing' && w[j + 1] === 'to')) {
      if (w[j] === 'writing') j += 2;
      return { ...afterWanting(terms, w, j), ...(third ? { subject: 'third' as const } : {}) };
    }
  }
  if (question) return { verb: '', phrases: phrasesFrom(terms, i, terms.length), frame: 'question', opener: w[i]! };
  return null;
}

/** After a verb of wanting: "for X", "that X be done", "to VERB…", "you to VERB…", or the thing itself. */
function afterWanting(terms: Term[], w: string[], j: number): AskObject {
  let k = j + 1;
  while (k < terms.length && (terms[k]!.tags.has('Adverb') || COURTESY.has(w[k]!))) k++;
  // "I am asking again: what would a referral give him?": a question put after the verb.
  if (CONTENT_OPENERS.has(w[k] ?? '')) return { verb: w[j]!, phrases: phrasesFrom(terms, k + 1, terms.length), frame: 'i-want:content', opener: w[k]! };
  if (w[k] === 'for') k++;
  // "I'd appreciate it if you could send…", "we would like it if she could sit near the board".
  if (w[k] === 'it' && w[k + 1] === 'if') {
    let v = k + 2;
    while (v < terms.length && !isVerb(terms[v]) && v < k + 8) v++;
    if (isVerb(terms[v])) return afterVerb(terms, w, v, 'i-want-if');
  }
  if (w[k] === 'that') {
    // "I request that the evaluation be done by…" / "…that the school conduct an FBA".
    const clause = phrasesFrom(terms, k + 1, terms.length);
    // The embedded clause's first verb: a passive ("be done", "be included") leaves its subject as the object.
    const verbAt = terms.findIndex((t, n) => n > k + 1 && t.tags.has('Verb') && !t.tags.has('Modal'));
    const passive = verbAt > 0 && (/^(be|been|is|are|was|were)$/.test(w[verbAt]!) || terms[verbAt]!.tags.has('PastTense') || terms[verbAt]!.tags.has('Participle'));
    if (verbAt > 0 && !passive) {
      // "…that the evaluation look at…": the clause's subject is the object of the ask when it names one.
      const active = afterVerb(terms, w, verbAt, 'i-want-that');
      return { ...active, phrases: [...clause.slice(0, 1), ...active.phrases] };
    }
    return { verb: verbAt > 0 ? w[verbAt + (/^(be|been)$/.test(w[verbAt]!) ? 1 : 0)] ?? w[j]! : w[j]!, phrases: clause.slice(0, 1), frame: 'i-want-that', passive: true };
  }
  if (w[k] === 'to' && isVerb(terms[k + 1])) return afterVerb(terms, w, k + 1, 'i-want-to');
  // "I'd like you / the team / Mr. Lowe to send…".
  const to = w.findIndex((x, n) => n > k && n < k + 6 && x === 'to' && isVerb(terms[n + 1]));
  const addressee = (t: Term, n: number) => ADDRESSEES.has(w[n]!) || t.tags.has('Pronoun') || t.tags.has('Person') || t.tags.has('Actor') || t.tags.has('Determiner') || t.tags.has('Honorific') || t.tags.has('Abbreviation');
  if (to > 0 && terms.slice(k, to).every((t, n) => addressee(t, k + n))) return afterVerb(terms, w, to + 1, 'i-want-you-to');
  return { verb: w[j]!, phrases: phrasesFrom(terms, k, terms.length), frame: 'i-want' };
}

/** The object of an ask's verb: its recipients set aside; a content clause read as a question. */
function afterVerb(terms: Term[], w: string[], v: number, frame: string): AskObject {
  const verb = w[v]!;
  let k = v + 1;
  if (terms[k]?.tags.has('Particle') || /^(up|back|out|over|in|on)$/.test(w[k] ?? '') && verb !== 'see') k++;
  while (k < terms.length && RECIPIENTS.has(w[k]!) && (isNounish(terms[k + 1]) || terms[k + 1]?.tags.has('Determiner') || terms[k + 1]?.tags.has('Possessive') || w[k + 1] === 'know' || CONTENT_OPENERS.has(w[k + 1] ?? ''))) k++;
  if (w[k] === 'know' || w[k] === 'about') k++;
  if (AS_REQUEST.has(verb)) {
    const forAt = w.findIndex((x, n) => n > k && x === 'for' && /^requests?$/.test(w[n - 1]!));
    if (forAt > 0) return { verb: 'request', phrases: phrasesFrom(terms, forAt + 1, terms.length), frame: 'i-want' };
  }
  if (SAYING.has(verb) || w[v - 2] === 'let' || verb === 'know') {
    // "Let me know when you work with her", "tell me who is providing his transition support".
    if (CONTENT_OPENERS.has(w[k] ?? '') || w[k] === 'that') return { verb, phrases: phrasesFrom(terms, k + 1, terms.length), frame: `${frame}:content`, opener: w[k]! };
    if (w[k] === 'to' && isVerb(terms[k + 1])) return afterVerb(terms, w, k + 1, frame);
  }
  return { verb, phrases: phrasesFrom(terms, k, terms.length), frame };
}

/**
 * Noun phrases from `start`, the first (the verb's object) with its "of" and "for" phrases following it as
 * phrases of their own. The first phrase ends at a clause boundary; a question keeps reading to the end.
 */
function phrasesFrom(terms: Term[], start: number, end: number): string[][] {
  const phrases: string[][] = [];
  let current: string[] = [];
  let firstClosed = false;
  // After "does", "will", "can"… a bare verb at the end of the phrase is the question's verb ("does the
  // interventionist come?"), not a noun.
  const inversion = (n: number) => (terms[n]!.tags.has('Modal') || /^(do|does|did)$/.test(terms[n]!.normal)) && (terms[n + 1]?.tags.has('Determiner') || terms[n + 1]?.tags.has('Possessive') || (terms[n + 1]?.tags.has('Noun') && !terms[n + 1]?.tags.has('Verb'))) === true;
  let inverted = terms.slice(0, start).some((_, n) => inversion(n));
  const close = () => {
    if (current.length) phrases.push(current);
    current = [];
  };
  for (let n = start; n < end; n++) {
    const t = terms[n]!;
    const word = t.normal.replace(/[^a-z0-9'-]/g, '');
    // A word the tagger calls a verb inside a noun phrase is its noun ("an IEP meeting", "her 504 plan").
    // The tagger reads some plural nouns as verbs ("the parent rights booklet", "his service logs"), and a gerund
    // after a noun is a compound's head ("an IEP meeting this week").
    const verbLike = current.length > 0 && t.tags.has('Verb') && !t.tags.has('Auxiliary') && !t.tags.has('Modal') && !t.tags.has('Copula') && !t.tags.has('PastTense') && !/^(be|do|does|did|have|has|had|get|got|is|are|was|were|says|needs|wants|goes|comes)$/.test(word);
    if (inversion(n)) inverted = true;
    const next = terms[n + 1];
    const questionVerb = inverted && t.tags.has('Infinitive') && (next === undefined || next.tags.has('Preposition') || next.tags.has('Adverb') || /[,;:?!.]/.test(t.post));
    const nounAfterNoun = verbLike && !questionVerb && (t.tags.has('Gerund') || (!isNounish(terms[n + 1]) && !terms[n + 1]?.tags.has('Determiner') && !RECIPIENTS.has(terms[n + 1]?.normal ?? '')) || (/[^s]s$/.test(word) && isNounish(terms[n + 1])));
    // "what services she will get": after "what" or "which", a plural the tagger calls a verb is the noun asked about.
    const askedNoun = n > 0 && /^(what|which)$/.test(terms[n - 1]!.normal) && t.tags.has('Verb') && /[^s]s$/.test(word) && !t.tags.has('Auxiliary');
    if (t.tags.has('Noun') && !t.tags.has('Pronoun') || t.tags.has('Acronym') || (t.tags.has('Value') && /\d/.test(word)) || nounAfterNoun || askedNoun) {
      if (word) current.push(word);
    } else if (isVerb(t) && current.length === 0 && /ing$/.test(word) && terms[n + 1]?.tags.has('Noun')) {
      // "the missed sessions", "testing results": a participle inside the phrase.
      current.push(word);
    } else if ((t.tags.has('Adjective') || (t.tags.has('Verb') && (t.tags.has('PastTense') || t.tags.has('Participle')) && isNounish(terms[n + 1]))) && !t.tags.has('Possessive')) {
      // Modifiers stay in the phrase: "prior written notice", "compensatory services".
      if (word) current.push(word);
    } else if (word === 'of' || word === 'for' || word === 'and' || t.tags.has('Determiner') || t.tags.has('Possessive') || t.tags.has('Adverb')) {
      // "Speech and language evaluation": "and" between modifiers, with no determiner after it, joins one phrase.
      const joinsModifiers = word === 'and' && current.length > 0 && isNounish(terms[n + 1]) && !terms[n + 1]!.tags.has('Determiner') && (isNounish(terms[n + 2]) || terms[n + 2]?.tags.has('Verb') === true);
      if (word === 'of' || word === 'for' || (word === 'and' && !joinsModifiers)) close();
    } else {
      close();
      if (!firstClosed && phrases.length > 0 && (PHRASE_END.has(word) || isVerb(t))) firstClosed = true;
    }
    if (/[,;:?!.]/.test(t.post)) {
      close();
      if (phrases.length > 0) firstClosed = true;
    }
    if (firstClosed && phrases.length >= 4) break;
  }
  close();
  return phrases;
}
