/**
 * The one schedule. node-cron (src/node.ts) and the Worker's `scheduled` handler (src/worker.ts) both read
 * this table; a test checks that wrangler.toml's [triggers] crons equal it. Per-account local times
 * (drafts at 07:00, the weekly digest) are decided inside the hourly tick, in each account's zone.
 */
export interface ScheduledJob {
  name: 'sync' | 'hourly' | 'daily';
  cron: string;
  description: string;
}

export const SCHEDULE: readonly ScheduledJob[] = [
  { name: 'sync', cron: '*/15 * * * *', description: 'sync every mailbox connection; refresh tokens near expiry' },
  { name: 'hourly', cron: '0 * * * *', description: 'follow-up drafts (07:00 local), weekly digests, key-date reminders' },
  { name: 'daily', cron: '30 4 * * *', description: 'retention clean-up' },
];

export function jobForCron(cron: string): ScheduledJob | undefined {
  return SCHEDULE.find((j) => j.cron === cron);
}
