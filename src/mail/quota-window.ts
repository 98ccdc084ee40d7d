/**
 * A per-user budget over a sliding window, shared by every instance that spends it. Gmail's published limits are
 * per minute: 15,000 quota units per user per minute, and a per-project limit too (developers.google.com/gmail/
 * api/reference/quota). A token bucket inside one process cannot keep two instances syncing the same user under
 * that, so the spends are recorded in a ledger they share (the database in production: services' DbQuotaLedger;
 * memory in tests and the bench).
 *
 * Each instance leases a slice of the window (`lease` units) from the ledger and spends it locally, so the
 * ledger is asked once per slice rather than once per request. A lease is good for `leaseMs` only, and the ledger
 * counts it at the end of that time: units reserved now but spent later would otherwise leave the ledger's window
 * while the spends are still inside the provider's, and a second instance could spend the same room again.
 */
import { systemClock, type Clock, type Pacer } from './quota.js';

export interface QuotaLedger {
  /**
   * Records `units` as spent at `nowMs + holdMs` (the last moment they may be spent) under `key` if the last
   * `windowMs` leave room within `limit`; else returns how many milliseconds until they will (0 means reserved).
   */
  tryReserve(key: string, units: number, limit: number, windowMs: number, nowMs: number, holdMs?: number): Promise<number>;
}

/** Spends over a sliding window, computed from a list of (time, units): used by both ledgers. */
export function windowWait(spends: Array<{ at: number; units: number }>, units: number, limit: number, windowMs: number, nowMs: number): number {
  const live = spends.filter((s) => s.at > nowMs - windowMs).sort((a, b) => a.at - b.at);
  let used = live.reduce((n, s) => n + s.units, 0);
  if (used + units <= limit) return 0;
  for (const s of live) {
    used -= s.units;
    if (used + units <= limit) return Math.max(1, s.at + windowMs - nowMs);
  }
  return windowMs;
}

export class MemoryQuotaLedger implements QuotaLedger {
  private readonly spends = new Map<string, Array<{ at: number; units: number }>>();
  async tryReserve(key: string, units: number, limit: number, windowMs: number, nowMs: number, holdMs = 0): Promise<number> {
    const list = (this.spends.get(key) ?? []).filter((s) => s.at > nowMs - windowMs);
    const wait = windowWait(list, units, limit, windowMs, nowMs);
    if (wait === 0) list.push({ at: nowMs + holdMs, units });
    this.spends.set(key, list);
    return wait;
  }
}

export interface WindowBudgetOptions {
  ledger: QuotaLedger;
  /** Whose budget: e.g. `gmail:parent@example.com`. */
  key: string;
  /** Units per window (Gmail: 15,000 per user per minute). */
  limit: number;
  windowMs?: number;
  /** Units taken from the ledger at a time. Default: 1/60 of the limit (at least 1 request's worth). */
  lease?: number;
  /** How long a lease's units may be spent; what is left then is dropped. Default: 1/60 of the window. */
  leaseMs?: number;
  clock?: Clock;
}

/** Same surface as TokenBucket (take, penalize, spent), over a shared ledger. */
export class WindowBudget implements Pacer {
  readonly limit: number;
  readonly windowMs: number;
  private readonly lease: number;
  private readonly leaseMs: number;
  private readonly clock: Clock;
  private local = 0;
  private localUntil = 0;
  private pausedUntil = 0;
  private tail: Promise<void> = Promise.resolve();
  spent = 0;

  constructor(private readonly opts: WindowBudgetOptions) {
    if (!(opts.limit > 0)) throw new RangeError('limit must be positive');
    this.limit = opts.limit;
    this.windowMs = opts.windowMs ?? 60_000;
    this.lease = Math.max(1, Math.floor(opts.lease ?? opts.limit / 60));
    this.leaseMs = Math.max(0, opts.leaseMs ?? Math.floor(this.windowMs / 60));
    this.clock = opts.clock ?? systemClock;
  }

  take(cost: number): Promise<void> {
    if (cost > this.limit) throw new RangeError(`cost ${cost} exceeds the window limit ${this.limit}`);
    const turn = this.tail.then(() => this.acquire(cost));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** The server said "slow down" for `ms`: this instance spends nothing until then. */
  penalize(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  private async acquire(cost: number): Promise<void> {
    for (;;) {
      const pause = this.pausedUntil - this.clock.now();
      if (pause > 0) {
        await this.clock.sleep(pause);
        continue;
      }
      if (this.clock.now() > this.localUntil) this.local = 0; // the ledger has stopped counting them
      if (this.local >= cost) {
        this.local -= cost;
        this.spent += cost;
        return;
      }
      const need = cost - this.local;
      const want = Math.max(need, Math.min(this.lease, this.limit));
      let wait = await this.reserve(want);
      if (wait === 0) continue;
      // Near the end of a window a whole lease may not fit where this one request would.
      if (want > need) {
        const exact = await this.reserve(need);
        if (exact === 0) continue;
        wait = Math.min(wait, exact);
      }
      await this.clock.sleep(wait);
    }
  }

  /** Leases `units` from the ledger for `leaseMs` from now; 0 when granted, else how long to wait. */
  private async reserve(units: number): Promise<number> {
    const at = this.clock.now();
    const wait = await this.opts.ledger.tryReserve(this.opts.key, units, this.limit, this.windowMs, at, this.leaseMs);
    if (wait === 0) {
      // What was left of the last lease is spent with this request, now, inside its own time.
      this.local += units;
      this.localUntil = at + this.leaseMs;
    }
    return wait;
  }
}
