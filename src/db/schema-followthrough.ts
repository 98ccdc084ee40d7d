/**
 * Tables of the parent's experience (migration 0011): background imports with their progress, the school's
 * asks of the parent (the parent's to-dos), requests the parent marked in their own messages, and the
 * escalation ladder of an overdue request. Re-exported by schema.ts, so the data model stays one module.
 */
import { bigint, boolean, date, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './schema/accounts.js';
import { children } from './schema/children.js';
import { messages } from './schema/mail.js';
import { drafts, requests } from './schema/requests.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** One import of an uploaded mailbox, run in the background; one per upload (a double click finds the same one). */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').notNull().references(() => children.id, { onDelete: 'cascade' }),
    uploadId: text('upload_id').notNull(),
    actor: text('actor').notNull(),
    status: text('status').$type<'queued' | 'running' | 'done' | 'failed'>().notNull().default('queued'),
    bytesTotal: bigint('bytes_total', { mode: 'number' }).notNull().default(0),
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    messagesSeen: integer('messages_seen').notNull().default(0),
    schoolKept: integer('school_kept').notNull().default(0),
    /** Counts of the finished import (stored, seen, drafts, dateWarnings). */
    result: jsonb('result').$type<Record<string, number>>(),
    /** A message for the parent; never mail content. */
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('import_jobs_account_upload').on(t.accountId, t.uploadId)],
);

/** The school's requests to the parent ("please sign and return the consent"): the parent's to-dos. */
export const schoolAsks = pgTable(
  'school_asks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').references(() => children.id, { onDelete: 'set null' }),
    messageId: uuid('message_id').notNull().references(() => messages.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    text: text('text').notNull(),
    kind: text('kind').notNull(),
    dueDate: date('due_date'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('school_asks_message_ordinal').on(t.messageId, t.ordinal)],
);

/** A sentence of the parent's own message that the parent marked "this is a request" (survives re-analysis). */
export const parentMarkedRequests = pgTable(
  'parent_marked_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id').notNull().references(() => messages.id, { onDelete: 'cascade' }),
    sentence: text('sentence').notNull(),
    kind: text('kind').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('parent_marked_message_sentence').on(t.messageId, t.sentence)],
);

/** The follow-up plan of an overdue request: up to three steps, each a draft the parent approves. */
export const ladders = pgTable(
  'ladders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    requestId: uuid('request_id').notNull().references(() => requests.id, { onDelete: 'cascade' }),
    state: text('state').$type<'active' | 'paused' | 'stopped' | 'done'>().notNull().default('active'),
    /** A restart begins a new round from step 1; steps are unique per round. */
    round: integer('round').notNull().default(1),
    stateReason: text('state_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('ladders_request').on(t.requestId)],
);

export const ladderSteps = pgTable(
  'ladder_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    ladderId: uuid('ladder_id').notNull().references(() => ladders.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    step: integer('step').notNull(),
    draftId: uuid('draft_id').references(() => drafts.id, { onDelete: 'set null' }),
    /** The parent skipped this step (no draft is waited for). */
    skipped: boolean('skipped').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('ladder_steps_ladder_round_step').on(t.ladderId, t.round, t.step)],
);
