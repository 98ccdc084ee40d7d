/**
 * The Worker's job handlers: `scheduled` runs a cron tick and fans per-account work out to the JOBS queue,
 * `queue` consumes it with the same claim logic as Node. A Postgres connection per invocation through
 * Hyperdrive (which pools for us).
 */
import { parseEnv, type Env } from '../config/env.js';
import { openPostgres } from '../db/pg-postgres.js';
import { consumeBatch, queueDispatch } from './queue.js';
import { runScheduledJob } from './run-job.js';
import { jobForCron } from './schedule.js';
import type { TaskMessage } from './tasks.js';
import { createJobDeps } from './wiring.js';

export interface JobsWorkerEnv {
  HYPERDRIVE: { connectionString: string };
  /** Per-account job fan-out (wrangler.toml [[queues.producers]]). */
  JOBS?: Queue<TaskMessage>;
  [key: string]: unknown;
}

export function workerConfig(env: JobsWorkerEnv): Env {
  const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return parseEnv({ ...strings, DATABASE_URL: env.HYPERDRIVE.connectionString });
}

function jobDeps(env: JobsWorkerEnv) {
  const handle = openPostgres(env.HYPERDRIVE.connectionString, 1);
  const log = (msg: string, data?: Record<string, unknown>) => console.log(JSON.stringify({ level: 'info', msg, ...data }));
  return { handle, deps: createJobDeps({ env: workerConfig(env), db: handle.db, instance: 'worker', log }) };
}

export async function scheduledJobs(controller: ScheduledController, env: JobsWorkerEnv, ctx: ExecutionContext): Promise<void> {
  const job = jobForCron(controller.cron);
  if (!job) return;
  const { handle, deps } = jobDeps(env);
  ctx.waitUntil(runScheduledJob(job, deps, env.JOBS ? queueDispatch(env.JOBS) : undefined).finally(() => handle.close()));
}

export async function queuedJobs(batch: MessageBatch<unknown>, env: JobsWorkerEnv): Promise<void> {
  const { handle, deps } = jobDeps(env);
  try {
    await consumeBatch(batch, deps);
  } finally {
    await handle.close();
  }
}
