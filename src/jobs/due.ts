/**
 * Which per-account work is due at `now`, pure (graphile-worker's matcher/loop split). The hourly tick calls
 * this for every account; the claim in job_runs, not this function, makes the work happen once. Every rule
 * looks back rather than matching an exact hour, so a tick missed during downtime is caught up by the next
 * one: a period is due from its local start time until the period ends (drafts: the rest of the local day;
 * the digest: until the backfill window closes).
 */
import type { AccountSettings } from '../services/accounts/settings.js';
import { addDays, daysBetween, isoWeek, localTime } from '../core/calendar/local-time.js';

/** Follow-up drafts are written at this local hour (spec §6: default daily 07:00). */
export const DRAFT_HOUR = 7;
/** A digest whose moment passed longer ago than this is skipped rather than sent late. */
export const DIGEST_BACKFILL_DAYS = 3;
/** Key dates are reminded this many days ahead (spec §5). */
export const REMINDER_DAYS_AHEAD = 30;

export type AccountJob = 'drafts' | 'digest' | 'reminder';

export interface DueWork {
  job: AccountJob;
  /** The exactly-once period: local date (drafts), ISO week (digest), key date (reminder). */
  period: string;
}

export interface KeyDate {
  date: string; // YYYY-MM-DD
  name: string;
}

/** The most recent digest moment at or before `now`: the configured weekday and hour, in the account's zone. */
export function lastDigestMoment(now: Date, timezone: string, settings: Pick<AccountSettings, 'digestDay' | 'digestHour'>): { date: string; ageDays: number } {
  const local = localTime(now, timezone);
  let back = (local.weekday - settings.digestDay + 7) % 7;
  if (back === 0 && local.hour < settings.digestHour) back = 7;
  const date = addDays(local.date, -back);
  // Age in days, rounded down, counted from the moment's hour.
  const hoursAgo = back * 24 + (local.hour - settings.digestHour);
  return { date, ageDays: Math.floor(hoursAgo / 24) };
}

export function dueWork(input: {
  now: Date;
  timezone: string;
  settings: Pick<AccountSettings, 'digestDay' | 'digestHour'>;
  keyDates: KeyDate[];
}): DueWork[] {
  const local = localTime(input.now, input.timezone);
  const out: DueWork[] = [];
  if (local.hour >= DRAFT_HOUR) out.push({ job: 'drafts', period: local.date });

  const moment = lastDigestMoment(input.now, input.timezone, input.settings);
  if (moment.ageDays < DIGEST_BACKFILL_DAYS) out.push({ job: 'digest', period: isoWeek(moment.date) });

  // A reminder is due from 30 days before the key date until the date itself; the claim makes it once.
  const dates = new Set<string>();
  for (const k of input.keyDates) {
    const ahead = daysBetween(local.date, k.date);
    if (ahead >= 0 && ahead <= REMINDER_DAYS_AHEAD) dates.add(k.date);
  }
  for (const d of [...dates].sort()) out.push({ job: 'reminder', period: d });
  return out;
}
