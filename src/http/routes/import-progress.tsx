/**
 * The background import's start and its progress page. On Node the job runs in this process right after
 * it is queued; a job whose process died is taken over when its progress page is next opened (or at boot),
 * and continues from its cursor.
 */
import { Hono } from 'hono';
import { finishedNotice, loadImportJob, needsStart, queueImport, runImportJob, type ImportRunContext } from '../../services/onboarding/import-job.js';
import { uploadKey } from '../../services/onboarding/upload-store.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { ImportProgressPage, progressView } from '../pages/import.js';
import { loadChild, notFound, render, visible } from '../util.js';

function runContext(deps: AppDeps): ImportRunContext | null {
  if (!deps.uploadDir) return null;
  return { db: deps.db, uploadDir: deps.uploadDir, key: uploadKey(deps.mail.sync.keyring), log: deps.log, now: deps.now };
}

function kick(deps: AppDeps, jobId: string) {
  const ctx = runContext(deps);
  if (!ctx) return;
  // Not awaited: the parent gets the progress page at once. runImportJob records its own failures.
  void runImportJob(ctx, jobId).catch((err: unknown) => deps.log.error('import job crashed', { jobId, error: err instanceof Error ? err.name : 'error' }));
}

export async function startImport(deps: AppDeps, input: { accountId: string; childId: string; uploadId: string; actor: string }) {
  const job = await queueImport(deps.db, input);
  if (needsStart(job, deps.now())) kick(deps, job.id);
  return job;
}

export function importProgressRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const load = async (c: Parameters<typeof loadChild>[0]) => {
    const child = await loadChild(c, deps, c.req.param('id')!);
    const job = await loadImportJob(deps.db, await visible(c, deps), c.req.param('job')!);
    if (!job || job.childId !== child.id) notFound(c);
    // Its process died (or the server restarted): carry on from the cursor.
    if (needsStart(job, deps.now())) kick(deps, job.id);
    return { child, job };
  };
  app.get('/children/:id/imports/:job', async (c) => {
    const { child, job } = await load(c);
    const v = progressView(job, job.status === 'done' ? finishedNotice(job) : null);
    return render(c, v.status === 'done' ? 'Import finished' : 'Importing your mailbox', <ImportProgressPage child={child} jobId={job.id} v={v} />);
  });
  app.get('/children/:id/imports/:job/progress', async (c) => {
    const { job } = await load(c);
    return c.json(progressView(job, job.status === 'done' ? finishedNotice(job) : null));
  });
  return app;
}
