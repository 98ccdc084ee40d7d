import { describe, expect, it } from 'vitest';
import { detectRequests } from '../../../src/core/requests/detect.js';

// Rules of stop 22 (issue 10), each written from a family of error in a fresh batch and tested on phrasings
// written here, not taken from a corpus.
const kindsOf = (text: string, subject = '') => detectRequests(text, subject).map((r) => r.kind);

describe('a question put indirectly is an ask of its own beside a direct one of the same kind', () => {
  it.each([
    "When will his speech sessions start? I'd also like to know if the sessions he missed will be made up",
    'Who is covering the resource room this week? We would also like to know whether the reading group meets on Fridays.',
    'Can you tell me how the OT minutes are logged? I am also wondering when the make-up OT sessions will be scheduled.',
  ])('%s', (text) => {
    expect(detectRequests(text, '')).toHaveLength(2);
  });
});

describe('the object of the ask decides the kind', () => {
  it.each([
    ['Could you send me the data you have been collecting on his reading goals?', 'progress'],
    ['Please share the data the team has been tracking for her behavior plan.', 'progress'],
    ['Can I see the data that the teacher kept during the math probes?', 'progress'],
  ])('collected data is progress: %s', (text, kind) => {
    expect(kindsOf(text)).toEqual([kind]);
  });

  it.each([
    'Please also send me the reading test results you mentioned on the phone.',
    'Could you email me his state test results from last spring?',
    'Please forward the assessment protocols from her last evaluation.',
  ])('test results and scores are records: %s', (text) => {
    expect(kindsOf(text)).toEqual(['records']);
  });

  it.each([
    'Once I have read the reports, I would like to meet again.',
    'We would love to sit down with the team before spring break.',
    'I need to meet with his case manager about the new schedule.',
  ])('wanting to meet is a meeting request: %s', (text) => {
    expect(kindsOf(text)).toEqual(['meeting']);
  });

  it.each([
    "I'd also like examples of how her accommodations are given in class.",
    'We would like updates on his reading group every two weeks.',
    'I would like samples of his writing from this quarter.',
  ])('wanting a plural thing named without an article is an ask: %s', (text) => {
    expect(detectRequests(text, '')).toHaveLength(1);
  });

  it('a word after "test" is a name only when it is capitalised', () => {
    expect(kindsOf('Please send his unit test results in math since September.')).toEqual(['records']);
    expect(kindsOf('I want the school to test Bao for a learning disability.')).toEqual(['evaluation']);
  });
});

describe('lists under an ask', () => {
  it("a lead-in that only hints at a kind yields to the item's own object", () => {
    const text = 'I am requesting the following records:\n1. His report cards for this year.\n2. The progress notes his teacher keeps on his IEP goals.\n3. Any emails about him since September.';
    expect(kindsOf(text)).toEqual(['records', 'progress', 'records']);
  });

  it('a lead-in that names the kind decides every item', () => {
    const text = 'I am requesting prior written notice of each of the following:\n1. The refusal to evaluate him for dyslexia.\n2. The end of his speech services.';
    expect(kindsOf(text)).toEqual(['pwn', 'pwn']);
  });
});

describe('phone-typed mail', () => {
  it.each([
    'thanks for the sheets. and please send me the schedule for her reading group',
    'got the form. and can you tell me who her case manager is',
    'ok that works. and could you send the meeting notes too',
  ])('"and please…" after a full stop starts an ask of its own: %s', (text) => {
    const found = detectRequests(text, '');
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toMatch(/^and /);
  });
});
