/**
 * The Microsoft Graph client (built with initWithMiddleware: our auth middleware, then the stock HTTP handler)
 * wrapped with pacing, error mapping and bounded retries. Graph allows about 10,000 requests per 10 minutes
 * and 4 concurrent requests per mailbox; we stay under both.
 */
import { Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import type { AccessTokenSource } from '../oauth/access-token.js';
import { MailProviderError } from '../provider.js';
import { Gate, TokenBucket, defaultRetryPolicy, systemClock, withRetry, type Clock, type RetryPolicy } from '../quota.js';
import { GraphAuthMiddleware } from './auth-middleware.js';
import { mapGraphError } from './errors.js';

export interface OutlookClientOptions {
  tokens: AccessTokenSource;
  /** Default `https://graph.microsoft.com/`; tests point it at a local fake. */
  baseUrl?: string;
  clock?: Clock;
  requestsPerSec?: number;
  retry?: Partial<RetryPolicy>;
  maxConcurrent?: number;
}

const VERSION = 'v1.0';

export class OutlookClient {
  readonly graph: Client;
  readonly baseUrl: string;
  readonly bucket: TokenBucket;
  private readonly gate: Gate;
  readonly clock: Clock;
  private readonly policy: RetryPolicy;

  constructor(opts: OutlookClientOptions) {
    this.baseUrl = (opts.baseUrl ?? 'https://graph.microsoft.com/').replace(/\/?$/, '/');
    const auth = new GraphAuthMiddleware(opts.tokens);
    const http = new HTTPMessageHandler();
    auth.setNext(http);
    this.graph = Client.initWithMiddleware({ middleware: auth, baseUrl: this.baseUrl, defaultVersion: VERSION });
    this.clock = opts.clock ?? systemClock;
    const rate = opts.requestsPerSec ?? 15;
    this.bucket = new TokenBucket({ ratePerSec: rate, capacity: Math.max(1, rate * 2), clock: this.clock });
    this.gate = new Gate(opts.maxConcurrent ?? 4);
    this.policy = { ...defaultRetryPolicy, ...opts.retry };
  }

  /** Same contract as GmailClient.call: non-idempotent calls retry only answers that prove a refusal. */
  call<T>(what: string, fn: (graph: Client) => Promise<T>, { idempotent = true }: { idempotent?: boolean } = {}): Promise<T> {
    return withRetry(
      async () => {
        try {
          return await this.gate.run(async () => {
            await this.bucket.take(1);
            return await fn(this.graph);
          });
        } catch (e) {
          const mapped = mapGraphError(e, what, this.clock.now());
          if (!idempotent && mapped.kind === 'transient')
            throw new MailProviderError('transient', `${mapped.message}; not retried: the message may have been accepted`, { ...mapped.options, retryable: false });
          throw mapped;
        }
      },
      { policy: this.policy, clock: this.clock, bucket: this.bucket },
    );
  }

  /**
   * Turns a nextLink/deltaLink into a path for `graph.api()`. The link is opaque (Graph spells folder segments
   * `mailFolders/{id}` or `mailfolders('{id}')`, and its tokens are its own); only its origin and version are
   * checked: a link that would leave the configured Graph host is refused, so a stored cursor can never send
   * the bearer token elsewhere.
   */
  relativeLink(link: string): string {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new MailProviderError('invalid', 'graph link is not a URL', { retryable: false });
    }
    const base = new URL(this.baseUrl);
    const prefix = `${base.pathname}${VERSION}/`;
    if (url.origin !== base.origin || !url.pathname.startsWith(prefix))
      throw new MailProviderError('invalid', 'graph link is not under the configured Graph base URL', { retryable: false });
    return `/${link.slice(link.indexOf(prefix, url.origin.length) + prefix.length)}`;
  }
}
