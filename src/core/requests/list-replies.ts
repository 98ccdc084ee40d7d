/**
 * A reply to a list of same-kind asks ("prior written notice of: 1. the ESY refusal; 2. the cut in social work
 * minutes") often answers some items and not others. Each item is read against the reply's sentences that
 * speak of it: those sharing a word that sets the item apart from its siblings.
 */
import { splitSentences } from '../language/sentences.js';

const STOP = new Set(['about', 'after', 'again', 'also', 'because', 'before', 'between', 'could', 'every', 'from', 'have', 'into', 'least', 'more', 'most', 'next', 'other', 'over', 'please', 'since', 'some', 'than', 'that', 'their', 'them', 'there', 'these', 'they', 'this', 'those', 'through', 'under', 'until', 'very', 'were', 'what', 'when', 'where', 'which', 'while', 'will', 'with', 'would', 'year', 'your', 'school', 'district', 'decision', 'refusal', 'change', 'copies', 'copy', 'request', 'requesting']);

/** Five-letter stems of the content words of a text. */
function stems(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[a-z][a-z'-]{3,}/g) ?? []) if (!STOP.has(w)) out.add(w.slice(0, 5));
  return out;
}

/** The reply's sentences about `item` (joined), or null when none speaks of it. */
export function replyAboutItem(replyText: string, item: string, siblings: readonly string[]): string | null {
  const others = new Set(siblings.filter((s) => s !== item).flatMap((s) => [...stems(s)]));
  const own = [...stems(item)].filter((w) => !others.has(w));
  if (!own.length) return replyText;
  const about = splitSentences(replyText).map((s) => s.text).filter((t) => {
    const words = stems(t);
    return own.some((w) => words.has(w));
  });
  return about.length ? about.join(' ') : null;
}
