/**
 * The optional LLM drafter (spec §6): the model may rewrite a template draft for fluency, but the template
 * stays the source of truth. An answer is used only when
 *  - every fact of the template is still there verbatim: the request and respond-by dates, every quoted span
 *    (the IEP provision, the parent's words, the school's promise), the citation, the ask sentence, the
 *    child's and the parent's names;
 *  - it brings in no date, weekday or number the template does not have;
 *  - it passes checkDraft (every rule, the word limit included) and checkTone on its own words.
 * Anything else (a timeout, an HTTP error, an unparseable reply) keeps the template draft.
 */
import { recordAudit } from '../../db/audit.js';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, children, commitments, drafts, messages, provisions, requests } from '../../db/schema.js';
import { checkDraft } from '../../core/draft-rules.js';
import { countWords, formatLongDate, localDate, MAX_WORDS, type Draft, type DraftInput } from '../../core/drafting.js';
import { checkTone } from '../../core/tone.js';
import { addCounted, computeDue, localDateOf, parseCalendarJson } from '../../core/deadlines/index.js';
import { REQUEST_KINDS, type RequestKind } from '../../core/types.js';
import type { LlmClient } from '../../llm/client.js';
import { renderPrompt } from '../../llm/prompts.js';
import { readSettings } from '../accounts/settings.js';

export type RewriteOutcome =
  | { source: 'llm'; draft: Draft }
  | { source: 'template'; draft: Draft; reason: string };

const MONTH_DATE = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?/g;
const WEEKDAY = /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g;
const NUMBER = /\d+/g;
const QUOTED = /"([^"\n]+)"|“([^”\n]+)”/g;

/** The strings of the template that the rewrite must keep verbatim. */
export function verbatimFacts(template: Draft, facts: DraftInput): string[] {
  const body = template.body;
  const out = new Set<string>();
  const keep = (s: string | null | undefined) => {
    const t = s?.trim();
    if (t && body.includes(t)) out.add(t);
  };
  keep(formatLongDate(localDate(facts.request.sentAt, facts.timezone)));
  keep(formatLongDate(facts.respondBy));
  keep(formatLongDate(facts.dueDate));
  if (facts.commitment) keep(formatLongDate(facts.commitment.dueDate));
  keep(facts.childName);
  keep(facts.parentName);
  if (facts.rule && facts.citeLaw) keep(facts.rule.citation);
  for (const m of body.matchAll(QUOTED)) keep(m[1] ?? m[2]);
  // The ask: the template's one "Could you please …?" sentence, with its respond-by date.
  const ask = /Could you please[^?]*\?/.exec(body)?.[0];
  keep(ask);
  return [...out];
}

/** Strips what models wrap letters in: code fences, a "Subject:" line, surrounding whitespace. */
export function cleanLlmBody(raw: string): string {
  let s = raw.replace(/\r\n?/g, '\n').trim();
  s = s.replace(/^```[a-z]*\n([\s\S]*?)\n```$/i, '$1').trim();
  s = s.replace(/^subject:[^\n]*\n+/i, '').trim();
  return s;
}

/** Why an LLM body may not replace the template; null when it may. */
export function rejectRewrite(body: string, template: Draft, facts: DraftInput): string | null {
  if (!body) return 'empty answer';
  for (const f of verbatimFacts(template, facts)) if (!body.includes(f)) return `dropped or changed a fact: "${f.slice(0, 80)}"`;
  for (const m of body.matchAll(MONTH_DATE)) if (!template.body.includes(m[0])) return `introduced a date: "${m[0]}"`;
  const templateWeekdays = new Set(template.body.match(WEEKDAY) ?? []);
  for (const m of body.match(WEEKDAY) ?? []) if (!templateWeekdays.has(m)) return `introduced a weekday: "${m}"`;
  const templateNumbers = new Set(template.body.match(NUMBER) ?? []);
  for (const m of body.match(NUMBER) ?? []) if (!templateNumbers.has(m)) return `introduced a number: "${m}"`;
  if (countWords(body) > MAX_WORDS) return `${countWords(body)} words`;
  const candidate: Draft = { ...template, body };
  const failed = checkDraft(candidate, facts).filter((r) => !r.ok);
  if (failed.length) return `checkDraft: ${failed.map((r) => `${r.rule}${r.detail ? ` (${r.detail})` : ''}`).join('; ')}`;
  // checkTone on the letter's own words: the verbatim spans (IEP, school, citation) are the record, not tone.
  let own = body;
  for (const f of verbatimFacts(template, facts)) own = own.split(f).join(' ');
  const tone = checkTone(own);
  if (tone.length) return `tone: ${tone.map((t) => `${t.rule} "${t.match}"`).join('; ')}`;
  return null;
}

/** Asks the model for a rewrite and keeps it only when it passes every guardrail. Never throws. */
export async function rewriteDraft(llm: LlmClient, template: Draft, facts: DraftInput): Promise<RewriteOutcome> {
  let raw: string;
  try {
    const system = renderPrompt('draft-rewrite-system', {});
    const user = renderPrompt('draft-rewrite-user', {
      childName: facts.childName ?? '(not given)',
      parentName: facts.parentName ?? '(not given)',
      respondBy: formatLongDate(facts.respondBy),
      facts: verbatimFacts(template, facts)
        .map((f) => `- ${f}`)
        .join('\n'),
      body: template.body,
    });
    raw = await llm.complete([
      { role: 'system', content: system },
      { role: 'user', content: user },
    ]);
  } catch (err) {
    return { source: 'template', draft: template, reason: `llm: ${err instanceof Error ? err.message : String(err)}` };
  }
  const body = cleanLlmBody(raw);
  const why = rejectRewrite(body, template, facts);
  return why ? { source: 'template', draft: template, reason: why } : { source: 'llm', draft: { ...template, body } };
}

