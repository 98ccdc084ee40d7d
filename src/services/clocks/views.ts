/**
 * Reading a child's process clocks for display (the child page, the weekly digest): the stored clock, its
 * rule row from the table (citation, confidence, verified date), the link to that rule on /rules/:state, and a
 * status current at `now` (a clock stored as running whose due date has since passed shows as overdue).
 * Every query is scoped to the account.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
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
  if (!child) return { clocks: [] as ClockView[], entries: [] as Array<typeof clockEvents.$inferSelect> };
  const views = await clockViews(db, accountId, [child], now);
  const entries = await db.select().from(clockEvents).where(and(eq(clockEvents.accountId, accountId), eq(clockEvents.childId, childId))).orderBy(asc(clockEvents.date));
  return { clocks: views, entries };
}

/** Overdue clocks, and running ones due within `soonDays`, for the account's children (the weekly digest). */
export async function clocksNeedingAttention(db: Db, accountId: string, now: Date, soonDays = 14): Promise<Array<ClockView & { childName: string }>> {
  const kids = await db.select().from(children).where(eq(children.accountId, accountId));
  const views = await clockViews(db, accountId, kids, now);
  return views
    .filter((v) => v.status === 'overdue' || (v.status === 'running' && v.daysLeft <= soonDays))
    .map((v) => ({ ...v, childName: kids.find((k) => k.id === v.childId)!.name }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

async function clockViews(db: Db, accountId: string, kids: Array<typeof children.$inferSelect>, now: Date): Promise<ClockView[]> {
  if (kids.length === 0) return [];
  const rows = await db
    .select()
    .from(clocks)
    .where(and(eq(clocks.accountId, accountId), inArray(clocks.childId, kids.map((k) => k.id))))
    .orderBy(asc(clocks.startDate), asc(clocks.kind));
  const ids = rows.map((r) => r.id);
  const draftRows = ids.length
    ? await db.select({ id: drafts.id, clockId: drafts.clockId, status: drafts.status }).from(drafts).where(and(eq(drafts.accountId, accountId), inArray(drafts.clockId, ids)))
    : [];
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
