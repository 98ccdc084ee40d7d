/** The goals section: one provision per goal, labelled ("Goal 2 (Reading): …") or an unlabelled statement. */
import { BULLET_RE, collapse, LABEL_RE } from './text.js';
import type { Walk } from './walk.js';

export function goals(w: Walk, start: number): number {
  const GOAL_LABEL =
    /^(?:Measurable\s+)?(?:Annual\s+)?Goal\s*(?:#|No\.?|Number)?\s*(\d+[A-Za-z]?)\s*(?:\(([^)]+)\))?\s*[:.\-–—]?\s*(.*)$/i;
  const STATEMENT_LABEL = /^(?:Measurable\s+)?(?:Annual\s+)?Goal(?:\s+Statement)?\s*:\s*(.*)$/i;
  const AREA_LABEL = /^(?:Goal\s+)?Area(?:\s+of\s+Need)?\s*:\s*(.+)$/i;
  let k = start;
  let number: string | null = null;
  let area: string | null = null;
  const emit = (text: string, at: number): void => {
    w.add(at, { type: 'goal', text, section: w.section, page: w.pageOf(w.lines[at]!), details: { number, area } });
  };
  const collect = (first: string, at: number): number => {
    let text = first;
    let j = at + 1;
    while (j < w.lines.length) {
      const over = w.lines[j]!.blank ? w.acrossPageBreak(j, text) : null;
      if (over !== null) j = over;
      const l = w.lines[j]!;
      if (l.blank || w.isHeading(j) || LABEL_RE.test(l.text) || GOAL_LABEL.test(l.text) || BULLET_RE.test(l.raw)) break;
      text = `${text} ${l.text}`;
      j++;
    }
    if (text) emit(collapse(text), at);
    return j;
  };
  const line = w.lines[k]!;
  let r = GOAL_LABEL.exec(line.text);
  if (r) {
    number = r[1]!;
    area = r[2] ? collapse(r[2]) : null;
    let rest = r[3] ?? '';
    const ar = /^Area(?:\s+of\s+Need)?\s*:\s*(.+)$/i.exec(rest);
    if (ar) {
      area = collapse(ar[1]!);
      rest = '';
    }
    k++;
    if (rest) return collect(rest, k - 1);
    // The statement follows on later w.lines ("Annual Goal: …"), after area/baseline w.lines.
    while (k < w.lines.length) {
      const l = w.lines[k]!;
      if (w.isHeading(k) || GOAL_LABEL.test(l.text)) return k;
      if (l.blank) {
        k++;
        continue;
      }
      const a = AREA_LABEL.exec(l.text);
      if (a) {
        area = collapse(a[1]!);
        k++;
        continue;
      }
      const s = STATEMENT_LABEL.exec(l.text);
      if (s) return collect(s[1]!, k);
      if (LABEL_RE.test(l.text)) {
        k++;
        continue;
      }
      return k;
    }
    return k;
  }
  r = STATEMENT_LABEL.exec(line.text);
  if (r) return collect(r[1]!, k);
  // An unlabelled goal statement: "By 06/2026, given …, X will …".
  if (/^(?:By|Given|When|Within|During|In)\b/.test(line.text)) {
    const [text, next] = w.paragraph(k);
    if (/\bwill\b/.test(text)) emit(text, k);
    return next;
  }
  return k + 1;
}
