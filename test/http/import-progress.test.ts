import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, children } from '../../src/db/schema.js';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { mail, mbox } from '../helpers/mail.js';
import { Client } from './client.js';

describe('importing a mailbox file, as a parent sees it', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let uploadDir: string;
  beforeAll(async () => {
    handle = await createTestDb('pglite');
    uploadDir = mkdtempSync(join(tmpdir(), 'ft-import-http-'));
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  async function parent(app: ReturnType<typeof testApp>, email: string) {
    const c = new Client(app);
    await c.page('/signup');
    await c.post('/signup', { email, password: 'a long enough password', name: 'Pat' });
    await c.page('/app');
    await c.post('/children', { name: 'Robin', state: 'CA', timezone: 'America/Los_Angeles' });
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.email, email));
    const [child] = await handle.db.select().from(children).where(eq(children.accountId, acct!.id));
    return { c, childId: child!.id };
  }

  it('guides the export with numbered steps, names an empty file, and shows the import progress without JavaScript', async () => {
    const app = testApp({ db: handle.db, uploadDir });
    const { c, childId } = await parent(app, 'progress@example.com');
    const page = await c.page(`/children/${childId}/setup/mailbox`);
    expect(page.html).toContain('takeout.google.com');
    expect(page.html).toContain('Deselect all');
    expect(page.html).toMatch(/<ol>\s*<li>/);
    expect(page.html).toContain('Save as');

    const empty = await c.upload(`/children/${childId}/setup/mailbox`, {}, { field: 'file', name: 'takeout.mbox', bytes: new Uint8Array(0) });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('The file takeout.mbox is empty (0 bytes)');
    expect(emptyHtml).not.toContain('Please choose a mailbox file');

    const archive = mbox([
      mail({ messageId: '<q@family.test>', from: 'Pat <progress@example.com>', to: 'mortega@lincoln.k12.test', subject: 'Records', body: 'Please send me a copy of his records.\n' }),
      mail({ messageId: '<s@shop.test>', from: 'deals@shop.test', to: 'progress@example.com', subject: 'Sale', body: 'Sale.\n' }),
    ]);
    const up = await c.upload(`/children/${childId}/setup/mailbox`, {}, { field: 'file', name: 'takeout.mbox', bytes: archive });
    const confirm = up.headers.get('location')!;
    await c.page(confirm);
    const started = await c.post(`${confirm}/import`, { school: 'lincoln.k12.test' });
    expect(started.status).toBe(303);
    const progress = started.headers.get('location')!;
    // A double click posts again: the same job, not a second import.
    const twice = await c.post(`${confirm}/import`, { school: 'lincoln.k12.test' });
    expect(twice.status).toBe(303);
    expect(twice.headers.get('location')).toBe(progress);

    let state = { status: 'queued' } as { status: string; messagesSeen: number; schoolKept: number; percent: number | null };
    for (let i = 0; i < 100 && state.status !== 'done'; i++) {
      state = (await (await c.req(`${progress}/progress`)).json()) as typeof state;
      if (state.status !== 'done') await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toMatchObject({ status: 'done', messagesSeen: 2, schoolKept: 1, percent: 100 });
    // And pressed once more after it finished (the upload is gone): still the same job's page.
    const late = await c.post(`${confirm}/import`, { school: 'lincoln.k12.test' });
    expect(late.headers.get('location')).toBe(progress);
    const done = await c.page(progress);
    expect(done.html).toContain('Import finished');
    expect(done.html).toContain('Imported 1 school messages of 2.');
    expect(done.html).toContain(`href="/children/${childId}"`);

    // Another parent cannot see this import.
    const other = await parent(app, 'someone-else@example.com');
    expect((await other.c.req(progress)).status).toBe(404);
    expect((await other.c.req(`${progress}/progress`)).status).toBe(404);
  });
});
