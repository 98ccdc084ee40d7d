/**
 * School calendars from ICS (product spec §5): "no school", break and holiday events become closed dates,
 * and the first and last day of school are read from their events. Pure: no I/O.
 */
import ICAL from 'ical.js';
import type { SchoolCalendar } from '../types.js';
import { addDays, fromDayNumber, isValidDate, CalendarError, dayNumberOf, parseCalendarJson } from './calendar.js';
// ---------------------------------------------------------------------------------------------------------
// School calendars: ICS import
// ---------------------------------------------------------------------------------------------------------

export type IcsEventClass = 'closed' | 'first_day' | 'last_day' | null;

/** Phrases that always mean students are not in school. */
const STRONG_CLOSED =
  /\b(no school|no classes|no students|schools? (?:is |are )?closed|district closed|non[- ]?student days?|student holiday|teacher work ?days?|teacher planning days?)\b/;
/** Words that usually mean a closure, unless the event is clearly an activity (e.g. "Holiday Concert"). */
const WEAK_CLOSED = /\b(holidays?|breaks?|closed|closure|recess|vacation)\b/;
const ACTIVITY =
  /\b(concerts?|party|parties|program|performance|fair|sale|show|assembly|dance|lunch|luncheon|breakfast|celebration|spirit|market|drive|club|practice|game|camp|duty|meeting|workshop|bazaar|parade|sing|sing-along)\b/;
const FIRST_DAY = /\b(first day of (?:school|classes|instruction)|first day for students|first student day|first day of the school year)\b/;
const LAST_DAY = /\b(last day of (?:school|classes|instruction)|last day for students|last student day|last day of the school year)\b/;
const STAFF_ONLY = /\b(teachers?|staff)\b/;
const STUDENTS = /\bstudents?\b/;

/** How an ICS event summary is read (exported for tests and for showing the user what was imported). */
export function classifyIcsSummary(summary: string): IcsEventClass {
  const s = summary.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
  if (!s) return null;
  const staffOnly = STAFF_ONLY.test(s) && !STUDENTS.test(s);
  if (FIRST_DAY.test(s) && !staffOnly) return 'first_day';
  if (LAST_DAY.test(s) && !staffOnly) return 'last_day';
  if (STRONG_CLOSED.test(s)) return 'closed';
  if (WEAK_CLOSED.test(s) && !ACTIVITY.test(s)) return 'closed';
  return null;
}

function ymdOf(t: { year: number; month: number; day: number }): string {
  // ical.js may leave day overflowing the month (e.g. after `day += 1`); dayNumberOf carries it.
  return fromDayNumber(dayNumberOf(t.year, t.month, t.day));
}

interface Span {
  from: string;
  to: string;
}

/** Inclusive local-date span of an ICS occurrence. All-day DTEND is exclusive; so is a timed end at 00:00. */
function spanOf(start: ICAL.Time, end: ICAL.Time | null): Span {
  const from = ymdOf(start);
  if (!end) return { from, to: from };
  let to = ymdOf(end);
  const endsAtMidnight = end.isDate || (end.hour === 0 && end.minute === 0 && end.second === 0);
  if (endsAtMidnight) to = addDays(to, -1);
  if (to < from) to = from;
  return { from, to };
}

export interface IcsOptions {
  /** Override (or supply, when the ICS has no such event) the first day of school. */
  firstDay?: string;
  /** Override (or supply) the last day of school. */
  lastDay?: string;
  /**
   * When the ICS holds several school years, pick the one containing this date (YYYY-MM-DD), else the next
   * one starting after it, else the latest. Without it, the earliest school year in the file is used.
   */
  around?: string;
}

const MAX_OCCURRENCES = 2000;

/**
 * Build a SchoolCalendar from an iCalendar (.ics) file, using ical.js.
 *
 * - Events whose summary says no school / holiday / break / closed / recess / vacation / teacher workday /
 *   non-student day become closed dates or ranges (activities such as "Holiday Concert" are ignored).
 * - "First day of school" / "last day of school" events set firstDay / lastDay (student days; events for
 *   teachers or staff only are ignored).
 * - All-day events: DTEND is exclusive (RFC 5545), so DTSTART 20251222 / DTEND 20260103 closes 12-22..01-02.
 * - Recurring events are expanded (up to 2000 occurrences); cancelled events are skipped.
 *
 * Throws CalendarError when the text is not iCalendar or when no first/last day can be found.
 */
