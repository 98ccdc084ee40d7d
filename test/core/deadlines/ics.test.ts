import { describe, expect, it } from 'vitest';
import { CalendarError, classifyIcsSummary, parseCalendarIcs } from '../../../src/core/deadlines/index.js';

/** Build an ICS file (CRLF line endings, as RFC 5545 wants) from VEVENT bodies. */
function ics(...events: string[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Followthrough test//EN'];
  events.forEach((body, i) => {
    lines.push('BEGIN:VEVENT', `UID:ev${i}@test`, 'DTSTAMP:20250701T000000Z', ...body.trim().split('\n').map((l) => l.trim()), 'END:VEVENT');
  });
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}

const DISTRICT = ics(
  `DTSTART;VALUE=DATE:20250813
   SUMMARY:First Day of School`, // no DTEND: a one-day all-day event
  `DTSTART;VALUE=DATE:20260611
   DTEND;VALUE=DATE:20260612
   SUMMARY:Last Day of School - Early Release`,
  `DTSTART;VALUE=DATE:20250901
   DTEND;VALUE=DATE:20250902
   SUMMARY:Labor Day - No School`,
  // DTEND is exclusive: 11-24 .. 11-28 (Mon–Fri)
  `DTSTART;VALUE=DATE:20251124
   DTEND;VALUE=DATE:20251129
   SUMMARY:Thanksgiving Break`,
  // Multi-day across the year end: DTEND 2026-01-03 exclusive → 12-22 .. 01-02
  `DTSTART;VALUE=DATE:20251222
   DTEND;VALUE=DATE:20260103
   SUMMARY:Winter Recess`,
  `DTSTART;VALUE=DATE:20251225
   SUMMARY:Christmas Day`, // not a closure word; inside the recess anyway
  `DTSTART;VALUE=DATE:20251212
   SUMMARY:Holiday Concert`, // an activity, not a closure
  `DTSTART:20251015T180000
   DTEND:20251015T193000
   SUMMARY:Back to School Night`,
  `DTSTART;VALUE=DATE:20260119
   SUMMARY:Martin Luther King Jr. Day (Schools Closed)`,
  `DTSTART;VALUE=DATE:20260130
   SUMMARY:Teacher Workday / Student Holiday`,
  `DTSTART;VALUE=DATE:20260202
   SUMMARY:No School`,
  // Spring break Mon 03-30 .. Fri 04-03
  `DTSTART;VALUE=DATE:20260330
   DTEND;VALUE=DATE:20260404
   SUMMARY:Spring Break`,
  `DTSTART;VALUE=DATE:20260305
   STATUS:CANCELLED
   SUMMARY:No School - Snow Day`,
  // Before the first day: clipped away
  `DTSTART;VALUE=DATE:20250812
   SUMMARY:Teacher Workday`,
  // Recurring: two Fridays, 05-01 and 05-08
  `DTSTART;VALUE=DATE:20260501
   RRULE:FREQ=WEEKLY;COUNT=2
   SUMMARY:Non-Student Day`,
);

describe('parseCalendarIcs', () => {
  it('imports first/last day and closures, with exclusive all-day DTEND', () => {
    expect(parseCalendarIcs(DISTRICT)).toEqual({
      firstDay: '2025-08-13',
      lastDay: '2026-06-11',
      closed: [
        '2025-09-01',
        { from: '2025-11-24', to: '2025-11-28' },
        { from: '2025-12-22', to: '2026-01-02' },
        '2026-01-19',
        '2026-01-30',
        '2026-02-02', // not merged with 01-30: 01-31 and 02-01 are not closed events
        { from: '2026-03-30', to: '2026-04-03' },
        '2026-05-01',
        '2026-05-08',
      ],
    });
  });

  it('merges overlapping and adjacent closures', () => {
    const text = ics(
      'DTSTART;VALUE=DATE:20250825\nSUMMARY:First day of school',
      'DTSTART;VALUE=DATE:20260605\nSUMMARY:Last day of school',
      // 12-19 (Fri) then 12-22..12-31 and 01-01..01-02: 12-20/21 are not events, so 12-19 stays apart;
      // the two winter pieces touch (12-31 / 01-01) and merge.
      'DTSTART;VALUE=DATE:20251219\nSUMMARY:No school - teacher workday',
      'DTSTART;VALUE=DATE:20251222\nDTEND;VALUE=DATE:20260101\nSUMMARY:Winter Break',
      'DTSTART;VALUE=DATE:20260101\nDTEND;VALUE=DATE:20260103\nSUMMARY:Winter Break',
      // overlapping: 03-16..03-20 and 03-18..03-23
      'DTSTART;VALUE=DATE:20260316\nDTEND;VALUE=DATE:20260321\nSUMMARY:Spring Break',
      'DTSTART;VALUE=DATE:20260318\nDTEND;VALUE=DATE:20260324\nSUMMARY:Spring Recess (extended)',
    );
    expect(parseCalendarIcs(text).closed).toEqual([
      '2025-12-19',
      { from: '2025-12-22', to: '2026-01-02' },
      { from: '2026-03-16', to: '2026-03-23' },
    ]);
  });

  it('reads a timed closure by its local dates (an end at midnight is exclusive)', () => {
    const text = ics(
      'DTSTART;VALUE=DATE:20250825\nSUMMARY:First day of school',
      'DTSTART;VALUE=DATE:20260605\nSUMMARY:Last day of school',
      'DTSTART:20251110T000000\nDTEND:20251112T000000\nSUMMARY:Schools closed',
    );
    expect(parseCalendarIcs(text).closed).toEqual([{ from: '2025-11-10', to: '2025-11-11' }]);
  });

  it('picks one school year when the file holds several', () => {
    const text = ics(
      'DTSTART;VALUE=DATE:20250813\nSUMMARY:First Day of School',
      'DTSTART;VALUE=DATE:20260611\nSUMMARY:Last Day of School',
      'DTSTART;VALUE=DATE:20260812\nSUMMARY:First Day of School',
      'DTSTART;VALUE=DATE:20270610\nSUMMARY:Last Day of School',
      'DTSTART;VALUE=DATE:20251126\nSUMMARY:No School',
      'DTSTART;VALUE=DATE:20261125\nSUMMARY:No School',
    );
    expect(parseCalendarIcs(text)).toEqual({ firstDay: '2025-08-13', lastDay: '2026-06-11', closed: ['2025-11-26'] });
    expect(parseCalendarIcs(text, { around: '2026-10-01' })).toEqual({
      firstDay: '2026-08-12',
      lastDay: '2027-06-10',
      closed: ['2026-11-25'],
    });
    // In the summer between years, the next year is chosen.
    expect(parseCalendarIcs(text, { around: '2026-07-01' }).firstDay).toBe('2026-08-12');
  });

  it('errors clearly on text that is not iCalendar, or without first/last day', () => {
    expect(() => parseCalendarIcs('hello world')).toThrow(CalendarError);
    const noStart = ics('DTSTART;VALUE=DATE:20260611\nSUMMARY:Last Day of School', 'DTSTART;VALUE=DATE:20251126\nSUMMARY:No School');
    expect(() => parseCalendarIcs(noStart)).toThrow(/no "first day of school" event/);
    // …unless the caller gives it.
    expect(parseCalendarIcs(noStart, { firstDay: '2025-08-13' })).toEqual({
      firstDay: '2025-08-13',
      lastDay: '2026-06-11',
      closed: ['2025-11-26'],
    });
    expect(() => parseCalendarIcs(noStart, { firstDay: '2025-8-13' })).toThrow(/Invalid firstDay option/);
  });
});

describe('classifyIcsSummary', () => {
  it.each([
    ['Winter Break', 'closed'],
    ['Spring Recess', 'closed'],
    ['Thanksgiving Holiday', 'closed'],
    ['Summer Vacation', 'closed'],
    ['District Closed', 'closed'],
    ['Teacher Work Day', 'closed'],
    ['Teacher Workday', 'closed'],
    ['Non-Student Day', 'closed'],
    ['Non Student Day - Professional Development', 'closed'],
    ['NO SCHOOL', 'closed'],
    ['Holiday Concert', null],
    ['Winter Holiday Party', null],
    ['Breakfast with Santa', null],
    ['Early Release', null],
    ['Picture Day', null],
    ['First Day of School', 'first_day'],
    ['First day for students', 'first_day'],
    ['First Day of School for Teachers', null],
    ['Last Day of School - Early Release', 'last_day'],
    ['Last Student Day', 'last_day'],
    ['Last day of school for staff', null],
  ])('%s → %s', (summary, expected) => {
    expect(classifyIcsSummary(summary)).toBe(expected);
  });
});
