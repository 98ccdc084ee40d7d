/** A family's children, their school contacts, IEP documents and provisions. */
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns.js';
import { accounts } from './accounts.js';

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
    /** created_at of the newest message the last analysis read (migration 0015): later mail means analyse again. */
    analyzedThrough: timestamp('analyzed_through', { withTimezone: true }),
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
