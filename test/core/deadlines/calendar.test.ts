import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  DeadlineInputError,
  addDays,
  closedDates,
  diffDays,
  fromDayNumber,
  isSchoolDay,
  isValidDate,
  localDateOf,
  parseCalendarJson,
  toDayNumber,
  weekday,
} from '../../../src/core/deadlines/calendar.js';

describe('date arithmetic', () => {
  it('validates real dates', () => {
    expect(isValidDate('2024-02-29')).toBe(true); // 2024 is a leap year
    expect(isValidDate('2026-02-29')).toBe(false); // 2026 is not
    expect(isValidDate('1900-02-29')).toBe(false); // century, not divisible by 400
    expect(isValidDate('2000-02-29')).toBe(true); // divisible by 400
    expect(isValidDate('2026-13-01')).toBe(false);
    expect(isValidDate('2026-04-31')).toBe(false); // April has 30 days
    expect(isValidDate('2026-1-5')).toBe(false);
  });

  it('converts day numbers both ways', () => {
    // Day 0 is the Unix epoch date.
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(0)).toBe('1970-01-01');
    // 2000-03-01: 30 years of 365 days (10950) + 7 leap days (72,76,80,84,88,92,96) + Jan 31 + Feb 29 = 11017.
    expect(toDayNumber('2000-03-01')).toBe(11017);
    expect(fromDayNumber(11017)).toBe('2000-03-01');
    expect(fromDayNumber(-1)).toBe('1969-12-31');
  });

  it('adds days across month, leap-day and year boundaries', () => {
    expect(addDays('2025-12-30', 3)).toBe('2026-01-02'); // 31, 1, 2
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    // 2026-01-12 + 30: 19 days left in January (13..31), 30 - 19 = 11 → February 11.
    expect(addDays('2026-01-12', 30)).toBe('2026-02-11');
    expect(diffDays('2025-12-10', '2026-01-25')).toBe(46); // 21 days to 12-31, + 25
  });

  it('gives the weekday (0 = Sunday)', () => {
    expect(weekday('1970-01-01')).toBe(4); // a Thursday
    expect(weekday('2000-02-29')).toBe(2); // a Tuesday
    expect(weekday('2026-03-08')).toBe(0); // second Sunday of March 2026 (US DST starts)
    expect(weekday('2025-12-25')).toBe(4); // Christmas 2025 is a Thursday
    expect(weekday('2025-12-10')).toBe(3); // 15 days (2 weeks + 1 day) earlier → Wednesday
  });
});

