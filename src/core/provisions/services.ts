/** The services section: a table (header on one line or one cell per line) or prose service lines. */
import { hasServiceAmount, groupOf, minutesOf, proseServiceDetails } from './service-details.js';
import { type Column, type ColType, columnOf, fitRow, headerOf, type RowFit, splitCells, TYPED } from './tables.js';
import { toIsoDate } from './text.js';
import type { Walk } from './walk.js';

export function services(w: Walk, start: number): number {
  const line = w.lines[start]!;
  // Header written on one line.
  let cols = headerOf(line);
  if (cols && cols.some((c) => c.type === 'service')) return serviceRows(w, start + 1, cols, false);
  // Header with each cell on its own line.
  if (columnOf(line.text)) {
    const hdr: Column[] = [];
    let k = start;
    while (k < w.lines.length) {
      const l = w.lines[k]!;
      if (l.blank) {
        k++;
        continue;
      }
      const c = columnOf(l.text);
      if (!c) break;
      hdr.push(c);
      k++;
    }
    if (hdr.length >= 3 && hdr.some((c) => c.type === 'service')) return serviceRows(w, k, hdr, true);
  }
  cols = null;
  // Prose service line(s).
  const [text, next] = w.paragraph(start);
  if (hasServiceAmount(text) && !/^total\b/i.test(text) && !/^(?:percent|percentage)\b/i.test(text)) {
    w.add(start, { type: 'service', text, section: w.section, page: w.pageOf(line), details: proseServiceDetails(text) });
  }
  return next;
}

function serviceRows(w: Walk, from: number, cols: Column[], cellPerLine: boolean): number {
  let k = from;
  while (k < w.lines.length) {
    if (w.lines[k]!.blank) {
      k++;
      continue;
    }
    if (w.isHeading(k)) return k;
    let fit: RowFit | null;
    let next: number;
    if (cellPerLine) {
      const idx: number[] = [];
      for (let j = k; j < w.lines.length && idx.length < cols.length; j++) {
        if (w.lines[j]!.blank) continue;
        if (w.isHeading(j)) break;
        idx.push(j);
      }
      fit = fitRow(
        idx.map((j) => w.lines[j]!.text),
        cols,
        false,
        1,
      );
      next = fit && fit.consumed > 0 ? idx[fit.consumed - 1]! + 1 : k;
    } else {
      const l = w.lines[k]!;
      const cells = splitCells(l.raw);
      fit = cells ? fitRow(cells, cols, true, 1) : null;
      if (!fit) fit = fitRow(l.text.split(' '), cols, true, 40);
      next = k + 1;
    }
    const typedCols = cols.filter((c) => TYPED.includes(c.type)).length;
    if (!fit || fit.typedHits < Math.max(1, Math.min(2, typedCols))) return k;
    addServiceRow(w, k, cols, fit.cells);
    k = next;
  }
  return k;
}

function addServiceRow(w: Walk, at: number, cols: Column[], cells: string[]): void {
  const get = (t: ColType): string | undefined => {
    const j = cols.findIndex((c) => c.type === t);
    return j >= 0 && cells[j] ? cells[j] : undefined;
  };
  const fd = get('freqdur');
  const fdDetails = fd ? proseServiceDetails(fd) : null;
  const details: Record<string, string | number | null> = {
    service: get('service') ?? null,
    minutes: minutesOf(get('minutes')) ?? fdDetails?.minutes ?? null,
    frequency: get('frequency') ?? (fdDetails?.frequency as string | null | undefined) ?? null,
    group: groupOf(get('group')),
    location: get('location') ?? null,
    provider: get('provider') ?? null,
    start: get('start') ? toIsoDate(get('start')!) : null,
    end: get('end') ? toIsoDate(get('end')!) : null,
  };
  const text = cells.filter((c) => c).join(', ');
  w.add(at, { type: 'service', text, section: w.section, page: w.pageOf(w.lines[at]!), details });
}
