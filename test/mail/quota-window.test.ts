import { afterEach, describe, expect, it } from 'vitest';
import { MemoryQuotaLedger, WindowBudget, windowWait } from '../../src/mail/quota-window.js';
import type { Clock } from '../../src/mail/quota.js';
import { startGmailRig, type GmailRig } from '../fakes/gmail-setup.js';
import { PARENT } from '../fakes/mail-fixtures.js';
import { mailText } from '../helpers/mail.js';

function fakeClock(): Clock & { t: number } {
  const c = { t: 1_000_000, now: () => c.t, sleep: async (ms: number) => void (c.t += ms) };
  return c;
}

describe('a per-minute budget shared through a ledger', () => {
  it('two instances spending for one user stay under the limit in every sliding window', async () => {
    const clock = fakeClock();
    const ledger = new MemoryQuotaLedger();
    const spends: number[] = [];
    const a = new WindowBudget({ ledger, key: 'gmail:u', limit: 15_000, windowMs: 60_000, lease: 250, clock });
    const b = new WindowBudget({ ledger, key: 'gmail:u', limit: 15_000, windowMs: 60_000, lease: 250, clock });
    for (let i = 0; i < 3_200; i++) {
      await (i % 2 ? a : b).take(5);
      spends.push(clock.t);
    }
    // 16,000 units: 15,000 in the first window, the rest only once the first leases leave it (a lease is counted
    // at the end of its 1 s, 1/60 of the window, the last moment its units could have been spent).
    const first = spends[0]!;
    expect(spends.filter((t) => t < first + 60_000).length * 5).toBeLessThanOrEqual(15_000);
    expect(spends[spends.length - 1]! - first).toBeGreaterThanOrEqual(60_000);
    expect(spends[spends.length - 1]! - first).toBeLessThanOrEqual(61_000);
    expect(a.spent + b.spent).toBe(16_000);
  });

  it('a lease left unspent for longer than its time is dropped, not spent in a later window', async () => {
    // A leases 250 units and spends 5; it idles while B spends up to the limit; once A's lease leaves the window,
    // A's 245 left over, spent then, would sit in the same provider window as B's spends.
    const clock = fakeClock();
    const ledger = new MemoryQuotaLedger();
    const spends: Array<{ at: number; units: number }> = [];
    const spend = async (budget: WindowBudget, units: number) => {
      await budget.take(units);
      spends.push({ at: clock.t, units });
    };
    const a = new WindowBudget({ ledger, key: 'k', limit: 1_000, windowMs: 60_000, lease: 250, clock });
    const b = new WindowBudget({ ledger, key: 'k', limit: 1_000, windowMs: 60_000, lease: 250, clock });
    const start = clock.t;
    await spend(a, 5);
    clock.t = start + 59_000;
    for (let i = 0; i < 3; i++) await spend(b, 250);
    clock.t = start + 60_500;
    await spend(b, 250);
    await spend(a, 245);
    const mostInAnyWindow = Math.max(...spends.map((s) => spends.filter((o) => o.at > s.at - 60_000 && o.at <= s.at).reduce((n, o) => n + o.units, 0)));
    expect(mostInAnyWindow).toBeLessThanOrEqual(1_000);
    expect(a.spent + b.spent).toBe(1_250);
  });

  it('a whole lease that no longer fits does not block a request that does', async () => {
    expect(windowWait([{ at: 0, units: 14_990 }], 250, 15_000, 60_000, 10)).toBe(59_990);
    const clock = fakeClock();
    const ledger = new MemoryQuotaLedger();
    await ledger.tryReserve('k', 14_990, 15_000, 60_000, clock.now());
    const budget = new WindowBudget({ ledger, key: 'k', limit: 15_000, lease: 250, clock });
    await budget.take(5);
    expect(clock.t).toBe(1_000_000);
  });

  it('keys are separate budgets', async () => {
    const ledger = new MemoryQuotaLedger();
    expect(await ledger.tryReserve('a', 15_000, 15_000, 60_000, 0)).toBe(0);
    expect(await ledger.tryReserve('b', 15_000, 15_000, 60_000, 0)).toBe(0);
    expect(await ledger.tryReserve('a', 1, 15_000, 60_000, 1)).toBe(59_999);
  });
});

describe('two provider instances syncing one Gmail user against the per-minute quota', () => {
  const rigs: GmailRig[] = [];
  afterEach(async () => {
    for (const r of rigs.splice(0)) await r.close();
  });

  async function run(shared: boolean): Promise<number> {
    // 600 units per 1.5 s window stands in for 15,000 per minute; both instances read the same mailbox.
    const ledger = new MemoryQuotaLedger();
    const budget = () => new WindowBudget({ ledger: shared ? ledger : new MemoryQuotaLedger(), key: `gmail:${PARENT}`, limit: 600, windowMs: 2_000, lease: 25 });
    const rig = await startGmailRig({ gmail: { quotaPerMinute: { units: 600, windowMs: 1_500 } }, provider: { quota: budget(), retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 400, maxRetryAfterMs: 5_000 } } });
    rigs.push(rig);
    const second = await startGmailRig({ provider: { rootUrl: rig.gmail.rootUrl, quota: budget(), retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 400, maxRetryAfterMs: 5_000 } } });
    rigs.push(second);
    const ids = Array.from({ length: 90 }, (_, i) => rig.gmail.addMessage(mailText({ from: 'sped@district.k12.test', to: [PARENT], subject: `q${i}`, body: 'b', date: new Date(), messageId: `<q${i}@x.test>` })).id);
    await Promise.all([...ids.map((id) => rig.provider.getRaw(id)), ...ids.map((id) => second.provider.getRaw(id))]);
    return rig.gmail.requests.filter((r) => r.status === 429).length;
  }

  it('a shared ledger keeps both under the limit; separate buckets overrun it', async () => {
    expect(await run(true)).toBe(0);
    expect(await run(false)).toBeGreaterThan(0);
  }, 30_000);
});
