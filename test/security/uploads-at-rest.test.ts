import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, children, messages } from '../../src/db/schema.js';
import { sweepUploads } from '../../src/services/onboarding/upload-store.js';
import { testApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { mail, mbox } from '../helpers/mail.js';
import { Client } from '../http/client.js';

// Uploaded mailboxes stayed on disk for good, in plaintext, mode 0644, non-school mail included.
describe('uploaded mailboxes at rest', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let uploadDir: string;
  beforeAll(async () => {
    handle = await createTestDb('pglite');
    uploadDir = mkdtempSync(join(tmpdir(), 'ft-uploads-sec-'));
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  it('is encrypted, private to this user while it waits, and gone once imported', async () => {
    const app = testApp({ db: handle.db, uploadDir });
    const c = new Client(app);
    await c.page('/signup');
    await c.post('/signup', { email: 'upload-owner@example.com', password: 'a long enough password', name: 'Pat' });
    await c.page('/app');
    await c.post('/children', { name: 'Robin', state: 'CA', timezone: 'America/Los_Angeles' });
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.email, 'upload-owner@example.com'));
    const [child] = await handle.db.select().from(children).where(eq(children.accountId, acct!.id));
    const archive = mbox([
      mail({ messageId: '<a@family.test>', from: 'Pat <upload-owner@example.com>', to: 'Ms. Ortega <mortega@lincoln.k12.test>', subject: 'Speech sessions', body: 'Could you tell me when the missed speech sessions will be made up?\n' }),
      mail({ messageId: '<b@bank.test>', from: 'Bank <alerts@bank.test>', to: 'upload-owner@example.com', subject: 'Your statement', body: 'Private banking details.\n' }),
    ]);
    await c.page(`/children/${child!.id}/setup/mailbox`);
    const res = await c.upload(`/children/${child!.id}/setup/mailbox`, {}, { field: 'file', name: 'takeout.mbox', bytes: archive });
    expect(res.status).toBe(303);
    const dir = join(uploadDir, acct!.id);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const stored = readFileSync(join(dir, files[0]!));
    expect(stored.includes(Buffer.from('Private banking details'))).toBe(false);
    expect(stored.includes(Buffer.from('Subject:'))).toBe(false);
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);

    const confirm = res.headers.get('location')!;
    const page = await c.page(confirm);
    expect(page.html).toContain('lincoln.k12.test');
    const imported = await c.post(`${confirm}/import`, { school: 'lincoln.k12.test', mine: 'upload-owner@example.com' });
    expect(imported.status).toBe(303);
    // The import runs in the background: its progress page answers at once; wait for it to finish.
    const progress = imported.headers.get('location')!;
    expect(progress).toMatch(/\/imports\//);
    for (let i = 0; i < 100; i++) {
      const state = (await (await c.req(`${progress}/progress`)).json()) as { status: string };
      if (state.status === 'done') break;
      expect(state.status).not.toBe('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await c.page(progress)).html).toContain('Imported 1 school messages of 2.');
    expect((await handle.db.select().from(messages).where(eq(messages.accountId, acct!.id))).map((m) => m.messageId)).toEqual(['<a@family.test>']);
    expect(readdirSync(dir)).toEqual([]);
    // No decrypted copy is left behind either.
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('ft-upload-')).filter((n) => statSync(join(tmpdir(), n)).mtimeMs > Date.now() - 60_000)).toEqual([]);
  });

  it('the retention sweep removes uploads older than a day and leaves newer ones', async () => {
    const dir = join(uploadDir, 'some-account');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'old.mbox.enc'), 'x');
    writeFileSync(join(dir, 'new.mbox.enc'), 'x');
    const twoDaysAgo = (Date.now() - 2 * 86_400_000) / 1000;
    utimesSync(join(dir, 'old.mbox.enc'), twoDaysAgo, twoDaysAgo);
    expect(await sweepUploads(uploadDir, new Date())).toBeGreaterThanOrEqual(1);
    expect(readdirSync(dir)).toEqual(['new.mbox.enc']);
  });
});
