/**
 * The sentence judge against a local OpenAI-compatible endpoint over real HTTP. A verdict comes back only for
 * strict JSON whose evidence is quoted from the message; every other answer, a timeout, a 429, a 500, an
 * exhausted budget leaves the deterministic answer (no verdict) and logs a reason code, never message text.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmClient, retryAfterMs } from '../../src/llm/client.js';
import { createLogger } from '../../src/log/logger.js';
import { memoryLedger } from '../../src/llm/judge-ledger.js';
import { createSentenceJudge, sentenceJudgeFromEnv, type SentenceJudgeOptions } from '../../src/llm/sentence-judge.js';
import { FakeChatEndpoint, type ChatRequestBody } from './fake-chat-endpoint.js';
import { LOG_Q, moreQuestions, SPEECH_Q } from './judge-questions.js';

const fake = new FakeChatEndpoint();
let logs: Array<{ line: string; data?: Record<string, unknown> }> = [];

const judgeWith = (opts: Partial<SentenceJudgeOptions> = {}) =>
  createSentenceJudge({
    client: createLlmClient({ LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: undefined, LLM_MODEL: 'tiny' })!,
    model: 'tiny',
    host: '127.0.0.1',
    log: createLogger({ level: 'debug', sink: ({ level: _l, msg, ...data }) => void logs.push({ line: msg, data }) }),
    callTimeoutMs: 300,
    deadlineMs: 2_000,
    ...opts,
  });
const json = (o: unknown) => ({ content: JSON.stringify(o) });
const fallbackReasons = () => logs.filter((l) => l.line === 'sentence judge fallback').map((l) => l.data!.reason);
const userPrompt = (b: ChatRequestBody) => b.messages.find((m) => m.role === 'user')!.content;

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  logs = [];
});

describe('sentence judge: accepted answers', () => {
  it('turns a strict JSON answer with a verbatim quote into a verdict, evidence taken from the message', async () => {
    // The model folds the context's line break into a space: whitespace folding is the only leniency.
    fake.answer = () => json({ isRequest: true, kind: 'services', evidence: 'whether Maya is still getting her speech sessions on Tuesdays' });
    const report = await judgeWith().adjudicate([SPEECH_Q], memoryLedger(10));
    expect(report.verdicts).toEqual([
      { hash: SPEECH_Q.hash, task: 'request', isRequest: true, kind: 'services', evidence: 'whether Maya is still getting her\nspeech sessions on Tuesdays' },
    ]);
    expect(report.calls).toBe(1);
    const req = fake.requests[0]!;
    expect(req.body.model).toBe('tiny');
    expect(req.body.temperature).toBe(0);
    expect(req.body.response_format).toEqual({ type: 'json_object' });
    expect(req.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(req.body.messages[0]!.content).toMatch(/A promise of future action, even with a\s+date, is acknowledged, not answered/);
    expect(userPrompt(req.body)).toContain(SPEECH_Q.context);
    expect(req.headers.authorization).toBeUndefined(); // a local model such as Ollama needs no key
  });

  it('answers a reply question; the request under discussion is in the prompt', async () => {
    fake.answer = () => json({ act: 'answered', evidence: 'I have attached the service log for January.' });
    const report = await judgeWith().adjudicate([LOG_Q], memoryLedger(10));
    expect(report.verdicts).toEqual([{ hash: LOG_Q.hash, task: 'reply', act: 'answered', evidence: 'I have attached the service log for January.' }]);
    expect(userPrompt(fake.requests[0]!.body)).toContain('Please send me the speech service log for January.');
    expect(userPrompt(fake.requests[0]!.body)).toContain('kind `records`');
  });

  it('sends the API key as a bearer token when one is configured', async () => {
    fake.answer = () => json({ act: 'none', evidence: 'Let me know if anything is missing.' });
    const judge = sentenceJudgeFromEnv({ LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: 'sk-test', LLM_MODEL: 'hosted' })!;
    expect(judge.host).toBe(new URL(fake.baseUrl).host);
    const report = await judge.adjudicate([LOG_Q], memoryLedger(10));
    expect(report.verdicts[0]).toMatchObject({ task: 'reply', act: 'none' });
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-test');
    expect(fake.requests[0]!.body.model).toBe('hosted');
  });

  it('asks at most `concurrency` questions at once, each question once', async () => {
    fake.answer = (b) => ({ content: JSON.stringify({ isRequest: true, kind: 'information', evidence: /Could we talk about item \d+/.exec(userPrompt(b))![0] }), delayMs: 40 });
    const qs = moreQuestions(7);
    const report = await judgeWith({ concurrency: 2 }).adjudicate([...qs, qs[0]!], memoryLedger(50));
    expect(report.verdicts.map((v) => v.hash)).toEqual(qs.map((q) => q.hash));
    expect(fake.requests.length).toBe(7);
    expect(fake.maxInFlight).toBe(2);
  });
});

describe('sentence judge: every other answer falls back to the deterministic one', () => {
  const cases: Array<[string, () => ReturnType<FakeChatEndpoint['answer']>, string]> = [
    ['malformed JSON', () => ({ content: '{"isRequest": true, "kind": "services", "evidence": "whether Maya' }), 'not_json'],
    ['JSON with prose around it', () => ({ content: 'Sure! Here is my answer:\n{"isRequest": true, "kind": "services", "evidence": "speech sessions on Tuesdays"}' }), 'not_json'],
    ['JSON in a code fence', () => ({ content: '```json\n{"isRequest": true, "kind": "services", "evidence": "speech sessions on Tuesdays"}\n```' }), 'not_json'],
    ['a made-up quote', () => json({ isRequest: true, kind: 'services', evidence: 'Maya has missed her speech sessions' }), 'evidence_not_found'],
    ['a quote with changed case', () => json({ isRequest: true, kind: 'services', evidence: 'Speech Sessions on Tuesdays' }), 'evidence_not_found'],
    ['an unknown kind', () => json({ isRequest: true, kind: 'therapy', evidence: 'speech sessions on Tuesdays' }), 'schema'],
    ['an extra field', () => json({ isRequest: true, kind: 'services', evidence: 'speech sessions on Tuesdays', confidence: 0.9 }), 'schema'],
    ['a kind on a non-request', () => json({ isRequest: false, kind: 'services', evidence: 'speech sessions on Tuesdays' }), 'schema'],
    ['a 500', () => ({ status: 500, error: { message: 'The server had an error while processing your request.', type: 'server_error', code: null } }), 'http_5xx'],
    ['a 401', () => ({ status: 401, error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } }), 'http_4xx'],
  ];
  it.each(cases)('%s: no verdict, reason logged', async (_, answer, reason) => {
    fake.answer = answer;
    const report = await judgeWith().adjudicate([SPEECH_Q], memoryLedger(10));
    expect(report.verdicts).toEqual([]);
    expect(report.fallbacks).toEqual({ [reason]: 1 });
    expect(fallbackReasons()).toEqual([reason]);
    expect(fake.requests.length).toBe(1);
  });

  it('a slow answer past the call timeout: no verdict, and the analysis does not wait for it', async () => {
    fake.answer = () => ({ content: JSON.stringify({ isRequest: true, kind: 'services', evidence: 'speech sessions on Tuesdays' }), delayMs: 1_500 });
    const started = Date.now();
    const report = await judgeWith({ callTimeoutMs: 200 }).adjudicate([SPEECH_Q], memoryLedger(10));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.verdicts).toEqual([]);
    expect(report.fallbacks).toEqual({ timeout: 1 });
  });

  it('a network error (nothing listening): no verdict, reason logged', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const client = createLlmClient({ LLM_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_API_KEY: undefined, LLM_MODEL: 'tiny' })!;
    const report = await judgeWith({ client }).adjudicate([SPEECH_Q], memoryLedger(10));
    expect(report.verdicts).toEqual([]);
    expect(report.fallbacks).toEqual({ network: 1 });
  });

  it('the overall deadline stops the whole batch: questions not reached are not asked', async () => {
    fake.answer = () => ({ content: '{}', delayMs: 1_500 });
    const started = Date.now();
    const report = await judgeWith({ callTimeoutMs: 5_000, deadlineMs: 250, concurrency: 2 }).adjudicate(moreQuestions(6), memoryLedger(50));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.verdicts).toEqual([]);
    expect(fake.requests.length).toBe(2);
    expect(report.fallbacks).toEqual({ deadline: 6 });
  });

  it('a 429 with Retry-After: no verdict, and no call at all until the Retry-After has passed', async () => {
    let now = 1_000_000;
    const judge = judgeWith({ clock: () => now, concurrency: 1 });
    fake.answer = () => ({ status: 429, headers: { 'retry-after': '30' }, error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } });
    const first = await judge.adjudicate([SPEECH_Q, LOG_Q], memoryLedger(10));
    expect(first.verdicts).toEqual([]);
    expect(first.fallbacks).toEqual({ rate_limited: 2 });
    expect(fake.requests.length).toBe(1); // the second question was not sent after the 429

    fake.answer = () => json({ act: 'answered', evidence: 'I have attached the service log for January.' });
    now += 29_000;
    expect((await judge.adjudicate([LOG_Q], memoryLedger(10))).fallbacks).toEqual({ rate_limited: 1 });
    expect(fake.requests.length).toBe(1);
    now += 2_000;
    expect((await judge.adjudicate([LOG_Q], memoryLedger(10))).verdicts).toHaveLength(1);
    expect(fake.requests.length).toBe(2);
  });

  it('logs reason codes and hashes, never the message text', async () => {
    fake.answer = () => json({ isRequest: true, kind: 'services', evidence: 'a quote the message does not hold' });
    await judgeWith().adjudicate([SPEECH_Q, LOG_Q], memoryLedger(10));
    const logged = JSON.stringify(logs);
    expect(fallbackReasons().sort()).toEqual(['evidence_not_found', 'schema']); // the reply question got request-shaped JSON
    for (const text of ['Maya', 'speech', 'service log', 'a quote the message']) expect(logged).not.toContain(text);
  });

  it('a remembered rejection is not asked again of the same model, but is of another', async () => {
    const ledger = memoryLedger(10);
    fake.answer = () => ({ content: 'not json' });
    await judgeWith().adjudicate([SPEECH_Q], ledger);
    expect((await judgeWith().adjudicate([SPEECH_Q], ledger)).fallbacks).toEqual({ remembered_rejection: 1 });
    expect(fake.requests.length).toBe(1);
    fake.answer = () => json({ isRequest: false, kind: null, evidence: 'She mentioned she missed two.' });
    const other = await judgeWith({ model: 'bigger' }).adjudicate([SPEECH_Q], ledger);
    expect(other.verdicts).toEqual([{ hash: SPEECH_Q.hash, task: 'request', isRequest: false, kind: null, evidence: 'She mentioned she missed two.' }]);
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates (RFC 9110 §10.2.3); anything else is absent', () => {
    const now = Date.parse('2026-02-12T18:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 12 Feb 2026 18:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('Thu, 12 Feb 2026 17:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('a 429 without Retry-After pauses the judge for the default time', async () => {
    let now = 5_000_000;
    const judge = judgeWith({ clock: () => now, defaultRetryAfterMs: 10_000 });
    fake.answer = () => ({ status: 429, error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } });
    expect((await judge.adjudicate([SPEECH_Q], memoryLedger(10))).fallbacks).toEqual({ rate_limited: 1 });
    now += 9_000;
    await judge.adjudicate([SPEECH_Q], memoryLedger(10));
    expect(fake.requests.length).toBe(1);
    now += 2_000;
    await judge.adjudicate([SPEECH_Q], memoryLedger(10));
    expect(fake.requests.length).toBe(2);
  });
});
