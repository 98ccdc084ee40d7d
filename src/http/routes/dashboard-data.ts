import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { anyOf, preparedPerDb } from '../../db/prepared.js';
import { children, commitments, drafts, iepDocuments, mailboxConnections, messages, provisions, requests, schoolContacts, threads } from '../../db/schema.js';
import { diffDays, localDateOf } from '../../core/deadlines/index.js';
import { clocksForChildren } from '../../services/clocks/views.js';
import { STATUS_ORDER, effectiveRequest, type EffectiveRequest } from '../../services/analysis/overrides.js';
import { renewalsFrom, type RenewalView, type Renewals } from '../../services/analysis/renewals.js';

export type ChildRow = typeof children.$inferSelect;

export interface RequestView extends EffectiveRequest {
  sentAt: Date;
  daysWaiting: number;
  daysOverdue: number;
  threadSubject: string;
  draftId: string | null;
  /** Later asks for the same thing: a repeated ask renews this request, it is not a second one (issue 14 #8). */
  renewals: RenewalView[];
}

const LIVE_DRAFT = ['pending', 'snoozed', 'saved', 'approved', 'sending'] as const;

// The dashboard's own queries, prepared (src/db/prepared.ts): building them anew was a tenth of a page's CPU.
/**
 * Each request with its message's date and its thread's subject (joined: only the rows it points at), and what
 * grouping renewals reads of the message, so that needs no further round trip.
 */
const requestsOf = preparedPerDb((db) =>
  db
    .select({
      r: requests,
      sentAt: messages.sentAt,
      subject: threads.subject,
      messageRowId: messages.id,
      headerMessageId: messages.messageId,
      inReplyTo: messages.inReplyTo,
      references: messages.references,
      messageSubject: messages.subject,
    })
    .from(requests)
    .leftJoin(messages, eq(messages.id, requests.messageId))
    .leftJoin(threads, eq(threads.id, requests.threadId))
    .where(and(anyOf(requests.accountId, 'accountIds'), anyOf(requests.childId, 'childIds')))
    .prepare('dashboard_requests'),
);
const liveDraftsOf = preparedPerDb((db) =>
  db
    .select()
    .from(drafts)
    .where(and(anyOf(drafts.accountId, 'accountIds'), inArray(drafts.status, [...LIVE_DRAFT])))
    .prepare('dashboard_live_drafts'),
);
const commitmentsOf = preparedPerDb((db) =>
  db
    .select()
    .from(commitments)
    .where(and(anyOf(commitments.accountId, 'accountIds'), anyOf(commitments.childId, 'childIds')))
    .orderBy(asc(commitments.dueDate))
    .prepare('dashboard_commitments'),
);
const keyDatesOf = preparedPerDb((db) =>
  db
    .select()
    .from(provisions)
    .where(and(anyOf(provisions.childId, 'childIds'), eq(provisions.type, 'key_date')))
    .prepare('dashboard_key_dates'),
);
const connectionsOf = preparedPerDb((db) =>
  db
    .select()
    .from(mailboxConnections)
    .where(and(anyOf(mailboxConnections.accountId, 'accountIds'), ne(mailboxConnections.status, 'disabled')))
    .prepare('dashboard_connections'),
);
const contactsOf = preparedPerDb((db) => db.select().from(schoolContacts).where(anyOf(schoolContacts.childId, 'childIds')).prepare('dashboard_contacts'));
const documentsOf = preparedPerDb((db) =>
  db
    .select({ id: iepDocuments.id, childId: iepDocuments.childId, filename: iepDocuments.filename, kind: iepDocuments.kind, createdAt: iepDocuments.createdAt })
    .from(iepDocuments)
    .where(anyOf(iepDocuments.childId, 'childIds'))
    .prepare('dashboard_documents'),
);

const childrenOf = preparedPerDb((db) =>
  db.select().from(children).where(anyOf(children.accountId, 'accountIds')).orderBy(asc(children.createdAt)).prepare('dashboard_children'),
);

/** The children of these (the visible) accounts, oldest first: the home page's list. */
export function visibleChildren(db: Db, accountIds: string[]): Promise<ChildRow[]> {
  return childrenOf(db).execute({ accountIds });
}

export async function childDashboard(db: Db, child: ChildRow, now: Date) {
  return (await childDashboards(db, [child], now)).get(child.id)!;
}

/**
 * The dashboards of several children (loaded and checked by the caller) from one fixed set of queries, sent
 * together so the driver pipelines them: the home page costs the same statements for one child or five, and
 * a page waits for one round trip instead of a dozen in a row.
 */
