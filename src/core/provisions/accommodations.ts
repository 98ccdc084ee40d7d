/** The accommodations section: one provision per item (bulleted, checked or in a table). */
import { headerOf, type Column, splitCells } from './tables.js';
import { BULLET_RE, CHECKED_RE, collapse, LABEL_RE, UNCHECKED_RE } from './text.js';
import type { Walk } from './walk.js';

export function accommodations(w: Walk, start: number): number {
  const line = w.lines[start]!;
  const cols = headerOf(line);
  if (cols && cols.some((c) => c.type === 'accommodation')) return accommodationRows(w, start + 1, cols);
  if (UNCHECKED_RE.test(line.raw)) return skipItem(w, start);
  const marked = BULLET_RE.test(line.raw) || CHECKED_RE.test(line.raw);
  let text = line.text.replace(CHECKED_RE, '').replace(BULLET_RE, '');
  text = collapse(text);
  // A short category label ("Presentation:", "Setting:") is not an item.
  if (!marked && /:$/.test(text) && text.split(' ').length <= 5) return start + 1;
  let k = start + 1;
  while (k < w.lines.length) {
    const l = w.lines[k]!;
    if (l.blank || w.isHeading(k) || BULLET_RE.test(l.raw) || CHECKED_RE.test(l.raw) || UNCHECKED_RE.test(l.raw)) break;
    if (LABEL_RE.test(l.text) && !/^[a-z]/.test(l.text)) break;
    const cont = marked || /^[a-z(]/.test(l.text) || (!/[.!?;:]$/.test(text) && /^\s/.test(l.raw));
    if (!cont) break;
    text = `${text} ${l.text}`;
    k++;
  }
  if (text && !/^(?:none|n\/a|not applicable|no (?:accommodations|modifications))\b/i.test(text)) {
    w.add(start, { type: 'accommodation', text, section: w.section, page: w.pageOf(line) });
  }
  return k;
}

function skipItem(w: Walk, start: number): number {
  let k = start + 1;
  while (k < w.lines.length && !w.lines[k]!.blank && !w.isHeading(k) && /^\s/.test(w.lines[k]!.raw) && !UNCHECKED_RE.test(w.lines[k]!.raw) && !CHECKED_RE.test(w.lines[k]!.raw)) k++;
  return k;
}

function accommodationRows(w: Walk, from: number, cols: Column[]): number {
  let k = from;
  const a = cols.findIndex((c) => c.type === 'accommodation');
  while (k < w.lines.length) {
    const l = w.lines[k]!;
    if (l.blank) {
      k++;
      continue;
    }
    if (w.isHeading(k)) return k;
    const cells = splitCells(l.raw);
    if (cells && cells.length === cols.length) {
      const details: Record<string, string | number | null> = {};
      cols.forEach((c, j) => {
        if (j !== a) details[c.name.toLowerCase()] = cells[j] ?? null;
      });
      w.add(k, { type: 'accommodation', text: cells[a]!, section: w.section, page: w.pageOf(l), details });
    } else {
      return k;
    }
    k++;
  }
  return k;
}
