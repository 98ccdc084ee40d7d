import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { termsOfAll, type Term } from '../../../src/core/language/reply-tagger.js';
import { corpusSentences } from './corpus-sentences.js';

type CompromiseTerm = { text: string; normal?: string; implicit?: string; tags: Set<string>; post?: string };
const shown = (terms: Term[]) => terms.map((t) => `${t.text}|${t.normal}|${[...t.tags].sort().join(',')}|${t.post}`);

// The hooks reply reading runs after the tokenizer's, each compromise's own (its post-tagger and its sweep).
// nlp() also runs id, freeze, typeahead and chunks; those tag one corpus sentence in about 2,000 differently
// ("take part" as a verb), as they did before the post-tagger was replaced.
const TAGGING = nlp.hooks().filter((h) => !['alias', 'normal', 'machine', 'contractions', 'id', 'freeze', 'typeahead', 'chunks'].includes(h));

/** Each sentence tagged alone by compromise itself: its own tagging hooks, its own post-tagger. */
function taggedByCompromise(sentences: string[]): string[][] {
  return sentences.map((s) => {
    const doc = nlp.tokenize(s) as unknown as { docs: CompromiseTerm[][]; compute(hooks: string[]): unknown };
    doc.compute(TAGGING);
    const terms = doc.docs.flat();
    return shown(terms.map((t) => ({ text: t.text, normal: (t.implicit || t.normal || t.text).toLowerCase(), tags: t.tags, post: t.post ?? ' ' })));
  });
}

describe('reply tagger', () => {
  it('leaves compromise as it is: its own sweep still runs for nlp()', () => {
    termsOfAll(['The notes are attached.']);
    const methods = nlp.methods() as unknown as { one: { bulkMatch: { name: string } } };
    expect(methods.one.bulkMatch.name).toBe('sweep');
  });

  it("tags every corpus sentence as compromise's own pipeline does, alone or many to a call", () => {
    const sentences = corpusSentences();
    expect(sentences.length).toBeGreaterThan(1000);
    const expected = taggedByCompromise(sentences);
    // Twenty sentences to a call, as reply reading batches them, and one to a call, as a lone sentence is read.
    const batched: string[][] = [];
    for (let i = 0; i < sentences.length; i += 20) batched.push(...termsOfAll(sentences.slice(i, i + 20)).map(shown));
    const alone = sentences.slice(0, 300).map((s) => shown(termsOfAll([s])[0]!));
    expect(sentences.filter((_, i) => JSON.stringify(batched[i]) !== JSON.stringify(expected[i]))).toEqual([]);
    expect(sentences.slice(0, 300).filter((_, i) => JSON.stringify(alone[i]) !== JSON.stringify(expected[i]))).toEqual([]);
    // Not vacuous: the tags carry what the grammar reads, and the post-tagger's patterns changed some of them.
    expect(expected.flat().filter((t) => /Verb/.test(t)).length).toBeGreaterThan(1000);
  }, 120_000);
});
