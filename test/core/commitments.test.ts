import { describe, expect, it } from 'vitest';
import { findCommitments } from '../../src/core/commitments.js';

// Sent Monday 2026-01-12 at 16:03 Pacific.
const SENT = '2026-01-12T16:03:00-08:00';

describe('school commitments', () => {
  it.each([
    ['I will send the schedule by Friday.', '2026-01-16'],
    ["I'll have the assessment plan to you by January 20.", '2026-01-20'],
    ['Ms. Ruiz will have the complete file ready for you by Friday.', '2026-01-16'],
    ['The progress reports will be mailed home next week.', '2026-01-23'],
    ["I'll look at my schedule and have a make-up plan to you by Wednesday.", '2026-01-14'],
    ['I will let you know tomorrow.', '2026-01-13'],
    ['You will receive the report by Friday.', '2026-01-16'],
  ])('"%s" is due %s', (text, due) => {
    expect(findCommitments(text, SENT)).toEqual([{ text, dueDate: due }]);
  });

  it.each([
    'I will look into it.', // no date
    "I'll send the official notice once you confirm.", // contingent on the parent
    'If you need anything by Friday, let me know.', // conditional
    "I'll update you as soon as I can now that we are short staffed.",
    'Can you send it by Friday?',
  ])('"%s" is not a dated commitment', (text) => {
    expect(findCommitments(text, SENT)).toEqual([]);
  });

  it('resolves dates in the sender’s own zone across a year end', () => {
    expect(findCommitments('I will send it by Friday.', '2025-12-30T20:00:00-05:00')).toEqual([{ text: 'I will send it by Friday.', dueDate: '2026-01-02' }]);
  });
});
