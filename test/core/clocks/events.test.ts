import { describe, expect, it } from 'vitest';
import { detectClockEvents, meetingDateIn } from '../../../src/core/clocks/index.js';

const LA = 'America/Los_Angeles';
const at = '2026-02-03T08:15:00-08:00';
const parent = (newText: string, attachments: string[] = []) =>
  detectClockEvents({ messageId: '<p@x>', side: 'parent', sentAt: at, newText, attachments: attachments.map((filename) => ({ filename, contentType: 'application/pdf', size: 1 })) }, LA);
const school = (newText: string, attachments: string[] = []) =>
  detectClockEvents({ messageId: '<s@x>', side: 'school', sentAt: at, newText, attachments: attachments.map((filename) => ({ filename, contentType: 'application/pdf', size: 1 })) }, LA);
const types = (events: ReturnType<typeof parent>) => events.map((e) => (e.estimated ? `${e.type}~` : e.type));

describe('consent events', () => {
  it('reads a signed consent attached to the message as a firm start', () => {
    expect(types(parent("Hi Ms. Lee,\n\nI've signed the consent and attached it.\n\nMaria", ['scan.pdf']))).toEqual(['consent']);
    expect(types(parent('Here is the signed permission to evaluate for Leo.', ['PTE.pdf']))).toEqual(['consent']);
  });

  it('takes a reply carrying the signed form, whatever its text', () => {
    expect(types(parent('Thanks!', ['Signed_Consent_Leo.pdf']))).toEqual(['consent']);
  });

  it('marks consent sent back by another channel as estimated', () => {
    expect(types(parent("The signed permission to evaluate is in Leo's backpack."))).toEqual(['consent~']);
    expect(types(parent('I dropped off the signed consent form at the front office this morning.'))).toEqual(['consent~']);
    // "attached" with nothing attached: the date cannot be confirmed from the mail.
    expect(types(parent('I signed the consent form and attached it.'))).toEqual(['consent~']);
  });

  it('ignores consent still to come, asked for, or not given', () => {
    expect(parent("I'll sign the consent form tomorrow.")).toEqual([]);
    expect(parent('Could you send me the consent form to sign?')).toEqual([]);
    expect(parent('I have not signed the consent yet because I have questions.')).toEqual([]);
    expect(parent('Do I need to return the consent form by Friday?')).toEqual([]);
  });

  it("reads the school's confirmation of receipt", () => {
    expect(types(school('Thank you for returning the signed consent; we received it today.'))).toEqual(['consent']);
    expect(school('We have not received the signed consent form.')).toEqual([]);
    expect(school('Please sign and return the consent form.')).toEqual([]);
  });
});

describe('eligibility, report and meeting events', () => {
  it('reads an eligibility decision, positive or negative', () => {
    expect(types(school('The team determined he is eligible under specific learning disability.'))).toEqual(['eligible']);
    expect(types(school('Based on the evaluation, Leo qualifies for special education services.'))).toEqual(['eligible']);
    expect(types(school('The team found that he does not qualify for special education at this time.'))).toEqual(['not_eligible']);
    expect(types(school('Leo is not eligible for an IEP; we recommend a 504 plan.'))).toEqual(['not_eligible']);
  });

  it('ignores a decision still to be made', () => {
    expect(school('The team will determine whether he is eligible at the meeting.')).toEqual([]);
    expect(school('Eligibility will be determined once testing is complete.')).toEqual([]);
  });

  it('reads the evaluation report being provided, not other reports', () => {
    expect(types(school('Attached is the psychoeducational evaluation report for Leo.', ['report.pdf']))).toEqual(['report']);
    expect(types(school('Please find the assessment report attached.'))).toEqual(['report']);
    expect(school("Attached is Leo's progress report for the second quarter.")).toEqual([]);
    expect(school("I'll send the evaluation report next week.")).toEqual([]);
  });

  it('reads a scheduled IEP meeting with its date relative to the message', () => {
    const e = school('The IEP meeting is scheduled for Thursday, March 5 at 3:30 pm in room 12.');
    expect(e.map((x) => [x.type, x.meetingDate])).toEqual([['meeting_scheduled', '2026-03-05']]);
    expect(school('Could we schedule the IEP meeting for March 5?')).toEqual([]);
    expect(school('We need to schedule the IEP meeting.')).toEqual([]); // no date
  });

  it('parses the meeting date in the district zone', () => {
    // Sent on a Friday evening in Los Angeles; "next Tuesday" is March 10 there.
    expect(meetingDateIn('The meeting is set for next Tuesday at 4pm.', '2026-03-06T19:30:00-08:00', LA)).toBe('2026-03-10');
  });
});
