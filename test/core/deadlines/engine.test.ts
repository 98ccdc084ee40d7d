/**
 * Worked examples for the deadline engine. Every expected date is derived by hand in the comment above it
 * (day 0 = local date the message was sent; "(n)" marks the nth counted day).
 */
import { describe, expect, it } from 'vitest';
import type { SchoolCalendar } from '../../../src/core/types.js';
import { DeadlineInputError, parseCalendarIcs, parseCalendarJson } from '../../../src/core/deadlines/index.js';
import {
  addCounted,
  computeDue,
  defaultTimezone,
  excludedBreakDays,
  isOverdue,
  knownState,
} from '../../../src/core/deadlines/index.js';

const LA = 'America/Los_Angeles';
const CHI = 'America/Chicago';
const NYC = 'America/New_York';

/** A California district year: Thanksgiving week (5 weekdays) and spring break (5 weekdays) stay counted;
 * winter break Mon 12-22 .. Fri 01-02 (10 weekdays) is excluded for the CA rules. */
const CA_CAL: SchoolCalendar = parseCalendarJson({
  firstDay: '2025-08-13',
  lastDay: '2026-06-11',
  closed: [
    '2025-09-01',
    '2025-11-11',
    { from: '2025-11-24', to: '2025-11-28' },
    { from: '2025-12-22', to: '2026-01-02' },
    '2026-01-19',
    '2026-02-16',
    { from: '2026-03-30', to: '2026-04-03' },
  ],
});

/** A Texas district year (school-day rules). */
const TX_CAL: SchoolCalendar = parseCalendarJson({
  firstDay: '2025-08-13',
  lastDay: '2026-05-21',
  closed: [
    '2025-09-01',
    '2025-10-13',
    { from: '2025-11-24', to: '2025-11-28' },
    { from: '2025-12-22', to: '2026-01-02' },
    '2026-01-19',
    '2026-02-16',
    { from: '2026-03-16', to: '2026-03-20' },
  ],
});

