import { describe, expect, it } from 'vitest';
import { askObject } from '../../../src/core/language/ask-object.js';
import { kindOfObject, kindOfQuestion } from '../../../src/core/language/object-kind.js';
import { classifyKind } from '../../../src/core/requests/kinds.js';
import { detectRequests } from '../../../src/core/requests/detect.js';

// The ask's head and object read from the sentence's structure (issue 10, family 2). Every sentence here was
// written for this test, none is taken from a corpus.
const objectKind = (s: string) => kindOfObject(askObject(s))?.kind ?? null;
const questionKind = (s: string) => kindOfQuestion(askObject(s))?.kind ?? null;

describe('askObject finds the verb that carries the ask and its object phrase', () => {
  it.each([
    ['Could you please send me copies of his reading logs?', 'send', 'copies'],
    ['Please schedule a team meeting before the break.', 'schedule', 'team meeting'],
    ["I'd also appreciate it if you could forward her current 504 plan.", 'forward', 'current 504 plan'],
    ['We would like the school to evaluate him for dyslexia.', 'evaluate', 'dyslexia'],
    ['My wife and I are requesting an independent speech evaluation.', 'requesting', 'independent speech evaluation'],
    ['Before we sign, I would like occupational therapy added to the plan.', 'like', 'occupational therapy'],
  ])('%s', (sentence, verb, object) => {
    const ask = askObject(sentence)!;
    expect(ask.verb).toBe(verb);
    expect(ask.phrases[0]!.join(' ')).toBe(object);
  });

  it('reads a content clause after a verb of saying as the question it is', () => {
    const ask = askObject('Can you tell me when the speech therapist comes to her class?')!;
    expect(ask.frame).toBe('modal-you:content');
    expect(ask.opener).toBe('when');
    expect(ask.phrases.flat()).toContain('therapist');
  });

  it('reads someone asking for the parent as an ask', () => {
    expect(askObject('Liam needs a quieter place to take tests.')?.subject).toBeUndefined();
    for (const s of ['Her grandmother requests that the reports be mailed to both homes.', 'Mr. Okafor asks that the evaluation be done in Yoruba.', 'The Lees request that Maya be assessed in Korean.']) {
      expect(askObject(s)?.subject, s).toBe('third');
    }
  });
});

describe('the head of the object decides the kind, not the words near it', () => {
  it.each([
    ['Could you send me a copy of his progress reports from last year?', 'progress'],
    ['Please send me a copy of the district procedures for section 504.', 'information'],
    ['I would like copies of the notes from his speech sessions.', 'records'],
    ['We are requesting an independent occupational therapy evaluation.', 'iee'],
    ['I am asking for an outside neuropsychological assessment.', 'iee'],
    ['Please place this letter in her cumulative file.', 'information'],
    ['I ask that the meeting summary be corrected to show what I said.', 'information'],
    ['Could you please send the FBA data and the ABC charts?', 'records'],
    ['Could you email me a copy?', null],
  ])('%s → %s', (sentence, kind) => {
    expect(objectKind(sentence)).toBe(kind);
  });
});

describe('a question is of the kind whose delivery it asks about', () => {
  it.each([
    ['Which days does the reading interventionist come?', 'services'],
    ['Will there be bus transportation to the summer program?', 'services'],
    ['What accommodations will he get on the state test?', 'accommodations'],
    ['When will the next progress report come home?', 'progress'],
    ['Will the annual review be before or after winter break?', null],
    ['What paperwork do I fill out to start the IEE?', null],
    ['Where was his aide during recess?', null],
  ])('%s → %s', (sentence, kind) => {
    expect(questionKind(sentence)).toBe(kind);
  });
});

// Spec §3: accommodations are "an item of the IEP's accommodations, modifications or supplementary aids and services
// section"; a one-to-one aide is a supplementary aid, and an aide on the bus is transportation, a related service.
describe('an aide is a supplementary aid; a bus aide is transportation', () => {
  it.each([
    ['Will the new aide still walk with him between classes next week?', 'accommodations'],
    ['Can you confirm the para you hired will be with her at lunch?', 'accommodations'],
    ['Will there be a bus aide on the new route?', 'services'],
  ])('%s → %s', (sentence, kind) => {
    expect(questionKind(sentence)).toBe(kind);
  });
});

