/**
 * compromise's part-of-speech tags for reply reading (reply-grammar.ts reads them into clauses). Tagging is most
 * of what reading a school reply costs, so this runs only the tagger's own passes, several sentences per call,
 * with compromise's post-tagger run by an equivalent that does less work (`postTagger`, `sweepMatches`). compromise
 * itself is left as it is.
 */
import nlp from 'compromise';

export interface Term {
  text: string;
  normal: string;
  tags: Set<string>;
  post: string;
}

type TaggedTerm = { text: string; normal?: string; tags: Set<string>; post: string; implicit?: string; index: number[] };
type View = {
  document: TaggedTerm[][];
  docs: TaggedTerm[][];
  world: World;
  methods: Methods;
  compute(hook: string | ((view: View) => void)): unknown;
  update(pointers: number[][]): View;
  uncache(): void;
  unfreeze(): void;
};
type World = {
  model: { two: { matches: unknown[] } };
  methods: Methods & {
    one: { buildNet(matches: unknown[], world: World): Net; bulkTagger(found: unknown[], document: TaggedTerm[][], world: World): void };
    two: { quickSplit(document: TaggedTerm[][]): TaggedTerm[][] };
  };
};

// The hooks that decide the tags, in compromise's own order. The tokenizer's (alias, normal, machine,
// contractions) already ran in nlp.tokenize; ids, freezing, typeahead and chunks set nothing read here.
// postTagger is compromise's, doing less work for the same tags (`postTagger` below).
// Checked equal to compromise's own hooks (its post-tagger included) on every sentence of the corpus and the dev
// set (test/core/language/reply-tagger.test.ts).
// Read on first use, not at import: on Workers compromise itself loads on first use (src/core/compromise-on-workers.ts).
let tagger: { hooks: Array<string | ((view: View) => void)>; Document: new (document: TaggedTerm[][]) => View } | undefined;
const taggerParts = () =>
  (tagger ??= {
    hooks: nlp
      .hooks()
      .filter((h) => !['alias', 'normal', 'machine', 'contractions', 'id', 'freeze', 'typeahead', 'chunks'].includes(h))
      .map((h) => (h === 'postTagger' ? postTagger : h)),
    // compromise's document class: a document built from sentences tokenized one by one.
    Document: nlp.tokenize('x').constructor as new (document: TaggedTerm[][]) => View,
  });

/**
 * The terms of each sentence, tagged together in one document. Each sentence is tokenized on its own, and
 * compromise matches its patterns sentence by sentence, so a sentence's terms and tags are the ones it gets
 * alone, whichever sentences share its call (test/core/language/reply-tagger.test.ts).
 */
export function termsOfAll(sentences: string[]): Term[][] {
  const { hooks, Document } = taggerParts();
  const tokenized = sentences.map((s) => nlp.tokenize(s) as unknown as View);
  const joined = new Document(tokenized.flatMap((d) => d.document));
  for (const hook of hooks) joined.compute(hook);
  const all = joined.docs;
  let k = 0;
  return tokenized.map((d) => {
    const own = all.slice(k, (k += d.document.length));
    return own.flat().map((t) => ({ text: t.text, normal: (t.implicit || t.normal || t.text).toLowerCase(), tags: t.tags, post: t.post ?? ' ' }));
  });
}

let postTaggerNet: Net | undefined;
/**
 * compromise's postTagger (src/2-two/postTagger/compute/index.js) without what the tags do not need: it sweeps
 * the match network over the comma-split document and applies the tags, as compromise's does, but through
 * `sweepMatches` and without building a view for every pattern that matched (compromise's `View.sweep` returns
 * them; its postTagger drops them).
 */
