/**
 * Business days: Monday–Friday except the state's public holidays.
 *
 * Holidays come from the `date-holidays` package's data (country US, with the state as its "state"; 'US' alone
 * gives the federal list). Only holidays of type `public` count — including the package's observed
 * "substitute day" entries (e.g. Independence Day observed Friday 2026-07-03), which are also `public`.
 * Types `observance`, `optional`, `bank` and `school` are ignored: so Christmas Eve (optional in most
 * states), Good Friday (observance in TX), the day after Thanksgiving where it is only an observance
 * (e.g. MA, MN, federal) are business days, while for example:
 *   - federal ('US'): New Year's Day, MLK Day, Washington's Birthday, Memorial Day, Juneteenth,
 *     Independence Day, Labor Day, Columbus Day, Veterans Day, Thanksgiving, Christmas;
 *   - CA: the federal list without Columbus Day, plus César Chávez Day (Mar 31) and the day after
 *     Thanksgiving;
 *   - TX: the federal list plus the day after Thanksgiving, Christmas Eve and the day after Christmas;
 *   - MA: the federal list plus Evacuation Day (Mar 17), Patriots' Day and Bunker Hill Day (Jun 17) — the
 *     package lists the last two Suffolk-County holidays as public statewide; we follow the package.
 * This is the definition of "business day" in 34 CFR 300.11(b) ("Monday through Friday, except for Federal
 * and State holidays") as far as the package models each state's holidays.
 *
 * Lists are computed once per state and year and cached. Pure (no I/O, no clock).
 */
// Only the United States part of the package's data (holidays-us.json, written by scripts/holidays-us.mjs and
// checked against the package by a test), read by the package's own parser: every bundle stays 0.8 MB lighter.
import HolidaysParser from 'date-holidays-parser';
import type Holidays from 'date-holidays';
import US_HOLIDAYS from './holidays-us.json' with { type: 'json' };
import { isWeekend, isValidDate, DeadlineInputError } from './calendar.js';

const instances = new Map<string, Holidays>();
const byYear = new Map<string, ReadonlyMap<string, string>>();

function holidaysFor(state: string): Holidays {
  let hd = instances.get(state);
  if (!hd) {
    hd = state === 'US' ? new HolidaysParser(US_HOLIDAYS, 'US') : new HolidaysParser(US_HOLIDAYS, 'US', state);
    instances.set(state, hd);
  }
  return hd;
}

/**
 * The public holidays of `state` ('US' = federal) whose date falls in `year`, as date → name.
 * Substitute (observed) days are included, even when the package files them under the neighbouring year.
 */
export function publicHolidays(state: string, year: number): ReadonlyMap<string, string> {
  const key = `${state}:${year}`;
  let map = byYear.get(key);
  if (!map) {
    const hd = holidaysFor(state);
    const m = new Map<string, string>();
    for (const y of [year - 1, year, year + 1]) {
      for (const h of hd.getHolidays(y)) {
        if (h.type !== 'public') continue;
        const date = h.date.slice(0, 10);
        if (!isValidDate(date) || Number(date.slice(0, 4)) !== year) continue;
        if (!m.has(date)) m.set(date, h.name);
      }
    }
    map = m;
    byYear.set(key, map);
  }
  return map;
}

/** The name of the state's public holiday on `date`, or null. */
export function publicHolidayName(date: string, state: string): string | null {
  if (!isValidDate(date)) throw new DeadlineInputError(`Invalid date "${date}": expected YYYY-MM-DD`);
  return publicHolidays(state, Number(date.slice(0, 4))).get(date) ?? null;
}

/** Monday–Friday and not a public holiday of `state` ('US' = federal holidays only). */
export function isBusinessDay(date: string, state: string): boolean {
  if (isWeekend(date)) return false;
  return publicHolidayName(date, state) === null;
}
