import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { children, commitments, drafts, iepDocuments, mailboxConnections, messages, provisions, requests, schoolContacts, threads } from '../../db/schema.js';
import { diffDays, localDateOf } from '../../core/deadlines/index.js';
import { clocksForChild } from '../../services/clocks/views.js';
import { STATUS_ORDER, effectiveRequest, type EffectiveRequest } from '../../services/analysis/overrides.js';

export type ChildRow = typeof children.$inferSelect;

export interface RequestView extends EffectiveRequest {
  sentAt: Date;
  daysWaiting: number;
  daysOverdue: number;
  threadSubject: string;
  draftId: string | null;
}

export async function childDashboard(db: Db, child: ChildRow, now: Date) {
  const accountId = child.accountId;
  const today = localDateOf(now.getTime(), child.timezone);
  const reqRows = await db.select().from(requests).where(and(eq(requests.accountId, accountId), eq(requests.childId, child.id)));
  const msgIds = [...new Set(reqRows.map((r) => r.messageId))];
  const msgs = msgIds.length ? await db.select({ id: messages.id, sentAt: messages.sentAt }).from(messages).where(inArray(messages.id, msgIds)) : [];
  const threadRows = await db.select({ id: threads.id, subject: threads.subject }).from(threads).where(eq(threads.accountId, accountId));
  const draftRows = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.accountId, accountId), inArray(drafts.status, ['pending', 'snoozed', 'saved', 'approved', 'sending'])));
  const views: RequestView[] = reqRows
    .map((r) => {
      const e = effectiveRequest(r, now, child.timezone);
      const sentAt = msgs.find((m) => m.id === r.messageId)?.sentAt ?? r.createdAt;
      const sentDay = localDateOf(sentAt.getTime(), child.timezone);
      return {
        ...e,
        sentAt,
        daysWaiting: Math.max(0, diffDays(sentDay, today)),
        daysOverdue: Math.max(0, diffDays(e.dueDate, today)),
        threadSubject: threadRows.find((t) => t.id === r.threadId)?.subject ?? '',
        draftId: draftRows.find((d) => d.requestId === r.id)?.id ?? null,
      };
    })
    .filter((v) => v.status !== 'not_a_request')
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.dueDate.localeCompare(b.dueDate));
  const commitmentRows = await db.select().from(commitments).where(and(eq(commitments.accountId, accountId), eq(commitments.childId, child.id))).orderBy(asc(commitments.dueDate));
  const keyDates = (await db.select().from(provisions).where(and(eq(provisions.childId, child.id), eq(provisions.type, 'key_date'))))
    .map((p) => ({ ...p, date: typeof p.details?.['date'] === 'string' ? (p.details['date'] as string) : null, label: typeof p.details?.['label'] === 'string' ? (p.details['label'] as string) : p.text }))
    .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
  const connections = await db.select().from(mailboxConnections).where(and(eq(mailboxConnections.accountId, accountId), ne(mailboxConnections.status, 'disabled')));
  const contacts = await db.select().from(schoolContacts).where(eq(schoolContacts.childId, child.id));
  const docs = await db.select({ id: iepDocuments.id, filename: iepDocuments.filename, kind: iepDocuments.kind, createdAt: iepDocuments.createdAt }).from(iepDocuments).where(eq(iepDocuments.childId, child.id));
  const commitmentDrafts = draftRows.filter((d) => d.commitmentId && commitmentRows.some((c) => c.id === d.commitmentId));
  const requestDrafts = draftRows.filter((d) => d.requestId && reqRows.some((r) => r.id === d.requestId));
  const clockData = await clocksForChild(db, accountId, child.id, now);
  const clockDrafts = draftRows.filter((d) => d.clockId && clockData.clocks.some((k) => k.id === d.clockId));
  return { today, clocks: clockData.clocks, clockEntries: clockData.entries, requests: views, commitments: commitmentRows, keyDates, connections, contacts, docs, drafts: [...requestDrafts, ...commitmentDrafts, ...clockDrafts] };
}

export type ChildDashboard = Awaited<ReturnType<typeof childDashboard>>;
