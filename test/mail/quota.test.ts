import { describe, expect, it } from 'vitest';
import { MailProviderError } from '../../src/mail/provider.js';
import { TokenBucket, backoffDelay, defaultRetryPolicy, parseRetryAfter, withRetry, type Clock } from '../../src/mail/quota.js';

function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const c = {
    t: 0,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('quota pacing', () => {
  it('token bucket: a burst up to capacity, then the refill rate', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSec: 250, capacity: 100, clock });
    for (let i = 0; i < 20; i++) await bucket.take(5); // 100 units: the burst
    expect(clock.t).toBe(0);
    for (let i = 0; i < 50; i++) await bucket.take(5); // 250 more units at 250/s
    expect(clock.t).toBeGreaterThanOrEqual(1000);
    expect(clock.t).toBeLessThan(1010);
    expect(bucket.spent).toBe(350);
  });

  it('a send (100 units) waits its turn first-come first-served', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSec: 250, capacity: 100, clock });
    const order: string[] = [];
    await bucket.take(60);
    await Promise.all([bucket.take(100).then(() => order.push('send')), bucket.take(5).then(() => order.push('get'))]);
    expect(order).toEqual(['send', 'get']);
  });

  it('penalize stops everyone for the Retry-After', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ ratePerSec: 100, capacity: 100, clock });
    bucket.penalize(2000);
    await bucket.take(1);
    expect(clock.t).toBeGreaterThanOrEqual(2000);
  });

  it('withRetry: capped exponential backoff with jitter, bounded attempts, exact Retry-After', async () => {
    const clock = fakeClock();
    let calls = 0;
    const policy = { ...defaultRetryPolicy, maxAttempts: 4, random: () => 1 };
    await expect(
      withRetry(async () => {
        calls++;
        throw new MailProviderError('transient', 'boom');
      }, { policy, clock }),
    ).rejects.toMatchObject({ kind: 'transient' });
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
    expect(backoffDelay(20, { ...policy, random: () => 0 })).toBe(15_000);

    const c2 = fakeClock();
    let n = 0;
    await withRetry(async () => {
      if (n++ < 2) throw new MailProviderError('rate_limit', 'slow down', { retryAfterMs: n === 1 ? 1234 : 10 });
      return 'ok';
    }, { policy, clock: c2 });
    // The server's time when it is the longer wait, the jittered backoff when that is.
    expect(c2.sleeps).toEqual([1234, 1000]);
  });

  it('does not retry non-retryable errors, nor wait out a very long Retry-After', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw new MailProviderError('auth', 'no');
    }, { policy: defaultRetryPolicy, clock })).rejects.toMatchObject({ kind: 'auth' });
    await expect(withRetry(async () => {
      calls++;
      throw new MailProviderError('rate_limit', 'later', { retryAfterMs: 3_600_000 });
    }, { policy: defaultRetryPolicy, clock })).rejects.toMatchObject({ options: { retryAfterMs: 3_600_000 } });
    expect(calls).toBe(2);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('10', 0)).toBe(10_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });
});
