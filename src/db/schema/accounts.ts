/** Accounts, their sign-in sessions, advocate grants and failed sign-ins. */
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';

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
  (t) => [uniqueIndex('account_grants_pair').on(t.ownerAccountId, t.granteeAccountId), uniqueIndex('account_grants_invitee').on(t.ownerAccountId, t.inviteeEmail), index('account_grants_grantee').on(t.granteeAccountId, t.status)],
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
