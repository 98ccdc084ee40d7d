/**
 * Exclusions: days a rule does not count, read off the district calendar (product spec §5).
 *
 * Calendar coverage. A SchoolCalendar describes one school year and the summer before it: it covers the dates
 * from min(firstDay, the day after lastDay's date one year earlier) through lastDay. Before firstDay inside that
 * window is between terms (no school). After lastDay the next year's calendar is unknown: the engine counts
 * those days as business days and marks the date estimated, except that the `summer` exclusion skips them up
 * to an estimated next first day (firstDay's date one year later), also marked estimated.
 *
 * The exclusion ids rows may name (rules/*.json):
 *   - ca-breaks-over-5-school-days (California): days between terms, and every day of a closed period spanning
 *     more than five would-be school days — a maximal run of consecutive non-school weekdays (weekends do not
 *     break the run) of more than five weekdays — with the weekends inside it and adjoining it;
 *   - breaks-of-5-school-days (Georgia): the same for runs of five or more weekdays, school-year breaks only
 *     (rows pair it with `summer`);
 *   - school-holidays (Florida): every date the calendar lists as closed;
 *   - summer: the days before the first day and after the last day of the school year.
 *
 * Pure: no I/O, no clock.
 */
import type { SchoolCalendar } from '../types.js';
import { DeadlineInputError, addDays, closedDates, fromDayNumber, isSchoolDay, isValidDate, isWeekend, toDayNumber } from './calendar.js';

export const CA_BREAKS = 'ca-breaks-over-5-school-days';
export const BREAKS_OF_5 = 'breaks-of-5-school-days';
export const SCHOOL_HOLIDAYS = 'school-holidays';
export const SUMMER = 'summer';

/** Exclusion ids the engine understands, with the words the rules page shows for each. */
export const EXCLUSION_TEXT: Readonly<Record<string, string>> = {
  [CA_BREAKS]: 'Days between school sessions or terms, and school vacations of more than five school days (with their weekends), are not counted.',
  [BREAKS_OF_5]: 'Holiday periods when students are out for five or more consecutive school days (with the adjoining weekends) are not counted.',
  [SCHOOL_HOLIDAYS]: 'School holidays and breaks on the district calendar are not counted.',
  [SUMMER]: 'The summer between the last day of one school year and the first day of the next is not counted.',
};
export const KNOWN_EXCLUSIONS: readonly string[] = Object.keys(EXCLUSION_TEXT);

export interface CalendarModel {
  cal: SchoolCalendar;
  coverStart: string;
  coverEnd: string;
  /** The first day after lastDay that the summer exclusion counts again (an estimate: firstDay one year on). */
  nextFirstDay: string;
  runs: Array<{ first: number; last: number; weekdays: number; betweenTerms: boolean; atEnd: boolean }>;
}

const models = new WeakMap<SchoolCalendar, CalendarModel>();
const excludedCache = new WeakMap<SchoolCalendar, Map<string, ReadonlySet<string>>>();

/** `date`'s month and day in `year` (Feb 29 → Feb 28). */
function sameDayIn(date: string, year: number): string {
  let md = date.slice(5);
  if (md === '02-29') md = '02-28';
  return `${String(year).padStart(4, '0')}-${md}`;
}

export function modelOf(cal: SchoolCalendar): CalendarModel {
  let m = models.get(cal);
  if (m) return m;
  if (!isValidDate(cal.firstDay) || !isValidDate(cal.lastDay) || cal.firstDay > cal.lastDay) {
    throw new DeadlineInputError(`Invalid school calendar: firstDay ${cal.firstDay}, lastDay ${cal.lastDay}`);
  }
  const yearBefore = addDays(sameDayIn(cal.lastDay, Number(cal.lastDay.slice(0, 4)) - 1), 1);
  const coverStart = cal.firstDay < yearBefore ? cal.firstDay : yearBefore;
  const coverEnd = cal.lastDay;
  let nextFirstDay = sameDayIn(cal.firstDay, Number(cal.firstDay.slice(0, 4)) + 1);
  if (nextFirstDay <= coverEnd) nextFirstDay = addDays(coverEnd, 1);

  // Runs of consecutive non-school weekdays (weekends do not break a run).
  const runs: CalendarModel['runs'] = [];
  let run: CalendarModel['runs'][number] | null = null;
  const endN = toDayNumber(coverEnd);
  for (let n = toDayNumber(coverStart); n <= endN; n++) {
    const date = fromDayNumber(n);
    if (isWeekend(date)) continue;
    if (isSchoolDay(date, cal)) {
      if (run) runs.push(run);
      run = null;
      continue;
    }
    const betweenTerms = date < cal.firstDay || date > cal.lastDay;
    if (!run) run = { first: n, last: n, weekdays: 1, betweenTerms, atEnd: false };
    else {
      run.last = n;
      run.weekdays++;
      run.betweenTerms ||= betweenTerms;
    }
  }
  // A run reaching lastDay joins the summer after it.
  if (run) runs.push({ ...run, atEnd: true });

  m = { cal, coverStart, coverEnd, nextFirstDay, runs };
  models.set(cal, m);
  return m;
}

/** Days in a run, with the weekends inside and adjoining it. */
function addRun(out: Set<string>, first: number, last: number): void {
  let from = first;
  while (isWeekend(fromDayNumber(from - 1))) from--;
  let to = last;
  while (isWeekend(fromDayNumber(to + 1))) to++;
  for (let n = from; n <= to; n++) out.add(fromDayNumber(n));
}

/** The dates within the calendar's coverage that `exclusions` remove (cached per calendar and set). */
export function excludedDays(cal: SchoolCalendar, exclusions: readonly string[]): ReadonlySet<string> {
  const key = [...exclusions].sort().join(',');
  let byKey = excludedCache.get(cal);
  if (!byKey) excludedCache.set(cal, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const m = modelOf(cal);
  const out = new Set<string>();
  for (const r of m.runs) {
    if (exclusions.includes(CA_BREAKS) && (r.betweenTerms || r.atEnd || r.weekdays > 5)) addRun(out, r.first, r.last);
    if (exclusions.includes(BREAKS_OF_5) && !r.betweenTerms && !r.atEnd && r.weekdays >= 5) addRun(out, r.first, r.last);
  }
  if (exclusions.includes(SCHOOL_HOLIDAYS)) {
    for (const d of closedDates(cal)) if (d >= m.coverStart && d <= m.coverEnd) out.add(d);
  }
  if (exclusions.includes(SUMMER)) {
    for (let n = toDayNumber(m.coverStart); fromDayNumber(n) < cal.firstDay; n++) out.add(fromDayNumber(n));
  }
  byKey.set(key, out);
  return out;
}

/** The dates the CA breaks exclusion removes for this calendar (for display and tests). */
export function excludedBreakDays(cal: SchoolCalendar): ReadonlySet<string> {
  return excludedDays(cal, [CA_BREAKS]);
}
