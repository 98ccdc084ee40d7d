/**
 * Process clocks as stored state (spec §5): computed by the analysis from real MIME in the database, start
 * dates entered by hand (audited, surviving re-analysis), an estimated start confirmed, each parent's clocks
 * their own, and the overdue follow-up written once by the daily drafting path, passing the draft rules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolMatcher } from '../../../src/core/school.js';
import { checkDraft } from '../../../src/core/draft-rules.js';
import { clockDraftFacts } from '../../../src/core/clocks/index.js';
import { addCounted, localDateOf } from '../../../src/core/deadlines/index.js';
import { auditEvents, clockEvents, clocks, drafts } from '../../../src/db/schema.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../../src/services/accounts/accounts.js';
import { analyzeAccount, analyzeChild } from '../../../src/services/analysis/analyze-account.js';
import { draftFollowUps } from '../../../src/services/drafts/followups.js';
import { factsForStoredDraft } from '../../../src/services/drafts/llm-draft.js';
import { importArchive } from '../../../src/services/mailbox/import-archive.js';
import { addClockEvent, confirmClockStart, removeClockEvent } from '../../../src/services/clocks/events.js';
import { clocksForChild } from '../../../src/services/clocks/views.js';
import { digestContent } from '../../../src/services/digest/content.js';
import { renderDigest } from '../../../src/services/digest/render.js';
import { createTestDb, DRIVERS } from '../../helpers/db.js';
import { mail } from '../../helpers/mail.js';

const PARENT = 'maria.ortiz@family.test';
const SCHOOL = 'district.k12.test';

/** A parent's message with the signed consent attached (multipart, a real PDF part). */
function consentWithAttachment(date: string, id: string): Buffer {
  const b = 'XXBOUNDARYXX';
  return mail({
    from: `Maria Ortiz <${PARENT}>`,
    to: `Jamie Lee <j.lee@${SCHOOL}>`,
    subject: 'Evaluation for Leo',
    date,
    messageId: id,
    contentType: `multipart/mixed; boundary="${b}"`,
    rawBody: [
      `--${b}`, 'Content-Type: text/plain; charset=utf-8', '', 'Hello Ms. Lee,', '', "I've signed the consent form and attached it.", '', 'Maria', '',
      `--${b}`, 'Content-Type: application/pdf; name="consent.pdf"', 'Content-Disposition: attachment; filename="consent.pdf"', 'Content-Transfer-Encoding: base64', '', Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'), '',
      `--${b}--`, '',
    ].join('\n'),
  });
}

function plain(from: 'parent' | 'school', date: string, id: string, body: string, inReplyTo?: string, parent = `Maria Ortiz <${PARENT}>`): Buffer {
  return mail({
    from: from === 'parent' ? parent : `Jamie Lee <j.lee@${SCHOOL}>`,
    to: from === 'parent' ? `Jamie Lee <j.lee@${SCHOOL}>` : parent,
    subject: inReplyTo ? 'Re: Evaluation for Leo' : 'Evaluation for Leo',
    date,
    messageId: id,
    ...(inReplyTo ? { inReplyTo, references: inReplyTo } : {}),
    body,
  });
}

