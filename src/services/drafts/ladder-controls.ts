/**
 * The parent's controls of a ladder — stop, skip the current step, restart from step 1 — and the view of it
 * for the pages. Each control is an audit event; none sends anything.
 */
import { renewalsAmong } from '../analysis/renewals.js';
import { recordAudit } from '../../db/audit.js';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, children, ladderSteps, ladders, requests } from '../../db/schema.js';
import { LADDER_STEPS, LADDER_STEP_TITLES, nextLadderAction, type LadderStepNumber } from '../../core/ladder.js';
import { addDays, localDateOf } from '../../core/deadlines/index.js';
import { readSettings } from '../accounts/settings.js';
import { effectiveRequest } from '../analysis/overrides.js';
import { advanceOne, dismissLaterSteps, roundSteps } from './ladder.js';

export type LadderControl = 'stop' | 'skip' | 'restart';

async function load(db: Db, accountId: string, requestId: string) {
  const [request] = await db.select().from(requests).where(and(eq(requests.id, requestId), eq(requests.accountId, accountId)));
  if (!request?.childId) return null;
  const [child] = await db.select().from(children).where(eq(children.id, request.childId));
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  const [ladder] = await db.select().from(ladders).where(eq(ladders.requestId, request.id));
  return child && account ? { request, child, account, ladder: ladder ?? null } : null;
}

/**
 * Applies a control. stop: no further steps (pending step drafts dismissed). skip: the current step is set
 * aside (its pending draft dismissed) and the next one is written now. restart: a new round from step 1
 * (after a pause, or to begin again). Returns false when there is nothing to control.
 */
export async function controlLadder(db: Db, input: { accountId: string; requestId: string; actor: string; control: LadderControl; now: Date }): Promise<boolean> {
  const found = await load(db, input.accountId, input.requestId);
  if (!found) return false;
  let { ladder } = found;
  if (!ladder) {
    if (input.control !== 'restart') return false;
    // A repeated ask is chased through the request it renews (issue 14 #8): no ladder of its own.
    const siblings = await db.select().from(requests).where(and(eq(requests.accountId, input.accountId), eq(requests.childId, found.child.id)));
    if ((await renewalsAmong(db, siblings, input.now, () => found.child.timezone)).primaryOf.has(input.requestId)) return false;
    // A request with no ladder yet (e.g. overdue again after a parent's date): begin one.
    const [created] = await db.insert(ladders).values({ accountId: input.accountId, requestId: input.requestId, round: 0 }).onConflictDoNothing().returning();
    if (!created) return false;
    ladder = created;
  }
  const audit = (action: string, data: Record<string, unknown>) =>
    recordAudit(db, { accountId: input.accountId, actor: input.actor, action, subjectType: 'request', subjectId: input.requestId, data: { ladderId: ladder!.id, ...data } });
  if (input.control === 'stop') {
    if (ladder.state === 'stopped') return true; // a repeated click changes nothing
    await db.update(ladders).set({ state: 'stopped', stateReason: 'stopped by you', updatedAt: input.now }).where(eq(ladders.id, ladder.id));
    await dismissLaterSteps(db, input.accountId, ladder, input.actor, 'ladder stopped');
    await audit('ladder.stopped', { round: ladder.round });
    return true;
  }
  if (input.control === 'restart') {
    const round = ladder.round + 1;
    await dismissLaterSteps(db, input.accountId, ladder, input.actor, 'ladder restarted', 1);
    await db.update(ladders).set({ state: 'active', round, stateReason: null, updatedAt: input.now }).where(eq(ladders.id, ladder.id));
    await audit('ladder.restarted', { round });
    await advanceOne(db, found.account, found.child, found.request, input.now);
    return true;
  }
  // skip
  if (ladder.state !== 'active') return false;
  const steps = await roundSteps(db, ladder, found.child.timezone);
  const last = steps.at(-1);
  if (!last || last.record.step >= LADDER_STEPS || last.row.skipped) return false;
  await db.update(ladderSteps).set({ skipped: true }).where(eq(ladderSteps.id, last.row.id));
  await dismissLaterSteps(db, input.accountId, ladder, input.actor, 'step skipped', last.record.step);
  await audit('ladder.step_skipped', { round: ladder.round, step: last.record.step });
  await advanceOne(db, found.account, found.child, found.request, input.now);
  return true;
}

export interface LadderStepView {
  step: LadderStepNumber;
  title: string;
  draftId: string | null;
  draftStatus: string | null;
  skipped: boolean;
  sentOn: string | null;
}

export interface LadderView {
  state: 'active' | 'paused' | 'stopped' | 'done' | 'none';
  reason: string | null;
  round: number;
  steps: LadderStepView[];
  /** When the next step will be written if no reply comes (the waiting time of the last sent step). */
  nextOn: string | null;
  requestStatus: string;
  director: string | null;
  waitDays: number;
}

/** The ladder of a request as the pages show it (every step of the plan, taken or not). */
export async function ladderView(db: Db, accountId: string, requestId: string, now: Date): Promise<LadderView | null> {
  const found = await load(db, accountId, requestId);
  if (!found) return null;
  const settings = readSettings(found.account.settings);
  const status = effectiveRequest(found.request, now, found.child.timezone).status;
  const steps = found.ladder ? await roundSteps(db, found.ladder, found.child.timezone) : [];
  const views: LadderStepView[] = ([1, 2, 3] as const).map((n) => {
    const s = steps.find((x) => x.record.step === n);
    return { step: n, title: LADDER_STEP_TITLES[n], draftId: s?.draft?.id ?? null, draftStatus: s?.draft?.status ?? null, skipped: s?.row.skipped ?? false, sentOn: s?.record.sentOn ?? null };
  });
  let nextOn: string | null = null;
  if (found.ladder?.state === 'active') {
    const d = nextLadderAction({
      state: 'active',
      requestStatus: status,
      steps: steps.map((s) => s.record),
      schoolWroteSince: false,
      today: localDateOf(now.getTime(), found.child.timezone),
      waitDays: settings.ladderWaitDays,
      usState: found.child.state,
    });
    // Written by the first daily run after the waiting time has ended.
    if (d.action === 'none' && d.nextOn) nextOn = addDays(d.nextOn, 1);
  }
  return {
    state: found.ladder?.state ?? 'none',
    reason: found.ladder?.stateReason ?? null,
    round: found.ladder?.round ?? 0,
    steps: views,
    nextOn,
    requestStatus: status,
    director: settings.directorEmail,
    waitDays: settings.ladderWaitDays,
  };
}
