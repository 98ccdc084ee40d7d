/**
 * Issue 14 defect 4 in a real browser (Debian Chromium through playwright-core), at 390 and 1280 px, each width
 * with a demo family of its own. On a request's conversation page the parent sets "My own due date" and presses
 * "Set": the press posts (it once did not: two follow-up plans on one page each added a document-wide
 * "already sent" listener, and the second cancelled every submit), and the request then shows the parent's
 * date as the parent's date, with the statutory date and its citation beside it, not replaced, on the
 * conversation, the request page, the home page, the digest preview, and the communication log (CSV and PDF).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLongDate } from '../../src/core/drafting.js';
import { auditEvents, requests } from '../../src/db/schema.js';
import { formatDate } from '../../src/http/util.js';
import { hasChromium } from '../helpers/browser.js';
import { demoHome, sidewaysOverflow, startBrowserApp, type BrowserApp } from '../helpers/browser-app.js';

const WIDTHS = [390, 1280] as const;
/** Before the demo clock (2026-03-12) and after the legal dates of its overdue requests: still overdue, by the parent's date. */
const PARENT_DATE = '2026-03-02';

describe.skipIf(!hasChromium)('defect 4: the parent’s own due date, in a real browser', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp('own-date');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  for (const width of WIDTHS) {
    it(`at ${width} px: "Set" posts, and every view shows the parent's date beside the statutory date and its citation`, async () => {
      const { context, page } = await demoHome(app, width);
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
      });
      try {
        // An overdue request with a statutory deadline, from the home page.
        const hrefs = await page.locator('section[aria-labelledby=h-overdue] article h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
        const ids = hrefs.map((h) => /\/requests\/([0-9a-f-]{36})/.exec(h)![1]!);
        const candidates = await app.handle.db.select().from(requests).where(inArray(requests.id, ids));
        const row = candidates.find((r) => r.dueBasis === 'statute' && r.dueDate < PARENT_DATE)!;
        expect(row).toBeDefined();
        expect(row.dueBasis).toBe('statute');
        expect(row.dueDate < PARENT_DATE).toBe(true);
        const citation = (row.rule as { citation: string }).citation;
        expect(citation).toMatch(/§|C\.F\.R\.|WAC|Code/);
        const legal = row.dueDate;
        const id = row.id;

        // The conversation, as the parent reaches it from the request page.
        await page.goto(`${app.base}/requests/${id}`);
        await page.getByRole('link', { name: /Open the conversation/ }).click();
        await page.waitForURL(/\/threads\/[0-9a-f-]{36}/);
        const card = page.locator(`#r-${id}`);
        await card.locator('summary', { hasText: 'Correct this' }).click();
        await card.getByLabel(/My own due date/).fill(PARENT_DATE);
        await card.getByRole('button', { name: 'Set', exact: true }).click();
        await page.waitForURL(/done=Saved/);
        expect(posts).toEqual([`/requests/${id}/override`]);
        const [after] = await app.handle.db.select().from(requests).where(eq(requests.id, id));
        expect(after?.overrides).toMatchObject({ dueDate: PARENT_DATE });
        // The detected legal date is kept as it was.
        expect(after?.dueDate).toBe(legal);
        const audited = await app.handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'request.override')));
        expect(audited.map((e) => e.data)).toEqual([{ field: 'dueDate', from: null, to: PARENT_DATE }]);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

        // The page shown after the redirect, the request page and the home page: the same due line.
        const dueLine = new RegExp(
          `^Your date: ${esc(formatDate(PARENT_DATE))} — the legal due date stays ${esc(formatDate(legal))} \\(.*${esc(citation)}.*\\)$`,
        );
        expect(norm(await page.locator(`#r-${id} .due`).first().textContent())).toMatch(dueLine);
        await page.goto(`${app.base}/requests/${id}`);
        expect(norm(await page.locator(`[data-request="${id}"] .due`).textContent())).toMatch(dueLine);
        await page.goto(`${app.base}/app`);
        expect(norm(await page.locator(`section[aria-labelledby=h-overdue] article[data-request="${id}"] .due`).textContent())).toMatch(dueLine);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

        // The digest preview: overdue by the parent's date, said to be theirs; the legal date and citation beside it.
        await page.goto(`${app.base}/digest/preview`);
        const item = page.locator(`a[href$="/requests/${id}"]`).locator('xpath=..');
        const digestText = norm(await item.textContent());
        expect(digestText).toContain('overdue (by the date you set)');
        expect(digestText).toContain(`Due ${formatLongDate(PARENT_DATE)}; the date you set; the legal date is ${formatLongDate(legal)} (statutory deadline, ${citation}`);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

        // The communication log: the CSV's status and the PDF's table keep both dates and the citation.
        const childId = after!.childId!;
        const csv = await (await page.request.get(`${app.base}/children/${childId}/log.csv`)).text();
        expect(csv).toContain(`overdue (your date ${PARENT_DATE}; legal date ${legal}, ${citation})`);
        const pdf = new Uint8Array(await (await page.request.get(`${app.base}/children/${childId}/log.pdf`)).body());
        const { text } = await extractText(pdf, { mergePages: true });
        const flat = norm(text);
        expect(flat).toContain(`${formatLongDate(PARENT_DATE)} (parent's date); legal: ${formatLongDate(legal)}`);
        expect(flat).toContain(`Statute: ${citation}`);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
