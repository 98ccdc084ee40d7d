import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { jobRuns } from '../db/schema.js';

/** A claim whose heartbeat is older than this belongs to an instance presumed dead; another may take it over. */
export const STALE_AFTER_MS = 5 * 60_000;
/** A failed run is retried by later ticks until it has been attempted this many times. */
export const MAX_ATTEMPTS = 3;

export interface WorkKey {
  job: string;
  /** '' for work that is not per account. */
  accountKey: string;
  period: string;
}

export interface Claim {
  id: string;
  attempts: number;
  /** True when this claim took over a stale or failed run. */
  takeover: boolean;
}

/**
 * Claims (job, account, period) once across every instance: the unique key makes a second claim a no-op,
 * so a repeated trigger does nothing. Returns null when another run already holds the period.
 */
export async function claimRun(db: Db, job: string, period: string, accountKey = '', claimedBy = 'local', now = new Date()) {
  const [row] = await db
    .insert(jobRuns)
    .values({ job, period, accountKey, status: 'running', claimedBy, startedAt: now, heartbeatAt: now })
    .onConflictDoNothing({ target: [jobRuns.job, jobRuns.accountKey, jobRuns.period] })
    .returning({ id: jobRuns.id });
  return row ?? null;
}

/**
 * Claims a unit of work, or takes it over. First an INSERT … ON CONFLICT DO NOTHING; when the row exists, one
 * conditional UPDATE takes it over if it is `running` with a stale heartbeat (its instance died) or `failed`
 * with attempts left. Postgres re-checks the UPDATE's condition after a concurrent update of the same row, so
 * of two instances racing for a stale claim exactly one wins. Null: someone else holds or finished it.
 */
export async function claimWork(db: Db, key: WorkKey, claimedBy: string, now: Date): Promise<Claim | null> {
  const fresh = await claimRun(db, key.job, key.period, key.accountKey, claimedBy, now);
  if (fresh) return { id: fresh.id, attempts: 1, takeover: false };
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
  const [row] = await db
    .update(jobRuns)
    .set({
      status: 'running',
      claimedBy,
      attempts: sql`${jobRuns.attempts} + 1`,
      startedAt: now,
      heartbeatAt: now,
      finishedAt: null,
      error: null,
    })
    .where(
      and(
        eq(jobRuns.job, key.job),
        eq(jobRuns.accountKey, key.accountKey),
        eq(jobRuns.period, key.period),
        or(
          and(eq(jobRuns.status, 'running'), lt(jobRuns.heartbeatAt, staleBefore)),
          and(eq(jobRuns.status, 'failed'), lt(jobRuns.attempts, MAX_ATTEMPTS)),
        ),
      ),
    )
    .returning({ id: jobRuns.id, attempts: jobRuns.attempts });
  return row ? { id: row.id, attempts: row.attempts, takeover: true } : null;
}

/** Keeps a claim alive; false when another instance has taken it over meanwhile. */
export async function heartbeat(db: Db, claim: Pick<Claim, 'id' | 'attempts'>, now: Date): Promise<boolean> {
  const rows = await db
    .update(jobRuns)
    .set({ heartbeatAt: now })
    .where(and(eq(jobRuns.id, claim.id), eq(jobRuns.attempts, claim.attempts), eq(jobRuns.status, 'running')))
    .returning({ id: jobRuns.id });
  return rows.length > 0;
}

/**
 * Records the end of a run. With `attempts`, only the attempt that holds the claim may finish it, so a slow
 * instance that lost its claim to a takeover cannot overwrite the newer run's record.
 */
export async function finishRun(
  db: Db,
  id: string,
  outcome: { counts?: Record<string, number>; error?: string },
  opts: { now?: Date; attempts?: number } = {},
): Promise<boolean> {
  const rows = await db
    .update(jobRuns)
    .set({
      status: outcome.error ? 'failed' : 'succeeded',
      finishedAt: opts.now ?? new Date(),
      counts: outcome.counts ?? {},
      error: outcome.error ? outcome.error.slice(0, 500) : null,
    })
    .where(opts.attempts != null ? and(eq(jobRuns.id, id), eq(jobRuns.attempts, opts.attempts)) : eq(jobRuns.id, id))
    .returning({ id: jobRuns.id });
  return rows.length > 0;
}

/**
 * Which (account, period) keys of these periods already succeeded (the tick skips dispatching them). By
 * period alone: the tick plans every account, so a list of account keys would only lengthen the statement.
 */
export async function succeededKeys(db: Db, job: string, periods: string[]): Promise<Set<string>> {
  if (periods.length === 0) return new Set();
  const rows = await db
    .select({ accountKey: jobRuns.accountKey, period: jobRuns.period })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job), eq(jobRuns.status, 'succeeded'), inArray(jobRuns.period, periods)));
  return new Set(rows.map((r) => `${r.accountKey}|${r.period}`));
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
