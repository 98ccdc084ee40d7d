/**
 * The deadline engine (product spec §5): a request's response due date from the rule table.
 *
 * Counting: day 0 is the local date (in the district's timezone) on which the parent's message was sent; the
 * due date is the Nth counted day after it (inclusive last day). No rollover: a due date may fall on a weekend
 * or holiday when the unit is calendar days.
 *   - calendar_days: every day counts;
 *   - business_days: Monday–Friday except the state's public holidays (see business-days.ts);
 *   - school_days: days in session on the district calendar (firstDay..lastDay, Mon–Fri, not closed).
 * Exclusion `ca-breaks-over-5-school-days` (California): days between terms (before firstDay / after lastDay)
 * and every day of a closed period spanning more than five would-be school days — a maximal run of consecutive
 * non-school weekdays (weekends do not break the run) of more than five weekdays — with the weekends inside it
 * and the weekends adjoining it, are not counted.
 *
 * Calendar coverage. A SchoolCalendar describes one school year and the summer before it: it covers the dates
 * from min(firstDay, the day after lastDay's date one year earlier) through lastDay. Before firstDay inside that
 * window is between terms (no school). After lastDay the next year's calendar is unknown. A rule that needs the
 * calendar (school days, or an exclusion) counts any day the calendar does not cover — all days when no calendar
 * is given — as a business day, and the result is marked `estimated`.
 *
 * Several rules: the state's rows and the federal rows for the kind are all computed and the earliest due date
 * wins; on a tie the state's row is reported (state rules override federal ones). No rule → courtesy window
 * (default 5 business days).
 *
 * Pure: no I/O, no clock — "now" is always passed in.
 */
import type { DayUnit, DeadlineRule, DueDate, RequestKind, SchoolCalendar } from '../types.js';
import { REQUEST_KINDS } from '../types.js';
import {
  DeadlineInputError,
  addDays,
  fromDayNumber,
  isSchoolDay,
  isValidDate,
  isValidTimeZone,
  isWeekend,
  localDateOf,
  toDayNumber,
} from './calendar.js';
import { isBusinessDay } from './business-days.js';
import { CA_BREAKS, KNOWN_EXCLUSIONS, RULES, rulesFor } from './rules.js';

// ---------------------------------------------------------------------------------------------------------
// States and zones
// ---------------------------------------------------------------------------------------------------------

/** Each state's main IANA zone (where most of its people live); 'US' (federal only) → America/New_York. */
const STATE_ZONES: Readonly<Record<string, string>> = {
  US: 'America/New_York',
  AL: 'America/Chicago',
  AK: 'America/Anchorage',
  AZ: 'America/Phoenix',
  AR: 'America/Chicago',
  CA: 'America/Los_Angeles',
  CO: 'America/Denver',
  CT: 'America/New_York',
  DE: 'America/New_York',
  DC: 'America/New_York',
  FL: 'America/New_York',
  GA: 'America/New_York',
  HI: 'Pacific/Honolulu',
  ID: 'America/Boise',
  IL: 'America/Chicago',
  IN: 'America/Indiana/Indianapolis',
  IA: 'America/Chicago',
  KS: 'America/Chicago',
  KY: 'America/New_York',
  LA: 'America/Chicago',
  ME: 'America/New_York',
  MD: 'America/New_York',
  MA: 'America/New_York',
  MI: 'America/Detroit',
  MN: 'America/Chicago',
  MS: 'America/Chicago',
  MO: 'America/Chicago',
  MT: 'America/Denver',
  NE: 'America/Chicago',
  NV: 'America/Los_Angeles',
  NH: 'America/New_York',
  NJ: 'America/New_York',
  NM: 'America/Denver',
  NY: 'America/New_York',
  NC: 'America/New_York',
  ND: 'America/Chicago',
  OH: 'America/New_York',
  OK: 'America/Chicago',
  OR: 'America/Los_Angeles',
  PA: 'America/New_York',
  RI: 'America/New_York',
  SC: 'America/New_York',
  SD: 'America/Chicago',
  TN: 'America/Chicago',
  TX: 'America/Chicago',
  UT: 'America/Denver',
  VT: 'America/New_York',
  VA: 'America/New_York',
  WA: 'America/Los_Angeles',
  WV: 'America/New_York',
  WI: 'America/Chicago',
  WY: 'America/Denver',
};

/** True for 'US' and the two-letter code of one of the 50 states or DC (case-insensitive). */
export function knownState(code: string): boolean {
  return typeof code === 'string' && Object.hasOwn(STATE_ZONES, code.trim().toUpperCase());
}

/** The state's main IANA zone ('US' → America/New_York). Throws for an unknown code. */
export function defaultTimezone(state: string): string {
  const st = normalizeState(state);
  return STATE_ZONES[st]!;
}

