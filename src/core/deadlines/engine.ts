/**
 * The deadline engine (product spec §5): a request's response due date from the rule table.
 *
 * Counting: day 0 is the local date (in the district's timezone) on which the parent's message was sent; the
 * due date is the Nth counted day after it (inclusive last day). No rollover: a due date may fall on a weekend
 * or holiday when the unit is calendar days.
 *   - calendar_days: every day counts;
 *   - business_days: Monday–Friday except the state's public holidays (see business-days.ts);
 *   - school_days: days in session on the district calendar (firstDay..lastDay, Mon–Fri, not closed).
 * Exclusions (see exclusions.ts) remove days the district calendar marks as breaks, holidays or summer.
 * A rule that needs the calendar (school days, or an exclusion) counts any day the calendar does not cover —
 * all days when no calendar is given — as a business day, and the result is marked `estimated`.
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
  fromDayNumber,
  isSchoolDay,
  isValidDate,
  isValidTimeZone,
  isWeekend,
  localDateOf,
  toDayNumber,
} from './calendar.js';
import { isBusinessDay } from './business-days.js';
import { allRules, rulesFor } from './rules.js';
import { KNOWN_EXCLUSIONS, SUMMER, excludedDays, modelOf } from './exclusions.js';
import { normalizeState } from './states.js';
import { applyYearEnd, type YearEndResult } from './year-end.js';

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
  const needsCalendar = unit === 'school_days' || exclusions.length > 0;
  const model = needsCalendar && ctx.calendar ? modelOf(ctx.calendar) : null;
  const excluded = model && exclusions.length ? excludedDays(model.cal, exclusions) : null;
  const summer = exclusions.includes(SUMMER);

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
      if (excluded?.has(date)) counts = false;
      else if (unit === 'school_days') counts = isSchoolDay(date, model.cal);
      else counts = unit === 'calendar_days' || isBusinessDay(date, state);
    } else {
      // No calendar for this day: school days fall back to business days (spec §5); a calendar-day rule
      // keeps counting calendar days, since only its exclusion needed the calendar. The summer after the
      // calendar's last day is skipped up to an estimated next first day. Either way the date is an estimate.
      estimated = true;
      const inSummer = summer && model !== null && date > model.coverEnd && date < model.nextFirstDay;
      counts = !inSummer && (unit === 'calendar_days' || isBusinessDay(date, state));
    }
    if (counts) count++;
  }
  return { date: fromDayNumber(d), estimated };
}

/**
 * A rule row's due date from `startDate`: its count in its unit with its exclusions, unless the row's end-of-year
 * rule gives the date (year-end.ts). Every due date of a row — a request's or a process clock's — comes from here.
 */
export function countRow(startDate: string, row: Pick<DeadlineRule, 'days' | 'unit' | 'exclusions' | 'yearEnd'>, ctx: Omit<CountContext, 'exclusions'>): YearEndResult {
  const count = (n: number) => addCounted(startDate, n, row.unit, { ...ctx, exclusions: row.exclusions });
  return applyYearEnd(row.yearEnd, ctx.calendar, count, count(row.days));
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
  /** The rule table (default: allRules()). */
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
  for (const row of rulesFor(state, input.kind, input.rules ?? allRules())) {
    const result = countRow(day0, row, { state, calendar: input.calendar });
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
