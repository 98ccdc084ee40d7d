import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractProvisions, toIsoDate } from '../../../src/core/provisions/extract.js';
import { CALIFORNIA, PLAN_504, TEXAS } from './expected.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/iep/${name}`, import.meta.url), 'utf8');

/** Texas fixture pages end at their "Page N of M" footers. */
function texasPages(): string[] {
  return fixture('texas-ard-iep.txt')
    .split(/(?<=Page \d of 4)\n/)
    .filter((p) => p.trim());
}

describe('extractProvisions — fixtures', () => {
  it('California IEP: key dates, goals (one crossing a page break), accommodations, Offer of FAPE table', () => {
    const got = extractProvisions(fixture('california-iep.txt').split('\f'));
    expect(got).toEqual(CALIFORNIA);
    expect(got.map((p) => p.type).join(',')).toBe(
      'key_date,key_date,key_date,key_date,key_date,goal,goal,goal,goal,' +
        'accommodation,accommodation,accommodation,accommodation,accommodation,accommodation,accommodation,accommodation,' +
        'service,service,service',
    );
    const speech = got.find((p) => p.text.startsWith('415'))!;
    expect(speech).toEqual({
      id: 'p19',
      type: 'service',
      text: '415 Language and Speech, 10/14/2025, 10/13/2026, 2 x Weekly, 30 min, Speech Room, Speech-Language Pathologist, Group',
      section: 'OFFER OF FAPE – SERVICES',
      page: 4,
      details: {
        service: '415 Language and Speech',
        minutes: 30,
        frequency: '2 x Weekly',
        group: 'group',
        location: 'Speech Room',
        provider: 'Speech-Language Pathologist',
        start: '2025-10-14',
        end: '2026-10-13',
      },
    });
    // The goal split across pages 2 and 3 is joined and cited at the page where it starts.
    expect(got.find((p) => p.details?.['area'] === 'Articulation')).toMatchObject({
      page: 2,
      text: 'By 10/13/2026, Maya will produce /r/ and /r/-blends correctly in all word positions in structured conversation with 80% accuracy across 3 consecutive sessions, as measured by SLP data collection.',
    });
    // "None at this time." under Modifications is not a provision; running headers and page numbers are dropped.
    expect(got.some((p) => /None at this time|Confidential|Page \d/.test(p.text))).toBe(false);
  });

  it('Texas ARD/IEP: duration range, checkbox accommodations (unchecked skipped), cell-per-line schedule of services', () => {
    const got = extractProvisions(texasPages());
    expect(got).toEqual(TEXAS);
    expect(got.filter((p) => p.type === 'accommodation').map((p) => p.text)).not.toContain('Calculator');
    expect(got.filter((p) => p.type === 'accommodation').map((p) => p.text)).not.toContain('Extra day');
    expect(got.find((p) => p.text.startsWith('Speech Therapy'))).toMatchObject({
      section: 'SCHEDULE OF SERVICES',
      page: 3,
      details: { minutes: 30, frequency: '4 times per 6-week grading period', location: 'Speech Room' },
    });
    // "Date of Most Recent FIE" is not a key date; "Reevaluation Due Date" is.
    expect(got.filter((p) => p.type === 'key_date').map((p) => p.details?.['name'])).toEqual([
      'meeting_date',
      'start_date',
      'end_date',
      'annual_review',
      'reevaluation',
    ]);
  });

  it('Section 504 plan: written-out dates, tab-separated accommodations table, numbered testing accommodations', () => {
    const got = extractProvisions(fixture('section-504-plan.txt').split('\f'));
    expect(got).toEqual(PLAN_504);
    expect(got.some((p) => p.type === 'service' || p.type === 'goal')).toBe(false);
  });

  it('is deterministic', () => {
    const pages = fixture('california-iep.txt').split('\f');
    expect(extractProvisions(pages)).toEqual(extractProvisions(pages));
  });

  it('paginated: false leaves every page null', () => {
    const got = extractProvisions(fixture('section-504-plan.txt').split('\f'), { paginated: false });
    expect(got.every((p) => p.page === null)).toBe(true);
    expect(got.map((p) => p.text)).toEqual(PLAN_504.map((p) => p.text));
  });
});

