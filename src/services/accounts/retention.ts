/**
 * Daily clean-up: expired sessions go at once; finished job_runs after 90 days (the /healthz "last success"
 * of a job that still runs is never older than that). Digests, drafts and audit events are the family's
 * record (spec §8) and are kept.
 */
import { and, lt, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jobRuns, sessions } from '../../db/schema.js';

export const JOB_RUN_RETENTION_DAYS = 90;

export async function runRetention(db: Db, now: Date): Promise<{ sessions: number; jobRuns: number }> {
  const expired = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
  const cutoff = new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000);
  const old = await db
    .delete(jobRuns)
    .where(and(lt(jobRuns.startedAt, cutoff), ne(jobRuns.status, 'running')))
    .returning({ id: jobRuns.id });
  return { sessions: expired.length, jobRuns: old.length };
}
