/**
 * Start events the parent enters by hand (spec §5): "I returned consent on…", "the eligibility meeting was
 * on…", "the team found my child not eligible on…", and the confirmation of an estimated consent date. Each
 * is stored in clock_events (read by every analysis, so it survives re-analysis) and audited; the child's
 * clocks are recomputed at once.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../db/audit.js';
import { children, clockEvents, clocks } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { localDateOf } from '../../core/deadlines/index.js';
import { analyzeChild } from '../analysis/analyze-account.js';

export const CLOCK_EVENT_TYPES = ['consent', 'eligible', 'not_eligible'] as const;
export type ClockEventType = (typeof CLOCK_EVENT_TYPES)[number];

/**
 * Stores one entry, audits it, and recomputes the child's clocks. The form (src/http/forms/clocks.ts) checked
 * the kind and that the date is a real day; a date after today in the child's zone is refused here.
 */
export async function addClockEvent(db: Db, accountId: string, childId: string, input: { type: ClockEventType; date: string }, now: Date, actor = `parent:${accountId}`): Promise<{ id: string }> {
  const [child] = await db.select().from(children).where(and(eq(children.id, childId), eq(children.accountId, accountId)));
  if (!child) throw new AppError('not_found', 'No such child.');
  const today = localDateOf(now.getTime(), child.timezone);
  if (input.date > today) throw new AppError('bad_input', `The date ${input.date} is after today (${today}); enter the day it happened.`);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.insert(clockEvents).values({ accountId, childId, type: input.type, date: input.date }).returning({ id: clockEvents.id });
    await recordAudit(tx, { accountId, actor, action: 'clock.event_entered', subjectType: 'clock_event', subjectId: row!.id, data: { childId, type: input.type, date: input.date } });
    return row!.id;
  });
  await analyzeChild(db, accountId, childId, now);
  return { id };
}

/**
 * Confirms (or corrects) the start date of an estimated evaluation clock: a consent entry on that date, which
 * the clock takes in place of its estimate.
 */
export async function confirmClockStart(db: Db, accountId: string, clockId: string, date: string, now: Date, actor = `parent:${accountId}`): Promise<{ childId: string }> {
  const [clock] = await db.select().from(clocks).where(and(eq(clocks.id, clockId), eq(clocks.accountId, accountId)));
  if (!clock) throw new AppError('not_found', 'No such clock.');
  if (clock.kind !== 'evaluation-completion') throw new AppError('bad_input', 'Only the consent date of an evaluation clock is confirmed here.');
  await addClockEvent(db, accountId, clock.childId, { type: 'consent', date }, now, actor);
  return { childId: clock.childId };
}

/** Removes an entry the parent made by mistake (audited); the clocks are recomputed. */
export async function removeClockEvent(db: Db, accountId: string, eventId: string, now: Date, actor = `parent:${accountId}`): Promise<{ childId: string }> {
  const [row] = await db.select().from(clockEvents).where(and(eq(clockEvents.id, eventId), eq(clockEvents.accountId, accountId)));
  if (!row) throw new AppError('not_found', 'No such entry.');
  await db.transaction(async (tx) => {
    await tx.delete(clockEvents).where(eq(clockEvents.id, row.id));
    await recordAudit(tx, { accountId, actor, action: 'clock.event_removed', subjectType: 'clock_event', subjectId: row.id, data: { childId: row.childId, type: row.type, date: row.date } });
  });
  await analyzeChild(db, accountId, row.childId, now);
  return { childId: row.childId };
}
