/**
 * compromise's part-of-speech tags for reply reading (reply-grammar.ts reads them into clauses). Tagging is most
 * of what reading a school reply costs, so this runs only the tagger's own passes, several sentences per call,
 * with one of compromise's internals replaced (on first use) by an equivalent that does less work (see `sweepMatches`).
 */
import nlp from 'compromise';

export interface Term {
  text: string;
  normal: string;
  tags: Set<string>;
  post: string;
}

type TaggedTerm = { text: string; normal?: string; tags: Set<string>; post: string; implicit?: string };
type Tagged = { document: TaggedTerm[][]; docs: TaggedTerm[][]; compute(hooks: string[]): unknown };

// The hooks that decide the tags, in compromise's own order. The tokenizer's (alias, normal, machine,
// contractions) already ran in nlp.tokenize; ids, freezing, typeahead and chunks set nothing read here.
// Checked equal to nlp(sentence)'s terms and tags on 15,417 sentences (corpus, dev set, 10,000-message bench).
// Read on first use, not at import: on Workers compromise itself loads on first use (src/core/compromise-on-workers.ts).
let tagger: { hooks: string[]; Document: new (document: TaggedTerm[][]) => Tagged } | undefined;
const taggerParts = () => {
  if (tagger) return tagger;
  (nlp.methods() as unknown as { one: { bulkMatch: typeof sweepMatches } }).one.bulkMatch = sweepMatches;
  return (tagger = {
    hooks: nlp.hooks().filter((h) => !['alias', 'normal', 'machine', 'contractions', 'id', 'freeze', 'typeahead', 'chunks'].includes(h)),
    // compromise's document class: a document built from sentences tokenized one by one.
    Document: nlp.tokenize('x').constructor as new (document: TaggedTerm[][]) => Tagged,
  });
};

/**
 * The terms of each sentence, tagged together in one document. Each sentence is tokenized on its own, and
 * compromise matches its patterns sentence by sentence, so a sentence's terms and tags are the ones it gets
 * alone, whichever sentences share its call (test/core/language/reply-tagger.test.ts).
 */
export function termsOfAll(sentences: string[]): Term[][] {
  const { hooks: TAG_HOOKS, Document } = taggerParts();
  const tokenized = sentences.map((s) => nlp.tokenize(s) as unknown as Tagged);
  const joined = new Document(tokenized.flatMap((d) => d.document));
  joined.compute(TAG_HOOKS);
  const all = joined.docs;
  let k = 0;
  return tokenized.map((d) => {
    const own = all.slice(k, (k += d.document.length));
    return own.flat().map((t) => ({ text: t.text, normal: (t.implicit || t.normal || t.text).toLowerCase(), tags: t.tags, post: t.post ?? ' ' }));
  });
}

// compromise 14's match network (methods.one.buildNet): `hooks` lists, for each word or #Tag a pattern
// needs, the patterns that may then match; `always` those that may match anywhere.
interface Pattern {
  match: string;
  needs: string[];
  wants: string[];
  minWant: number;
  minWords: number;
  ifNo?: string[];
  unTag?: unknown;
}
interface Net {
  hooks: Record<string, Pattern[]>;
  always: Pattern[];
}
type Methods = { one: { cacheDoc(document: unknown[][]): Set<string>[]; match(docs: unknown[][], pattern: Pattern): { ptrs: number[][] } } };

// Each hook's rank in Object.keys order: compromise gathers a sentence's patterns in that order.
const HOOK_RANK = new WeakMap<Record<string, Pattern[]>, Map<string, number>>();

/**
 * compromise's `bulkMatch` (src/1-one/sweep/methods/sweep/index.js), doing less work for the same result: for
 * each sentence it walks every hook of the network (thousands) and concatenates lists to gather the patterns
 * to try, about a third of all tagging time; this walks only the sentence's own words and tags, in the same
 * order, keeps the same first pattern of each match string and applies the same filters (needs, ifNo, wants,
 * then `always`, then minWords) before running the matches exactly as compromise does.
 */
function sweepMatches(document: unknown[][], net: Net, methods: Methods, opts: { matchOne?: boolean } = {}) {
  const docCache = methods.one.cacheDoc(document);
  let rank = HOOK_RANK.get(net.hooks);
  if (!rank) HOOK_RANK.set(net.hooks, (rank = new Map(Object.keys(net.hooks).map((k, i) => [k, i]))));
  const results: Array<Pattern & { pointer: number[] }> = [];
  for (let n = 0; n < document.length; n++) {
    const haves = docCache[n]!;
    const hooked: Array<[number, string]> = [];
    for (const k of haves) {
      const r = rank.get(k);
      if (r !== undefined) hooked.push([r, k]);
    }
    hooked.sort((a, b) => a[0] - b[0]);
    const seen = new Set<string>();
    const todo: Pattern[] = [];
    for (const [, k] of hooked) {
      for (const p of net.hooks[k]!) {
        if (seen.has(p.match)) continue;
        seen.add(p.match);
        if (!p.needs.every((need) => haves.has(need))) continue;
        if (p.ifNo !== undefined && p.ifNo.some((no) => haves.has(no))) continue;
        if (p.wants.length > 0 && p.wants.filter((w) => haves.has(w)).length < p.minWant) continue;
        todo.push(p);
      }
    }
    todo.push(...net.always);
    const words = document[n]!.length;
    for (const p of todo) {
      if (words < p.minWords) continue;
      const res = methods.one.match([document[n]!], p);
      if (res.ptrs.length === 0) continue;
      for (const ptr of res.ptrs) {
        ptr[0] = n;
        const found = Object.assign({}, p, { pointer: ptr });
        if (p.unTag !== undefined) found.unTag = p.unTag;
        results.push(found);
      }
      if (opts.matchOne === true) return [results[0]!];
    }
  }
  return results;
}