describe('the object decides only where the rules would guess', () => {
  it.each([
    ['Which days does the reading interventionist come?', 'services'],
    ['And will there be bus transportation from the shelter like during the school year?', 'services'],
  ])('%s → %s', (sentence, kind) => {
    expect(classifyKind(sentence, [], '').kind).toBe(kind);
  });

  it('leaves a kind the topic rules decided on their own', () => {
    // "copies of the safeguards" is information by the rules' rights-document rule; the object agrees or is ignored.
    expect(classifyKind('Please send me a copy of the procedural safeguards.', [], '').kind).toBe('information');
    expect(classifyKind('Please send me a copy of his last evaluation report.', [], '').kind).toBe('records');
  });

  it('finds an ask made for the parent by someone else', () => {
    const found = detectRequests('Hello,\n\nMs. Alvarez requests that the psychological evaluation be done by an examiner who has not worked with Sofia.\n\nThank you.', '');
    expect(found.map((r) => r.kind)).toEqual(['evaluation']);
  });
});

describe('the teacher who delivers a service, and information about a service, are services', () => {
  it.each([
    'I still need to know which days the resource teacher comes into her reading class.',
    'When will the homebound teacher start, and how many hours a week will it be?',
    'Can you tell me how often the itinerant teacher visits his classroom?',
  ])('%s', (sentence) => {
    expect(classifyKind(sentence, [], '').kind).toBe('services');
  });

  it.each([
    ['Please send me information about what services she will get during the suspension.', 'services'],
    ['I would like details about which accommodations he will have on the field trip.', 'accommodations'],
    ['Could you send me information about the district evaluation timeline?', null],
  ])('%s → %s', (sentence, kind) => {
    const found = kindOfObject(askObject(sentence));
    expect(found === null || found.kind === 'information' ? null : found.kind).toBe(kind);
  });
});

describe('wanting to know or find out something asks it', () => {
  it.each([
    'We also want to know how the speech minutes are counted on assembly days.',
    'I need to find out who is covering her OT sessions this month.',
    'I would like to learn what the plan is for the bus while the route changes.',
  ])('%s', (sentence) => {
    expect(detectRequests(sentence, '')).toHaveLength(1);
  });

  it('but wanting to understand what happened is a statement', () => {
    expect(detectRequests("I'm not asking for anything formal, I just want to understand what happened on the playground.", '')).toEqual([]);
  });
});

describe('a list item is the ask\'s object itself', () => {
  it('reads an item asking about a service\'s delivery as services, and an item about a process as information', () => {
    const letter = [
      'Dear Ms. Grant,',
      '',
      'I am requesting the following before the manifestation meeting:',
      '1. Copies of all discipline records from this school year.',
      '2. Information about which services she will receive while she is suspended.',
      '3. Information about how the district decides on an alternative placement.',
      '',
      'Sincerely,',
      'Rosa Diaz',
    ].join('\n');
    expect(detectRequests(letter, '').map((r) => r.kind)).toEqual(['records', 'services', 'information']);
  });
});

describe('an ask about how the evaluation or meeting asked for is to be done is an ask of its own', () => {
  it.each([
    'I am requesting a full evaluation for Noah. I also request that the evaluation be done by a psychologist who has not worked with him.',
    'Please evaluate Ava for a learning disability. I am asking that the evaluation include a look at her working memory.',
    'We are requesting an IEP meeting this month. We ask that the meeting be held after 3:30 so both of us can attend.',
  ])('%s', (text) => {
    const found = detectRequests(text, '');
    expect(found).toHaveLength(2);
    expect(new Set(found.map((r) => r.kind)).size).toBe(1);
  });

  it('but a second sentence asking for the same evaluation again is the same ask', () => {
    expect(detectRequests('I am requesting a speech evaluation for Leo. Please let this letter serve as my request for the evaluation.', '')).toHaveLength(1);
  });
});

describe('a clause of time or an embedded question is not a question without its question mark', () => {
  it.each([
    'When we met in October I asked whether she could have extra time and the team agreed',
    'how he is doing in reading worries me more than anything',
    'where she goes during indoor recess has never been clear to us',
  ])('%s', (text) => {
    expect(detectRequests(`${text}\n\nthanks`, '')).toEqual([]);
  });

  it.each([
    'when is the next team meeting',
    'when the bus comes can someone walk him out',
    'When he gets to school, who meets him at the door',
  ])('but an inverted one is: %s', (text) => {
    expect(detectRequests(text, '')).toHaveLength(1);
  });
});
