/**
 * Schools often answer a request in a message of their own rather than a reply: a meeting notice, "Copies of
 * Leo's records". A new school thread to the parent whose subject names the request's topic is read as a
 * candidate answer; the reply reader still decides whether it answers.
 */
import { describe, expect, it } from 'vitest';
import { analyze, type AnalyzeInput } from '../../src/core/analyze.js';
import { PARENT, SCHOOL, msg } from './clocks/helpers.js';

const run = (messages: AnalyzeInput['messages'], now: string) =>
  analyze({ messages, parents: [PARENT], school: SCHOOL, state: 'OR', timezone: 'America/Los_Angeles', now, childName: 'Leo', parentName: 'Maria Ortiz' });

const statusOf = (r: ReturnType<typeof run>, kind: string) => r.requests.filter((q) => q.kind === kind).map((q) => [q.status, q.answeredBy]);

describe('a school answer that starts its own thread', () => {
  const recordsAsk = msg({ from: 'parent', id: '<rec@family>', sentAt: '2026-01-05T08:00:00-08:00', subject: 'Request for records', text: 'Dear Ms. Lee,\n\nPlease send me a copy of Leo\'s complete educational file, including all evaluations.\n\nThank you,\nMaria Ortiz' });
  const meetingAsk = msg({ from: 'parent', id: '<mtg@family>', sentAt: '2026-01-05T08:00:00-08:00', subject: 'Leo', text: 'Hello,\n\nI am requesting an IEP meeting to talk about his reading progress.\n\nMaria' });

  it.each([
    ['Copies of Leo\'s educational records', 'Hello Mrs. Ortiz,\n\nAttached are copies of Leo\'s cumulative file and his evaluation reports.\n\nSincerely,\nRecords Office', ['file.pdf']],
    ['Leo Ortiz - student records', 'Good afternoon,\n\nHere is the link to download Leo\'s records from our secure portal.\n\nRecords clerk', []],
  ] as const)('records: "%s" answers the records request', (subject, text, attachments) => {
    const answer = msg({ from: 'school', id: '<ans@school>', sentAt: '2026-01-12T13:00:00-08:00', subject, text, attachments: [...attachments] });
    expect(statusOf(run([recordsAsk, answer], '2026-03-01T09:00:00-08:00'), 'records')).toEqual([['answered', '<ans@school>']]);
  });

  it.each([
    ['Notice of IEP Team Meeting', 'Dear Parent,\n\nAn IEP meeting for Leo has been scheduled for Tuesday, February 10 at 3:00 p.m. in Room 12.\n\nCase Manager'],
    ['Invitation: annual IEP conference for Leo', 'Hi Maria,\n\nWe can meet on Thursday, January 22 at 8:15 a.m. in the library for Leo\'s IEP meeting.\n\nJamie'],
  ])('meeting: "%s" answers the meeting request', (subject, text) => {
    const notice = msg({ from: 'school', id: '<ans@school>', sentAt: '2026-01-09T10:00:00-08:00', subject, text });
    expect(statusOf(run([meetingAsk, notice], '2026-03-01T09:00:00-08:00'), 'meeting')).toEqual([['answered', '<ans@school>']]);
  });

  it('a new thread on another topic answers nothing', () => {
    const other = msg({ from: 'school', id: '<pic@school>', sentAt: '2026-01-09T10:00:00-08:00', subject: 'Picture day on Friday', text: 'Reminder: picture day is Friday, January 16. Forms are attached.', attachments: ['form.pdf'] });
    expect(statusOf(run([recordsAsk, other], '2026-03-01T09:00:00-08:00'), 'records')).toEqual([['overdue', null]]);
  });

  it('a new thread on the topic that grants or provides nothing answers nothing', () => {
    const newsletter = msg({ from: 'school', id: '<news@school>', sentAt: '2026-01-09T10:00:00-08:00', subject: 'Student records and privacy: what families should know', text: 'Families have the right to review their child\'s records. Read more in the district handbook.' });
    expect(statusOf(run([recordsAsk, newsletter], '2026-03-01T09:00:00-08:00'), 'records')).toEqual([['overdue', null]]);
  });

  it('a new thread long after the request (over 45 days) is not its answer', () => {
    const late = msg({ from: 'school', id: '<late@school>', sentAt: '2026-03-10T10:00:00-08:00', subject: 'Notice of IEP Team Meeting', text: 'An IEP meeting for Leo has been scheduled for Tuesday, March 24 at 3:00 p.m.' });
    expect(statusOf(run([meetingAsk, late], '2026-04-01T09:00:00-07:00'), 'meeting')).toEqual([['overdue', null]]);
  });
});

describe('a hand-over in a fresh message, for a question or a promise', () => {
  const ask = msg({ from: 'parent', id: '<q@family>', sentAt: '2026-01-05T08:00:00-08:00', subject: 'Leo - field trips', text: 'Hello,\n\nCould you send me the district\'s procedure for medication on field trips?\n\nMaria' });
  const promise = msg({ from: 'school', id: '<p@school>', sentAt: '2026-01-06T08:00:00-08:00', subject: 'RE: Leo - field trips', inReplyTo: '<q@family>', text: 'Hi Maria,\n\nI will send you the field trip medication procedure by Friday.\n\nMs. Lee' });
  const handOver = (subject: string, text: string) => msg({ from: 'school', id: '<h@school>', sentAt: '2026-01-08T13:00:00-08:00', subject, text, attachments: ['procedure.pdf'] });

  it('a subject naming what was asked for answers the question and keeps the promise', () => {
    const r = run([ask, promise, handOver('Field trip medication procedure', 'Hi Maria, the procedure is attached.')], '2026-02-01T09:00:00-08:00');
    expect(statusOf(r, 'information')).toEqual([['answered', '<h@school>']]);
    expect(r.commitments.map((c) => c.status)).toEqual(['kept']);
  });

  it('a fresh message about something else answers neither', () => {
    const r = run([ask, promise, handOver('Picture day forms', 'Hi Maria, the picture day form is attached.')], '2026-02-01T09:00:00-08:00');
    expect(statusOf(r, 'information')).toEqual([['overdue', null]]);
    expect(r.commitments.map((c) => c.status)).toEqual(['missed']);
  });
});
