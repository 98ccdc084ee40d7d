/** What the analysis found and what the parent sends: requests, commitments, drafts, digests and sentence judgements. */
import type { DraftInput } from '../../core/drafting.js';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { accounts } from './accounts.js';
import { children } from './children.js';
import { messages, threads } from './mail.js';
import { clocks } from './clocks.js';

export const requests = pgTable(
  'requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').references(() => children.id, { onDelete: 'set null' }),
    threadId: uuid('thread_id').references(() => threads.id, { onDelete: 'set null' }),
    messageId: uuid('message_id').notNull().references(() => messages.id, { onDelete: 'cascade' }),
    /** Position of the request within its message: (message, kind, ordinal) is stable across re-analysis. */
    ordinal: integer('ordinal').notNull().default(0),
    kind: text('kind').notNull(),
    evidence: text('evidence').notNull(),
    signal: text('signal'),
    /** Why we think this is a request ("Why we think this"): { act, head, rule } from the analysis. */
    reason: jsonb('reason').$type<{ act: string; head: string; rule: string } | null>(),
    status: text('status').notNull(),
    answeredBy: uuid('answered_by').references(() => messages.id, { onDelete: 'set null' }),
    acknowledgedBy: uuid('acknowledged_by').references(() => messages.id, { onDelete: 'set null' }),
    /** The answering reply declined the request (migration 0015); the follow-up drafter words with it. */
    declined: boolean('declined').notNull().default(false),
    dueDate: date('due_date').notNull(),
    dueBasis: text('due_basis').$type<'statute' | 'courtesy'>().notNull(),
    rule: jsonb('rule').$type<Record<string, unknown> | null>(),
    provisionIds: jsonb('provision_ids').$type<string[]>().notNull().default([]),
    /** Parent overrides: { resolved?, notARequest?, kind?, dueDate? } — each also an audit event. */
    overrides: jsonb('overrides').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('requests_message_kind_ordinal').on(t.messageId, t.kind, t.ordinal),
    index('requests_account_status').on(t.accountId, t.status),
  ],
);

export const commitments = pgTable(
  'commitments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').references(() => children.id, { onDelete: 'set null' }),
    messageId: uuid('message_id').notNull().references(() => messages.id, { onDelete: 'cascade' }),
    requestId: uuid('request_id').references(() => requests.id, { onDelete: 'set null' }),
    text: text('text').notNull(),
    dueDate: date('due_date').notNull(),
    status: text('status').$type<'kept' | 'pending' | 'missed'>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('commitments_message_text').on(t.messageId, t.text), index('commitments_account_child').on(t.accountId, t.childId)],
);

export const drafts = pgTable(
  'drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    requestId: uuid('request_id').references(() => requests.id, { onDelete: 'cascade' }),
    commitmentId: uuid('commitment_id').references(() => commitments.id, { onDelete: 'cascade' }),
    /** An overdue process clock's follow-up (spec §5). */
    clockId: uuid('clock_id').references(() => clocks.id, { onDelete: 'cascade' }),
    /** One draft per request and state: e.g. "overdue:2026-02-11". Never created twice. */
    stateKey: text('state_key').notNull(),
    status: text('status')
      .$type<'pending' | 'approved' | 'sending' | 'unconfirmed' | 'sent' | 'saved' | 'snoozed' | 'dismissed'>()
      .notNull()
      .default('pending'),
    toAddresses: jsonb('to_addresses').$type<string[]>().notNull(),
    ccAddresses: jsonb('cc_addresses').$type<string[]>().notNull().default([]),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    inReplyTo: text('in_reply_to'),
    references: jsonb('references').$type<string[]>().notNull().default([]),
    source: text('source').$type<'template' | 'llm'>().notNull().default('template'),
    /**
     * The facts the draft was written from (core/drafting.ts DraftInput): the LLM rewrite is checked against
     * them. Null for drafts written before migration 0008 (and for clock follow-ups written before issue 11).
     */
    facts: jsonb('facts').$type<DraftInput>(),
    /** The parent's choice, recorded with the claim: send it, or save it to the mailbox's Drafts folder. */
    sendMode: text('send_mode').$type<'send' | 'draft'>(),
    /** Message-ID fixed at approval: the idempotency key for exactly-once sending. */
    outgoingMessageId: text('outgoing_message_id'),
    sentProviderId: text('sent_provider_id'),
    /** Who sent it: our mailbox connection, or the parent from their own email app (then marked "I sent it"). */
    sentBy: text('sent_by').$type<'mailbox' | 'parent'>(),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('drafts_request_state').on(t.requestId, t.stateKey),
    uniqueIndex('drafts_commitment_state').on(t.commitmentId, t.stateKey),
    uniqueIndex('drafts_clock_state').on(t.clockId, t.stateKey),
    index('drafts_account_status').on(t.accountId, t.status),
  ],
);

export const digests = pgTable(
  'digests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    /** ISO week of the digest in the account's zone, e.g. 2026-W05: one digest per account per week. */
    period: text('period').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    deliveredVia: text('delivered_via').$type<'mailbox' | 'smtp' | 'app'>(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /**
     * The channel being tried, written before its send starts: a run that dies inside a send leaves it set
     * with no deliveredAt, and whoever takes over looks in that channel instead of sending again.
     */
    deliveryAttemptVia: text('delivery_attempt_via').$type<'mailbox' | 'smtp'>(),
    deliveryAttemptAt: timestamp('delivery_attempt_at', { withTimezone: true }),
    /** 'unknown': a send died and its channel cannot be searched (SMTP); never resent, readable in the app. */
    deliveryOutcome: text('delivery_outcome').$type<'unknown'>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('digests_account_period').on(t.accountId, t.period)],
);

/**
 * The sentence judge's memory (src/llm/sentence-judge.ts): one judgement per account and question hash, so a
 * re-analysis never asks the model twice. Decision fields and evidence offsets only, never message text.
 */
export const sentenceJudgements = pgTable(
  'sentence_judgements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    questionHash: text('question_hash').notNull(),
    task: text('task').$type<'request' | 'reply'>().notNull(),
    outcome: text('outcome').$type<'verdict' | 'rejected'>().notNull(),
    isRequest: boolean('is_request'),
    kind: text('kind'),
    act: text('act'),
    evidenceStart: integer('evidence_start'),
    evidenceEnd: integer('evidence_end'),
    /** For a rejected answer: the reason code (not_json, schema, evidence_not_found). */
    reason: text('reason'),
    model: text('model').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sentence_judgements_account_hash').on(t.accountId, t.questionHash)],
);
