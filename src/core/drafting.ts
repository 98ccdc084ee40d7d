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
import { checkTone, isAcronym } from './tone.js';
import { localDateOf } from './deadlines/calendar.js';
import { sentencesOf } from './language/segment.js';

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
/** A quoted sentence of the parent's longer than this is shortened even when the draft would fit. */
const MAX_EVIDENCE_WORDS = 40;
const MIN_EVIDENCE_WORDS = 6;
const MIN_COMMITMENT_WORDS = 8;
const MIN_PROVISION_WORDS = 10;
const ELLIPSIS = '…';

// ---------------------------------------------------------------------------------------------- dates

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function parseYmd(ymd: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) throw new Error(`expected a YYYY-MM-DD date, got "${ymd}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new Error(`not a calendar date: "${ymd}"`);
  }
  return { y, m: mo, d };
}

/** "2026-01-12" → "January 12, 2026". */
export function formatLongDate(ymd: string): string {
  const { y, m, d } = parseYmd(ymd);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** "2026-02-20" → "Friday, February 20, 2026". */
export function formatWeekdayDate(ymd: string): string {
  const { y, m, d } = parseYmd(ymd);
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}, ${formatLongDate(ymd)}`;
}

/** Local calendar date (YYYY-MM-DD) of an ISO instant in an IANA zone; the instant's own date when the zone is unknown. */
export function localDate(iso: string, timezone: string): string {
  try {
    return localDateOf(iso, timezone);
  } catch {
    // A date-time the engine cannot place still carries its own local date.
    const own = /^(\d{4}-\d{2}-\d{2})/.exec(iso)?.[1];
    if (own) return own;
    throw new Error(`not an ISO date-time in a known zone: "${iso}" (${timezone})`);
  }
}

// ---------------------------------------------------------------------------------------------- text

/** Words as a reader counts them: whitespace-separated tokens holding a letter or digit ("§", "—", "…" are not words). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
}

/** `Re: <original subject>`, without doubling an existing Re:/RE:/AW:/SV: prefix. */
export function replySubject(subject: string): string {
  const rest = subject.replace(/^\s*(?:(?:re|aw|sv|antw|vs)\s*(?:\[\d+\])?\s*:\s*)+/i, '').trim();
  return rest ? `Re: ${rest}` : 'Re:';
}

/** Sentences of a paragraph: the core's one splitter (src/core/language/segment.ts). */
export const splitSentences = sentencesOf;

