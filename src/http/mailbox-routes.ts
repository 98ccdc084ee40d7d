import { ensurePushSubscription } from '../services/mailbox/push-subscriptions.js';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from './deps.js';
import { connectImapRoutes } from './routes/connect-imap.js';
import { oauthRoutes } from './routes/oauth.js';
import { pushRoutes } from './routes/push.js';

/**
 * Provider webhooks, mounted before the session middleware: they carry their own proof (a signed token, a
 * clientState secret), so no session and no CSRF. A push only says "something changed"; the sync runs in
 * the background through `deps.mail.trigger`.
 */
export function mountPushRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.route('/', pushRoutes({
        db: deps.db,
        sessionSecret: deps.env.SESSION_SECRET,
        trigger: deps.mail.trigger,
        renew: (id) => ensurePushSubscription({ ...deps.mail.sync, appUrl: deps.env.APP_URL, gmailTopic: deps.env.GMAIL_PUBSUB_TOPIC }, id),
        log: deps.log,
      }) as unknown as Hono<AppEnv>);
}

/**
 * /connect/gmail and /connect/outlook (./routes/oauth.ts) and /connect/imap (./routes/connect-imap.tsx), mounted behind the session middleware: they read
 * `accountId` from the context. After a connection is stored, `deps.mail.onConnected` starts its backfill
 * and push subscription in the background.
 */
export function mountConnectRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.use('/connect/*', async (c, next) => {
    const s = c.get('session');
    if (!s) return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
    (c as unknown as { set(k: string, v: unknown): void }).set('accountId', s.account.id);
    await next();
  });
  // Before /connect/:provider. IMAP and SMTP need raw sockets (imapflow, nodemailer): the Node server has them, a Worker does not.
  if (deps.runtime === 'node') app.route('/', connectImapRoutes(deps));
  app.route(
    '/',
    oauthRoutes({
      db: deps.db,
      keyring: deps.mail.sync.keyring,
      sessionSecret: deps.env.SESSION_SECRET,
      appUrl: deps.env.APP_URL,
      clients: deps.mail.oauthClients,
      ...(deps.env.GMAIL_API_URL ? { gmailRootUrl: deps.env.GMAIL_API_URL } : {}),
      ...(deps.env.GRAPH_API_URL ? { graphBaseUrl: deps.env.GRAPH_API_URL } : {}),
      fetch: deps.fetch,
      now: () => deps.now().getTime(),
      onConnected: deps.mail.onConnected,
      log: deps.log,
    }) as unknown as Hono<AppEnv>,
  );
}
