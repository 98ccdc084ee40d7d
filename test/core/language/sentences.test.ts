import { describe, expect, it } from 'vitest';
import { sentenceTexts, splitSentences } from '../../../src/core/language/sentences.js';

// One splitter for the whole core: detection, reply reading, commitments, clocks, drafts and provisions.
describe('the one sentence splitter', () => {
  it.each([
    ['Speech is provided 2x30 min. per week in the therapy room (see p. 7). Progress is reported quarterly.', 2],
    ['Under Cal. Educ. Code 56344 the plan is due in 60 days. We have not seen it.', 2],
    ['The notice cites 34 C.F.R. 300.503. It was never sent.', 2],
    ['Mx. Lee and Dr. Shah will attend. The meeting is at 3 p.m. on Friday.', 2],
    ['I waited… Nobody called back. can you call me today', 3],
    ['He is fine at school! We see the meltdowns at home? Not sure what to do.', 3],
  ])('%s → %i sentences', (text, count) => {
    expect(sentenceTexts(text)).toHaveLength(count);
  });

  it('"no." abbreviates a number only before one', () => {
    expect(sentenceTexts('The driver said no. Please call me.')).toEqual(['The driver said no.', 'Please call me.']);
    expect(sentenceTexts('He rides bus no. 31 now. It is late.')).toEqual(['He rides bus no. 31 now.', 'It is late.']);
  });
  it('keeps list items and paragraphs apart, with their paragraph numbers', () => {
    const s = splitSentences('I am requesting the following:\n1. an FBA\n2. a meeting after it\n\nThank you.');
    expect(s.map((x) => [x.text, x.paragraph, x.bullet])).toEqual([
      ['I am requesting the following:', 0, false],
      ['an FBA', 0, true],
      ['a meeting after it', 0, true],
      ['Thank you.', 1, false],
    ]);
  });
});
