/**
 * The speech act of one sentence: what the writer does with it (asks, questions, states, promises,
 * grants, refuses, provides, gives notice, or complains in the form of a question). Decided from the
 * main clause (actor, tense, mood) and the lexicon's verbs, never from whole-sentence patterns.
 */
import type { Term } from './nlp.js';
import { readClause, type Clause } from './clause.js';
import {
  ASKING_VERBS, DELIVERY_VERBS, EMOTIVE_COMPLEMENTS, FUTURE_MARKERS, GRANT_OPENERS, GRANT_VERBS, LETTER_NOUNS, LIVE_ASK_MARKERS, NON_ASK_IMPERATIVES,
  NOTICE_NOUNS, NOTICE_VERBS, OFFER_OBJECTS, OFFER_VERBS, PLEASANTRY_OPENERS, PROVIDING_VERBS, PROVISION_WORDS, REFUSAL_VERBS, REFUSAL_WORDS,
  OFFER_QUESTION_FRAMES, REPORTING_VERBS, RHETORICAL_FRAMES, RHETORICAL_QUANTIFIERS, STRONG_IMPERATIVE_OBJECTS, TENTATIVE_ASKING_VERBS, UNMET_VERBS,
} from './lexicon/acts.js';
import { findPhrase, hasAny, hasFrame, is, phraseAt, words } from './terms.js';

export type SpeechAct = 'ask' | 'question' | 'statement' | 'promise' | 'grant' | 'refusal' | 'provision' | 'notice' | 'rhetorical';

export interface ActDecision {
  act: SpeechAct;
  /** The rule that decided, e.g. "asking-verb", "future-self", "reported-past". */
  rule: string;
  clause: Clause;
  /** The decision rests on a weak cue and is worth a second opinion. */
  unsure: boolean;
}

const lemma = (t: Term | undefined) => (t ? t.normal.replace(/(ing|ed|es|s)$/, '') : '');
const verbIs = (t: Term | undefined, list: readonly string[]) => Boolean(t) && list.some((v) => t!.normal === v || lemma(t) === v || lemma(t) === v.replace(/e$/, '') || t!.normal.startsWith(v) && t!.normal.length <= v.length + 3);

