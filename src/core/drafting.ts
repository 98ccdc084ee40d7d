/**
 * The template drafter (spec §6): a calm, factual follow-up for an overdue request or a missed commitment,
 * replying in the request's thread. Deterministic and pure — every date comes in with the input, nothing
 * is invented: the only facts in the body are the input's (dates, the parent's own sentence, the IEP
 * provision quoted verbatim, the rule's citation, the school's promise).
 *
 * The template's own words never trip the tone checker; the data it quotes is handled as follows:
 * the parent's sentence is quoted only when it is tone-clean (else the request is restated in the
 * template's words); the IEP provision, the school's promise and the citation are quoted verbatim and
 * checkDraft (draft-rules.ts) exempts exactly those spans.
 */
import type { DeadlineRule, Provision, RequestKind } from './types.js';
import {
  countWords,
  evidenceQuotes,
  excerpt,
  forQuoting,
  formatLongDate,
  formatWeekdayDate,
  KIND_KEYWORDS,
  localDate,
  MAX_EVIDENCE_WORDS,
  normalizeQuoted,
  possessive,
  provisionLocation,
  quoteEndingSentence,
  replySubject,
  sentenceTexts,
  truncateWords,
} from './drafting/format.js';
import { askPhrase, citationSentences, requestPhrase } from './drafting/wording.js';

export {
  cleanEvidence,
  countWords,
  evidenceQuotes,
  excerpt,
  formatLongDate,
  formatWeekdayDate,
  KIND_KEYWORDS,
  localDate,
  normalizeQuoted,
  replySubject,
  sectionLabel,
  sentenceTexts,
} from './drafting/format.js';

export interface DraftInput {
  request: { id: string; kind: RequestKind; evidence: string; sentAt: string /* ISO with offset */; subject: string };
  thread: { lastMessageId: string; references: string[] /* message ids of the thread, oldest first */ };
  /** School people on the request. */
  to: string[];
  cc: string[];
  childName: string | null;
  parentName: string | null;
  /** The IEP provision at stake, quoted verbatim with section/page. */
  provision: Provision | null;
  /** Statutory rule when dueBasis is statute. */
  rule: DeadlineRule | null;
  /** Parent's setting: cite the statutory timeline. */
  citeLaw: boolean;
  /** YYYY-MM-DD the response was due. */
  dueDate: string;
  /** YYYY-MM-DD, computed by the caller (5 business days after the draft). */
  respondBy: string;
  timezone: string;
  /** overdue: no reply; acknowledged: acknowledgement only (promise not kept). */
  status: 'overdue' | 'acknowledged';
  /** The school refused: ask for prior written notice. */
  declined?: boolean;
  /** A missed promise of the school. */
  commitment?: { text: string; dueDate: string } | null;
}

export interface Draft {
  requestId: string;
  inReplyTo: string;
  references: string[];
  to: string[];
  cc: string[];
  subject: string;
  body: string;
}

/** Spec §6: under 180 words. */
export const MAX_WORDS = 179;
const MIN_EVIDENCE_WORDS = 6;
const MIN_COMMITMENT_WORDS = 8;
const MIN_PROVISION_WORDS = 10;

// ---------------------------------------------------------------------------------------------- assembly

/**
 * A missed promise with no request of the parent behind it: the caller passes the school's message as the
 * "request" (its date, and the promise as evidence). The draft then starts from the promise instead of
 * claiming the parent wrote it.
 */
export function isCommitmentOnly(input: Pick<DraftInput, 'request' | 'commitment'>): boolean {
  if (!input.commitment) return false;
  const a = normalizeQuoted(input.request.evidence);
  return a === '' || a === normalizeQuoted(input.commitment.text);
}

interface Parts {
  evidence: string | null;
  provision: string | null;
  commitment: string | null;
  citation: string | null;
}

