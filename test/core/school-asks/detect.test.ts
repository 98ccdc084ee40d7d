import { describe, expect, it } from 'vitest';
import { findSchoolAsks } from '../../../src/core/school-asks/detect.js';

// Wednesday 2026-03-04, 15:10 in California.
const SENT = '2026-03-04T15:10:00-08:00';

describe("the school's asks of the parent", () => {
  it('finds the asks, with their kind and the date they are due', () => {
    const text = [
      'Hi Ms. Morales,',
      '',
      'Thank you for meeting with us. Please sign and return the consent for assessment by Friday.',
      'The permission slip for the field trip is due March 13.',
      'Could you send us a copy of his doctor’s note?',
      'Also, please let us know which times work for the IEP meeting next week.',
      '',
      'Please let me know if you have any questions.',
      'Have a great weekend,',
      'Ms. Ortega',
    ].join('\n');
    const asks = findSchoolAsks(text, SENT);
    expect(asks.map((a) => [a.kind, a.dueDate, a.ordinal])).toEqual([
      ['sign', '2026-03-06', 0],
      ['return', '2026-03-13', 1],
      ['send', null, 2],
      ['reply', '2026-03-11', 3],
    ]);
    expect(asks[0]!.text).toBe('Please sign and return the consent for assessment by Friday.');
    expect(asks[2]!.text).toBe("Could you send us a copy of his doctor's note?");
  });

  it('leaves out courtesies, statements and what the school itself will do', () => {
    const text = [
      'I will send the schedule by Friday.',
      'Please note that school is closed on Monday.',
      'Feel free to reach out with any questions.',
      "Please don't hesitate to call me.",
      'We reviewed the consent form in the meeting.',
      'If you have any concerns, please email me.',
      'The team met on Tuesday.',
    ].join(' ');
    expect(findSchoolAsks(text, SENT)).toEqual([]);
  });

  it('an ask later in the sentence and bulleted asks count; ordinals follow the text', () => {
    const text = 'Attached is the updated plan, please sign page 3 and send it back by Monday.\n\n- Complete the parent questionnaire\n- Return the release form';
    const asks = findSchoolAsks(text, SENT);
    expect(asks.map((a) => [a.kind, a.dueDate])).toEqual([
      ['sign', '2026-03-09'],
      ['complete', null],
      ['return', null],
    ]);
  });
});