describe('localDateOf', () => {
  it('takes the local date in the given zone, not the UTC date', () => {
    // 03:00Z on Jan 13 is 19:00 PST (UTC-8) on Jan 12 in Los Angeles, 22:00 EST on Jan 12 in New York,
    // and 03:00 GMT on Jan 13 in London.
    expect(localDateOf('2026-01-13T03:00:00Z', 'America/Los_Angeles')).toBe('2026-01-12');
    expect(localDateOf('2026-01-13T03:00:00Z', 'America/New_York')).toBe('2026-01-12');
    expect(localDateOf('2026-01-13T03:00:00Z', 'Europe/London')).toBe('2026-01-13');
    // The offset written in the string is honoured: 16:03 at -08:00 is 00:03Z next day, still Jan 12 in LA.
    expect(localDateOf('2026-01-12T16:03:00-08:00', 'America/Los_Angeles')).toBe('2026-01-12');
    expect(localDateOf('2026-01-12T16:03:00-08:00', 'Europe/London')).toBe('2026-01-13');
  });

  it('is correct across the spring-forward DST change (2026-03-08, Los Angeles)', () => {
    // 01:30 -08:00 = 09:30Z; PDT starts at 02:00 PST = 10:00Z, so this is still 01:30 PST on Mar 8.
    expect(localDateOf('2026-03-08T01:30:00-08:00', 'America/Los_Angeles')).toBe('2026-03-08');
    // 23:30 written with the stale -08:00 offset = 07:30Z Mar 9; LA is now UTC-7 → 00:30 PDT on Mar 9.
    expect(localDateOf('2026-03-08T23:30:00-08:00', 'America/Los_Angeles')).toBe('2026-03-09');
    // The same wall time with the correct -07:00 offset = 06:30Z Mar 9 → 23:30 PDT on Mar 8.
    expect(localDateOf('2026-03-08T23:30:00-07:00', 'America/Los_Angeles')).toBe('2026-03-08');
  });

  it('is correct across the fall-back DST change (2026-11-01, Los Angeles)', () => {
    // 01:30 happens twice; both are Nov 1.
    expect(localDateOf('2026-11-01T01:30:00-07:00', 'America/Los_Angeles')).toBe('2026-11-01');
    expect(localDateOf('2026-11-01T01:30:00-08:00', 'America/Los_Angeles')).toBe('2026-11-01');
    // 23:30 -07:00 = 06:30Z Nov 2; LA is back on UTC-8 → 22:30 PST Nov 1.
    expect(localDateOf('2026-11-01T23:30:00-07:00', 'America/Los_Angeles')).toBe('2026-11-01');
  });

  it('is correct at the year end', () => {
    // 07:59Z Jan 1 = 23:59 PST Dec 31; 08:00Z = 00:00 PST Jan 1.
    expect(localDateOf('2027-01-01T07:59:00Z', 'America/Los_Angeles')).toBe('2026-12-31');
    expect(localDateOf('2027-01-01T08:00:00Z', 'America/Los_Angeles')).toBe('2027-01-01');
    // Honolulu has no DST, UTC-10: 09:59Z Jan 1 = 23:59 Dec 31.
    expect(localDateOf('2027-01-01T09:59:59.999Z', 'Pacific/Honolulu')).toBe('2026-12-31');
  });

  it('answers as formatting afresh does, minute by minute around every change of offset (local dates are kept by 15-minute slot)', () => {
    // Zones whose changes fall off the hour (St John's at 00:01 until 2011, Lord Howe's half-hour DST), odd or
    // 45-minute offsets (Monrovia -0:44:30 until 1972, Kathmandu, Chatham), a skipped day (Apia, 2011-12-30)
    // and changes at midnight (Havana).
    const zones = ['America/Los_Angeles', 'America/St_Johns', 'Australia/Lord_Howe', 'Africa/Monrovia', 'Asia/Kathmandu', 'Pacific/Chatham', 'Pacific/Apia', 'America/Havana'];
    const HOUR = 3_600_000;
    let changesSeen = 0;
    for (const timeZone of zones) {
      const reference = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      const wall = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      const offsetAt = (ms: number) => {
        const p = Object.fromEntries(wall.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
        return Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!) - Math.floor(ms / 1000) * 1000;
      };
      for (const year of [1971, 1972, 2011, 2026]) {
        for (let ms = Date.UTC(year, 0, 1), prev = offsetAt(ms); ms < Date.UTC(year + 1, 0, 1); ms += 6 * HOUR) {
          const next = offsetAt(ms + 6 * HOUR);
          if (next === prev) continue;
          prev = next;
          changesSeen++;
          // Half a day either side of the change, every 67 s (so slots are entered at many points).
          for (let t = ms - 12 * HOUR; t <= ms + 18 * HOUR; t += 67_000) expect(localDateOf(t, timeZone)).toBe(reference.format(t));
        }
      }
    }
    expect(changesSeen).toBeGreaterThan(30); // the zones above change offset about 40 times in those years
  });

  it('rejects instants without an offset, impossible dates and unknown zones', () => {
    expect(() => localDateOf('2026-01-12T16:03:00', 'America/Los_Angeles')).toThrow(DeadlineInputError);
    expect(() => localDateOf('2026-01-12 16:03', 'America/Los_Angeles')).toThrow(/offset/);
    expect(() => localDateOf('2026-02-30T10:00:00Z', 'America/Los_Angeles')).toThrow(DeadlineInputError);
    expect(() => localDateOf('2026-01-12T16:03:00Z', 'Mars/Olympus_Mons')).toThrow(/Unknown timezone/);
  });
});