export async function childDashboards(db: Db, kids: ChildRow[], now: Date) {
  const out = new Map<string, ReturnType<typeof assemble>>();
  if (!kids.length) return out;
  const accountIds = [...new Set(kids.map((k) => k.accountId))];
  const childIds = kids.map((k) => k.id);
  const [reqRows, draftRows, commitmentRows, keyDateRows, connectionRows, contactRows, docRows, clockData] = await Promise.all([
    requestsOf(db).execute({ accountIds, childIds }),
    liveDraftsOf(db).execute({ accountIds }),
    commitmentsOf(db).execute({ accountIds, childIds }),
    keyDatesOf(db).execute({ childIds }),
    connectionsOf(db).execute({ accountIds }),
    contactsOf(db).execute({ childIds }),
    documentsOf(db).execute({ childIds }),
    clocksForChildren(db, kids, now),
  ]);
  const renewals = renewalsFrom(
    reqRows.map((x) => ({
      row: x.r,
      message:
        x.messageRowId && x.sentAt
          ? { messageId: x.headerMessageId!, inReplyTo: x.inReplyTo, references: x.references ?? [], sentAt: x.sentAt, subject: x.messageSubject ?? '' }
          : null,
      threadSubject: x.subject,
    })),
    now,
    (id) => kids.find((k) => k.id === id)?.timezone ?? 'UTC',
  );
  for (const child of kids) {
    const mine = <T extends { childId: string | null }>(rows: T[]) => rows.filter((r) => r.childId === child.id);
    out.set(
      child.id,
      assemble(child, now, {
        reqRows: reqRows.filter((x) => x.r.childId === child.id && x.r.accountId === child.accountId),
        draftRows: draftRows.filter((d) => d.accountId === child.accountId),
        commitmentRows: mine(commitmentRows).filter((c) => c.accountId === child.accountId),
        keyDateRows: mine(keyDateRows),
        connections: connectionRows.filter((c) => c.accountId === child.accountId),
        contacts: mine(contactRows),
        docs: mine(docRows).map(({ childId: _, ...doc }) => doc),
        clockData: clockData.get(child.id)!,
        renewals,
      }),
    );
  }
  return out;
}

type Loaded = {
  reqRows: Array<{ r: typeof requests.$inferSelect; sentAt: Date | null; subject: string | null }>;
  draftRows: Array<typeof drafts.$inferSelect>;
  commitmentRows: Array<typeof commitments.$inferSelect>;
  keyDateRows: Array<typeof provisions.$inferSelect>;
  connections: Array<typeof mailboxConnections.$inferSelect>;
  contacts: Array<typeof schoolContacts.$inferSelect>;
  docs: Array<{ id: string; filename: string; kind: (typeof iepDocuments.$inferSelect)['kind']; createdAt: Date }>;
  clockData: Awaited<ReturnType<typeof clocksForChildren>> extends Map<string, infer V> ? V : never;
  renewals: Renewals;
};

/** One child's dashboard from its already-loaded rows (no queries). */
function assemble(child: ChildRow, now: Date, l: Loaded) {
  const today = localDateOf(now.getTime(), child.timezone);
  const draftByRequest = new Map<string, string>();
  for (const d of l.draftRows) if (d.requestId && !draftByRequest.has(d.requestId)) draftByRequest.set(d.requestId, d.id);
  // A repeated ask shows inside the request it renews, with no card or follow-up of its own.
  const views: RequestView[] = l.reqRows
    .filter(({ r }) => !l.renewals.primaryOf.has(r.id))
    .map(({ r, sentAt: messageSentAt, subject }) => {
      const e = effectiveRequest(r, now, child.timezone);
      const sentAt = messageSentAt ?? r.createdAt;
      const sentDay = localDateOf(sentAt.getTime(), child.timezone);
      return {
        ...e,
        sentAt,
        daysWaiting: Math.max(0, diffDays(sentDay, today)),
        daysOverdue: Math.max(0, diffDays(e.dueDate, today)),
        threadSubject: subject ?? '',
        draftId: draftByRequest.get(r.id) ?? null,
        renewals: l.renewals.renewalsOf.get(r.id) ?? [],
      };
    })
    .filter((v) => v.status !== 'not_a_request')
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.dueDate.localeCompare(b.dueDate));
  const keyDates = l.keyDateRows
    .map((p) => ({ ...p, date: typeof p.details?.['date'] === 'string' ? (p.details['date'] as string) : null, label: typeof p.details?.['label'] === 'string' ? (p.details['label'] as string) : p.text }))
    .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999'));
  const commitmentIds = new Set(l.commitmentRows.map((c) => c.id));
  const requestIds = new Set(l.reqRows.map((x) => x.r.id));
  const clockIds = new Set(l.clockData.clocks.map((k) => k.id));
  const commitmentDrafts = l.draftRows.filter((d) => d.commitmentId && commitmentIds.has(d.commitmentId));
  const requestDrafts = l.draftRows.filter((d) => d.requestId && requestIds.has(d.requestId) && !l.renewals.primaryOf.has(d.requestId));
  const clockDrafts = l.draftRows.filter((d) => d.clockId && clockIds.has(d.clockId));
  return {
    today,
    clocks: l.clockData.clocks,
    clockEntries: l.clockData.entries,
    requests: views,
    commitments: l.commitmentRows,
    keyDates,
    connections: l.connections,
    contacts: l.contacts,
    docs: l.docs,
    drafts: [...requestDrafts, ...commitmentDrafts, ...clockDrafts],
  };
}

export type ChildDashboard = Awaited<ReturnType<typeof childDashboard>>;
