import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { jobRuns } from '../db/schema.js';

/**
 * Claims (job, account, period) once across every instance: the unique key makes a second claim a no-op,
 * so a repeated trigger does nothing. Returns null when another run already holds the period.
 */
export async function claimRun(db: Db, job: string, period: string, accountKey = '', claimedBy = 'local') {
  const [row] = await db
    .insert(jobRuns)
    .values({ job, period, accountKey, status: 'running', claimedBy })
    .onConflictDoNothing({ target: [jobRuns.job, jobRuns.accountKey, jobRuns.period] })
    .returning({ id: jobRuns.id });
  return row ?? null;
}

export async function finishRun(db: Db, id: string, outcome: { counts?: Record<string, number>; error?: string }) {
  await db
    .update(jobRuns)
    .set({
      status: outcome.error ? 'failed' : 'succeeded',
      finishedAt: new Date(),
      counts: outcome.counts ?? {},
      error: outcome.error ? outcome.error.slice(0, 500) : null,
    })
    .where(eq(jobRuns.id, id));
}

/** Last successful finish per job, for /healthz. */
export async function lastSuccesses(db: Db): Promise<Record<string, string>> {
  const rows = await db
    .select({ job: jobRuns.job, at: sql<Date>`max(${jobRuns.finishedAt})` })
    .from(jobRuns)
    .where(and(eq(jobRuns.status, 'succeeded')))
    .groupBy(jobRuns.job)
    .orderBy(desc(jobRuns.job));
  return Object.fromEntries(rows.map((r) => [r.job, new Date(r.at).toISOString()]));
}
