/**
 * The written forms an IEP page uses, shared by every part of the extractor: whitespace, written dates, list
 * markers and labels, and the page's lines with running headers, footers and page numbers removed.
 */

export interface Line {
  /** Whitespace-collapsed text. */
  text: string;
  /** Original text (tabs and runs of spaces kept, for splitting table cells). */
  raw: string;
  page: number;
  blank: boolean;
}

export const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

export const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
export const DATE_SRC =
  '(?:\\d{1,2}/\\d{1,2}/(?:\\d{4}|\\d{2})(?!\\d)|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}-\\d{1,2}-\\d{4}|' +
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|' +
  'Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?\\s+\\d{1,2},?\\s+\\d{4})';
export const DATE_RE_FULL = new RegExp(`^${DATE_SRC}$`, 'i');
export const DATE_RE_ANY = new RegExp(DATE_SRC, 'gi');

/** A written date as YYYY-MM-DD (month-first for numeric dates, as US forms write them). */
export function toIsoDate(s: string): string | null {
  const t = s.trim();
  let y: number, m: number, d: number;
  let r = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(t);
  if (r) {
    m = Number(r[1]);
    d = Number(r[2]);
    y = Number(r[3]);
    if (r[3]!.length === 2) y += 2000;
  } else if ((r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
    y = Number(r[1]);
    m = Number(r[2]);
    d = Number(r[3]);
  } else if ((r = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(t))) {
    m = MONTHS.indexOf(r[1]!.slice(0, 3).toLowerCase()) + 1;
    d = Number(r[2]);
    y = Number(r[3]);
  } else return null;
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const LABEL_RE = /^[A-Z][A-Za-z0-9 /&'(),.#-]{0,40}:(\s|$)/;
export const BULLET_RE = /^\s*(?:[•·▪◦●○■♦➢►✓✔*]|[-–—](?=\s)|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*/;
export const CHECKED_RE = /^\s*(?:\[\s*[xX✓✔]\s*\]|☒|☑|\(\s*[xX]\s*\))\s*/;
export const UNCHECKED_RE = /^\s*(?:\[\s*\]|☐|□|\(\s*\))\s*/;
export const PAGE_MARK_RE = /^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|-\s*\d+\s*-)$/i;

/** Pages to lines, minus running headers, footers and page numbers. */
export function toLines(pages: string[]): Line[] {
  const perPage = pages.map((p) => p.replace(/\r\n?/g, '\n').split('\n'));
  // Running headers/footers: a line repeated at the top or bottom of most pages.
  const edgeCounts = new Map<string, number>();
  for (const lines of perPage) {
    const nonBlank = lines.map(collapse).filter((l) => l);
    const edges = new Set([...nonBlank.slice(0, 2), ...nonBlank.slice(-2)]);
    for (const e of edges) edgeCounts.set(e, (edgeCounts.get(e) ?? 0) + 1);
  }
  const running = new Set<string>();
  if (pages.length >= 2) {
    for (const [l, c] of edgeCounts) if (c >= 2 && c >= pages.length / 2) running.add(l);
  }
  const out: Line[] = [];
  perPage.forEach((lines, i) => {
    for (const raw of lines) {
      const text = collapse(raw.replace(/\f/g, ''));
      if (PAGE_MARK_RE.test(text) || running.has(text)) continue;
      out.push({ text, raw: raw.replace(/\f/g, ''), page: i + 1, blank: text.length === 0 });
    }
  });
  return out;
}
