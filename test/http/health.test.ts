import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { claimRun, finishRun } from '../../src/jobs/record-run.js';
import { createTestDb } from '../helpers/db.js';
import type { DbHandle } from '../../src/db/client.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.close();
});

describe('GET /healthz', () => {
  it('reports the database and each job’s last success', async () => {
    const app = testApp({ db: handle.db });
    const empty = await (await app.request('/healthz')).json();
    expect(empty).toMatchObject({ ok: true, runtime: 'node', db: { ok: true }, jobs: {} });

    const run = await claimRun(handle.db, 'sync', '2026-01-01T00:00');
    expect(run).not.toBeNull();
    expect(await claimRun(handle.db, 'sync', '2026-01-01T00:00')).toBeNull(); // a repeated trigger claims nothing
    await finishRun(handle.db, run!.id, { counts: { connections: 0 } });
    const body = (await (await app.request('/healthz')).json()) as { jobs: Record<string, string> };
    expect(Object.keys(body.jobs)).toEqual(['sync']);
  });

  it('serves the first-run page with the not-legal-advice note', async () => {
    const app = testApp({ db: handle.db });
    const html = await (await app.request('/')).text();
    expect(html).toContain('This is not legal advice.');
  });
});
