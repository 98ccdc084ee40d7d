/** Process clocks (spec §5): the parent's entered start events and the clocks each analysis stores (migration 0009). */
import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { accounts } from './accounts.js';
import { children } from './children.js';
import { messages, threads } from './mail.js';

/**
 * A process-clock start event the parent entered ("I returned consent on…", "the eligibility meeting was
 * on…"), or the parent's confirmation of an estimated consent date. Each insert is audited; the analysis reads
 * them with the mail, so they survive every re-analysis.
 */
export const clockEvents = pgTable(
  'clock_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').notNull().references(() => children.id, { onDelete: 'cascade' }),
    type: text('type').$type<'consent' | 'eligible' | 'not_eligible'>().notNull(),
    /** The local date of the event. */
    date: date('date').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('clock_events_child').on(t.childId)],
);

/**
 * The child's process clocks (spec §5) as the last analysis computed them: (child, kind, ordinal) is stable
 * across re-analysis, so a clock's draft keeps its key and is never written twice.
 */
export const clocks = pgTable(
  'clocks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').notNull().references(() => children.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'evaluation-completion' | 'iep-after-eligibility'>().notNull(),
    /** The nth clock of this kind for the child, by start date. */
    ordinal: integer('ordinal').notNull().default(0),
    threadId: uuid('thread_id').references(() => threads.id, { onDelete: 'set null' }),
    startedBy: uuid('started_by').references(() => messages.id, { onDelete: 'set null' }),
    metBy: uuid('met_by').references(() => messages.id, { onDelete: 'set null' }),
    parentEventId: uuid('parent_event_id').references(() => clockEvents.id, { onDelete: 'set null' }),
    startEvent: text('start_event').$type<'consent' | 'referral' | 'eligibility' | 'evaluation_report'>().notNull(),
    startDate: date('start_date').notNull(),
    dueDate: date('due_date').notNull(),
    status: text('status').$type<'running' | 'met' | 'overdue' | 'ended'>().notNull(),
    /** The start date is an estimate (consent went back by another channel): the parent is asked to confirm it. */
    estimated: boolean('estimated').notNull().default(false),
    /** The sentence or attachment name the clock started on. */
    evidence: text('evidence').notNull(),
    /** The rule: { id, citation, days, unit, estimated }. */
    rule: jsonb('rule').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('clocks_child_kind_ordinal').on(t.childId, t.kind, t.ordinal), index('clocks_account').on(t.accountId)],
);
