/**
 * The Node runtime: one process, one database handle (the embedded PostgreSQL by default, or an external one), node-cron for the
 * schedule, background mailbox work in-process (coalesced per connection), SMTP when configured, and an IMAP
 * watch (IDLE, or polling) per active IMAP mailbox feeding the same coalesced sync trigger.
 */
import { serve } from '@hono/node-server';
import cron from 'node-cron';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from '../config/env.js';
import { openMigratedDb } from '../db/open.js';
import { createApp } from '../http/app.js';
import { runScheduledJob } from '../jobs/run-job.js';
import { SCHEDULE } from '../jobs/schedule.js';
import { smtpDeliverer } from '../services/digest/smtp-delivery.js';
import { resumeImportJobs } from '../services/onboarding/import-job.js';
import { uploadKey } from '../services/onboarding/upload-store.js';
import { createImapWatchers, type ImapWatchers } from '../services/mailbox/imap-watchers.js';
import { createDeps } from './create-deps.js';
import { startEmbeddedEarly, type EarlyServer } from '../db/embedded-early.js';

/**
 * `startedServer`: the embedded server src/node.ts started before this code loaded; without it (and without
 * DATABASE_URL) it starts here. Either way its lines are held until the logger exists.
 */
export async function startNode(environment: Record<string, string | undefined>, startedServer?: EarlyServer): Promise<void> {
  const env = parseEnv(environment);
  const loadedMs = Math.round(performance.now()); // since the process started: loading the code
  const embedded = env.DATABASE_URL ? undefined : (startedServer ?? startEmbeddedEarly(env.DATA_DIR));
  let carriedOver: string | null = null;
  const handle = await openMigratedDb(env, { onCarryOver: (line) => (carriedOver = line), ...(embedded ? { server: embedded.server } : {}) });
  const dbMs = Math.round(performance.now()) - loadedMs;
  const smtp = env.SMTP_URL ? smtpDeliverer({ url: env.SMTP_URL, from: env.SMTP_FROM, appUrl: env.APP_URL }) : null;
  const { app: appDeps, jobs, log } = createDeps(env, {
    name: 'node',
    version: environment['npm_package_version'] ?? 'dev',
    instance: `${hostname()}:${process.pid}`,
    db: handle,
    deliverers: smtp ? [smtp] : [],
    uploadDir: join(env.DATA_DIR, 'uploads'),
    onMailboxConnected: () => void watchers?.reconcile().catch(() => undefined),
  });
  embedded?.onLog((line) => log.debug('embedded PostgreSQL', { line }));
  if (carriedOver) log.info(carriedOver);
  // The set of watches follows the stored connections: at boot, after a connect, and every minute (disconnects,
  // "reconnect" marks and new app passwords are picked up by the timer).
  const watchers: ImapWatchers = createImapWatchers({
    db: handle.db,
    keyring: appDeps.mail.sync.keyring,
    trigger: appDeps.mail.trigger,
    log,
    ...(appDeps.mail.sync.providers.imap?.imap ? { transport: appDeps.mail.sync.providers.imap.imap } : {}),
  });
  const reconcileWatches = () => void watchers.reconcile().catch((err: unknown) => log.warn('IMAP watches not updated', { error: err instanceof Error ? err.name : 'unknown' }));
  reconcileWatches();
  const watchTimer = setInterval(reconcileWatches, 60_000);
  watchTimer.unref();
  const app = createApp(appDeps);
  const run = (job: (typeof SCHEDULE)[number], what: string) =>
    runScheduledJob(job, jobs).catch((err: unknown) => log.error(what, { job: job.name, error: err instanceof Error ? err.message : String(err) }));
  const tasks = SCHEDULE.map((job) => cron.schedule(job.cron, () => void run(job, 'job failed')));
  // Catch up after downtime without waiting for the next hour: the tick looks back (drafts, digest, reminders).
  const hourly = SCHEDULE.find((j) => j.name === 'hourly');
  if (hourly) void run(hourly, 'catch-up tick failed');
  // Imports a previous process left unfinished carry on from their cursors.
  if (appDeps.uploadDir) {
    const ctx = { db: appDeps.db, uploadDir: appDeps.uploadDir, key: uploadKey(appDeps.mail.sync.keyring), log, now: appDeps.now };
    void resumeImportJobs(ctx).catch((err: unknown) => log.error('import resume failed', { error: err instanceof Error ? err.name : 'error' }));
  }
  const server = serve({ fetch: app.fetch, port: env.PORT }, (info) =>
    log.info(`Followthrough on http://localhost:${info.port} (${handle.embedded ? `embedded PostgreSQL in ${env.DATA_DIR}` : 'PostgreSQL'})`, {
      loadedMs,
      dbMs,
      readyMs: Math.round(performance.now()),
    }),
  );
  const stop = async (exitCode = 0) => {
    for (const t of tasks) await t.stop();
    clearInterval(watchTimer);
    await watchers.stop();
    server.close();
    smtp?.close();
    await handle.close();
    process.exit(exitCode);
  };
  // A port already taken must not leave the embedded database running behind a process that serves nothing.
  server.on('error', (err: NodeJS.ErrnoException) => {
    log.error(err.code === 'EADDRINUSE' ? `Port ${env.PORT} is already in use; set PORT to a free port` : 'server failed', { error: err.code ?? err.name });
    void stop(1);
  });
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