function assemble(input: DraftInput, parts: Parts): string {
  const child = input.childName?.trim() || null;
  const childRef = child ?? 'my child';
  const childPoss = child ? possessive(child) : "my child's";
  const requestDate = formatLongDate(localDate(input.request.sentAt, input.timezone));
  const by = formatWeekdayDate(input.respondBy);

  const commitmentOnly = isCommitmentOnly(input);
  let opening: string;
  if (commitmentOnly && input.commitment && parts.commitment) {
    opening = `On ${requestDate}, I received this message about ${childRef}: ${quoteEndingSentence(parts.commitment)}`;
  } else {
    opening = `On ${requestDate}, I wrote ${requestPhrase(input.request.kind, childRef, childPoss)}`;
    opening += parts.evidence ? `: ${quoteEndingSentence(parts.evidence)}` : '.';
  }

  const statusLines: string[] = [];
  if (commitmentOnly && input.commitment) {
    statusLines.push(`The expected date was ${formatLongDate(input.commitment.dueDate)}, and I have not yet received an update.`);
  } else if (input.commitment && parts.commitment) {
    statusLines.push(
      `A later reply said: ${quoteEndingSentence(parts.commitment)}`,
      `The expected date was ${formatLongDate(input.commitment.dueDate)}, and I have not yet received an update.`,
    );
  }
  if (input.declined) statusLines.push('I understand from your reply that this request was declined.');
  else if (statusLines.length === 0 && input.status === 'acknowledged')
    statusLines.push('Thank you for your acknowledgment. I have not yet received an answer.');
  else if (statusLines.length === 0) statusLines.push('I have not yet received a reply.');
  const status = statusLines.join(' ');

  const paragraphs = ['Hello,', `${opening} ${status}`];
  if (input.provision && parts.provision) {
    const where = provisionLocation(input.provision);
    const owner = child ? possessive(child) : "My child's";
    paragraphs.push(`${owner} IEP${where ? ` (${where})` : ''} states: ${quoteEndingSentence(parts.provision)}`);
  }
  if (parts.citation) paragraphs.push(parts.citation);

  const ask = input.declined
    ? `send me prior written notice of this decision, including the reasons for it, by ${by}?`
    : commitmentOnly
      ? `let me know in writing, by ${by}, when this will be done?`
      : askPhrase(input.request.kind, by, input.provision != null);
  paragraphs.push(`Could you please ${ask}`);

  const name = input.parentName?.trim();
  paragraphs.push(name ? `Thank you,\n${name}` : 'Thank you.');
  return paragraphs.join('\n\n');
}

/** The longest cut (in words, from `max` down to `min`) for which `build` fits the word limit; null when none does. */
function fitCut(max: number, min: number, cut: (n: number) => string, build: (text: string) => string): string | null {
  for (let n = max; n >= min; n--) {
    const text = cut(n);
    if (countWords(build(text)) <= MAX_WORDS) return text;
  }
  return null;
}

const wordsOf = (s: string) => s.split(' ').length;

export function draftFollowUp(input: DraftInput): Draft {
  // Envelope: same thread, same people.
  const references = [...new Set(input.thread.references.filter((r) => r && r !== input.thread.lastMessageId))];
  references.push(input.thread.lastMessageId);
  // An address named twice (or in both To and Cc) is kept once, where it first appears.
  const seen = new Set<string>();
  const firstTime = (a: string): boolean => {
    const k = a.trim().toLowerCase();
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  };
  const to = input.to.filter(firstTime);
  const cc = input.cc.filter(firstTime);

  // Body: start from the fullest version and shorten, in order, the restatement, the school's promise,
  // then the provision (whole → first sentence → first words), until it is under the word limit.
  const evidenceOptions = isCommitmentOnly(input) ? [] : evidenceQuotes(input.request.evidence, input.request.kind);
  const provisionText = input.provision ? forQuoting(input.provision.text) : null;
  const commitmentText = input.commitment ? forQuoting(input.commitment.text) || null : null;
  const citations = input.rule && input.citeLaw ? citationSentences(input.rule) : [];

  const kw = KIND_KEYWORDS[input.request.kind];
  let evidenceSource = evidenceOptions[0] ?? null;
  const parts: Parts = {
    evidence: evidenceSource ? excerpt(evidenceSource, MAX_EVIDENCE_WORDS, kw) : null,
    provision: provisionText,
    commitment: commitmentText,
    citation: citations[0] ?? null,
  };
  const build = (p: Parts) => assemble(input, p);
  const fits = (p: Parts) => countWords(build(p)) <= MAX_WORDS;

  if (!fits(parts) && citations.length > 1) parts.citation = citations[citations.length - 1]!;
  if (!fits(parts) && evidenceOptions.length > 1) {
    evidenceSource = evidenceOptions[1]!;
    parts.evidence = excerpt(evidenceSource, MAX_EVIDENCE_WORDS, kw);
  }
  if (!fits(parts) && evidenceSource) {
    const src = evidenceSource;
    parts.evidence = fitCut(
      Math.min(wordsOf(src) - 1, MAX_EVIDENCE_WORDS - 1),
      MIN_EVIDENCE_WORDS,
      (n) => excerpt(src, n, kw),
      (e) => build({ ...parts, evidence: e }),
    );
  }
  if (!fits(parts) && parts.commitment) {
    const full = parts.commitment;
    parts.commitment =
      fitCut(wordsOf(full) - 1, MIN_COMMITMENT_WORDS, (n) => truncateWords(full, n), (c) => build({ ...parts, commitment: c })) ??
      truncateWords(full, MIN_COMMITMENT_WORDS);
  }
  if (!fits(parts) && parts.provision) {
    const first = sentenceTexts(parts.provision)[0] ?? parts.provision;
    if (first !== parts.provision) parts.provision = first;
    if (!fits(parts)) {
      parts.provision =
        fitCut(wordsOf(first) - 1, MIN_PROVISION_WORDS, (n) => truncateWords(first, n), (p) => build({ ...parts, provision: p })) ??
        truncateWords(first, MIN_PROVISION_WORDS);
    }
  }

  return {
    requestId: input.request.id,
    inReplyTo: input.thread.lastMessageId,
    references,
    to,
    cc,
    subject: replySubject(input.request.subject),
    body: build(parts),
  };
}
