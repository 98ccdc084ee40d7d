import { Hono } from 'hono';
import { checkTone } from '../../core/tone.js';
import type { AppDeps, AppEnv } from '../deps.js';

/** JSON endpoints for progressive enhancement. CSRF: the x-csrf-token header (checked by the session middleware). */
export function apiRoutes(_deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.post('/api/tone', async (c) => {
    let text: unknown;
    try {
      text = ((await c.req.json()) as { text?: unknown }).text;
    } catch {
      return c.json({ error: 'invalid_json' }, 400);
    }
    if (typeof text !== 'string' || text.length > 20_000) return c.json({ error: 'text_required' }, 400);
    return c.json({ findings: checkTone(text) });
  });
  return app;
}
