/**
 * Pacing against provider limits: a token bucket that keeps an account inside its per-user quota, a small
 * concurrency gate, and capped exponential backoff with jitter for the calls that still fail. Time comes from an
 * injected clock so tests can run the arithmetic without waiting.
 */
import { MailProviderError } from './provider.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** What a client paces its requests with: a local TokenBucket, or a WindowBudget shared through a ledger. */
export interface Pacer {
  take(cost: number): Promise<void>;
  /** The server asked to slow down for `ms`. */
  penalize(ms: number): void;
  /** Units handed out so far. */
  readonly spent: number;
}

export interface TokenBucketOptions {
  /** Units added per second. */
  ratePerSec: number;
  /** Most units that can be spent at once (the burst). */
  capacity: number;
  clock?: Clock;
}

/**
 * First-come first-served token bucket. Callers `take(cost)` before each request; a big request (a send, 100
 * Gmail units) waits its turn instead of being starved by a stream of small ones.
 */
export class TokenBucket implements Pacer {
  readonly ratePerSec: number;
  readonly capacity: number;
  private readonly clock: Clock;
  private level: number;
  private updatedAt: number;
  private tail: Promise<void> = Promise.resolve();
  /** Units handed out so far: the bench's quota floor is computed from it. */
  spent = 0;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.ratePerSec > 0) || !(opts.capacity > 0)) throw new RangeError('rate and capacity must be positive');
    this.ratePerSec = opts.ratePerSec;
    this.capacity = opts.capacity;
    this.clock = opts.clock ?? systemClock;
    this.level = opts.capacity;
    this.updatedAt = this.clock.now();
  }

  take(cost: number): Promise<void> {
    if (cost > this.capacity) throw new RangeError(`cost ${cost} exceeds bucket capacity ${this.capacity}`);
    const turn = this.tail.then(() => this.acquire(cost));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** The server said "slow down" for `ms`: nobody sharing this bucket spends anything until then. */
  penalize(ms: number): void {
    this.refill();
    this.level = Math.min(this.level, -(this.ratePerSec * ms) / 1000);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.level = Math.min(this.capacity, this.level + (elapsed * this.ratePerSec) / 1000);
    this.updatedAt = now;
  }

  private async acquire(cost: number): Promise<void> {
    for (;;) {
      this.refill();
      if (this.level >= cost) {
        this.level -= cost;
        this.spent += cost;
        return;
      }
      await this.clock.sleep(Math.ceil(((cost - this.level) * 1000) / this.ratePerSec));
    }
  }
}

/** At most `max` calls in flight. */
export class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out here; the error goes to the caller (the job retries later). */
  maxRetryAfterMs: number;
  random?: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** "Equal jitter": half the exponential step is fixed, half random, so retries spread without collapsing to 0. */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const random = policy.random ?? Math.random;
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Runs `fn` until it succeeds, throws a non-retryable MailProviderError, or runs out of attempts. Rate-limit
 * errors wait at least the server's Retry-After when it gave one (and penalize the shared bucket so concurrent
 * calls wait too); other retryable errors back off exponentially.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: { policy: RetryPolicy; clock: Clock; bucket?: Pacer; onRetry?: (e: MailProviderError, waitMs: number) => void },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (!(e instanceof MailProviderError) || !e.retryable || attempt + 1 >= opts.policy.maxAttempts) throw e;
      const retryAfter = e.options.retryAfterMs;
      if (retryAfter !== undefined && retryAfter > opts.policy.maxRetryAfterMs) throw e;
      // Never sooner than the server asked; but concurrent callers refused together would all come back at
      // that same instant and be refused together again, so the jittered backoff spreads them when it is longer.
      const backoff = backoffDelay(attempt, opts.policy);
      const wait = retryAfter === undefined ? backoff : Math.max(retryAfter, backoff);
      if (retryAfter !== undefined) opts.bucket?.penalize(retryAfter);
      opts.onRetry?.(e, wait);
      await opts.clock.sleep(wait);
    }
  }
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