describe('California: 30 days, breaks of more than five school days excluded (EC 56343.5)', () => {
  it('excludes a winter break of 10 school days with its adjoining weekends', () => {
    // Sent Wed 2025-12-10 (local LA). Winter break Mon 12-22 .. Fri 01-02 = 10 weekdays > 5 → excluded,
    // plus the adjoining weekends Sat 12-20/Sun 12-21 and Sat 01-03/Sun 01-04: 12-20 .. 01-04 (16 days) not counted.
    //   12-11 (1) 12-12 (2) 12-13 (3) 12-14 (4) 12-15 (5) 12-16 (6) 12-17 (7) 12-18 (8) 12-19 (9)
    //   [12-20 .. 01-04 skipped]
    //   01-05 (10) … 01-x is day x+5 → day 30 = 01-25 (a Sunday; no rollover).
    // The single closed day 01-19 (MLK) is not a break: calendar days still count it.
    const due = computeDue({ kind: 'meeting', state: 'CA', sentAt: '2025-12-10T15:00:00-08:00', timezone: LA, calendar: CA_CAL });
    expect(due).toMatchObject({
      dueDate: '2026-01-25',
      dueBasis: 'statute',
      rule: { id: 'ca-iep-meeting-request', citation: 'Cal. Educ. Code § 56343.5', days: 30, unit: 'calendar_days', estimated: false },
    });
    expect(due.ruleRow?.exclusions).toEqual(['ca-breaks-over-5-school-days']);
  });

  it('without a calendar counts 30 calendar days and marks the date estimated', () => {
    // Only the break exclusion needs the calendar; without one the breaks are unknown, so the rule's own unit
    // (calendar days) is counted and the result is flagged as an estimate.
    // Sent Wed 2025-12-10: 21 days left in December (11..31), 30 - 21 = 9 → 2026-01-09.
    const due = computeDue({ kind: 'meeting', state: 'CA', sentAt: '2025-12-10T15:00:00-08:00', timezone: LA });
    expect(due.dueDate).toBe('2026-01-09');
    expect(due.rule).toMatchObject({ id: 'ca-iep-meeting-request', estimated: true });
  });

  it('reproduces the analyze contract example (no long break in the window)', () => {
    // 2026-01-12 + 30 calendar days: 19 days left in January, 30 - 19 = 11 → 02-11. Closed single days
    // (01-19, 02-16) are not breaks of more than five school days.
    const due = computeDue({ kind: 'meeting', state: 'CA', sentAt: '2026-01-12T16:03:00-08:00', timezone: LA, calendar: CA_CAL });
    expect(due.dueDate).toBe('2026-02-11');
    expect(due.rule?.estimated).toBe(false);
  });

  it('does not exclude Thanksgiving week (exactly five school days)', () => {
    // Sent Mon 2025-11-17; Thanksgiving week 11-24..11-28 is 5 weekdays, not more than five → counted.
    // 11-17 + 30: 13 days left in November (18..30), 30 - 13 = 17 → 12-17. The winter break starts after it.
    const due = computeDue({ kind: 'meeting', state: 'CA', sentAt: '2025-11-17T09:00:00-08:00', timezone: LA, calendar: CA_CAL });
    expect(due.dueDate).toBe('2025-12-17');
  });

  it('counts a spring break of exactly five school days but excludes one of six', () => {
    // CA evaluation request (assessment plan): 15 days, same exclusion. Sent Wed 2026-03-25 (PDT).
    // (a) Spring break Mon 03-30 .. Fri 04-03 = 5 weekdays → not excluded: 03-25 + 15 = 04-09
    //     (6 days left in March, 15 - 6 = 9).
    const five = computeDue({ kind: 'evaluation', state: 'CA', sentAt: '2026-03-25T10:00:00-07:00', timezone: LA, calendar: CA_CAL });
    expect(five).toMatchObject({ dueDate: '2026-04-09', rule: { id: 'ca-evaluation-request', estimated: false } });

    // (b) Spring break Fri 03-27 .. Fri 04-03 = 6 weekdays → excluded. The day before it (Thu 03-26) is a school
    //     day, so no weekend adjoins at the start; the weekend after it (04-04/04-05) adjoins: 03-27 .. 04-05 skipped.
    //     03-26 (1) [03-27 .. 04-05 skipped] 04-06 (2) … 04-x is day x-4 → day 15 = 04-19.
    const six = parseCalendarJson({ ...CA_CAL, closed: [{ from: '2026-03-27', to: '2026-04-03' }] });
    const due = computeDue({ kind: 'evaluation', state: 'CA', sentAt: '2026-03-25T10:00:00-07:00', timezone: LA, calendar: six });
    expect(due.dueDate).toBe('2026-04-19');
  });

  it('lists the excluded days of a calendar', () => {
    const days = excludedBreakDays(CA_CAL);
    // Winter break with adjoining weekends: 12-20 .. 01-04.
    expect(days.has('2025-12-19')).toBe(false); // last school day before it (Fri)
    expect(days.has('2025-12-20')).toBe(true);
    expect(days.has('2026-01-04')).toBe(true);
    expect(days.has('2026-01-05')).toBe(false);
    // Five-day closures are not excluded.
    expect(days.has('2025-11-24')).toBe(false);
    expect(days.has('2026-03-31')).toBe(false);
    // Between terms (the summer before firstDay; coverage starts 2025-06-12, the day after lastDay a year earlier).
    expect(days.has('2025-07-15')).toBe(true);
    expect(days.has('2025-08-12')).toBe(true);
    expect(days.has('2025-08-13')).toBe(false);
  });

  it('does not count days between terms', () => {
    // Sent Tue 2025-07-15, in the summer before the year. Days 06-12..08-12 are between terms; firstDay Wed 08-13
    // is day 1 (no weekend adjoins: 08-13 is a Wednesday) → day 30 = 08-13 + 29 = 09-11
    // (18 days left in August after the 13th, 29 - 18 = 11). Labor Day is a single closed day: counted.
    const due = computeDue({ kind: 'meeting', state: 'CA', sentAt: '2025-07-15T10:00:00-07:00', timezone: LA, calendar: CA_CAL });
    expect(due).toMatchObject({ dueDate: '2025-09-11', rule: { estimated: false } });
  });

  it('gives the same result with the same calendar imported from ICS', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VEVENT',
      'UID:a@t',
      'DTSTAMP:20250701T000000Z',
      'DTSTART;VALUE=DATE:20250813',
      'SUMMARY:First Day of School',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:b@t',
      'DTSTAMP:20250701T000000Z',
      'DTSTART;VALUE=DATE:20260611',
      'SUMMARY:Last Day of School',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:c@t',
      'DTSTAMP:20250701T000000Z',
      'DTSTART;VALUE=DATE:20251222',
      'DTEND;VALUE=DATE:20260103',
      'SUMMARY:Winter Break - No School',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const cal = parseCalendarIcs(text);
    // Same arithmetic as the winter-break example above → 01-25.
    expect(computeDue({ kind: 'meeting', state: 'CA', sentAt: '2025-12-10T15:00:00-08:00', timezone: LA, calendar: cal }).dueDate).toBe(
      '2026-01-25',
    );
  });
});

