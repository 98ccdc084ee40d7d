/**
 * The lexical first pass of reply reading: from a sentence's words alone, the acts its grammar could give it
 * (reply-acts.ts). Tagging a sentence (compromise) is the costly part of reading a reply, and most sentences
 * cannot take the act a decision is looking for ("no refusal without a negation, 'unable' or a refusing
 * verb"), so the reply reader tags only the sentences whose cues allow that act (src/core/replies.ts).
 *
 * The contract is one-sided: the set returned must hold every act the sentence can take, as a whole or in
 * one of its clauses (`SentenceAct.parts`); extra acts only cost a tagging. Every cue below is therefore
 * looser than the rule it stands for in reply-acts.ts: single words rather than phrases (the grammar drops
 * asides in parentheses and rewrites "Ethan's" to "the", which can bring words together), every written
 * form of a verb class, and the words compromise expands contractions to. test/core/language/reply-cues.test.ts
 * checks the contract on every sentence of the corpora. Change a rule in reply-acts.ts, change its cue here.
 */
import type { SentenceActKind } from './reply-acts.js';
import { DONE_VERB, GRANT_VERB, isVerbOf, NOT_KNOWN_YET, NOT_MINE_TO_DECIDE, PROVIDE_VERB, REFUSAL_VERB, TOLD_STAFF_VERB } from './reply-lexicon.js';

