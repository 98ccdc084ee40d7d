import { openPostgres } from './db/pg-postgres.js';
import { createApp } from './http/app.js';
import { queuedJobs, scheduledJobs, workerConfig, type JobsWorkerEnv } from './jobs/worker-handlers.js';

/** Workers entry: a connection per invocation through Hyperdrive (which pools for us). Migrations run from Node. */
export default {
  async fetch(request: Request, env: JobsWorkerEnv, ctx: ExecutionContext): Promise<Response> {
    workerConfig(env);
    const handle = openPostgres(env.HYPERDRIVE.connectionString, 1);
    const app = createApp({ db: handle.db, runtime: 'workers', version: 'worker' });
    const response = await app.fetch(request, env, ctx);
    ctx.waitUntil(handle.close());
    return response;
  },
  scheduled: scheduledJobs,
  queue: queuedJobs,
} satisfies ExportedHandler<JobsWorkerEnv>;
