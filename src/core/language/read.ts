/**
 * One sentence read whole: its speech act, who acts and when, the head of what it asks for and the kind
 * that head names, with the rule that decided each. Pure and cached through nlp.ts.
 */
import type { RequestKind } from '../types.js';
import { termsOf } from './nlp.js';
import { speechAct, type SpeechAct } from './act.js';
import type { Actor, Tense } from './clause.js';
import { askHead } from './head.js';
import { kindOfHead } from './kind-of-object.js';

export interface SentenceReading {
  text: string;
  act: SpeechAct;
  actor: Actor;
  tense: Tense;
  /** The ask's verb and object phrase ("send copies of his file"), for asks and questions. */
  head: { verb: string | null; object: string } | null;
  /** The kind the head's object names, or null when it names none (the caller falls back to context). */
  kind: RequestKind | null;
  /** Rules that decided, e.g. "act:asking-verb", "kind:document:copies". */
  rule: string;
  /** The act rests on a weak cue (a model may be asked: adjudication.ts). */
  unsure: boolean;
}

const readings = new Map<string, SentenceReading>();

export function readSentence(text: string): SentenceReading {
  const hit = readings.get(text);
  if (hit) return hit;
  const terms = termsOf(text);
  const act = speechAct(terms);
  let head: SentenceReading['head'] = null;
  let kind: RequestKind | null = null;
  let rule = `act:${act.rule}`;
  if (act.act === 'ask' || act.act === 'question') {
    const h = askHead(terms, act.clause);
    head = { verb: h.verb, object: h.object.map((t) => t.text).join(' ') };
    const k = kindOfHead(h);
    if (k) { kind = k.kind; rule += ` kind:${k.because}`; }
  }
  const reading: SentenceReading = { text, act: act.act, actor: act.clause.actor, tense: act.clause.tense, head, kind, rule, unsure: act.unsure };
  if (readings.size > 20_000) readings.delete(readings.keys().next().value!);
  readings.set(text, reading);
  return reading;
}
