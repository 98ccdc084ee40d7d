/**
 * The QuotaLedger of mail/quota-window.ts in the database, so every instance syncing one user spends from one
 * per-minute budget (Gmail: 15,000 units per user per minute). A reservation locks the budget's row
 * (SELECT … FOR UPDATE), drops spends that left the window, and records its own only if it fits.
 */
import { and, asc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { quotaBudgets, quotaSpends } from '../../db/schema.js';
import { windowWait, type QuotaLedger } from '../../mail/quota-window.js';

export class DbQuotaLedger implements QuotaLedger {
  constructor(private readonly db: Db) {}

  async tryReserve(key: string, units: number, limit: number, windowMs: number, nowMs: number, holdMs = 0): Promise<number> {
    return this.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      await tx.insert(quotaBudgets).values({ key }).onConflictDoNothing();
      await tx.select({ key: quotaBudgets.key }).from(quotaBudgets).where(eq(quotaBudgets.key, key)).for('update');
      await tx.delete(quotaSpends).where(and(eq(quotaSpends.key, key), lte(quotaSpends.atMs, nowMs - windowMs)));
      const live = await tx.select({ at: quotaSpends.atMs, units: quotaSpends.units }).from(quotaSpends).where(eq(quotaSpends.key, key)).orderBy(asc(quotaSpends.atMs));
      const wait = windowWait(live, units, limit, windowMs, nowMs);
      if (wait === 0) await tx.insert(quotaSpends).values({ key, atMs: nowMs + holdMs, units });
      return wait;
    });
  }
}
