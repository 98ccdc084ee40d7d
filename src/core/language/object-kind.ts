/**
 * The kind an ask's object names. askObject (ask-object.ts) finds the object phrase; kindOfObject reads it
 * against the kinds' nouns, modifiers and deciding verbs (kind-words.ts). A compound is looked up before its head
 * ("progress report" before "report"), the head (the phrase's last noun) before the words that modify it.
 */
import type { RequestKind } from '../types.js';
import type { AskObject } from './ask-object.js';
import { ABOUT, ACTS, CONTAINERS, COPY, DECIDING_PHRASES, DELIVERING, MODIFIED, NOUNS, ON_A_DOCUMENT, PARENT_WRITING, TEACHER } from './kind-words.js';

type Kind = RequestKind;

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
