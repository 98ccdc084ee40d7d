/**
 * The googleapis Gmail client wrapped with what every call needs: a bearer token (refreshed before expiry and
 * once after a 401), the per-user quota bucket, a concurrency gate, error mapping and bounded retries.
 * gaxios' own retry is switched off so there is one retry policy, ours.
 */
import type { gmail_v1, MethodOptions } from '@googleapis/gmail';
import type { AccessTokenSource } from '../oauth/access-token.js';
import { MailProviderError } from '../provider.js';
import { Gate, TokenBucket, defaultRetryPolicy, systemClock, withRetry, type Clock, type Pacer, type RetryPolicy } from '../quota.js';
import { GMAIL_COST, mapGmailError, type GmailOp } from './errors.js';

export interface GmailClientOptions {
  tokens: AccessTokenSource;
  /** Default `https://gmail.googleapis.com/`; tests point it at a local fake. */
  rootUrl?: string;
  clock?: Clock;
  /**
   * Per-user quota pacing: a WindowBudget over a shared ledger in production (Gmail's limit is 15,000 units per
   * user per minute, shared by every instance syncing that user), or a local token bucket.
   */
  quota?: Pacer | { unitsPerSec?: number; burst?: number };
  retry?: Partial<RetryPolicy>;
  maxConcurrent?: number;
  timeoutMs?: number;
}

/**
 * The API client module, loaded on the first call: it and googleapis-common take about 20 ms of CPU to evaluate,
 * which a Worker would otherwise spend at every cold start whether or not the request touches Gmail.
 */
let gmailModule: Promise<typeof import('@googleapis/gmail')> | undefined;
const loadGmail = () => (gmailModule ??= import('@googleapis/gmail'));

export class GmailClient {
  private api: Promise<gmail_v1.Gmail> | undefined;
  readonly bucket: Pacer;
  private readonly gate: Gate;
  private readonly clock: Clock;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  /** Retries taken, by kind: useful in tests and logs. */
  readonly stats = { calls: 0, retries: 0, refreshes: 0 };

  constructor(private readonly opts: GmailClientOptions) {
    this.clock = opts.clock ?? systemClock;
    this.bucket =
      opts.quota && 'take' in opts.quota
        ? opts.quota
        : new TokenBucket({ ratePerSec: opts.quota?.unitsPerSec ?? 240, capacity: opts.quota?.burst ?? 100, clock: this.clock });
    this.gate = new Gate(opts.maxConcurrent ?? 10);
    this.policy = { ...defaultRetryPolicy, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  /**
   * Runs one API method. `idempotent: false` (send, drafts.create) retries only answers that prove the request
   * was refused (429, 401); after a 5xx or a cut connection the message may have gone out, so the caller decides
   * (with findSent) instead of us sending twice.
   */
  async call<T>(
    op: GmailOp,
    fn: (api: gmail_v1.Gmail, options: MethodOptions) => Promise<{ data: T }>,
    { idempotent = true }: { idempotent?: boolean } = {},
  ): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await this.gate.run(async () => {
            await this.bucket.take(GMAIL_COST[op]);
            return this.attempt(op, fn);
          });
        } catch (e) {
          if (!idempotent && e instanceof MailProviderError && e.kind === 'transient') {
            throw new MailProviderError('transient', `${e.message}; not retried: the message may have been accepted`, {
              ...e.options,
              retryable: false,
            });
          }
          throw e;
        }
      },
      {
        policy: this.policy,
        clock: this.clock,
        bucket: this.bucket,
        onRetry: () => {
          this.stats.retries++;
        },
      },
    );
  }

  private async attempt<T>(op: GmailOp, fn: (api: gmail_v1.Gmail, options: MethodOptions) => Promise<{ data: T }>): Promise<T> {
    this.stats.calls++;
    const api = await (this.api ??= loadGmail().then(({ gmail }) => gmail({ version: 'v1', rootUrl: this.opts.rootUrl ?? 'https://gmail.googleapis.com/' })));
    const token = await this.opts.tokens.get();
    try {
      return (await fn(api, this.options(token))).data;
    } catch (e) {
      const mapped = mapGmailError(e, op, this.clock.now());
      if (!(mapped.kind === 'auth' && mapped.options.status === 401)) throw mapped;
    }
    this.stats.refreshes++;
    const fresh = await this.opts.tokens.afterUnauthorized(token);
    try {
      return (await fn(api, this.options(fresh))).data;
    } catch (e) {
      const mapped = mapGmailError(e, op, this.clock.now());
      if (mapped.kind === 'auth' && mapped.options.status === 401) throw await this.opts.tokens.rejectedAfterRefresh();
      throw mapped;
    }
  }

  private options(token: string): MethodOptions {
    return { headers: { Authorization: `Bearer ${token}` }, retry: false, timeout: this.timeoutMs };
  }
}
