import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  date,
} from 'drizzle-orm/pg-core';

/**
 * The whole data model of the spec. Every row that belongs to a family carries `account_id`, so every
 * query can be scoped to the signed-in account (a parent sees only their own data).
 */

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name'),
  role: text('role').$type<'parent' | 'advocate'>().notNull().default('parent'),
  passwordHash: text('password_hash'),
  timezone: text('timezone').notNull().default('America/New_York'),
  /** Digest schedule, courtesy window, cite-law and LLM switches (zod-validated in services). */
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  /** Set when the owner proved the address (a link sent to it). Only verified accounts receive access. */
  emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** An advocate sees the families who invited them. */
export const accountGrants = pgTable(
  'account_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerAccountId: uuid('owner_account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    /** An invitation goes to an address; it names the account that accepted it once accepted. */
    inviteeEmail: text('invitee_email').notNull(),
    granteeAccountId: uuid('grantee_account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    status: text('status').$type<'invited' | 'accepted'>().notNull().default('invited'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('account_grants_pair').on(t.ownerAccountId, t.granteeAccountId), uniqueIndex('account_grants_invitee').on(t.ownerAccountId, t.inviteeEmail)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(), // hash of the cookie token, never the token itself
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_account').on(t.accountId)],
);

export const children = pgTable(
  'children',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    school: text('school'),
    district: text('district'),
    state: text('state').notNull().default('US'),
    timezone: text('timezone').notNull().default('America/New_York'),
    /** SchoolCalendar JSON (firstDay, lastDay, closed). */
    calendar: jsonb('calendar').$type<unknown>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('children_account').on(t.accountId)],
);

/** A school address (contains @) or domain (matches subdomains too). */
export const schoolContacts = pgTable(
  'school_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').notNull().references(() => children.id, { onDelete: 'cascade' }),
    value: text('value').notNull(),
    name: text('name'),
    role: text('role'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('school_contacts_child_value').on(t.childId, t.value)],
);

export const mailboxConnections = pgTable(
  'mailbox_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    provider: text('provider').$type<'gmail' | 'outlook' | 'archive' | 'imap'>().notNull(),
    address: text('address').notNull(),
    /** AES-256-GCM blob (security/crypto.ts); never plaintext. OAuth tokens, or an IMAP mailbox's server settings and app password. */
    tokens: text('tokens'),
    cursor: text('cursor'),
    status: text('status').$type<'active' | 'needs_reconnect' | 'disabled'>().notNull().default('active'),
    statusReason: text('status_reason'),
    backfillSince: timestamp('backfill_since', { withTimezone: true }),
    lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
    push: jsonb('push').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('mailbox_connections_account_provider_address').on(t.accountId, t.provider, t.address)],
);

export const threads = pgTable(
  'threads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').references(() => children.id, { onDelete: 'set null' }),
    /** Message-ID of the thread's earliest message: stable across re-threading. */
    rootMessageId: text('root_message_id').notNull(),
    subject: text('subject').notNull().default(''),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('threads_account_root').on(t.accountId, t.rootMessageId)],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').references(() => mailboxConnections.id, { onDelete: 'set null' }),
    childId: uuid('child_id').references(() => children.id, { onDelete: 'set null' }),
    threadId: uuid('thread_id').references(() => threads.id, { onDelete: 'set null' }),
    messageId: text('message_id').notNull(),
    providerId: text('provider_id'),
    providerThreadId: text('provider_thread_id'),
    inReplyTo: text('in_reply_to'),
    references: jsonb('references').$type<string[]>().notNull().default([]),
    fromAddress: text('from_address'),
    fromName: text('from_name'),
    to: jsonb('to').$type<{ address: string; name?: string }[]>().notNull().default([]),
    cc: jsonb('cc').$type<{ address: string; name?: string }[]>().notNull().default([]),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    /** The sender's own offset, kept so output keeps the original zone. */
    sentAtText: text('sent_at_text').notNull(),
    subject: text('subject').notNull().default(''),
    side: text('side').$type<'parent' | 'school'>().notNull(),
    automatic: boolean('automatic').notNull().default(false),
    bodyText: text('body_text').notNull().default(''),
    newText: text('new_text').notNull().default(''),
    attachments: jsonb('attachments').$type<{ filename: string | null; contentType: string; size: number }[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_account_message_id').on(t.accountId, t.messageId),
    index('messages_thread').on(t.threadId),
    index('messages_account_sent').on(t.accountId, t.sentAt),
  ],
);

/** A message the import could not use, with its reason; never aborts an import. */
export const skippedMessages = pgTable(
  'skipped_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id').references(() => mailboxConnections.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    reason: text('reason').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('skipped_account_source').on(t.accountId, t.source)],
);

export const iepDocuments = pgTable('iep_documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
  childId: uuid('child_id').notNull().references(() => children.id, { onDelete: 'cascade' }),
  filename: text('filename').notNull(),
  kind: text('kind').$type<'iep' | '504'>().notNull().default('iep'),
  pages: jsonb('pages').$type<string[]>().notNull().default([]),
  createdAt: createdAt(),
});

export const provisions = pgTable(
  'provisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    childId: uuid('child_id').notNull().references(() => children.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id').references(() => iepDocuments.id, { onDelete: 'cascade' }),
    label: text('label').notNull(), // p1, p2… within the document
    type: text('type').$type<'service' | 'accommodation' | 'goal' | 'key_date' | 'other'>().notNull(),
    text: text('text').notNull(),
    section: text('section').notNull().default(''),
    page: integer('page'),
    details: jsonb('details').$type<Record<string, string | number | null>>(),
    createdAt: createdAt(),
  },
  (t) => [index('provisions_child').on(t.childId)],
);

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
    status: text('status').notNull(),
    answeredBy: uuid('answered_by').references(() => messages.id, { onDelete: 'set null' }),
    acknowledgedBy: uuid('acknowledged_by').references(() => messages.id, { onDelete: 'set null' }),
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
  (t) => [uniqueIndex('commitments_message_text').on(t.messageId, t.text)],
);

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

/**
 * Failed sign-ins, shared by every instance (an in-memory counter per process multiplied the allowance by
 * the number of instances). `scope` is 'address' (email + client address) or 'account' (email alone, across
 * addresses); rows older than the window are removed as new ones arrive.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scope: text('scope').$type<'address' | 'account'>().notNull(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('login_failures_scope_key_at').on(t.scope, t.key, t.at)],
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

export * from './schema-followthrough.js';
