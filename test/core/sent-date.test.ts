import { describe, expect, it } from 'vitest';
import { chooseSentDate, NoSentDateError } from '../../src/core/sent-date.js';

const now = new Date('2026-03-01T12:00:00Z');
const base = { received: [] as string[], internal: [] as Array<string | number | null>, now };

describe('chooseSentDate: the best evidence for a sent time', () => {
  it('a believable Date header stands, with its own offset and no warning', () => {
    expect(chooseSentDate({ ...base, dateHeader: 'Mon, 12 Jan 2026 16:03:00 -0800' })).toEqual({
      iso: '2026-01-12T16:03:00-08:00', ms: Date.UTC(2026, 0, 13, 0, 3), warning: null,
    });
  });

  it('year 12026 falls back to the topmost Received header and says so', () => {
    const got = chooseSentDate({
      ...base,
      dateHeader: 'Mon, 12 Jan 12026 16:03:00 -0800',
      received: ['from mx.school.k12.test by mx.family.test; Mon, 12 Jan 2026 16:05:10 -0800', 'from a by b; Mon, 12 Jan 2026 16:04:00 -0800'],
    });
    expect(got.iso).toBe('2026-01-12T16:05:10-08:00');
    expect(got.warning).toMatch(/implausible date .*Received header/);
  });

  it('an impossible offset (+9999) falls back to the provider date, then to the import time', () => {
    const viaInternal = chooseSentDate({ ...base, dateHeader: 'Mon, 12 Jan 2026 16:03:00 +9999', internal: [Date.UTC(2026, 0, 13, 0, 4)] });
    expect(viaInternal.ms).toBe(Date.UTC(2026, 0, 13, 0, 4));
    expect(viaInternal.warning).toMatch(/impossible time-zone offset; used the mailbox's own date/);
    const viaNow = chooseSentDate({ ...base, dateHeader: 'Mon, 12 Jan 2026 16:03:00 +9999' });
    expect(viaNow.ms).toBe(now.getTime());
    expect(viaNow.warning).toMatch(/used the import time/);
  });

  it('dates before 1990 or more than a year ahead are not believed', () => {
    expect(chooseSentDate({ ...base, dateHeader: 'Thu, 01 Jan 1970 00:00:00 +0000' }).warning).toMatch(/implausible date 1970-01-01/);
    expect(chooseSentDate({ ...base, dateHeader: 'Sat, 01 Jan 2028 00:00:00 +0000' }).warning).toMatch(/implausible/);
    expect(chooseSentDate({ ...base, dateHeader: 'Mon, 01 Feb 2027 00:00:00 +0000' }).warning).toBeNull();
  });

  it('a missing or unreadable Date with no other evidence is refused, not dated now', () => {
    expect(() => chooseSentDate({ ...base, dateHeader: null })).toThrow(NoSentDateError);
    expect(() => chooseSentDate({ ...base, dateHeader: 'sometime last week' })).toThrow(/unreadable Date header/);
    // An mbox envelope date rescues a missing header silently (that is what it is for).
    expect(chooseSentDate({ ...base, dateHeader: null, internal: ['Mon Jan 12 16:03:00 2026'] }).warning).toBeNull();
  });
});
