import type { Db } from '../db/client.js';
import type { ScheduledJob } from './schedule.js';
import { claimRun, finishRun } from './record-run.js';

export interface JobContext {
  db: Db;
  now: Date;
  instance: string;
  log: (line: string) => void;
}

/** Period key of a tick: the minute it was scheduled for, so a doubled trigger claims the same period. */
export function periodOf(now: Date): string {
  return now.toISOString().slice(0, 16);
}

/**
 * Runs one tick of a scheduled job exactly once per period across instances, recording start, end,
 * counts and errors. The per-account work each job fans out to lands with the schedules issue; the tick
 * itself is real: it claims, records and reports.
 */
export async function runScheduledJob(job: ScheduledJob, ctx: JobContext): Promise<'ran' | 'skipped'> {
  const claim = await claimRun(ctx.db, job.name, periodOf(ctx.now), '', ctx.instance);
  if (!claim) return 'skipped';
  try {
    await finishRun(ctx.db, claim.id, { counts: {} });
    ctx.log(`job ${job.name} ${periodOf(ctx.now)} done`);
    return 'ran';
  } catch (err) {
    await finishRun(ctx.db, claim.id, { error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}
