/**
 * Local-date arithmetic and school calendars for the deadline engine.
 *
 * Every date here is a local calendar date written `YYYY-MM-DD`. Dates are turned into day numbers with
 * integer arithmetic (days since 1970-01-01 in the proleptic Gregorian calendar), never through a JS `Date`
 * in the process's local time, so results do not depend on the machine's timezone. The only instant → date
 * conversion is `localDateOf`, which uses `Intl.DateTimeFormat` with an explicit IANA zone.
 *
 * Pure: no I/O, no clock.
 */
import * as z from 'zod';
import type { SchoolCalendar } from '../types.js';

// ---------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Thrown for malformed dates, instants and zones given to the deadline code. */
export class DeadlineInputError extends Error {
  override name = 'DeadlineInputError';
}

/** Thrown when a school calendar (JSON or ICS) cannot be read. The message is one line, fit for a CLI. */
export class CalendarError extends Error {
  override name = 'CalendarError';
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  const table = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return table[month - 1] ?? 0;
}

/** True for a well-formed `YYYY-MM-DD` string naming a real date (2026-02-29 is not). */
export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function assertDate(s: string, what = 'date'): void {
  if (!isValidDate(s)) throw new DeadlineInputError(`Invalid ${what} "${s}": expected a real date as YYYY-MM-DD`);
}

/** Days since 1970-01-01 for a (year, month, day); day may overflow the month (it simply carries). */
export function dayNumberOf(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil, for the 1st of the month, then add the day offset.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5); // day of year of the 1st of the month
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + (day - 1);
}

/** Days since 1970-01-01 for a `YYYY-MM-DD` date. */
export function toDayNumber(date: string): number {
  assertDate(date);
  const m = DATE_RE.exec(date)!;
  return dayNumberOf(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The `YYYY-MM-DD` date of a day number (days since 1970-01-01). */
export function fromDayNumber(n: number): string {
  // Howard Hinnant's civil_from_days.
  const z0 = n + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `date` plus `n` days (n may be negative). */
export function addDays(date: string, n: number): string {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function diffDays(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Day of the week: 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: string): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

// ---------------------------------------------------------------------------------------------------------
// Instants → local dates
// ---------------------------------------------------------------------------------------------------------

/** ISO-8601 date-time with an explicit offset (`Z` or ±HH:MM), seconds and fractions optional. */
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        calendar: 'gregory',
        numberingSystem: 'latn',
      });
    } catch {
      throw new DeadlineInputError(`Unknown timezone "${timeZone}": expected an IANA zone such as America/Los_Angeles`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Epoch milliseconds of an ISO-8601 instant that carries its offset; throws on anything else. */
export function instantMs(iso: string): number {
  if (!INSTANT_RE.test(iso)) {
    throw new DeadlineInputError(
      `Invalid date-time "${iso}": expected ISO-8601 with an offset, e.g. 2026-01-12T16:03:00-08:00`,
    );
  }
  // Date.parse of an ISO string with an explicit offset is exact and independent of the local zone.
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new DeadlineInputError(`Invalid date-time "${iso}"`);
  // Reject impossible calendar parts that Date.parse may silently roll over (e.g. 2026-02-30T…).
  if (!isValidDate(iso.slice(0, 10))) throw new DeadlineInputError(`Invalid date-time "${iso}": not a real date`);
  return ms;
}

/**
 * The local calendar date, in IANA zone `timeZone`, of an instant given as ISO-8601 with offset
 * (or as epoch milliseconds). Correct across DST changes and year ends because the zone rules come
 * from the runtime's tz database via Intl.
 */
export function localDateOf(instant: string | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : instantMs(instant);
  const slot = Math.floor(ms / SLOT_MS);
  let known = slotDates.get(timeZone);
  const hit = known?.get(slot);
  if (hit !== undefined) return hit;
  const first = slot * SLOT_MS;
  const last = first + SLOT_MS - 1;
  if (!Number.isSafeInteger(slot) || Math.abs(first) > MAX_INSTANT_MS - SLOT_MS) return formatLocalDate(ms, timeZone, instant);
  const atFirst = formatLocalDate(first, timeZone, instant);
  if (formatLocalDate(last, timeZone, instant) !== atFirst) return formatLocalDate(ms, timeZone, instant); // midnight or a change of offset inside
  if (!known || known.size >= MAX_SLOTS_PER_ZONE) slotDates.set(timeZone, (known = new Map()));
  known.set(slot, atFirst);
  return atFirst;
}

// Formatting with Intl is most of a page's date work (a dashboard asks for the local date of every request's
// message and of "now" many times over), so local dates are kept per zone by 15-minute slot of UTC time. Every
// offset in use is a multiple of 15 minutes, so local midnight falls on a slot's edge; a slot is kept only when
// its first and last millisecond have the same local date, so one that holds a midnight or a change of offset
// (as zones with odd historic offsets have) is always formatted afresh. Pure: the same answer as formatting.
const SLOT_MS = 15 * 60_000;
const MAX_SLOTS_PER_ZONE = 20_000; // about 200 days of slots; a full map is simply started again
const MAX_INSTANT_MS = 8.64e15; // the largest |time| a Date holds
const slotDates = new Map<string, Map<number, string>>();

function formatLocalDate(ms: number, timeZone: string, instant: string | number): string {
  const parts = formatterFor(timeZone).formatToParts(ms);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  const year = get('year');
  const date = `${year.padStart(4, '0')}-${get('month')}-${get('day')}`;
  if (!isValidDate(date)) throw new DeadlineInputError(`Could not resolve a local date for "${String(instant)}"`);
  return date;
}

// ---------------------------------------------------------------------------------------------------------
// School calendars: validation (JSON)
// ---------------------------------------------------------------------------------------------------------

const DateString = z
  .string()
  .regex(DATE_RE, 'expected a date as YYYY-MM-DD')
  .refine(isValidDate, { message: 'not a real date' });

const ClosedRange = z
  .object({ from: DateString, to: DateString })
  .refine((r) => r.from <= r.to, { message: '"from" is after "to"' });

const CalendarSchema = z
  .object({
    firstDay: DateString,
    lastDay: DateString,
    closed: z.array(z.union([DateString, ClosedRange])).default([]),
  })
  .refine((c) => c.firstDay <= c.lastDay, { message: 'firstDay is after lastDay', path: ['lastDay'] });

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '';
      return `${path ? path.replace(/^\./, '') + ': ' : ''}${i.message}`;
    })
    .join('; ');
}

