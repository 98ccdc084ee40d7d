import type { RequestKind } from '../types.js';
import type { RequestQuestion, SentenceQuestion } from '../language/adjudication.js';
import { reasonOf } from '../language/reason.js';
import { questionHash, requestDoubt, requestQuestion, type VerdictIndex } from '../language/uncertain.js';
import { askSignal } from './ask.js';
import { askObject } from '../language/ask-object.js';
import { kindOfObject } from '../language/object-kind.js';
import { classifyKind, prepareKinds } from './kinds.js';
import { listsOf } from './lists.js';
import { GREETING_PREFIX, plain, splitSentences, type Sentence } from '../language/sentences.js';
import type { DetectedRequest } from './detected.js';

export type { DetectedRequest } from './detected.js';

// Follow-on questions about logistics belong to the request they follow ("Could you send some dates?").
const LOGISTICS = /\b(what (do )?i (need|have) (to )?do|how (do|can) i (start|begin|proceed|sign)|(send|give|suggest|propose|offer|share|let me know|tell me)\b.{0,40}\b(dates?|times?|availability|days?|options)|what (dates?|times?|days?) (work|are|would|might)|when (would|could|can) (we|you|the team) (meet|do|start|schedule|get together)|(the|a) consent form|assessment plan|what (are )?the next steps)\b/i;
const NAMES_AN_OBJECT = /\b(let me know|advise( me)?( of)?) (the|what|which|who|how|where|whether|if (there|i|we|the)|about the)\b/i;
const GREETING = /^(dear|hi|hello|good (morning|afternoon|evening)|hey|to whom)\b(\s+[\w.'’-]+){0,4}\s*[,:!]?$/i;

export interface DetectOptions {
  /** Accepted model verdicts on earlier questions, by hash; none by default (and always in `analyze`). */
  verdicts?: VerdictIndex;
  /** Filled with the decisions this pass scores as uncertain, for an optional model. */
  questions?: Array<RequestQuestion | SentenceQuestion>;
}

/**
 * The requests in the new text of one parent message (spec §3): one per kind, in order of appearance,
 * each with the sentence that carries it. Quoted history never reaches here: callers pass new text.
 */
export function detectRequests(newText: string, subject: string, opts: DetectOptions = {}): DetectedRequest[] {
  const sentences = splitSentences(newText)
    .map((s) => ({ ...s, text: s.text.replace(GREETING_PREFIX, '') }))
    .filter((s) => s.text.length > 0 && !GREETING.test(s.text));
  const found: DetectedRequest[] = [];
  const unpunctuated = !newText.includes('?');
  const lists = listsOf(sentences, subject);
  // Each ask's signal first, so the objects the kinds will need are tagged in one call (prepareKinds).
  const texts = sentences.map((s) => plain(s.text));
  const signals = sentences.map((s, i) => (lists.has(s.index) ? null : askSignal(texts[i]!, unpunctuated) ?? structuralAsk(texts[i]!)));
  const contexts = sentences.map((s, i) => (signals[i] ? contextOf(sentences, s) : []));
  prepareKinds(sentences.flatMap((_, i) => (signals[i] ? [{ sentence: askClause(texts[i]!), context: [texts[i]!, ...contexts[i]!] }] : [])), subject);
  for (const [i, s] of sentences.entries()) {
    const list = lists.get(s.index);
    if (list) {
      found.push(...list);
      continue;
    }
    const text = texts[i]!;
    const signal = signals[i];
    const paragraph = paragraphOf(sentences, s);
    const verdict = opts.verdicts?.get(questionHash('request', s.text, paragraph));
    if (verdict?.task === 'request') {
      // A model's verdict on a sentence this pass was unsure about replaces the deterministic answer.
      if (!verdict.isRequest) continue;
      if (!signal) {
        const kind = verdict.kind ?? 'information';
        found.push({ kind, evidence: s.text.replace(/\s+/g, ' ').trim(), signal: 'verdict/verdict', sentence: s.index, reason: reasonOf('verdict', text, 'model verdict') });
        continue;
      }
    }
    const questionShaped = /\?\s*["')\]]*\s*$/.test(text);
    if (!signal) {
      const doubt = requestDoubt({ isRequest: false, cue: null, kindRule: null, questionShaped });
      if (doubt && opts.questions) opts.questions.push(requestQuestion(s.text, paragraph, doubt, false, null));
      continue;
    }
    const context = contexts[i]!;
    const clause = askClause(text);
    let { kind, because } = classifyKind(clause, [text, ...context], subject);
    if (clause !== text && kind === 'information' && because === 'default') ({ kind, because } = classifyKind(text, context, subject));
    if (verdict?.task === 'request' && verdict.kind) ({ kind, because } = { kind: verdict.kind, because: 'model verdict' });
    else {
      const doubt = requestDoubt({ isRequest: true, cue: signal, kindRule: because, questionShaped });
      if (doubt && opts.questions) opts.questions.push(requestQuestion(s.text, paragraph, doubt, true, kind));
    }
    found.push({ kind, evidence: s.text.replace(/\s+/g, ' ').trim(), signal: `${signal}/${because}`, sentence: s.index, reason: reasonOf(signal, clause, because, text) });
    // "Please send the OT logs and let me know the make-up plan": two asks of different kinds in one sentence.
    const second = secondAsk(text);
    if (second) {
      const first = text.slice(0, text.length - second.length).replace(/\s*(,|and)\s*(also\s*)?$/i, '');
      for (const part of [first, second]) {
        const other = classifyKind(part, context, subject);
        if (other.kind !== kind && other.kind !== 'information' && !found.some((f) => f.sentence === s.index && f.kind === other.kind)) {
          found.push({ kind: other.kind, evidence: s.text.replace(/\s+/g, ' ').trim(), signal: `compound/${other.because}`, sentence: s.index, reason: reasonOf('compound', part, other.because) });
        }
      }
    }
  }
  // The message's asks in its own words first. A nudge is the renewed request only when there are none ("I'm
  // following up on my email below. Please send the OT logs." renews through its second sentence), and a closing
  // that names nothing ("…dropped at the corner again. please let me know") asks only when it stands alone.
  const nudge = (f: DetectedRequest) => f.signal.startsWith('nudge/');
  const bare = (f: DetectedRequest) => BARE_CLOSING.test(f.evidence);
  const tiers = [found.filter((f) => !nudge(f) && !bare(f)), found.filter(nudge), found];
  return mergeByKind(tiers.find((t) => t.length > 0) ?? []);
}

const BARE_CLOSING = /^(please |pls |plz |kindly )?(let (me|us) know|advise|get back to (me|us)|respond|reply)( (asap|soon|as soon as (you can|possible)|thanks?( you)?))?[\s.!]*$/i;

// The clause that carries the ask in a long sentence ("…, so can you make sure all her teachers have it?").
const ASK_START = /(?:^|[,;:—–]\s+|\s-\s|\b(?:so|and|but)\s+|\s(?=please\s+(?:send|provide|give|explain|tell|schedule|forward|email|put|let me know|confirm)\b))((?:can|could|would|will) (?:you|u|someone|somebody|we)\b|please\b|pls\b)/i;
function askClause(text: string): string {
  const m = ASK_START.exec(text);
  if (!m || m.index < 15) return text;
  return text.slice(m.index + m[0].length - m[1]!.length);
}

const SECOND_ASK = /\s(?:and|,)\s+(?:also\s+)?((?:please\s+)?(?:let me know|tell me|send|provide|confirm|explain|schedule|set up)\b.*)$/i;
function secondAsk(text: string): string | null {
  return SECOND_ASK.exec(text)?.[1] ?? null;
}

// "Ms. Perez requests that the evaluations be conducted in Spanish": someone asking for the parent, read from
// the sentence's structure (a third-person subject before a present-tense verb of asking).
// "I also want to understand how his minutes are counted": wanting to know, understand or find out something is
// a question put indirectly, whatever verb of knowing carries it.
// Tagging costs about half a millisecond a sentence, so only sentences holding one of the verbs these shapes
// need are tagged.
const MAY_ASK_STRUCTURALLY = /\b(requests?|asks?)\b|\bto (know|find|learn|hear)\b/i;
function structuralAsk(text: string): string | null {
  if (!MAY_ASK_STRUCTURALLY.test(text)) return null;
  const ask = askObject(text);
  if (ask?.subject === 'third') return 'request-verb';
  return ask?.frame === 'i-want-to:content' && !/\?\s*$/.test(text) && /^(know|find|learn|hear)$/.test(ask.verb) ? 'request-verb' : null;
}

/** The sentence's paragraph, as the context a model reads it in (and part of the question's hash). */
function paragraphOf(all: Sentence[], s: Sentence): string {
  return all.filter((o) => o.paragraph === s.paragraph).map((o) => o.text).join(' ');
}

function contextOf(all: Sentence[], s: Sentence): string[] {
  const before = all.filter((o) => o.paragraph === s.paragraph && o.index < s.index).reverse().slice(0, 3);
  const previousParagraph = all.filter((o) => o.paragraph === s.paragraph - 1).reverse().slice(0, 2);
  return [...before, ...previousParagraph].map((o) => o.text);
}

// Kinds whose asks name one object each (a question, a document, a plan item): a second sentence asking for
// one of them is a request of its own. A letter asks once for an evaluation, a meeting, an IEE or a PWN, and
// further sentences of that kind elaborate the one ask.
const MANY_PER_MESSAGE: ReadonlySet<RequestKind> = new Set(['information', 'accommodations', 'records', 'progress', 'services']);
const ONE_PER_MESSAGE_CONDITION: ReadonlySet<RequestKind> = new Set(['evaluation', 'meeting', 'iee']);
// "I'd also like to know if the missed sessions will be made up": a question put indirectly asks outright.
const INDIRECT_QUESTION = /\b(like|want|need) to (know|find out|understand) (if|whether|when|who|what|how|why|where|which)\b|\b(wondering|asking) (if|whether|when|who|what|how|why|where|which)\b/i;
// "Is there any way his OT could be in person": asking whether a thing can be done asks for it outright.
const POSSIBILITY_ASKED = /\b(is there (a|any) way|(is|would|will) it be possible|is it possible)\b/i;
function distinctAsk(r: DetectedRequest, kept: DetectedRequest[]): boolean {
  // "I request that the evaluation be done by another therapist", "…that the evaluation look at his writing": an ask
  // about how the evaluation or meeting already asked for is to be done is an ask of its own.
  if (!MANY_PER_MESSAGE.has(r.kind)) {
    if (!ONE_PER_MESSAGE_CONDITION.has(r.kind) || kept.some((k) => k.sentence === r.sentence)) return false;
    const ask = askObject(r.evidence);
    return ask?.frame === 'i-want-that' && kindOfObject(ask)?.kind === r.kind;
  }
  const [cue, because = ''] = r.signal.split('/');
  // Only a sentence that asks outright (a question, an imperative, "please", "I request") opens a new ask;
  // "we'd like to prepare her" or "I haven't received it" speaks about one.
  // "I'd also appreciate it if you could send…" asks outright through its modal.
  if (!['question', 'imperative', 'please'].includes(cue!) && !(cue === 'request-verb' && (/\b(request|ask)/i.test(r.evidence) || INDIRECT_QUESTION.test(r.evidence) || POSSIBILITY_ASKED.test(r.evidence) || /\bif (you|someone) (could|would|can)\b/i.test(r.evidence)))) return false;
  // Its object must be its own: a kind taken from the sentences before it, or a pronoun object ("send it",
  // "those as well"), refers back to the earlier ask.
  if (/^(context|subject):/.test(because) || because === 'default' && r.kind !== 'information') return false;
  if (/\b(send|provide|forward|email|e-mail|give|share|mail|has|have|get|gets|use)( me| us| him| her)? (it|them|those|these|that|this|both|either)\b|\b(as well|too)[.?!]?$/i.test(r.evidence)) return false;
  // The same object asked for twice ("a copy of his evaluation report … please send the evaluation report") is
  // one ask; so is the same sentence pasted twice.
  return !kept.some((k) => k.kind === r.kind && (k.sentence === r.sentence || sameObject(k.evidence, r.evidence)));
}

// Words that carry no object: the asking verbs, courtesy and function words.
const NOT_OBJECT = /^(please|could|would|should|can|will|also|send|sent|tell|know|like|want|need|copy|copies|that|this|these|those|there|then|than|with|from|your|about|when|what|which|where|whom|while|have|been|being|just|some|into|very|more|most|much|many|does|did|is|are|was|were|them|they|their|him|her|his|hers|me|my|we|our|you|us|let|thank|thanks|know|advance|possible|soon)$/i;
function contentWords(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-z][a-z'-]{3,}/g)?.filter((w) => !NOT_OBJECT.test(w)) ?? []);
}
function sameObject(a: string, b: string): boolean {
  if (a === b) return true;
  const wa = contentWords(a), wb = contentWords(b);
  const shared = [...wb].filter((w) => wa.has(w)).length;
  return shared >= 2 && shared * 2 >= Math.min(wa.size, wb.size);
}

const AGENDA = /^((also|and|so),?\s+)?(i|we)( would|'d)? (also |really )?(like|want|need|hope|plan) to (talk about|discuss|go over|review|bring up|look at)\b/i;

function mergeByKind(found: DetectedRequest[]): DetectedRequest[] {
  // Each item of a list is a request of its own; a sentence elsewhere asking for the same kind is part of it.
  const items = found.filter((r) => r.listItem);
  const prose = found.filter((r) => !r.listItem && !items.some((i) => i.kind === r.kind));
  const specific = [...items, ...prose].filter((r) => r.kind !== 'information');
  const out: DetectedRequest[] = [...items];
  const seen = new Set<RequestKind>();
  const meetingAsked = found.some((r) => r.kind === 'meeting');
  for (const r of prose) {
    if (seen.has(r.kind) && !distinctAsk(r, out)) continue;
    // "I'd like to talk about her goals" beside a meeting asked for says what the meeting is for.
    if (meetingAsked && r.kind !== 'meeting' && AGENDA.test(r.evidence)) continue;
    if (r.kind === 'information') {
      // A logistics question right after a specific request is part of it, not a request of its own.
      const follows = specific.some((x) => ['meeting', 'evaluation', 'iee'].includes(x.kind) && r.sentence > x.sentence && r.sentence - x.sentence <= 2);
      if (follows && LOGISTICS.test(r.evidence)) continue;
      // "Please let me know." alone adds nothing to the specific asks around it.
      // ("Please let me know the next step." names what it asks for, and is its own question.)
      if (specific.length && /^(please )?(let me know|get back to me|respond|reply|advise)\b[^?]{0,40}[.!]?$/i.test(r.evidence) && !NAMES_AN_OBJECT.test(r.evidence)) continue;
      // Unmet-request statements ("I haven't heard back") are the request they refer to when there is one.
      if (specific.length && r.signal.startsWith('unmet/')) continue;
    }
    seen.add(r.kind);
    out.push(r);
  }
  // Keep the strongest evidence: a sentence that asks outright beats an "I haven't received" statement.
  return out
    .map((r) => {
      if (!r.signal.startsWith('unmet/')) return r;
      const better = found.find((x) => x.kind === r.kind && !x.listItem && !x.signal.startsWith('unmet/'));
      return better ?? r;
    })
    .filter((r, i, all) => all.findIndex((o) => o.kind === r.kind && o.evidence === r.evidence) === i)
    .sort((a, b) => a.sentence - b.sentence);
}
