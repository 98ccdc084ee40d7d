import { describe, expect, it } from 'vitest';
import { sentenceAct } from '../../src/core/language/reply-acts.js';
import { clausesOf } from '../../src/core/language/reply-grammar.js';
import { readReply } from '../../src/core/replies.js';

// Every sentence here is invented for the test; none is taken from a corpus.
describe('the act of one school sentence, from tense, mood and who acts', () => {
  it.each([
    // Future or hedged acts of telling, checking, deciding or preparing are promises.
    ["I'll get the testing summary to you by the 14th.", 'promise'],
    ['Our team will draft an evaluation plan for your review.', 'promise'],
    ["I'm going to check with the counselor and suggest a few times.", 'promise'],
    ['The coordinator will get back to you with an answer.', 'promise'],
    ['The committee is reviewing your letter and the private report.', 'promise'],
    ['Let me ask the bus office and get back to you.', 'promise'],
    ['You will receive the written decision next week.', 'promise'],
    // A grant or refusal answers, whatever else the sentence says.
    ['Yes, he can take his spelling tests in the quiet room, and Mr. Obi will walk him there.', 'grant'],
    ['The district approves the request for a private speech evaluation.', 'grant'],
    ['We are not going to add a one-to-one aide at this time.', 'refusal'],
    ['Your request for compensatory services has been denied.', 'refusal'],
    ['The school will not provide door-to-door transportation.', 'refusal'],
    // Handed over now.
    ["I'm enclosing the signed consent form and the parent rights booklet.", 'provision'],
    ['Attached are her reading probes from the fall.', 'provision'],
    ['The testing report has been uploaded to the parent portal.', 'provision'],
    ['Reading log attached.', 'provision'],
    // A concrete time set or proposed.
    ['The 504 review is set for Thursday, October 8 at 2:45.', 'schedule'],
    ['Would Monday the 12th at 8:15 or Wednesday the 14th at 3:30 work for you?', 'schedule'],
    ['You are invited to a team meeting on Tuesday, May 5 at 9:00.', 'schedule'],
    // A definite future act that performs the ask, with when, where or how often.
    ['Starting Monday, she will see the reading specialist four days a week in the resource room.', 'arrangement'],
    ['Kai will be picked up at 7:40 at the corner of Elm and 3rd.', 'arrangement'],
    // The fix told as done.
    ["I've moved his seat next to the board and updated the substitute folder.", 'done'],
    // Passed on, received.
    ['I have forwarded your question to our transportation director.', 'forward'],
    // Not the writer's to decide: routed, not refused (guide C5); a refusal that is the writer's own stays one.
    ["I'm not able to excuse absences myself, so I have forwarded your note to the attendance office.", 'forward'],
    ["Transportation can't assign an aide on its own; that has to come from his IEP team.", 'forward'],
    ['We are not able to offer a one-to-one aide at this time.', 'refusal'],
    ["I asked the front office for the attendance printout you mentioned.", 'forward'],
    ['Thank you for your note about the field trip.', 'ack'],
    ['Your letter has been received.', 'ack'],
    // A plain statement answers a question.
    ['Her case manager this year is Ms. Alvarez.', 'inform'],
    ['It should not have been sent home with the other notices.', 'inform'],
    // An outcome promised through "make sure" / "ensure" is a promise, however concrete its complement.
    ['I will make sure the signed plan goes home in his folder by Thursday.', 'promise'],
    ["We'll make sure you receive the evaluation report by January 23.", 'promise'],
    ['Ms. Ochoa will ensure that the updated schedule reaches you by Friday.', 'promise'],
    // An act intended or attempted ("try to", "plan to", "would like to") is not done.
    ["I'll try to get the records copied for you by next Wednesday.", 'promise'],
    ['The team would like to meet with you before deciding.', 'promise'],
    ['I am trying to reach the evaluator this week.', 'promise'],
    ['We plan to send the consent form home on Monday.', 'promise'],
    // Saying what one would like to say is saying it.
    ["I'd like to clarify that his minutes were never reduced.", 'inform'],
    // A promise after an opening phrase is still a promise, not the school asking back.
    ['After the meeting, I will send you the notes by Friday.', 'promise'],
    ['Once a week, the counselor will email you a short check-in.', 'promise'],
    // Preparing is done to things; an act done to the child with when and how often performs the service.
    ['Ms. Carr will pull him for reading group every morning at 9 starting next week.', 'arrangement'],
    ['Mr. Huang will take her to the resource room for math every afternoon.', 'arrangement'],
    // The school asking back, and courtesy, do neither.
    ['Could you send me the doctor’s note?', 'question'],
    ['Please sign the consent form and send it back with her.', 'question'],
    ['Best regards,', 'courtesy'],
  ] as const)('"%s" → %s', (sentence, act) => {
    expect(sentenceAct(sentence).act).toBe(act);
  });

  it('names the rule that decided, never the message text', () => {
    const a = sentenceAct('We will prepare the assessment plan next week.');
    expect(a.rule).toBe('promise:future-prepare');
    expect(a.sentence).toBe('We will prepare the assessment plan next week.');
  });

  it('reads each clause with its own subject, verb form and condition', () => {
    const clauses = clausesOf('If the team agrees, we would add a break card, and Ms. Tran will show him how to use it.');
    expect(clauses.map((c) => [c.form, c.conditional, c.actor])).toEqual([
      ['present', true, 'third'],
      ['hedged', false, 'speaker'],
      ['future', false, 'third'],
    ]);
    const passive = clausesOf('The notes will be sent home on Friday.')[0]!;
    expect(passive).toMatchObject({ form: 'future', passive: true });
    expect(clausesOf("We won't be offering summer services.")[0]).toMatchObject({ negative: true, form: 'future' });
  });

  it('reads the complement of "plan to", "try to", "start …-ing" as the act, and keeps the intention', () => {
    expect(clausesOf('We plan to send the report Friday.')[0]).toMatchObject({ verb: 'send', form: 'future', intended: true });
    expect(clausesOf('She will start emailing you the logs.')[0]).toMatchObject({ verb: 'emailing', form: 'future', intended: false });
    expect(clausesOf('I will be able to share the scores.')[0]).toMatchObject({ verb: 'share', form: 'future' });
    // "like to" intends only after "would": "we like to start the day with…" is a habit.
    expect(clausesOf('We like to start the day with a check-in.')[0]!.intended).toBe(false);
  });

  it('an opener without a verb is a phrase of its clause, not a condition', () => {
    expect(clausesOf('I will email you an update after the first two weeks, by Friday.')).toHaveLength(1);
    const [phrase, main] = clausesOf('After the meeting, I will send you the notes.');
    expect(phrase).toMatchObject({ form: 'none', conditional: false });
    expect(main).toMatchObject({ actor: 'speaker', form: 'future', conditional: false });
    // An opener with a verb still holds the clause on another event.
    expect(clausesOf('Once the team meets, I will send you the notes.')[0]).toMatchObject({ conditional: true });
  });

  it('a participle or gerund between a modifier and its noun is no verb', () => {
    expect(clausesOf('His standardized testing results will be mailed to you.')[0]).toMatchObject({ verb: 'mailed', form: 'future', passive: true });
    expect(clausesOf('The updated reading scores are posted in the portal.')[0]).toMatchObject({ verb: 'posted' });
    // "right" before a time word is an adverb, whatever the tagger says.
    expect(clausesOf('Right now the aide mostly keeps him seated.')[0]).toMatchObject({ verb: 'keeps', actor: 'third', form: 'present' });
  });

  it('finds the bare verbs coordinated with the main one', () => {
    expect(clausesOf("I'll look at my schedule and then send you a plan.")[0]!.also).toEqual(['send']);
  });
});

