/**
 * Reading school mail once: a reply is consulted by every open request of its thread, so what is worked out
 * from its text is remembered by that text, and sentences are tagged a few at a time where a search stops early.
 */
import { prepareActs } from './reply-acts.js';

const MEMO_LIMIT = 20_000;

/** `make(key)`, remembered in `memo` (bounded, oldest first out). */
export function remember<T>(memo: Map<string, T>, key: string, make: (key: string) => T): T {
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const made = make(key);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(key, made);
  return made;
}

/**
 * Whether `test` holds for some sentence, reading them in order and tagging them a few at a time: the search
 * stops at the first that holds (most sentences are never read), and one tagging call for a handful costs
 * little more than one for a single sentence (reply-grammar.ts).
 */
export function someInChunks(sentences: readonly string[], test: (index: number) => boolean): boolean {
  for (let start = 0; start < sentences.length; start += TAG_CHUNK) {
    prepareActs(sentences.slice(start, start + TAG_CHUNK));
    for (let i = start; i < Math.min(sentences.length, start + TAG_CHUNK); i++) if (test(i)) return true;
  }
  return false;
}
const TAG_CHUNK = 6;
