/** Small readers over tagged terms: phrase matching on normal forms, verbs, nouns. */
import type { Term } from './nlp.js';

export const words = (terms: Term[]) => terms.map((t) => t.normal);

/** Index of the first occurrence of a (multi-word) phrase at or after `from`, or -1. */
export function findPhrase(terms: Term[], phrase: string, from = 0): number {
  const parts = phrase.split(' ');
  for (let i = from; i + parts.length <= terms.length; i++) {
    if (parts.every((p, j) => terms[i + j]!.normal === p)) return i;
  }
  return -1;
}

/** The longest entry of `list` that starts at term i, or null. */
export function phraseAt(terms: Term[], i: number, list: readonly string[]): string | null {
  let best: string | null = null;
  for (const entry of list) {
    const parts = entry.split(' ');
    if (i + parts.length > terms.length) continue;
    if (parts.every((p, j) => terms[i + j]!.normal === p) && (!best || parts.length > best.split(' ').length)) best = entry;
  }
  return best;
}

export const hasAny = (terms: Term[], list: readonly string[], from = 0) => list.some((p) => findPhrase(terms, p, from) >= 0);

/** The frame's words occur in order, each within `gap` words of the one before. */
export function hasFrame(terms: Term[], frame: readonly string[], gap = 3): boolean {
  const w = words(terms);
  for (let start = 0; start < w.length; start++) {
    if (w[start] !== frame[0]) continue;
    let at = start;
    let ok = true;
    for (const f of frame.slice(1)) {
      const next = w.indexOf(f, at + 1);
      if (next < 0 || next - at > gap) { ok = false; break; }
      at = next;
    }
    if (ok) return true;
  }
  return false;
}

export const is = (t: Term | undefined, tag: string) => Boolean(t?.tags.has(tag));
export const isVerb = (t: Term | undefined) => is(t, 'Verb');
export const isAux = (t: Term | undefined) => is(t, 'Auxiliary') || is(t, 'Modal') || is(t, 'Copula');
export const isMainVerb = (t: Term | undefined) => isVerb(t) && !isAux(t) && !is(t, 'Particle');
export const isNounish = (t: Term | undefined) => is(t, 'Noun') || is(t, 'Pronoun') || is(t, 'Value') || is(t, 'Acronym');
/** The term ends a clause: a comma, semicolon, colon or dash after it. */
export const endsClause = (t: Term | undefined) => Boolean(t && /[,;:—–]|\s-\s/.test(t.post));