function postTagger(view: View): void {
  const { world } = view;
  const { model, methods } = world;
  // From copies: buildNet parses the patterns in place, once, and compromise's own post-tagger builds its net from the originals.
  postTaggerNet ??= methods.one.buildNet(model.two.matches.map((m) => ({ ...(m as object) })), world);
  const document = methods.two.quickSplit(view.docs);
  const pointers = document.map((terms) => [terms[0]!.index[0]!, terms[0]!.index[1]!, terms[0]!.index[1]! + terms.length]);
  const split = view.update(pointers);
  const docs = split.docs;
  methods.one.bulkTagger(sweepMatches(docs, postTaggerNet, split.methods), docs, split.world);
  view.uncache();
  view.unfreeze();
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

/**
 * A network read once into integers: every word or #Tag a pattern names gets a number, each hook keeps its rank
 * (the order compromise gathers hooks in) and its patterns' numbers, and each pattern its needs, ifNo and wants as
 * numbers and the id of its match string. A sentence's words and tags are then marked in a stamped array, so the
 * filters below test array slots rather than strings in a set; tens of patterns per hooked word make that most
 * of the sweep's own time.
 */
interface ReadNet {
  keys: Map<string, number>;
  /** Hook rank by key number (-1: not a hook). */
  rankOf: Int32Array;
  /** Key number by hook rank. */
  hookKey: Int32Array;
  /** Pattern numbers by hook rank. */
  hookPatterns: Int32Array[];
  patterns: Pattern[];
  matchId: Int32Array;
  needs: Int32Array[];
  ifNo: Array<Int32Array | null>;
  wants: Int32Array[];
  /** Stamp of the sentence that last marked each key, and that last gathered each match string. */
  markedAt: Int32Array;
  seenAt: Int32Array;
  stamp: number;
}
const READ_NETS = new WeakMap<Net, ReadNet>();
function readNet(net: Net): ReadNet {
  const known = READ_NETS.get(net);
  if (known) return known;
  const keys = new Map<string, number>();
  const keyOf = (k: string) => {
    let n = keys.get(k);
    if (n === undefined) keys.set(k, (n = keys.size));
    return n;
  };
  const hookNames = Object.keys(net.hooks);
  const hookKey = Int32Array.from(hookNames, keyOf);
  const numbered = new Map<Pattern, number>();
  const patterns: Pattern[] = [];
  const byMatch = new Map<string, number>();
  const matchIds: number[] = [];
  const numberOf = (p: Pattern) => {
    let n = numbered.get(p);
    if (n === undefined) {
      numbered.set(p, (n = patterns.length));
      patterns.push(p);
      let id = byMatch.get(p.match);
      if (id === undefined) byMatch.set(p.match, (id = byMatch.size));
      matchIds.push(id);
    }
    return n;
  };
  const hookPatterns = hookNames.map((k) => Int32Array.from(net.hooks[k]!, numberOf));
  const needs = patterns.map((p) => Int32Array.from(p.needs, keyOf));
  const ifNo = patterns.map((p) => (p.ifNo === undefined ? null : Int32Array.from(p.ifNo, keyOf)));
  const wants = patterns.map((p) => Int32Array.from(p.wants, keyOf));
  const rankOf = new Int32Array(keys.size).fill(-1);
  hookKey.forEach((key, rank) => (rankOf[key] = rank));
  const read: ReadNet = {
    keys, rankOf, hookKey, hookPatterns, patterns, matchId: Int32Array.from(matchIds), needs, ifNo, wants,
    markedAt: new Int32Array(keys.size), seenAt: new Int32Array(byMatch.size), stamp: 0,
  };
  READ_NETS.set(net, read);
  return read;
}

/**
 * compromise's `bulkMatch` (src/1-one/sweep/methods/sweep/index.js), doing less work for the same result: for
 * each sentence it walks every hook of the network (thousands) and concatenates lists to gather the patterns
 * to try; this walks only the sentence's own words and tags, in the same order, keeps the same first pattern
 * of each match string and applies the same filters (needs, ifNo, wants, then `always`, then minWords) before
 * running the matches exactly as compromise does.
 */
function sweepMatches(document: unknown[][], net: Net, methods: Methods): Array<Pattern & { pointer: number[] }> {
  const docCache = methods.one.cacheDoc(document);
  const read = readNet(net);
  const { keys, rankOf, hookPatterns, patterns, matchId, needs, ifNo, wants, markedAt, seenAt } = read;
  const results: Array<Pattern & { pointer: number[] }> = [];
  for (let n = 0; n < document.length; n++) {
    // A fresh stamp per sentence: a slot holding it is marked for this sentence, any other value is stale.
    const stamp = ++read.stamp;
    const ranks: number[] = [];
    for (const k of docCache[n]!) {
      const key = keys.get(k);
      if (key === undefined) continue;
      markedAt[key] = stamp;
      if (rankOf[key]! >= 0) ranks.push(rankOf[key]!);
    }
    ranks.sort((a, b) => a - b);
    const has = (list: Int32Array) => {
      for (let i = 0; i < list.length; i++) if (markedAt[list[i]!] !== stamp) return false;
      return true;
    };
    const todo: Pattern[] = [];
    for (const rank of ranks) {
      const list = hookPatterns[rank]!;
      for (let i = 0; i < list.length; i++) {
        const pn = list[i]!;
        const id = matchId[pn]!;
        if (seenAt[id] === stamp) continue;
        seenAt[id] = stamp;
        if (!has(needs[pn]!)) continue;
        const no = ifNo[pn];
        if (no && no.some((k) => markedAt[k] === stamp)) continue;
        const p = patterns[pn]!;
        if (wants[pn]!.length > 0 && !enoughWants(wants[pn]!, p.minWant, markedAt, stamp)) continue;
        todo.push(p);
      }
    }
    const words = document[n]!.length;
    for (const list of [todo, net.always]) {
      for (const p of list) {
        if (words < p.minWords) continue;
        const res = methods.one.match([document[n]!], p);
        if (res.ptrs.length === 0) continue;
        for (const ptr of res.ptrs) {
          ptr[0] = n;
          const found = Object.assign({}, p, { pointer: ptr });
          if (p.unTag !== undefined) found.unTag = p.unTag;
          results.push(found);
        }
      }
    }
  }
  return results;
}

function enoughWants(wants: Int32Array, minWant: number, markedAt: Int32Array, stamp: number): boolean {
  let found = 0;
  for (let i = 0; i < wants.length; i++) if (markedAt[wants[i]!] === stamp && ++found >= minWant) return true;
  return found >= minWant;
}
