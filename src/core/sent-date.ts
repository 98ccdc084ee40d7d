/**
 * Choosing a message's sent time from the best evidence, so that one absurd Date header can never block an
 * import (a year 12026 row fails to insert) or every later analysis (an offset of +9999 breaks local dates).
 * Order of evidence: the Date header, the Received headers (each hop stamps its own time), the provider's
 * internal date (Gmail internalDate, Graph receivedDateTime, IMAP INTERNALDATE, mbox envelope), then the
 * time of import. Pure: `now` is passed in.
 */
import { isoWithOffset } from './dates.js';

/** Before this no school correspondence of a parent's mailbox plausibly exists. */
const EARLIEST_MS = Date.UTC(1990, 0, 1);
const YEAR_MS = 366 * 24 * 3600_000;
/** Real offsets run from −12:00 to +14:00. */
const MAX_OFFSET_MIN = 14 * 60;

export interface SentDateEvidence {
  dateHeader: string | null;
  /** Received header values, topmost (last hop) first. */
  received: string[];
  /** Provider internal date or mbox envelope date, as text or epoch ms. */
  internal: Array<string | number | null | undefined>;
  /** Import time: the last resort. */
  now: Date;
}

/** The message gives no sent time at all: no usable Date header and no other evidence. */
export class NoSentDateError extends Error {
  override name = 'NoSentDateError';
}

export interface SentDate {
  iso: string;
  ms: number;
  /** Set when the Date header was missing or not believable; says what was used instead. */
  warning: string | null;
}

export function chooseSentDate(e: SentDateEvidence): SentDate {
  const header = e.dateHeader ? isoWithOffset(e.dateHeader) : null;
  const headerProblem = e.dateHeader ? problemWith(header, e.now) ?? null : 'no Date header';
  if (header && !headerProblem) return { ...header, warning: null };

  const why = headerProblem ?? 'unreadable Date header';
  for (const line of e.received) {
    const stamp = line.slice(line.lastIndexOf(';') + 1).trim();
    const got = stamp ? isoWithOffset(stamp) : null;
    if (got && !problemWith(got, e.now)) return { ...got, warning: `${why}; used the Received header` };
  }
  for (const value of e.internal) {
    if (value === null || value === undefined || value === '') continue;
    const got = typeof value === 'number' ? fromEpoch(value) : isoWithOffset(value);
    if (got && !problemWith(got, e.now)) return { ...got, warning: headerProblem === 'no Date header' ? null : `${why}; used the mailbox's own date` };
  }
  // A missing or unreadable date with no other evidence is refused rather than dated "now": a request
  // would look new. Only a present but absurd date falls back to the import time.
  if (!header) throw new NoSentDateError(e.dateHeader ? `unreadable Date header: ${e.dateHeader.slice(0, 60)}` : 'no Date header');
  const ms = e.now.getTime();
  return { iso: e.now.toISOString().replace(/\.\d{3}Z$/, '+00:00'), ms, warning: `${why}; used the import time` };
}

function fromEpoch(ms: number): { iso: string; ms: number } | null {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  return { iso: new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00'), ms };
}

function problemWith(d: { iso: string; ms: number } | null, now: Date): string | null {
  if (!d || Number.isNaN(d.ms)) return 'unreadable Date header';
  if (d.ms < EARLIEST_MS || d.ms > now.getTime() + YEAR_MS) return `implausible date ${d.iso.slice(0, 10)}`;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(d.iso);
  if (!offset || Number(offset[3]) >= 60 || Number(offset[2]) * 60 + Number(offset[3]) > MAX_OFFSET_MIN) return 'impossible time-zone offset';
  if (!/^\d{4}-/.test(d.iso)) return `implausible date ${d.iso.slice(0, 12)}`;
  return null;
}
