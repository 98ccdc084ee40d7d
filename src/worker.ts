import { parseEnv } from './config/env.js';
import { openPostgres } from './db/pg-postgres.js';
import { createApp } from './http/app.js';
import { jobForCron } from './jobs/schedule.js';
import { runScheduledJob } from './jobs/run-job.js';

interface WorkerEnv {
  HYPERDRIVE: { connectionString: string };
  [key: string]: unknown;
}

/** Workers entry: a connection per invocation through Hyperdrive (which pools for us). Migrations run from Node. */
function connect(env: WorkerEnv) {
  const strings = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  parseEnv({ ...strings, DATABASE_URL: env.HYPERDRIVE.connectionString });
  return openPostgres(env.HYPERDRIVE.connectionString, 1);
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const handle = connect(env);
    const app = createApp({ db: handle.db, runtime: 'workers', version: 'worker' });
    const response = await app.fetch(request, env, ctx);
    ctx.waitUntil(handle.close());
    return response;
  },
  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const job = jobForCron(controller.cron);
    if (!job) return;
    const handle = connect(env);
    ctx.waitUntil(
      runScheduledJob(job, { db: handle.db, now: new Date(controller.scheduledTime), instance: 'worker', log: (l) => console.log(l) }).finally(() =>
        handle.close(),
      ),
    );
  },
} satisfies ExportedHandler<WorkerEnv>;