// ------------------------------------------------------------------------------------------ stored drafts

/**
 * Rebuilds the drafter's input for a stored draft from the rows it was made from, the way core/analyze does,
 * at the same `now`. Null when that is not possible, or when the template itself does not pass checkDraft
 * against the rebuilt facts (then the guardrail could not be trusted, so no rewrite is tried).
 */
export async function factsForStoredDraft(db: Db, row: typeof drafts.$inferSelect, now: Date): Promise<DraftInput | null> {
  const [commitment] = row.commitmentId ? await db.select().from(commitments).where(eq(commitments.id, row.commitmentId)) : [];
  const requestId = row.requestId ?? commitment?.requestId ?? null;
  const [request] = requestId ? await db.select().from(requests).where(eq(requests.id, requestId)) : [];
  const originId = request?.messageId ?? commitment?.messageId;
  if (!originId) return null;
  const [origin] = await db.select().from(messages).where(eq(messages.id, originId));
  const childId = request?.childId ?? commitment?.childId ?? origin?.childId;
  const [child] = childId ? await db.select().from(children).where(eq(children.id, childId)) : [];
  const [account] = await db.select().from(accounts).where(eq(accounts.id, row.accountId));
  if (!origin || !child || !account) return null;
  const settings = readSettings(account.settings);
  const kind: RequestKind = request && (REQUEST_KINDS as readonly string[]).includes(request.kind) ? (request.kind as RequestKind) : 'information';
  let calendar;
  try {
    calendar = child.calendar ? parseCalendarJson(child.calendar) : undefined;
  } catch {
    calendar = undefined;
  }
  const rule =
    request?.dueBasis === 'statute'
      ? computeDue({ kind, state: child.state, sentAt: origin.sentAtText, timezone: child.timezone, calendar, courtesy: { days: settings.courtesyDays, unit: settings.courtesyUnit } }).ruleRow ?? null
      : null;
  const provisionRows = request?.provisionIds.length ? await db.select().from(provisions).where(inArray(provisions.id, request.provisionIds)).orderBy(asc(provisions.label)) : [];
  const provisionRow = provisionRows.find((p) => row.body.includes(p.section)) ?? provisionRows[0] ?? null;
  const today = localDateOf(now.toISOString(), child.timezone);
  const facts: DraftInput = {
    request: { id: request?.id ?? '', kind, evidence: request?.evidence ?? commitment?.text ?? '', sentAt: origin.sentAtText, subject: row.subject },
    thread: { lastMessageId: row.inReplyTo ?? '', references: row.references },
    to: row.toAddresses,
    cc: row.ccAddresses,
    childName: child.name,
    parentName: account.name,
    provision: provisionRow
      ? { id: provisionRow.id, type: provisionRow.type, text: provisionRow.text, section: provisionRow.section, page: provisionRow.page, details: provisionRow.details ?? undefined }
      : null,
    rule,
    citeLaw: settings.citeLaw,
    dueDate: request?.dueDate ?? commitment?.dueDate ?? today,
    respondBy: addCounted(today, 5, 'business_days', { state: child.state }).date,
    timezone: child.timezone,
    status: request?.acknowledgedBy ? 'acknowledged' : 'overdue',
    declined: /prior written notice of this decision/.test(row.body),
    commitment: commitment ? { text: commitment.text, dueDate: commitment.dueDate } : null,
  };
  const template: Draft = { requestId: facts.request.id, inReplyTo: row.inReplyTo ?? '', references: row.references, to: row.toAddresses, cc: row.ccAddresses, subject: row.subject, body: row.body };
  return checkDraft(template, facts).every((r) => r.ok) ? facts : null;
}

/**
 * Offers the account's new template drafts to the LLM and stores the rewrites that pass. Only pending
 * template drafts change, and only their body and source; each outcome is an audit event (metadata only).
 */
export async function rewriteStoredDrafts(db: Db, llm: LlmClient, accountId: string, draftIds: string[], now: Date): Promise<{ rewritten: number; kept: number }> {
  if (draftIds.length === 0) return { rewritten: 0, kept: 0 };
  const rows = await db
    .select()
    .from(drafts)
    .where(and(eq(drafts.accountId, accountId), inArray(drafts.id, draftIds), eq(drafts.source, 'template'), eq(drafts.status, 'pending')));
  let rewritten = 0;
  let kept = 0;
  for (const row of rows) {
    const facts = await factsForStoredDraft(db, row, now);
    const template: Draft = { requestId: facts?.request.id ?? '', inReplyTo: row.inReplyTo ?? '', references: row.references, to: row.toAddresses, cc: row.ccAddresses, subject: row.subject, body: row.body };
    const outcome: RewriteOutcome = facts ? await rewriteDraft(llm, template, facts) : { source: 'template', draft: template, reason: 'facts could not be rebuilt' };
    if (outcome.source === 'llm') {
      await db
        .update(drafts)
        .set({ body: outcome.draft.body, source: 'llm', updatedAt: now })
        .where(and(eq(drafts.id, row.id), eq(drafts.status, 'pending'), eq(drafts.source, 'template')));
      rewritten++;
    } else kept++;
    await recordAudit(db, {
      accountId,
      actor: 'job:drafts',
      action: outcome.source === 'llm' ? 'draft.llm_rewritten' : 'draft.llm_rejected',
      subjectType: 'draft',
      subjectId: row.id,
      data: outcome.source === 'llm' ? {} : { reason: outcome.reason.split(':')[0]!.slice(0, 40) }, // the category only: no letter text in the audit log
      at: now,
    });
  }
  return { rewritten, kept };
}
