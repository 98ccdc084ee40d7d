/**
 * The printable record (issue 14 #10): a document a parent can hand to an IEP team or a state-complaint
 * investigator. A cover page (child, school, district, period, prepared on), a table of requests (asked,
 * kind, due, basis and citation, status, days late), then the chronological log with the full new text of
 * each message. Every line is wrapped to the text box; every page says "Page x of y".
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatLongDate } from '../../core/drafting/format.js';
import type { RecordData, RecordRequest } from './record-data.js';
import { KIND_LABEL } from '../../core/kind-labels.js';

export const PAGE = { width: 612, height: 792, margin: 54 } as const;
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const INK = rgb(0.12, 0.16, 0.2);
const MUTED = rgb(0.32, 0.38, 0.43);
const LINE = rgb(0.8, 0.84, 0.88);

const STATUS: Record<string, string> = {
  overdue: 'Overdue',
  awaiting: 'Awaiting reply',
  acknowledged: 'Acknowledged only',
  answered: 'Answered',
  resolved: 'Resolved by parent',
};

/** WinAnsi (the standard fonts' encoding) cannot show every character: fold the common ones, mark the rest. */
export function winAnsi(s: string): string {
  return s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[\u00A0\t]/g, ' ')
    .replace(/\u00A7/g, '\u00A7')
    .normalize('NFC')
    .replace(/[^\x20-\x7E\u00A1-\u00FF\n]/g, '?');
}

/** Lines no wider than `width`: words wrap, and a word longer than the line (a URL, an address) is cut. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of winAnsi(text).split(/\r?\n/)) {
    let line = '';
    for (const word of para.split(/ +/)) {
      const tryLine = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(tryLine, size) <= width) {
        line = tryLine;
        continue;
      }
      if (line) out.push(line);
      let w = word;
      while (font.widthOfTextAtSize(w, size) > width && w.length > 1) {
        let cut = w.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
        out.push(w.slice(0, cut));
        w = w.slice(cut);
      }
      line = w;
    }
    out.push(line);
  }
  return out;
}

class Writer {
  page: PDFPage;
  y = 0;
  constructor(
    readonly pdf: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = this.newPage();
  }
  newPage(): PDFPage {
    this.page = this.pdf.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
    return this.page;
  }
  ensure(height: number) {
    if (this.y - height < PAGE.margin + 14) this.newPage();
  }
  text(s: string, opts: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; indent?: number; x?: number; width?: number } = {}) {
    const size = opts.size ?? 10;
    const f = opts.bold ? this.bold : this.font;
    const x = (opts.x ?? PAGE.margin) + (opts.indent ?? 0);
    const width = (opts.width ?? TEXT_WIDTH) - (opts.indent ?? 0);
    for (const line of wrap(s, f, size, width)) {
      this.ensure(size * 1.4);
      if (line) this.page.drawText(line, { x, y: this.y - size, size, font: f, color: opts.color ?? INK });
      this.y -= size * 1.4;
    }
  }
  gap(h: number) {
    this.y -= h;
  }
  rule() {
    this.ensure(8);
    this.page.drawLine({ start: { x: PAGE.margin, y: this.y }, end: { x: PAGE.width - PAGE.margin, y: this.y }, thickness: 0.5, color: LINE });
    this.y -= 8;
  }
}

const day = (ymd: string) => formatLongDate(ymd);

function dueCell(r: RecordRequest): string {
  return r.parentDueDate ? `${day(r.parentDueDate)} (parent's date); legal: ${day(r.legalDueDate)}` : day(r.dueDate);
}

function basisCell(r: RecordRequest): string {
  return r.basis === 'statute' && r.citation ? `Statute: ${r.citation}` : 'Courtesy window (no statutory deadline)';
}

/** The request table: columns wrap inside their own width; a row never splits across pages; the header repeats. */
function requestTable(w: Writer, reqs: RecordRequest[]) {
  const cols = [
    { title: 'Asked', width: 62, cell: (r: RecordRequest) => day(r.askedOn) },
    { title: 'Kind', width: 70, cell: (r: RecordRequest) => KIND_LABEL[r.kind] ?? r.kind },
    { title: 'Due', width: 92, cell: dueCell },
    { title: 'Basis and citation', width: 130, cell: basisCell },
    { title: 'Status', width: 80, cell: (r: RecordRequest) => STATUS[r.status] ?? r.status },
    { title: 'Days late', width: 70, cell: (r: RecordRequest) => (r.daysLate ? String(r.daysLate) : '-') },
  ];
  const size = 8.5;
  const pad = 3;
  const header = () => {
    w.ensure(30);
    let x = PAGE.margin;
    for (const c of cols) {
      w.page.drawText(c.title, { x: x + pad, y: w.y - size, size, font: w.bold, color: INK });
      x += c.width;
    }
    w.y -= size * 1.6;
    w.rule();
  };
  header();
  for (const r of reqs) {
    const cells = cols.map((c) => wrap(c.cell(r), w.font, size, c.width - 2 * pad));
    const height = Math.max(...cells.map((l) => l.length)) * size * 1.35 + 6;
    if (w.y - height < PAGE.margin + 14) {
      w.newPage();
      header();
    }
    let x = PAGE.margin;
    cells.forEach((lines, i) => {
      lines.forEach((line, j) => w.page.drawText(line, { x: x + pad, y: w.y - size - j * size * 1.35, size, font: w.font, color: INK }));
      x += cols[i]!.width;
    });
    w.y -= height;
    w.rule();
  }
}