describe('school days (Texas)', () => {
  it('counts days in session across Thanksgiving week', () => {
    // TX evaluation request: 15 school days (19 TAC 89.1011(b)). Sent Mon 2025-11-17 (Chicago).
    //   11-18 (1) 11-19 (2) 11-20 (3) 11-21 (4) | 11-24..11-28 closed | 12-01..12-05 (5-9) | 12-08..12-12 (10-14)
    //   12-15 (15)
    const due = computeDue({ kind: 'evaluation', state: 'TX', sentAt: '2025-11-17T10:00:00-06:00', timezone: CHI, calendar: TX_CAL });
    expect(due).toMatchObject({
      dueDate: '2025-12-15',
      rule: { id: 'tx-evaluation-request', days: 15, unit: 'school_days', estimated: false },
    });
  });

  it('counts across the winter break', () => {
    // TX meeting request: 5 school days (19 TAC 89.1050(e)). Sent Thu 2025-12-18.
    //   12-19 (1) | 12-22..01-02 closed | 01-05 (2) 01-06 (3) 01-07 (4) 01-08 (5)
    const due = computeDue({ kind: 'meeting', state: 'TX', sentAt: '2025-12-18T10:00:00-06:00', timezone: CHI, calendar: TX_CAL });
    expect(due).toMatchObject({ dueDate: '2026-01-08', rule: { id: 'tx-iep-meeting-request', estimated: false } });
  });

  it('estimates on business days when the calendar is missing', () => {
    // Sent Thu 2025-12-18; TX business days (Christmas Eve, Christmas and the day after are public in TX):
    //   12-19 (1) | 12-22 (2) 12-23 (3) | 12-24, 12-25, 12-26 holidays | 12-29 (4) 12-30 (5)
    const due = computeDue({ kind: 'meeting', state: 'TX', sentAt: '2025-12-18T10:00:00-06:00', timezone: CHI });
    expect(due).toMatchObject({ dueDate: '2025-12-30', rule: { id: 'tx-iep-meeting-request', estimated: true } });
  });

  it('skips the summer before firstDay when the calendar covers it', () => {
    // Sent Tue 2025-07-15; coverage starts 2025-05-22 (lastDay 2026-05-21 a year earlier, +1). Summer days are
    // not school days. 08-13 (1) 08-14 (2) 08-15 (3) | 08-18..08-22 (4-8) | 08-25..08-29 (9-13) | 09-01 closed
    // 09-02 (14) 09-03 (15)
    const due = computeDue({ kind: 'evaluation', state: 'TX', sentAt: '2025-07-15T10:00:00-05:00', timezone: CHI, calendar: TX_CAL });
    expect(due).toMatchObject({ dueDate: '2025-09-03', rule: { estimated: false } });
  });

  it('skips the summer past lastDay to an estimated next first day, then counts business days (estimated)', () => {
    // The summer has no school days (34 CFR 300.11(c)(1); see the row's notes), so the request rows list `summer`.
    // Sent Mon 2026-05-18. School days 05-19 (1) 05-20 (2) 05-21 (3, lastDay); the summer is skipped up to the
    // estimated next first day, Thu 2026-08-13 (firstDay a year on); then business days:
    //   08-13 (4) 08-14 (5) | 08-17..08-21 (6-10) | 08-24..08-28 (11-15)
    // (Before 2026-12-03 the row had no summer exclusion and counted June as business days: 06-09.)
    const due = computeDue({ kind: 'evaluation', state: 'TX', sentAt: '2026-05-18T10:00:00-05:00', timezone: CHI, calendar: TX_CAL });
    expect(due).toMatchObject({ dueDate: '2026-08-28', rule: { id: 'tx-evaluation-request', estimated: true } });
    // Without a calendar nothing marks the summer: business days from the same day, 05-19..05-22 (1-4) | 05-25
    // Memorial Day | 05-26..05-29 (5-8) | 06-01..06-05 (9-13) | 06-08 (14) 06-09 (15), an estimate.
    const noCal = computeDue({ kind: 'evaluation', state: 'TX', sentAt: '2026-05-18T10:00:00-05:00', timezone: CHI });
    expect(noCal).toMatchObject({ dueDate: '2026-06-09', rule: { id: 'tx-evaluation-request', estimated: true } });
  });

  it('treats a request long before the calendar year as uncovered (estimated business days)', () => {
    // Sent Tue 2024-10-01, a year before the calendar's coverage (from 2025-05-22). TX business days:
    //   10-02..10-04 (1-3) | 10-07..10-11 (4-8) | 10-14 Columbus Day (public in TX) | 10-15..10-18 (9-12)
    //   10-21 (13) 10-22 (14) 10-23 (15)
    const due = computeDue({ kind: 'evaluation', state: 'TX', sentAt: '2024-10-01T10:00:00-05:00', timezone: CHI, calendar: TX_CAL });
    expect(due).toMatchObject({ dueDate: '2024-10-23', rule: { estimated: true } });
  });
});

