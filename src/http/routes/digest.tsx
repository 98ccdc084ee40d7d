/**
 * GET /digest/preview: this week's digest as it stands now, for the signed-in account: exactly the HTML the
 * weekly job would send (?format=text for the plain-text part), as of the account's now (the demo family's
 * fixed clock). Its links point at this server: on Node the request's own origin (so the preview's links
 * work whatever host and PORT the parent opened), on Workers APP_URL.
 */
import { Hono } from 'hono';
import { buildDigest } from '../../services/digest/weekly.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { nowFor, session } from '../util.js';

export function digestRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/digest/preview', async (c) => {
    const account = session(c).account;
    const base = deps.runtime === 'node' ? new URL(c.req.url).origin : deps.env.APP_URL;
    const digest = await buildDigest(deps.db, account.id, nowFor(deps, account), base);
    c.header('cache-control', 'no-store');
    if (c.req.query('format') === 'text') return c.text(digest.text);
    return c.html(digest.html);
  });
  return app;
}
