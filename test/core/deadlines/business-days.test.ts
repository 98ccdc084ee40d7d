import { describe, expect, it } from 'vitest';
import { isBusinessDay, publicHolidayName, publicHolidays } from '../../../src/core/deadlines/business-days.js';

describe('business days (date-holidays, public holidays only)', () => {
  it('excludes weekends', () => {
    expect(isBusinessDay('2026-01-17', 'US')).toBe(false); // Saturday
    expect(isBusinessDay('2026-01-18', 'CA')).toBe(false); // Sunday
    expect(isBusinessDay('2026-01-20', 'CA')).toBe(true); // Tuesday
  });

  it('excludes federal holidays everywhere', () => {
    expect(isBusinessDay('2026-01-19', 'US')).toBe(false); // MLK Day (3rd Monday of January)
    expect(isBusinessDay('2026-01-19', 'CA')).toBe(false);
    expect(isBusinessDay('2025-11-27', 'US')).toBe(false); // Thanksgiving (4th Thursday of November)
    expect(isBusinessDay('2026-01-01', 'TX')).toBe(false); // New Year's Day
    // Independence Day 2026 is a Saturday; the observed Friday is a public "substitute day".
    expect(isBusinessDay('2026-07-03', 'US')).toBe(false);
  });

  it('follows each state: Cesar Chavez Day and the day after Thanksgiving', () => {
    // César Chávez Day (Mar 31) is a public holiday in California (date-holidays type "public"),
    // only an observance in Texas.
    expect(publicHolidayName('2026-03-31', 'CA')).toBe('César Chávez Day');
    expect(isBusinessDay('2026-03-31', 'CA')).toBe(false);
    expect(isBusinessDay('2026-03-31', 'TX')).toBe(true);
    // The day after Thanksgiving: public in CA and TX, an observance in MA and federally.
    expect(isBusinessDay('2025-11-28', 'CA')).toBe(false);
    expect(isBusinessDay('2025-11-28', 'TX')).toBe(false);
    expect(isBusinessDay('2025-11-28', 'MA')).toBe(true);
    expect(isBusinessDay('2025-11-28', 'US')).toBe(true);
    // Columbus Day is a federal holiday but not a California one in the package.
    expect(isBusinessDay('2026-10-12', 'US')).toBe(false);
    expect(isBusinessDay('2026-10-12', 'CA')).toBe(true);
    // Patriots' Day (3rd Monday of April) in Massachusetts only.
    expect(isBusinessDay('2026-04-20', 'MA')).toBe(false);
    expect(isBusinessDay('2026-04-20', 'NY')).toBe(true);
  });

  it('ignores optional and observance days', () => {
    expect(isBusinessDay('2025-12-24', 'CA')).toBe(true); // Christmas Eve: optional in CA
    expect(isBusinessDay('2025-12-24', 'TX')).toBe(false); // …but public in TX
    expect(isBusinessDay('2025-12-31', 'US')).toBe(true); // New Year's Eve: observance
    expect(isBusinessDay('2026-02-14', 'US')).toBe(false); // Valentine's Day 2026 is a Saturday anyway
    expect(isBusinessDay('2025-02-14', 'US')).toBe(true); // …and an observance on Friday 2025-02-14
  });

  it('files substitute days under the year of their date and caches per state and year', () => {
    // New Year's Day 2028 is a Saturday; its observed Friday is 2027-12-31.
    expect(publicHolidays('US', 2027).get('2027-12-31')).toMatch(/New Year/);
    expect(publicHolidays('US', 2028).has('2027-12-31')).toBe(false);
    expect(publicHolidays('CA', 2026)).toBe(publicHolidays('CA', 2026));
  });
});

describe('the United States holiday data the engine loads', () => {
  it('is the installed date-holidays package’s own US data (run scripts/holidays-us.mjs after an upgrade)', async () => {
    const { data } = await import('date-holidays/data');
    const { default: us } = await import('../../../src/core/deadlines/holidays-us.json', { with: { type: 'json' } });
    expect(us.holidays.US).toEqual(data.holidays['US']);
    expect(us.names).toEqual(data.names);
    expect(us.version).toBe(data.version);
  });
});
