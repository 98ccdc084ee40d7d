/**
 * Everything the mailbox side needs, built once from the environment: the provider config, the keyring, a
 * coalescing sync trigger, and the dependencies of the OAuth and push routes. For the HTTP entry:
 *
 *   const mail = mailServicesFromEnv(db, env);
 *   app.route('/', oauthRoutes(mail.oauthRoutes));   // behind the session middleware (sets accountId)
 *   app.route('/', pushRoutes(mail.pushRoutes));     // public: no session, no CSRF
 */
import type { Env } from '../config/env.js';
import type { Db } from '../db/client.js';
import type { OAuthRouteDeps } from './routes/oauth.js';
import type { PushRouteDeps } from './routes/push.js';
import { logMail } from '../services/mailbox/audit.js';
import { mailDepsFromEnv, oauthClientsFromEnv } from '../services/mailbox/providers.js';
import { ensurePushSubscription, type PushDeps } from '../services/mailbox/push-subscriptions.js';
import { createSyncTrigger, syncConnection, type SyncDeps } from '../services/mailbox/sync.js';

export interface MailServices {
  sync: SyncDeps;
  push: PushDeps;
  /** Starts a sync of a connection, coalescing bursts (pushes) per connection within this process. */
  trigger: (connectionId: string) => Promise<void>;
  oauthRoutes: OAuthRouteDeps;
  pushRoutes: PushRouteDeps;
}

export function mailServicesFromEnv(db: Db, env: Env): MailServices {
  const sync: SyncDeps = mailDepsFromEnv(db, env);
  const keyring = sync.keyring;
  const push: PushDeps = { ...sync, appUrl: env.APP_URL, gmailTopic: env.GMAIL_PUBSUB_TOPIC };
  const trigger = createSyncTrigger((id) => syncConnection(sync, id));
  return {
    sync,
    push,
    trigger,
    oauthRoutes: {
      db,
      keyring,
      sessionSecret: env.SESSION_SECRET,
      appUrl: env.APP_URL,
      clients: oauthClientsFromEnv(env),
      // First sync (the backfill) and push subscription right after connecting; both are safe to repeat.
      onConnected: async (id) => {
        await trigger(id);
        await ensurePushSubscription(push, id).catch((e: unknown) => logMail('warn', 'push subscription after connect failed', { connectionId: id, error: (e as Error)?.name }));
      },
    },
    pushRoutes: { db, sessionSecret: env.SESSION_SECRET, trigger },
  };
}
