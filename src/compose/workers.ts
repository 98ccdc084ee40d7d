/**
 * The Workers runtime. Every invocation (a request, a cron tick, a queue batch) opens its own Postgres
 * handle through Hyperdrive (which pools for us) and closes it when that invocation is done. Work that
 * would outlive a request (the backfill after connecting a mailbox, a push-triggered sync) is sent to the
 * JOBS queue instead of running in waitUntil on the request's handle; the consumer runs it on its own.
 */
import { parseEnv, type Env } from '../config/env.js';
import { openPostgres } from '../db/pg-postgres.js';
import { createApp } from '../http/app.js';
import { consumeBatch, queueDispatch } from '../jobs/queue.js';
import { runScheduledJob } from '../jobs/run-job.js';
import { jobForCron } from '../jobs/schedule.js';
import type { TaskMessage } from '../jobs/tasks.js';
import type { MailboxWork } from '../services/mailbox/services.js';
import { createDeps } from './create-deps.js';

export interface WorkerEnv {
  HYPERDRIVE: { connectionString: string };
  /** Per-account job fan-out and background mailbox work (wrangler.toml [[queues.producers]]). */
  JOBS?: Queue<TaskMessage>;
  [key: string]: unknown;
}

/** The Worker's configuration: its string vars and secrets, with the database from the Hyperdrive binding. */
export function workerConfig(env: WorkerEnv): Env {
  const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return parseEnv({ ...strings, DATABASE_URL: env.HYPERDRIVE.connectionString });
}

/** An on-demand task's period: to the second, so a burst of pushes in one second is claimed once. */
export function onDemandTask(work: MailboxWork, now: Date): TaskMessage {
  return { job: work.job, accountKey: work.connectionId, period: `on-demand:${now.toISOString().slice(0, 19)}` };
}

function workerDeps(env: WorkerEnv) {
  const config = workerConfig(env);
  const handle = openPostgres(env.HYPERDRIVE.connectionString, 1);
  const queue = env.JOBS;
  const deps = createDeps(config, {
    name: 'workers',
    version: 'worker',
    instance: 'worker',
    db: handle,
    uploadDir: null,
    ...(queue ? { enqueue: async (work: MailboxWork) => void (await queue.send(onDemandTask(work, new Date()))) } : {}),
  });
  if (!queue) deps.log.warn('no JOBS queue binding: background mailbox work runs in the request and may be cut short');
  return { handle, ...deps };
}

export const workerHandlers = {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const { handle, app } = workerDeps(env);
    const response = await createApp(app).fetch(request, env, ctx);
    ctx.waitUntil(handle.close());
    return response;
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const job = jobForCron(controller.cron);
    if (!job) return;
    const { handle, jobs } = workerDeps(env);
    ctx.waitUntil(runScheduledJob(job, jobs, env.JOBS ? queueDispatch(env.JOBS) : undefined).finally(() => handle.close()));
  },

  async queue(batch: MessageBatch<unknown>, env: WorkerEnv): Promise<void> {
    const { handle, jobs } = workerDeps(env);
    try {
      await consumeBatch(batch, jobs);
    } finally {
      await handle.close();
    }
  },
} satisfies ExportedHandler<WorkerEnv>;
