/**
 * Hostile uploads against the upload routes of one running app: random bytes, a truncated zip, a zip bomb,
 * a PDF stream bomb, nested multipart and a message with 10,000 recipients. After each the server still
 * answers and nothing answers 5xx. Memory: on PostgreSQL (as in production) the whole process's peak RSS stays
 * under 500 MB; on the embedded PGlite, whose own heap is several hundred MB inside this process, the
 * growth above the idle server is held to the same 500 MB less the server's own idle size.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, children } from '../../src/db/schema.js';
import { testApp } from '../helpers/app.js';
import { createTestDb, TEST_DATABASE_URL } from '../helpers/db.js';
import { mail } from '../helpers/mail.js';
import { Client } from '../http/client.js';
import { docxBomb, pdfBomb } from '../documents/bombs.js';

describe('upload routes under hostile files', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let uploadDir: string;
  let app: ReturnType<typeof testApp>;
  let c: Client;
  let childId: string;
  let peak = 0;
  let baseline = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
  const timer = setInterval(sample, 20);

  beforeAll(async () => {
    handle = await createTestDb(TEST_DATABASE_URL ? 'postgres' : 'pglite');
    uploadDir = mkdtempSync(join(tmpdir(), 'ft-fuzz-'));
    app = testApp({ db: handle.db, uploadDir });
    c = new Client(app);
    await c.page('/signup');
    await c.post('/signup', { email: 'fuzz@example.com', password: 'a long enough password', name: 'Pat' });
    await c.page('/app');
    await c.post('/children', { name: 'Robin', state: 'CA', timezone: 'America/Los_Angeles' });
    const [acct] = await handle.db.select().from(accounts).where(eq(accounts.email, 'fuzz@example.com'));
    childId = (await handle.db.select().from(children).where(eq(children.accountId, acct!.id)))[0]!.id;
    await c.page(`/children/${childId}/setup/iep`);
    baseline = process.memoryUsage.rss();
    peak = baseline;
  });
  afterAll(async () => {
    clearInterval(timer);
    await handle?.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  const alive = async () => expect((await app.request('/healthz')).status).toBe(200);
  const recipients = Array.from({ length: 10_000 }, (_, i) => `person${i}@lincoln.k12.test`);
  const truncatedZip = docxBomb(1).subarray(0, 300);
  const nested = Buffer.from(
    ['--a', 'Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: multipart/mixed; boundary=c', '', '--c', 'Content-Type: text/plain', '', 'deep', '--c--', '--b--', '--a--', ''].join('\r\n'),
  );
  const cases: Array<[string, string, string, Uint8Array]> = [
    ['random bytes as an IEP', 'iep', 'iep.pdf', randomBytes(200_000)],
    ['random bytes as a Word IEP', 'iep', 'iep.docx', randomBytes(200_000)],
    ['a truncated zip', 'iep', 'iep.docx', truncatedZip],
    ['a zip bomb', 'iep', 'iep.docx', docxBomb(100)],
    ['a PDF stream bomb', 'iep', 'iep.pdf', pdfBomb(160)],
    ['random bytes as a mailbox', 'mailbox', 'takeout.mbox', randomBytes(200_000)],
    ['nested multipart in an .eml', 'mailbox', 'x.eml', Buffer.concat([Buffer.from('From: a@b.test\r\nTo: c@lincoln.k12.test\r\nSubject: x\r\nDate: Mon, 12 Jan 2026 08:00:00 -0800\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n'), nested])],
    ['10,000 recipients', 'mailbox', 'x.eml', mail({ to: recipients, body: 'Hello.\n' })],
  ];

  it.each(cases)('%s: a 4xx or a success, never a 5xx, and the server lives', async (_label, kind, name, bytes) => {
    const res = await c.upload(`/children/${childId}/setup/${kind}`, kind === 'iep' ? { kind: 'iep' } : {}, { field: 'file', name, bytes });
    expect(res.status).toBeLessThan(500);
    await alive();
    sample();
    const MB = 1024 * 1024;
    if (TEST_DATABASE_URL) expect(peak).toBeLessThan(500 * MB);
    else expect(peak - baseline).toBeLessThan(300 * MB);
  }, 60_000);
});
