/** Quotations in a draft: finding them, and telling which source (the parent, the IEP, the school) each is quoted from. */
import { countWords, normalizeQuoted, sentenceTexts } from '../drafting.js';

export interface Quote {
  start: number;
  end: number;
  inner: string;
}

/** Double-quoted spans ("…" or “…”), on one line. */
export function findQuotes(body: string): Quote[] {
  const out: Quote[] = [];
  for (const m of body.matchAll(/"([^"\n]*)"|“([^”\n]*)”/g)) {
    out.push({ start: m.index, end: m.index + m[0].length, inner: m[1] ?? m[2] ?? '' });
  }
  return out;
}

function stripEnd(s: string): string {
  return s.replace(/[\s.,;:!?]+$/, '');
}

/** The quote's pieces between ellipses, in order, each without closing punctuation. */
function fragments(inner: string): string[] {
  return normalizeQuoted(inner)
    .split(/…|\.\.\./)
    .map((f) => stripEnd(f.trim()))
    .filter((f) => f.length > 0);
}

/** Quoted verbatim from `source` (pieces in order; an ellipsis marks what was left out). */
export function quotedFrom(inner: string, source: string | null | undefined): boolean {
  if (!source) return false;
  const src = normalizeQuoted(source);
  const frags = fragments(inner);
  if (frags.length === 0) return false;
  let at = 0;
  for (const f of frags) {
    const i = src.indexOf(f, at);
    if (i < 0) return false;
    at = i + f.length;
  }
  return true;
}

/** The provision quoted whole, as its first sentence, or (only for a very long one) as its opening words followed by an ellipsis. */
export function quotesProvision(inner: string, text: string): boolean {
  const full = stripEnd(normalizeQuoted(text));
  const first = stripEnd(normalizeQuoted(sentenceTexts(normalizeQuoted(text))[0] ?? text));
  const q = normalizeQuoted(inner);
  const truncated = /(?:…|\.\.\.)$/.test(q);
  const body = stripEnd(q.replace(/(?:…|\.\.\.)$/, ''));
  if (!truncated) return body === full || body === first;
  if (!full.startsWith(body) || countWords(body) < 10) return false;
  const next = full.charAt(body.length);
  return next === '' || /[\s,;:.)—–-]/.test(next);
}

export function sameSet(a: string[], b: string[]): boolean {
  const norm = (xs: string[]) => [...new Set(xs.map((x) => x.trim().toLowerCase()).filter(Boolean))].sort();
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function occurrences(haystack: string, needle: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (!needle) return out;
  const re = new RegExp(escapeRe(needle).replace(/\s+/g, '\\s+'), 'gi');
  for (const m of haystack.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** The body with every quotation replaced by a numbered placeholder (QUOTED0, QUOTED1…), so the parent's and the school's words are not taken for the draft's own. */
export function unquoted(body: string, quotes: Quote[]): string {
  let out = '';
  let at = 0;
  quotes.forEach((q, i) => {
    out += body.slice(at, q.start) + `QUOTED${i}` + (/[.?!]['’]?$/.test(q.inner.trim()) ? '.' : '');
    at = q.end;
  });
  return out + body.slice(at);
}

function wordSet(s: string): Set<string> {
  return new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Share of the quote's words found in the source: which text a misquotation was meant to be. */
export function resemblance(quote: string, source: string | null | undefined): number {
  if (!source) return -1;
  const q = wordSet(quote);
  if (q.size === 0) return 0;
  const src = wordSet(source);
  let n = 0;
  for (const w of q) if (src.has(w)) n++;
  return n / q.size;
}
