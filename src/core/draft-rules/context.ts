/**
 * What every rule check reads: the draft's quotations sorted by source (the IEP, the school's promise, the
 * parent's request, or misquoted and charged to the text they most resemble), the body with quotations taken
 * out, and the asks it makes.
 */
import type { Draft, DraftInput } from '../drafting.js';
import { cleanEvidence, isCommitmentOnly, sentenceTexts } from '../drafting.js';
import { findQuotes, type Quote, quotedFrom, quotesProvision, resemblance, unquoted } from './quotes.js';

export interface DraftContext {
  draft: Draft;
  facts: DraftInput;
  body: string;
  quotes: Quote[];
  /** The body with each quotation replaced by QUOTED<n>. */
  plain: string;
  provisionQuotes: Quote[];
  commitmentQuotes: Quote[];
  commitmentOnly: boolean;
  misquoted: { request: Quote[]; provision: Quote[]; commitment: Quote[] };
  /** Indexes of the quotations that say what was asked. */
  evidenceQuoteIdx: Set<number>;
}

const ASK_START =
  /^(?:please|could you|would you|can you|will you|kindly|may I ask|I ask that|I am asking|I'm asking|I request|I am requesting|I'm requesting|I would appreciate|I'd appreciate|I would be grateful|I'd be grateful|let me know)\b/i;

export function isAsk(sentence: string): boolean {
  return /\?\s*$/.test(sentence) || ASK_START.test(sentence);
}

export function sentencesOf(text: string): string[] {
  return text.split(/\n\s*\n/).flatMap((para) => sentenceTexts(para.replace(/\s+/g, ' ').trim()));
}

export function draftContext(draft: Draft, facts: DraftInput): DraftContext {
  const body = draft.body;
  const quotes = findQuotes(body);
  const plain = unquoted(body, quotes);

  const provisionQuotes = facts.provision ? quotes.filter((q) => quotesProvision(q.inner, facts.provision!.text)) : [];
  const commitmentQuotes = facts.commitment ? quotes.filter((q) => quotedFrom(q.inner, facts.commitment!.text)) : [];
  const evidence = cleanEvidence(facts.request.evidence);
  const unknownQuotes = quotes.filter(
    (q) =>
      !provisionQuotes.includes(q) &&
      !commitmentQuotes.includes(q) &&
      !quotedFrom(q.inner, evidence) &&
      !quotedFrom(q.inner, facts.rule?.citation) &&
      !quotedFrom(q.inner, facts.rule?.summary),
  );
  const commitmentOnly = isCommitmentOnly(facts);
  // A quotation found nowhere is charged to the rule of the text it most resembles (ties: the request).
  const misquoted = { request: [] as Quote[], provision: [] as Quote[], commitment: [] as Quote[] };
  for (const q of unknownQuotes) {
    const r = resemblance(q.inner, evidence);
    const p = resemblance(q.inner, facts.provision?.text);
    const c = resemblance(q.inner, facts.commitment?.text);
    if (p > r && p >= c) misquoted.provision.push(q);
    else if ((c > r || (commitmentOnly && c === r)) && c > p) misquoted.commitment.push(q);
    else misquoted.request.push(q);
  }
  // Quotations that say what was asked: the parent's own words, or, for a promise with no request of the
  // parent behind it, the school's promise.
  const evidenceQuoteIdx = new Set(
    quotes.flatMap((q, i) =>
      (commitmentOnly && commitmentQuotes.includes(q)) ||
      (!provisionQuotes.includes(q) && !commitmentQuotes.includes(q) && quotedFrom(q.inner, evidence))
        ? [i]
        : [],
    ),
  );
  return { draft, facts, body, quotes, plain, provisionQuotes, commitmentQuotes, commitmentOnly, misquoted, evidenceQuoteIdx };
}