describe('Arizona evaluation request: 15 school days (R7-2-401), the summer skipped', () => {
  /** An Arizona district year: Labor Day, Thanksgiving, winter break, MLK, Presidents' Day and a spring break closed. */
  const AZ_CAL: SchoolCalendar = parseCalendarJson({
    firstDay: '2025-08-06',
    lastDay: '2026-05-21',
    closed: ['2025-09-01', { from: '2025-11-27', to: '2025-11-28' }, { from: '2025-12-22', to: '2026-01-02' }, '2026-01-19', '2026-02-16', { from: '2026-03-09', to: '2026-03-13' }],
  });
  const PHX = 'America/Phoenix';

  it('counts days in session across the spring break', () => {
    // Sent Mon 2026-03-02: 03-03..03-06 (1-4) | 03-09..03-13 spring break | 03-16..03-20 (5-9) | 03-23..03-27 (10-14) | 03-30 (15).
    const due = computeDue({ kind: 'evaluation', state: 'AZ', sentAt: '2026-03-02T10:00:00-07:00', timezone: PHX, calendar: AZ_CAL });
    expect(due).toMatchObject({ dueDate: '2026-03-30', rule: { id: 'az-evaluation-request', days: 15, unit: 'school_days', estimated: false } });
  });

  it('across the year end skips the summer to the estimated next first day (an estimate)', () => {
    // Sent Mon 2026-05-11: 05-12..05-15 (1-4) | 05-18..05-21 (5-8, lastDay) | summer skipped to Thu 2026-08-06 (firstDay a
    // year on): 08-06 (9) 08-07 (10) | 08-10..08-14 (11-15).
    const due = computeDue({ kind: 'evaluation', state: 'AZ', sentAt: '2026-05-11T10:00:00-07:00', timezone: PHX, calendar: AZ_CAL });
    expect(due).toMatchObject({ dueDate: '2026-08-14', rule: { id: 'az-evaluation-request', estimated: true } });
  });
});

