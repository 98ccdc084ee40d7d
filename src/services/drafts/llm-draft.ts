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
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { drafts } from '../../db/schema.js';
import { checkDraft } from '../../core/draft-rules.js';
import { countWords, formatLongDate, localDate, MAX_WORDS, type Draft, type DraftInput } from '../../core/drafting.js';
import { checkTone } from '../../core/tone.js';
import type { LlmClient } from '../../llm/client.js';
import { renderPrompt } from '../../llm/prompts.js';

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
 * The facts a stored template draft was written from (the `facts` column, stored by the drafting step), when
 * the stored body still passes every rule against them. Null for a draft stored without facts (written before
 * migration 0008): it keeps its template text rather than have its facts guessed from the letter.
 */
export function factsForStoredDraft(row: typeof drafts.$inferSelect): DraftInput | null {
  const facts = row.facts;
  if (!facts) return null;
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
    const facts = factsForStoredDraft(row);
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
