import { describe, expect, it } from 'vitest';
import { findCommitments, keepsCommitment } from '../../src/core/commitments.js';

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
    // A noun the tagger reads as a verb after a determiner stays in the promise's object, with its date.
    ['I will email you the draft IEP and both reports by Tuesday, January 20.', '2026-01-20'],
    ['We will mail the consent form and all notes by Friday.', '2026-01-16'],
    ['I will send you the schedule and both forms by January 21.', '2026-01-21'],
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

  // Every sentence below is invented for the test; none is taken from a corpus.
  it.each([
    // The actor is a named person or a role, with an appositive or an aside.
    ['The school psychologist, Dr. Amankwah, will email you the consent form by Thursday.', '2026-01-15'],
    ['Mr. Dlamini, our transition coordinator, will have the draft to you by January 22.', '2026-01-22'],
    ['Her case manager (Ms. Feld) will mail the progress report by Friday.', '2026-01-16'],
    ['Both of her teachers will send the missing work home by Wednesday.', '2026-01-14'],
    // An outcome promised through "make sure" / "ensure".
    ['I will make sure the signed plan goes home in his folder by Thursday.', '2026-01-15'],
    ["We'll make sure you receive the evaluation report by January 23.", '2026-01-23'],
    ['Ms. Ochoa will ensure that the updated schedule reaches you by Friday.', '2026-01-16'],
    // start / begin + -ing, and the date after "starting" / "beginning" when it starts no habit.
    ['We will start sending the behavior logs home beginning Monday.', '2026-01-19'],
    ['Mr. Reyes will begin emailing you her reading scores starting Tuesday, January 20.', '2026-01-20'],
    ["I'm going to start sharing the speech notes with you beginning January 26.", '2026-01-26'],
    // The date sits in a phrase after an opener ("after…", "once…") that has no verb of its own.
    ['We will send the revised plan home after the break, by January 23.', '2026-01-23'],
    ['The district will mail the notice after winter testing, on or before January 30.', '2026-01-30'],
    ['After the meeting, I will send you the notes by Friday.', '2026-01-16'],
    // An intended or attempted delivery is still promised; a coordinated verb can carry it.
    ['We plan to mail the draft to you by January 21.', '2026-01-21'],
    ["I'll try to get the records copied for you by next Wednesday.", '2026-01-21'],
    ['I will look over the data and send you a summary by Friday.', '2026-01-16'],
    ["I'll pull the log from the aide and have it to you by Thursday.", '2026-01-15'],
    ['Ms. Ng will collect the work samples and have them ready for you on Friday.', '2026-01-16'],
  ])('"%s" is due %s (structure, not phrase)', (text, due) => {
    expect(findCommitments(text, SENT)).toEqual([{ text, dueDate: due }]);
  });

  it.each([
    'If the team agrees, I will send the plan by Friday.', // held on another event
    'We will begin sending a note home every Friday starting January 16.', // a habit's start date
    'Mr. Reyes will not send the scores until January 20.', // negated
    'The team will talk about it on Thursday.', // deliberating among staff, not a delivery to the family
    "I'll ask the nurse tomorrow and let you know what she says.", // the date is the asking's, before the delivery
  ])('"%s" is no dated commitment (structure)', (text) => {
    expect(findCommitments(text, SENT)).toEqual([]);
  });

  // Spec §5: every dated promise of the school is a commitment, and the one an IEP is about is the service itself
  // (labelling guide D1 iii): a dated start, resumption, make-up run or fix, due the day it starts.
  it.each([
    ['Speech will resume on Monday, January 26.', '2026-01-26'],
    ['Mrs. Okafor will add a third speech session on Tuesdays beginning January 20.', '2026-01-20'],
    ['I will make up the missed OT minutes with an extra session on Thursdays from January 22 through February 12.', '2026-01-22'],
    ['Starting Tuesday, January 20, his new bus route will pick him up at 7:10.', '2026-01-20'],
    ['His extended time will be provided on every quiz starting tomorrow.', '2026-01-13'],
    // The start day of a service told in the present or after an opening phrase, and a fix named by its noun (the bus).
    ['Starting Monday, Ms. Carr will pull him for reading group every morning at 9.', '2026-01-19'],
    ['Malik is on route 42 starting Thursday, January 15.', '2026-01-15'],
    ['Ms. Benavides will be his shared para in ELA, math and science starting Monday, January 19.', '2026-01-19'],
    ['Tomorrow the bus will be at your house by 7:10.', '2026-01-13'],
  ])('"%s" is a dated service act due %s', (text, due) => {
    expect(findCommitments(text, SENT)).toEqual([{ text, dueDate: due }]);
  });

  it.each([
    'I will test him for speech on January 20 and 22.', // an evaluation's dates: the school's own work (D2)
    'He will retake the quiz Thursday with his extended time.', // a retake's time is the answer (D2)
    'His speech sessions will continue on Thursdays.', // no day named, only the habit
    'Starting today, his aide will sit with him at lunch for support.', // nothing left to wait for
    'The IEP meeting is on January 20 starting at 3:00.', // a meeting's time (D2)
    'We can look at adding OT sessions at the meeting on January 20.', // deliberation at a meeting, not a service act
  ])('"%s" is no dated service act', (text) => {
    expect(findCommitments(text, SENT)).toEqual([]);
  });

  it('resolves dates in the sender’s own zone across a year end', () => {
    expect(findCommitments('I will send it by Friday.', '2025-12-30T20:00:00-05:00')).toEqual([{ text: 'I will send it by Friday.', dueDate: '2026-01-02' }]);
  });

  it.each([
    'Starting Thursday I will email you every afternoon about her blood sugar.', // a habit from a start date
    "I'll send the agenda for the March 4 meeting.", // the date of another event
    'I will bring your letter to our team on Monday.', // handed to staff, not to the family
    'I will send you the link the day before.', // relative to another event
    'The updated plan should be ready in about a week.', // hedged expectation
    'This will confirm receipt of your email dated 2/3.', // a confirmation, and a date of the letter
  ])('"%s" promises the family nothing dated', (text) => {
    expect(findCommitments(text, SENT)).toEqual([]);
  });

  it('in another thread, the one the promise names as doing it keeps it by telling the service done', () => {
    const start = 'Ms. Okafor will begin his speech sessions on Monday, March 2.';
    const told = { newText: 'I worked with Theo today for his first speech session; he did very well.', attachmentNames: [] };
    expect(keepsCommitment(start, { ...told, fromName: 'Grace Okafor' }, { mustName: true })).toBe(true);
    // Someone else telling it, or the named one telling something else, keeps nothing across threads.
    expect(keepsCommitment(start, { ...told, fromName: 'Dana Whitfield' }, { mustName: true })).toBe(false);
    expect(keepsCommitment(start, { newText: 'Theo had a good day today.', attachmentNames: [], fromName: 'Grace Okafor' }, { mustName: true })).toBe(false);
  });

  it('a promise to have someone else call or email the family is a promise of that call', () => {
    expect(findCommitments("I'll have Ms. Duarte call you by Thursday to go over the plan.", '2026-10-12T09:00:00-07:00')).toEqual([{ text: "I'll have Ms. Duarte call you by Thursday to go over the plan.", dueDate: '2026-10-15' }]);
    expect(findCommitments('I will have the nurse email you the schedule by Tuesday.', '2026-10-12T09:00:00-07:00')).toHaveLength(1);
    // Having the child or the class do something is no delivery to the family.
    expect(findCommitments("I'll have him practice the sounds by Friday.", '2026-10-12T09:00:00-07:00')).toEqual([]);
  });

  it('takes the date of the promising clause, not of another clause', () => {
    const text = 'We can meet Thursday, January 15 at 2:00, and I will have the behavior data to you by Tuesday, January 20.';
    expect(findCommitments(text, SENT)).toEqual([{ text, dueDate: '2026-01-20' }]);
    const text2 = 'The team will decide this week, and you will receive the written notice by Monday, January 26.';
    expect(findCommitments(text2, SENT)).toEqual([{ text: text2, dueDate: '2026-01-26' }]);
  });

  it('a later hand-over keeps the promise when it is what was promised', () => {
    const promise = 'I will send you the speech make-up schedule by Friday.';
    expect(keepsCommitment(promise, { newText: 'Make-up schedule attached.', attachmentNames: ['makeup_schedule.pdf'] })).toBe(true);
    expect(keepsCommitment(promise, { newText: 'Attached is the consent form for the reading evaluation.', attachmentNames: ['consent.pdf'] })).toBe(false);
    expect(keepsCommitment(promise, { newText: 'Would Monday at 3 work for a call about the bus?', attachmentNames: [] })).toBe(false);
    expect(keepsCommitment("I'll email them to you by Friday.", { newText: 'Here are the logs from this fall.', attachmentNames: [] })).toBe(true);
  });

  it('the promised thing told as there or done keeps it; told as still in progress it does not', () => {
    const lab = "I'll send the shortened lab home with her by Friday, and she can turn it in next week for full credit.";
    expect(keepsCommitment(lab, { newText: "Quick note: the shortened density lab is in Elsie's folder today.", attachmentNames: [] })).toBe(true);
    expect(keepsCommitment("I'll send the speech log by Friday.", { newText: 'The speech log is being updated this week.', attachmentNames: [] })).toBe(false);
    // A promise to contact the family with findings is kept by the message that tells them.
    const findings = 'I will talk with his teachers this week and will contact you with my findings by Tuesday, November 24.';
    expect(keepsCommitment(findings, { newText: 'I met with his teachers. He will retake both quizzes with time and a half on Tuesday, November 24 in room 214.', attachmentNames: [] })).toBe(true);
  });

  it('a sentence that tells the promised thing done keeps it, whatever else the sentence promises', () => {
    const ramp = 'The district will have the ramp installed at the side entrance by Monday.';
    expect(keepsCommitment(ramp, { newText: 'Maintenance confirmed the ramp is installed and will be checked weekly.', attachmentNames: [] })).toBe(true);
    expect(keepsCommitment(ramp, { newText: 'Maintenance will have the ramp installed next week instead.', attachmentNames: [] })).toBe(false);
  });

  it('a promise of an update is kept by a report of two facts or more, not by one line of receipt', () => {
    const update = "I'll send you an update after his first month in the group, by October 30.";
    expect(keepsCommitment(update, { newText: 'One month in: Theo attended every session, his fluency went from 48 to 61 words a minute, and he is asking to read aloud more.', attachmentNames: [] })).toBe(true);
    expect(keepsCommitment(update, { newText: 'We got your note.', attachmentNames: [] })).toBe(false);
  });
});
