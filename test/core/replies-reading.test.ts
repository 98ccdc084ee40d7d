import { describe, expect, it } from 'vitest';
import { sentenceAct } from '../../src/core/language/reply-acts.js';
import { contentWords } from '../../src/core/reply-objects.js';
import { readReply } from '../../src/core/replies.js';
import { asksWh } from '../../src/core/reply-fit.js';
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

describe('which ask a future act or a time speaks to', () => {
  it('a promise naming the ask more closely than an arrangement about the same service only acknowledges it', () => {
    // The arrangement shares one word with each ask, the promise two with the make-up ask.
    const reply = 'The form went to the OT this morning and she will restart his sessions on Tuesday, March 3. I will ask her about making up the cancelled sessions.';
    const restart = 'When will the form be sent so his OT can begin again?';
    const makeUp = 'Will the cancelled sessions be made up?';
    const read = (ask: string, sibling: string) => readReply(reply, 'services', ['services', 'services'], { requestText: ask, siblings: [{ kind: 'services', text: sibling }] });
    expect(read(makeUp, restart).act).toBe('acknowledged');
    expect(read(restart, makeUp).act).toBe('answered');
  });

  it('a time offered answers the meeting asked for, not a "who" question beside it; a "when" question it answers', () => {
    const reply = 'Thank you for your note. I can offer Monday, May 4 at 3:15 in the library.\n\nDr. Lena Park\nDirector of Student Services';
    const meeting = 'Please reschedule the annual review meeting.';
    const who = 'Could you also tell me who his math teacher is this term?';
    const when = 'Could you also tell me when the meeting can happen?';
    expect(readReply(reply, 'information', ['meeting', 'information'], { requestText: who, siblings: [{ kind: 'meeting', text: meeting }] }).act).toBe('none');
    expect(readReply(reply, 'information', ['meeting', 'information'], { requestText: when, siblings: [{ kind: 'meeting', text: meeting }] }).act).toBe('scheduled');
    expect(readReply(reply, 'meeting', ['meeting', 'information'], { requestText: meeting, siblings: [{ kind: 'information', text: who }] }).act).toBe('scheduled');
  });

  it('a name and a title on one line are no statement; a place and a time are', () => {
    expect(sentenceAct('Dr. Lena Park Director of Student Services').act).toBe('courtesy');
    expect(sentenceAct('Room 12 at Oak Hill Middle, Friday May 8').act).toBe('inform');
  });

  it('an ask that the team consider something is answered by setting that deliberation at a time, not by a deliberation without one', () => {
    const ask = 'I am asking that the team consider a one-to-one aide for recess.';
    const set = readReply('Thanks for writing. We will discuss the aide at his IEP review on Thursday, April 9 at 1:00.', 'services', ['services'], { requestText: ask });
    expect(set.act).toBe('scheduled');
    expect(set.reason?.rule).toBe('schedule:deliberation-set');
    expect(readReply('Thanks for writing. We will discuss the aide at his next IEP review.', 'services', ['services'], { requestText: ask }).act).toBe('acknowledged');
    // A hand-over asked for is not answered by talking it over at a time.
    expect(readReply('We will discuss the records at the meeting on Thursday, April 9.', 'records', ['records'], { requestText: 'Please send me his discipline records.' }).act).toBe('acknowledged');
  });

  it('an ask that something be considered is answered when the reply sets the meeting and puts the ask on its agenda', () => {
    // Written here, after the pattern of published ESY and 504 request letters (the phrasing is the parent's passive
    // "be considered", the reply's "on the agenda" or "will be considered at that meeting").
    const ask = 'I request that assistive technology be considered for my daughter this year.';
    const meetingAsk = 'Please schedule her annual review before the end of April.';
    const set = readReply('I have scheduled her annual review for Monday, May 4 at 3:15 p.m. in the library. Assistive technology will be on the agenda.', 'services', ['meeting'], {
      requestText: ask,
      siblings: [{ kind: 'meeting', text: meetingAsk }],
    });
    expect(set.act).toBe('scheduled');
    expect(set.reason?.rule).toBe('schedule:on-the-agenda');
    // No meeting set at a time: the same sentence only promises.
    expect(readReply('Assistive technology will be on the agenda.', 'services', ['meeting'], { requestText: ask, siblings: [{ kind: 'meeting', text: meetingAsk }] }).act).toBe('acknowledged');
    // A meeting set, and the agenda named, but the ask is to hand over data the team will look at: not answered.
    const handOver = readReply('I have scheduled her annual review for Monday, May 4 at 3:15 p.m. The progress data will be on the agenda.', 'progress', ['meeting'], {
      requestText: 'Please send me the progress data the team will look at.',
      siblings: [{ kind: 'meeting', text: meetingAsk }],
    });
    expect(handOver.act).not.toBe('scheduled');
  });

  it('a programme named in full shares its initials with the reply that abbreviates it', () => {
    expect(contentWords('I request that Extended School Year services be considered.').has('esy')).toBe(true);
    expect(contentWords('Please send the Notice of Procedural Safeguards.').has('nps')).toBe(true);
    expect(contentWords('Elijah Harris is in third grade.').has('eh')).toBe(false); // a two-word name gives no word
  });
});