function normalizeState(state: string): string {
  if (!knownState(state)) {
    throw new DeadlineInputError(`Unknown state "${state}": expected US or a two-letter state code such as CA`);
  }
  return state.trim().toUpperCase();
}

// ---------------------------------------------------------------------------------------------------------
// Counting
// ---------------------------------------------------------------------------------------------------------

export interface CountContext {
  /** 'US' (federal holidays) or a two-letter state code: whose public holidays make non-business days. */
  state: string;
  calendar?: SchoolCalendar;
  /** Exclusion ids from the rule row (see KNOWN_EXCLUSIONS). */
  exclusions?: readonly string[];
}

export interface CountResult {
  /** The Nth counted day after the start date (YYYY-MM-DD). */
  date: string;
  /** True when some day had to be counted as a business day because the calendar was missing or did not cover it. */
  estimated: boolean;
}

interface CalendarModel {
  cal: SchoolCalendar;
  coverStart: string;
  coverEnd: string;
  /** Days removed by the CA breaks exclusion (between terms, long breaks and their weekends), within coverage. */
  breakDays: ReadonlySet<string>;
}

const models = new WeakMap<SchoolCalendar, CalendarModel>();

/** lastDay's date one year earlier (Feb 29 → Feb 28), plus one day. */
function dayAfterYearBefore(lastDay: string): string {
  const y = Number(lastDay.slice(0, 4)) - 1;
  let md = lastDay.slice(5);
  if (md === '02-29') md = '02-28';
  return addDays(`${String(y).padStart(4, '0')}-${md}`, 1);
}

function modelOf(cal: SchoolCalendar): CalendarModel {
  let m = models.get(cal);
  if (m) return m;
  if (!isValidDate(cal.firstDay) || !isValidDate(cal.lastDay) || cal.firstDay > cal.lastDay) {
    throw new DeadlineInputError(`Invalid school calendar: firstDay ${cal.firstDay}, lastDay ${cal.lastDay}`);
  }
  const yearBefore = dayAfterYearBefore(cal.lastDay);
  const coverStart = cal.firstDay < yearBefore ? cal.firstDay : yearBefore;
  const coverEnd = cal.lastDay;

  // Runs of consecutive non-school weekdays (weekends do not break a run).
  const breakDays = new Set<string>();
  let run: { first: number; last: number; weekdays: number; betweenTerms: boolean } | null = null;
  const closeRun = (atEnd: boolean): void => {
    if (!run) return;
    if (run.betweenTerms || atEnd || run.weekdays > 5) {
      let from = run.first;
      while (isWeekend(fromDayNumber(from - 1))) from--;
      let to = run.last;
      while (isWeekend(fromDayNumber(to + 1))) to++;
      for (let n = from; n <= to; n++) breakDays.add(fromDayNumber(n));
    }
    run = null;
  };
  const endN = toDayNumber(coverEnd);
  for (let n = toDayNumber(coverStart); n <= endN; n++) {
    const date = fromDayNumber(n);
    if (isWeekend(date)) continue;
    if (isSchoolDay(date, cal)) {
      closeRun(false);
      continue;
    }
    const betweenTerms = date < cal.firstDay || date > cal.lastDay;
    if (!run) run = { first: n, last: n, weekdays: 1, betweenTerms };
    else {
      run.last = n;
      run.weekdays++;
      run.betweenTerms ||= betweenTerms;
    }
  }
  // A run reaching lastDay joins the summer after it.
  closeRun(true);

  m = { cal, coverStart, coverEnd, breakDays };
  models.set(cal, m);
  return m;
}

/** The dates the CA breaks exclusion removes for this calendar (for display and tests). */
export function excludedBreakDays(cal: SchoolCalendar): ReadonlySet<string> {
  return modelOf(cal).breakDays;
}

const MAX_SPAN_DAYS = 3660;

/**
 * The Nth counted day after `startDate` (day 0), in `unit`, for `ctx.state` and `ctx.calendar`, honouring
 * `ctx.exclusions`. n = 0 gives the start date.
 */
