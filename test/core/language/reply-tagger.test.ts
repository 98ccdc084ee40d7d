import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { termsOfAll, type Term } from '../../../src/core/language/reply-tagger.js';
import { corpusSentences } from './corpus-sentences.js';

// compromise's own bulkMatch, which reply-tagger.ts replaces process-wide with an equivalent that does less work.
const { default: compromiseBulkMatch } = await import(new URL('../../../node_modules/compromise/src/1-one/sweep/methods/sweep/index.js', import.meta.url).href);

const methods = nlp.methods() as unknown as { one: { bulkMatch: unknown } };
const shown = (terms: Term[]) => terms.map((t) => `${t.text}|${t.normal}|${[...t.tags].sort().join(',')}|${t.post}`);

/** Each sentence tagged alone by compromise's own sweep. */
function taggedByCompromise(sentences: string[]): string[][] {
  termsOfAll(['x']); // installs ours first, so it is the one put back
  const ours = methods.one.bulkMatch;
  methods.one.bulkMatch = compromiseBulkMatch;
  try {
    return sentences.map((s) => shown(termsOfAll([s])[0]!));
  } finally {
    methods.one.bulkMatch = ours;
  }
}

describe('reply tagger', () => {
  it('is installed on first use: the sweep compromise runs is then not its own', () => {
    termsOfAll(['The notes are attached.']);
    expect(methods.one.bulkMatch).not.toBe(compromiseBulkMatch);
  });

  it("tags every corpus sentence as compromise's own sweep does, alone or many to a call", () => {
    const sentences = corpusSentences();
    expect(sentences.length).toBeGreaterThan(1000);
    const expected = taggedByCompromise(sentences);
    // Twenty sentences to a call, as reply reading batches them.
    const actual: string[][] = [];
    for (let i = 0; i < sentences.length; i += 20) actual.push(...termsOfAll(sentences.slice(i, i + 20)).map(shown));
    const differing = sentences.filter((_, i) => JSON.stringify(actual[i]) !== JSON.stringify(expected[i]));
    expect(differing).toEqual([]);
    // Not vacuous: the tags carry what the grammar reads.
    expect(expected.flat().filter((t) => /Verb/.test(t)).length).toBeGreaterThan(1000);
  }, 120_000);
});
