/**
 * A mailbox import in the background. The upload is already stored encrypted (upload-store.ts); the request
 * that confirms the school contacts only queues an import_jobs row (one per upload, so a double click finds
 * the same job) and starts it, then the parent watches the progress page (bytes read, messages found, school
 * messages kept) or leaves.
 *
 * Resumable: the archive's cursor is keyed by the upload (`archive:upload:<id>`), not by the temporary
 * path of its decrypted copy, and advances only after a page is stored; a job whose heartbeat stopped (the
 * process died) is taken over by the next start (the progress page, or boot) and continues from the cursor.
 * Storing is idempotent on Message-ID, so a page stored twice is stored once.
 */
import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { stat } from 'node:fs/promises';
import type { Db } from '../../db/client.js';
import { accounts, importJobs } from '../../db/schema.js';
import type { Logger } from '../../log/logger.js';
import { accountNow } from './demo.js';
import { InputError, importForChild } from './onboarding.js';
import { deleteUpload, withUpload } from './upload-store.js';

/** A running job whose heartbeat is older than this belongs to a process presumed dead. */
export const IMPORT_STALE_MS = 2 * 60_000;
/** After this many attempts a job that keeps dying is marked failed rather than retried forever. */
export const IMPORT_MAX_ATTEMPTS = 3;

export type ImportJob = typeof importJobs.$inferSelect;

export interface ImportRunContext {
  db: Db;
  uploadDir: string;
  key: Buffer;
  log: Logger;
  /** The real clock (the demo clock of the account is applied for its analysis). */
  now: () => Date;
}

/** Queues the import of an upload; the same upload queued twice is the same job. */
export async function queueImport(db: Db, input: { accountId: string; childId: string; uploadId: string; actor: string }): Promise<ImportJob> {
  await db.insert(importJobs).values(input).onConflictDoNothing({ target: [importJobs.accountId, importJobs.uploadId] });
  const [row] = await db.select().from(importJobs).where(and(eq(importJobs.accountId, input.accountId), eq(importJobs.uploadId, input.uploadId)));
  return row!;
}

export async function loadImportJob(db: Db, accountIds: string[], id: string): Promise<ImportJob | null> {
  if (!/^[0-9a-f-]{36}$/.test(id) || accountIds.length === 0) return null;
  const [row] = await db.select().from(importJobs).where(and(eq(importJobs.id, id), inArray(importJobs.accountId, accountIds)));
  return row ?? null;
}

export async function importJobForUpload(db: Db, accountId: string, uploadId: string): Promise<ImportJob | null> {
  const [row] = await db.select().from(importJobs).where(and(eq(importJobs.accountId, accountId), eq(importJobs.uploadId, uploadId)));
  return row ?? null;
}

/** Queued, or running with a stopped heartbeat: a job someone should (re)start. */
export function needsStart(job: ImportJob, now: Date): boolean {
  if (job.status === 'queued') return true;
  return job.status === 'running' && (!job.heartbeatAt || now.getTime() - job.heartbeatAt.getTime() > IMPORT_STALE_MS);
}

/**
 * Claims the job (queued, or running with a stale heartbeat) and runs it to its end. 'skipped': another
 * run holds it or it has finished. Never throws: a failure is written on the job for the progress page.
 */
