import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolMatcher } from '../../../src/core/school.js';
import { auditEvents, children, drafts, requests } from '../../../src/db/schema.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../../src/services/accounts/accounts.js';
import { analyzeAccount } from '../../../src/services/analysis/analyze-account.js';
import { renewalsAmong } from '../../../src/services/analysis/renewals.js';
import { draftFollowUps } from '../../../src/services/drafts/followups.js';
import { importArchive } from '../../../src/services/mailbox/import-archive.js';
import { createTestDb, DRIVERS } from '../../helpers/db.js';
import { distArgs } from '../../helpers/dist.js';

const BOX = new URL('../../fixtures/corpus/ca-records-renewed/', import.meta.url).pathname;
const CASE = JSON.parse(readFileSync(`${BOX}case.json`, 'utf8')) as { parent: string[]; school: string[]; state: string; now: string; child: string; parentName: string };

type CliRequest = { kind: string; status: string; dueDate: string; evidence: string };
let cliRequests: CliRequest[] | undefined;
/** What `npm run analyze` (node dist/analyze.js) reports for the case: it reads no database, so one run for every driver. */
function analyzeCommand(): CliRequest[] {
  cliRequests ??= (
    JSON.parse(
      execFileSync(process.execPath, [...distArgs('analyze'), '--mail', `${BOX}mail`, '--parent', CASE.parent.join(','), '--school', CASE.school.join(','), '--state', CASE.state, '--now', CASE.now], { encoding: 'utf8' }),
    ) as { requests: CliRequest[] }
  ).requests;
  return cliRequests;
}

describe.each(DRIVERS)('stored analysis on $driver', ({ driver, skip }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let accountId: string;
  beforeAll(async () => {
    handle = await createTestDb(driver);
    const account = await ensureAccount(handle.db, CASE.parent[0]!, CASE.parentName);
    accountId = account.id;
    const child = await ensureChild(handle.db, account.id, { name: CASE.child, state: CASE.state, timezone: 'America/Los_Angeles' });
    await addSchoolContacts(handle.db, account.id, child.id, CASE.school);
    await importArchive(handle.db, { accountId, childId: child.id, parentAddresses: new Set(CASE.parent), school: schoolMatcher(CASE.school) }, `${BOX}mail`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('stores the same requests the analyze command reports', async () => {
    await analyzeAccount(handle.db, accountId, new Date(CASE.now));
    const stored = await handle.db.select().from(requests).where(eq(requests.accountId, accountId));
    const simplify = (r: CliRequest) => `${r.kind}|${r.status}|${r.dueDate}|${r.evidence}`;
    expect(stored.map(simplify).sort()).toEqual(analyzeCommand().map(simplify).sort());
    expect(stored.length).toBeGreaterThan(0);
  });

  it('records each status change once, and nothing when re-run unchanged', async () => {
    const count = async () => (await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, accountId), eq(auditEvents.subjectType, 'request')))).length;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    const again = await analyzeAccount(handle.db, accountId, new Date(CASE.now));
    expect(again.statusChanges).toBe(0);
    expect(await count()).toBe(before);
  });

  it('drafts one follow-up per overdue request, never twice', async () => {
    const first = await draftFollowUps(handle.db, accountId, new Date(CASE.now));
    const overdue = await handle.db.select().from(requests).where(and(eq(requests.accountId, accountId), eq(requests.status, 'overdue')));
    expect(overdue.length).toBeGreaterThan(0);
    expect(first.created).toBeGreaterThanOrEqual(overdue.length);
    const second = await draftFollowUps(handle.db, accountId, new Date(CASE.now));
    expect(second.created).toBe(0);
    const rows = await handle.db.select().from(drafts).where(eq(drafts.accountId, accountId));
    expect(rows.length).toBe(first.created);
    for (const o of overdue) expect(rows.filter((d) => d.requestId === o.id)).toHaveLength(1);
    const kid = await handle.db.select().from(children).where(eq(children.accountId, accountId));
    expect(rows.every((d) => d.body.includes(kid[0]!.name))).toBe(true);
  });

  it('skips a request the parent resolved', async () => {
    const later = new Date(Date.parse(CASE.now) + 30 * 86_400_000);
    await analyzeAccount(handle.db, accountId, later);
    const open = await handle.db.select().from(requests).where(and(eq(requests.accountId, accountId), eq(requests.status, 'overdue')));
    for (const r of open) await handle.db.update(requests).set({ overrides: { resolved: true } }).where(eq(requests.id, r.id));
    const run = await draftFollowUps(handle.db, accountId, later);
    expect(run.created).toBe(0);
  });
});

describe.each(DRIVERS)('parent overrides drive follow-ups on $driver', ({ driver, skip }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  it('a custom due date in the future holds the draft back; one in the past brings it', async () => {
    const handle = await createTestDb(driver);
    try {
      const account = await ensureAccount(handle.db, CASE.parent[0]!, CASE.parentName);
      const child = await ensureChild(handle.db, account.id, { name: CASE.child, state: CASE.state, timezone: 'America/Los_Angeles' });
      await addSchoolContacts(handle.db, account.id, child.id, CASE.school);
      await importArchive(handle.db, { accountId: account.id, childId: child.id, parentAddresses: new Set(CASE.parent), school: schoolMatcher(CASE.school) }, `${BOX}mail`);
      await analyzeAccount(handle.db, account.id, new Date(CASE.now));
      const [overdue] = await handle.db.select().from(requests).where(and(eq(requests.accountId, account.id), eq(requests.status, 'overdue')));
      expect(overdue).toBeDefined();
      await handle.db.update(requests).set({ overrides: { dueDate: '2026-12-31' } }).where(eq(requests.id, overdue!.id));
      await draftFollowUps(handle.db, account.id, new Date(CASE.now));
      expect(await handle.db.select().from(drafts).where(eq(drafts.requestId, overdue!.id))).toHaveLength(0);
      const [after] = await handle.db.select().from(requests).where(eq(requests.id, overdue!.id));
      expect(after!.status).not.toBe('overdue');

      // An awaiting request of its own: a repeated ask is the first request's history and is never chased itself.
      const all = await handle.db.select().from(requests).where(eq(requests.accountId, account.id));
      const renewed = (await renewalsAmong(handle.db, all, new Date(CASE.now), () => 'America/Los_Angeles')).primaryOf;
      const waiting = all.find((r) => r.status === 'awaiting' && !renewed.has(r.id));
      expect(waiting).toBeDefined();
      await handle.db.update(requests).set({ overrides: { dueDate: '2026-01-02' } }).where(eq(requests.id, waiting!.id));
      await draftFollowUps(handle.db, account.id, new Date(CASE.now));
      expect(await handle.db.select().from(drafts).where(eq(drafts.requestId, waiting!.id))).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });
});
