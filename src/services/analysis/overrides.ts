/**
 * The parent's corrections of a request (spec §4: mark resolved, reopen, not a request, change kind, custom
 * due date). Kept in requests.overrides (the detected values stay as they were, so re-analysis never fights
 * the parent), each change an audit event. The effective view below is what every page shows.
 */
import { recordAudit } from '../../db/audit.js';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { drafts, requests } from '../../db/schema.js';
import { requestStatus, type EffectiveStatus } from '../../core/request-status.js';
import type { RequestKind } from '../../core/types.js';
import { analyzeChild } from './analyze-account.js';
import { readOverrides, type RequestOverrides } from './request-overrides.js';

export { readOverrides, type RequestOverrides };

export type OverrideChange =
  | { type: 'resolved'; value: boolean }
  | { type: 'notARequest'; value: boolean }
  | { type: 'kind'; value: RequestKind | null }
  | { type: 'dueDate'; value: string | null };

export type { EffectiveStatus };

type RequestRow = typeof requests.$inferSelect;

export interface EffectiveRequest {
  row: RequestRow;
  kind: string;
  dueDate: string;
  status: EffectiveStatus;
  /** The due date was set by the parent. */
  customDue: boolean;
  overrides: RequestOverrides;
}

export function effectiveRequest(row: RequestRow, now: Date, timezone: string): EffectiveRequest {
  const o = readOverrides(row.overrides);
  const dueDate = o.dueDate ?? row.dueDate;
  // The analysis' rule (core/request-status.ts) at `now`: a due date that passed since the last analysis or
  // ageing already reads overdue, and the parent's own date and closure apply.
  const status = requestStatus({
    answered: row.status === 'answered',
    acknowledged: row.acknowledgedBy !== null,
    dueDate,
    now: now.toISOString(),
    timezone,
    resolved: o.resolved,
    notARequest: o.notARequest,
  });
  return { row, kind: o.kind ?? row.kind, dueDate, status, customDue: Boolean(o.dueDate), overrides: o };
}

export const STATUS_ORDER: Record<EffectiveStatus, number> = { overdue: 0, awaiting: 1, acknowledged: 2, answered: 3, resolved: 4, not_a_request: 5 };

/**
 * Applies one change, records it, and re-runs the child's analysis. A request resolved or marked "not a
 * request" loses its pending follow-up drafts (dismissed, not deleted: the record stays).
 */
export async function applyOverride(db: Db, input: { accountId: string; requestId: string; actor: string; change: OverrideChange; now: Date }) {
  const [row] = await db.select().from(requests).where(and(eq(requests.id, input.requestId), eq(requests.accountId, input.accountId)));
  if (!row) return null;
  const before = readOverrides(row.overrides);
  const next: Record<string, unknown> = { ...before };
  const { change } = input;
  if (change.value === null || change.value === false) delete next[change.type];
  else next[change.type] = change.value;
  await db.update(requests).set({ overrides: next, updatedAt: new Date() }).where(eq(requests.id, row.id));
  await recordAudit(db, {
    accountId: input.accountId,
    actor: input.actor,
    action: 'request.override',
    subjectType: 'request',
    subjectId: row.id,
    data: { field: change.type, from: (before as Record<string, unknown>)[change.type] ?? null, to: change.value },
    at: input.now,
  });
  if ((change.type === 'resolved' || change.type === 'notARequest') && change.value) {
    const dismissed = await db
      .update(drafts)
      .set({ status: 'dismissed', updatedAt: new Date() })
      .where(and(eq(drafts.requestId, row.id), inArray(drafts.status, ['pending', 'snoozed'])))
      .returning({ id: drafts.id });
    for (const d of dismissed)
      await recordAudit(db, { accountId: input.accountId, actor: input.actor, action: 'draft.dismissed', subjectType: 'draft', subjectId: d.id, data: { reason: change.type }, at: input.now });
  }
  if (row.childId) await analyzeChild(db, input.accountId, row.childId, input.now);
  return row;
}