describe('"how long" is answered by the length of the thing asked about', () => {
  const ask = 'Could you tell me how long the reevaluation takes after we return the consent?';
  it('a statement giving that length answers it, beside a promise', () => {
    const r = readReply('Thanks, I got your note. I will send the consent home Friday. After we receive the signed consent, the reevaluation has to be finished within 60 calendar days.', 'information', [], { requestText: ask, requestAct: 'question' });
    expect(r.act).toBe('answered');
    expect(r.evidence).toMatch(/60 calendar days/);
  });
  it('a length of something else does not', () => {
    const r = readReply('I will send the consent home Friday. The new bus route starts in two weeks.', 'information', [], { requestText: ask, requestAct: 'question' });
    expect(r.act).toBe('acknowledged');
  });
});

describe('a hand-over for one ask does not answer a question sharing a word in passing', () => {
  const question = 'Please also tell me whether the counselor really thinks his anxiety is the reason he cannot spell, because that is what we heard.';
  const evaluation = 'I am requesting that Eli be evaluated in all areas of writing, including fine motor skills and spelling.';
  const reply = 'Mrs. Lane,\n\nAttached is the Notice of Action and the consent for evaluation in writing, fine motor skills and spelling. Please sign and return it when you can. I will ask Mr. Ames to give you a call about the counselor question.\n\nDr. Ruiz';
  it('the question is not answered by it', () => {
    const r = readReply(reply, 'information', ['evaluation', 'information'], { hasAttachments: true, requestText: question, requestAct: 'question', siblings: [{ kind: 'evaluation', text: evaluation }] });
    expect(['acknowledged', 'none']).toContain(r.act);
  });
  it('the evaluation ask is handed its consent', () => {
    const r = readReply(reply, 'evaluation', ['evaluation', 'information'], { hasAttachments: true, requestText: evaluation, requestAct: 'ask', siblings: [{ kind: 'information', text: question }] });
    expect(r.act).toBe('provided');
  });
});

describe('a question about something else does not take a sentence about this ask', () => {
  const services = 'From now on I am asking for a weekly summary of which services Theo received and how much time he spent in his regular class.';
  const note = 'Please also put a note in his file that his regular education teacher told me she had never met him.';
  const reply = 'Mrs. Dunn,\n\nWe do not keep weekly logs for one student, but his teachers can send you a short note each month with the sessions delivered and his general education time.\n\nMr. Cole';
  it('the refusal answers the services ask', () => {
    const r = readReply(reply, 'services', ['services', 'information'], { requestText: services, requestAct: 'ask', siblings: [{ kind: 'information', text: note }] });
    expect(r.act).toBe('declined');
  });
});

describe('a reason clause names nothing to match on, and an apology answers nothing', () => {
  const retake = 'Could she redo the quiz, or finish the last section, with the extra time her plan gives her?';
  const question = 'And is there anything I should know about how tests are given in the art class, since that is a different room?';
  const reply = 'Mrs. Lowe,\n\nYou are right, and I apologize. Yes, she can finish it - she will come to my room Friday during study hall and have the whole period.\n\nMs. Tran';
  it('the grant answers the retake, and leaves the other question open', () => {
    expect(readReply(reply, 'accommodations', ['accommodations', 'information'], { requestText: retake, requestAct: 'question', siblings: [{ kind: 'information', text: question }] }).act).toBe('answered');
    expect(readReply(reply, 'information', ['accommodations', 'information'], { requestText: question, requestAct: 'question', siblings: [{ kind: 'accommodations', text: retake }] }).act).toBe('none');
  });
  it.each(['You are right, and I apologize.', 'My apologies for the delay.', 'I apologize for the confusion.'])('"%s" is courtesy', (s) => {
    expect(sentenceAct(s).act).toBe('courtesy');
  });
  it('an apology that goes on to answer is read for its answer', () => {
    expect(sentenceAct('I apologize, but we cannot provide a 1:1 aide on the bus.').act).toBe('refusal');
  });
});

