/**
 * What the printable record holds (spec §8, issue 14 #10), read as of `now` in the child's zone: the child
 * (full name from the IEP when it gives one), school, district, the period the mail covers; every request
 * with its dates, basis and citation, status and days late; every message, oldest first, with its full new
 * text. The parent's own due date is kept beside the legal one, never in its place.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, children, iepDocuments, messages, requests } from '../../db/schema.js';
import { daysBetween, localTime } from '../../core/calendar/local-time.js';
import { effectiveRequest } from '../analysis/overrides.js';

export interface RecordRequest {
  askedOn: string;
  kind: string;
  /** The date counted against: the parent's own when set. */
  dueDate: string;
  parentDueDate: string | null;
  legalDueDate: string;
  basis: 'statute' | 'courtesy';
  citation: string | null;
  status: string;
  daysLate: number;
  evidence: string;
}

export interface RecordMessage {
  at: string;
  from: string;
  to: string;
  cc: string;
  subject: string;
  automatic: boolean;
  side: 'parent' | 'school';
  requests: string[];
  text: string;
}

export interface RecordData {
  childName: string;
  school: string | null;
  district: string | null;
  state: string;
  parentName: string | null;
  period: { from: string; to: string } | null;
  preparedOn: string;
  timezone: string;
  requests: RecordRequest[];
  messages: RecordMessage[];
}

/** "Student: Ethan Whitcombe" on the IEP's first page, when it begins with the child's first name. */
export function fullNameFromIep(firstPage: string, firstName: string): string | null {
  const m = /^\s*(?:Student(?:'s)?(?: Name)?|Name of Student|Child)\s*:\s*([A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+){1,3})/m.exec(firstPage);
  const name = m?.[1]?.trim();
  if (!name) return null;
  return name.toLowerCase().startsWith(firstName.trim().toLowerCase()) ? name : null;
}

function stamp(d: Date, timezone: string): string {
  return d.toLocaleString('en-US', { timeZone: timezone, month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });
}

const person = (a: { address: string; name?: string }) => (a.name ? `${a.name} <${a.address}>` : a.address);

export async function recordData(db: Db, accountId: string, childId: string, now: Date): Promise<RecordData | null> {
  const [child] = await db.select().from(children).where(and(eq(children.id, childId), eq(children.accountId, accountId)));
  if (!child) return null;
  const [account] = await db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, accountId));
  const tz = child.timezone;
  const today = localTime(now, tz).date;
  const docs = await db.select({ pages: iepDocuments.pages }).from(iepDocuments).where(eq(iepDocuments.childId, child.id)).orderBy(asc(iepDocuments.createdAt));
  const fullName = docs.map((d) => fullNameFromIep(d.pages[0] ?? '', child.name)).find(Boolean) ?? child.name;

  const rows = await db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.childId, childId))).orderBy(asc(messages.sentAt));
  const reqRows = await db.select().from(requests).where(and(eq(requests.accountId, accountId), eq(requests.childId, childId)));
  // A request the parent joined to another is part of that one (same-request.ts), not a row of its own.
  const effective = reqRows.map((r) => effectiveRequest(r, now, tz)).filter((r) => r.status !== 'not_a_request' && !r.overrides.sameAs);
  const sentOf = new Map(rows.map((m) => [m.id, m.sentAt]));
  const reqs: RecordRequest[] = effective
    .map((r) => {
      const rule = r.row.rule as { citation?: string } | null;
      const askedOn = localTime(sentOf.get(r.row.messageId) ?? r.row.createdAt, tz).date;
      const open = r.status === 'overdue' || r.status === 'awaiting' || r.status === 'acknowledged';
      return {
        askedOn,
        kind: r.kind,
        dueDate: r.dueDate,
        parentDueDate: r.customDue ? r.dueDate : null,
        legalDueDate: r.row.dueDate,
        basis: r.row.dueBasis,
        citation: r.row.dueBasis === 'statute' ? (rule?.citation ?? null) : null,
        status: r.status,
        daysLate: open ? Math.max(0, daysBetween(r.dueDate, today)) : 0,
        evidence: r.row.evidence,
      };
    })
    .sort((a, b) => a.askedOn.localeCompare(b.askedOn));

  const msgs: RecordMessage[] = rows.map((m) => ({
    at: stamp(m.sentAt, tz),
    from: m.fromName ? `${m.fromName} <${m.fromAddress}>` : (m.fromAddress ?? 'unknown'),
    to: m.to.map(person).join(', '),
    cc: m.cc.map(person).join(', '),
    subject: m.subject,
    automatic: m.automatic,
    side: m.side,
    requests: effective.filter((r) => r.row.messageId === m.id).map((r) => r.kind),
    text: m.newText.trim() || m.bodyText.trim(),
  }));
  const first = rows[0]?.sentAt;
  const last = rows.at(-1)?.sentAt;
  return {
    childName: fullName,
    school: child.school,
    district: child.district,
    state: child.state,
    parentName: account?.name ?? null,
    period: first && last ? { from: localTime(first, tz).date, to: localTime(last, tz).date } : null,
    preparedOn: today,
    timezone: tz,
    requests: reqs,
    messages: msgs,
  };
}
