import { silentLogger } from '../../src/log/logger.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRuns, sessions } from '../../src/db/schema.js';
import { runScheduledJob } from '../../src/jobs/run-job.js';
import { SCHEDULE } from '../../src/jobs/schedule.js';
import { ensureAccount } from '../../src/services/accounts/accounts.js';
import { createTestDb } from '../helpers/db.js';

const DAILY = SCHEDULE.find((j) => j.name === 'daily')!;
let handle: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.close();
});

describe('the daily clean-up', () => {
  it('removes expired sessions and job runs older than 90 days, once per trigger, and records its counts', async () => {
    const now = new Date('2026-03-01T04:30:00Z');
    const account = await ensureAccount(handle.db, 'retention@family.test');
    await handle.db.insert(sessions).values([
      { id: 'expired', accountId: account.id, csrfToken: 'x', expiresAt: new Date('2026-02-28T00:00:00Z') },
      { id: 'live', accountId: account.id, csrfToken: 'y', expiresAt: new Date('2026-03-10T00:00:00Z') },
    ]);
    await handle.db.insert(jobRuns).values([
      { job: 'drafts', accountKey: account.id, period: '2025-11-01', status: 'succeeded', startedAt: new Date('2025-11-01T15:00:00Z') },
      { job: 'drafts', accountKey: account.id, period: '2026-02-27', status: 'succeeded', startedAt: new Date('2026-02-27T15:00:00Z') },
    ]);
    const deps = { db: handle.db, clock: () => now, instance: 't', log: silentLogger, appUrl: 'https://app.test', llm: null, deliverers: [] };
    expect(await runScheduledJob(DAILY, deps)).toBe('ran');
    expect(await runScheduledJob(DAILY, deps)).toBe('skipped');
    expect((await handle.db.select({ id: sessions.id }).from(sessions)).map((s) => s.id)).toEqual(['live']);
    expect((await handle.db.select().from(jobRuns).where(eq(jobRuns.job, 'drafts'))).map((r) => r.period)).toEqual(['2026-02-27']);
    const [run] = await handle.db.select().from(jobRuns).where(eq(jobRuns.job, 'daily'));
    expect(run).toMatchObject({ status: 'succeeded', counts: { sessionsRemoved: 1, jobRunsRemoved: 1, tokensRefreshed: 0, tokensSkipped: 0 } });
  });
});

describe('the daily token refresh', () => {
  it('refreshes each live OAuth mailbox and marks a revoked grant for reconnection', async () => {
    const { startMailRig, connectedMailbox, connectionRow, TEST_KEYRING } = await import('../helpers/mail-rig.js');
    const { refreshConnectionTokens } = await import('../../src/services/mailbox/token-refresh.js');
    const { openTokens } = await import('../../src/services/mailbox/token-store-db.js');
    const rig = await startMailRig();
    try {
      const oauth = { gmail: rig.providers().gmail!.oauth, outlook: rig.providers().outlook!.oauth };
      const good = await connectedMailbox(handle.db, rig, 'outlook', { label: 'refresh-ok' });
      const revoked = await connectedMailbox(handle.db, rig, 'gmail', { label: 'refresh-revoked' });
      rig.google.revoke(revoked.refresh);
      const now = new Date();
      const deps = {
        db: handle.db,
        clock: () => now,
        instance: 't',
        log: silentLogger,
        appUrl: 'https://app.test',
        llm: null,
        deliverers: [],
        refreshTokens: (db: typeof handle.db, id: string, at: Date) => refreshConnectionTokens({ keyring: TEST_KEYRING, oauth }, db, id, at),
      };
      expect(await runScheduledJob(DAILY, deps)).toBe('ran');
      const fresh = await openTokens((await connectionRow(handle.db, good.connection.id)).tokens!, TEST_KEYRING);
      expect(fresh.accessToken).not.toBe(good.access);
      expect((await connectionRow(handle.db, revoked.connection.id)).status).toBe('needs_reconnect');
      const [run] = (await handle.db.select().from(jobRuns).where(eq(jobRuns.job, 'daily'))).filter((r) => r.period === now.toISOString().slice(0, 16));
      expect(run!.counts).toMatchObject({ tokensRefreshed: 1, tokensFailed: 1 });
    } finally {
      await rig.close();
    }
  });
});
