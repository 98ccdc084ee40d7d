/**
 * The app as a parent's browser meets it: a fresh migrated database on the run's engine (the embedded PostgreSQL,
 * or TEST_DATABASE_URL's server; a copy of the run's migrated template, test/helpers/db-templates.ts, instead of a
 * PGlite initdb plus every migration per file), the app from the composition root on a real port, and Debian's
 * Chromium. One start and one teardown for every browser test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DbHandle } from '../../src/db/client.js';
import { testApp } from './app.js';
import { launchChromium } from './browser.js';
import { createTestDb, SERVICE_DRIVER } from './db.js';

export interface BrowserApp {
  base: string;
  handle: DbHandle;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserApp(name: string): Promise<BrowserApp> {
  const dir = mkdtempSync(join(tmpdir(), `ft-e2e-${name}-`));
  const [handle, browser] = await Promise.all([createTestDb(SERVICE_DRIVER), launchChromium()]);
  const app = testApp({ db: handle.db, runtime: 'node', version: 'e2e', uploadDir: join(dir, 'uploads') });
  let server: ServerType | undefined;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return {
    base,
    handle,
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new demo family, signed in on its home page, in a browser context of its own at the given width. */
export async function demoHome(app: BrowserApp, width: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({ viewport: { width, height: width <= 480 ? 844 : 900 } });
  const page = await context.newPage();
  await page.goto(app.base);
  await page.getByRole('button', { name: 'Try it with a demo family' }).click();
  await page.waitForURL(`${app.base}/app`);
  return { context, page };
}

/** The page scrolls sideways by this many pixels (0 or less: it does not). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}