export function speechAct(terms: Term[]): ActDecision {
  const clause = readClause(terms);
  const w = words(terms);
  const decide = (act: SpeechAct, rule: string, unsure = false): ActDecision => ({ act, rule, clause, unsure });
  if (terms.length < 2) return decide('statement', 'too-short');
  const verb = terms[clause.verb];
  const has = (list: readonly string[]) => hasAny(terms, list);
  const startsWith = (list: readonly string[]) => Boolean(phraseAt(terms, clause.start, list)) || Boolean(phraseAt(terms, 0, list));

  // A letter that announces ("Please accept this letter as formal notice that…", "This letter serves as notice").
  const noticeNoun = NOTICE_NOUNS.some((n) => findPhrase(terms, n) >= 0) && !has(['written notice', 'prior written']);
  if (noticeNoun && (has(['accept this', 'serves as', 'serve as', 'constitutes']) || LETTER_NOUNS.includes(clause.subject?.split(' ').at(-1) ?? ''))) return decide('notice', 'notice-frame');
  if (clause.actor === 'self' && verbIs(verb, NOTICE_VERBS) && clause.tense === 'present') return decide('notice', 'notifying-verb');
  if (has(['please be advised', 'be advised that', 'for your information', 'for your records'])) return decide('notice', 'advised');

  if (clause.question) {
    if (RHETORICAL_FRAMES.some((f) => hasFrame(terms, f))) return decide('rhetorical', 'rhetorical-frame');
    if (OFFER_QUESTION_FRAMES.some((f) => hasFrame(terms, f))) return decide('statement', 'offer');
    if ((w.includes('how') || w.includes('why')) && has(RHETORICAL_QUANTIFIERS)) return decide('rhetorical', 'blames-nobody');
    return decide('question', is(terms[clause.start], 'QuestionWord') ? 'wh-question' : 'yes-no-question');
  }

  // Offers of help and pleasantries expect nothing.
  if (has(OFFER_VERBS) && (w.includes('if') || w.includes('should') || has(['feel free', 'hesitate'])) && (has(OFFER_OBJECTS) || has(['feel free', 'hesitate']))) return decide('statement', 'offer');
  if (startsWith(PLEASANTRY_OPENERS) && !has(['if you could', 'could you', 'can you', 'please send', 'please provide'])) return decide('statement', 'pleasantry');

  // A thing given now ("Attached is…", "Here are the logs", "I have uploaded the report").
  if (has(PROVISION_WORDS) && !(clause.tense === 'future')) return decide('provision', 'provided-now');
  if (clause.actor === 'self' && (clause.tense === 'perfect' || clause.tense === 'past') && verbIs(verb, PROVIDING_VERBS) && !clause.negated) return decide('provision', 'provided-perfect');

  // Grants and refusals (a school's answer; also a parent's consent).
  if (startsWith(['no']) && terms[clause.start]?.post.includes(',')) return decide('refusal', 'no-opener');
  if (startsWith(GRANT_OPENERS)) return decide('grant', 'grant-opener');
  if (verbIs(verb, REFUSAL_VERBS) && clause.tense !== 'future') return decide('refusal', 'refusal-verb');
  if (has(REFUSAL_WORDS) || (clause.negated && (clause.modal === 'can' || clause.modal === 'will' || clause.modal === 'could') && clause.actor !== 'addressee')) return decide('refusal', 'negated-ability');
  if (verbIs(verb, GRANT_VERBS) && !clause.negated && clause.actor !== 'addressee' && clause.tense !== 'future' && clause.tense !== 'conditional') return decide('grant', 'grant-verb');

  // An unmet ask stated as a fact ("I still have not received the logs", "we are still waiting").
  if (clause.actor === 'self' && clause.negated && verbIs(verb, UNMET_VERBS) && (clause.tense === 'perfect' || clause.tense === 'past')) return decide('ask', 'unmet');
  if (has(['still waiting', 'still have not', 'still haven\'t', 'still no'])) return decide('ask', 'unmet');

  const asking = verbIs(verb, ASKING_VERBS);
  // "I'm not asking for special treatment": a negated ask asks nothing.
  if (asking && clause.negated && clause.actor === 'self') return decide('statement', 'negated-ask');
  // "I want you to know how grateful we are": a feeling, not an ask.
  const after = (k: number) => terms[clause.verb + k]?.normal ?? '';
  if (asking && ((after(1) === 'you' && after(2) === 'to' && EMOTIVE_COMPLEMENTS.includes(after(3))) || (after(1) === 'to' && EMOTIVE_COMPLEMENTS.includes(after(2)) && !['know', 'understand', 'hear'].includes(after(2))))) return decide('statement', 'emotive');
  // A past ask reported ("Last year I asked for an evaluation"), unless kept live ("I asked again…").
  if (clause.tense === 'past' || clause.tense === 'perfect') {
    const tentative = verbIs(verb, TENTATIVE_ASKING_VERBS) && clause.actor === 'self';
    if (!tentative && (asking || verbIs(verb, REPORTING_VERBS)) && !has(LIVE_ASK_MARKERS)) return decide('statement', 'reported-past');
    if (tentative) return decide('ask', 'tentative-past');
  }
  // "I am writing to request…", "I'm reaching out to ask…": the purpose is the ask.
  if (clause.actor === 'self' && ['writing', 'emailing', 'reaching', 'contacting'].includes(verb?.normal ?? '')) {
    const to = findPhrase(terms, 'to', clause.verb + 1);
    if (to >= 0 && to <= clause.verb + 3 && verbIs(terms[to + 1], [...ASKING_VERBS, 'follow', 'find', 'see', 'check'])) return decide('ask', 'writing-to-ask');
  }
  // Future acts by the writer's side are promises ("I'll have the report to you by the 20th").
  if (clause.negated && clause.actor !== 'addressee' && !asking && (clause.tense === 'present' || clause.tense === 'future') && verbIs(verb, [...PROVIDING_VERBS, 'provide', 'plan', 'hold', 'conduct', 'offer', 'fund', 'pay', 'approve', 'agree', 'see', 'believe', 'think', 'feel', 'qualify', 'meet', 'evaluate', 'assess', 'schedule', 'change', 'allow', 'make'])) return decide('refusal', 'negated-act');
  if (clause.tense === 'future' && clause.actor === 'third' && !asking && !verbIs(verb, DELIVERY_VERBS)) return decide('statement', 'future-arrangement');
  if (clause.tense === 'future' && clause.actor !== 'addressee' && !asking) return decide('promise', 'future-actor');
  // "The records are being copied now", "our clerk is pulling everything together": under way, a promise of its result.
  if (clause.progressive && clause.actor !== 'addressee' && !asking && !verbIs(verb, REPORTING_VERBS) && !['writing', 'reaching', 'following', 'checking', 'hoping', 'wondering', 'trying'].includes(verb?.normal ?? '')) return decide('promise', 'in-progress');
  // "Mr. Hadley is back Monday and will follow up": a future act joined to a statement.
  if (!asking && clause.actor !== 'addressee' && terms.some((t, k) => t.normal === 'and' && k > clause.verb && (terms[k + 1]?.normal === 'will' || (is(terms[k + 1], 'Pronoun') && terms[k + 2]?.normal === 'will') || (is(terms[k + 1], 'Pronoun') && terms[k + 2]?.normal === "'ll")))) return decide('promise', 'coordinated-future');
  if (clause.actor !== 'addressee' && FUTURE_MARKERS.slice(2).some((m) => { const at = findPhrase(terms, m); return at >= 0 && at === clause.verb; })) return decide('promise', 'plan-to');

  // "Please accept this letter as my written request for…", "This email is my formal request for…".
  const requestNoun = terms.findIndex((t, i) => /^requests?$/.test(t.normal) && (is(t, 'Noun') || is(terms[i - 1], 'Determiner') || is(terms[i - 1], 'Possessive') || is(terms[i - 1], 'Adjective')) && ['for', 'that', 'to'].includes(terms[i + 1]?.normal ?? ''));
  if (requestNoun >= 0 && clause.tense !== 'past' && clause.tense !== 'perfect') return decide('ask', 'letter-request');
  if (clause.imperative) {
    const object = terms[clause.verb + 1]?.normal ?? '';
    if (verbIs(verb, NON_ASK_IMPERATIVES) && !STRONG_IMPERATIVE_OBJECTS.includes(object) && !(verb?.normal === 'have' && object !== 'a')) return decide('statement', 'non-ask-imperative');
    return decide('ask', 'imperative');
  }
  const please = w.findIndex((x) => x === 'please' || x === 'pls' || x === 'kindly');
  if (please >= 0) {
    // "…so please bear with me": the verb after "please" asks nothing.
    if (verbIs(terms[please + 1], NON_ASK_IMPERATIVES) && !STRONG_IMPERATIVE_OBJECTS.includes(terms[please + 2]?.normal ?? '')) return decide('statement', 'non-ask-imperative');
    return decide('ask', 'please', true);
  }
  if (asking && clause.actor !== 'addressee' && (clause.tense === 'present' || clause.tense === 'conditional' || clause.tense === 'future')) {
    return decide('ask', LETTER_NOUNS.includes(clause.subject?.split(' ').at(-1) ?? '') ? 'letter-asks' : 'asking-verb');
  }
  if (has(['is it possible', 'would it be possible', 'it would be helpful', 'it would be great', 'if you could', 'if someone could'])) return decide('ask', 'tentative');
  return decide('statement', 'default', clause.actor === 'addressee');
}
