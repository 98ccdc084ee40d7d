import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { lastSuccesses } from '../jobs/record-run.js';
import { FirstRunPage } from './pages/first-run.js';

export interface AppDeps {
  db: Db;
  runtime: 'node' | 'workers';
  version: string;
}

/** One Hono app for both entries; everything runtime-specific is passed in. */
export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    const started = Date.now();
    try {
      await deps.db.execute(sql`select 1`);
      const jobs = await lastSuccesses(deps.db);
      return c.json({ ok: true, runtime: deps.runtime, version: deps.version, db: { ok: true, ms: Date.now() - started }, jobs });
    } catch {
      return c.json({ ok: false, runtime: deps.runtime, db: { ok: false } }, 503);
    }
  });

  app.get('/', (c) => c.html(<FirstRunPage />));

  app.notFound((c) => c.json({ error: 'not_found' }, 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled', name: err.name }));
    return c.json({ error: 'internal_error' }, 500);
  });
  return app;
}
