import { describe, expect, it } from 'vitest';
import { sentenceAct } from '../../../src/core/language/reply-acts.js';

// Family 1 (issue 10): a concrete time offered answers a scheduling ask; it is not a yes/no grant or a promise.
describe('a school offering concrete times schedules', () => {
  it.each([
    'I can offer Tuesday, March 3 at 9:00 or Thursday, March 5 at 2:15 in the main office.',
    'We can offer Monday at 3:30 by phone if that is easier for you.',
    'I could suggest Friday, February 27 at 8:00, before first period.',
    'We can propose Wednesday at 1:00 in the library.',
  ])('%s', (text) => {
    expect(sentenceAct(text).act).toBe('schedule');
  });

  it.each([
    'I can offer some ideas for practicing at home.',
    'We can offer a reading group after school.',
  ])('an offer without a time is not a schedule: %s', (text) => {
    expect(sentenceAct(text).act).not.toBe('schedule');
  });
});
