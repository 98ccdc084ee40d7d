/**
 * Dates as mail carries them. Output keeps the sender's own offset ("times keep their offsets"), so the
 * instant is parsed once and re-rendered at the offset written in the header.
 */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600,
};

export function isoWithOffset(dateText: string): { iso: string; ms: number } | null {
  const text = dateText.replace(/\s+/g, ' ').trim();
  const offset = offsetMinutes(text);
  const bare = text.replace(/\([^)]*\)\s*$/, '').trim();
  let ms = Date.parse(bare);
  // No zone written: read it as UTC (as the output says), never in the host's own zone. (Only a text that
  // parses on its own: V8 reads almost anything followed by a zone as a date.)
  if (offset === null && !Number.isNaN(ms)) ms = Date.parse(`${bare} +0000`);
  if (Number.isNaN(ms)) ms = parseAsctime(text, offset ?? 0);
  if (Number.isNaN(ms)) return null;
  return { iso: formatAtOffset(ms, offset ?? 0), ms };
}

function offsetMinutes(text: string): number | null {
  const numeric = /(?:^|\s|\d)([+-])(\d{2}):?(\d{2})(?:\s*\([^)]*\))?\s*(\d{4})?$/.exec(text);
  if (numeric) {
    const sign = numeric[1] === '-' ? -1 : 1;
    return sign * (Number(numeric[2]) * 60 + Number(numeric[3]));
  }
  const named = /\b([A-Z]{1,4})(?:\s*\([^)]*\))?\s*(\d{4})?$/.exec(text);
  if (named && named[1]! in ZONES) return ZONES[named[1]!]!;
  return null;
}

// mbox envelope dates are asctime: "Mon Jan 12 16:03:00 2026" or "Mon Jan 12 16:03:00 +0000 2026".
function parseAsctime(text: string, offset: number): number {
  const m = /([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2})(?::(\d{2}))?(?: [+-]\d{4}| [A-Z]{1,4})? (\d{4})/.exec(text);
  if (!m) return Number.NaN;
  const month = 'JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(m[1]!) / 3;
  if (month < 0 || !Number.isInteger(month)) return Number.NaN;
  return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5] ?? 0)) - offset * 60_000;
}

export function formatAtOffset(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
