import { and, eq, inArray, isNotNull, notExists, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, children, clocks, commitments, drafts, messages, provisions, requests } from '../../db/schema.js';
import { followUpDraft, type FollowUpContext, type FollowUpMessage, type FollowUpRequest } from '../../core/analyze-drafts.js';
import type { RequestKind } from '../../core/types.js';
import { analyzeChild, safeCalendar } from '../analysis/analyze-account.js';
import { bringUpToDate } from '../analysis/stage.js';
import { readOverrides } from '../analysis/request-overrides.js';
import { renewalsAmong } from '../analysis/renewals.js';
import { draftClockFollowUps } from '../clocks/drafts.js';
import { storeTemplateDraft } from './store.js';
import { readSettings } from '../accounts/settings.js';
import { loadParentAddresses } from '../mailbox/parent-addresses.js';

type RequestRow = typeof requests.$inferSelect;
type ChildRow = typeof children.$inferSelect;

export interface FollowUpCounts {
  created: number;
  /** Children analysed in this run: mail stored after their last analysis, or an overdue clock to draft. */
  analysed: number;
  /** Requests, commitments and clocks whose due date passed since the last run (ageing, no analysis). */
  aged: number;
}

/**
 * Spec §6: every overdue request, missed commitment and overdue process clock without a live draft gets one,
 * written by the template drafter. A draft is keyed by (request, state): "overdue:<due date>" — so a repeated
 * run, or a second instance running at the same time, never creates it twice (the unique index decides).
 * Requests the parent resolved or marked "not a request" get none.
 *
 * Time alone needs no analysis (issue 11): the statuses age set-based (analysis/ageing.ts) and the drafts are
 * written from the stored requests, commitments and thread headers. A child is analysed here only when mail
 * was stored after its last analysis (the stage after an ingest failed, or an import that does not run it),
 * or when an overdue process clock waits for its draft: the clock drafter needs the analysis' clock (its
 * rule row and thread), so such a child is analysed at most once per daily run until the draft exists.
 */
export async function draftFollowUps(db: Db, accountId: string, now: Date): Promise<FollowUpCounts> {
  const upToDate = await bringUpToDate(db, accountId, now);
  const analysed = new Set(upToDate.analysed);
  const aged = upToDate.aged;
  let created = 0;
  for (const childId of await childrenWithUndraftedClocks(db, accountId)) {
    const analysis = await analyzeChild(db, accountId, childId, now);
    analysed.add(childId);
    created += await draftClockFollowUps(db, accountId, analysis, now);
  }
  created += await draftFromStoredRows(db, accountId, now);
  return { created, analysed: analysed.size, aged: aged.requests + aged.commitments + aged.clocks };
}

async function childrenWithUndraftedClocks(db: Db, accountId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ childId: clocks.childId })
    .from(clocks)
    .where(
      and(
        eq(clocks.accountId, accountId),
        eq(clocks.status, 'overdue'),
        notExists(db.select({ one: sql`1` }).from(drafts).where(and(eq(drafts.clockId, clocks.id), eq(drafts.stateKey, sql`'overdue:' || ${clocks.dueDate}::text`)))),
      ),
    );
  return rows.map((r) => r.childId);
}

