import { describe, expect, it } from 'vitest';
import { readSentence } from '../../../src/core/language/read.js';
import { splitSentences } from '../../../src/core/language/segment.js';
import { detectRequests } from '../../../src/core/requests/detect.js';
import { readReply } from '../../../src/core/replies.js';
import { questionHash } from '../../../src/core/language/uncertain.js';
import type { RequestQuestion } from '../../../src/core/language/adjudication.js';

describe('speech acts', () => {
  it.each([
    ["I'll have the report to you by the 20th.", 'promise'],
    ['The director will follow up with a decision.', 'promise'],
    ['Yes, she can retake it in the small group, Ms. K will pull her 3rd period.', 'grant'],
    ['Attached is the plan.', 'provision'],
    ['How is he supposed to learn if nobody follows the plan?', 'rhetorical'],
    ['Last year I asked for an evaluation.', 'statement'],
    ['I want you to know how grateful we are.', 'statement'],
    ['Please accept this letter as formal notice that we will enroll him privately.', 'notice'],
    ['This letter refers my son for a functional behavior assessment.', 'ask'],
    ['We are unable to provide an IEE at this time.', 'refusal'],
    ['The records are being copied now.', 'promise'],
  ])('%s → %s', (text, act) => {
    expect(readSentence(text).act).toBe(act);
  });
});

describe('kind from the head of the ask', () => {
  it.each([
    ['Could you please send copies of his complete special education file, including all evaluations?', 'records'],
    ['Which days does the reading interventionist come?', 'services'],
    ['What paperwork do I submit to start the IEE?', 'information'],
    ["I'd also appreciate it if you could send her current 504 plan.", 'records'],
    ['I am requesting a manifestation determination review.', 'meeting'],
    ['I am asking for an evaluation to decide whether he is eligible under Section 504.', 'evaluation'],
    ['Can we set up a time to go over the evaluation report?', 'meeting'],
    ['Please send me a copy of the evaluation report.', 'records'],
  ])('%s → %s', (text, kind) => {
    expect(readSentence(text).kind).toBe(kind);
  });
});

describe('segmentation', () => {
  it('keeps abbreviations and list items', () => {
    const s = splitSentences('Hi Ms. Lee,\n\nWe met at 3 p.m. with Dr. Lee. Can we meet again?\n\n1. An FBA\n2. A meeting after it');
    expect(s.map((x) => x.text)).toEqual(['Hi Ms. Lee,', 'We met at 3 p.m. with Dr. Lee.', 'Can we meet again?', 'An FBA', 'A meeting after it']);
    expect(s.filter((x) => x.bullet)).toHaveLength(2);
  });
});

describe('detection and replies', () => {
  it('finds a secondary ask and carries its reason', () => {
    const found = detectRequests('Can we meet next week about his reading?\n\nI would also appreciate it if you could send her current 504 plan.', 'Reading');
    expect(found.map((f) => f.kind).sort()).toEqual(['meeting', 'records']);
    expect(found.find((f) => f.kind === 'records')!.reason).toMatchObject({ act: 'ask', head: expect.stringContaining('504 plan') });
  });
  it('a reported past ask is not a request', () => {
    expect(detectRequests('Last year I asked for an evaluation. Nothing happened.', '')).toEqual([]);
  });
  it('a promise acknowledges, a grant answers', () => {
    expect(readReply("Thanks for your note. I'll have the report to you by the 20th.", 'records').act).toBe('acknowledged');
    expect(readReply('Yes, she can retake it in the small group, Ms. K will pull her 3rd period.', 'accommodations').act).toBe('answered');
  });
  it('reports uncertain decisions and lets a verdict replace them', () => {
    const text = "I've been worried, so please give me a call this week about his reading.";
    const questions: RequestQuestion[] = [];
    const before = detectRequests(text, '', { questions });
    expect(questions).toHaveLength(1);
    const q = questions[0]!;
    expect(q.hash).toBe(questionHash('request', q.sentence, q.context));
    expect(q.deterministic.isRequest).toBe(before.length > 0);
    const after = detectRequests(text, '', { verdicts: new Map([[q.hash, { hash: q.hash, task: 'request', isRequest: false, kind: null, evidence: q.sentence }]]) });
    expect(after).toEqual([]);
    const kinded = detectRequests(text, '', { verdicts: new Map([[q.hash, { hash: q.hash, task: 'request', isRequest: true, kind: 'meeting', evidence: q.sentence }]]) });
    expect(kinded.map((k) => k.kind)).toEqual(['meeting']);
  });
});