describe('a reply toward one request', () => {
  it('a promise among pleasantries leaves the request acknowledged, not answered', () => {
    const r = readReply("Hi Mr. Osei,\n\nThanks for writing. I'll talk with the team on Thursday and send you a proposed plan.\n\nWarmly,\nMs. Fenn", 'services');
    expect(r.act).toBe('acknowledged');
    expect(r.reason).toMatchObject({ act: 'promise' });
  });

  it('an answer beside a promise answers, and says it is unsure', () => {
    const r = readReply('Starting next Monday she will go to speech twice a week during 2nd period. I will also send you her updated goals.', 'services');
    expect(r.act).toBe('answered');
    expect(r.doubt).toMatch(/promise/);
  });

  it('a refusal is an answer', () => {
    expect(readReply('After reviewing the data, we do not believe a new evaluation is needed.', 'evaluation').act).toBe('declined');
  });

  it('a schedule and a forward in one sentence each count for their own request', () => {
    const reply = 'We can hold the IEP meeting on Friday, April 3 at 10:00 a.m.; as for the records, I have passed your request to the registrar.';
    expect(readReply(reply, 'meeting', ['meeting', 'records']).act).toBe('scheduled');
    expect(readReply(reply, 'records', ['meeting', 'records']).act).toBe('acknowledged');
  });

  it('a reply that only acknowledges acknowledges every ask of the letter', () => {
    const reply = 'Good morning,\n\nI have your email and I am collecting what you asked for from the team. I will be in touch by the end of the week.';
    expect(readReply(reply, 'progress', ['records', 'progress']).act).toBe('acknowledged');
    expect(readReply(reply, 'records', ['records', 'progress']).act).toBe('acknowledged');
  });

  it('a sentence that names no topic speaks to the ask whose own words it shares', () => {
    const reply = 'The lottery for the science magnet closes on March 1 and results go out in April.';
    const r = readReply(reply, 'information', ['information', 'meeting'], { requestText: 'When does the science magnet lottery close?' });
    expect(r.act).toBe('answered');
  });

  it('a statement that answers the question itself decides over a promise about something else', () => {
    const q = 'Is the new aide helping him with math during class, or mostly keeping him seated?';
    const r = readReply('Right now the aide mostly keeps him seated and helps with math warm-ups. I would like to talk about changing her role at the review next month.', 'information', [], { requestText: q });
    expect(r.act).toBe('answered');
    expect(r.reason).toMatchObject({ act: 'inform' });
    expect(r.doubt).toMatch(/promise/);
    const q2 = 'Does the bus still stop at the corner of Pine and 5th?';
    expect(readReply('The corner stop on Pine was moved to the school lot in October. I will ask transportation about a closer stop.', 'information', [], { requestText: q2 }).act).toBe('answered');
    // A promise that names the question's words as much as any statement does leaves it acknowledged.
    const q3 = 'Will the speech report be finished before the meeting?';
    expect(readReply('We are still waiting on part of the speech report. I will send the speech report as soon as it is finished.', 'information', [], { requestText: q3 }).act).toBe('acknowledged');
    // An ask to hand something over is not answered by a statement about it.
    const q4 = 'Can you send me the speech report before the meeting?';
    expect(readReply('The speech report is nearly finished. I will send it next week.', 'records', [], { requestText: q4 }).act).toBe('acknowledged');
  });

  it('names who for a who-question even in the future tense', () => {
    const r = readReply('Mrs. Quinn, our school psychologist, will do the cognitive testing.', 'information', [], { requestText: 'Who will do the cognitive testing?' });
    expect(r.act).toBe('answered');
  });

  it('names who for a who-question asked as "can you tell me who…", beside a promise in the same sentence', () => {
    const reply = 'At the moment Nurse Alvarez and Mr. Tran in the office are trained on the EpiPen, and Nurse Alvarez will also train his homeroom teacher.';
    expect(readReply(reply, 'information', [], { requestText: 'Can you tell me who at Lakeview has been trained on his EpiPen?' }).act).toBe('answered');
    expect(readReply('I will find out and get back to you by Friday.', 'information', [], { requestText: 'Can you tell me who at Lakeview has been trained on his EpiPen?' }).act).toBe('acknowledged');
  });

  it('a service or an accommodation asked for, set to start on a date, is answered (guide C3)', () => {
    const ask = 'Please make sure she gets her shortened spelling lists as her plan says.';
    expect(readReply('Mr. Lind will start sending the shortened lists home beginning Monday, March 9.', 'accommodations', [], { requestText: ask }).act).toBe('scheduled');
    expect(readReply('Mr. Lind will look into the spelling lists this week.', 'accommodations', [], { requestText: ask }).act).toBe('acknowledged');
    expect(readReply('I will send the shortened lists home starting Monday, March 9.', 'accommodations', [], { requestText: ask }).act).toBe('scheduled');
  });

  it('a weekday and its date stay in one clause: "I will call you by Tuesday, March 3 to set a date" promises', () => {
    expect(clausesOf('I will call you by Tuesday, March 3 to set a date for the meeting.')).toHaveLength(1);
    expect(sentenceAct('I will call you by Tuesday, March 3 to set a date for the meeting.').act).toBe('promise');
  });

  it('a prior written notice ask is answered by the notice, not by a statement about the decision', () => {
    const reply = 'We have decided not to change his placement. He is doing well in the co-taught class.';
    expect(readReply(reply, 'pwn', ['pwn', 'meeting'], { requestText: 'Please send me prior written notice of the placement decision.' }).act).toBe('none');
    expect(readReply('The prior written notice is attached.', 'pwn').act).toBe('provided');
  });
});
