/**
 * End to end in a real browser (Debian Chromium through playwright-core): the real Node server on a fresh migrated
 * database of the run's engine (the embedded PostgreSQL, or TEST_DATABASE_URL's server), a fake Gmail behind the
 * real Gmail adapter. Sign up → add a child → upload an IEP → import a mailbox → see an overdue request → edit its draft (a tone finding appears as you type) → approve → the
 * message reaches the fake Gmail → the record shows it. Screenshots (390 and 1280 px) go to test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../src/db/client.js';
import { accounts, drafts, mailboxConnections } from '../../src/db/schema.js';
import { testApp } from '../helpers/app.js';
import { createTestDb, SERVICE_DRIVER } from '../helpers/db.js';
import { createGoogleOAuth } from '../../src/mail/oauth/google.js';
import { parseKeyring } from '../../src/security/crypto.js';
import { DbTokenStore } from '../../src/services/mailbox/token-store-db.js';
import { FakeGmailServer } from '../fakes/gmail-server.js';
import { FakeOAuthServer } from '../fakes/oauth-server.js';

const CHROMIUM = '/usr/bin/chromium';
const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url).pathname;
const PARENT = 'parent@gmail.test';

/** An .mbox (as Google Takeout writes it) from a corpus folder of .eml files. */
function mboxOf(folder: string): string {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(folder, f), 'utf8').replace(/\r\n/g, '\n').replace(/^From /gm, '>From ');
      return `From 1234567890@xxx Mon Jan 05 10:00:00 +0000 2026\n${text.endsWith('\n') ? text : `${text}\n`}\n`;
    })
    .join('');
}

