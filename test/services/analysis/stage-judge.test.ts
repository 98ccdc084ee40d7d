/**
 * The analysis stage after a sync with the sentence judge wired in: a sentence the rules are unsure about
 * (a bare "please") goes to the configured model (a real HTTP fake of an OpenAI-compatible endpoint) and its
 * verdict decides; with no model configured the deterministic answer stands and nothing is called.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schoolMatcher } from '../../../src/core/school.js';
import { requests } from '../../../src/db/schema.js';
import { createLlmClient } from '../../../src/llm/client.js';
import { createSentenceJudge } from '../../../src/llm/sentence-judge.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../../src/services/accounts/accounts.js';
import { reanalyzeChildren } from '../../../src/services/analysis/stage.js';
import { importArchive } from '../../../src/services/mailbox/import-archive.js';
import { createTestDb } from '../../helpers/db.js';
import { FakeChatEndpoint } from '../../llm/fake-chat-endpoint.js';

const PARENT = 'kim.ortiz@family.test';
const WEAK = 'The speech logs from October would help me a lot, please and thank you.';
const eml = (from: string, id: string, date: string, body: string) =>
  [`From: Kim Ortiz <${from}>`, 'To: Ms. Reyes <reyes@district.k12.ca.us>', 'Subject: Speech', `Date: ${date}`, `Message-ID: <${id}@family.test>`, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join('\r\n');

const fake = new FakeChatEndpoint();
let handle: Awaited<ReturnType<typeof createTestDb>>;
let dir: string;

beforeAll(async () => {
  await fake.start();
  handle = await createTestDb();
  dir = mkdtempSync(join(tmpdir(), 'ft-stage-judge-'));
});
afterAll(async () => {
  await fake.stop();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

async function setUp(email: string) {
  const box = join(dir, email);
  mkdirSync(box);
  writeFileSync(join(box, '001.eml'), eml(email, email.split('@')[0]!, 'Mon, 02 Mar 2026 09:00:00 -0800', `Ms. Reyes,\n\nCould we schedule an IEP meeting next week?\n\n${WEAK}\n\nKim`));
  const account = await ensureAccount(handle.db, email, 'Kim Ortiz');
  const child = await ensureChild(handle.db, account.id, { name: 'Leo', state: 'CA', timezone: 'America/Los_Angeles' });
  await addSchoolContacts(handle.db, account.id, child.id, ['district.k12.ca.us']);
  await importArchive(handle.db, { accountId: account.id, childId: child.id, parentAddresses: new Set([email]), school: schoolMatcher(['district.k12.ca.us']) }, box);
  return { accountId: account.id, childId: child.id };
}
const storedEvidence = async (accountId: string) => (await handle.db.select().from(requests).where(eq(requests.accountId, accountId))).map((r) => r.evidence).sort();

describe('analysis stage with the sentence judge', () => {
  it('without a model the deterministic answer stands and nothing is called', async () => {
    const { accountId, childId } = await setUp(PARENT);
    await reanalyzeChildren(handle.db, accountId, [childId], new Date('2026-03-04T12:00:00Z'));
    expect(await storedEvidence(accountId)).toEqual(['Could we schedule an IEP meeting next week?', WEAK].sort());
    expect(fake.requests).toHaveLength(0);
  });

  it('with a model configured, its verdict on the uncertain sentence decides', async () => {
    const { accountId, childId } = await setUp('kim.second@family.test');
    fake.answer = () => ({ content: JSON.stringify({ isRequest: false, kind: null, evidence: 'please and thank you' }) });
    const judge = createSentenceJudge({ client: createLlmClient({ LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: undefined, LLM_MODEL: 'tiny' })!, model: 'tiny', host: '127.0.0.1', callTimeoutMs: 2_000 });
    await reanalyzeChildren(handle.db, accountId, [childId], new Date('2026-03-04T12:00:00Z'), undefined, { judge, dailyCalls: 10 });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.messages.map((m) => m.content).join('\n')).toContain(WEAK);
    expect(await storedEvidence(accountId)).toEqual(['Could we schedule an IEP meeting next week?']);
    // The stored request says why we think it is one.
    const [row] = await handle.db.select().from(requests).where(eq(requests.accountId, accountId));
    expect(row!.reason).toEqual({ act: 'question', head: 'schedule an IEP meeting next week', rule: 'question / meeting-verb' });
  });
});
