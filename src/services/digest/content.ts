/**
 * What goes into the weekly digest (spec §7), read from stored state as of `now`, in the account's zone.
 * Rendering is separate (digest-render.ts) so the same content feeds the mail and the in-app preview.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, children, commitments, drafts, messages, provisions, requests } from '../../db/schema.js';
import { addDays, daysBetween, isoWeek, localTime } from '../../core/calendar/local-time.js';
import { effectiveRequest } from '../analysis/overrides.js';
import { digestClocks, type DigestClockItem } from '../clocks/digest.js';
import { listApprovedNotSent } from '../drafts/manual-send.js';
import { chaseTitle, promiseTitle } from '../../core/chase-title.js';

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

export interface DigestDraftItem {
  id: string;
  /** What it chases; the subject line when it chases neither a request nor a promise. */
  title: string;
  subject: string;
  to: string[];
  child: string | null;
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
  /** Drafts waiting for the parent's review, each titled by what it chases ("Records request of Oct 5 — 37 days past due"). */
  drafts: DigestDraftItem[];
  /** Approved, but no mailbox sent them and the parent has not marked them sent (issue 13). */
  approvedNotSent?: DigestDraftItem[];
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
  const approved = await listApprovedNotSent(db, accountId);
  const approvedRows = approved.length
    ? await db.select({ id: drafts.id, commitmentId: drafts.commitmentId }).from(drafts).where(inArray(drafts.id, approved.map((a) => a.id)))
    : [];
  const chased = [...pending, ...approved.map((a) => ({ ...a, commitmentId: approvedRows.find((r) => r.id === a.id)?.commitmentId ?? null }))];
  const titled = await draftItems(db, chased, now, today, (id) => kids.find((k) => k.id === id)?.timezone ?? account.timezone, childName);

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
    drafts: titled.slice(0, pending.length),
    approvedNotSent: titled.slice(pending.length),
    missedCommitments,
    upcomingCommitments,
    keyDates: await keyDatesAhead(db, accountId, today, KEY_DATE_WINDOW_DAYS, childName),
    clocks: await digestClocks(db, accountId, now),
  };
}

/**
 * Titles drafts by what they chase: the request's kind and the day it was asked, with the days past due as of
 * today (the parent's own due date when set), or the school's promise and its date.
 */
async function draftItems(
  db: Db,
  rows: Array<{ id: string; subject: string; to: string[]; requestId: string | null; commitmentId: string | null }>,
  now: Date,
  today: string,
  zoneOf: (childId: string | null) => string,
  childName: (id: string | null) => string | null,
): Promise<DigestDraftItem[]> {
  const reqIds = [...new Set(rows.flatMap((r) => (r.requestId ? [r.requestId] : [])))];
  const comIds = [...new Set(rows.flatMap((r) => (r.commitmentId ? [r.commitmentId] : [])))];
  const reqs = reqIds.length ? await db.select().from(requests).where(inArray(requests.id, reqIds)) : [];
  const asked = reqs.length ? await db.select({ id: messages.id, sentAt: messages.sentAt }).from(messages).where(inArray(messages.id, reqs.map((r) => r.messageId))) : [];
  const coms = comIds.length ? await db.select().from(commitments).where(inArray(commitments.id, comIds)) : [];
  return rows.map((d) => {
    const r = reqs.find((x) => x.id === d.requestId);
    const c = coms.find((x) => x.id === d.commitmentId);
    let title = d.subject;
    let childId: string | null = null;
    if (r) {
      const zone = zoneOf(r.childId);
      const e = effectiveRequest(r, now, zone);
      const sentAt = asked.find((m) => m.id === r.messageId)?.sentAt ?? r.createdAt;
      title = chaseTitle(e.kind, localTime(sentAt, zone).date, Math.max(0, daysBetween(e.dueDate, today)));
      childId = r.childId;
    } else if (c) {
      title = promiseTitle(c.dueDate, Math.max(0, daysBetween(c.dueDate, today)));
      childId = c.childId;
    }
    return { id: d.id, title, subject: d.subject, to: d.to, child: childName(childId) };
  });
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
