/** One error model: HTML error pages for the app, JSON only under /api, a request id on every response and log line. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { LogEntry } from '../../src/log/logger.js';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { Client } from './client.js';

let handle: Awaited<ReturnType<typeof createTestDb>>;
const logs: LogEntry[] = [];
let app: ReturnType<typeof testApp>;
let parent: Client;
beforeAll(async () => {
  handle = await createTestDb();
  app = testApp({ db: handle.db, log: (e) => void logs.push(e) });
  app.get('/boom', () => {
    throw new Error('secret detail that must not reach the page');
  });
  app.get('/api/boom', () => {
    throw new AppError('not_configured', 'Sending is not set up on this deployment.');
  });
  parent = new Client(app);
  await parent.page('/signup');
  await parent.post('/signup', { email: 'errors@example.com', password: 'a long enough password', name: 'Pat' });
});
afterAll(async () => {
  await handle?.close();
});

describe('errors over HTTP', () => {
  it('an unknown page is an HTML 404 with the request id, and /api answers JSON', async () => {
    const page = await parent.req('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const id = page.headers.get('x-request-id');
    expect(id).toBeTruthy();
    expect(await page.text()).toContain(`Reference: ${id}`);

    const api = await parent.req('/api/no-such-thing');
    expect(api.status).toBe(404);
    const body = (await api.json()) as { error: string; requestId: string };
    expect(body.error).toBe('not_found');
    expect(body.requestId).toBe(api.headers.get('x-request-id'));
  });

  it('an unexpected error is a 500 page without its detail, logged with the request id', async () => {
    const res = await parent.req('/boom');
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).not.toContain('secret detail');
    const line = logs.find((l) => l.msg === 'unhandled');
    expect(line?.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('an AppError maps its code to the status; under /api the body is JSON', async () => {
    const res = await parent.req('/api/boom');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'not_configured', message: 'Sending is not set up on this deployment.' });
  });

  it('log lines written by a route during a request carry that request id', async () => {
    const c = new Client(app);
    await c.page('/signup');
    const res = await c.post('/signup', { email: 'request-id@example.com', password: 'a long enough password', name: 'Pat' });
    const created = logs.find((l) => l.msg === 'account created' && l['accountId'] && l.requestId === res.headers.get('x-request-id'));
    expect(created).toBeDefined();
    expect(created!.requestId).toBe(res.headers.get('x-request-id'));
  });
});
