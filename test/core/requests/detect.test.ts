import { describe, expect, it } from 'vitest';
import { detectRequests } from '../../../src/core/requests/detect.js';

const kindsOf = (text: string, subject = '') => detectRequests(text, subject).map((r) => r.kind);

// Phrasings as parents write them (research notes §4 and public letter templates, reworded), one per row.
const REQUESTS: Array<[string, string]> = [
  ["I'm writing to request an IEP team meeting to discuss Jordan's reading; please send me some dates.", 'meeting'],
  ['Can we get together sometime next week to talk about how the IEP is being implemented?', 'meeting'],
  ['I would like to schedule a 504 meeting as soon as possible.', 'meeting'],
  ['I am requesting in writing a full reevaluation of Mia in all areas of suspected disability.', 'evaluation'],
  ['Please consider this email my request for, and consent to, a functional behavior assessment.', 'evaluation'],
  ['I would like Sam to be evaluated for dyslexia.', 'evaluation'],
  ['I disagree with the district’s evaluation and request an independent educational evaluation at public expense.', 'iee'],
  ['Please provide copies of all of his education records, including service logs and emails about him.', 'records'],
  ['I was wondering if it might be possible to get a copy of her most recent IEP before the meeting?', 'records'],
  ['Could you send me the data used to measure progress on her reading goals?', 'progress'],
  ['The progress report says "progressing" on Goal 2; please send the data points behind it.', 'progress'],
  ['At the meeting my request for a 1:1 aide was denied; please provide prior written notice of that decision.', 'pwn'],
  ['Could you put the reason for the refusal in writing?', 'pwn'],
  ['His IEP says speech 2x30 min weekly and he has had one session since Jan 5. When will the missed sessions be made up?', 'services'],
  ['She tells me OT is now in a group instead of individual; please tell me when individual sessions will resume.', 'services'],
  ['His IEP provides extended time on tests and he did not receive it on Friday. Please confirm it will be provided.', 'accommodations'],
  ['Can you make sure he has his noise-cancelling headphones during assemblies?', 'accommodations'],
  ['Can you tell me who his case manager is this year?', 'information'],
  // When a service is delivered is a question about the service (issue 10: "Which days does the reading
  // interventionist come?" is services); transportation is a related service.
  ['What time does the bus drop off on early release days?', 'services'],
  ["I'm requesting that Liam be assessed for ADHD.", 'evaluation'],
  ['Thank you for sending the report. Could you also send the data sheets?', 'progress'],
  ['Could we set up a time to meet before winter break?', 'meeting'],
];

const NOT_REQUESTS = [
  'Thank you so much for all you do for Liam.',
  'Let me know if you have any questions.',
  'Please let me know if you need anything else from me.',
  'How is this acceptable?',
  'How many times do I have to ask for the same thing?',
  'I hope you had a restful break.',
  'Just wanted to let you know that Ava will be absent on Friday.',
  'FYI, we moved and our new address is below.',
  'I wrote on February 3 to request an evaluation.',
  'Please see the attached doctor’s note.',
  'Looking forward to hearing from you.',
  'Feel free to call me anytime.',
];

