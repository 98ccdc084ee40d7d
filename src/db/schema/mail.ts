/** Connected mailboxes and the mail they brought: threads, messages and the messages an import could not use. */
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { accounts } from './accounts.js';
import { children } from './children.js';

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
