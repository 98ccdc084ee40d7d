/**
 * The composition root: everything the web app and the jobs use is built here, once per unit of work (the
 * Node process; a Worker request, cron tick or queue batch), from the parsed configuration and what the
 * runtime offers. The two entries (src/node.ts, src/worker.ts) only pick a runtime and call this.
 */
import type { Env } from '../config/env.js';
import type { DbHandle } from '../db/client.js';
import type { AppDeps } from '../http/deps.js';
import { requestLogFields } from '../http/request-context.js';
import type { JobDeps } from '../jobs/deps.js';
import { createLlmClient } from '../llm/client.js';
import { createLogger, type Logger, type LogSink } from '../log/logger.js';
import { accountMailer } from '../services/accounts/account-mail.js';
import { LoginThrottle } from '../services/accounts/login-throttle.js';
import type { Deliverer } from '../services/digest/delivery.js';
import { mailboxDeliverer } from '../services/digest/mailbox-delivery.js';
import { recoverStuckSends } from '../services/drafts/stuck-sends.js';
import type { MailDeps } from '../services/mailbox/providers.js';
import { renewPushSubscriptions } from '../services/mailbox/push-subscriptions.js';
import { mailServices, type MailboxWork } from '../services/mailbox/services.js';
import { syncConnection } from '../services/mailbox/sync.js';
import { refreshConnectionTokens } from '../services/mailbox/token-refresh.js';

export interface Runtime {
  name: 'node' | 'workers';
  version: string;
  /** Who holds a job claim: host:pid on Node, 'worker' on Workers. */
  instance: string;
  /** The database handle of this unit of work; closed by whoever opened it. */
  db: DbHandle;
  /** Delivery channels only this runtime has (SMTP on Node: nodemailer needs sockets). */
  deliverers?: Deliverer[];
  /** Where uploaded mailboxes wait for confirmation; null where there is no file system. */
  uploadDir: string | null;
  /**
   * Set where work must not outlive the request that started it (Workers): the backfill after connecting
   * and push-triggered syncs become Queue messages, run by a consumer on its own database handle.
   */
  enqueue?: (work: MailboxWork) => Promise<void>;
  /** Told after a mailbox connection is stored (Node starts its IMAP watch). */
  onMailboxConnected?: (connectionId: string) => void;
  /** Replaces parts built from env; for tests (test/helpers/app.ts), never set by the entries. */
  overrides?: { clock?: () => Date; logSink?: LogSink; mail?: Partial<Omit<MailDeps, 'db'>>; fetch?: typeof fetch };
}

export interface Deps {
  env: Env;
  log: Logger;
  app: AppDeps;
  jobs: JobDeps;
}

export function createDeps(env: Env, runtime: Runtime): Deps {
  const db = runtime.db.db;
  const o = runtime.overrides ?? {};
  const log = createLogger({ level: env.LOG_LEVEL, ...(o.logSink ? { sink: o.logSink } : {}), fields: { runtime: runtime.name }, context: requestLogFields });
  const clock = o.clock ?? (() => new Date());
  const connected = runtime.onMailboxConnected ? { afterConnected: runtime.onMailboxConnected } : {};
  const mail = mailServices({ db, env, log, ...connected, ...(o.mail ? { mail: o.mail } : {}), ...(runtime.enqueue ? { enqueue: runtime.enqueue } : {}) });
  // The in-process variant: what a queue consumer (or Node) runs for the work `mail` hands out.
  const local = runtime.enqueue ? mailServices({ db, env, log, ...(o.mail ? { mail: o.mail } : {}) }) : mail;

  const app: AppDeps = {
    db,
    runtime: runtime.name,
    version: runtime.version,
    env,
    now: clock,
    log,
    mailer: accountMailer(env, log),
    loginThrottle: new LoginThrottle(db),
    mail,
    uploadDir: runtime.uploadDir,
    fetch: o.fetch ?? ((input, init) => fetch(input, init)),
  };

  const jobs: JobDeps = {
    db,
    uploadDir: runtime.uploadDir,
    clock,
    instance: runtime.instance,
    log,
    appUrl: env.APP_URL,
    llm: createLlmClient(env),
    deliverers: [mailboxDeliverer(mail.sync), ...(runtime.deliverers ?? [])],
    refreshTokens: (jobDb, connectionId, now) => refreshConnectionTokens({ keyring: mail.sync.keyring, oauth: mail.oauthClients }, jobDb, connectionId, now),
    renewPush: async (now) => (await renewPushSubscriptions(mail.push, { now })).length,
    recoverSends: async (now) => (await recoverStuckSends(mail.sync, { now })).length,
    syncConnection: async (jobDb, connectionId, now) => {
      const r = await syncConnection({ ...mail.sync, db: jobDb }, connectionId, { now, actor: 'job:sync' });
      if (r.status === 'failed') throw new Error(`sync failed: ${r.reason ?? r.error?.message ?? 'unknown'}`);
      return { pages: r.pages, seen: r.seen, stored: r.stored, ignored: r.ignored, skipped: r.skipped, [`status_${r.status}`]: 1 };
    },
    mailboxConnected: async (connectionId) => {
      await local.onConnected(connectionId);
      return { connected: 1 };
    },
  };
  return { env, log, app, jobs };
}