/** Normalise quotation marks and whitespace so quoted text can be compared with its source. */
export function normalizeQuoted(s: string): string {
  return s
    .replace(/[“”"‘’`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whitespace collapsed; inner double quotes become single ones so the text can sit inside "…". */
function forQuoting(s: string): string {
  return s.replace(/[“”"]/g, "'").replace(/\s+/g, ' ').trim();
}

/** The parent's evidence, cleaned: quote markers and greeting removed, whitespace collapsed. */
export function cleanEvidence(evidence: string): string {
  let s = evidence.replace(/(^|\n)[ \t]*>+[ \t]?/g, '$1');
  s = forQuoting(s);
  s = s.replace(/^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b[^,!?:;\n]{0,60}[,:!]\s+/i, '');
  return s.replace(/^['‘’]+|['‘’]+$/g, '').trim();
}

/** The words of each kind that show a sentence is about it (also used by checkDraft). */
export const KIND_KEYWORDS: Record<RequestKind, RegExp> = {
  meeting: /\bmeet(?:ing|ings)?\b/i,
  evaluation: /\b(?:evaluat\w*|re-?evaluat\w*|assess\w*|FBA|functional behavio\w* assessment|testing)\b/i,
  iee: /\b(?:IEE|independent (?:educational )?evaluation)\b/i,
  records: /\b(?:records?|file|files|cop(?:y|ies)|documents?)\b/i,
  progress: /\b(?:progress|data)\b/i,
  pwn: /\b(?:prior written notice|PWN)\b/i,
  services: /\b(?:services?|sessions?|therapy|minutes)\b/i,
  accommodations: /\b(?:accommodat\w*|modifications?|supports?|aids?)\b/i,
  information: /\b(?:question|questions|asked|ask|request\w*)\b/i,
};

const ASKING =
  /\?\s*$|\b(?:please|request|requesting|could you|would you|can you|will you|I would like|I'd like|I am asking|I'm asking|let me know|send me|provide)\b/i;

/**
 * What to quote of the parent's evidence, best first: the one sentence that asks about this kind of request
 * (tone-clean); when that sentence does not name what it is about ("Please confirm it will be provided.")
 * and the evidence is short, the whole evidence. Empty: restate in the template's words only.
 */
export function evidenceQuotes(evidence: string, kind: RequestKind): string[] {
  const clean = cleanEvidence(evidence);
  const sentences = splitSentences(clean).filter((s) => countWords(s) > 0);
  const kw = KIND_KEYWORDS[kind];
  const ranked = [
    ...sentences.filter((s) => ASKING.test(s) && kw.test(s)),
    ...sentences.filter((s) => ASKING.test(s) && !kw.test(s)),
    ...sentences.filter((s) => !ASKING.test(s) && kw.test(s)),
  ];
  const picked = ranked.find((s) => checkTone(s).length === 0);
  if (!picked) return [];
  const whole =
    !kw.test(picked) &&
    sentences.length > 1 &&
    sentences.length <= 3 &&
    countWords(clean) <= MAX_EVIDENCE_WORDS &&
    checkTone(clean).length === 0;
  return whole ? [clean, picked] : [picked];
}

function truncateWords(text: string, n: number): string {
  const words = text.split(' ');
  if (words.length <= n) return text;
  return words.slice(0, n).join(' ').replace(/[\s,;:(—–-]+$/, '') + ELLIPSIS;
}

/**
 * At most n words of the parent's sentence, with ellipses for what is left out. When what the sentence asks
 * for comes late ("I am writing again because … and I am requesting a full evaluation"), the excerpt starts at
 * the clause that asks rather than at the sentence's start.
 */
export function excerpt(text: string, n: number, kw: RegExp): string {
  const words = text.split(' ');
  if (words.length <= n) return text;
  // The word at which the first mention of the kind of request is complete.
  const cue = words.findIndex((_, i) => kw.test(words.slice(0, i + 1).join(' ')));
  if (cue < 0 || cue < n - 3) return truncateWords(text, n);
  let start = cue;
  for (let i = cue - 1; i >= Math.max(0, cue - 8); i--) {
    if (/[,;:—–]$/.test(words[i]!)) break;
    start = i;
  }
  if (start > 0 && /^(?:and|but|so|or|because|which)$/i.test(words[start]!)) start++;
  if (start === 0) return truncateWords(text, n);
  const piece = words.slice(start, start + n).join(' ');
  const tail = start + n < words.length ? truncateWords(piece + ' x', n) : piece;
  return ELLIPSIS + tail;
}

/** `"text"` closing a sentence: a period goes outside the quote when the quoted text has no final stop. */
function quoteEndingSentence(text: string): string {
  return /[.?!…]['’)\]]*$/.test(text) ? `"${text}"` : `"${text}".`;
}

function possessive(name: string): string {
  return `${name}'s`;
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/** IEP section headings are often printed in capitals; name them in title case so the draft does not shout. */
export function sectionLabel(section: string): string {
  const s = section.replace(/\s+/g, ' ').trim();
  if (!/[A-Z]{3}/.test(s) || s !== s.toUpperCase()) return s;
  return s
    .split(' ')
    .map((w, i) => {
      if (isAcronym(w.replace(/[^A-Za-z']/g, ''))) return w;
      const lower = w.toLowerCase();
      if (i > 0 && SMALL_WORDS.has(lower)) return lower;
      return lower.replace(/\p{L}/u, (c) => c.toUpperCase());
    })
    .join(' ');
}

function provisionLocation(p: Provision): string {
  const section = sectionLabel(p.section);
  const page = p.page != null ? `page ${p.page}` : '';
  return [section, page].filter(Boolean).join(', ');
}

// ---------------------------------------------------------------------------------------------- wording

function requestPhrase(kind: RequestKind, child: string, childPoss: string): string {
  switch (kind) {
    case 'meeting':
      return `to ask for a team meeting for ${child}`;
    case 'evaluation':
      return `to ask for an evaluation of ${child}`;
    case 'iee':
      return `to ask for an independent educational evaluation of ${child} at public expense`;
    case 'records':
      return `to ask for ${childPoss} education records`;
    case 'progress':
      return `to ask for information about ${childPoss} progress`;
    case 'pwn':
      return `to ask for prior written notice of a decision about ${child}`;
    case 'services':
      return `to ask about the services in ${childPoss} IEP`;
    case 'accommodations':
      return `to ask about the accommodations in ${childPoss} IEP`;
    case 'information':
      return `with a question about ${child}`;
  }
}

function askPhrase(kind: RequestKind, by: string, hasProvision: boolean): string {
  switch (kind) {
    case 'meeting':
      return `send me some proposed meeting dates in writing by ${by}?`;
    case 'evaluation':
      return `send me a written update on the evaluation, with the next step and its expected date, by ${by}?`;
    case 'iee':
      return `send me, in writing, the district's response to my IEE request, including its criteria for independent evaluators, by ${by}?`;
    case 'records':
      return `send me the records I asked for, or let me know in writing when they will be available, by ${by}?`;
    case 'progress':
      return `send me the progress information I asked for, in writing, by ${by}?`;
    case 'pwn':
      return `send me the prior written notice I asked for by ${by}?`;
    case 'services':
      return `let me know in writing, by ${by}, when and how ${hasProvision ? 'these services' : 'the services'} will be provided?`;
    case 'accommodations':
      return `confirm in writing, by ${by}, how ${hasProvision ? 'this accommodation' : 'the accommodation'} will be provided?`;
    case 'information':
      return `reply to my question in writing by ${by}?`;
  }
}

const UNIT_WORDS: Record<DeadlineRule['unit'], [string, string]> = {
  calendar_days: ['calendar day', 'calendar days'],
  business_days: ['business day', 'business days'],
  school_days: ['school day', 'school days'],
};

/** Citation sentences for a rule, best first: the rule's own plain-language summary when it suits a letter, then a generic one. */
function citationSentences(rule: DeadlineRule): string[] {
  const out: string[] = [];
  const citation = rule.citation.replace(/\s+/g, ' ').trim();
  const summary = (rule.summary ?? '').replace(/\s+/g, ' ').trim();
  if (
    summary &&
    countWords(summary) <= 35 &&
    splitSentences(summary).length === 1 &&
    new RegExp(`\\b${rule.days}\\b`).test(summary) &&
    !/["“”]/.test(summary) &&
    checkTone(summary).length === 0
  ) {
    const s = /[.?!]$/.test(summary) ? summary : `${summary}.`;
    const first = /^(\S+)/.exec(s)?.[1] ?? '';
    if (/^(?:The|A|An)$/.test(first)) out.push(`Under ${citation}, ${s[0]!.toLowerCase()}${s.slice(1)}`);
    else out.push(`${s.replace(/[.?!]$/, '')} (${citation}).`);
  }
  const [one, many] = UNIT_WORDS[rule.unit];
  let clock = (rule.clockStart ?? '').replace(/\s+/g, ' ').trim().replace(/[.;:,]+$/, '');
  if (/^\p{Lu}\p{Ll}/u.test(clock)) clock = clock[0]!.toLowerCase() + clock.slice(1);
  if (clock && checkTone(clock).length > 0) clock = '';
  const span = `${rule.days} ${rule.days === 1 ? one : many}`;
  out.push(`Under ${citation}, the timeline for this is ${span}${clock ? ` from ${clock}` : ''}.`);
  return out;
}

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
  const seen = new Set<string>();
  const to = input.to.filter((a) => {
    const k = a.trim().toLowerCase();
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const cc = input.cc.filter((a) => {
    const k = a.trim().toLowerCase();
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });

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
    const first = splitSentences(parts.provision)[0] ?? parts.provision;
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