describe('records: state rule vs federal 45 calendar days, earliest wins', () => {
  it('CA 5 business days, skipping Cesar Chavez Day', () => {
    // Sent Fri 2026-03-27 (PDT). CA business days: 03-30 (1) | 03-31 César Chávez Day | 04-01 (2) 04-02 (3)
    // 04-03 (4) | 04-06 (5). Federal: 03-27 + 45 = 05-11 (4 days left in March, 41 - 30 April = 11). CA is earlier.
    const due = computeDue({ kind: 'records', state: 'CA', sentAt: '2026-03-27T09:00:00-07:00', timezone: LA });
    expect(due).toMatchObject({
      dueDate: '2026-04-06',
      dueBasis: 'statute',
      rule: { id: 'ca-records-access', citation: 'Cal. Educ. Code § 56504', days: 5, unit: 'business_days', estimated: false },
    });
  });

  it('a state without its own rule gets 34 CFR 300.613(a)', () => {
    // Same message in Texas: 03-27 + 45 calendar days = 05-11.
    const due = computeDue({ kind: 'records', state: 'TX', sentAt: '2026-03-27T09:00:00-05:00', timezone: CHI });
    expect(due).toMatchObject({
      dueDate: '2026-05-11',
      rule: { id: 'us-records-access', citation: '34 CFR 300.613(a)', days: 45, unit: 'calendar_days', estimated: false },
    });
  });

  it('federal only (US)', () => {
    // 2026-01-12 + 45: 19 days left in January, 45 - 19 = 26 → 02-26.
    const due = computeDue({ kind: 'records', state: 'US', sentAt: '2026-01-12T16:03:00-05:00', timezone: NYC });
    expect(due).toMatchObject({ dueDate: '2026-02-26', rule: { id: 'us-records-access' } });
  });

  it('MA ten days read as calendar days', () => {
    // 2026-02-02 + 10 = 02-12. Federal 02-02 + 45 = 03-19 (26 days left in February, 19 into March).
    const due = computeDue({ kind: 'records', state: 'MA', sentAt: '2026-02-02T09:00:00-05:00', timezone: NYC });
    expect(due).toMatchObject({ dueDate: '2026-02-12', rule: { id: 'ma-records-access' } });
  });

  it('CT 10 school days, estimated on business days without a calendar', () => {
    // Sent Mon 2026-02-09. CT business days: 02-10 (1) 02-11 (2) | 02-12 Lincoln's Birthday (CT public) | 02-13 (3)
    // | 02-16 Washington's Birthday | 02-17..02-20 (4-7) | 02-23 (8) 02-24 (9) 02-25 (10).
    // Federal: 02-09 + 45 = 03-26 (19 days left in February, 26 into March). CT is earlier.
    const due = computeDue({ kind: 'records', state: 'CT', sentAt: '2026-02-09T10:00:00-05:00', timezone: NYC });
    expect(due).toMatchObject({ dueDate: '2026-02-25', rule: { id: 'ct-records-access', estimated: true } });
  });

  it('the federal 45 days wins when the state count runs through the summer', () => {
    // CT calendar: firstDay Wed 2025-08-27, lastDay 2026-06-11, Labor Day closed. Sent Tue 2025-07-01 (summer).
    // CT: 08-27 (1) 08-28 (2) 08-29 (3) | 09-01 closed | 09-02..09-05 (4-7) | 09-08 (8) 09-09 (9) 09-10 (10).
    // Federal: 07-01 + 45 = 08-15 (30 days left in July, 15 into August) — earlier, so it wins.
    const ct = parseCalendarJson({ firstDay: '2025-08-27', lastDay: '2026-06-11', closed: ['2025-09-01'] });
    const due = computeDue({ kind: 'records', state: 'CT', sentAt: '2025-07-01T10:00:00-04:00', timezone: NYC, calendar: ct });
    expect(due).toMatchObject({ dueDate: '2025-08-15', rule: { id: 'us-records-access', estimated: false } });
  });

  it('on a tie the state row is reported', () => {
    // WA and federal are both 45 calendar days: 2026-01-12 + 45 = 02-26; the WA citation is shown.
    const due = computeDue({ kind: 'records', state: 'WA', sentAt: '2026-01-12T10:00:00-08:00', timezone: LA });
    expect(due).toMatchObject({ dueDate: '2026-02-26', rule: { id: 'wa-records-access', citation: 'WAC 392-172A-05190(1)' } });
  });
});

describe('other statutory rows', () => {
  it('NJ IEE: 20 calendar days', () => {
    // 2026-02-02 + 20 = 02-22.
    const due = computeDue({ kind: 'iee', state: 'NJ', sentAt: '2026-02-02T09:00:00-05:00', timezone: NYC });
    expect(due).toMatchObject({ dueDate: '2026-02-22', rule: { id: 'nj-iee-request' } });
  });

  it('NH evaluation: 15 business days', () => {
    // Sent Mon 2026-02-09. NH business days (Washington's Birthday 02-16 is public):
    //   02-10..02-13 (1-4) | 02-16 holiday | 02-17..02-20 (5-8) | 02-23..02-27 (9-13) | 03-02 (14) 03-03 (15)
    const due = computeDue({ kind: 'evaluation', state: 'NH', sentAt: '2026-02-09T09:00:00-05:00', timezone: NYC });
    expect(due).toMatchObject({ dueDate: '2026-03-03', rule: { id: 'nh-evaluation-request', estimated: false } });
  });

  it('AR evaluation: 7 calendar days', () => {
    // 2026-02-26 + 7: 2 days left in February (27, 28), 5 into March → 03-05.
    const due = computeDue({ kind: 'evaluation', state: 'AR', sentAt: '2026-02-26T09:00:00-06:00', timezone: CHI });
    expect(due.dueDate).toBe('2026-03-05');
  });

  it('federal: no number for meetings, evaluation responses or IEEs → courtesy', () => {
    // Courtesy 5 business days from Mon 2026-02-02 (NY): 02-03..02-06 (1-4), 02-09 (5).
    for (const kind of ['meeting', 'evaluation', 'iee'] as const) {
      const due = computeDue({ kind, state: 'NY', sentAt: '2026-02-02T09:00:00-05:00', timezone: NYC });
      expect(due).toEqual({ dueDate: '2026-02-09', dueBasis: 'courtesy', rule: null });
    }
  });
});

