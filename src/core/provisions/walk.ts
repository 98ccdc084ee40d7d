/**
 * The walk over an IEP's lines: where it stands (the section heading it is under), what it has found so far,
 * and the moves every section reader shares (paragraphs, page breaks inside a sentence, the next heading).
 */
import type { ProvisionType } from '../types.js';
import { headingOf } from './headings.js';
import { BULLET_RE, CHECKED_RE, LABEL_RE, type Line, UNCHECKED_RE } from './text.js';

export interface Found {
  order: number;
  type: ProvisionType;
  text: string;
  section: string;
  page: number | null;
  details?: Record<string, string | number | null>;
}

export class Walk {
  readonly found: Found[] = [];
  /** The heading of the section the walk is in. */
  section = '';

  constructor(
    readonly lines: Line[],
    private readonly paginated: boolean,
  ) {}

  pageOf(l: Line): number | null {
    return this.paginated ? l.page : null;
  }

  add(order: number, f: Omit<Found, 'order'>): void {
    this.found.push({ order, ...f });
  }

  /**
   * Blank lines at j that only separate the two halves of a sentence split by a page break: the index of the
   * line that continues `text`, else null.
   */
  acrossPageBreak(j: number, text: string): number | null {
    let k = j;
    while (k < this.lines.length && this.lines[k]!.blank) k++;
    const l = this.lines[k];
    if (!l || k === j || l.page === this.lines[j - 1]?.page) return null;
    return !/[.!?]$/.test(text) && /^[a-z]/.test(l.text) ? k : null;
  }

  /** Is line j the start of something else (a heading), ending the current block? */
  isHeading(j: number): boolean {
    const l = this.lines[j];
    return !!l && !l.blank && headingOf(l) !== null;
  }

  /** Gather a prose paragraph starting at j: [text, next index]. */
  paragraph(j: number, joinAll = false): [string, number] {
    let text = this.lines[j]!.text;
    let k = j + 1;
    while (k < this.lines.length) {
      const over = this.lines[k]!.blank ? this.acrossPageBreak(k, text) : null;
      if (over !== null) k = over;
      const l = this.lines[k]!;
      if (l.blank || this.isHeading(k) || BULLET_RE.test(l.raw) || CHECKED_RE.test(l.raw) || UNCHECKED_RE.test(l.raw)) break;
      if (!joinAll && LABEL_RE.test(l.text)) break;
      const cont = /^[a-z(]/.test(l.text) || !/[.!?:;]$/.test(text);
      if (!cont) break;
      text = `${text} ${l.text}`;
      k++;
    }
    return [text, k];
  }
}
