/**
 * Reading a model's answer to one sentence question: strict JSON against a zod schema, then the evidence
 * check. The quote must occur in the question's own text after whitespace folding only (no case folding, no
 * quote-mark normalisation): a paraphrase or a made-up quote is a wrong answer, not a near miss.
 */
import * as z from 'zod';
import type { ReplyActVerdict, SentenceQuestion, SentenceVerdict } from '../core/language/adjudication.js';
import { REQUEST_KINDS, type RequestKind } from '../core/types.js';

const requestAnswerSchema = z
  .strictObject({ isRequest: z.boolean(), kind: z.enum(REQUEST_KINDS).nullable(), evidence: z.string() })
  .refine((a) => (a.kind === null) === !a.isRequest, { message: 'kind must be null exactly when isRequest is false' });

const replyAnswerSchema = z.strictObject({ act: z.enum(['answered', 'acknowledged', 'none']), evidence: z.string() });

/** Why an answer was not used. Codes only: logs carry these, never message text. */
export type AnswerRejection = 'not_json' | 'schema' | 'evidence_not_found';

/** Where the verdict's evidence sits in `haystackOf(question)`, so a cache can keep offsets instead of text. */
export interface EvidenceSpan {
  start: number;
  end: number;
}

export type ReadAnswer = { ok: true; verdict: SentenceVerdict; span: EvidenceSpan } | { ok: false; reason: AnswerRejection };

/** Shortest quote we accept: a bare "?" or "ok" proves nothing about the sentence. */
const MIN_EVIDENCE_CHARS = 3;

/**
 * The text a quote is checked against: the context, which holds the sentence; the sentence is prepended only
 * if the first pass gave a context that does not contain it. A pure function of the question, so offsets into
 * it stay valid for every question with the same hash.
 */
export function haystackOf(q: SentenceQuestion): string {
  return fold(q.context).text.includes(fold(q.sentence).text) ? q.context : `${q.sentence}\n\n${q.context}`;
}

/** Parses and checks the raw reply text. `JSON.parse` on the whole text, so prose or fences around it fail. */
export function readAnswer(q: SentenceQuestion, raw: string): ReadAnswer {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const parsed = q.task === 'request' ? requestAnswerSchema.safeParse(json) : replyAnswerSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'schema' };
  const span = locateEvidence(haystackOf(q), parsed.data.evidence);
  if (!span) return { ok: false, reason: 'evidence_not_found' };
  const verdict = verdictFrom(q, parsed.data, span);
  return verdict ? { ok: true, verdict, span } : { ok: false, reason: 'schema' };
}

/** The decision fields of an answer or of a cached judgement. */
export interface VerdictFields {
  isRequest?: boolean;
  kind?: RequestKind | null;
  act?: ReplyActVerdict;
}

/** Builds the verdict with its evidence taken from the message itself (exact characters), never from the model. */
export function verdictFrom(q: SentenceQuestion, fields: VerdictFields, span: EvidenceSpan): SentenceVerdict | null {
  const hay = haystackOf(q);
  if (span.start < 0 || span.end > hay.length || span.end - span.start < MIN_EVIDENCE_CHARS) return null;
  const evidence = hay.slice(span.start, span.end);
  if (q.task === 'request') {
    if (typeof fields.isRequest !== 'boolean' || fields.kind === undefined) return null;
    return { hash: q.hash, task: 'request', isRequest: fields.isRequest, kind: fields.kind, evidence };
  }
  if (!fields.act) return null;
  return { hash: q.hash, task: 'reply', act: fields.act, evidence };
}

/** The span of `haystack` whose whitespace-folded text equals the folded quote; null when there is none. */
export function locateEvidence(haystack: string, quote: string): EvidenceSpan | null {
  const needle = fold(quote).text;
  if (needle.length < MIN_EVIDENCE_CHARS) return null;
  const hay = fold(haystack);
  const at = hay.text.indexOf(needle);
  if (at < 0) return null;
  return { start: hay.origin[at]!, end: hay.origin[at + needle.length - 1]! + 1 };
}

/** Collapses every run of whitespace to one space and trims; `origin[i]` is where folded char i came from. */
function fold(s: string): { text: string; origin: number[] } {
  let text = '';
  const origin: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    if (/\s/.test(s[i]!)) {
      pendingSpace = text.length > 0;
      continue;
    }
    if (pendingSpace) {
      text += ' ';
      origin.push(i - 1);
      pendingSpace = false;
    }
    text += s[i];
    origin.push(i);
  }
  return { text, origin };
}
