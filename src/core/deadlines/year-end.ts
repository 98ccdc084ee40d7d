/**
 * End-of-school-year rules: a row's `yearEnd` replaces its counted due date when the clock starts close to the
 * end of the school year. Massachusetts is the case in the table (603 CMR 28.05(1)): "If consent is received
 * within 30 to 45 school working days before the end of the school year, the school district shall ensure that
 * a Team meeting is scheduled so as to allow for the provision of a proposed IEP or written notice of the
 * finding that the student is not eligible no later than 14 days after the end of the school year."
 *
 * Reading, as data (rules/*.json `yearEnd`):
 *   - `within: [from, to]`: the start is "within from to to units before the end of the school year" when, counting
 *     the row's own unit and exclusions from the day after the start through the calendar's last day, at least
 *     `from` and at most `to` days count (both ends included, as the rule is worded);
 *   - then the due date is `daysAfterLastDay` calendar days after the last day (a bare "day" is a calendar day:
 *     603 CMR 28.02, 34 CFR 300.11(a)), and it is not an estimate, since the calendar gives the last day;
 *   - a start outside the window keeps the counted date. A start after the last day, or with no calendar, never
 *     matches: the end of that school year is not known.
 *
 * Pure: the counting is passed in, so this module needs no part of the engine.
 */
import type { SchoolCalendar, YearEndRule } from '../types.js';
import { addDays } from './calendar.js';

export interface YearEndResult {
  date: string;
  estimated: boolean;
  /** True when the end-of-year rule, not the count, gave the date. */
  yearEnd: boolean;
}

/**
 * The row's due date: `counted` (the normal count) unless the start falls inside the year-end window.
 * `nth(n)` is the nth counted day after the start in the row's unit and exclusions.
 */
export function applyYearEnd(
  rule: YearEndRule | undefined,
  calendar: SchoolCalendar | undefined,
  nth: (n: number) => { date: string; estimated: boolean },
  counted: { date: string; estimated: boolean },
): YearEndResult {
  if (!rule || !calendar) return { ...counted, yearEnd: false };
  const [from, to] = rule.within;
  const last = calendar.lastDay;
  // At least `from` counted days up to the last day, and not more than `to`: the from-th falls on or before it
  // and the (to + 1)-th after it.
  const inWindow = nth(from).date <= last && nth(to + 1).date > last;
  if (!inWindow) return { ...counted, yearEnd: false };
  return { date: addDays(last, rule.daysAfterLastDay), estimated: false, yearEnd: true };
}

/** The words the rules page shows for a row's end-of-year rule. */
export function yearEndText(rule: YearEndRule, unitWords: string): string {
  const [from, to] = rule.within;
  return `If the clock starts ${from} to ${to} ${unitWords} before the last day of the school year, the due date is instead ${rule.daysAfterLastDay} days after that last day.`;
}
