/**
 * Extract the provisions of an IEP or Section 504 plan from its pages of plain text (pure, no I/O).
 *
 * Sections are found by their headings as real forms write them; services (prose lines or tables flattened
 * to text), accommodations/modifications (one per item), goals (one per goal) and key dates (meeting, start,
 * end, annual review, reevaluation) are pulled with the verbatim text, the heading they sit under and the page.
 */
import type { Provision } from '../types.js';
import { accommodations } from './accommodations.js';
import { goals } from './goals.js';
import { headingOf, type SectionKind } from './headings.js';
import { keyDates } from './key-dates.js';
import { services } from './services.js';
import { collapse, toLines } from './text.js';
import { Walk } from './walk.js';

export { toIsoDate } from './text.js';

export interface ExtractOptions {
  /** False when the page breaks of the source are unknown (e.g. DOCX): every provision gets page null. */
  paginated?: boolean;
}

export function extractProvisions(pages: string[], options: ExtractOptions = {}): Provision[] {
  const paginated = options.paginated ?? true;
  const lines = toLines(pages);
  const w = new Walk(lines, paginated);
  let kind: SectionKind = 'other';

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.blank) {
      i++;
      continue;
    }
    const h = headingOf(line);
    if (h) {
      w.section = line.text.replace(/:$/, '');
      kind = h;
      i++;
      continue;
    }
    for (const [n, kd] of keyDates(line).entries()) {
      w.add(i + n / 100, {
        type: 'key_date',
        text: collapse(kd.text),
        section: w.section,
        page: w.pageOf(line),
        details: { name: kd.name, label: collapse(kd.label), date: kd.date },
      });
    }
    if (kind === 'service') i = services(w, i);
    else if (kind === 'accommodation') i = accommodations(w, i);
    else if (kind === 'goal') i = goals(w, i);
    else i++;
  }

  const found = w.found;
  found.sort((a, b) => a.order - b.order);
  return found.map((f, n) => {
    const p: Provision = { id: `p${n + 1}`, type: f.type, text: f.text, section: f.section, page: f.page };
    if (f.details) p.details = f.details;
    return p;
  });
}
