import { recordAudit } from '../../db/audit.js';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, children, commitments, drafts, messages, provisions, requests, schoolContacts } from '../../db/schema.js';
import { analyze, type AnalyzeResult } from '../../core/analyze.js';
import { parseCalendarJson } from '../../core/deadlines/index.js';
import type { Provision, RequestKind, SchoolCalendar } from '../../core/types.js';
import { readOverrides } from './request-overrides.js';
import { readSettings } from '../accounts/settings.js';
import { runWithSentenceJudge, type JudgeWiring } from './sentence-adjudication.js';
import { rowToMailMessage } from '../mailbox/message-rows.js';
import { refreshSchoolAsks } from '../todos/school-asks.js';
import { loadParentAddresses } from '../mailbox/parent-addresses.js';
import { parentClockEvents, persistClocks } from '../clocks/store.js';
import { parentMarksFor } from './parent-marks.js';

export interface AnalyzeCounts {
  requests: number;
  statusChanges: number;
  commitments: number;
}

/**
 * Runs the core pipeline over one child's stored correspondence and stores what it found: requests (with
 * status, due date and rule), and the school's dated commitments. Re-running changes only what changed;
 * every status change is an audit event. `now` is passed in so schedules and tests control time.
 */
export async function analyzeChild(db: Db, accountId: string, childId: string, now: Date, wiring?: JudgeWiring | null): Promise<AnalyzeCounts & { result: AnalyzeResult; requestIds: Map<string, string>; clockIds: Map<string, string>; messageRows: Map<string, typeof messages.$inferSelect> }> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  const [child] = await db.select().from(children).where(and(eq(children.id, childId), eq(children.accountId, accountId)));
  if (!account || !child) throw new Error('unknown account or child');
  const settings = readSettings(account.settings);
  const school = (await db.select({ v: schoolContacts.value }).from(schoolContacts).where(eq(schoolContacts.childId, childId))).map((r) => r.v);
  const parents = await loadParentAddresses(db, accountId);
  const rows = await db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.childId, childId)));
  const provisionRows = await db.select().from(provisions).where(eq(provisions.childId, childId));
  const clockEvents = await parentClockEvents(db, accountId, childId);
  // The sentences the parent marked "this is a request": the parent's word, kept through every re-analysis.
  const parentMarked = await parentMarksFor(db, accountId, childId);

  const byMessageId = new Map(rows.map((r) => [r.messageId, r]));
  // Threads and new text as ingest stored them (core/analyze.ts `stored`), not computed again.
  const storedFacts = new Map(rows.map((r) => [r.messageId, { thread: r.threadId, newText: r.newText }]));
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const stored = await db.select().from(requests).where(eq(requests.childId, childId));
  const overrides = stored.flatMap((r) => {
    const o = readOverrides(r.overrides);
    const mid = rowById.get(r.messageId)?.messageId;
    return mid && Object.keys(o).length ? [{ messageId: mid, kind: r.kind as RequestKind, dueDate: o.dueDate, resolved: o.resolved, notARequest: o.notARequest }] : [];
  });
  const provisionList: Provision[] = provisionRows.map((p) => ({ id: p.id, type: p.type, text: p.text, section: p.section, page: p.page, details: p.details ?? undefined }));
  // Pass 1 is deterministic; with a configured model (and the account not opted out) the sentences it is
  // unsure about are adjudicated and pass 2 applies the verdicts. Without one, remembered verdicts only.
  const { result } = await runWithSentenceJudge((verdicts) => analyze({
    verdicts,
    messages: rows.map(rowToMailMessage),
    parents,
    school,
    state: child.state,
    timezone: child.timezone,
    now: now.toISOString(),
    calendar: child.calendar ? safeCalendar(child.calendar) : undefined,
    provisions: provisionList,
    childName: child.name,
    parentName: account.name,
    courtesy: { days: settings.courtesyDays, unit: settings.courtesyUnit },
    citeLaw: settings.citeLaw,
    overrides,
    clockEvents,
    parentMarked,
    stored: storedFacts,
  }), (r) => r.questions, { db, accountId, timezone: account.timezone, now, optedIn: settings.llmSentenceJudge, wiring });

  let statusChanges = 0;
  const keptIds: string[] = [];
  let clockIds = new Map<string, string>();
  await db.transaction(async (tx) => {
    const existing = await tx.select().from(requests).where(eq(requests.childId, childId));
    const ordinalOf = new Map<string, number>();
    for (const r of result.requests) {
      const msg = byMessageId.get(r.messageId)!;
      const key = `${msg.id}:${r.kind}`;
      const ordinal = ordinalOf.get(key) ?? 0;
      ordinalOf.set(key, ordinal + 1);
      const before = existing.find((e) => e.messageId === msg.id && e.kind === r.kind && e.ordinal === ordinal);
      const values = {
        accountId,
        childId,
        threadId: msg.threadId,
        messageId: msg.id,
        ordinal,
        kind: r.kind,
        evidence: r.evidence,
        signal: r.signal ?? null,
        reason: r.reason ?? null,
        status: r.status,
        answeredBy: r.answeredBy ? byMessageId.get(r.answeredBy)?.id ?? null : null,
        acknowledgedBy: r.acknowledgedBy ? byMessageId.get(r.acknowledgedBy)?.id ?? null : null,
        declined: r.declined ?? false,
        dueDate: r.dueDate,
        dueBasis: r.dueBasis,
        rule: r.rule as Record<string, unknown> | null,
        provisionIds: r.provisions,
        updatedAt: new Date(),
      };
      const [row] = await tx
        .insert(requests)
        .values(values)
        .onConflictDoUpdate({ target: [requests.messageId, requests.kind, requests.ordinal], set: values })
        .returning({ id: requests.id });
      keptIds.push(row!.id);
      if (!before || before.status !== r.status) {
        statusChanges++;
        await recordAudit(tx, {
          accountId,
          actor: 'system',
          action: before ? 'request.status_changed' : 'request.detected',
          subjectType: 'request',
          subjectId: row!.id,
          data: { kind: r.kind, from: before?.status ?? null, to: r.status, dueDate: r.dueDate },
          at: now,
        });
      }
    }
    // Requests the pipeline no longer finds (better detection, a changed school list) go, unless the
    // parent has acted on them; their drafts go with them.
    let stale = existing.filter((e) => !keptIds.includes(e.id) && Object.keys(e.overrides ?? {}).length === 0).map((e) => e.id);
    if (stale.length) {
      const acted = await tx
        .select({ id: drafts.requestId })
        .from(drafts)
        .where(and(inArray(drafts.requestId, stale), notInArray(drafts.status, ['pending', 'dismissed', 'snoozed'])));
      stale = stale.filter((id) => !acted.some((a) => a.id === id));
    }
    if (stale.length) await tx.delete(requests).where(inArray(requests.id, stale));

    const keptCommitments: string[] = [];
    for (const c of result.commitments) {
      const msg = byMessageId.get(c.messageId)!;
      const requestId = c.requestId ? keptIds[result.requests.findIndex((r) => r.id === c.requestId)] ?? null : null;
      const [row] = await tx
        .insert(commitments)
        .values({ accountId, childId, messageId: msg.id, requestId, text: c.text, dueDate: c.dueDate, status: c.status })
        .onConflictDoUpdate({ target: [commitments.messageId, commitments.text], set: { dueDate: c.dueDate, status: c.status, requestId } })
        .returning({ id: commitments.id });
      keptCommitments.push(row!.id);
    }
    await tx
      .delete(commitments)
      .where(keptCommitments.length ? and(eq(commitments.childId, childId), notInArray(commitments.id, keptCommitments)) : eq(commitments.childId, childId));
    // Process clocks (spec §5), recomputed from the mail and the parent's entered dates.
    clockIds = await persistClocks(tx, accountId, childId, result.clocks, byMessageId);
    // What this analysis read: mail stored later (an ingest whose stage failed) is caught up by the drafting.
    const through = rows.reduce<Date | null>((max, r) => (max && max >= r.createdAt ? max : r.createdAt), null);
    await tx.update(children).set({ analyzedThrough: through }).where(eq(children.id, childId));
  });
  // The school's asks of the parent (the parent's to-dos) are re-read with the rest of the analysis.
  await refreshSchoolAsks(db, accountId, childId);
  const requestIds = new Map(result.requests.map((r, i) => [r.id, keptIds[i]!]));
  return { requests: result.requests.length, statusChanges, commitments: result.commitments.length, result, requestIds, clockIds, messageRows: byMessageId };
}

/** Every child of the account, in turn. */
export async function analyzeAccount(db: Db, accountId: string, now: Date): Promise<AnalyzeCounts> {
  const kids = await db.select({ id: children.id }).from(children).where(eq(children.accountId, accountId));
  const total: AnalyzeCounts = { requests: 0, statusChanges: 0, commitments: 0 };
  for (const k of kids) {
    const c = await analyzeChild(db, accountId, k.id, now);
    total.requests += c.requests;
    total.statusChanges += c.statusChanges;
    total.commitments += c.commitments;
  }
  return total;
}

/** A stored calendar that no longer parses is ignored (the deadline falls back to the state's rule alone). */
export function safeCalendar(raw: unknown): SchoolCalendar | undefined {
  try {
    return parseCalendarJson(raw);
  } catch {
    return undefined;
  }
}