describe('request detection', () => {
  it.each(REQUESTS)('finds the request in "%s"', (text, kind) => {
    expect(kindsOf(text)).toEqual([kind]);
  });

  it.each(NOT_REQUESTS)('finds no request in "%s"', (text) => {
    expect(kindsOf(text)).toEqual([]);
  });

  it('finds two requests of different kinds in one message, once each', () => {
    const text = `Hi Ms. Lee,

I am requesting an IEP meeting to discuss his reading. Could you send me some dates that work?

I would also like a copy of his last evaluation report. Please also send the evaluation report in advance.

Thanks,
Jane`;
    expect(kindsOf(text)).toEqual(['meeting', 'records']);
  });

  it('keeps the evidence sentence exactly as written', () => {
    const [r] = detectRequests('Hello,\n\nWe moved last month.  Please send me   a copy of his IEP.\n', '');
    expect(r?.evidence).toBe('Please send me a copy of his IEP.');
    expect(r?.signal).toMatch(/^imperative\//);
  });

  it('finds a request buried in the third paragraph of a long, emotional email', () => {
    const text = `Dear Mr. Alvarez,

I have been going back and forth about writing this. Last week was really hard for Noah and for our whole family, and I know everyone is busy.

He came home crying twice and said he doesn't understand the math homework. I sit with him every night and we both end up frustrated.

I was wondering if it might be possible to get a copy of the notes from his last IEP meeting, because I honestly don't remember what we agreed.

Thank you for listening.`;
    expect(kindsOf(text)).toEqual(['records']);
  });
});

describe('request detection, other ways parents write', () => {
  it('reads a numbered list under "I am requesting the following:"', () => {
    const text = `Dear Mrs. Grant,

I am requesting the following:
1. A copy of his current IEP and the behavior plan
2. The data behind his progress report for the reading goals
3. An IEP meeting before spring break

Thank you.`;
    expect(kindsOf(text)).toEqual(['records', 'progress', 'meeting']);
  });

  it('reads phone-style writing without capitals or question marks', () => {
    expect(kindsOf('hi ms k can u send me the iep from last yr')).toEqual(['records']);
    expect(kindsOf('pls let me know when his speech sessions start again')).toEqual(['services']);
  });

  it('treats asking when a planned meeting is as a question, not a meeting request', () => {
    expect(kindsOf('I need to know when the IEP meeting is so I can get off work.')).toEqual(['information']);
  });
});

// The families of error seen on mail written by others (issue 10), each as a general shape.
describe('request detection: lists, objects, statements and notices', () => {
  it('each item of a list under an ask is one request, of the kind the lead-in names', () => {
    const text = 'Please provide prior written notice of each:\n\n1. the refusal to offer extended school year services;\n2. the reduction of his counseling minutes;\n3. the change of his placement for math.';
    expect(kindsOf(text)).toEqual(['pwn', 'pwn', 'pwn']);
  });
  it('with a bare lead-in, each item takes the kind of its own head', () => {
    const text = 'I am requesting:\n1. A comprehensive FBA conducted by a qualified evaluator.\n2. That my input be included in the FBA.\n3. Once the FBA is complete, an IEP team meeting to write a behavior plan.';
    expect(kindsOf(text)).toEqual(['evaluation', 'evaluation', 'meeting']);
  });
  it('a list of fragments of one sentence is one request when its items are areas of one ask', () => {
    const text = 'I am requesting that she be evaluated in these areas:\n1. reading fluency and comprehension;\n2. attention and processing; and\n3. fine motor skills.';
    expect(kindsOf(text)).toEqual(['evaluation']);
  });
  it('fragments that each name a thing asked for are a request each (guide A4)', () => {
    const copies = 'I am requesting copies of the following:\n1. all incident reports from this year;\n2. the behavior data sheets; and\n3. any emails between staff about her plan.';
    expect(kindsOf(copies)).toEqual(['records', 'records', 'records']);
    const areas = 'I am writing to request that Ruby be evaluated in the following areas:\n\n1. a speech and language evaluation\n2. an occupational therapy evaluation\n3. a physical therapy evaluation';
    expect(kindsOf(areas)).toEqual(['evaluation', 'evaluation', 'evaluation']);
  });
  it('the object of the ask decides the kind', () => {
    expect(kindsOf('Could you also send me the reading assessment data the team used to make that decision?')).toEqual(['records']);
    // Spec §3: progress is the data behind goal progress; intervention data without a goal is another record.
    expect(kindsOf('Please send me the intervention data the committee looked at on October 1.')).toEqual(['records']);
    expect(kindsOf('Please send me the data sheets for her Tier 2 group.')).toEqual(['records']);
    expect(kindsOf('Please send me the intervention data for his reading fluency goal.')).toEqual(['progress']);
  });
  it('what is sent of an evaluation, pointed at, is a record: its report or its data', () => {
    expect(detectRequests('Thank you for the report. I had also asked for the rating scales it is based on. Please send those as well.', 'Mia reevaluation').map((d) => d.kind)).toEqual(['records']);
    expect(detectRequests('Thank you for the report. Please email it to me as well, the paper copy got wet.', 'Mia reevaluation').map((d) => d.kind)).toEqual(['records']);
  });
  it('a question about when it starts takes its kind from the sentence before', () => {
    expect(kindsOf('The committee added a shared paraprofessional for Mateo in his classes. Do you know when she will start?')).toEqual(['accommodations']);
    expect(kindsOf('His IEP says OT twice a week and he has had none. When is he going to start?')).toEqual(['services']);
  });
  it('a question about when a pending evaluation is done asks for information (guide B6)', () => {
    expect(kindsOf('I am asking again: when will the FBA be completed?')).toEqual(['information']);
    expect(kindsOf('I sent the consent back Monday. Could you tell me whether the evaluation has started?')).toEqual(['information']);
    expect(kindsOf('The FBA was supposed to start in March. When will it be finished?')).toEqual(['information']);
  });
  it('who is to come to a meeting asked for is information about it (guide B5)', () => {
    expect(kindsOf('I would like to request a meeting to discuss her para. Please include the classroom teacher, the OT and the speech therapist.')).toEqual(['meeting', 'information']);
  });
  it('a nudge is the renewed request only when the message asks nothing again in its own words (guide A3)', () => {
    expect(kindsOf("I'm following up on my email below about the independent evaluation for Ava.")).toEqual(['iee']);
    expect(kindsOf("I'm following up on my email below from January 13. Please send the OT logs.")).toEqual(['records']);
  });
  it('an update on class work is information, not progress (guide B4)', () => {
    expect(kindsOf('Would you be able to send me a short update every week on what he is working on in reading?')).toEqual(['information']);
    expect(kindsOf('Please confirm when the manifestation determination review will be held.')).toEqual(['meeting']);
    expect(kindsOf('I am asking that Colton be considered for a 504 plan.')).toEqual(['evaluation']);
    expect(kindsOf("I’d like an independent OT evaluation at public expense.")).toEqual(['iee']);
    expect(kindsOf('Could we move the meeting to a day when his teacher can be there?')).toEqual(['meeting']);
    expect(kindsOf('when does the bus start??')).toEqual(['services']);
  });
  it('questions about what the rules permit or require are information', () => {
    expect(kindsOf('And am I allowed to observe any of the testing?')).toEqual(['information']);
    expect(kindsOf('Does his IEP team have to meet first?')).toEqual(['information']);
    expect(kindsOf('Also, can his dad join by Zoom?')).toEqual(['information']);
  });
  it('statements, notices, correction offers and reproaches are not requests', () => {
    expect(kindsOf('I want you to know how grateful we are for everything.')).toEqual([]);
    expect(kindsOf('Please accept this letter as formal notice that we will place him privately.')).toEqual([]);
    expect(kindsOf('If I misunderstood anything, please let me know.')).toEqual([]);
    expect(kindsOf('How hard is it to call before picking a date?')).toEqual([]);
    expect(kindsOf('Who decided this, and when was anyone going to tell us?')).toEqual([]);
  });
  it('asks in the formal register and in passing are found', () => {
    expect(kindsOf('I am very worried and we need to schedule a meeting to talk about this as soon as possible.')).toEqual(['meeting']);
    expect(kindsOf('Please confirm that you have received this letter.')).toEqual(['information']);
    expect(kindsOf('I need that in writing please send me prior written notice of the denial and the reasons')).toEqual(['pwn']);
  });
});
