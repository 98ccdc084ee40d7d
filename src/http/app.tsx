import { ensurePushSubscription } from '../services/mailbox/push-subscriptions.js';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { contextStorage } from 'hono/context-storage';
import { sql } from 'drizzle-orm';
import { lastSuccesses } from '../jobs/record-run.js';
import type { AppDeps, AppEnv } from './deps.js';
import { sessionMiddleware } from './middleware/session.js';
import { authRoutes } from './routes/auth.js';
import { accessRoutes } from './routes/access.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { onboardingRoutes, UPLOAD_LIMITS } from './routes/onboarding.js';
import { ladderRoutes } from './routes/ladder.js';
import { todoRoutes } from './routes/todos.js';
import { sameRequestRoutes } from './routes/same-request.js';
import { threadRoutes } from './routes/threads.js';
import { draftRoutes } from './routes/drafts.js';
import { settingsRoutes } from './routes/settings.js';
import { exportRoutes } from './routes/exports.js';
import { apiRoutes } from './routes/api.js';
import { requireAuth } from './util.js';
import { mountConnectRoutes, mountPushRoutes } from './mailbox-routes.js';
import { digestRoutes } from './routes/digest.js';
import { rulesRoutes } from './routes/rules.js';
import { clockRoutes } from './routes/clocks.js';
import { onError, onNotFound } from './errors.js';
import { securityHeaders } from './security-headers.js';
import { flashCookies } from './flash.js';

export type { AppDeps } from './deps.js';

/** Small bodies everywhere, except the upload routes with their own limits (413 before the body is read). */
function limitFor(path: string): number {
  if (/\/setup\/mailbox$/.test(path)) return UPLOAD_LIMITS.mailbox;
  if (/\/setup\/iep$/.test(path)) return UPLOAD_LIMITS.iep;
  if (/\/setup\/calendar$/.test(path)) return UPLOAD_LIMITS.calendar;
  return 1024 * 1024;
}

function tooLarge(limit: number) {
  const mb = Math.round(limit / (1024 * 1024));
  return new Response(
    `<!doctype html><meta charset="utf-8"><title>File too large</title><p>This file is larger than ${mb} MB, so it was not uploaded and nothing was changed. For a mailbox, export only the school-related labels or a shorter period; for an IEP, upload the PDF the school sent.</p><p><a href="javascript:history.back()">Go back</a></p>`,
    { status: 413, headers: { 'content-type': 'text/html; charset=UTF-8' } },
  );
}

/** One Hono app for both entries; everything runtime-specific is passed in. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Every response (and every log line of the request) carries its id; a caller's X-Request-Id is kept when sane.
  app.use('*', requestId());
  app.use('*', contextStorage());

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

  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const limit = limitFor(c.req.path);
    return bodyLimit({ maxSize: limit, onError: () => tooLarge(limit) })(c, next);
  });
  app.use('*', ...securityHeaders());
  app.use('*', flashCookies());
  mountPushRoutes(app, deps);
  app.use('*', sessionMiddleware(deps));

  const access = accessRoutes(deps);
  app.route('/', authRoutes(deps));
  app.route('/', access.app);
  app.route('/', rulesRoutes(deps));
  mountConnectRoutes(app, deps);

  const authed = new Hono<AppEnv>();
  authed.use('*', requireAuth);
  authed.route('/', dashboardRoutes(deps));
  authed.route('/', onboardingRoutes(deps));
  authed.route('/', threadRoutes(deps));
  authed.route('/', sameRequestRoutes(deps));
  authed.route('/', ladderRoutes(deps));
  authed.route('/', todoRoutes(deps));
  authed.route('/', draftRoutes(deps));
  authed.route('/', clockRoutes(deps));
  authed.route('/', settingsRoutes(deps, access.verifyLink));
  authed.route('/', exportRoutes(deps));
  authed.route('/', apiRoutes(deps));
  authed.route('/', digestRoutes(deps));
  app.route('/', authed);

  app.notFound(onNotFound);
  app.onError(onError(deps));
  return app;
}
