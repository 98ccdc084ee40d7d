/**
 * Reading a child's process clocks for display (the child page, the weekly digest): the stored clock, its
 * rule row from the table (citation, confidence, verified date), the link to that rule on /rules/:state, and a
 * status current at `now` (a clock stored as running whose due date has since passed shows as overdue).
 * Every query is scoped to the account.
 */
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { anyOf, preparedPerDb } from '../../db/prepared.js';
import { children, clockEvents, clocks, drafts } from '../../db/schema.js';
import type { DeadlineRule } from '../../core/types.js';
import { diffDays, localDateOf, ruleById } from '../../core/deadlines/index.js';
import type { StoredClockStatus } from './store.js';

export interface ClockView {
  id: string;
  childId: string;
  kind: 'evaluation-completion' | 'iep-after-eligibility';
  startEvent: 'consent' | 'referral' | 'eligibility' | 'evaluation_report';
  startDate: string;
  evidence: string;
  threadId: string | null;
  enteredByParent: boolean;
  estimated: boolean;
  /** An estimated consent date the parent has not confirmed: the page offers the confirm control. */
  needsConfirmation: boolean;
  dueDate: string;
  /** The due date itself is an estimate (the school calendar beyond what is known). */
  dueEstimated: boolean;
  status: StoredClockStatus;
  /** Days until the due date (negative once past). */
  daysLeft: number;
  rule: DeadlineRule | null;
  ruleHref: string | null;
  draftId: string | null;
}

/** The anchor of a rule on its jurisdiction's page (rule ids start with the jurisdiction: "ca-…", "us-…"). */
export function ruleHref(ruleId: string): string {
  const jurisdiction = ruleById(ruleId)?.jurisdiction ?? ruleId.slice(0, 2);
  return `/rules/${jurisdiction.toLowerCase()}#${encodeURIComponent(ruleId)}`;
}

export async function clocksForChild(db: Db, accountId: string, childId: string, now: Date) {
  const [child] = await db.select().from(children).where(and(eq(children.id, childId), eq(children.accountId, accountId)));
  if (!child) return { clocks: [] as ClockView[], entries: [] as ClockEntry[] };
  return (await clocksForChildren(db, [child], now)).get(child.id)!;
}

export type ClockEntry = typeof clockEvents.$inferSelect;

/**
 * The clocks and hand-entered dates of several children (already loaded and checked by the caller) in one
 * round of queries, issued together: the home page and the child page read them without a query per child.
 */
export async function clocksForChildren(db: Db, kids: Array<typeof children.$inferSelect>, now: Date): Promise<Map<string, { clocks: ClockView[]; entries: ClockEntry[] }>> {
  const out = new Map(kids.map((k) => [k.id, { clocks: [] as ClockView[], entries: [] as ClockEntry[] }]));
  if (!kids.length) return out;
  const accountIds = [...new Set(kids.map((k) => k.accountId))];
  const [views, entries] = await Promise.all([
    clockViews(db, accountIds, kids, now),
    clockEventsOf(db).execute({ accountIds, childIds: kids.map((k) => k.id) }),
  ]);
  for (const v of views) out.get(v.childId)?.clocks.push(v);
  for (const e of entries) out.get(e.childId)?.entries.push(e);
  return out;
}

/** Overdue clocks, and running ones due within `soonDays`, for the account's children (the weekly digest). */
export async function clocksNeedingAttention(db: Db, accountId: string, now: Date, soonDays = 14): Promise<Array<ClockView & { childName: string }>> {
  const kids = await db.select().from(children).where(eq(children.accountId, accountId));
  const views = await clockViews(db, [accountId], kids, now);
  return views
    .filter((v) => v.status === 'overdue' || (v.status === 'running' && v.daysLeft <= soonDays))
    .map((v) => ({ ...v, childName: kids.find((k) => k.id === v.childId)!.name }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

// Prepared (src/db/prepared.ts): every dashboard page runs these three.
const clocksOf = preparedPerDb((db) =>
  db
    .select()
    .from(clocks)
    .where(and(anyOf(clocks.accountId, 'accountIds'), anyOf(clocks.childId, 'childIds')))
    .orderBy(asc(clocks.startDate), asc(clocks.kind))
    .prepare('clocks_of_children'),
);
const clockDraftsOf = preparedPerDb((db) =>
  db
    .select({ id: drafts.id, clockId: drafts.clockId, status: drafts.status })
    .from(drafts)
    .where(and(anyOf(drafts.accountId, 'accountIds'), isNotNull(drafts.clockId)))
    .prepare('clock_drafts_of_accounts'),
);
const clockEventsOf = preparedPerDb((db) =>
  db
    .select()
    .from(clockEvents)
    .where(and(anyOf(clockEvents.accountId, 'accountIds'), anyOf(clockEvents.childId, 'childIds')))
    .orderBy(asc(clockEvents.date))
    .prepare('clock_events_of_children'),
);

async function clockViews(db: Db, accountIds: string[], kids: Array<typeof children.$inferSelect>, now: Date): Promise<ClockView[]> {
  if (kids.length === 0) return [];
  // The clocks and their drafts together (one round trip): the drafts by account, those with a clock only.
  const [rows, draftRows] = await Promise.all([
    clocksOf(db).execute({ accountIds, childIds: kids.map((k) => k.id) }),
    clockDraftsOf(db).execute({ accountIds }),
  ]);
  return rows.map((r) => {
    const child = kids.find((k) => k.id === r.childId)!;
    const today = localDateOf(now.getTime(), child.timezone);
    const ref = r.rule as { id?: string; estimated?: boolean };
    const rule = ref.id ? ruleById(ref.id) ?? null : null;
    const status: StoredClockStatus = r.status === 'running' && today > r.dueDate ? 'overdue' : r.status;
    const live = draftRows.filter((d) => d.clockId === r.id && d.status !== 'dismissed');
    return {
      id: r.id,
      childId: r.childId,
      kind: r.kind,
      startEvent: r.startEvent,
      startDate: r.startDate,
      evidence: r.evidence,
      threadId: r.threadId,
      enteredByParent: r.parentEventId !== null,
      estimated: r.estimated,
      needsConfirmation: r.estimated && r.kind === 'evaluation-completion' && r.parentEventId === null,
      dueDate: r.dueDate,
      dueEstimated: Boolean(ref.estimated) && !r.estimated,
      status,
      daysLeft: diffDays(today, r.dueDate),
      rule,
      ruleHref: rule ? ruleHref(rule.id) : null,
      draftId: live.at(-1)?.id ?? null,
    };
  });
}
