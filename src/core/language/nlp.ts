/**
 * The one door to the English NLP library (compromise: pure JS, ~140 KB gzip in the Worker bundle; see
 * test/bench/nlp-libraries.bench.ts for why not wink-nlp). Everything else in the core reads sentences and
 * terms through here. Both calls are cached by their exact text: mail repeats itself (quoted history,
 * signatures, templates), and the library costs ~1 ms a sentence.
 */
import one from 'compromise/one';
import two from 'compromise/two';

export interface Term {
  /** The word as written (without surrounding punctuation). */
  text: string;
  /** Lower-cased, contractions expanded by the library ("i'll" → "i" + "will"). */
  normal: string;
  /** Part-of-speech tags from the library (Verb, Modal, PastTense, Pronoun, Noun, QuestionWord…). */
  tags: ReadonlySet<string>;
  /** Punctuation written after the word (",", "?", ":"…). */
  post: string;
}

const MAX_CACHE = 20_000;
const sentenceCache = new Map<string, string[]>();
const termCache = new Map<string, Term[]>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/** Sentence boundaries of one block of running text, by the library's tokenizer (abbreviations, initials, decimals). */
export function librarySentences(block: string): string[] {
  const hit = sentenceCache.get(block);
  if (hit) return hit;
  const doc = one(block) as unknown as { json(o: object): Array<{ offset: { start: number; length: number } }> };
  const parts = doc.json({ offset: true, terms: false }).map((s) => block.slice(s.offset.start, s.offset.start + s.offset.length).trim());
  return remember(sentenceCache, block, parts.filter(Boolean));
}

interface RawTerm { text: string; normal: string; implicit?: string; tags: Set<string>; post: string }

/** Tagged terms of one sentence. */
export function termsOf(sentence: string): Term[] {
  const hit = termCache.get(sentence);
  if (hit) return hit;
  const doc = two(sentence) as unknown as { docs: RawTerm[][] };
  const terms: Term[] = [];
  for (const t of doc.docs.flat()) {
    // A contraction is one written word and several terms: "I'll" → ["i'll" (Pronoun), "" implicit "will" (Modal)].
    const normal = t.implicit ?? (t.normal || t.text.toLowerCase());
    terms.push({ text: t.text, normal: contractionHead(normal, t.tags), tags: t.tags, post: t.post ?? '' });
  }
  return remember(termCache, sentence, terms);
}

// "i'll", "we're", "she's" tagged as the pronoun: keep only the pronoun as its normal form.
function contractionHead(normal: string, tags: Set<string>): string {
  if (tags.has('Pronoun') && /^[a-z]+'(ll|re|ve|d|s|m)$/.test(normal)) return normal.replace(/'.*$/, '');
  return normal;
}
