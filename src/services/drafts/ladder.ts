/**
 * Carries out the escalation ladder (src/core/ladder.ts) for an account: every overdue request gets a ladder
 * whose step 1 is its ordinary follow-up draft; later steps are written as drafts when the core decides
 * (never sent: each waits for the parent's approval). Runs after the daily follow-up drafting, and after the
 * parent's ladder controls.
 *
 * Idempotent: a step's draft is keyed by (request, "ladder:r<round>:s<step>") and the step by (ladder,
 * round, step), both unique, so a repeated cron run, a retry or a second instance never writes a second
 * draft for a step. A run that died between the two inserts is completed by the next one.
 */
import { recordAudit } from '../../db/audit.js';
import { and, asc, desc, eq, inArray, like } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, children, drafts, ladderSteps, ladders, messages, provisions, requests, threads } from '../../db/schema.js';
import { addCounted, localDateOf, allRules } from '../../core/deadlines/index.js';
import { checkDraft } from '../../core/draft-rules.js';
import type { DraftInput } from '../../core/drafting.js';
import { nextLadderAction, type LadderStepNumber, type LadderStepRecord } from '../../core/ladder.js';
import { draftLadderStep } from '../../core/ladder-wording.js';
import type { RequestKind } from '../../core/types.js';
import { readSettings, type AccountSettings } from '../accounts/settings.js';
import { storeTemplateDraft } from './store.js';
import { effectiveRequest } from '../analysis/overrides.js';
import { renewalsAmong } from '../analysis/renewals.js';

type LadderRow = typeof ladders.$inferSelect;
type RequestRow = typeof requests.$inferSelect;
type ChildRow = typeof children.$inferSelect;
type AccountRow = typeof accounts.$inferSelect;

export interface LadderCounts {
  started: number;
  drafted: number;
  paused: number;
  done: number;
  /** A step whose wording failed a draft rule is not written (logged in the audit as ladder.step_withheld). */
  withheld: number;
}

const SENT_STATUSES = new Set(['sent']);
const LIVE_DRAFT = ['pending', 'snoozed'] as const;

export const stepStateKey = (round: number, step: number) => `ladder:r${round}:s${step}`;

/** Steps of the ladder's current round with what the core needs to know of each. */
export async function roundSteps(db: Db, ladder: LadderRow, timezone: string) {
  const rows = await db
    .select({ step: ladderSteps, draft: drafts })
    .from(ladderSteps)
    .leftJoin(drafts, eq(drafts.id, ladderSteps.draftId))
    .where(and(eq(ladderSteps.ladderId, ladder.id), eq(ladderSteps.round, ladder.round)))
    .orderBy(asc(ladderSteps.step));
  return rows.map(({ step, draft }) => ({
    row: step,
    draft,
    record: {
      step: step.step as LadderStepNumber,
      skipped: step.skipped,
      sentOn: draft && SENT_STATUSES.has(draft.status) && draft.sentAt ? localDateOf(draft.sentAt.getTime(), timezone) : null,
      dismissed: !step.skipped && (!draft || draft.status === 'dismissed'),
    } satisfies LadderStepRecord,
  }));
}

/** Advances every ladder of the account once; starts ladders for requests that became overdue. */
export async function advanceLadders(db: Db, accountId: string, now: Date): Promise<LadderCounts> {
  const counts: LadderCounts = { started: 0, drafted: 0, paused: 0, done: 0, withheld: 0 };
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account) return counts;
  const kids = await db.select().from(children).where(eq(children.accountId, accountId));
  for (const child of kids) {
    const reqRows = await db.select().from(requests).where(and(eq(requests.accountId, accountId), eq(requests.childId, child.id)));
    // A repeated ask is the first request's history (issue 14 #8): the first ask's ladder chases both, so a
    // renewal never starts one of its own (a second line of escalating letters about the same records).
    const renewed = (await renewalsAmong(db, reqRows, now, () => child.timezone)).primaryOf;
    for (const row of reqRows) {
      const r = await advanceOne(db, account, child, row, now, { start: !renewed.has(row.id) });
      for (const k of Object.keys(counts) as (keyof LadderCounts)[]) counts[k] += r[k];
    }
  }
  return counts;
}

/**
 * After a sync brought mail: a school reply pauses its ladder (and an answered request ends it) at once,
 * not at the next morning's run. Writes no draft: steps are written by the daily run.
 */
export async function pauseLaddersOnReply(db: Db, accountId: string, childId: string, now: Date): Promise<number> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  const [child] = await db.select().from(children).where(and(eq(children.id, childId), eq(children.accountId, accountId)));
  if (!account || !child) return 0;
  const rows = await db
    .select({ request: requests })
    .from(ladders)
    .innerJoin(requests, eq(requests.id, ladders.requestId))
    .where(and(eq(ladders.accountId, accountId), eq(ladders.state, 'active'), eq(requests.childId, childId)));
  let changed = 0;
  for (const { request } of rows) {
    const c = await advanceOne(db, account, child, request, now, { draft: false });
    changed += c.paused + c.done;
  }
  return changed;
}

