/**
 * The public rules pages and the child page's "Process clocks" section over the real app: no sign-in for
 * /rules, an anchor for every rule, one of the three coverage states for every jurisdiction × rule, the clock
 * section linking each due date to its rule, the confirm control for an estimated consent date, hand-entered
 * dates with CSRF and validation, another family's clock answering 404, and axe-core in Chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleTable, TRACKED_RULE_KINDS, coverageCounts } from '../../src/core/deadlines/index.js';
import { schoolMatcher } from '../../src/core/school.js';
import { clockEvents, clocks, drafts } from '../../src/db/schema.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../src/services/accounts/accounts.js';
import { createSession } from '../../src/services/accounts/sessions.js';
import { analyzeAccount } from '../../src/services/analysis/analyze-account.js';
import { draftFollowUps } from '../../src/services/drafts/followups.js';
import { importArchive } from '../../src/services/mailbox/import-archive.js';
import { testApp } from '../helpers/app.js';
import { axeViolations, describeViolations, hasChromium, launchChromium } from '../helpers/browser.js';
import { createTestDb } from '../helpers/db.js';
import { mail } from '../helpers/mail.js';
import { Client } from './client.js';

const NOW = new Date('2026-02-20T17:00:00Z');
const SCHOOL = 'district.k12.test';

describe('rules pages and process clocks in the app', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let app: ReturnType<typeof testApp>;
  let server: ServerType;
  let base: string;
  let family: { accountId: string; childId: string; token: string };
  let stranger: { accountId: string; token: string };
  let dir: string;

  beforeAll(async () => {
    handle = await createTestDb('pglite');
    app = testApp({ db: handle.db, now: () => NOW });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const account = await ensureAccount(handle.db, 'sam.parent@family.test', 'Sam Parent');
    const child = await ensureChild(handle.db, account.id, { name: 'Noor', state: 'CA', timezone: 'America/Los_Angeles' });
    await addSchoolContacts(handle.db, account.id, child.id, [SCHOOL]);
    dir = mkdtempSync(join(tmpdir(), 'clock-page-'));
    writeFileSync(
      join(dir, '1.eml'),
      mail({ from: 'Sam Parent <sam.parent@family.test>', to: `Case Manager <cm@${SCHOOL}>`, subject: 'Assessment plan', date: 'Tue, 03 Feb 2026 18:30:00 -0800', messageId: '<plan@family.test>', body: 'Hello,\n\nI signed the assessment plan and dropped it off at the front office today.\n\nSam\n' }),
    );
    await importArchive(handle.db, { accountId: account.id, childId: child.id, parentAddresses: new Set(['sam.parent@family.test']), school: schoolMatcher([SCHOOL]) }, dir);
    await analyzeAccount(handle.db, account.id, NOW);
    family = { accountId: account.id, childId: child.id, token: (await createSession(handle.db, account.id, NOW)).token };
    const other = await ensureAccount(handle.db, 'someone.else@family.test', 'Someone Else');
    stranger = { accountId: other.id, token: (await createSession(handle.db, other.id, NOW)).token };
  });
  afterAll(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await handle?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const client = (token?: string) => {
    const c = new Client(app);
    if (token) c.cookies.set('ft_session', token);
    return c;
  };

  it('/rules needs no sign-in, says it is not legal advice, and shows the coverage the rule table computes', async () => {
    const res = await fetch(`${base}/rules`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('This is not legal advice.');
    const counts = coverageCounts();
    for (const kind of TRACKED_RULE_KINDS) {
      const row = new RegExp(`<th scope="row">[^<]+</th><td>${counts[kind].rule}</td><td>${counts[kind]['federal-default']}</td><td>${counts[kind]['not-found']}</td>`);
      expect(html, kind).toMatch(row);
    }
    // Every state and DC is listed and linked.
    for (const j of ruleTable().filter((x) => x.code !== 'US')) expect(html).toContain(`href="/rules/${j.code.toLowerCase()}"`);
  });

  it('/rules/:state shows every rule with its fields and an anchor, and one of three states for each rule', async () => {
    for (const j of ruleTable()) {
      const res = await fetch(`${base}/rules/${j.code.toLowerCase()}`);
      expect(res.status, j.code).toBe(200);
      const html = await res.text();
      expect(html).toContain('This is not legal advice.');
      for (const r of j.rules) {
        expect(html, r.id).toContain(`id="${r.id}"`);
        expect(html).toContain(r.citation.replace(/&/g, '&amp;').replace(/'/g, '&#39;'));
        expect(html).toContain(`datetime="${r.verifiedOn}"`);
      }
      for (const kind of TRACKED_RULE_KINDS) {
        const section = html.split(`id="kind-${kind}"`)[1]!.split('</section>')[0]!;
        const states = [/<article class="card" id="/.test(section), section.includes('Federal default applies.'), section.includes('No state rule found.')];
        expect(states.filter(Boolean), `${j.code} ${kind}`).toHaveLength(1);
      }
    }
    expect((await fetch(`${base}/rules/zz`)).status).toBe(404);
    expect((await fetch(`${base}/rules/california`)).status).toBe(404);
  });

  it("/rules/ma shows Massachusetts' end-of-year rule on the row that has it, and only there", async () => {
    const html = await (await fetch(`${base}/rules/ma`)).text();
    const card = (id: string) => html.split(`id="${id}"`)[1]!.split('</article>')[0]!;
    expect(card('ma-proposed-iep')).toContain('If the clock starts 30 to 45 school days before the last day of the school year, the due date is instead 14 days after that last day.');
    expect(card('ma-evaluation-completion')).not.toContain('End of the school year');
  });

  it('the child page shows the clock: start, evidence, due date linked to its rule, status, the confirm control', async () => {
    const { res, html } = await client(family.token).page(`/children/${family.childId}`);
    expect(res.status).toBe(200);
    const section = html.split('id="clocks"')[1]!.split('</section>')[0]!;
    expect(section).toContain('Process clocks');
    expect(section).toContain('Not legal advice');
    expect(section).toContain('Evaluation completion');
    expect(section).toContain('Signed consent returned, Tue, Feb 3, 2026');
    expect(section).toContain('dropped it off at the front office');
    expect(section).toContain('(estimated');
    // California: 60 days not counting breaks over five school days; no calendar, so business days stand in.
    const [row] = await handle.db.select().from(clocks).where(eq(clocks.accountId, family.accountId));
    expect(section).toContain(`href="/rules/ca#${(row!.rule as { id: string }).id}"`);
    expect(section).toContain('Running');
    expect(section).toContain(`action="/clocks/${row!.id}/confirm"`);
  });

  it('confirming needs the CSRF token; another family gets 404; the confirmed date replaces the estimate', async () => {
    const [row] = await handle.db.select().from(clocks).where(eq(clocks.accountId, family.accountId));
    const mine = client(family.token);
    await mine.page(`/children/${family.childId}`);
    expect((await mine.post(`/clocks/${row!.id}/confirm`, { date: '2026-02-04' }, { csrf: null })).status).toBe(403);
    const other = client(stranger.token);
    await other.page('/app');
    expect((await other.post(`/clocks/${row!.id}/confirm`, { date: '2026-02-04' })).status).toBe(404);
    expect((await other.post(`/children/${family.childId}/clock-events`, { type: 'eligible', date: '2026-02-04' })).status).toBe(404);
    expect(await handle.db.select().from(clockEvents).where(eq(clockEvents.accountId, family.accountId))).toHaveLength(0);
    const res = await mine.post(`/clocks/${row!.id}/confirm`, { date: '2026-02-04' });
    expect(res.status).toBe(303);
    const [after] = await handle.db.select().from(clocks).where(eq(clocks.id, row!.id));
    expect([after!.startDate, after!.estimated]).toEqual(['2026-02-04', false]);
    const { html } = await mine.page(`/children/${family.childId}`);
    expect(html).not.toContain(`action="/clocks/${row!.id}/confirm"`);
  });

  it('a hand-entered date with a bad value is refused with a clear message, and nothing is stored', async () => {
    const mine = client(family.token);
    await mine.page(`/children/${family.childId}`);
    const before = (await handle.db.select().from(clockEvents).where(eq(clockEvents.accountId, family.accountId))).length;
    const bad = await mine.post(`/children/${family.childId}/clock-events`, { type: 'eligible', date: '2026-03-30' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('after today');
    // The form's own refusals, in the same words on the page.
    const malformed = await mine.post(`/children/${family.childId}/clock-events`, { type: 'eligible', date: '03/30/2026' });
    expect(malformed.status).toBe(422);
    expect(await malformed.text()).toContain('Enter the date as YYYY-MM-DD.');
    const unknown = await mine.post(`/children/${family.childId}/clock-events`, { type: 'meeting', date: '2026-02-18' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('Choose what happened');
    expect(await handle.db.select().from(clockEvents).where(eq(clockEvents.accountId, family.accountId))).toHaveLength(before);
    const ok = await mine.post(`/children/${family.childId}/clock-events`, { type: 'eligible', date: '2026-02-18' });
    expect(ok.status).toBe(303);
    const kinds = (await handle.db.select().from(clocks).where(eq(clocks.accountId, family.accountId))).map((c) => c.kind).sort();
    expect(kinds).toEqual(['evaluation-completion', 'iep-after-eligibility']);
  });

  it('an overdue clock gets its follow-up from the daily run; the child page links to it, and the draft page back to the clock', async () => {
    // The eligibility date entered above completed the evaluation: remove it (the parent's own entry, with CSRF).
    const mine = client(family.token);
    await mine.page(`/children/${family.childId}`);
    const [eligible] = (await handle.db.select().from(clockEvents).where(eq(clockEvents.accountId, family.accountId))).filter((e) => e.type === 'eligible');
    const other = client(stranger.token);
    await other.page('/app');
    expect((await other.post(`/clock-events/${eligible!.id}/delete`)).status).toBe(404);
    expect((await mine.post(`/clock-events/${eligible!.id}/delete`)).status).toBe(303);
    // Consent confirmed Feb 4 in California with no calendar: due in the spring; on Jun 1 it is overdue.
    const later = new Date('2026-06-01T17:00:00Z');
    await draftFollowUps(handle.db, family.accountId, later);
    const [evaluation] = (await handle.db.select().from(clocks).where(eq(clocks.accountId, family.accountId))).filter((c) => c.kind === 'evaluation-completion');
    expect(evaluation!.status).toBe('overdue');
    const [draft] = await handle.db.select().from(drafts).where(eq(drafts.clockId, evaluation!.id));
    expect(draft).toBeDefined();
    const { html } = await mine.page(`/children/${family.childId}`);
    expect(html.split(`id="clock-${evaluation!.id}"`)[1]!.split('</li>')[0]).toContain(`href="/drafts/${draft!.id}"`);
    const page = await mine.page(`/drafts/${draft!.id}`);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain(`href="/children/${family.childId}#clock-${evaluation!.id}"`);
    // Another family cannot open it.
    expect((await client(stranger.token).req(`/drafts/${draft!.id}`)).status).toBe(404);
  });

  it.skipIf(!hasChromium)('axe-core finds no violations on /rules, a state page and the child page', async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: 'ft_session', value: family.token, url: base }]);
      const page = await context.newPage();
      const problems: string[] = [];
      for (const path of ['/rules', '/rules/ca', '/rules/us', `/children/${family.childId}`]) {
        await page.goto(`${base}${path}`);
        await page.evaluate('document.querySelectorAll("details").forEach((d) => d.open = true)');
        const v = await axeViolations(page);
        if (v.length) problems.push(describeViolations(path, v));
      }
      expect(problems.join('\n')).toBe('');
    } finally {
      await browser.close();
    }
  });
});