describe('parseCalendarJson', () => {
  const json = {
    firstDay: '2025-08-13',
    lastDay: '2026-06-11',
    closed: ['2025-09-01', { from: '2025-12-22', to: '2026-01-02' }],
  };

  it('accepts the documented format, as text or as a value', () => {
    expect(parseCalendarJson(json)).toEqual(json);
    expect(parseCalendarJson(JSON.stringify(json))).toEqual(json);
  });

  it('defaults a missing closed list to none and ignores unknown keys', () => {
    expect(parseCalendarJson({ firstDay: '2025-08-13', lastDay: '2026-06-11', district: 'X' })).toEqual({
      firstDay: '2025-08-13',
      lastDay: '2026-06-11',
      closed: [],
    });
  });

  it('gives a clear one-line error for bad input', () => {
    expect(() => parseCalendarJson('{"firstDay": ')).toThrow(CalendarError);
    expect(() => parseCalendarJson('{"firstDay": ')).toThrow(/not valid JSON/);
    expect(() => parseCalendarJson({ ...json, firstDay: '2025-13-01' })).toThrow(/firstDay: not a real date/);
    expect(() => parseCalendarJson({ ...json, firstDay: '08/13/2025' })).toThrow(/firstDay: expected a date as YYYY-MM-DD/);
    expect(() => parseCalendarJson({ firstDay: '2025-08-13', closed: [] })).toThrow(/lastDay/);
    expect(() => parseCalendarJson({ ...json, lastDay: '2025-06-11' })).toThrow(/firstDay is after lastDay/);
    expect(() =>
      parseCalendarJson({ ...json, closed: ['2025-09-01', { from: '2026-01-02', to: '2025-12-22' }] }),
    ).toThrow(/closed\[1\].*"from" is after "to"/);
    expect(() => parseCalendarJson({ ...json, closed: ['2025-02-30'] })).toThrow(/closed\[0\]/);
    expect(() => parseCalendarJson([1, 2])).toThrow(/Invalid school calendar/);
    try {
      parseCalendarJson({ ...json, closed: [42] });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});

describe('isSchoolDay', () => {
  const cal = parseCalendarJson({
    firstDay: '2025-08-13',
    lastDay: '2026-06-11',
    closed: ['2025-09-01', { from: '2025-12-22', to: '2026-01-02' }],
  });

  it('is true on weekdays in session only', () => {
    expect(isSchoolDay('2025-08-13', cal)).toBe(true); // first day, a Wednesday
    expect(isSchoolDay('2025-08-12', cal)).toBe(false); // before the first day
    expect(isSchoolDay('2026-06-11', cal)).toBe(true); // last day, a Thursday
    expect(isSchoolDay('2026-06-12', cal)).toBe(false); // after the last day
    expect(isSchoolDay('2025-09-01', cal)).toBe(false); // closed (Labor Day)
    expect(isSchoolDay('2025-09-02', cal)).toBe(true);
    expect(isSchoolDay('2025-09-06', cal)).toBe(false); // Saturday
    expect(isSchoolDay('2025-12-31', cal)).toBe(false); // inside the closed range
    expect(isSchoolDay('2026-01-05', cal)).toBe(true); // Monday after the break
  });

  it('expands closed ranges inclusively', () => {
    const set = closedDates(cal);
    // 1 single date + Dec 22..31 (10) + Jan 1..2 (2) = 13
    expect(set.size).toBe(13);
    expect(set.has('2025-12-22')).toBe(true);
    expect(set.has('2026-01-02')).toBe(true);
    expect(set.has('2026-01-03')).toBe(false);
  });
});