/**
 * Validate a school calendar given as JSON text or as an already-parsed value:
 * `{ "firstDay": "2025-08-13", "lastDay": "2026-06-11", "closed": ["2025-09-01", { "from": "2025-12-22", "to": "2026-01-02" }] }`.
 * `closed` may be omitted (no closures). Unknown keys are ignored. Throws CalendarError with a one-line reason.
 */
export function parseCalendarJson(json: unknown): SchoolCalendar {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new CalendarError(`School calendar is not valid JSON: ${(e as Error).message}`);
    }
  }
  const r = CalendarSchema.safeParse(value);
  if (!r.success) throw new CalendarError(`Invalid school calendar: ${describeIssues(r.error)}`);
  return { firstDay: r.data.firstDay, lastDay: r.data.lastDay, closed: r.data.closed };
}

// ---------------------------------------------------------------------------------------------------------
// School days
// ---------------------------------------------------------------------------------------------------------

/** The expanded set of closed dates of a calendar (cached per calendar object). */
const closedCache = new WeakMap<SchoolCalendar, ReadonlySet<string>>();

export function closedDates(cal: SchoolCalendar): ReadonlySet<string> {
  let set = closedCache.get(cal);
  if (!set) {
    const s = new Set<string>();
    for (const c of cal.closed) {
      if (typeof c === 'string') {
        assertDate(c, 'closed date');
        s.add(c);
      } else {
        assertDate(c.from, 'closed range start');
        assertDate(c.to, 'closed range end');
        const end = toDayNumber(c.to);
        for (let n = toDayNumber(c.from); n <= end; n++) s.add(fromDayNumber(n));
      }
    }
    set = s;
    closedCache.set(cal, set);
  }
  return set;
}

/**
 * True when school is in session on `date`: between firstDay and lastDay (inclusive), Monday–Friday,
 * and not closed.
 */
export function isSchoolDay(date: string, cal: SchoolCalendar): boolean {
  assertDate(date);
  if (date < cal.firstDay || date > cal.lastDay) return false;
  if (isWeekend(date)) return false;
  return !closedDates(cal).has(date);
}
