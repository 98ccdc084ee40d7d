/**
 * One tick of a scheduled job: claim the tick (so a doubled trigger does nothing), plan the per-account
 * work that is due, hand it to the dispatcher, record the counts. Node dispatches in-process; the Worker
 * dispatches to a Cloudflare Queue whose consumer runs the same `runTask`.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { accounts, mailboxConnections, provisions } from '../db/schema.js';
import { readSettings } from '../services/accounts/settings.js';
import { listKeyDates } from '../services/digest/content.js';
import { runRetention } from '../services/accounts/retention.js';
import { ageByDueDate } from '../services/analysis/ageing.js';
import { sweepUploads } from '../services/onboarding/upload-store.js';
import { claimWork, finishRun, succeededKeys } from './record-run.js';
import { dueWork, type KeyDate } from './due.js';
import type { JobDeps } from './deps.js';
import type { ScheduledJob } from './schedule.js';
import { runTasksInProcess, type TaskMessage } from './tasks.js';

export type { JobDeps } from './deps.js';

/** Sends planned tasks somewhere that runs them; returns counts for the tick's record. */
export type Dispatch = (tasks: TaskMessage[]) => Promise<Record<string, number>>;

/** Period key of a tick: the minute it was scheduled for, so a doubled trigger claims the same period. */
export function periodOf(now: Date): string {
  return now.toISOString().slice(0, 16);
}

/** The 15-minute slot of a sync tick, e.g. 2026-02-09T14:15. */
export function syncSlot(now: Date): string {
  const t = new Date(now);
  t.setUTCMinutes(t.getUTCMinutes() - (t.getUTCMinutes() % 15), 0, 0);
  return periodOf(t);
}

/** Every account's due work at `now`, less what already succeeded. */
export async function planHourly(deps: Pick<JobDeps, 'db'>, now: Date): Promise<TaskMessage[]> {
  const rows = await deps.db.select({ id: accounts.id, timezone: accounts.timezone, settings: accounts.settings }).from(accounts);
  // Key dates of the few accounts that have any, not a list of every account id sent to the database.
  const withKeyDates = await deps.db.selectDistinct({ id: provisions.accountId }).from(provisions).where(eq(provisions.type, 'key_date'));
  const keyDates = new Map<string, KeyDate[]>();
  for (const k of await listKeyDates(deps.db, withKeyDates.map((r) => r.id))) keyDates.set(k.accountId, [...(keyDates.get(k.accountId) ?? []), k]);
  const planned: TaskMessage[] = [];
  for (const a of rows) {
    const work = dueWork({ now, timezone: a.timezone, settings: readSettings(a.settings), keyDates: keyDates.get(a.id) ?? [] });
    for (const w of work) planned.push({ job: w.job, accountKey: a.id, period: w.period });
  }
  const out: TaskMessage[] = [];
  for (const job of ['drafts', 'digest', 'reminder'] as const) {
    const mine = planned.filter((t) => t.job === job);
    const done = await succeededKeys(deps.db, job, [...new Set(mine.map((t) => t.period))]);
    out.push(...mine.filter((t) => !done.has(`${t.accountKey}|${t.period}`)));
  }
  return out;
}

export async function planSync(deps: Pick<JobDeps, 'db'>, now: Date): Promise<TaskMessage[]> {
  const rows = await deps.db
    .select({ id: mailboxConnections.id })
    .from(mailboxConnections)
    .where(and(inArray(mailboxConnections.provider, ['gmail', 'outlook']), eq(mailboxConnections.status, 'active')));
  return rows.map((r) => ({ job: 'sync-connection' as const, accountKey: r.id, period: syncSlot(now) }));
}

/** The daily housekeeping: retention, then token refresh for every live OAuth connection. */
async function runDaily(deps: JobDeps, now: Date): Promise<Record<string, number>> {
  const removed = await runRetention(deps.db, now);
  const uploadsRemoved = await sweepUploads(deps.uploadDir ?? null, now);
  const counts: Record<string, number> = { sessionsRemoved: removed.sessions, jobRunsRemoved: removed.jobRuns, uploadsRemoved, tokensRefreshed: 0, tokensSkipped: 0, tokensFailed: 0 };
  for (const c of await planSync(deps, now)) {
    try {
      if (deps.refreshTokens && (await deps.refreshTokens(deps.db, c.accountKey, now))) counts['tokensRefreshed']!++;
      else counts['tokensSkipped']!++;
    } catch (err) {
      // A revoked grant has already marked the connection needs_reconnect; the rest still get refreshed.
      counts['tokensFailed']!++;
      deps.log.warn('token refresh failed', { connectionId: c.accountKey, error: err instanceof Error ? err.name : 'error' });
    }
  }
  if (deps.renewPush) {
    try {
      counts['pushRenewed'] = await deps.renewPush(now);
    } catch (err) {
      deps.log.warn('push renewal failed', { error: err instanceof Error ? err.name : 'error' });
    }
  }
  return counts;
}

/**
 * Runs one tick of a scheduled job at most once per period across instances, recording start, end, counts
 * and errors in job_runs.
 */
export async function runScheduledJob(job: ScheduledJob, deps: JobDeps, dispatch?: Dispatch): Promise<'ran' | 'skipped'> {
  const now = deps.clock();
  const period = job.name === 'sync' ? syncSlot(now) : periodOf(now);
  const claim = await claimWork(deps.db, { job: job.name, accountKey: '', period }, deps.instance, now);
  if (!claim) return 'skipped';
  const send: Dispatch = dispatch ?? ((tasks) => runTasksInProcess(tasks, deps));
  try {
    let counts: Record<string, number>;
    if (job.name === 'daily') counts = await runDaily(deps, now);
    else {
      // Every account's statuses age first, in one update per table (no analysis): the dashboards, the
      // digests and the drafting this tick plans all read the same fresh statuses.
      const aged = job.name === 'hourly' ? await ageByDueDate(deps.db, now) : null;
      const tasks = job.name === 'hourly' ? await planHourly(deps, now) : await planSync(deps, now);
      counts = { planned: tasks.length, ...(aged ? { agedRequests: aged.requests, agedCommitments: aged.commitments, agedClocks: aged.clocks } : {}), ...(tasks.length ? await send(tasks) : {}) };
      if (job.name === 'sync' && deps.recoverSends) counts['sendsRecovered'] = await deps.recoverSends(now);
    }
    await finishRun(deps.db, claim.id, { counts }, { now: deps.clock(), attempts: claim.attempts });
    deps.log.info('job done', { job: job.name, period, ...counts });
    return 'ran';
  } catch (err) {
    await finishRun(deps.db, claim.id, { error: err instanceof Error ? err.message : String(err) }, { now: deps.clock(), attempts: claim.attempts });
    throw err;
  }
}
