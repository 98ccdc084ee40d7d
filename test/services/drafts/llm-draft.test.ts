/**
 * The LLM drafter against a local OpenAI-compatible server: only a rewrite that keeps every fact and passes
 * the guardrails is used; a made-up date, a threat, a dropped provision quote, a timeout and a 500 all leave
 * the template draft in place.
 */
import { silentLogger } from '../../../src/log/logger.js';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftFollowUp, type DraftInput } from '../../../src/core/drafting.js';
import { checkDraft } from '../../../src/core/draft-rules.js';
import { auditEvents, drafts } from '../../../src/db/schema.js';
import { runTask } from '../../../src/jobs/tasks.js';
import { createLlmClient, LlmError, OpenAiCompatibleClient } from '../../../src/llm/client.js';
import { rewriteDraft } from '../../../src/services/drafts/llm-draft.js';
import { createTestDb } from '../../helpers/db.js';
import { seedFamily } from '../../jobs/family.js';
import { FakeOpenAi, type FakeMode } from '../../llm/fake-openai.js';

const FACTS: DraftInput = {
  request: {
    id: 'r1',
    kind: 'services',
    evidence: 'Can you please confirm when Maya will get her speech therapy sessions again?',
    sentAt: '2026-01-12T09:15:00-08:00',
    subject: 'Speech therapy sessions',
  },
  thread: { lastMessageId: '<m2@school.example>', references: ['<m1@family.example>', '<m2@school.example>'] },
  to: ['slp@district.example'],
  cc: [],
  childName: 'Maya',
  parentName: 'Jordan Lee',
  provision: { id: 'p3', type: 'service', text: 'Speech-language therapy: 30 minutes, 2 times per week, individual, in the therapy room.', section: 'SPECIAL EDUCATION SERVICES', page: 7 },
  rule: null,
  citeLaw: true,
  dueDate: '2026-01-20',
  respondBy: '2026-02-06',
  timezone: 'America/Los_Angeles',
  status: 'overdue',
};
const TEMPLATE = draftFollowUp(FACTS);

const fake = new FakeOpenAi();
let client: OpenAiCompatibleClient;
beforeAll(async () => {
  await fake.start();
  client = new OpenAiCompatibleClient({ baseUrl: fake.baseUrl, apiKey: 'sk-test', model: 'tiny-model', timeoutMs: 400 });
});
afterAll(async () => {
  await fake.stop();
});

describe('rewriteDraft guardrails', () => {
  it('uses a fluent rewrite that keeps every fact and passes every rule', async () => {
    fake.mode = 'good';
    const out = await rewriteDraft(client, TEMPLATE, FACTS);
    expect(out.source).toBe('llm');
    expect(out.draft.body).not.toBe(TEMPLATE.body);
    expect(out.draft.body).toContain('I am following up on my message of January 12, 2026');
    expect(checkDraft(out.draft, FACTS).every((r) => r.ok)).toBe(true);
    expect(out.draft.subject).toBe(TEMPLATE.subject); // only the body changes
    const req = fake.requests.at(-1)!;
    expect(req.authorization).toBe('Bearer sk-test');
    expect(req.body.model).toBe('tiny-model');
    expect(req.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(req.body.messages[1]!.content).toContain('Speech-language therapy: 30 minutes, 2 times per week');
  });

  it('accepts the same rewrite wrapped in a code fence', async () => {
    fake.mode = 'fenced';
    expect((await rewriteDraft(client, TEMPLATE, FACTS)).source).toBe('llm');
  });

  const rejected: Array<[FakeMode, RegExp]> = [
    ['made_up_date', /introduced a date: "March 2, 2026"/],
    ['threat', /tone.*lawyer/],
    ['drop_provision', /dropped or changed a fact: "Speech-language therapy/],
    ['slow', /did not answer within 400 ms/],
    ['error500', /LLM answered 500/],
    ['bad_shape', /unexpected LLM response/],
  ];
  it.each(rejected)('keeps the template when the model answers %s', async (mode, reason) => {
    fake.mode = mode;
    const started = Date.now();
    const out = await rewriteDraft(client, TEMPLATE, FACTS);
    expect(out.source).toBe('template');
    expect(out.draft).toEqual(TEMPLATE);
    expect(out.source === 'template' ? out.reason : '').toMatch(reason);
    if (mode === 'slow') expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('the client parses responses with zod and reports failures as LlmError', async () => {
    fake.mode = 'error500';
    await expect(client.complete([{ role: 'user', content: 'x' }])).rejects.toBeInstanceOf(LlmError);
    expect(createLlmClient({ LLM_BASE_URL: undefined, LLM_API_KEY: undefined, LLM_MODEL: undefined })).toBeNull();
    expect(createLlmClient({ LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: undefined, LLM_MODEL: 'm' })).not.toBeNull();
  });
});

describe('the drafts job with the LLM drafter', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => {
    await handle?.close();
  });

  const run = async (email: string, mode: FakeMode, llmDrafting: boolean) => {
    fake.mode = mode;
    const fam = await seedFamily(handle.db, { email, timezone: 'America/Los_Angeles', settings: { llmDrafting } });
    const now = new Date('2026-02-12T15:05:00Z');
    const deps = { db: handle.db, clock: () => now, instance: 't', log: silentLogger, appUrl: 'https://app.test', llm: client, deliverers: [] };
    expect(await runTask({ job: 'drafts', accountKey: fam.account.id, period: '2026-02-12' }, deps)).toBe('done');
    return handle.db.select().from(drafts).where(eq(drafts.accountId, fam.account.id));
  };

  it('stores the rewrite of a new draft when the account opted in and the answer is good', async () => {
    const rows = await run('llm-good@family.test', 'good', true);
    expect(rows.length).toBeGreaterThan(0);
    // The rewrite was checked against the facts the template was written from, stored with the draft.
    for (const d of rows) expect(d.facts).toMatchObject({ request: { id: d.requestId ?? '' }, to: d.toAddresses, thread: { lastMessageId: d.inReplyTo } });
    expect(rows.every((d) => d.source === 'llm')).toBe(true);
    expect(rows.some((d) => d.body.includes('I am following up on my message of'))).toBe(true);
  });

  it('keeps the template draft when the answer fails a guardrail, and records why (no letter text)', async () => {
    const rows = await run('llm-threat@family.test', 'threat', true);
    expect(rows.every((d) => d.source === 'template' && !/lawyer/.test(d.body))).toBe(true);
    const events = await handle.db.select().from(auditEvents).where(and(eq(auditEvents.accountId, rows[0]!.accountId), eq(auditEvents.action, 'draft.llm_rejected')));
    expect(events.length).toBe(rows.length);
    expect(JSON.stringify(events.map((e) => e.data))).not.toMatch(/lawyer/);
  });

  it('does not call the model for an account that has not opted in', async () => {
    const before = fake.requests.length;
    const rows = await run('llm-off@family.test', 'good', false);
    expect(rows.every((d) => d.source === 'template')).toBe(true);
    expect(fake.requests.length).toBe(before);
  });
});
