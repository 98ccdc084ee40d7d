import { describe, expect, it } from 'vitest';
import { dueWork, lastDigestMoment } from '../../src/jobs/due.js';
import { isoWeek, localTime } from '../../src/core/calendar/local-time.js';
import { syncSlot } from '../../src/jobs/run-job.js';

const SUNDAY_18 = { digestDay: 0, digestHour: 18 };

describe('local time and periods', () => {
  it('reads the local date, hour and weekday across a zone boundary', () => {
    expect(localTime(new Date('2026-02-16T03:30:00Z'), 'America/Los_Angeles')).toEqual({ date: '2026-02-15', hour: 19, weekday: 0 });
    expect(localTime(new Date('2026-02-16T03:30:00Z'), 'Asia/Tokyo')).toEqual({ date: '2026-02-16', hour: 12, weekday: 1 });
  });

  it('names ISO weeks, including the ones that straddle a new year', () => {
    expect(isoWeek('2026-02-15')).toBe('2026-W07'); // a Sunday closes its ISO week
    expect(isoWeek('2026-02-16')).toBe('2026-W08');
    expect(isoWeek('2026-12-31')).toBe('2026-W53');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
  });

  it('puts sync ticks in 15-minute slots', () => {
    expect(syncSlot(new Date('2026-02-16T10:29:59Z'))).toBe('2026-02-16T10:15');
  });
});

describe('what the hourly tick finds due', () => {
  const at = (iso: string, tz = 'America/New_York', keyDates: Array<{ date: string; name: string }> = []) =>
    dueWork({ now: new Date(iso), timezone: tz, settings: SUNDAY_18, keyDates });

  it('drafts from 07:00 local on, for the local date', () => {
    expect(at('2026-02-11T11:00:00Z').some((w) => w.job === 'drafts')).toBe(false); // 06:00 New York
    expect(at('2026-02-11T12:00:00Z')).toContainEqual({ job: 'drafts', period: '2026-02-11' });
    expect(at('2026-02-12T04:30:00Z')).toContainEqual({ job: 'drafts', period: '2026-02-11' }); // 23:30 the same local day
  });

  it('the digest from its local moment on, looking back up to three days', () => {
    expect(at('2026-02-15T22:00:00Z').some((w) => w.job === 'digest')).toBe(false); // Sunday 17:00
    expect(at('2026-02-15T23:00:00Z')).toContainEqual({ job: 'digest', period: '2026-W07' });
    expect(at('2026-02-17T15:00:00Z')).toContainEqual({ job: 'digest', period: '2026-W07' }); // Tuesday: caught up
    expect(at('2026-02-19T15:00:00Z').some((w) => w.job === 'digest')).toBe(false); // Thursday: too late
    expect(lastDigestMoment(new Date('2026-02-15T22:00:00Z'), 'America/New_York', SUNDAY_18).date).toBe('2026-02-08');
  });

  it('a key-date reminder from 30 days ahead until the date, one period per date', () => {
    const keys = [
      { date: '2026-03-20', name: 'Annual review' },
      { date: '2026-03-20', name: 'IEP end date' },
      { date: '2026-06-01', name: 'Triennial' },
    ];
    expect(at('2026-02-17T15:00:00Z', 'America/New_York', keys).filter((w) => w.job === 'reminder')).toEqual([]);
    expect(at('2026-02-18T15:00:00Z', 'America/New_York', keys).filter((w) => w.job === 'reminder')).toEqual([{ job: 'reminder', period: '2026-03-20' }]);
    expect(at('2026-03-21T15:00:00Z', 'America/New_York', keys).filter((w) => w.job === 'reminder')).toEqual([]);
  });
});
