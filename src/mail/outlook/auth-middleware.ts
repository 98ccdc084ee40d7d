/**
 * The Graph client's first middleware: attaches the bearer token to every request (the stock handler only
 * does so for https Graph hosts), refreshes once on a 401 and replays, and marks the account for reconnection
 * when a fresh token is refused too.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { AccessTokenSource } from '../oauth/access-token.js';
import { MailProviderError } from '../provider.js';
import { wrapForGraphClient } from './errors.js';

function setBearer(ctx: Context, token: string): void {
  ctx.options ??= {};
  const headers = ctx.options.headers;
  if (headers instanceof Headers) headers.set('Authorization', `Bearer ${token}`);
  else ctx.options.headers = { ...(headers as Record<string, string> | undefined), Authorization: `Bearer ${token}` };
}

export class GraphAuthMiddleware implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly tokens: AccessTokenSource) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(ctx: Context): Promise<void> {
    if (!this.next) throw new Error('GraphAuthMiddleware needs a next middleware');
    try {
      const token = await this.tokens.get();
      setBearer(ctx, token);
      await this.next.execute(ctx);
      if (ctx.response?.status !== 401) return;
      await ctx.response.body?.cancel();
      setBearer(ctx, await this.tokens.afterUnauthorized(token));
      await this.next.execute(ctx);
      if (ctx.response?.status === 401) throw await this.tokens.rejectedAfterRefresh();
    } catch (e) {
      if (e instanceof MailProviderError) throw wrapForGraphClient(e);
      throw e;
    }
  }
}