/** Overdue requests and missed commitments without their draft, drafted from the stored rows. */
async function draftFromStoredRows(db: Db, accountId: string, now: Date): Promise<number> {
  const overdue = (
    await db
      .select()
      .from(requests)
      .where(
        and(
          eq(requests.accountId, accountId),
          eq(requests.status, 'overdue'),
          isNotNull(requests.childId),
          notExists(db.select({ one: sql`1` }).from(drafts).where(and(eq(drafts.requestId, requests.id), eq(drafts.stateKey, sql`'overdue:' || ${requests.dueDate}::text`)))),
        ),
      )
  ).filter((r) => !closedByParent(r));
  const missed = await db
    .select()
    .from(commitments)
    .where(
      and(
        eq(commitments.accountId, accountId),
        eq(commitments.status, 'missed'),
        isNotNull(commitments.childId),
        notExists(db.select({ one: sql`1` }).from(drafts).where(and(eq(drafts.commitmentId, commitments.id), eq(drafts.stateKey, sql`'missed:' || ${commitments.dueDate}::text`)))),
      ),
    );
  if (overdue.length === 0 && missed.length === 0) return 0;

  // A missed commitment is worded with the request it answered; one the parent closed gets no follow-up.
  const linkedIds = [...new Set(missed.map((c) => c.requestId).filter((id): id is string => id !== null))];
  const linked = new Map((linkedIds.length ? await db.select().from(requests).where(inArray(requests.id, linkedIds)) : []).map((r) => [r.id, r]));
  const live = missed.filter((c) => !(c.requestId && linked.has(c.requestId) && closedByParent(linked.get(c.requestId)!)));
  if (overdue.length === 0 && live.length === 0) return 0;

  const childIds = [...new Set([...overdue.map((r) => r.childId!), ...live.map((c) => c.childId!)])];
  const [account] = await db.select({ name: accounts.name, settings: accounts.settings }).from(accounts).where(eq(accounts.id, accountId));
  if (!account) return 0;
  const settings = readSettings(account.settings);
  const parents = new Set((await loadParentAddresses(db, accountId)).map((a) => a.toLowerCase()));
  const kids = new Map((await db.select().from(children).where(inArray(children.id, childIds))).map((c) => [c.id, c]));
  const provisionRows = await db.select().from(provisions).where(inArray(provisions.childId, childIds));
  const threadOf = await threadsOf(db, accountId, [...overdue.map((r) => r.messageId), ...live.map((c) => c.messageId), ...[...linked.values()].map((r) => r.messageId)], parents);

  const contextOf = (child: ChildRow): FollowUpContext => ({
    state: child.state,
    timezone: child.timezone,
    now: now.toISOString(),
    calendar: child.calendar ? safeCalendar(child.calendar) : undefined,
    courtesy: { days: settings.courtesyDays, unit: settings.courtesyUnit },
    childName: child.name,
    parentName: account.name,
    citeLaw: settings.citeLaw,
    parents,
    provisions: provisionRows
      .filter((p) => p.childId === child.id)
      .map((p) => ({ id: p.id, type: p.type, text: p.text, section: p.section, page: p.page, details: p.details ?? undefined })),
  });

  // A repeated ask is the first request's history (issue 14 #8): the first ask is chased, its renewals are not.
  const overdueChildIds = [...new Set(overdue.map((r) => r.childId!))];
  const siblings = overdueChildIds.length ? await db.select().from(requests).where(and(eq(requests.accountId, accountId), inArray(requests.childId, overdueChildIds))) : [];
  const renewed = (await renewalsAmong(db, siblings, now, (id) => kids.get(id ?? '')?.timezone ?? 'UTC')).primaryOf;

  let created = 0;
  for (const r of overdue) {
    if (renewed.has(r.id)) continue;
    const child = kids.get(r.childId!);
    const t = threadOf.get(r.messageId);
    if (!child || !t) continue;
    const { facts, ...letter } = followUpDraft(contextOf(child), asFollowUpRequest(r, t.origin.sentAt), t.origin, t.thread, null);
    const stored = await storeTemplateDraft(db, { accountId, target: { kind: 'request', requestId: r.id }, stateKey: `overdue:${r.dueDate}`, letter, facts, now });
    if (stored.created) created++;
  }
  for (const c of live) {
    const child = kids.get(c.childId!);
    const t = threadOf.get(c.messageId);
    if (!child || !t) continue;
    const req = c.requestId ? linked.get(c.requestId) ?? null : null;
    const reqThread = req ? threadOf.get(req.messageId) : undefined;
    const request = req ? asFollowUpRequest(req, reqThread?.origin.sentAt ?? null) : null;
    const { facts, ...letter } = followUpDraft(contextOf(child), request, t.origin, t.thread, c);
    const stored = await storeTemplateDraft(db, { accountId, target: { kind: 'commitment', commitmentId: c.id, requestId: req?.id ?? null }, stateKey: `missed:${c.dueDate}`, letter, facts, now });
    if (stored.created) created++;
  }
  return created;
}

function closedByParent(r: RequestRow): boolean {
  const o = readOverrides(r.overrides);
  return Boolean(o.resolved || o.notARequest);
}

function asFollowUpRequest(r: RequestRow, sentAt: string | null): FollowUpRequest {
  return {
    id: r.id,
    kind: r.kind as RequestKind,
    evidence: r.evidence,
    // The request's sent time is its message's, in the sender's own offset; read with the thread.
    sentAt: sentAt ?? r.createdAt.toISOString(),
    dueDate: r.dueDate,
    dueBasis: r.dueBasis,
    acknowledged: r.acknowledgedBy !== null,
    declined: r.declined,
    provisions: r.provisionIds,
  };
}

type Origin = FollowUpMessage & { sentAt: string };

/**
 * Each origin message with its stored thread (headers only, no bodies), in time order. The thread is the
 * one ingest stored (threads table, kept by rethreading), within the origin's child as the analysis sees it.
 * A message stored before threading existed has no thread: it stands alone.
 */
async function threadsOf(db: Db, accountId: string, originIds: string[], parents: Set<string>): Promise<Map<string, { origin: Origin; thread: FollowUpMessage[] }>> {
  const ids = [...new Set(originIds)];
  const header = {
    id: messages.id,
    messageId: messages.messageId,
    childId: messages.childId,
    threadId: messages.threadId,
    subject: messages.subject,
    sentAt: messages.sentAt,
    sentAtText: messages.sentAtText,
    fromAddress: messages.fromAddress,
    fromName: messages.fromName,
    to: messages.to,
    cc: messages.cc,
  };
  const origins = db.select({ threadId: messages.threadId }).from(messages).where(inArray(messages.id, ids));
  const rows = await db
    .select(header)
    .from(messages)
    .where(and(eq(messages.accountId, accountId), or(inArray(messages.id, ids), inArray(messages.threadId, origins))))
    .orderBy(messages.sentAt, messages.messageId);
  const asMessage = (m: (typeof rows)[number]): Origin => {
    const from = m.fromAddress ? { address: m.fromAddress, ...(m.fromName ? { name: m.fromName } : {}) } : null;
    return {
      messageId: m.messageId,
      subject: m.subject,
      sentAtMs: m.sentAt.getTime(),
      sentAt: m.sentAtText,
      side: from && parents.has(from.address.toLowerCase()) ? 'parent' : 'school',
      from,
      to: m.to,
      cc: m.cc,
    };
  };
  const out = new Map<string, { origin: Origin; thread: FollowUpMessage[] }>();
  for (const id of ids) {
    const row = rows.find((m) => m.id === id);
    if (!row) continue;
    const mates = row.threadId ? rows.filter((m) => m.threadId === row.threadId && m.childId === row.childId) : [row];
    out.set(id, { origin: asMessage(row), thread: mates.map(asMessage) });
  }
  return out;
}
