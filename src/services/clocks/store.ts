/**
 * Persisting a child's process clocks (spec §5) after each analysis. A clock's identity is (child, kind,
 * ordinal): the nth clock of that kind by start date, so re-analysis updates the same row and its follow-up
 * draft keeps its key. A status change is an audit event. A clock the mail no longer shows goes, unless the
 * parent acted on its draft; then it stays as `ended`.
 */
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../db/audit.js';
import { clockEvents, clocks, drafts, messages } from '../../db/schema.js';
import type { ParentClockEvent, ProcessClock } from '../../core/clocks/index.js';

type Tx = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;
type MessageRow = typeof messages.$inferSelect;
export type StoredClockStatus = (typeof clocks.$inferSelect)['status'];

/** The parent's entries for one child, as the core reads them. */
export async function parentClockEvents(db: Pick<Db, 'select'>, accountId: string, childId: string): Promise<ParentClockEvent[]> {
  const rows = await db.select().from(clockEvents).where(and(eq(clockEvents.accountId, accountId), eq(clockEvents.childId, childId))).orderBy(clockEvents.date, clockEvents.createdAt);
  return rows.map((r) => ({ id: r.id, type: r.type, date: r.date }));
}

/** A met evaluation whose decision was "does not qualify" has ended the process. */
export function storedStatusOf(c: ProcessClock): StoredClockStatus {
  return c.status === 'met' && c.endedIneligible ? 'ended' : c.status;
}

/** Writes the analysis' clocks; returns the stored id of each analysed clock (core id → row id). */
export async function persistClocks(tx: Tx, accountId: string, childId: string, found: ProcessClock[], byMessageId: Map<string, MessageRow>): Promise<Map<string, string>> {
  const existing = await tx.select().from(clocks).where(and(eq(clocks.accountId, accountId), eq(clocks.childId, childId)));
  const ids = new Map<string, string>();
  const ordinalOf = new Map<string, number>();
  for (const c of found) {
    const ordinal = ordinalOf.get(c.kind) ?? 0;
    ordinalOf.set(c.kind, ordinal + 1);
    const started = c.startedBy ? byMessageId.get(c.startedBy) : undefined;
    const values = {
      accountId,
      childId,
      kind: c.kind,
      ordinal,
      threadId: started?.threadId ?? null,
      startedBy: started?.id ?? null,
      metBy: c.metBy ? byMessageId.get(c.metBy)?.id ?? null : null,
      parentEventId: c.parentEventId,
      startEvent: c.startEvent,
      startDate: c.startDate,
      dueDate: c.dueDate,
      status: storedStatusOf(c),
      estimated: c.estimatedStart,
      evidence: c.startEvidence,
      rule: { ...c.rule } as Record<string, unknown>,
      updatedAt: new Date(),
    };
    const before = existing.find((e) => e.kind === c.kind && e.ordinal === ordinal);
    const [row] = await tx
      .insert(clocks)
      .values(values)
      .onConflictDoUpdate({ target: [clocks.childId, clocks.kind, clocks.ordinal], set: values })
      .returning({ id: clocks.id });
    ids.set(c.id, row!.id);
    if (!before || before.status !== values.status || before.dueDate !== values.dueDate) {
      await recordAudit(tx, {
        accountId,
        actor: 'system',
        action: before ? 'clock.changed' : 'clock.started',
        subjectType: 'clock',
        subjectId: row!.id,
        data: { kind: c.kind, from: before?.status ?? null, to: values.status, startDate: c.startDate, dueDate: c.dueDate, ruleId: c.rule.id },
      });
    }
  }
  const kept = [...ids.values()];
  const stale = existing.filter((e) => !kept.includes(e.id));
  if (stale.length) {
    const acted = await tx
      .select({ clockId: drafts.clockId })
      .from(drafts)
      .where(and(inArray(drafts.clockId, stale.map((s) => s.id)), notInArray(drafts.status, ['pending', 'dismissed', 'snoozed'])));
    const keep = new Set(acted.map((a) => a.clockId));
    const gone = stale.filter((s) => !keep.has(s.id)).map((s) => s.id);
    if (gone.length) await tx.delete(clocks).where(inArray(clocks.id, gone));
    for (const s of stale.filter((x) => keep.has(x.id) && x.status !== 'ended')) {
      await tx.update(clocks).set({ status: 'ended', updatedAt: new Date() }).where(eq(clocks.id, s.id));
      await recordAudit(tx, { accountId, actor: 'system', action: 'clock.changed', subjectType: 'clock', subjectId: s.id, data: { kind: s.kind, from: s.status, to: 'ended', reason: 'no longer found in the mail' } });
    }
  }
  return ids;
}
