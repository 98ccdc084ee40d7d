/**
 * A cheap look at a raw message's header block, enough to tell whether it is school correspondence in the
 * backfill window without a full MIME parse. Unreadable headers pass: the parser then decides and records
 * why a message was skipped.
 */
export interface HeaderFilter {
  addresses: string[];
  domains: string[];
  since: Date;
}

const ADDRESS = /[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/g;

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
    else people.push(...(m[2]!.match(ADDRESS) ?? []).map((a) => a.toLowerCase()));
  }
  // Encoded-word addresses are rare but possible; when none could be read, let the parser decide.
  if (people.length === 0) return true;
  const addresses = new Set(filter.addresses.map((a) => a.toLowerCase()));
  const domains = filter.domains.map((d) => d.toLowerCase().replace(/^@/, ''));
  const school = people.some((a) => addresses.has(a) || domains.some((d) => a.endsWith(`@${d}`) || a.endsWith(`.${d}`)));
  if (!school) return false;
  const ms = date ? Date.parse(date.replace(/\([^)]*\)\s*$/, '').trim()) : Number.NaN;
  return Number.isNaN(ms) || ms >= filter.since.getTime();
}
