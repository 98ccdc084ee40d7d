/**
 * The Worker's fan-out: the cron tick plans per-account tasks and sends them to a Cloudflare Queue (binding
 * JOBS); the queue consumer runs each with the same claim logic as Node's in-process dispatcher.
 */
import type { JobDeps } from './deps.js';
import type { Dispatch } from './run-job.js';
import { isTaskMessage, runTask, type TaskMessage, type TaskOutcome } from './tasks.js';

/** sendBatch takes at most 100 messages. */
const BATCH = 100;

export function queueDispatch(queue: Queue<TaskMessage>): Dispatch {
  return async (tasks) => {
    for (let i = 0; i < tasks.length; i += BATCH) await queue.sendBatch(tasks.slice(i, i + BATCH).map((body) => ({ body })));
    return { enqueued: tasks.length };
  };
}

/**
 * Runs a batch. Every message is acked once handled, failed ones included: the failure is recorded on its
 * job_runs row and the next hourly tick retries it (up to MAX_ATTEMPTS), so the queue's own redelivery would
 * only duplicate that. A message that is not a task is acked and dropped.
 */
export async function consumeBatch(batch: MessageBatch<unknown>, deps: JobDeps): Promise<Record<TaskOutcome | 'invalid', number>> {
  const tally: Record<TaskOutcome | 'invalid', number> = { done: 0, skipped: 0, failed: 0, invalid: 0 };
  // On-demand mailbox work (pushes, connects) for one connection coalesces within a batch: one sync reads it all.
  const seen = new Set<string>();
  for (const msg of batch.messages) {
    if (!isTaskMessage(msg.body)) {
      tally.invalid++;
      msg.ack();
      continue;
    }
    const key = `${msg.body.job}|${msg.body.accountKey}`;
    if (msg.body.period.startsWith('on-demand:') && seen.has(key)) {
      tally.skipped++;
      msg.ack();
      continue;
    }
    seen.add(key);
    tally[await runTask(msg.body, deps)]++;
    msg.ack();
  }
  return tally;
}
