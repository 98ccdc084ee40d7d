import { describe, expect, it } from 'vitest';
import { sentenceAct } from '../../src/core/language/reply-acts.js';
import { readReply } from '../../src/core/replies.js';
import { findCommitments, keepsCommitment } from '../../src/core/commitments.js';

// Every sentence here is invented for the test; none is taken from a corpus (issue 10, family 1).
describe('who acts decides: the parent told where to hand a thing in, a causative fix', () => {
  it.each([
    // The parent is told where a thing goes: the answer to "who do I give it to?", not a forward.
    ['You can send it to me and I will pass it along.', 'grant'],
    ['You can email the signed form to Mrs. Okafor in the front office.', 'grant'],
    ['You can drop the doctor’s note off at the nurse’s office.', 'grant'],
    // Inviting questions hands nothing over.
    ['You can email me with any questions.', 'inform'],
    ['You can send your questions to me anytime.', 'inform'],
    // The school passing a letter on is still a forward.
    ['I sent your letter to our coordinator.', 'forward'],
    // "have X done": the act is the participle's; a fix at a concrete time is an arrangement, a delivery a promise.
    ['The custodian will have the ramp repaired by Thursday morning.', 'arrangement'],
    ["We'll get his locker moved next to the elevator on Monday.", 'arrangement'],
    ["I'll have the testing summary sent to you by Friday.", 'promise'],
    ['I will have the forms completed by next week.', 'promise'],
  ] as const)('"%s" → %s', (sentence, act) => {
    expect(sentenceAct(sentence).act).toBe(act);
  });

  it('answers "who do I send it to?" and still acknowledges the ask beside it through the forward', () => {
    const reply = 'Hi Ms. Tran,\n\nYou can send it to me. I have forwarded your email to Mr. Osei, our coordinator at the district office.';
    const question = 'Who should I give the signed consent to, you or someone at the district office?';
    const ask = 'Please treat this as my written request for a speech evaluation.';
    const kinds = ['information', 'evaluation'] as const;
    const info = readReply(reply, 'information', [...kinds], { requestText: question, siblings: [{ kind: 'evaluation', text: ask }] });
    expect(info.act).toBe('answered');
    expect(info.reason?.rule).toBe('grant:you-can-send');
    const evaluation = readReply(reply, 'evaluation', [...kinds], { requestText: ask, siblings: [{ kind: 'information', text: question }] });
    expect(evaluation.act).toBe('acknowledged');
    expect(evaluation.reason?.act).toBe('forward');
  });
});

describe('a hand-over names each thing it lists', () => {
  const reply = 'Attached is the prior written notice for the March 2 decision, along with the reading inventory scores the team used.';
  const notice = 'I am requesting prior written notice of the decision to end his reading services.';
  const scores = 'Please also send me the reading inventory scores.';

  it('provides the later item of the list, of another kind, as well as the first', () => {
    expect(readReply(reply, 'records', ['pwn', 'records'], { requestText: scores, siblings: [{ kind: 'pwn', text: notice }] }).act).toBe('provided');
    expect(readReply(reply, 'pwn', ['pwn', 'records'], { requestText: notice, siblings: [{ kind: 'records', text: scores }] }).act).toBe('provided');
  });

  it('does not provide what the list does not name', () => {
    const other = 'Please also send me the bus incident reports.';
    expect(readReply(reply, 'records', ['pwn', 'records'], { requestText: other, siblings: [{ kind: 'pwn', text: notice }] }).act).not.toBe('provided');
  });
});

describe('dated promises: a weekday with its day of the month, and plan documents kept by name', () => {
  // Sent Monday 2026-01-12 at 16:03 Pacific.
  const SENT = '2026-01-12T16:03:00-08:00';
  it.each([
    ["I'll have the draft goals to you by Tuesday the 20th.", '2026-01-20'],
    ['I will send the protocols by Thursday, the 22nd.', '2026-01-22'],
    ['I will email you the summary on Wednesday the 28th.', '2026-01-28'],
    ['I will send it by Friday.', '2026-01-16'],
  ])('"%s" is due %s', (text, due) => {
    expect(findCommitments(text, SENT)).toEqual([{ text, dueDate: due }]);
  });

  it('a promise of "copies of the IEP" is kept by a hand-over of the IEP, and not by one of something else', () => {
    const promise = 'I will have copies of the IEP and the speech report to you by Friday.';
    expect(keepsCommitment(promise, { newText: "Attached are Maya's current IEP and her fall progress notes.", attachmentNames: ['Maya-IEP.pdf'] })).toBe(true);
    expect(keepsCommitment(promise, { newText: 'Attached is the field trip permission slip for next month.', attachmentNames: ['permission-slip.pdf'] })).toBe(false);
  });
});