export function addCounted(startDate: string, n: number, unit: DayUnit, ctx: CountContext): CountResult {
  if (!isValidDate(startDate)) throw new DeadlineInputError(`Invalid start date "${startDate}": expected YYYY-MM-DD`);
  if (!Number.isInteger(n) || n < 0) throw new DeadlineInputError(`Invalid day count ${n}: expected a whole number ≥ 0`);
  if (unit !== 'calendar_days' && unit !== 'business_days' && unit !== 'school_days') {
    throw new DeadlineInputError(`Unknown day unit "${String(unit)}"`);
  }
  const state = normalizeState(ctx.state);
  const exclusions = ctx.exclusions ?? [];
  for (const x of exclusions) {
    if (!KNOWN_EXCLUSIONS.includes(x)) throw new DeadlineInputError(`Unknown exclusion "${x}"`);
  }
  const breaks = exclusions.includes(CA_BREAKS);
  const needsCalendar = unit === 'school_days' || breaks;
  const model = needsCalendar && ctx.calendar ? modelOf(ctx.calendar) : null;

  let estimated = false;
  let d = toDayNumber(startDate);
  const limit = d + MAX_SPAN_DAYS + n * 2;
  let count = 0;
  while (count < n) {
    d++;
    if (d > limit) throw new DeadlineInputError(`Could not count ${n} ${unit} from ${startDate}`);
    const date = fromDayNumber(d);
    let counts: boolean;
    if (!needsCalendar) {
      counts = unit === 'calendar_days' || isBusinessDay(date, state);
    } else if (model && date >= model.coverStart && date <= model.coverEnd) {
      if (breaks && model.breakDays.has(date)) counts = false;
      else if (unit === 'school_days') counts = isSchoolDay(date, model.cal);
      else counts = unit === 'calendar_days' || isBusinessDay(date, state);
    } else {
      // No calendar for this day: school days fall back to business days (spec §5); a calendar-day rule
      // keeps counting calendar days, since only its break exclusion needed the calendar. Either way the
      // date is an estimate.
      estimated = true;
      counts = unit === 'calendar_days' || isBusinessDay(date, state);
    }
    if (counts) count++;
  }
  return { date: fromDayNumber(d), estimated };
}

// ---------------------------------------------------------------------------------------------------------
// Due dates
// ---------------------------------------------------------------------------------------------------------

export interface CourtesyWindow {
  days: number;
  unit: 'business_days' | 'calendar_days';
}

export const DEFAULT_COURTESY: Readonly<CourtesyWindow> = { days: 5, unit: 'business_days' };

export interface ComputeDueInput {
  kind: RequestKind;
  /** 'US' or a two-letter state code. */
  state: string;
  /** When the parent's message was sent: ISO-8601 with offset, e.g. 2026-01-12T16:03:00-08:00. */
  sentAt: string;
  /** The district's IANA zone (see defaultTimezone). */
  timezone: string;
  calendar?: SchoolCalendar;
  /** The courtesy window when no statutory rule applies (default 5 business days). */
  courtesy?: CourtesyWindow;
  /** The rule table (default: RULES). */
  rules?: readonly DeadlineRule[];
}

/** The response due date of one request. */
export function computeDue(input: ComputeDueInput): DueDate {
  if (!REQUEST_KINDS.includes(input.kind)) {
    throw new DeadlineInputError(`Unknown request kind "${String(input.kind)}"`);
  }
  const state = normalizeState(input.state);
  if (!isValidTimeZone(input.timezone)) {
    throw new DeadlineInputError(`Unknown timezone "${input.timezone}": expected an IANA zone such as America/Los_Angeles`);
  }
  const day0 = localDateOf(input.sentAt, input.timezone);

  let best: { row: DeadlineRule; result: CountResult } | null = null;
  for (const row of rulesFor(state, input.kind, input.rules ?? RULES)) {
    const result = addCounted(day0, row.days, row.unit, {
      state,
      calendar: input.calendar,
      exclusions: row.exclusions,
    });
    const better =
      !best ||
      result.date < best.result.date ||
      (result.date === best.result.date && row.jurisdiction !== 'US' && best.row.jurisdiction === 'US');
    if (better) best = { row, result };
  }
  if (best) {
    const { row, result } = best;
    return {
      dueDate: result.date,
      dueBasis: 'statute',
      rule: { id: row.id, citation: row.citation, days: row.days, unit: row.unit, estimated: result.estimated },
      ruleRow: row,
    };
  }

  const courtesy = input.courtesy ?? DEFAULT_COURTESY;
  if (!Number.isInteger(courtesy.days) || courtesy.days < 1) {
    throw new DeadlineInputError(`Invalid courtesy window of ${courtesy.days} days: expected a whole number ≥ 1`);
  }
  if (courtesy.unit !== 'business_days' && courtesy.unit !== 'calendar_days') {
    throw new DeadlineInputError(`Invalid courtesy unit "${String(courtesy.unit)}"`);
  }
  const result = addCounted(day0, courtesy.days, courtesy.unit, { state });
  return { dueDate: result.date, dueBasis: 'courtesy', rule: null };
}

/** A request is overdue when the local date of "now" (in the district's zone) is after its due date. */
export function isOverdue(dueDate: string, nowIso: string, timezone: string): boolean {
  if (!isValidDate(dueDate)) throw new DeadlineInputError(`Invalid due date "${dueDate}": expected YYYY-MM-DD`);
  return localDateOf(nowIso, timezone) > dueDate;
}