/** not / n't / never / no, and "unable" (refusal:phrase, refusal:negated-*). */
const NEGATION = /not|n't|\b(no|never|unable|dont|doesnt|didnt|cant|wont|isnt|arent|wasnt|werent|couldnt|wouldnt|shouldnt|havent|hasnt|aint)\b/;
/** The modals and verbs that make a clause future, hedged or in progress (promise:*, arrangement:future-concrete). */
const FUTURE_OR_HEDGED = /\b(will|shall|wo|won|ll|going|gonna|plan|plans|planning|intend|intends|expect|expects|hope|hopes|aim|aims|try|tries|anticipate|anticipates|may|d|can)\b|would|could|should|might|must|ing\b|in'/;
/** "let me check…" (promise:let-me). */
const LET = /\blet/;
/** Ability or permission: "can" (grant:can, grant:you-can, schedule:can-meet). */
const CAN = /\bca(n|\b)/;
/** A digit, a weekday, today/tomorrow or "week" (every CONCRETE_TIME alternative has one). */
const TIME = /\d|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|week)\b/;
/** The words of CONCRETE_DETAIL's alternatives (arrangement:*). */
const DETAIL = /\b(room|sessions?|minutes?|mins?|days?|week|period|hours?|daily|every|each|times|x|group|library|office|classroom|lunch|recess|nurse|center|instead|starting|beginning|now|forward|driver|bus)\b|nurse'?s/;
/** The words of PROVISION_PHRASE's alternatives (provision:phrase). */
const PROVISION_WORD = /attached|enclosed|\b(here|below|available|posted|uploaded|ready)\b/;
/** The verbs of PASSED_ON (forward:*). */
const PASSED_ON_VERB = /\b(forward|forwarded|forwarding|pass|passed|passing|share|shared|sharing|sent|send|sending|refer|referred|route|routed|gave|give|given|loop|looped|bring|brought)\b/;
/** The words of ACK_PHRASE's alternatives (ack:received). */
const ACK_WORD = /\b(got|noted|will|ok|okay|understood|received|logged|have|thank|thanks|confirm|confirms)\b/;
/** grant:yes — the same opener reply-acts.ts tests, on the same text. */
const YES_OPENER = /^(yes|yep|sure|absolutely|of course|certainly|definitely|that'?s fine|that is fine|no problem)\b/;
/** The words compromise expands contractions to ("I'd" → would, "gonna" → going to); a main verb may be one. */
const EXPANSIONS = ['is', 'has', 'are', 'am', 'have', 'had', 'would', 'will', 'not', 'us', 'going', 'to', 'want', 'got', 'can', 'do', 'did', 'does'];

/**
 * Every act the sentence can take. The cues read the whole sentence, lower-cased with curly quotes
 * straightened, as written and with accents dropped (compromise's normal form); the opener "Yes, …" is read as reply-acts.ts
 * reads it, after a leading "and / so / but / also / ok".
 */
export function possibleActs(sentence: string): ReadonlySet<SentenceActKind> {
  const hit = CACHE.get(sentence);
  if (hit) return hit;
  const found = cuesOf(sentence);
  if (CACHE.size >= CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value!);
  CACHE.set(sentence, found);
  return found;
}

// Bounded memo, oldest first out: a reply's sentences are read once per open request they may answer.
const CACHE = new Map<string, ReadonlySet<SentenceActKind>>();
const CACHE_LIMIT = 100_000;

function cuesOf(sentence: string): ReadonlySet<SentenceActKind> {
  const written = sentence.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
  const opened = written.replace(/^(and|so|but|also|ok(ay)?),? /, '');
  // Both spellings: a cue may match either (an accented letter is no word character to a regular expression).
  const lower = `${written} | ${written.normalize('NFD').replace(/[\u0300-\u036f]/g, '')}`;
  // Statements, questions and courtesies can come from any sentence.
  const out = new Set<SentenceActKind>(['inform', 'question', 'courtesy']);
  const words = verbCandidates(lower);
  const verbOf = (verbClass: RegExp) => words.some((w) => isVerbOfCached(verbClass, w));
  if (NEGATION.test(lower) || verbOf(REFUSAL_VERB)) out.add('refusal');
  if (PROVISION_WORD.test(lower) || verbOf(PROVIDE_VERB)) out.add('provision');
  if (YES_OPENER.test(opened) || CAN.test(lower) || verbOf(GRANT_VERB)) out.add('grant');
  if (TIME.test(lower)) out.add('schedule');
  if (verbOf(DONE_VERB)) out.add('done');
  if (TIME.test(lower) || DETAIL.test(lower)) out.add('arrangement');
  if (FUTURE_OR_HEDGED.test(lower) || LET.test(lower)) out.add('promise');
  if (PASSED_ON_VERB.test(lower) || verbOf(TOLD_STAFF_VERB) || NOT_MINE_TO_DECIDE.test(lower)) out.add('forward');
  if (ACK_WORD.test(lower) || NOT_KNOWN_YET.test(opened)) out.add('ack');
  return out;
}

/**
 * What the grammar's main verb of a clause can be, as reply-acts.ts sees it: each word (whole, split at
 * hyphens and apostrophes, and joined across a hyphen), each word with the next (a verb and its particle:
 * "reached out", "set up") and, when the sentence has contractions, the words they expand to.
 */
function verbCandidates(lower: string): string[] {
  const tokens: string[] = [];
  for (const raw of lower.split(/[^a-z0-9'-]+/)) {
    if (!raw) continue;
    tokens.push(raw);
    if (/['-]/.test(raw)) {
      tokens.push(raw.replace(/[-']/g, ''));
      for (const piece of raw.split(/['-]+/)) if (piece) tokens.push(piece);
    }
  }
  const out = new Set(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) out.add(`${tokens[i]} ${tokens[i + 1]}`);
  if (/'|\b(gonna|wanna|gotta|dunno|cannot|lemme|gimme)\b/.test(lower)) for (const w of EXPANSIONS) out.add(w);
  return [...out];
}

// Whether a word is of a verb class, remembered per class: the same words recur in every reply.
const VERB_MEMO = new Map<RegExp, Map<string, boolean>>();
const VERB_MEMO_LIMIT = 50_000;

function isVerbOfCached(verbClass: RegExp, word: string): boolean {
  let memo = VERB_MEMO.get(verbClass);
  if (!memo) VERB_MEMO.set(verbClass, (memo = new Map()));
  let known = memo.get(word);
  if (known === undefined) {
    known = isVerbOf(verbClass, word);
    if (memo.size >= VERB_MEMO_LIMIT) memo.clear();
    memo.set(word, known);
  }
  return known;
}
