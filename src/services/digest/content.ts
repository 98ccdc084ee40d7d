/**
 * What goes into the weekly digest (spec §7), read from stored state as of `now`, in the account's zone.
 * Rendering is separate (digest-render.ts) so the same content feeds the mail and the in-app preview.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, children, commitments, drafts, provisions, requests } from '../../db/schema.js';
import { addDays, daysBetween, isoWeek, localTime } from '../../core/calendar/local-time.js';
import { effectiveRequest } from '../analysis/overrides.js';
import { digestClocks, type DigestClockItem } from '../clocks/digest.js';

export interface DigestRequestItem {
  id: string;
  child: string | null;
  kind: string;
  evidence: string;
  /** The date the item is counted against: the parent's own date when they set one, else the legal/courtesy one. */
  dueDate: string;
  /** The parent's own due date, when set; the statutory date and its citation stay beside it. */
  parentDueDate: string | null;
  /** The date from the rule (statute) or the courtesy window, whatever the parent set. */
  ruleDueDate: string;
  /** Overdue: days past the due date; awaiting: days left (0 = due today). */
  days: number;
  basis: 'statute' | 'courtesy';
  citation: string | null;
  ruleId: string | null;
  estimated: boolean;
}

export interface DigestContent {
  accountId: string;
  email: string;
  parentName: string | null;
  /** Local date the digest describes. */
  today: string;
  period: string;
  overdue: DigestRequestItem[];
  awaiting: DigestRequestItem[];
  drafts: Array<{ id: string; subject: string; to: string[]; child: string | null }>;
  missedCommitments: Array<{ id: string; child: string | null; childId: string | null; text: string; dueDate: string; days: number }>;
  upcomingCommitments: Array<{ id: string; child: string | null; childId: string | null; text: string; dueDate: string; days: number }>;
  keyDates: Array<{ child: string | null; childId: string | null; name: string; date: string; days: number }>;
  /** Process clocks overdue or due within two weeks (services/clocks/digest.ts). */
  clocks?: DigestClockItem[];
}

export const KEY_DATE_WINDOW_DAYS = 30;
const OPEN = ['overdue', 'awaiting', 'acknowledged'];

export async function digestContent(db: Db, accountId: string, now: Date): Promise<DigestContent> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) throw new Error(`unknown account ${accountId}`);
  const today = localTime(now, account.timezone).date;
  const kids = await db.select({ id: children.id, name: children.name, timezone: children.timezone }).from(children).where(eq(children.accountId, accountId));
  const childName = (id: string | null) => kids.find((k) => k.id === id)?.name ?? null;

  const open = await db.select().from(requests).where(and(eq(requests.accountId, accountId), inArray(requests.status, OPEN)));
  const overdue: DigestRequestItem[] = [];
  const awaiting: DigestRequestItem[] = [];
  for (const r of open) {
    // The same effective view every page shows: the parent's overrides applied, status as of `now`.
    const e = effectiveRequest(r, now, kids.find((k) => k.id === r.childId)?.timezone ?? account.timezone);
    if (e.status === 'resolved' || e.status === 'not_a_request' || e.status === 'answered') continue;
    const due = e.dueDate;
    const past = daysBetween(due, today);
    const rule = r.rule as { id?: string; citation?: string; estimated?: boolean } | null;
    const item: DigestRequestItem = {
      id: r.id,
      child: childName(r.childId),
      kind: e.kind,
      evidence: r.evidence,
      dueDate: due,
      parentDueDate: e.customDue ? due : null,
      ruleDueDate: r.dueDate,
      days: Math.abs(past),
      basis: r.dueBasis,
      citation: r.dueBasis === 'statute' ? rule?.citation ?? null : null,
      ruleId: rule?.id ?? null,
      estimated: rule?.estimated ?? false,
    };
    (past > 0 ? overdue : awaiting).push(item);
  }
  overdue.sort((a, b) => b.days - a.days || a.dueDate.localeCompare(b.dueDate));
  awaiting.sort((a, b) => a.dueDate.localeCompare(b.dueDate));

  const pending = await db
    .select({ id: drafts.id, subject: drafts.subject, to: drafts.toAddresses, requestId: drafts.requestId, commitmentId: drafts.commitmentId })
    .from(drafts)
    .where(and(eq(drafts.accountId, accountId), eq(drafts.status, 'pending')));
  const reqChild = new Map(open.map((r) => [r.id, r.childId]));

  const promised = await db.select().from(commitments).where(and(eq(commitments.accountId, accountId), inArray(commitments.status, ['missed', 'pending'])));
  const missedCommitments: DigestContent['missedCommitments'] = [];
  const upcomingCommitments: DigestContent['upcomingCommitments'] = [];
  for (const c of promised) {
    const past = daysBetween(c.dueDate, today);
    const item = { id: c.id, child: childName(c.childId), childId: c.childId, text: c.text, dueDate: c.dueDate, days: Math.abs(past) };
    if (c.status === 'missed' || past > 0) missedCommitments.push(item);
    else if (-past <= 14) upcomingCommitments.push(item);
  }
  missedCommitments.sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  upcomingCommitments.sort((a, b) => a.dueDate.localeCompare(b.dueDate));

  return {
    accountId,
    email: account.email,
    parentName: account.name,
    today,
    period: isoWeek(today),
    overdue,
    awaiting,
    drafts: pending.map((d) => ({ id: d.id, subject: d.subject, to: d.to, child: childName(reqChild.get(d.requestId ?? '') ?? null) })),
    missedCommitments,
    upcomingCommitments,
    keyDates: await keyDatesAhead(db, accountId, today, KEY_DATE_WINDOW_DAYS, childName),
    clocks: await digestClocks(db, accountId, now),
  };
}

/** IEP key dates (annual review, triennial, end date) from today to `window` days ahead. */
export async function keyDatesAhead(
  db: Db,
  accountId: string,
  today: string,
  window: number,
  childName: (id: string | null) => string | null,
): Promise<DigestContent['keyDates']> {
  const rows = await listKeyDates(db, [accountId]);
  const last = addDays(today, window);
  return rows
    .filter((k) => k.date >= today && k.date <= last)
    .map((k) => ({ child: childName(k.childId), childId: k.childId, name: k.name, date: k.date, days: daysBetween(today, k.date) }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/** Key-date provisions with a usable date, per account (details: { name, date }). */
export async function listKeyDates(db: Db, accountIds: string[]): Promise<Array<{ accountId: string; childId: string; name: string; date: string }>> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .select({ accountId: provisions.accountId, childId: provisions.childId, details: provisions.details, text: provisions.text })
    .from(provisions)
    .where(and(eq(provisions.type, 'key_date'), inArray(provisions.accountId, accountIds)));
  const out: Array<{ accountId: string; childId: string; name: string; date: string }> = [];
  for (const r of rows) {
    const date = r.details?.['date'];
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    const name = typeof r.details?.['name'] === 'string' && r.details['name'] ? (r.details['name'] as string) : r.text.slice(0, 60);
    out.push({ accountId: r.accountId, childId: r.childId, name, date });
  }
  return out;
}
