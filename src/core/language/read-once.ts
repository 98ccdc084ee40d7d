/**
 * Reading school mail once: sentences are tagged a few at a time where a search stops early (what is worked
 * out from a text is remembered by it in a TextMemo, ../text-memo.ts).
 */
import { prepareActs } from './reply-acts.js';

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
