import { parseEnv } from './config/env.js';
import { openPostgres } from './db/pg-postgres.js';
import { createApp } from './http/app.js';
import { jobForCron } from './jobs/schedule.js';
import { runScheduledJob } from './jobs/run-job.js';
import { consumeBatch, queueDispatch } from './jobs/queue.js';
import type { TaskMessage } from './jobs/tasks.js';
import { createJobDeps } from './jobs/wiring.js';

interface WorkerEnv {
  HYPERDRIVE: { connectionString: string };
  /** Per-account job fan-out (wrangler.toml [[queues.producers]]). */
  JOBS?: Queue<TaskMessage>;
  [key: string]: unknown;
}

/** Workers entry: a connection per invocation through Hyperdrive (which pools for us). Migrations run from Node. */
function connect(env: WorkerEnv) {
  const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  const config = parseEnv({ ...strings, DATABASE_URL: env.HYPERDRIVE.connectionString });
  const handle = openPostgres(env.HYPERDRIVE.connectionString, 1);
  const jobs = () => createJobDeps({ env: config, db: handle.db, instance: 'worker', log: (l, d) => console.log(JSON.stringify({ level: 'info', msg: l, ...d })) });
  return { handle, jobs };
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const { handle } = connect(env);
    const app = createApp({ db: handle.db, runtime: 'workers', version: 'worker' });
    const response = await app.fetch(request, env, ctx);
    ctx.waitUntil(handle.close());
    return response;
  },
  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const job = jobForCron(controller.cron);
    if (!job) return;
    const { handle, jobs } = connect(env);
    ctx.waitUntil(runScheduledJob(job, jobs(), env.JOBS ? queueDispatch(env.JOBS) : undefined).finally(() => handle.close()));
  },
  async queue(batch: MessageBatch<unknown>, env: WorkerEnv): Promise<void> {
    const { handle, jobs } = connect(env);
    try {
      await consumeBatch(batch, jobs());
    } finally {
      await handle.close();
    }
  },
} satisfies ExportedHandler<WorkerEnv>;
