import { expect, it } from 'vitest';
import { WindowBudget } from '../../../src/mail/quota-window.js';
import type { Clock } from '../../../src/mail/quota.js';
import { DbQuotaLedger } from '../../../src/services/mailbox/quota-ledger.js';
import { describeOnEachDriver } from '../../helpers/each-driver.js';

describeOnEachDriver('DbQuotaLedger', (suite) => {

  it('two instances (two ledgers over one database) share one per-minute budget', async () => {
    const c: Clock & { t: number } = { t: 5_000_000, now: () => c.t, sleep: async (ms: number) => void (c.t += ms) };
    const key = `gmail:${Math.random()}@family.test`;
    const a = new WindowBudget({ ledger: new DbQuotaLedger(suite.handle.db), key, limit: 1_000, windowMs: 60_000, lease: 100, clock: c });
    const b = new WindowBudget({ ledger: new DbQuotaLedger(suite.handle.db), key, limit: 1_000, windowMs: 60_000, lease: 100, clock: c });
    const start = c.t;
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      await (i % 2 ? a : b).take(25);
      times.push(c.t);
    }
    // 1,500 units: the first 1,000 at once, the rest only after the window has moved on.
    expect(times.filter((t) => t === start).length * 25).toBeLessThanOrEqual(1_000);
    expect(times.filter((t) => t < start + 60_000).length * 25).toBeLessThanOrEqual(1_000);
    expect(times.at(-1)! - start).toBeGreaterThanOrEqual(60_000);
    // Another user's budget is untouched.
    expect(await new DbQuotaLedger(suite.handle.db).tryReserve(`${key}.other`, 1_000, 1_000, 60_000, c.t)).toBe(0);
  });
});
