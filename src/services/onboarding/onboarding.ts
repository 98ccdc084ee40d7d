/**
 * Onboarding: the child, who the school is, the school calendar, the IEP/504 and the mailbox. The forms are
 * read by their schemas (src/http/forms/onboarding.ts); what needs the data or the bytes (a school address,
 * a calendar file, an IEP document) is checked here. Every function validates first and writes last, so a
 * rejected input changes nothing.
 */
import { recordAudit } from '../../db/audit.js';
import { AppError } from '../../core/errors.js';
import { and, asc, eq, inArray, notLike, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { children, iepDocuments, mailboxConnections, messages, provisions, schoolContacts } from '../../db/schema.js';
import { CalendarError, parseCalendarIcs } from '../../core/deadlines/index.js';
import { extractProvisions } from '../../core/provisions/extract.js';
import { ADDRESS_RE, looksLikeSchoolDomain, normalizeSchoolContact, schoolMatcher } from '../../core/school.js';
import type { ProvisionType, SchoolCalendar } from '../../core/types.js';
import { IepDocumentError, readIepDocumentSafely } from '../../documents/read-iep.js';
import { importArchive, type BundledArchive, type ImportOptions, type ImportResult } from '../mailbox/import-archive.js';
import { draftFollowUps } from '../drafts/followups.js';
import { advanceLadders } from '../drafts/ladder.js';
import { loadParentAddresses } from '../mailbox/parent-addresses.js';

/** A problem with what the parent entered or uploaded; the message is meant for them. */
export class InputError extends AppError {
  override readonly name = 'InputError';
  constructor(message: string, code: 'bad_request' | 'bad_input' | 'unsupported_media' | 'too_large' = 'bad_input') {
    super(code, message);
  }
}

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN',
  'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA',
  'WV', 'WI', 'WY',
] as const;

export interface ChildInput {
  name: string;
  school: string | null;
  district: string | null;
  state: string;
  timezone: string;
}

export async function createChild(db: Db, accountId: string, actor: string, input: ChildInput) {
  const [row] = await db.insert(children).values({ accountId, ...input }).returning();
  await recordAudit(db, { accountId, actor, action: 'child.created', subjectType: 'child', subjectId: row!.id, data: { state: input.state } });
  return row!;
}

export async function updateChild(db: Db, accountId: string, childId: string, actor: string, input: ChildInput) {
  await db.update(children).set({ ...input, updatedAt: new Date() }).where(and(eq(children.id, childId), eq(children.accountId, accountId)));
  await recordAudit(db, { accountId, actor, action: 'child.updated', subjectType: 'child', subjectId: childId, data: { state: input.state } });
}

// ---- school contacts

/** Normalizes "@District.org", "Ms. Park <park@x.org>", "x.org" … (core/school.ts); throws for anything else. */
export function normalizeContact(raw: string): string {
  const v = normalizeSchoolContact(raw);
  if (v) return v;
  throw new InputError(`"${raw.trim().slice(0, 80)}" is not an email address or a domain (like district.k12.ca.us).`);
}

export async function addContacts(db: Db, accountId: string, childId: string, actor: string, values: string[]) {
  const normalized = [...new Set(values.map(normalizeContact))];
  if (!normalized.length) return 0;
  const rows = await db
    .insert(schoolContacts)
    .values(normalized.map((value) => ({ accountId, childId, value })))
    .onConflictDoNothing()
    .returning({ id: schoolContacts.id });
  if (rows.length)
    await recordAudit(db, { accountId, actor, action: 'school_contacts.added', subjectType: 'child', subjectId: childId, data: { count: rows.length } });
  return rows.length;
}

export async function removeContact(db: Db, accountId: string, contactId: string, actor: string) {
  const [row] = await db
    .delete(schoolContacts)
    .where(and(eq(schoolContacts.id, contactId), eq(schoolContacts.accountId, accountId)))
    .returning({ childId: schoolContacts.childId });
  if (row)
    await recordAudit(db, { accountId, actor, action: 'school_contacts.removed', subjectType: 'child', subjectId: row.childId, data: {} });
  return row ?? null;
}

export interface Suggestion {
  value: string;
  count: number;
}

/** School-looking domains among the stored correspondence's addresses that are not contacts yet. */
export async function suggestFromStored(db: Db, accountId: string, childId: string): Promise<Suggestion[]> {
  const rows = await db
    .select({ from: messages.fromAddress, to: messages.to, cc: messages.cc })
    .from(messages)
    .where(eq(messages.accountId, accountId))
    .limit(5000);
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const a of [r.from, ...r.to.map((x) => x.address), ...r.cc.map((x) => x.address)]) {
      if (!a) continue;
      const d = a.slice(a.lastIndexOf('@') + 1).toLowerCase();
      if (looksLikeSchoolDomain(d)) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
  }
  const existing = new Set((await db.select({ v: schoolContacts.value }).from(schoolContacts).where(eq(schoolContacts.childId, childId))).map((r) => r.v));
  return [...counts].filter(([d]) => !existing.has(d)).map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count).slice(0, 10);
}

// ---- calendar

export function calendarFromIcs(bytes: Uint8Array): SchoolCalendar {
  const text = new TextDecoder().decode(bytes);
  if (!/BEGIN:VCALENDAR/i.test(text.slice(0, 2048)))
    throw new InputError('This file is not an iCalendar (.ics) file. Export the district calendar as .ics, or enter the dates below.', 'unsupported_media');
  try {
    return parseCalendarIcs(text);
  } catch (e) {
    throw new InputError(e instanceof CalendarError ? e.message : 'That calendar could not be read.');
  }
}