export async function runImportJob(ctx: ImportRunContext, jobId: string): Promise<'done' | 'failed' | 'skipped'> {
  const { db } = ctx;
  const started = ctx.now();
  const [job] = await db
    .update(importJobs)
    .set({ status: 'running', attempts: sql`${importJobs.attempts} + 1`, heartbeatAt: started, updatedAt: started })
    .where(
      and(
        eq(importJobs.id, jobId),
        or(eq(importJobs.status, 'queued'), and(eq(importJobs.status, 'running'), lt(importJobs.heartbeatAt, new Date(started.getTime() - IMPORT_STALE_MS)))),
      ),
    )
    .returning();
  if (!job) return 'skipped';
  const fail = async (message: string) => {
    await db.update(importJobs).set({ status: 'failed', error: message, finishedAt: ctx.now(), updatedAt: ctx.now() }).where(eq(importJobs.id, job.id));
    return 'failed' as const;
  };
  if (job.attempts > IMPORT_MAX_ATTEMPTS) return fail('The import stopped several times. Please upload the file again, or try a smaller export.');
  // Alive between pages too (decrypting, analysing): only a dead process lets its heartbeat go stale.
  const beat = setInterval(() => {
    db.update(importJobs).set({ heartbeatAt: ctx.now() }).where(and(eq(importJobs.id, job.id), eq(importJobs.status, 'running'))).catch(() => {});
  }, 30_000);
  (beat as { unref?: () => void }).unref?.();
  try {
    const [owner] = await db.select().from(accounts).where(eq(accounts.id, job.accountId));
    if (!owner) return fail('This account no longer exists.');
    // A resumed job counts on from what its earlier attempts stored (their pages are not read again).
    const before = job.attempts > 1 ? { seen: job.messagesSeen, stored: job.schoolKept } : { seen: 0, stored: 0 };
    const result = await withUpload(ctx.uploadDir, job.accountId, job.uploadId, ctx.key, async (path) => {
      const size = await stat(path).then((s) => (s.isFile() ? s.size : 0));
      await db.update(importJobs).set({ bytesTotal: size }).where(eq(importJobs.id, job.id));
      return importForChild(db, {
        accountId: job.accountId,
        email: owner.email,
        childId: job.childId,
        path,
        now: accountNow(owner, ctx.now()),
        actor: job.actor,
        // The first attempt reads from the beginning (new contacts may keep more); a resumed one continues.
        rescan: job.attempts === 1,
        archiveKey: `upload:${job.uploadId}`,
        onProgress: async (p) => {
          await db
            .update(importJobs)
            .set({ bytesRead: p.bytesRead, messagesSeen: before.seen + p.seen, schoolKept: before.stored + p.stored, heartbeatAt: ctx.now(), updatedAt: ctx.now() })
            .where(eq(importJobs.id, job.id));
        },
      });
    });
    if (!result) return fail('The uploaded file is no longer here (uploads are kept for a day at most). Please upload it again.');
    // Imported: the whole mailbox (school mail and everything else) is not kept a moment longer.
    await deleteUpload(ctx.uploadDir, job.accountId, job.uploadId);
    const counts: Record<string, number> = { seen: before.seen + result.seen, stored: before.stored + result.stored, drafts: result.drafts, skipped: result.skipped };
    if (result.dateWarnings) counts['dateWarnings'] = result.dateWarnings;
    const end = ctx.now();
    await db
      .update(importJobs)
      .set({ status: 'done', result: counts, messagesSeen: counts['seen'], schoolKept: counts['stored'], finishedAt: end, heartbeatAt: end, updatedAt: end })
      .where(eq(importJobs.id, job.id));
    ctx.log.info('mailbox imported', { accountId: job.accountId, jobId: job.id, ...counts, ms: end.getTime() - started.getTime() });
    return 'done';
  } catch (err) {
    if (err instanceof InputError) return fail(err.message);
    ctx.log.error('mailbox import failed', { accountId: job.accountId, jobId: job.id, error: err instanceof Error ? err.name : 'error' });
    return fail('The import stopped because of a problem on our side. Nothing was lost; please try again.');
  } finally {
    clearInterval(beat);
  }
}

/** Starts every job that is queued or whose process died (at boot). Returns how many were started. */
export async function resumeImportJobs(ctx: ImportRunContext): Promise<number> {
  const rows = await ctx.db.select().from(importJobs).where(inArray(importJobs.status, ['queued', 'running']));
  const now = ctx.now();
  const due = rows.filter((r) => needsStart(r, now));
  for (const r of due) await runImportJob(ctx, r.id);
  return due.length;
}

/** The finished notice: what the import kept and drafted, in the parent's words. */
export function finishedNotice(job: ImportJob): string {
  const r = job.result ?? {};
  const warn = r['dateWarnings'] ? ` ${r['dateWarnings']} had an impossible date; we dated them from the mail servers' records or the import.` : '';
  return `Imported ${r['stored'] ?? 0} school messages of ${r['seen'] ?? 0}.${warn} ${r['drafts'] ?? 0} follow-up draft(s) to review.`;
}
