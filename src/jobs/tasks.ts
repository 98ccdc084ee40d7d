/**
 * Per-account (and per-connection) units of work. Each is claimed in job_runs under (job, account_key,
 * period) before it runs, kept alive by a heartbeat while it runs, and finished with its counts or error.
 * The same function runs in-process on Node and in the Worker's queue consumer, so both runtimes share the
 * claim logic. The work itself is idempotent at the data level too (drafts and digests have unique keys),
 * so a run taken over from a dead instance finishes what it left rather than doubling it.
 */
import { eq } from 'drizzle-orm';
import { accounts, drafts } from '../db/schema.js';
import { readSettings } from '../services/accounts/settings.js';
import { draftFollowUps } from '../services/drafts/followups.js';
import { advanceLadders } from '../services/drafts/ladder.js';
import { runWeeklyDigest } from '../services/digest/weekly.js';
import { rewriteStoredDrafts } from '../services/drafts/llm-draft.js';
import { sendKeyDateReminder } from '../services/digest/reminders.js';
import { claimWork, finishRun, heartbeat } from './record-run.js';
import type { JobDeps } from './deps.js';

export type TaskJob = 'drafts' | 'digest' | 'reminder' | 'sync-connection' | 'mailbox-connected';

/** One unit of work; also the body of a Cloudflare Queue message. */
export interface TaskMessage {
  job: TaskJob;
  /** Account id (drafts, digest, reminder) or connection id (sync-connection, mailbox-connected). */
  accountKey: string;
  period: string;
}

export const HEARTBEAT_MS = 60_000;

export function isTaskMessage(v: unknown): v is TaskMessage {
  if (!v || typeof v !== 'object') return false;
  const m = v as Record<string, unknown>;
  return ['drafts', 'digest', 'reminder', 'sync-connection', 'mailbox-connected'].includes(m['job'] as string) && typeof m['accountKey'] === 'string' && typeof m['period'] === 'string';
}

async function perform(task: TaskMessage, deps: JobDeps, now: Date): Promise<Record<string, number>> {
  const { db } = deps;
  switch (task.job) {
    case 'drafts': {
      const ids = async () => new Set((await db.select({ id: drafts.id }).from(drafts).where(eq(drafts.accountId, task.accountKey))).map((r) => r.id));
      // The drafts that existed before are needed only to find the new ones for the model's rewrite.
      const before = deps.llm ? await ids() : new Set<string>();
      const { created } = await draftFollowUps(db, task.accountKey, now);
      const counts: Record<string, number> = { created };
      const [account] = await db.select({ settings: accounts.settings }).from(accounts).where(eq(accounts.id, task.accountKey));
      if (created > 0 && deps.llm && account && readSettings(account.settings).llmDrafting) {
        const fresh = [...(await ids())].filter((id) => !before.has(id));
        const r = await rewriteStoredDrafts(db, deps.llm, task.accountKey, fresh, now);
        counts['llmRewritten'] = r.rewritten;
        counts['llmKept'] = r.kept;
      }
      // The escalation ladders (after the rewrite, which knows only first follow-ups): started for newly
      // overdue requests, their next steps written when due.
      const ladder = await advanceLadders(db, task.accountKey, now);
      Object.assign(counts, { ladderStarted: ladder.started, ladderDrafted: ladder.drafted, ladderPaused: ladder.paused, ladderDone: ladder.done });
      if (ladder.withheld) counts['ladderWithheld'] = ladder.withheld;
      return counts;
    }
    case 'digest': {
      const r = await runWeeklyDigest({ db, appUrl: deps.appUrl, deliverers: deps.deliverers, log: deps.log }, task.accountKey, task.period, now);
      return { created: r.created, delivered: r.delivered, [`via_${r.via ?? 'none'}`]: 1 };
    }
    case 'reminder': {
      const r = await sendKeyDateReminder({ db, appUrl: deps.appUrl, deliverers: deps.deliverers, log: deps.log }, task.accountKey, task.period, now);
      return { sent: r.sent };
    }
    case 'sync-connection': {
      // The call site for src/services/sync-mailbox.ts `syncConnection`, wired in by the entries.
      if (!deps.syncConnection) return { skipped: 1 };
      const counts = await deps.syncConnection(db, task.accountKey, now);
      return { ...(counts ?? {}), synced: 1 };
    }
    case 'mailbox-connected': {
      if (!deps.mailboxConnected) return { skipped: 1 };
      return deps.mailboxConnected(task.accountKey);
    }
  }
}

export type TaskOutcome = 'done' | 'skipped' | 'failed';

/**
 * Claims and runs one task. 'skipped': another instance holds it or already finished it. Errors are
 * recorded on the run ('failed', retried by later ticks up to MAX_ATTEMPTS) and not rethrown.
 */
export async function runTask(task: TaskMessage, deps: JobDeps): Promise<TaskOutcome> {
  const now = deps.clock();
  const claim = await claimWork(deps.db, { job: task.job, accountKey: task.accountKey, period: task.period }, deps.instance, now);
  if (!claim) return 'skipped';
  if (claim.takeover) deps.log.warn('task taken over', { job: task.job, accountKey: task.accountKey, period: task.period, attempt: claim.attempts });
  const beat = setInterval(() => {
    heartbeat(deps.db, claim, deps.clock()).catch(() => {});
  }, HEARTBEAT_MS);
  (beat as { unref?: () => void }).unref?.();
  try {
    const counts = await perform(task, deps, now);
    await finishRun(deps.db, claim.id, { counts }, { now: deps.clock(), attempts: claim.attempts });
    return 'done';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.log.error('task failed', { job: task.job, accountKey: task.accountKey, period: task.period, error: message });
    await finishRun(deps.db, claim.id, { error: message }, { now: deps.clock(), attempts: claim.attempts }).catch(() => {});
    return 'failed';
  } finally {
    clearInterval(beat);
  }
}

/** Node's dispatcher: the same tasks, in this process, a few at a time. */
export async function runTasksInProcess(tasks: TaskMessage[], deps: JobDeps, concurrency = 4): Promise<Record<TaskOutcome, number>> {
  const tally: Record<TaskOutcome, number> = { done: 0, skipped: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      tally[await runTask(task, deps)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return tally;
}
