import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolMatcher } from '../../../src/core/school.js';
import type { DbHandle } from '../../../src/db/client.js';
import { importJobs, messages } from '../../../src/db/schema.js';
import { createLogger } from '../../../src/log/logger.js';
import { addSchoolContacts, ensureAccount, ensureChild } from '../../../src/services/accounts/accounts.js';
import { importArchive } from '../../../src/services/mailbox/import-archive.js';
import { IMPORT_STALE_MS, loadImportJob, queueImport, resumeImportJobs, runImportJob, type ImportRunContext } from '../../../src/services/onboarding/import-job.js';
import { hasUpload, saveUpload, withUpload } from '../../../src/services/onboarding/upload-store.js';
import { createTestDb, DRIVERS } from '../../helpers/db.js';
import { mail, mbox } from '../../helpers/mail.js';

const KEY = Buffer.alloc(32, 7);

/** 250 school messages (three pages of 100) and 50 from a shop, interleaved. */
function archive(prefix: string): Uint8Array {
  const list: Buffer[] = [];
  for (let i = 0; i < 300; i++) {
    const school = i % 6 !== 5;
    list.push(
      mail({
        messageId: `<${prefix}-${i}@${school ? 'lincoln.k12.test' : 'shop.test'}>`,
        from: school ? 'Ms. Ortega <mortega@lincoln.k12.test>' : 'Shop <deals@shop.test>',
        to: 'parent@family.test',
        subject: school ? `Week ${i}` : 'Sale',
        date: new Date(Date.UTC(2026, 0, 5, 12, i)),
        body: school ? `Here is the update for week ${i}.\n` : 'Everything must go.\n',
      }),
    );
  }
  return mbox(list);
}

describe.each(DRIVERS)('background mailbox import on $driver', ({ driver, skip }) => {
  describe.skipIf(skip !== null)(skip ? `skipped: ${skip}` : 'import jobs', () => {
    let handle: DbHandle;
    let uploadDir: string;
    let ctx: ImportRunContext;
    let clock = new Date('2026-03-12T17:00:00Z');
    beforeAll(async () => {
      handle = await createTestDb(driver);
      uploadDir = await mkdtemp(join(tmpdir(), 'ft-import-job-'));
      ctx = { db: handle.db, uploadDir, key: KEY, log: createLogger({ level: 'error', sink: () => {} }), now: () => clock };
    });
    afterAll(async () => {
      await handle?.close();
      await rm(uploadDir, { recursive: true, force: true });
    });

    async function family(email: string) {
      const account = await ensureAccount(handle.db, email, 'Pat');
      const child = await ensureChild(handle.db, account.id, { name: 'Robin', state: 'CA', timezone: 'America/Los_Angeles' });
      await addSchoolContacts(handle.db, account.id, child.id, ['lincoln.k12.test']);
      return { account, child };
    }

    it('queues once per upload (a double click is the same job), runs to the end, reports progress and deletes the upload', async () => {
      const { account, child } = await family('one@family.test');
      const { id: uploadId } = await saveUpload(uploadDir, account.id, 'mbox', archive('one'), KEY);
      const job = await queueImport(handle.db, { accountId: account.id, childId: child.id, uploadId, actor: `parent:${account.id}` });
      const again = await queueImport(handle.db, { accountId: account.id, childId: child.id, uploadId, actor: `parent:${account.id}` });
      expect(again.id).toBe(job.id);
      // Two runners racing for the job: one runs it, the other finds it taken.
      const outcomes = await Promise.all([runImportJob(ctx, job.id), runImportJob(ctx, job.id)]);
      expect(outcomes.sort()).toEqual(['done', 'skipped']);
      const [row] = await handle.db.select().from(importJobs).where(eq(importJobs.id, job.id));
      expect(row!.status).toBe('done');
      expect(row!.messagesSeen).toBe(300);
      expect(row!.schoolKept).toBe(250);
      expect(row!.bytesTotal).toBeGreaterThan(0);
      expect(row!.bytesRead).toBe(row!.bytesTotal);
      expect(row!.result).toMatchObject({ seen: 300, stored: 250 });
      expect(await hasUpload(uploadDir, account.id, uploadId)).toBe(false);
      expect(await handle.db.select().from(messages).where(eq(messages.accountId, account.id))).toHaveLength(250);
      expect(await runImportJob(ctx, job.id)).toBe('skipped');
      // Another family cannot see the job.
      const other = await family('other@family.test');
      expect(await loadImportJob(handle.db, [other.account.id], job.id)).toBeNull();
      expect((await loadImportJob(handle.db, [account.id], job.id))?.id).toBe(job.id);
    });

    it('a process killed after the first page: the job is taken over and resumes from its cursor, nothing twice, nothing lost', async () => {
      const { account, child } = await family('crash@family.test');
      const { id: uploadId } = await saveUpload(uploadDir, account.id, 'mbox', archive('crash'), KEY);
      const job = await queueImport(handle.db, { accountId: account.id, childId: child.id, uploadId, actor: `parent:${account.id}` });
      // The first attempt: the same archive key as the job's, killed right after its first page was stored.
      const box = { accountId: account.id, childId: child.id, parentAddresses: new Set(['crash@family.test']), school: schoolMatcher(['lincoln.k12.test']) };
      let firstPage = { seen: 0, stored: 0 };
      await expect(
        withUpload(uploadDir, account.id, uploadId, KEY, (path) =>
          importArchive(handle.db, box, path, {
            archiveKey: `upload:${uploadId}`,
            onProgress: (p) => {
              firstPage = { seen: p.seen, stored: p.stored };
              throw new Error('killed');
            },
          }),
        ),
      ).rejects.toThrow('killed');
      expect(firstPage.stored).toBe(100);
      const stale = new Date(clock.getTime() - IMPORT_STALE_MS - 1000);
      await handle.db
        .update(importJobs)
        .set({ status: 'running', attempts: 1, heartbeatAt: stale, messagesSeen: firstPage.seen, schoolKept: firstPage.stored })
        .where(eq(importJobs.id, job.id));
      // A live heartbeat is left alone; a stale one is taken over (at boot: resumeImportJobs).
      expect(await resumeImportJobs(ctx)).toBe(1);
      const [row] = await handle.db.select().from(importJobs).where(eq(importJobs.id, job.id));
      expect(row!.status).toBe('done');
      expect(row!.attempts).toBe(2);
      expect(row!.result).toMatchObject({ seen: 300, stored: 250 });
      const rows = await handle.db.select({ id: messages.messageId }).from(messages).where(eq(messages.accountId, account.id));
      expect(rows).toHaveLength(250);
      expect(new Set(rows.map((r) => r.id)).size).toBe(250);
      expect(await readdir(join(uploadDir, account.id))).toEqual([]);
    });

    it('a job whose upload is gone fails with a message for the parent', async () => {
      const { account, child } = await family('gone@family.test');
      const job = await queueImport(handle.db, { accountId: account.id, childId: child.id, uploadId: '00000000-0000-4000-8000-000000000000', actor: 'system' });
      clock = new Date(clock.getTime() + 1000);
      expect(await runImportJob(ctx, job.id)).toBe('failed');
      const [row] = await handle.db.select().from(importJobs).where(eq(importJobs.id, job.id));
      expect(row!.error).toMatch(/upload it again/);
    });
  });
});
