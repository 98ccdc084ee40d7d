import type { RequestKind } from '../types.js';
import { askSignal } from './ask.js';
import { classifyKind } from './kinds.js';
import { splitSentences, type Sentence } from './sentences.js';
import { readSentence, type SentenceReading } from '../language/read.js';
import type { RequestReason } from '../language/reason.js';
import type { RequestQuestion } from '../language/adjudication.js';
import { requestDoubt, requestQuestion, questionHash, type VerdictIndex } from '../language/uncertain.js';

export interface DetectedRequest {
  kind: RequestKind;
  /** The parent's exact sentence. */
  evidence: string;
  /** Why: "<ask signal>/<kind reason>", shown to explain a detection. */
  signal: string;
  /** Position of the sentence in the new text. */
  sentence: number;
  /** The act, the head of the ask and the rules that decided (shown as "Why we think this"). */
  reason: RequestReason;
}

// Follow-on questions about logistics belong to the request they follow ("Could you send some dates?").
const LOGISTICS = /\b(what (do )?i (need|have) (to )?do|how (do|can) i (start|begin|proceed|sign)|(send|give|suggest|propose|offer|share|let me know|tell me)\b.{0,40}\b(dates?|times?|availability|days?|options)|what (dates?|times?|days?) (work|are|would|might)|when (would|could|can) (we|you|the team) (meet|do|start|schedule|get together)|(the|a) consent form|assessment plan|what (are )?the next steps)\b/i;
const GREETING = /^(dear|hi|hello|good (morning|afternoon|evening)|hey|to whom)\b(\s+[\w.'’-]+){0,4}\s*[,:!]?$/i;
// "Hi Ms. Tate, do you know…": the greeting glued to the first sentence is not part of the ask.
const GREETING_PREFIX = /^(dear|hi|hello|hey|good (morning|afternoon|evening))\b[^,.!?:]{0,40}(?:\.[^,!?:]{0,20})?[,:!]\s+(?=\S)/i;

/**
 * The requests in the new text of one parent message (spec §3): one per kind, in order of appearance,
 * each with the sentence that carries it. Quoted history never reaches here: callers pass new text.
 */
export interface DetectOptions {
  /** Accepted model verdicts by question hash: they replace the deterministic decision of their sentence. */
  verdicts?: VerdictIndex;
  /** Receives the decisions this pass scores as uncertain. */
  questions?: RequestQuestion[];
}

export function detectRequests(newText: string, subject: string, options: DetectOptions = {}): DetectedRequest[] {
  const sentences = splitSentences(newText)
    .map((s) => ({ ...s, text: s.text.replace(GREETING_PREFIX, '') }))
    .filter((s) => s.text.length > 0 && !GREETING.test(s.text));
  const found: DetectedRequest[] = [];
  let listAsk = false; // "I am requesting the following:" makes each list item below it an ask
  const unpunctuated = !newText.includes('?');
  for (const s of sentences) {
    const reading = readSentence(s.text);
    let signal = askDecision(reading, s.text, unpunctuated);
    if (!signal && listAsk && s.bullet) signal = 'list-item';
    if (!s.bullet) listAsk = Boolean(signal) && /:\s*$/.test(s.text);
    const paragraph = sentences.filter((o) => o.paragraph === s.paragraph).map((o) => o.text).join(' ');
    const verdict = options.verdicts?.get(questionHash('request', s.text, paragraph));
    if (verdict?.task === 'request') {
      if (!verdict.isRequest) continue;
      if (verdict.kind) {
        found.push({ kind: verdict.kind, evidence: s.text.replace(/\s+/g, ' ').trim(), signal: 'verdict', sentence: s.index, reason: reasonOf(reading, 'verdict') });
        continue;
      }
      signal ??= 'verdict';
    }
    if (options.questions) {
      const early = kindOf(reading, askClause(s.text), s.text, contextOf(sentences, s), subject, signal === 'list-item');
      const doubt = requestDoubt(reading, Boolean(signal), Boolean(signal) && !early.because.startsWith('head:'));
      if (doubt) options.questions.push(requestQuestion(s.text, paragraph, doubt, Boolean(signal), signal ? early.kind : null));
    }
    if (!signal) continue;
    if (/:\s*$/.test(s.text) && sentences.some((o) => o.bullet && o.index === s.index + 1)) continue; // the items carry the kinds
    const context = contextOf(sentences, s);
    const clause = askClause(s.text);
    let { kind, because } = kindOf(reading, clause, s.text, context, subject, signal === 'list-item');
    const reason = reasonOf(reading, `${signal}/${because}`);
    found.push({ kind, evidence: s.text.replace(/\s+/g, ' ').trim(), signal: `${signal}/${because}`, sentence: s.index, reason });
    // "Please send the OT logs and let me know the make-up plan": two asks of different kinds in one sentence.
    const second = secondAsk(s.text);
    if (second) {
      const first = s.text.slice(0, s.text.length - second.length).replace(/\s*(,|and)\s*(also\s*)?$/i, '');
      for (const part of [first, second]) {
        const other = classifyKind(part, context, subject);
        if (other.kind !== kind && other.kind !== 'information' && !found.some((f) => f.sentence === s.index && f.kind === other.kind)) {
          found.push({ kind: other.kind, evidence: s.text.replace(/\s+/g, ' ').trim(), signal: `compound/${other.because}`, sentence: s.index, reason: reasonOf(reading, `compound/${other.because}`) });
        }
      }
    }
  }
  return mergeByKind(found);
}

// Acts that never ask the school for anything, whatever words they contain.
const NEVER_ASKS = new Set(['rhetorical', 'notice', 'promise', 'provision']);
const STATEMENT_RULES_THAT_DECIDE = new Set(['reported-past', 'emotive', 'offer', 'pleasantry', 'non-ask-imperative']);

/** Is the sentence an ask? The speech act decides; where it only says "statement" by default, the older lexical signals still may. */
function askDecision(reading: SentenceReading, text: string, unpunctuated: boolean): string | null {
  if (NEVER_ASKS.has(reading.act)) return null;
  // "At the meeting the team declined my request…": a grant or refusal told in the past is a report.
  if ((reading.act === 'grant' || reading.act === 'refusal') && (reading.tense === 'past' || reading.tense === 'perfect')) return null;
  const rule = reading.rule.split(' ')[0]!.slice(4);
  if (reading.act === 'statement' && STATEMENT_RULES_THAT_DECIDE.has(rule)) return null;
  const legacy = askSignal(text, unpunctuated);
  if (reading.act === 'ask' || reading.act === 'question') return legacy ?? (rule === 'unmet' ? 'unmet' : `act-${rule}`);
  return legacy;
}

/** The kind: the head of the ask names it when it can; otherwise the sentence's topics and its context do. */
function kindOf(reading: SentenceReading, clause: string, text: string, context: string[], subject: string, listItem: boolean): { kind: RequestKind; because: string } {
  // The head of the ask names the kind; a long sentence's ask clause is read on its own ("…, so can you make sure…?").
  const own = clause !== text ? readSentence(clause) : reading;
  const head = own.kind ? own : reading;
  if (head.kind) return { kind: head.kind, because: `head:${head.rule.split(' kind:')[1]}` };
  let { kind, because } = classifyKind(clause, [text, ...context], subject, listItem);
  if (clause !== text && kind === 'information' && because === 'default') ({ kind, because } = classifyKind(text, context, subject));
  return { kind, because };
}

function reasonOf(reading: SentenceReading, rule: string): RequestReason {
  return { act: reading.act, head: reading.head ? [reading.head.verb, reading.head.object].filter(Boolean).join(' ') : null, rule };
}

// The clause that carries the ask in a long sentence ("…, so can you make sure all her teachers have it?").
const ASK_START = /(?:^|[,;:—–]\s+|\s-\s|\b(?:so|and|but)\s+)((?:can|could|would|will) (?:you|u|someone|somebody|we)\b|please\b|pls\b)/i;
function askClause(text: string): string {
  const m = ASK_START.exec(text);
  if (!m || m.index < 15) return text;
  return text.slice(m.index + m[0].length - m[1]!.length);
}

const SECOND_ASK = /\s(?:and|,)\s+(?:also\s+)?((?:please\s+)?(?:let me know|tell me|send|provide|confirm|explain|schedule|set up)\b.*)$/i;
function secondAsk(text: string): string | null {
  return SECOND_ASK.exec(text)?.[1] ?? null;
}

function contextOf(all: Sentence[], s: Sentence): string[] {
  const before = all.filter((o) => o.paragraph === s.paragraph && o.index < s.index).reverse().slice(0, 3);
  const previousParagraph = all.filter((o) => o.paragraph === s.paragraph - 1).reverse().slice(0, 2);
  return [...before, ...previousParagraph].map((o) => o.text);
}

function mergeByKind(found: DetectedRequest[]): DetectedRequest[] {
  const specific = found.filter((r) => r.kind !== 'information');
  const out: DetectedRequest[] = [];
  const seen = new Set<RequestKind>();
  for (const r of found) {
    if (seen.has(r.kind)) continue;
    if (r.kind === 'information') {
      // A logistics question right after a specific request is part of it, not a request of its own.
      const follows = specific.some((x) => ['meeting', 'evaluation', 'iee'].includes(x.kind) && r.sentence > x.sentence && r.sentence - x.sentence <= 2);
      if (follows && LOGISTICS.test(r.evidence)) continue;
      // "Please let me know." alone adds nothing to the specific asks around it.
      if (specific.length && /^(please )?(let me know|get back to me|respond|reply|advise)\b[^?]{0,40}[.!]?$/i.test(r.evidence)) continue;
      // Unmet-request statements ("I haven't heard back") are the request they refer to when there is one.
      if (specific.length && r.signal.startsWith('unmet/')) continue;
    }
    seen.add(r.kind);
    out.push(r);
  }
  // Keep the strongest evidence: a sentence that asks outright beats an "I haven't received" statement.
  return out.map((r) => {
    if (!r.signal.startsWith('unmet/')) return r;
    const better = found.find((x) => x.kind === r.kind && !x.signal.startsWith('unmet/'));
    return better ?? r;
  });
}