describe('an evaluation or service set to start on a date is under way', () => {
  const ask = 'I am requesting a functional behavior assessment for Sam.';
  it.each([
    ['Our behavior specialist will begin the FBA with classroom observations on April 6.', 'scheduled'],
    ['Ms. Ito is going to start his speech sessions on Monday.', 'scheduled'],
    ['We will begin the FBA once the consent comes back.', 'acknowledged'],
  ])('%s', (reply, act) => {
    expect(readReply(reply, reply.includes('speech') ? 'services' : 'evaluation', [], { requestText: ask, requestAct: 'ask' }).act).toBe(act);
  });
});

describe('a bare yes answers a yes/no question, not a question for a who or a what', () => {
  const wh = 'Who schedules the make-up sessions, you or the coordinator?';
  const yesNo = 'Can the make-up sessions happen during his study hall?';
  const reply = 'Yes, of course, the make-up sessions will happen.';
  it('answers the yes/no question', () => {
    expect(readReply(reply, 'information', [], { requestText: yesNo, requestAct: 'question' }).act).toBe('answered');
  });
  it('leaves the who question unanswered by the yes', () => {
    expect(readReply(reply, 'information', [], { requestText: wh, requestAct: 'question' }).reason?.rule).not.toBe('grant:yes');
  });
  it.each([
    ['What can the school do to help him with spelling?', true],
    ['Also, could you tell me which days the tutor comes?', true],
    ['I would like to know when the report will be ready.', true],
    ['Could you tell me whether the tutor comes on Fridays?', false],
    ['Can he use the calculator on the quiz?', false],
    ['How about Thursday afternoon?', false],
  ] as const)('"%s" asks for a who/what/when: %s', (text, wh) => {
    expect(asksWh(text)).toBe(wh);
  });
});

describe('a meeting is answered by what the reply says of the meeting', () => {
  const ask = 'I would like to request an IEP meeting to discuss moving his reading minutes to the morning.';
  it('a refusal of what the meeting was to discuss leaves the meeting unanswered', () => {
    const reply = 'The reading teacher only has afternoon openings, so we cannot move his minutes to the morning.';
    expect(readReply(reply, 'meeting', [], { requestText: ask, requestAct: 'ask' }).act).not.toBe('declined');
  });
  it('a refusal of the meeting answers it', () => {
    const reply = 'We cannot hold another meeting before the annual review in May.';
    expect(readReply(reply, 'meeting', [], { requestText: ask, requestAct: 'ask' }).act).toBe('declined');
  });
  it('a statement about something else is no answer to the meeting', () => {
    const reply = 'He has been doing really well with his sight words this week.';
    expect(readReply(reply, 'meeting', [], { requestText: ask, requestAct: 'ask' }).act).toBe('none');
  });
});

describe('"I don\'t know yet" acknowledges a question', () => {
  it.each([
    "I don't know yet how the new school assigns aides.",
    "That hasn't been decided.",
    "We're not sure yet.",
    'No decision has been made about summer services.',
  ])('"%s" is an acknowledgement', (sentence) => {
    expect(sentenceAct(sentence).act).toBe('ack');
  });
  it('a hedge that goes on to answer is read for its answer', () => {
    expect(sentenceAct("I don't know the exact time, but the bus usually arrives at 7:40.").act).not.toBe('ack');
  });
});

describe('content words: plural and short nouns meet their singular', () => {
  it.each([
    ['the copy fees', 'fee'],
    ['his classes', 'class'],
    ['her services', 'service'],
    ['the bus route', 'bus'],
    ['the buses', 'bus'],
  ])('"%s" holds "%s"', (text, word) => {
    expect(contentWords(text).has(word)).toBe(true);
  });
  it('function words tie a reply to no ask', () => {
    expect(contentWords('during the day, within a week').has('during')).toBe(false);
  });
});