export async function recordPdf(data: RecordData): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(`Record of school communication: ${data.childName}`));
  pdf.setProducer('Followthrough');
  const w = new Writer(pdf, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold));

  // Cover page.
  w.gap(120);
  w.text('Record of written communication with the school', { size: 20, bold: true });
  w.gap(18);
  const facts: Array<[string, string]> = [
    ['Child', data.childName],
    ['School', data.school ?? 'not given'],
    ['District', `${data.district ?? 'not given'}${data.state ? ` (${data.state})` : ''}`],
    ['Period', data.period ? `${day(data.period.from)} to ${day(data.period.to)}` : 'no messages yet'],
    ['Prepared on', day(data.preparedOn)],
    ...(data.parentName ? ([['Prepared by', `${data.parentName}, with Followthrough`]] as Array<[string, string]>) : []),
    ['Contents', `${data.requests.length} written request${data.requests.length === 1 ? '' : 's'}; ${data.messages.length} message${data.messages.length === 1 ? '' : 's'}, oldest first`],
  ];
  for (const [k, v] of facts) {
    const top = w.y;
    w.text(k, { size: 11, bold: true, width: 110 });
    const after = w.y;
    w.y = top;
    w.text(v, { size: 11, x: PAGE.margin + 110, width: TEXT_WIDTH - 110 });
    w.y = Math.min(w.y, after) - 4;
  }
  w.gap(24);
  w.text(
    'Due dates come from a table of rules with citations (or, where no rule applies, a courtesy window). Where the parent set a date of their own, the legal date is shown beside it. Times are local to the school district. This is not legal advice.',
    { size: 9, color: MUTED },
  );

  // The requests.
  w.newPage();
  w.text('Requests made in writing', { size: 14, bold: true });
  w.gap(6);
  if (data.requests.length) requestTable(w, data.requests);
  else w.text('No written requests were found.', { color: MUTED });

  // The log.
  w.gap(16);
  w.ensure(60);
  w.text('Communication log, oldest first', { size: 14, bold: true });
  w.gap(6);
  for (const m of data.messages) {
    w.ensure(70);
    w.rule();
    w.text(`${m.at} - ${m.side === 'parent' ? 'from the parent' : 'from the school'}${m.automatic ? ' (automatic reply)' : ''}`, { bold: true });
    w.text(`From: ${m.from}`, { size: 9, color: MUTED });
    w.text(`To: ${m.to}`, { size: 9, color: MUTED });
    if (m.cc) w.text(`Cc: ${m.cc}`, { size: 9, color: MUTED });
    w.text(`Subject: ${m.subject}`, { size: 9, color: MUTED });
    if (m.requests.length) w.text(`Requests in this message: ${m.requests.map((k) => KIND_LABEL[k] ?? k).join(', ')}`, { size: 9 });
    w.gap(3);
    w.text(m.text || '(no new text)', { size: 10 });
    w.gap(6);
  }

  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    const size = 8;
    const width = w.font.widthOfTextAtSize(label, size);
    p.drawText(label, { x: PAGE.width - PAGE.margin - width, y: PAGE.margin / 2, size, font: w.font, color: MUTED });
    if (i > 0) p.drawText(winAnsi(data.childName), { x: PAGE.margin, y: PAGE.margin / 2, size, font: w.font, color: MUTED });
  });
  return pdf.save();
}
