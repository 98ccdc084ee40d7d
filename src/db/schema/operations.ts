/** Running the service: job runs, the audit log, provider quota and the model-call budget. */
import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.js';
import { accounts } from './accounts.js';

export const jobRuns = pgTable(
  'job_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    job: text('job').notNull(),
    /** '' for jobs that are not per account, so the unique key still holds. */
    accountKey: text('account_key').notNull().default(''),
    period: text('period').notNull(),
    status: text('status').$type<'running' | 'succeeded' | 'failed'>().notNull(),
    claimedBy: text('claimed_by'),
    attempts: integer('attempts').notNull().default(1),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
    error: text('error'),
  },
  (t) => [uniqueIndex('job_runs_job_account_period').on(t.job, t.accountKey, t.period)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    actor: text('actor').notNull(), // 'parent:<id>', 'system', 'job:<name>'
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    /** Metadata only: ids, kinds, statuses, counts. Never message bodies. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('audit_events_account_at').on(t.accountId, t.at)],
);

/** Provider quota shared by every instance (mail/quota-window.ts; services/mailbox/quota-ledger.ts). */
export const quotaBudgets = pgTable('quota_budgets', {
  key: text('key').primaryKey(),
  updatedAt: updatedAt(),
});

export const quotaSpends = pgTable(
  'quota_spends',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key')
      .notNull()
      .references(() => quotaBudgets.key, { onDelete: 'cascade' }),
    atMs: bigint('at_ms', { mode: 'number' }).notNull(),
    units: integer('units').notNull(),
  },
  (t) => [index('quota_spends_key_at').on(t.key, t.atMs)],
);

/** Model calls per account per local day, counted atomically so several instances share one budget. */
export const llmCallBudget = pgTable(
  'llm_call_budget',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    /** The account's local date. */
    day: date('day').notNull(),
    calls: integer('calls').notNull().default(0),
  },
  (t) => [uniqueIndex('llm_call_budget_account_day').on(t.accountId, t.day)],
);