export function parseCalendarIcs(text: string, options: IcsOptions = {}): SchoolCalendar {
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (e) {
    throw new CalendarError(`School calendar ICS could not be parsed: ${(e as Error).message.split('\n')[0]}`);
  }
  const roots = (Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : (jcal as unknown[])) as unknown[];
  const closed: Span[] = [];
  const firsts: string[] = [];
  const lasts: string[] = [];

  const take = (summary: string, span: Span): void => {
    const cls = classifyIcsSummary(summary);
    if (cls === 'closed') closed.push(span);
    else if (cls === 'first_day') firsts.push(span.from);
    else if (cls === 'last_day') lasts.push(span.to);
  };

  let sawCalendar = false;
  for (const root of roots) {
    if (!Array.isArray(root)) continue;
    const comp = new ICAL.Component(root as never);
    if (comp.name !== 'vcalendar') continue;
    sawCalendar = true;
    for (const vevent of comp.getAllSubcomponents('vevent')) {
      const status = String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase();
      if (status === 'CANCELLED') continue;
      const event = new ICAL.Event(vevent);
      if (event.isRecurrenceException()) continue; // expanded through its master event
      if (!vevent.hasProperty('dtstart')) continue;
      if (event.isRecurring()) {
        const it = event.iterator();
        for (let i = 0; i < MAX_OCCURRENCES; i++) {
          const next = it.next();
          if (!next) break;
          const occ = event.getOccurrenceDetails(next);
          const occStatus = String(occ.item.component.getFirstPropertyValue('status') ?? '').toUpperCase();
          if (occStatus === 'CANCELLED') continue;
          take(occ.item.summary ?? '', spanOf(occ.startDate, occ.endDate));
        }
      } else {
        take(event.summary ?? '', spanOf(event.startDate, event.endDate));
      }
    }
  }
  if (!sawCalendar) throw new CalendarError('School calendar ICS has no VCALENDAR component');

  const year = pickSchoolYear(firsts, lasts, options);
  const cal = { firstDay: year.firstDay, lastDay: year.lastDay, closed: mergeSpans(closed, year) };
  // Same validation as JSON calendars (also checks firstDay <= lastDay).
  return parseCalendarJson(cal);
}

function pickSchoolYear(firsts: string[], lasts: string[], o: IcsOptions): { firstDay: string; lastDay: string } {
  for (const [k, v] of [
    ['firstDay', o.firstDay],
    ['lastDay', o.lastDay],
    ['around', o.around],
  ] as const) {
    if (v !== undefined && !isValidDate(v)) throw new CalendarError(`Invalid ${k} option "${v}": expected YYYY-MM-DD`);
  }
  const fs = [...new Set(firsts)].sort();
  const ls = [...new Set(lasts)].sort();
  let firstDay: string | undefined;
  let lastDay: string | undefined;
  if (o.firstDay || o.lastDay) {
    firstDay = o.firstDay ?? [...fs].reverse().find((f) => f < o.lastDay!);
    lastDay = o.lastDay ?? (firstDay ? ls.find((l) => l > firstDay!) : undefined);
  } else {
    // Pair each first day with the earliest last day after it: one pair per school year in the file.
    const years: Array<{ firstDay: string; lastDay: string }> = [];
    for (const f of fs) {
      const l = ls.find((x) => x > f);
      if (l && !years.some((y) => y.lastDay === l)) years.push({ firstDay: f, lastDay: l });
    }
    const around = o.around;
    const chosen = around
      ? (years.find((y) => y.firstDay <= around && around <= y.lastDay) ??
        years.find((y) => y.firstDay > around) ??
        years[years.length - 1])
      : years[0];
    firstDay = chosen?.firstDay ?? fs[0];
    lastDay = chosen?.lastDay ?? (firstDay ? undefined : ls[0]);
  }
  if (!firstDay || !lastDay) {
    const missing = [!firstDay ? '"first day of school"' : null, !lastDay ? '"last day of school"' : null]
      .filter(Boolean)
      .join(' and ');
    throw new CalendarError(
      `School calendar ICS has no ${missing} event; add one or give firstDay/lastDay explicitly`,
    );
  }
  return { firstDay, lastDay };
}

/** Merge overlapping/adjacent spans, clip them to the school year, and write singles as plain dates. */
function mergeSpans(spans: Span[], year: { firstDay: string; lastDay: string }): SchoolCalendar['closed'] {
  const clipped = spans
    .map((s) => ({ from: s.from < year.firstDay ? year.firstDay : s.from, to: s.to > year.lastDay ? year.lastDay : s.to }))
    .filter((s) => s.from <= s.to)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: Span[] = [];
  for (const s of clipped) {
    const last = merged[merged.length - 1];
    if (last && s.from <= addDays(last.to, 1)) {
      if (s.to > last.to) last.to = s.to;
    } else merged.push({ ...s });
  }
  return merged.map((s) => (s.from === s.to ? s.from : { from: s.from, to: s.to }));
}

