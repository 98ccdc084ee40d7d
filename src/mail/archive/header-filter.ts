/**
 * A cheap look at a raw message's header block, enough to tell whether it is school correspondence in the
 * backfill window without a full MIME parse. Unreadable headers pass: the parser then decides and records
 * why a message was skipped.
 */
import { schoolMatcher, type SchoolMatcher } from '../../core/school.js';
import { addressesInHeader } from '../school-filter.js';

export interface HeaderFilter {
  addresses: string[];
  domains: string[];
  since: Date;
}

// One filter is applied to every message of a backfill: its matcher is built once, not per message.
const matchers = new WeakMap<HeaderFilter, SchoolMatcher>();

export function passesHeaderFilter(raw: Uint8Array, filter: HeaderFilter): boolean {
  if (filter.addresses.length === 0 && filter.domains.length === 0) return true;
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 65_536)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  if (end === -1) return true;
  const unfolded = head.slice(0, end).replace(/\r?\n[ \t]+/g, ' ');
  const people: string[] = [];
  let date: string | null = null;
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^(from|to|cc|reply-to|sender|date):\s*(.*)$/i.exec(line);
    if (!m) continue;
    if (m[1]!.toLowerCase() === 'date') date = m[2]!;
    else people.push(...addressesInHeader(m[2]));
  }
  // Encoded-word addresses are rare but possible; when none could be read, let the parser decide.
  if (people.length === 0) return true;
  let school = matchers.get(filter);
  if (!school) matchers.set(filter, (school = schoolMatcher([...filter.addresses, ...filter.domains])));
  if (!people.some((a) => school.isSchool(a))) return false;
  const ms = date ? Date.parse(date.replace(/\([^)]*\)\s*$/, '').trim()) : Number.NaN;
  return Number.isNaN(ms) || ms >= filter.since.getTime();
}