describe.skipIf(!existsSync(CHROMIUM))('parent flow in a real browser', () => {
  let dir: string;
  let handle: DbHandle;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  const gmail = new FakeGmailServer({ email: PARENT });
  const oauth = new FakeOAuthServer('google');
  const keyring = parseKeyring(`k1:${Buffer.alloc(32, 7).toString('base64')}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ft-e2e-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    handle = await createTestDb(SERVICE_DRIVER);
    await gmail.start();
    await oauth.start();
    gmail.validTokens.add('at-e2e');
    const app = testApp({
      db: handle.db,
      runtime: 'node',
      version: 'e2e',
      uploadDir: join(dir, 'uploads'),
      mail: {
        keyring,
        providers: {
          gmail: {
            oauth: createGoogleOAuth({ clientId: oauth.clientId, clientSecret: oauth.clientSecret, redirectUri: 'http://localhost/cb', endpoints: { tokenEndpoint: oauth.tokenEndpoint } }),
            rootUrl: gmail.rootUrl,
            retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 1000 },
            quota: { unitsPerSec: 1_000_000, burst: 100_000 },
          },
        },
      },
    });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await handle?.close();
    await gmail.stop();
    await oauth.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs up, sets up a child, imports mail, reviews and approves a follow-up that reaches Gmail', async () => {
    const started = Date.now();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const shot = async (name: string) => {
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 390, height: 844 });
    };

    await page.goto(base);
    await expect(page.getByRole('button', { name: 'Try it with a demo family' }).isVisible()).resolves.toBe(true);
    expect(await page.textContent('footer')).toContain('This is not legal advice.');
    await shot('01-welcome');

    // Sign up.
    await page.getByRole('link', { name: 'Create an account' }).last().click();
    await page.getByLabel('Your name').fill('Daniel Morales');
    await page.getByLabel('Email').fill(PARENT);
    await page.getByLabel('Password').fill('a calm long password');
    await page.getByRole('button', { name: 'Create account' }).click();

    // The child.
    await page.waitForURL('**/onboarding/child');
    await page.getByLabel('First name').fill('Adrian');
    await page.getByLabel('School').first().fill('Sierrabrook Middle School');
    await page.getByLabel('State').selectOption('CA');
    await page.getByLabel('Time zone').selectOption('America/Los_Angeles');
    await page.getByRole('button', { name: 'Continue' }).click();

    // School contacts, then skip the calendar.
    await page.waitForURL('**/setup/contacts');
    await page.getByLabel('Add addresses or domains').fill('sierrabrook.k12.ca.us');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL('**/setup/calendar');
    await page.getByRole('link', { name: 'Skip for now' }).click();

    // The IEP.
    await page.waitForURL('**/setup/iep');
    await page.setInputFiles('input[name=file]', join(FIXTURES, 'iep/california-iep.txt'));
    await page.getByRole('button', { name: 'Upload and read' }).click();
    await page.waitForURL('**/iep?**');
    expect(await page.textContent('main')).toMatch(/We found \d+ provisions/);
    await shot('02-iep-review');
    await page.getByRole('link', { name: 'Looks right: continue' }).click();

    // The mailbox.
    await page.waitForURL('**/setup/mailbox');
    const mbox = join(dir, 'takeout.mbox');
    writeFileSync(mbox, mboxOf(join(FIXTURES, 'corpus/ca-records-renewed/mail')));
    await page.setInputFiles('input[name=file]', mbox);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/setup\/mailbox\/[0-9a-f-]{36}$/);
    expect(await page.textContent('main')).toContain('dmorales_77@outlook.com');
    await page.getByRole('button', { name: 'Import and analyze' }).click();

    // The import runs in the background; its progress page says when it has finished.
    await page.waitForURL(/\/children\/[0-9a-f-]{36}\/imports\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    expect(await page.textContent('main')).toMatch(/Imported \d+ school messages of \d+/);
    await page.getByRole('link', { name: /requests$/ }).click();

    // The dashboard: an overdue request with its citation.
    await page.waitForURL(/\/children\/[0-9a-f-]{36}$/);
    const main = (await page.textContent('main'))!;
    expect(main).toMatch(/Overdue \(\d+\)/);
    expect(main).toContain('Cal. Educ. Code § 56504');
    expect(main).toMatch(/days past the due date/);
    await shot('03-dashboard');
    await page.locator('.card.overdue').first().getByRole('link', { name: 'Open the conversation' }).click();
    await page.waitForURL(/\/threads\/[0-9a-f-]{36}/);
    expect(await page.locator('mark.request').count()).toBeGreaterThan(0);
    await shot('03b-thread');
    await page.goBack();

    // A Gmail connection with encrypted tokens, as the OAuth flow would store it.
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.email, PARENT));
    const [conn] = await handle.db.insert(mailboxConnections).values({ accountId: acct!.id, provider: 'gmail', address: PARENT, status: 'active' }).returning();
    await new DbTokenStore(handle.db, conn!.id, keyring).save({ accessToken: 'at-e2e', refreshToken: 'rt-e2e', expiresAt: Date.now() + 3_600_000 });

    // Review the draft: a tone finding appears while typing.
    await page.locator('.card.overdue').first().getByRole('link', { name: 'Review the follow-up draft' }).click();
    await page.waitForURL(/\/drafts\/[0-9a-f-]{36}$/);
    const body = page.locator('#body');
    const original = await body.inputValue();
    await body.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nthis is illegal!');
    await page.waitForSelector('#tone-findings mark.tone', { timeout: 5000 });
    const findings = (await page.textContent('#tone-findings'))!;
    expect(findings).toContain('illegal');
    expect(findings).toMatch(/reads as a threat/);
    await shot('04-draft-tone');

    // Back to the calm text, edited a little, and approve.
    const approvedText = `${original.trimEnd()}\n`;
    await body.fill(approvedText);
    // A selector wait, not a string predicate: the page's CSP forbids eval, as it should.
    await page.locator('#tone-findings mark.tone').first().waitFor({ state: 'detached', timeout: 5000 });
    await page.getByRole('button', { name: 'Approve and send' }).click();
    await page.waitForLoadState('load');
    expect(await page.textContent('main')).toContain('Approved and sent from your mailbox');
    await shot('05-draft-sent');

    const sends = gmail.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages/send'));
    expect(sends).toHaveLength(1);
    const raw = Buffer.from((JSON.parse(sends[0]!.body.toString()) as { raw: string }).raw, 'base64url').toString('utf8');
    expect(raw).toMatch(/^To: .*sierrabrook\.k12\.ca\.us/m);
    expect(raw).not.toContain('illegal');
    const [sent] = await handle.db.select().from(drafts).where(eq(drafts.status, 'sent'));
    expect(sent).toBeDefined();

    // The record shows it.
    await page.getByRole('link', { name: 'Record' }).click();
    const record = (await page.textContent('#audit'))!;
    // Written for a person: sentences, not event codes (issue 14 #10).
    expect(record).toContain('You approved the follow-up');
    expect(record).toContain('The follow-up was sent from your mailbox');
    expect(record).not.toMatch(/draft\.|request\./);
    await shot('06-record');
    await context.close();
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
