/**
 * Formatting for the template drafter: dates as a letter writes them, and the text utilities that pick and
 * shorten what the draft quotes (sentences, the parent's evidence, excerpts, section labels).
 */
import { checkTone, isAcronym } from '../tone.js';
import type { Provision, RequestKind } from '../types.js';
import { localDateOf } from '../deadlines/calendar.js';
import { sentenceTexts } from '../language/sentences.js';

// Drafts, provisions and evidence are cut into sentences by the one splitter of the core.
export { sentenceTexts };

/** A quoted sentence of the parent's longer than this is shortened even when the draft would fit. */
export const MAX_EVIDENCE_WORDS = 40;
const ELLIPSIS = '…';

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

/** Words as a reader counts them: whitespace-separated tokens holding a letter or digit ("§", "—", "…" are not words). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
}

/** `Re: <original subject>`, without doubling an existing Re:/RE:/AW:/SV: prefix. */
export function replySubject(subject: string): string {
  const rest = subject.replace(/^\s*(?:(?:re|aw|sv|antw|vs)\s*(?:\[\d+\])?\s*:\s*)+/i, '').trim();
  return rest ? `Re: ${rest}` : 'Re:';
}

/** Normalise quotation marks and whitespace so quoted text can be compared with its source. */
export function normalizeQuoted(s: string): string {
  return s
    .replace(/[“”"‘’`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whitespace collapsed; inner double quotes become single ones so the text can sit inside "…". */
export function forQuoting(s: string): string {
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
  const sentences = sentenceTexts(clean).filter((s) => countWords(s) > 0);
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

export function truncateWords(text: string, n: number): string {
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
export function quoteEndingSentence(text: string): string {
  return /[.?!…]['’)\]]*$/.test(text) ? `"${text}"` : `"${text}".`;
}

export function possessive(name: string): string {
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

export function provisionLocation(p: Provision): string {
  const section = sectionLabel(p.section);
  const page = p.page != null ? `page ${p.page}` : '';
  return [section, page].filter(Boolean).join(', ');
}
