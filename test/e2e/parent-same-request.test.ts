/**
 * Issue 14 defect 8 (correcting a split request) in a real browser (Debian Chromium through playwright-core),
 * at 390 and 1280 px, each width with a demo family of its own: on a request's page the parent opens "This is
 * the same request as…", chooses the child's earlier open request and presses "Join them". The page shown is
 * the earlier request, with the joined ask in its history and an undo; the joined request leaves the home page
 * and the child's page; pressing "Join them" again (double click) records one join; "Undo" splits them back.
 * axe-core finds nothing on the page, and it does not scroll sideways.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditEvents, children, messages, requests } from '../../src/db/schema.js';
import { childDashboard } from '../../src/http/routes/dashboard-data.js';
import { axeViolations, describeViolations, hasChromium } from '../helpers/browser.js';
import { demoHome, sidewaysOverflow, startBrowserApp, type BrowserApp } from '../helpers/browser-app.js';

const WIDTHS = [390, 1280] as const;
const DEMO_NOW = new Date('2026-03-12T17:00:00Z');

describe.skipIf(!hasChromium)('defect 8: joining a request counted twice, in a real browser', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await startBrowserApp('same-request');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  /** Of the newest demo family: a child with two open requests asked on different days (earlier, later). */
  async function twoOpenRequests() {
    const db = app.handle.db;
    const [newest] = await db.select().from(accounts).orderBy(desc(accounts.createdAt)).limit(1);
    for (const child of await db.select().from(children).where(eq(children.accountId, newest!.id))) {
      const open = (await childDashboard(db, child, DEMO_NOW)).requests.filter((r) => r.status === 'overdue' || r.status === 'awaiting');
      if (open.length < 2) continue;
      const dated = await db
        .select({ id: requests.id, at: messages.sentAt })
        .from(requests)
        .innerJoin(messages, eq(messages.id, requests.messageId))
        .where(inArray(requests.id, open.map((o) => o.row.id)))
        .orderBy(asc(messages.sentAt));
      const later = dated.filter((d) => d.at.getTime() !== dated[0]!.at.getTime()).at(-1);
      if (later) return { childId: child.id, earlier: dated[0]!.id, later: later.id };
    }
    throw new Error('the demo has no child with two open requests asked on different days');
  }

  /** The requests a page lists: their pages (/requests/<id>) and their cards in a conversation (#r-<id>). */
  const links = async (page: Page, path: string) => {
    await page.goto(`${app.base}${path}`);
    const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    return [...new Set(hrefs.flatMap((h) => /(?:^\/requests\/|#r-)([0-9a-f-]{36})/.exec(h)?.[1] ?? []))].map((id) => `/requests/${id}`);
  };
  const joins = async (id: string) => (await app.handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'request.joined')))).length;

  for (const width of WIDTHS) {
    it(`at ${width} px: "This is the same request as…" joins them into the earlier one, and "Undo" splits them`, async () => {
      const { context, page } = await demoHome(app, width);
      try {
        const { childId, earlier, later } = await twoOpenRequests();
        expect(await links(page, `/children/${childId}`)).toEqual(expect.arrayContaining([`/requests/${earlier}`, `/requests/${later}`]));

        await page.goto(`${app.base}/requests/${later}`);
        await page.locator('summary', { hasText: 'This is the same request as…' }).click();
        await page.getByLabel(/The same request as/).selectOption(earlier);
        const v = await axeViolations(page);
        expect(v, describeViolations(`/requests/${later}`, v)).toEqual([]);
        await page.getByRole('button', { name: 'Join them' }).dblclick();
        await page.waitForURL((u) => u.pathname === `/requests/${earlier}` && u.search.includes('done='));
        await page.waitForLoadState('load');
        expect(await joins(earlier)).toBe(1);
        const joined = page.locator(`[data-joined-request="${later}"]`);
        await expect.poll(() => joined.isVisible()).toBe(true);
        expect(await page.locator('main').textContent()).toContain('You said a second request is the same as this one');
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        const after = await axeViolations(page);
        expect(after, describeViolations(`/requests/${earlier}`, after)).toEqual([]);

        // Gone from the lists; the earlier request stays.
        const childLinks = await links(page, `/children/${childId}`);
        expect(childLinks).toContain(`/requests/${earlier}`);
        expect(childLinks).not.toContain(`/requests/${later}`);
        expect(await links(page, '/app')).not.toContain(`/requests/${later}`);

        // Undo, from the earlier request's page.
        await page.goto(`${app.base}/requests/${earlier}`);
        await page.locator(`[data-joined-request="${later}"]`).getByRole('button', { name: /Undo/ }).click();
        await page.waitForURL((u) => u.pathname === `/requests/${later}` && u.search.includes('done='));
        expect(await page.locator('main').textContent()).toContain('You made this its own request again');
        expect(await links(page, `/children/${childId}`)).toEqual(expect.arrayContaining([`/requests/${earlier}`, `/requests/${later}`]));
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