export async function saveCalendar(db: Db, accountId: string, childId: string, actor: string, cal: SchoolCalendar | null) {
  await db.update(children).set({ calendar: cal, updatedAt: new Date() }).where(and(eq(children.id, childId), eq(children.accountId, accountId)));
  await recordAudit(db, {
    accountId,
    actor,
    action: cal ? 'calendar.saved' : 'calendar.cleared',
    subjectType: 'child',
    subjectId: childId,
    data: cal ? { firstDay: cal.firstDay, lastDay: cal.lastDay, closed: cal.closed.length } : {},
  });
}

// ---- IEP / 504

export async function storeIepDocument(db: Db, accountId: string, childId: string, actor: string, input: { filename: string; kind: 'iep' | '504'; bytes: Uint8Array }) {
  let doc;
  try {
    doc = await readIepDocumentSafely(input.bytes, input.filename);
  } catch (e) {
    if (e instanceof IepDocumentError) throw new InputError(e.message, 'unsupported_media');
    throw e;
  }
  const found = extractProvisions(doc.pages, { paginated: doc.paginated });
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(iepDocuments).values({ accountId, childId, filename: input.filename.slice(0, 200), kind: input.kind, pages: doc.pages }).returning({ id: iepDocuments.id });
    if (found.length)
      await tx.insert(provisions).values(
        found.map((p) => ({ accountId, childId, documentId: row!.id, label: p.id, type: p.type, text: p.text, section: p.section, page: p.page, details: p.details ?? null })),
      );
    await recordAudit(tx, { accountId, actor, action: 'iep.uploaded', subjectType: 'iep_document', subjectId: row!.id, data: { kind: input.kind, provisions: found.length, pages: doc.pages.length } });
    return { documentId: row!.id, provisions: found.length };
  });
}

export const PROVISION_TYPES = ['service', 'accommodation', 'goal', 'key_date', 'other'] as const satisfies readonly ProvisionType[];

/**
 * The addresses the parent writes to the school from. analyzeChild reads the account email and the
 * addresses of the account's mailbox connections; an address from an imported archive that differs from the
 * sign-in email is kept as a connection row of provider 'archive' with status 'disabled' (never synced).
 */
export async function addParentAddresses(db: Db, accountId: string, addresses: string[]) {
  for (const raw of addresses) {
    const a = raw.trim().toLowerCase();
    if (!ADDRESS_RE.test(a)) continue;
    await db
      .insert(mailboxConnections)
      .values({ accountId, provider: 'archive', address: a, status: 'disabled', statusReason: 'parent address (imported archive)' })
      .onConflictDoNothing();
  }
}

/** The parent's own addresses (services/mailbox/parent-addresses.ts). */
export async function parentAddresses(db: Db, account: { id: string; email: string }): Promise<string[]> {
  return loadParentAddresses(db, account.id);
}

/** Imports an archive for one child, then analyzes the account and drafts follow-ups. */
export async function importForChild(
  db: Db,
  input: { accountId: string; email: string; childId: string; path: string | BundledArchive; now: Date; actor: string; rescan?: boolean } & Pick<ImportOptions, 'archiveKey' | 'onProgress'>,
): Promise<ImportResult & { drafts: number }> {
  const school = (await db.select({ v: schoolContacts.value }).from(schoolContacts).where(eq(schoolContacts.childId, input.childId))).map((r) => r.v);
  if (!school.length) throw new InputError('Please add at least one school address or domain first, so only school mail is kept.');
  const parents = await parentAddresses(db, { id: input.accountId, email: input.email });
  if (input.rescan) {
    // A re-import with new contacts: start the archive from the beginning (storing is idempotent).
    await db
      .update(mailboxConnections)
      .set({ cursor: null })
      .where(and(eq(mailboxConnections.accountId, input.accountId), eq(mailboxConnections.address, `archive:${input.archiveKey ?? (typeof input.path === 'string' ? input.path : input.path.key)}`)));
  }
  const result = await importArchive(
    db,
    { accountId: input.accountId, childId: input.childId, parentAddresses: new Set(parents), school: schoolMatcher(school) },
    input.path,
    { archiveKey: input.archiveKey, onProgress: input.onProgress },
  );
  // draftFollowUps analyses the child whose mail its last analysis did not read (this import's) before
  // drafting: one analysis per import.
  const { created } = await draftFollowUps(db, input.accountId, input.now);
  // Each overdue request's follow-up plan starts with that draft as its first step.
  await advanceLadders(db, input.accountId, input.now);
  await recordAudit(db, {
    accountId: input.accountId,
    actor: input.actor,
    action: 'mailbox.imported',
    at: input.now,
    subjectType: 'child',
    subjectId: input.childId,
    data: { seen: result.seen, stored: result.stored, skipped: result.skipped, threads: result.threads, drafts: created },
  });
  return { ...result, drafts: created };
}

export async function childProvisions(db: Db, childId: string) {
  return db.select().from(provisions).where(eq(provisions.childId, childId)).orderBy(asc(provisions.createdAt), asc(provisions.label));
}

export async function countByChild(db: Db, accountId: string) {
  const rows = await db
    .select({ childId: messages.childId, n: sql<number>`count(*)::int` })
    .from(messages)
    .where(eq(messages.accountId, accountId))
    .groupBy(messages.childId);
  return new Map(rows.map((r) => [r.childId, r.n]));
}