describe.each(DRIVERS)('stored process clocks on $driver', ({ driver, skip }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let accountId: string;
  let childId: string;
  let otherAccountId: string;
  let otherChildId: string;
  const dirs: string[] = [];

  async function importMail(acct: string, child: string, files: Record<string, Buffer>) {
    const dir = mkdtempSync(join(tmpdir(), 'clocks-'));
    dirs.push(dir);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    await importArchive(handle.db, { accountId: acct, childId: child, parentAddresses: new Set([PARENT, 'other@family.test']), school: schoolMatcher([SCHOOL]) }, dir);
  }

  beforeAll(async () => {
    handle = await createTestDb(driver);
    const account = await ensureAccount(handle.db, PARENT, 'Maria Ortiz');
    accountId = account.id;
    childId = (await ensureChild(handle.db, accountId, { name: 'Leo', state: 'OR', timezone: 'America/Los_Angeles' })).id;
    await addSchoolContacts(handle.db, accountId, childId, [SCHOOL]);
    // Consent returned by mail on Tuesday Feb 3, 2026 (local): the federal 60 days end Saturday Apr 4.
    await importMail(accountId, childId, {
      '1.eml': plain('parent', 'Mon, 26 Jan 2026 09:00:00 -0800', '<ask@family.test>', 'Hello Ms. Lee,\n\nI am writing to request a full evaluation for Leo.\n\nMaria\n'),
      '2.eml': consentWithAttachment('Tue, 03 Feb 2026 10:00:00 -0800', '<consent@family.test>'),
    });
    const other = await ensureAccount(handle.db, 'other@family.test', 'Other Parent');
    otherAccountId = other.id;
    otherChildId = (await ensureChild(handle.db, otherAccountId, { name: 'Ana', state: 'OR', timezone: 'America/Los_Angeles' })).id;
    await addSchoolContacts(handle.db, otherAccountId, otherChildId, [SCHOOL]);
    // Consent that went home in the backpack: the date is an estimate.
    await importMail(otherAccountId, otherChildId, {
      '1.eml': plain('parent', 'Wed, 04 Feb 2026 19:00:00 -0800', '<bp@family.test>', 'Hi,\n\nThe signed consent form is in Ana\'s backpack.\n\nThanks\n', undefined, 'Other Parent <other@family.test>'),
    });
  });
  afterAll(async () => {
    await handle?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const stored = (acct: string) => handle.db.select().from(clocks).where(eq(clocks.accountId, acct));

  it('the analysis stores the evaluation clock, running before the due date; re-running changes nothing', async () => {
    await analyzeAccount(handle.db, accountId, new Date('2026-03-01T18:00:00Z'));
    const rows = await stored(accountId);
    expect(rows.map((r) => [r.kind, r.startDate, r.dueDate, r.status, r.estimated, (r.rule as { id: string }).id])).toEqual([
      ['evaluation-completion', '2026-02-03', '2026-04-04', 'running', false, 'us-evaluation-completion'],
    ]);
    expect(rows[0]!.evidence).toMatch(/signed the consent form|consent\.pdf/);
    const audits = async () => (await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.subjectType, 'clock')))).length;
    const before = await audits();
    expect(before).toBe(1);
    await analyzeAccount(handle.db, accountId, new Date('2026-03-01T18:00:00Z'));
    expect(await audits()).toBe(before);
    expect((await stored(accountId)).map((r) => r.id)).toEqual(rows.map((r) => r.id));
  });

  it('overdue: one follow-up from the daily drafting path, never a second on a repeated run, passing the draft rules', async () => {
    const now = new Date('2026-04-10T16:00:00Z');
    const first = await draftFollowUps(handle.db, accountId, now);
    const [clock] = await stored(accountId);
    expect(clock!.status).toBe('overdue');
    const clockDrafts = await handle.db.select().from(drafts).where(eq(drafts.clockId, clock!.id));
    expect(clockDrafts).toHaveLength(1);
    expect(first.created).toBeGreaterThanOrEqual(1);
    const d = clockDrafts[0]!;
    expect(d.stateKey).toBe('overdue:2026-04-04');
    expect(d.toAddresses).toEqual([`j.lee@${SCHOOL}`]);
    expect(d.inReplyTo).toBe('<consent@family.test>');
    expect(d.body).toContain('February 3, 2026');
    expect(d.body).toContain('34 CFR § 300.301(c)(1)');
    expect(d.body).toMatch(/evaluation report/);
    expect(d.body).toMatch(/prior written notice/);
    // A second run, and a third a day later: still one draft for the clock.
    await draftFollowUps(handle.db, accountId, now);
    await draftFollowUps(handle.db, accountId, new Date('2026-04-11T16:00:00Z'));
    expect(await handle.db.select().from(drafts).where(eq(drafts.clockId, clock!.id))).toHaveLength(1);
    // The stored letter passes the shared draft rules against the clock's facts.
    const { result } = await analyzeChild(handle.db, accountId, childId, now);
    const core = result.clocks.find((c) => c.kind === 'evaluation-completion')!;
    const facts = clockDraftFacts({
      clock: core,
      thread: { subject: 'Evaluation for Leo', lastMessageId: d.inReplyTo!, references: d.references },
      to: d.toAddresses,
      cc: d.ccAddresses,
      childName: 'Leo',
      parentName: 'Maria Ortiz',
      citeLaw: true,
      respondBy: addCounted(localDateOf(now.toISOString(), 'America/Los_Angeles'), 5, 'business_days', { state: 'OR' }).date,
      timezone: 'America/Los_Angeles',
    });
    const failed = checkDraft({ requestId: core.id, inReplyTo: d.inReplyTo!, references: d.references, to: d.toAddresses, cc: d.ccAddresses, subject: d.subject, body: d.body }, facts).filter((r) => !r.ok);
    expect(failed).toEqual([]);
    // Stored like a request's follow-up (services/drafts/store.ts): with the facts it was written from, which the
    // LLM rewrite reads (factsForStoredDraft gives them only when the stored letter passes every rule against
    // them), and with one draft.created audit event however many runs.
    expect(d.facts).toMatchObject({ request: { kind: 'evaluation' }, dueDate: '2026-04-04', to: d.toAddresses, thread: { lastMessageId: d.inReplyTo } });
    expect(factsForStoredDraft(d)).toEqual(d.facts);
    const created = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, d.id), eq(auditEvents.action, 'draft.created')));
    expect(created.map((e) => e.data)).toEqual([{ requestId: null, commitmentId: null, clockId: clock!.id, stateKey: 'overdue:2026-04-04' }]);
  });

  it('an eligibility date entered by hand completes the evaluation (late, so it stays overdue) and starts the IEP clock; audited; it survives re-analysis', async () => {
    const now = new Date('2026-04-20T16:00:00Z');
    await addClockEvent(handle.db, accountId, childId, { type: 'eligible', date: '2026-04-15' }, now);
    const rows = (await stored(accountId)).sort((a, b) => a.kind.localeCompare(b.kind));
    expect(rows.map((r) => [r.kind, r.startDate, r.dueDate, r.status])).toEqual([
      // Completed after the due date: not met, still overdue, but no follow-up asks for what came.
      ['evaluation-completion', '2026-02-03', '2026-04-04', 'overdue'],
      ['iep-after-eligibility', '2026-04-15', '2026-05-15', 'running'],
    ]);
    expect(rows[1]!.evidence).toBe('Entered by the parent');
    expect(rows[1]!.parentEventId).not.toBeNull();
    const [audit] = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.action, 'clock.event_entered')));
    expect(audit!.actor).toBe(`parent:${accountId}`);
    expect(audit!.data).toMatchObject({ type: 'eligible', date: '2026-04-15' });
    await analyzeAccount(handle.db, accountId, now);
    await draftFollowUps(handle.db, accountId, now);
    expect((await stored(accountId)).map((r) => r.kind).sort()).toEqual(['evaluation-completion', 'iep-after-eligibility']);
  });

  it('the weekly digest lists the overdue clock and the one due soon, with their rules, and links to them', async () => {
    // May 5: the evaluation is overdue (Apr 4), the IEP meeting is due May 15 (in 10 days).
    const now = new Date('2026-05-05T16:00:00Z');
    const content = await digestContent(handle.db, accountId, now);
    expect(content.clocks!.map((c) => [c.kind, c.status, c.dueDate, c.days, c.ruleId])).toEqual([
      ['evaluation-completion', 'overdue', '2026-04-04', 31, 'us-evaluation-completion'],
      ['iep-after-eligibility', 'running', '2026-05-15', 10, 'us-iep-after-eligibility'],
    ]);
    const { text, html } = renderDigest(content, 'https://app.test');
    expect(text).toContain('PROCESS CLOCKS OVERDUE OR DUE SOON (2)');
    expect(text).toContain('Leo: Evaluation completion 31 days overdue');
    expect(text).toContain('Leo: IEP meeting after eligibility due May 15, 2026 (in 10 days)');
    expect(text).toContain('https://app.test/rules/us#us-evaluation-completion');
    expect(html).toContain(`https://app.test/children/${childId}#clock-`);
    // Two months on, the IEP clock is overdue too; a week before the consent, nothing is listed.
    expect((await digestContent(handle.db, accountId, new Date('2026-07-01T16:00:00Z'))).clocks!.map((c) => c.status)).toEqual(['overdue', 'overdue']);
    expect((await digestContent(handle.db, otherAccountId, new Date('2026-02-20T16:00:00Z'))).clocks).toEqual([]);
  });

  it('refuses a future date with a clear error, storing nothing', async () => {
    // A malformed or impossible date and an unknown kind are the form's to refuse (test/http/forms/clocks.test.ts).
    const now = new Date('2026-04-20T16:00:00Z');
    const count = async () => (await handle.db.select().from(clockEvents).where(eq(clockEvents.accountId, accountId))).length;
    const before = await count();
    await expect(addClockEvent(handle.db, accountId, childId, { type: 'consent', date: '2026-05-01' }, now)).rejects.toThrow(/after today/);
    expect(await count()).toBe(before);
  });

  it('an estimated consent date asks to be confirmed; the confirmed date replaces it and survives re-analysis', async () => {
    const now = new Date('2026-02-20T16:00:00Z');
    await analyzeAccount(handle.db, otherAccountId, now);
    const [est] = await stored(otherAccountId);
    expect([est!.startDate, est!.estimated, est!.status]).toEqual(['2026-02-04', true, 'running']);
    const view = await clocksForChild(handle.db, otherAccountId, otherChildId, now);
    expect(view.clocks[0]!.needsConfirmation).toBe(true);
    await confirmClockStart(handle.db, otherAccountId, est!.id, '2026-02-05', now);
    await analyzeAccount(handle.db, otherAccountId, now);
    const [confirmed] = await stored(otherAccountId);
    expect([confirmed!.id, confirmed!.startDate, confirmed!.dueDate, confirmed!.estimated]).toEqual([est!.id, '2026-02-05', '2026-04-06', false]);
    expect((await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, otherAccountId), eq(auditEvents.action, 'clock.event_entered')))).length).toBe(1);
  });

  it("each parent sees and changes only their own clocks", async () => {
    const now = new Date('2026-04-20T16:00:00Z');
    const mine = await clocksForChild(handle.db, accountId, childId, now);
    expect(mine.clocks.length).toBe(2);
    // The other family's child through this account: nothing.
    expect((await clocksForChild(handle.db, accountId, otherChildId, now)).clocks).toEqual([]);
    const [theirs] = await stored(otherAccountId);
    await expect(confirmClockStart(handle.db, accountId, theirs!.id, '2026-02-01', now)).rejects.toMatchObject({ code: 'not_found' });
    await expect(addClockEvent(handle.db, accountId, otherChildId, { type: 'consent', date: '2026-02-01' }, now)).rejects.toMatchObject({ code: 'not_found' });
    const [event] = await handle.db.select().from(clockEvents).where(eq(clockEvents.accountId, otherAccountId));
    await expect(removeClockEvent(handle.db, accountId, event!.id, now)).rejects.toMatchObject({ code: 'not_found' });
    expect((await stored(otherAccountId))[0]!.startDate).toBe('2026-02-05');
  });

  it('removing an entry (audited) recomputes the clock from the mail again', async () => {
    const now = new Date('2026-02-20T16:00:00Z');
    const [event] = await handle.db.select().from(clockEvents).where(eq(clockEvents.accountId, otherAccountId));
    await removeClockEvent(handle.db, otherAccountId, event!.id, now);
    const [back] = await stored(otherAccountId);
    expect([back!.startDate, back!.estimated]).toEqual(['2026-02-04', true]);
    expect((await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, otherAccountId), eq(auditEvents.action, 'clock.event_removed')))).length).toBe(1);
  });
});
