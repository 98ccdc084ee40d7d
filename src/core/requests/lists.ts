/**
 * Lists a parent sets out under an ask ("I am requesting the following:", "Please provide prior written
 * notice of each:"). Two shapes, told apart by their punctuation:
 *  - items that are fragments of one sentence (lower-case starts, ";" and "and" between them) are the object
 *    of the lead-in's one ask: one request, carried by the lead-in;
 *  - items that stand as sentences of their own (or a lead-in that says "each") are one request each.
 * An item's kind is the lead-in's when the lead-in names what is asked for (the items are then its objects:
 * "prior written notice regarding: 1. the decision…"); otherwise the item's own head decides.
 */
import { askSignal } from './ask.js';
import { askObject, itemObject } from '../language/ask-object.js';
import { kindOfObject } from '../language/object-kind.js';
import { headOfAsk, reasonOf } from '../language/reason.js';
import type { DetectedRequest } from './detected.js';
import { classifyKind, type KindDecision } from './kinds.js';
import { plain, type Sentence } from '../language/sentences.js';

const LEAD_IN = /:\s*$/;
const FRAGMENT_ITEM = /^[a-z]|[;,]\s*(and|or)?\s*$/;
const DISTRIBUTIVE = /\beach\b|\bseparately\b/i;
// "Once the FBA is complete, an IEP team meeting…": the leading clause says when, the rest says what.
const LEADING_CLAUSE = /^(once|after|when|if|before|until|as soon as|following)\b[^,]{0,80},\s*/i;
// The head of a noun-phrase item ends where its modifiers begin.
const MODIFIERS = /,|\(|\b(including|such as|especially|so that|because|since|from|between|showing|which|who|that (shows?|mentions?|describes?))\b/i;

/** Requests made by lists, keyed by the index of the sentence that carries them (the lead-in or each item). */
export function listsOf(sentences: Sentence[], subject: string): Map<number, DetectedRequest[]> {
  const out = new Map<number, DetectedRequest[]>();
  sentences.forEach((lead, at) => {
    if (lead.bullet || !LEAD_IN.test(lead.text)) return;
    const items: Sentence[] = [];
    for (let i = at + 1; i < sentences.length && sentences[i]!.bullet && sentences[i]!.index === lead.index + items.length + 1; i++) items.push(sentences[i]!);
    if (!items.length) return;
    const leadText = plain(lead.text);
    const signal = askSignal(leadText);
    if (!signal) return;
    const evidence = (s: Sentence) => s.text.replace(/\s+/g, ' ').trim();
    const named = classifyKind(leadText, [], subject);
    // "I am requesting the following before the manifestation meeting:": when the lead-in's object is only "the
    // following", a kind its other words name (here a time, "before the meeting") is not what the items are.
    const leadObject = askObject(leadText)?.phrases[0];
    const onlyTheFollowing = leadObject !== undefined && /^(following|items?|things?)$/.test(leadObject.at(-1) ?? '') && leadObject.length === 1;
    const leadNames = named.kind !== 'information' && !onlyTheFollowing;
    if (items.every((s) => FRAGMENT_ITEM.test(s.text)) && !DISTRIBUTIVE.test(leadText) && !(items.length > 1 && items.every(namesItsOwnThing))) {
      const whole = leadNames ? named : classifyKind(`${leadText} ${items.map((s) => plain(s.text)).join(' ')}`, [], subject);
      out.set(lead.index, [{ kind: whole.kind, evidence: evidence(lead), signal: `${signal}/list:${whole.because}`, sentence: lead.index, reason: reasonOf(signal, leadText, `list of one sentence, ${whole.because}`) }]);
      // The fragments are the lead-in's objects ("- how reimbursement works; and"), not asks of their own.
      for (const item of items) out.set(item.index, []);
      return;
    }
    for (const item of items) {
      // A lead-in that only hints at a kind ("the following written data:") yields to an item that names its own.
      const own = leadNames && !/-weak$/.test(named.because) ? null : itemKind(plain(item.text), subject);
      const kind = own && (own.kind !== 'information' || !leadNames) ? own : { kind: named.kind, because: `lead-in:${named.because}` };
      const itemText = plain(item.text);
      out.set(item.index, [{ kind: kind.kind, evidence: evidence(item), signal: `list-item/${kind.because}`, sentence: item.index, listItem: true, reason: { act: 'ask', head: headOfAsk(itemText.replace(LEADING_CLAUSE, '')), rule: `item of a list under "${headOfAsk(leadText)}" / ${kind.because}` } }]);
    }
    out.set(lead.index, []);
  });
  return out;
}

// "1. a speech and language evaluation 2. an occupational therapy evaluation": fragments that each name a thing to be
// done or handed over, with its determiner, are asks of their own, where areas of one ask ("speech and language",
// "attention and processing") and the parts of a lead-in's ask ("how reimbursement works; and") are not.
const DETERMINER = /^(a|an|the|any|all|copies|a copy|his|her|their|my)\b/i;
function namesItsOwnThing(item: Sentence): boolean {
  const text = plain(item.text).replace(/^\s*(\d+[.)]|[a-z][.)]|[-*•])\s*/i, '');
  if (!DETERMINER.test(text)) return false;
  const head = text.split(MODIFIERS)[0]!.trim();
  return kindOfObject(itemObject(head)) !== null;
}

// Topic rules that decide only by which kinds' words occur, in a fixed order of precedence.
const BY_PRECEDENCE = /^(services|records-weak|accommodations|meeting-weak|evaluation-weak|progress)$/;

function itemKind(text: string, subject: string): KindDecision {
  const core = text.replace(LEADING_CLAUSE, '');
  const head = core.split(MODIFIERS)[0]!.trim();
  const byHead = head.length >= 4 ? classifyKind(head, [], subject, true) : null;
  if (byHead && byHead.kind !== 'information') {
    // "The speech therapist's service log for this year": an item is a noun phrase, and its head noun ("log") says
    // what is asked for where the topic words only say what it is about (speech, a service).
    const named = BY_PRECEDENCE.test(byHead.because) ? kindOfObject(itemObject(head)) : null;
    if (named && named.kind !== byHead.kind && named.kind !== 'information') return { kind: named.kind, because: `head-noun:${named.noun}` };
    return { kind: byHead.kind, because: `head:${byHead.because}` };
  }
  return classifyKind(core, [], subject, true);
}
