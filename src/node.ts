import { serve } from '@hono/node-server';
import cron from 'node-cron';
import { hostname } from 'node:os';
import { parseEnv, ConfigError } from './config/env.js';
import { openMigratedDb } from './db/open.js';
import { createApp } from './http/app.js';
import { SCHEDULE } from './jobs/schedule.js';
import { runScheduledJob } from './jobs/run-job.js';
import { createJobDeps } from './jobs/wiring.js';
import { smtpDeliverer } from './services/digest/smtp-delivery.js';

async function main() {
  const env = parseEnv(process.env);
  const handle = await openMigratedDb(env);
  const app = createApp({ db: handle.db, runtime: 'node', version: process.env.npm_package_version ?? 'dev', env });
  const instance = `${hostname()}:${process.pid}`;
  const log = (line: string, data?: Record<string, unknown>) => console.log(JSON.stringify({ level: 'info', msg: line, ...data }));
  const smtp = env.SMTP_URL ? smtpDeliverer({ url: env.SMTP_URL, from: env.SMTP_FROM, appUrl: env.APP_URL }) : null;
  const jobs = createJobDeps({ env, db: handle.db, instance, log, extraDeliverers: smtp ? [smtp] : [] });
  const tasks = SCHEDULE.map((job) =>
    cron.schedule(job.cron, () => {
      runScheduledJob(job, jobs).catch((err: unknown) =>
        console.error(JSON.stringify({ level: 'error', msg: `job ${job.name} failed`, error: String(err) })),
      );
    }),
  );
  // Catch up after downtime without waiting for the next hour: the tick looks back (drafts, digest, reminders).
  const hourly = SCHEDULE.find((j) => j.name === 'hourly');
  if (hourly) runScheduledJob(hourly, jobs).catch((err: unknown) => console.error(JSON.stringify({ level: 'error', msg: 'catch-up tick failed', error: String(err) })));
  const server = serve({ fetch: app.fetch, port: env.PORT }, (info) =>
    log(`Followthrough on http://localhost:${info.port} (${handle.driver === 'pglite' ? `PGlite in ${env.DATA_DIR}` : 'PostgreSQL'})`),
  );
  const stop = async () => {
    for (const t of tasks) await t.stop();
    server.close();
    smtp?.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `Start-up failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
