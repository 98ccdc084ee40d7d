/**
 * The judge's Postgres ledger with the real HTTP fake: a per-account daily budget on the account's local day
 * (no call once it is spent), a cache by question hash (no second call), no message text stored, and the
 * two-pass wiring over the contract, including the default with LLM_* unset (no call, no network).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SentenceQuestion, SentenceVerdict } from '../../../src/core/language/adjudication.js';
import { parseEnv } from '../../../src/config/env.js';
import { accounts, llmCallBudget, sentenceJudgements } from '../../../src/db/schema.js';
import { createLlmClient } from '../../../src/llm/client.js';
import { createLogger } from '../../../src/log/logger.js';
import { createSentenceJudge, sentenceJudgeFromEnv } from '../../../src/llm/sentence-judge.js';
import { runWithSentenceJudge } from '../../../src/services/analysis/sentence-adjudication.js';
import { judgeCallsToday, postgresJudgeLedger } from '../../../src/services/analysis/sentence-judge-ledger.js';
import { createTestDb } from '../../helpers/db.js';
import { FakeChatEndpoint } from '../../llm/fake-chat-endpoint.js';
import { LOG_Q, moreQuestions, SPEECH_Q } from '../../llm/judge-questions.js';

const fake = new FakeChatEndpoint();
let handle: Awaited<ReturnType<typeof createTestDb>>;
const TZ = 'America/Los_Angeles';

const judge = () =>
  createSentenceJudge({
    client: createLlmClient({ LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: undefined, LLM_MODEL: 'tiny' })!,
    model: 'tiny',
    host: '127.0.0.1',
    callTimeoutMs: 1_000,
  });
const newAccount = async (email: string) => (await handle.db.insert(accounts).values({ email, timezone: TZ }).returning())[0]!;
const ledgerFor = (accountId: string, now: Date, dailyCalls = 200) => postgresJudgeLedger(handle.db, { accountId, timezone: TZ, now, dailyCalls });
const speechAnswer = () => ({ content: JSON.stringify({ isRequest: true, kind: 'services', evidence: 'speech sessions on Tuesdays' }) });

beforeAll(async () => {
  await fake.start();
  handle = await createTestDb();
});
afterAll(async () => {
  await fake.stop();
  await handle?.close();
});
beforeEach(() => fake.reset());

describe('daily call budget', () => {
  it('once the day’s budget is spent no call is made; the next local day has a fresh budget', async () => {
    const a = await newAccount('budget@family.test');
    fake.answer = (b) => ({ content: JSON.stringify({ isRequest: true, kind: 'information', evidence: /Could we talk about item \d+/.exec(b.messages[1]!.content)![0] }) });
    // 07:30 UTC on Feb 12 is still Feb 11 in Los Angeles; 08:30 UTC is Feb 12 there.
    const lateFeb11 = new Date('2026-02-12T07:30:00Z');
    const report = await judge().adjudicate(moreQuestions(3), ledgerFor(a.id, lateFeb11, 2));
    expect(report.calls).toBe(2);
    expect(report.verdicts).toHaveLength(2);
    expect(report.fallbacks).toEqual({ budget_exhausted: 1 });
    expect(fake.requests.length).toBe(2);
    expect(await judgeCallsToday(handle.db, a.id, TZ, lateFeb11)).toBe(2);

    fake.reset();
    const spent = await judge().adjudicate(moreQuestions(5).slice(3), ledgerFor(a.id, new Date('2026-02-12T07:59:00Z'), 2));
    expect(spent.fallbacks).toEqual({ budget_exhausted: 2 });
    expect(fake.requests.length).toBe(0);

    const earlyFeb12 = new Date('2026-02-12T08:30:00Z');
    const fresh = await judge().adjudicate(moreQuestions(5).slice(3), ledgerFor(a.id, earlyFeb12, 2));
    expect(fresh.calls).toBe(2);
    expect(fake.requests.length).toBe(2);
    const days = await handle.db.select({ day: llmCallBudget.day, calls: llmCallBudget.calls }).from(llmCallBudget).where(eq(llmCallBudget.accountId, a.id));
    expect(days.sort((x, y) => x.day.localeCompare(y.day))).toEqual([
      { day: '2026-02-11', calls: 2 },
      { day: '2026-02-12', calls: 2 },
    ]);
  });

  it('instances taking from one budget at once never exceed it', async () => {
    const a = await newAccount('race@family.test');
    const now = new Date('2026-02-12T18:00:00Z');
    const takes = await Promise.all(Array.from({ length: 12 }, () => ledgerFor(a.id, now, 5).reserveCall()));
    expect(takes.filter(Boolean).length).toBe(5);
    expect(await judgeCallsToday(handle.db, a.id, TZ, now)).toBe(5);
  });

  it('each account has its own budget', async () => {
    const [a, b] = [await newAccount('own-a@family.test'), await newAccount('own-b@family.test')];
    const now = new Date('2026-02-12T18:00:00Z');
    expect(await ledgerFor(a.id, now, 1).reserveCall()).toBe(true);
    expect(await ledgerFor(a.id, now, 1).reserveCall()).toBe(false);
    expect(await ledgerFor(b.id, now, 1).reserveCall()).toBe(true);
  });
});

describe('verdict cache', () => {
  it('a re-analysis takes the verdict from the cache: no second call, the same verdict', async () => {
    const a = await newAccount('cache@family.test');
    const now = new Date('2026-02-12T18:00:00Z');
    fake.answer = speechAnswer;
    const first = await judge().adjudicate([SPEECH_Q], ledgerFor(a.id, now));
    expect(first.verdicts).toHaveLength(1);
    const again = await judge().adjudicate([SPEECH_Q], ledgerFor(a.id, now));
    expect(again).toMatchObject({ calls: 0, cached: 1, verdicts: first.verdicts });
    expect(fake.requests.length).toBe(1);
    expect(await judgeCallsToday(handle.db, a.id, TZ, now)).toBe(1);
  });

  it('stores decision fields and offsets only, no message text; another account does not see it', async () => {
    const [a, b] = [await newAccount('notext@family.test'), await newAccount('other@family.test')];
    const now = new Date('2026-02-12T18:00:00Z');
    fake.answer = () => ({ content: JSON.stringify({ act: 'answered', evidence: 'I have attached the service log for January.' }) });
    await judge().adjudicate([LOG_Q], ledgerFor(a.id, now));
    const rows = await handle.db.select().from(sentenceJudgements).where(eq(sentenceJudgements.accountId, a.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ questionHash: LOG_Q.hash, task: 'reply', outcome: 'verdict', act: 'answered', model: 'tiny', evidenceStart: 8, evidenceEnd: 52 });
    const stored = JSON.stringify(rows);
    for (const text of ['attached', 'service log', 'January', 'Hello']) expect(stored).not.toContain(text);
    expect((await ledgerFor(b.id, now).lookup([LOG_Q.hash])).size).toBe(0);
    await judge().adjudicate([LOG_Q], ledgerFor(b.id, now));
    expect(fake.requests.length).toBe(2);
  });
});

describe('two-pass wiring over the contract', () => {
  /** A stand-in for the deterministic analysis: pass 1 reports questions; pass 2 applies the verdicts. */
  const analysis = (questions: SentenceQuestion[]) => {
    const passes: SentenceVerdict[][] = [];
    const pass = (verdicts: SentenceVerdict[]) => {
      passes.push(verdicts);
      const byHash = new Map(verdicts.map((v) => [v.hash, v]));
      return {
        questions: verdicts.length ? [] : questions,
        decisions: questions.map((q) => (q.task === 'request' ? ((byHash.get(q.hash) as { isRequest?: boolean } | undefined)?.isRequest ?? q.deterministic.isRequest) : null)),
      };
    };
    return { pass, passes };
  };

  it('asks the judge about pass 1’s questions and runs pass 2 with the verdicts', async () => {
    const a = await newAccount('wired@family.test');
    fake.answer = speechAnswer;
    const { pass, passes } = analysis([SPEECH_Q]);
    const run = await runWithSentenceJudge(pass, (r) => r.questions, { db: handle.db, accountId: a.id, timezone: TZ, now: new Date(), optedIn: true, wiring: { judge: judge(), dailyCalls: 200 } });
    expect(passes.map((v) => v.length)).toEqual([0, 1]);
    expect(run.result.decisions).toEqual([true]); // the deterministic pass said "not a request"
    expect(run.report).toMatchObject({ calls: 1, verdicts: [{ hash: SPEECH_Q.hash, kind: 'services' }] });
  });

  it('without the judge (the digest, a web request) the remembered verdicts apply, with no call', async () => {
    const a = await newAccount('cache-only@family.test');
    fake.answer = speechAnswer;
    const ctx = { db: handle.db, accountId: a.id, timezone: TZ, now: new Date(), optedIn: true };
    const before = analysis([SPEECH_Q, LOG_Q]);
    expect((await runWithSentenceJudge(before.pass, (r) => r.questions, ctx)).verdicts).toBe(0); // nothing remembered yet
    await runWithSentenceJudge(analysis([SPEECH_Q]).pass, (r) => r.questions, { ...ctx, wiring: { judge: judge(), dailyCalls: 200 } });
    expect(fake.requests.length).toBe(1);
    const { pass, passes } = analysis([SPEECH_Q, LOG_Q]);
    const run = await runWithSentenceJudge(pass, (r) => r.questions, { ...ctx, wiring: { judge: null, dailyCalls: 200 } });
    expect(run).toMatchObject({ report: null, verdicts: 1, result: { decisions: [true, null] } });
    expect(passes.map((v) => v.map((x) => x.hash))).toEqual([[], [SPEECH_Q.hash]]);
    expect(fake.requests.length).toBe(1);
  });

  it('an account that opted out: pass 1 only, no call', async () => {
    const a = await newAccount('optout@family.test');
    fake.answer = speechAnswer;
    const { pass, passes } = analysis([SPEECH_Q]);
    const run = await runWithSentenceJudge(pass, (r) => r.questions, { db: handle.db, accountId: a.id, timezone: TZ, now: new Date(), optedIn: false, wiring: { judge: judge(), dailyCalls: 200 } });
    expect(passes).toHaveLength(1);
    expect(run).toMatchObject({ report: null, result: { decisions: [false] } });
    expect(fake.requests.length).toBe(0);
  });

  it('LLM_* unset: no judge, pass 1 only, no network at all', async () => {
    const env = parseEnv({});
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const judgeFromEnv = sentenceJudgeFromEnv(env);
      expect(judgeFromEnv).toBeNull();
      expect(sentenceJudgeFromEnv({ ...env, LLM_BASE_URL: fake.baseUrl })).toBeNull(); // a URL without a model is not a configuration
      const a = await newAccount('unset@family.test');
      const { pass, passes } = analysis([SPEECH_Q, LOG_Q]);
      const run = await runWithSentenceJudge(pass, (r) => r.questions, { db: handle.db, accountId: a.id, timezone: TZ, now: new Date(), optedIn: true, wiring: { judge: judgeFromEnv, dailyCalls: env.LLM_JUDGE_DAILY_CALLS } });
      expect(passes).toHaveLength(1);
      expect(run.report).toBeNull();
      expect(spy).not.toHaveBeenCalled();
      expect(fake.requests.length).toBe(0);
      expect(await handle.db.select().from(sentenceJudgements).where(eq(sentenceJudgements.accountId, a.id))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('a ledger that fails keeps pass 1’s answer and says why', async () => {
    const lines: unknown[] = [];
    const { pass, passes } = analysis([SPEECH_Q]);
    // An account id that does not exist: the budget insert violates the foreign key.
    const run = await runWithSentenceJudge(pass, (r) => r.questions, {
      db: handle.db,
      accountId: '00000000-0000-4000-8000-000000000000',
      timezone: TZ,
      now: new Date(),
      optedIn: true,
      wiring: { judge: judge(), dailyCalls: 200, log: createLogger({ sink: ({ level: _l, msg, ...data }) => void lines.push({ line: msg, data }) }) },
    });
    expect(passes).toHaveLength(1);
    expect(run.report).toBeNull();
    expect(lines).toEqual([{ line: 'sentence judge fallback', data: expect.objectContaining({ reason: 'ledger_error' }) }]);
    expect(fake.requests.length).toBe(0);
  });

  it('the default daily budget is 200 calls', () => {
    expect(parseEnv({}).LLM_JUDGE_DAILY_CALLS).toBe(200);
    expect(parseEnv({ LLM_JUDGE_DAILY_CALLS: '0' }).LLM_JUDGE_DAILY_CALLS).toBe(0);
  });
});