/** One request's ladder: start it, or take the step the core decides. */
export async function advanceOne(db: Db, account: AccountRow, child: ChildRow, request: RequestRow, now: Date, opts: { draft?: boolean; start?: boolean } = {}): Promise<LadderCounts> {
  const counts: LadderCounts = { started: 0, drafted: 0, paused: 0, done: 0, withheld: 0 };
  const effective = effectiveRequest(request, now, child.timezone);
  let [ladder] = await db.select().from(ladders).where(eq(ladders.requestId, request.id));
  if (!ladder) {
    if (effective.status !== 'overdue' || opts.start === false) return counts;
    // Step 1 is the ordinary follow-up, written by the daily drafting; the ladder starts once it exists.
    const [followUp] = await db
      .select({ id: drafts.id })
      .from(drafts)
      .where(and(eq(drafts.requestId, request.id), like(drafts.stateKey, 'overdue:%')))
      .orderBy(desc(drafts.createdAt))
      .limit(1);
    if (!followUp) return counts;
    const [created] = await db.insert(ladders).values({ accountId: account.id, requestId: request.id, createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
    if (!created) return counts; // another run started it
    await db.insert(ladderSteps).values({ accountId: account.id, ladderId: created.id, round: 1, step: 1, draftId: followUp.id, createdAt: now }).onConflictDoNothing();
    await recordAudit(db, { accountId: account.id, actor: 'system', action: 'ladder.started', subjectType: 'request', subjectId: request.id, data: { ladderId: created.id, step: 1, draftId: followUp.id } });
    counts.started++;
    ladder = created;
  }
  const settings = readSettings(account.settings);
  const steps = await roundSteps(db, ladder, child.timezone);
  const since = sinceOf(steps, ladder);
  const schoolWroteSince = request.threadId ? await schoolWroteAfter(db, request.threadId, since, now) : false;
  const decision = nextLadderAction({
    state: ladder.state,
    requestStatus: effective.status,
    steps: steps.map((s) => s.record),
    schoolWroteSince,
    today: localDateOf(now.getTime(), child.timezone),
    waitDays: settings.ladderWaitDays,
    usState: child.state,
  });
  if (decision.action === 'none') return counts;
  if (decision.action === 'pause' || decision.action === 'done') {
    const state = decision.action === 'pause' ? 'paused' : 'done';
    const moved = await db
      .update(ladders)
      .set({ state, stateReason: decision.reason, updatedAt: now })
      .where(and(eq(ladders.id, ladder.id), eq(ladders.state, ladder.state)))
      .returning({ id: ladders.id });
    if (!moved.length) return counts;
    await recordAudit(db, { accountId: account.id, actor: 'system', action: `ladder.${state}`, subjectType: 'request', subjectId: request.id, data: { ladderId: ladder.id, reason: decision.reason } });
    // An escalation written before the school's reply is not the right letter any more (kept, dismissed).
    await dismissLaterSteps(db, account.id, ladder, 'system', decision.reason);
    counts[decision.action === 'pause' ? 'paused' : 'done']++;
    return counts;
  }
  if (opts.draft === false) return counts;
  const written = await writeStep(db, { account, child, request, ladder, settings, now, step: decision.step, earlier: steps.filter((s) => s.record.sentOn).map((s) => s.record.sentOn!) });
  counts[written ? 'drafted' : 'withheld']++;
  return counts;
}

/** The moment after which a school message pauses the ladder: the latest sent step, else the round's start. */
function sinceOf(steps: Awaited<ReturnType<typeof roundSteps>>, ladder: LadderRow): Date {
  const sent = steps.filter((s) => s.record.sentOn && s.draft?.sentAt).map((s) => s.draft!.sentAt!.getTime());
  if (sent.length) return new Date(Math.max(...sent));
  // A round with no step yet has just been (re)started: updatedAt is the moment of the restart.
  return steps[0]?.row.createdAt ?? ladder.updatedAt;
}

async function schoolWroteAfter(db: Db, threadId: string, since: Date, now: Date): Promise<boolean> {
  const rows = await db
    .select({ sentAt: messages.sentAt })
    .from(messages)
    .where(and(eq(messages.threadId, threadId), eq(messages.side, 'school'), eq(messages.automatic, false)));
  return rows.some((m) => m.sentAt > since && m.sentAt <= now);
}

/** Pending drafts of steps 2 and 3 of the current round are dismissed (the record keeps them). */
export async function dismissLaterSteps(db: Db, accountId: string, ladder: LadderRow, actor: string, reason: string, fromStep = 2) {
  const rows = await db.select().from(ladderSteps).where(and(eq(ladderSteps.ladderId, ladder.id), eq(ladderSteps.round, ladder.round)));
  const ids = rows.filter((r) => r.step >= fromStep && r.draftId).map((r) => r.draftId!);
  if (!ids.length) return;
  const dismissed = await db
    .update(drafts)
    .set({ status: 'dismissed', updatedAt: new Date() })
    .where(and(inArray(drafts.id, ids), inArray(drafts.status, [...LIVE_DRAFT])))
    .returning({ id: drafts.id });
  for (const d of dismissed) await recordAudit(db, { accountId, actor, action: 'draft.dismissed', subjectType: 'draft', subjectId: d.id, data: { reason } });
}

/** Writes one step's draft (once) and records the step (once). False when its wording failed a rule. */
async function writeStep(
  db: Db,
  x: { account: AccountRow; child: ChildRow; request: RequestRow; ladder: LadderRow; settings: AccountSettings; now: Date; step: LadderStepNumber; earlier: string[] },
): Promise<boolean> {
  const input = await draftInputFor(db, x.account, x.child, x.request, x.settings, x.now);
  if (!input) return false;
  const director = x.settings.directorEmail ? { address: x.settings.directorEmail, name: x.settings.directorName } : null;
  const { draft, facts } = draftLadderStep({ ...input, step: x.step, earlier: x.earlier, director });
  const failed = checkDraft(draft, facts).filter((r) => !r.ok);
  const stateKey = stepStateKey(x.ladder.round, x.step);
  if (failed.length) {
    await recordAudit(db, { accountId: x.account.id, actor: 'system', action: 'ladder.step_withheld', subjectType: 'request', subjectId: x.request.id, data: { step: x.step, rules: failed.map((f) => f.rule) } });
    return false;
  }
  const { requestId: _r, ...letter } = draft;
  const row = await storeTemplateDraft(db, { accountId: x.account.id, target: { kind: 'request', requestId: x.request.id }, stateKey, letter, facts, now: x.now });
  const [step] = await db
    .insert(ladderSteps)
    .values({ accountId: x.account.id, ladderId: x.ladder.id, round: x.ladder.round, step: x.step, draftId: row.id, createdAt: x.now })
    .onConflictDoNothing()
    .returning({ id: ladderSteps.id });
  if (step)
    await recordAudit(db, { accountId: x.account.id, actor: 'system', action: 'ladder.step_drafted', subjectType: 'request', subjectId: x.request.id, data: { ladderId: x.ladder.id, round: x.ladder.round, step: x.step, draftId: row.id } });
  return true;
}

/** The facts of a follow-up for this request, read from the store (the same facts the daily drafting uses). */
async function draftInputFor(db: Db, account: AccountRow, child: ChildRow, request: RequestRow, settings: AccountSettings, now: Date): Promise<DraftInput | null> {
  const [origin] = await db.select().from(messages).where(eq(messages.id, request.messageId));
  if (!origin) return null;
  const thread = request.threadId
    ? await db.select().from(messages).where(and(eq(messages.threadId, request.threadId), eq(messages.accountId, account.id))).orderBy(asc(messages.sentAt))
    : [origin];
  const visible = thread.filter((m) => m.sentAt <= now);
  const last = visible.at(-1) ?? origin;
  const [threadRow] = request.threadId ? await db.select({ subject: threads.subject }).from(threads).where(eq(threads.id, request.threadId)) : [];
  // The people of the first follow-up (the school people on the request); else the school senders of the thread.
  const [prior] = await db.select().from(drafts).where(eq(drafts.requestId, request.id)).orderBy(asc(drafts.createdAt)).limit(1);
  const schoolSenders = [...new Set(visible.filter((m) => m.side === 'school' && m.fromAddress).map((m) => m.fromAddress!))];
  const to = prior?.toAddresses ?? (schoolSenders.length ? schoolSenders : origin.to.map((a) => a.address));
  if (!to.length) return null;
  const effective = effectiveRequest(request, now, child.timezone);
  const kind = effective.kind as RequestKind;
  const ruleRef = request.rule as { id?: string } | null;
  const rule = request.dueBasis === 'statute' && ruleRef?.id ? allRules().find((r) => r.id === ruleRef.id) ?? null : null;
  // A provision is quoted only when the request concerns delivering it.
  const provision =
    (kind === 'services' || kind === 'accommodations') && request.provisionIds.length
      ? ((await db.select().from(provisions).where(eq(provisions.id, request.provisionIds[0]!)))[0] ?? null)
      : null;
  return {
    request: { id: request.id, kind, evidence: request.evidence, sentAt: origin.sentAtText, subject: threadRow?.subject || origin.subject },
    thread: { lastMessageId: last.messageId, references: visible.map((m) => m.messageId) },
    to,
    cc: prior?.ccAddresses ?? [],
    childName: child.name,
    parentName: account.name,
    provision: provision ? { id: provision.id, type: provision.type, text: provision.text, section: provision.section, page: provision.page, details: provision.details ?? undefined } : null,
    rule,
    citeLaw: settings.citeLaw,
    dueDate: effective.dueDate,
    respondBy: addCounted(localDateOf(now.getTime(), child.timezone), 5, 'business_days', { state: child.state }).date,
    timezone: child.timezone,
    status: 'overdue',
  };
}
