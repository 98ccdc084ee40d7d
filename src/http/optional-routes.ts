import type { Hono } from 'hono';
import { syncConnection } from '../services/mailbox/sync.js';
import { oauthClientsFromEnv } from '../services/mailbox/providers.js';
import type { Env } from '../config/env.js';
import type { AppDeps, AppEnv } from './deps.js';
import { oauthRoutes } from './routes/oauth.js';
import { mailDepsOf } from './send.js';

/**
 * Routes other helpers wrote, mounted behind the session middleware: /connect/gmail and /connect/outlook
 * (./routes/oauth.ts), which read `accountId` from the context. After a connection is stored, its first
 * sync starts in the background.
 */
export function mountOptionalRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const env = deps.env;
  const mail = mailDepsOf(deps);
  app.use('/connect/*', async (c, next) => {
    const s = c.get('session');
    if (!s) return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
    (c as unknown as { set(k: string, v: unknown): void }).set('accountId', s.account.id);
    await next();
  });
  app.route(
    '/',
    oauthRoutes({
      db: deps.db,
      keyring: mail.keyring,
      sessionSecret: env?.SESSION_SECRET,
      appUrl: env?.APP_URL ?? 'http://localhost:8787',
      clients: env?.APP_URL ? oauthClientsFromEnv(env as Env) : {},
      onConnected: async (connectionId) => {
        await syncConnection(mail, connectionId);
      },
    }) as unknown as Hono<AppEnv>,
  );
}
