/**
 * The printable record of the demo family's Ethan (issue 14 #10), read back with unpdf (pdf.js): a cover
 * page with the child's full name, school, district, period and date prepared; a table of requests with
 * basis and citation; the log with each message's full new text; "Page x of y" on every page; and every
 * line of text inside the margins. The parent's own due date is shown beside the legal one (#4).
 */
import { and, eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, messages, requests } from '../../../src/db/schema.js';
import { summaryOf, communicationLog } from '../../../src/services/accounts/exports.js';
import { fullNameFromIep, recordData } from '../../../src/services/accounts/record-data.js';
import { PAGE, recordPdf } from '../../../src/services/accounts/record-pdf.js';
import { applyOverride } from '../../../src/services/analysis/overrides.js';
import { createDemoFamily, DEMO_NOW } from '../../../src/services/onboarding/demo.js';
import { createTestDb } from '../../helpers/db.js';

let handle: Awaited<ReturnType<typeof createTestDb>>;
let accountId: string;
let ethanId: string;
const NOW = new Date(DEMO_NOW);

beforeAll(async () => {
  handle = await createTestDb();
  const account = await createDemoFamily(handle.db);
  accountId = account.id;
  const [ethan] = await handle.db.select().from(children).where(and(eq(children.accountId, accountId), eq(children.name, 'Ethan')));
  ethanId = ethan!.id;
}, 120_000);
afterAll(async () => handle?.close());

describe('the record as a PDF', () => {
  it('has a cover page, a table of requests with citations, the full log, page x of y, and text inside the margins', async () => {
    // The parent sets a date of their own on one request: the legal date stays beside it.
    const [statutory] = await handle.db.select().from(requests).where(and(eq(requests.childId, ethanId), eq(requests.dueBasis, 'statute')));
    await applyOverride(handle.db, { accountId, requestId: statutory!.id, actor: `parent:${accountId}`, change: { type: 'dueDate', value: '2026-03-20' }, now: NOW });

    const data = (await recordData(handle.db, accountId, ethanId, NOW))!;
    expect(data.childName).toBe('Ethan Whitcombe');
    const bytes = await recordPdf(data);
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    expect(totalPages).toBeGreaterThan(2);

    const cover = text[0]!;
    for (const s of ['Record of written communication with the school', 'Ethan Whitcombe', 'Coastal Bluffs Elementary', 'Coastal Bluffs Unified', 'Period', 'Prepared on', 'March 12, 2026', 'not legal advice'])
      expect(cover).toContain(s);

    const all = text.join('\n');
    expect(all).toContain('Requests made in writing');
    for (const col of ['Asked', 'Kind', 'Due', 'Basis and citation', 'Status', 'Days late']) expect(text[1]).toContain(col);
    const citation = (statutory!.rule as { citation: string }).citation;
    expect(all).toContain(`Statute: ${citation.replace(/\u00a7/g, '§')}`.slice(0, 20));
    // A table cell wraps, so its words are read apart: the parent's date and the legal one are both there.
    expect(all).toContain("(parent's");
    expect(all).toContain('legal:');
    expect(all).toContain('Communication log, oldest first');

    // The full new text of every message is in the log (compared word by word: lines wrap).
    const msgs = await handle.db.select().from(messages).where(eq(messages.childId, ethanId));
    const flat = all.replace(/\s+/g, ' ');
    for (const m of msgs) {
      const words = m.newText.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2013\u2014]/g, '-').split(/\s+/).filter(Boolean);
      const tail = words.slice(-8).join(' ');
      if (tail) expect(flat).toContain(tail);
    }

    for (let i = 0; i < totalPages; i++) expect(text[i]).toContain(`Page ${i + 1} of ${totalPages}`);

    // No line is wider than the text box.
    let lines = 0;
    for (let n = 1; n <= totalPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items as Array<{ str: string; transform: number[]; width: number }>) {
        if (!item.str.trim()) continue;
        lines++;
        const x = item.transform[4]!;
        expect(x, item.str).toBeGreaterThanOrEqual(PAGE.margin - 0.5);
        expect(x + item.width, item.str).toBeLessThanOrEqual(PAGE.width - PAGE.margin + 0.5);
      }
    }
    expect(lines).toBeGreaterThan(50);
  }, 60_000);

  it('the CSV log keeps both dates, and summaries are sentences, not the greeting or a cut word', async () => {
    const log = (await communicationLog(handle.db, accountId, ethanId, NOW))!;
    expect(log.entries.some((e) => /your date 2026-03-20; legal date \d{4}-\d{2}-\d{2}/.test(e.status))).toBe(true);
    for (const e of log.entries) {
      expect(e.summary).not.toMatch(/^(hi|hello|dear|good morning)\b[^.]*,$/i);
      if (e.summary.endsWith('…')) expect(e.summary).toMatch(/\w…$/);
    }
    expect(summaryOf('Hi Ms. Alvarez,\n\nThank you for the update. I am requesting a copy of his records.', 'Subj')).toBe('Thank you for the update. I am requesting a copy of his records.');
    expect(summaryOf('Good morning team,\n', 'Records')).toBe('Records');
    const long = summaryOf(`Hello,\n${'word '.repeat(80)}`, 's');
    expect(long.endsWith('word…')).toBe(true);
    expect(fullNameFromIep('STUDENT INFORMATION\nStudent: Ethan Whitcombe          Date of Birth: 03/14/2016', 'Ethan')).toBe('Ethan Whitcombe');
    expect(fullNameFromIep('Student: Maya Rivera', 'Ethan')).toBeNull();
  });
});