describe('extractProvisions — service line shapes', () => {
  it('prose service lines with wording from real IEPs', () => {
    const got = extractProvisions([
      [
        'Special Education and Related Services',
        'Speech-Language Therapy: 60 minutes per week, individual, provided by a licensed speech-language pathologist in the speech room, 08/21/2025 to 08/20/2026.',
        'Specialized Academic Instruction - Reading: 240 minutes per week, delivered in a small-group setting of no more than 4',
        'students by a credentialed special education teacher, in the Special Education Classroom, from 09/08/2025 to 09/07/2026.',
        'Speech-Language Therapy: 2 sessions per week, 30 minutes per session, individual, pull-out.',
        'Total minutes per week: 360',
      ].join('\n'),
    ]);
    expect(got).toHaveLength(3);
    expect(got[0]).toEqual({
      id: 'p1',
      type: 'service',
      text: 'Speech-Language Therapy: 60 minutes per week, individual, provided by a licensed speech-language pathologist in the speech room, 08/21/2025 to 08/20/2026.',
      section: 'Special Education and Related Services',
      page: 1,
      details: {
        service: 'Speech-Language Therapy',
        minutes: 60,
        frequency: 'per week',
        group: 'individual',
        location: 'speech room',
        provider: 'licensed speech-language pathologist',
        start: '2025-08-21',
        end: '2026-08-20',
      },
    });
    expect(got[1]!.text).toBe(
      'Specialized Academic Instruction - Reading: 240 minutes per week, delivered in a small-group setting of no more than 4 students by a credentialed special education teacher, in the Special Education Classroom, from 09/08/2025 to 09/07/2026.',
    );
    expect(got[1]!.details).toMatchObject({ minutes: 240, group: 'group', start: '2025-09-08', end: '2026-09-07' });
    expect(got[2]!.details).toMatchObject({ minutes: 30, frequency: '2 sessions per week', group: 'individual' });
  });

  it('a table flattened with single spaces (PDF text) is split into cells by what each column holds', () => {
    const got = extractProvisions([
      [
        'Related Services',
        'Service Frequency Duration Location Provider',
        'Counseling 1 x Weekly 30 min Counselor Office School Counselor',
        'Occupational Therapy 2 times per month 45 minutes Resource Room Occupational Therapist',
      ].join('\n'),
    ]);
    expect(got.map((p) => p.text)).toEqual([
      'Counseling, 1 x Weekly, 30 min, Counselor Office, School Counselor',
      'Occupational Therapy, 2 times per month, 45 minutes, Resource Room, Occupational Therapist',
    ]);
    expect(got[1]!.details).toMatchObject({ service: 'Occupational Therapy', minutes: 45, provider: 'Occupational Therapist' });
  });

  it('a table with tab-separated cells', () => {
    const got = extractProvisions(['Services\nService\tFrequency\tAmount\tSetting\nReading intervention\tDaily\t30 minutes\tSpecial Education\n']);
    expect(got[0]).toMatchObject({
      text: 'Reading intervention, Daily, 30 minutes, Special Education',
      details: { service: 'Reading intervention', frequency: 'Daily', minutes: 30, location: 'Special Education' },
    });
  });

  it('a rejected option in the LRE section and prose elsewhere are not services', () => {
    const got = extractProvisions(['LEAST RESTRICTIVE ENVIRONMENT\nThe team considered 300 minutes per week in a special day class and rejected it.\n']);
    expect(got).toEqual([]);
  });
});

describe('toIsoDate', () => {
  it.each([
    ['10/14/2025', '2025-10-14'],
    ['3/2/27', '2027-03-02'],
    ['September 18, 2025', '2025-09-18'],
    ['Sept. 8, 2025', '2025-09-08'],
    ['2025-10-14', '2025-10-14'],
    ['13/40/2025', null],
  ])('%s → %s', (input, want) => {
    expect(toIsoDate(input)).toBe(want);
  });
});