describe('courtesy window (5 business days by default)', () => {
  it('crosses the year end (Dec 29 + 5 business days)', () => {
    // Mon 2025-12-29, CA: 12-30 (1) 12-31 (2) | 01-01 New Year's Day | 01-02 (3) | weekend | 01-05 (4) 01-06 (5)
    const due = computeDue({ kind: 'information', state: 'CA', sentAt: '2025-12-29T10:00:00-08:00', timezone: LA });
    expect(due).toEqual({ dueDate: '2026-01-06', dueBasis: 'courtesy', rule: null });
    // Tue 2026-12-29, TX: 12-30 (1) 12-31 (2) | Fri 2027-01-01 holiday | weekend | 01-04 (3) 01-05 (4) 01-06 (5)
    expect(computeDue({ kind: 'progress', state: 'TX', sentAt: '2026-12-29T10:00:00-06:00', timezone: CHI }).dueDate).toBe('2027-01-06');
  });

  it('skips Thanksgiving, and the day after where the state makes it a public holiday', () => {
    // Mon 2025-11-24. CA: 11-25 (1) 11-26 (2) | 11-27, 11-28 holidays | 12-01 (3) 12-02 (4) 12-03 (5)
    expect(computeDue({ kind: 'services', state: 'CA', sentAt: '2025-11-24T10:00:00-08:00', timezone: LA }).dueDate).toBe('2025-12-03');
    // MA: 11-25 (1) 11-26 (2) | 11-27 Thanksgiving | 11-28 (3, only an observance in MA) | 12-01 (4) 12-02 (5)
    expect(computeDue({ kind: 'services', state: 'MA', sentAt: '2025-11-24T10:00:00-05:00', timezone: NYC }).dueDate).toBe('2025-12-02');
  });

  it('skips MLK Day', () => {
    // Fri 2026-01-16 (federal): weekend | 01-19 MLK | 01-20 (1) 01-21 (2) 01-22 (3) 01-23 (4) | 01-26 (5)
    expect(computeDue({ kind: 'pwn', state: 'US', sentAt: '2026-01-16T12:00:00-05:00', timezone: NYC }).dueDate).toBe('2026-01-26');
  });

  it('is configurable', () => {
    // 7 calendar days from 2026-01-16 → 01-23.
    const due = computeDue({
      kind: 'accommodations',
      state: 'US',
      sentAt: '2026-01-16T12:00:00-05:00',
      timezone: NYC,
      courtesy: { days: 7, unit: 'calendar_days' },
    });
    expect(due).toEqual({ dueDate: '2026-01-23', dueBasis: 'courtesy', rule: null });
  });
});

describe('day 0 is the local date in the district zone', () => {
  it('DST: a message at 01:30 PST on 2026-03-08 vs one stamped 23:30 -08:00 after the change', () => {
    // 01:30 -08:00 is Sun 03-08 locally → 03-09..03-13 (1-5) → 03-13.
    expect(computeDue({ kind: 'information', state: 'CA', sentAt: '2026-03-08T01:30:00-08:00', timezone: LA }).dueDate).toBe('2026-03-13');
    // 23:30 -08:00 = 07:30Z Mar 9 = 00:30 PDT Mon 03-09 locally → 03-10..03-13 (1-4), 03-16 (5).
    expect(computeDue({ kind: 'information', state: 'CA', sentAt: '2026-03-08T23:30:00-08:00', timezone: LA }).dueDate).toBe('2026-03-16');
  });

  it('a late-evening UTC timestamp is the previous local date in California', () => {
    // 2026-01-13T06:00Z = 22:00 PST Mon 01-12 in LA, but 01:00 EST Tue 01-13 in New York.
    // LA (CA): 01-13..01-16 (1-4) | 01-19 MLK | 01-20 (5).
    expect(computeDue({ kind: 'information', state: 'CA', sentAt: '2026-01-13T06:00:00Z', timezone: LA }).dueDate).toBe('2026-01-20');
    // NY: 01-14..01-16 (1-3) | 01-19 MLK | 01-20 (4) 01-21 (5).
    expect(computeDue({ kind: 'information', state: 'NY', sentAt: '2026-01-13T06:00:00Z', timezone: NYC }).dueDate).toBe('2026-01-21');
  });
});

