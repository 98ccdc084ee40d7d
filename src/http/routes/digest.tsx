/**
 * GET /digest/preview: this week's digest as it stands now, for the signed-in account: exactly the HTML the
 * weekly job would send (?format=text for the plain-text part). Mount behind the session middleware:
 * `app.route('/', digestRoutes(deps))`. The account comes from `c.get('accountId')`, or from the loaded
 * session when the app sets that instead.
 */
import { Hono } from 'hono';
import type { Db } from '../../db/client.js';
import { buildDigest } from '../../services/digest/weekly.js';

export interface DigestRouteDeps {
  db: Db;
  appUrl: string;
  now: () => Date;
}

type DigestEnv = { Variables: { accountId?: string; session?: { account: { id: string } } | null } };

export function digestRoutes(deps: DigestRouteDeps) {
  const app = new Hono<DigestEnv>();
  app.get('/digest/preview', async (c) => {
    const accountId = c.get('accountId') ?? c.get('session')?.account.id;
    if (!accountId) return c.json({ error: 'unauthorized' }, 401);
    const digest = await buildDigest(deps.db, accountId, deps.now(), deps.appUrl);
    c.header('cache-control', 'no-store');
    if (c.req.query('format') === 'text') return c.text(digest.text);
    return c.html(digest.html);
  });
  return app;
}