describe('addCounted', () => {
  it('n = 0 is the start date; units count as documented', () => {
    expect(addCounted('2026-01-16', 0, 'business_days', { state: 'US' })).toEqual({ date: '2026-01-16', estimated: false });
    // Calendar: 01-16 + 3 = 01-19, holiday or not.
    expect(addCounted('2026-01-16', 3, 'calendar_days', { state: 'US' })).toEqual({ date: '2026-01-19', estimated: false });
    // School days without calendar → business days, estimated: 01-20 (1) after the weekend and MLK Day.
    expect(addCounted('2026-01-16', 1, 'school_days', { state: 'US' })).toEqual({ date: '2026-01-20', estimated: true });
    // School days with the TX calendar: 01-19 is closed; 01-20 (1).
    expect(addCounted('2026-01-16', 1, 'school_days', { state: 'TX', calendar: TX_CAL })).toEqual({ date: '2026-01-20', estimated: false });
  });

  it('rejects bad input', () => {
    expect(() => addCounted('2026-02-30', 1, 'calendar_days', { state: 'US' })).toThrow(DeadlineInputError);
    expect(() => addCounted('2026-02-01', -1, 'calendar_days', { state: 'US' })).toThrow(DeadlineInputError);
    expect(() => addCounted('2026-02-01', 1, 'calendar_days', { state: 'US', exclusions: ['mystery'] })).toThrow(/Unknown exclusion/);
  });
});

describe('isOverdue', () => {
  it('is overdue only once the local date of now is after the due date', () => {
    expect(isOverdue('2026-01-25', '2026-01-25T23:59:00-08:00', LA)).toBe(false); // due date itself
    expect(isOverdue('2026-01-25', '2026-01-26T00:00:00-08:00', LA)).toBe(true);
    // 07:59Z Jan 26 is 23:59 PST Jan 25 → not yet; 08:00Z is 00:00 PST Jan 26 → overdue.
    expect(isOverdue('2026-01-25', '2026-01-26T07:59:00Z', LA)).toBe(false);
    expect(isOverdue('2026-01-25', '2026-01-26T08:00:00Z', LA)).toBe(true);
  });
});

describe('states and zones', () => {
  it('knows the 50 states, DC and US', () => {
    expect(knownState('CA')).toBe(true);
    expect(knownState('dc')).toBe(true);
    expect(knownState('US')).toBe(true);
    expect(knownState('PR')).toBe(false);
    expect(knownState('XX')).toBe(false);
    expect(knownState('')).toBe(false);
  });

  it('gives each state its main zone', () => {
    expect(defaultTimezone('US')).toBe('America/New_York');
    expect(defaultTimezone('ca')).toBe('America/Los_Angeles');
    expect(defaultTimezone('TX')).toBe('America/Chicago');
    expect(defaultTimezone('AZ')).toBe('America/Phoenix');
    expect(defaultTimezone('HI')).toBe('Pacific/Honolulu');
    expect(() => defaultTimezone('XX')).toThrow(/Unknown state/);
  });

  it('computeDue rejects an unknown state, zone, kind or time', () => {
    const base = { kind: 'meeting' as const, state: 'CA', sentAt: '2026-01-12T16:03:00-08:00', timezone: LA };
    expect(() => computeDue({ ...base, state: 'XX' })).toThrow(/Unknown state/);
    expect(() => computeDue({ ...base, timezone: 'Pacific/Atlantis' })).toThrow(/Unknown timezone/);
    expect(() => computeDue({ ...base, sentAt: '2026-01-12T16:03:00' })).toThrow(/offset/);
    expect(() => computeDue({ ...base, kind: 'lunch' as never })).toThrow(/Unknown request kind/);
    expect(() => computeDue({ ...base, kind: 'information', courtesy: { days: 0, unit: 'business_days' } })).toThrow(/courtesy/);
  });
});
