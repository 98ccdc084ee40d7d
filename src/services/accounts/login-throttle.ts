/**
 * Sign-in rate limits kept in Postgres, so they hold across instances and restarts:
 * - per address: 5 failures for one email from one client address in 15 minutes;
 * - per account: 20 failures for one email from any addresses in 15 minutes (a guesser rotating addresses).
 * A success clears the address counter only: the account counter keeps a distributed attack visible.
 */
import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { loginFailures } from '../../db/schema.js';

export interface ThrottleLimits {
  perAddress: number;
  perAccount: number;
  windowMs: number;
}

export const LOGIN_LIMITS: ThrottleLimits = { perAddress: 5, perAccount: 20, windowMs: 15 * 60_000 };

export interface LoginAttempt {
  email: string;
  /** The client address as the trusted-proxy setting reads it (http/client-address.ts). */
  address: string;
}

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    readonly limits: ThrottleLimits = LOGIN_LIMITS,
  ) {}

  private keys(a: LoginAttempt) {
    return { address: `${a.email}|${a.address}`, account: a.email };
  }

  private async failures(scope: 'address' | 'account', key: string, now: Date): Promise<number> {
    const since = new Date(now.getTime() - this.limits.windowMs);
    const [row] = await this.db
      .select({ n: count() })
      .from(loginFailures)
      .where(and(eq(loginFailures.scope, scope), eq(loginFailures.key, key), gte(loginFailures.at, since)));
    return Number(row?.n ?? 0);
  }

  async blocked(a: LoginAttempt, now: Date): Promise<boolean> {
    const k = this.keys(a);
    const [byAddress, byAccount] = await Promise.all([this.failures('address', k.address, now), this.failures('account', k.account, now)]);
    return byAddress >= this.limits.perAddress || byAccount >= this.limits.perAccount;
  }

  async fail(a: LoginAttempt, now: Date): Promise<void> {
    const k = this.keys(a);
    const expired = new Date(now.getTime() - this.limits.windowMs);
    await this.db.transaction(async (tx) => {
      await tx.delete(loginFailures).where(and(eq(loginFailures.key, k.account), eq(loginFailures.scope, 'account'), lt(loginFailures.at, expired)));
      await tx.delete(loginFailures).where(and(eq(loginFailures.key, k.address), eq(loginFailures.scope, 'address'), lt(loginFailures.at, expired)));
      await tx.insert(loginFailures).values([
        { scope: 'address', key: k.address, at: now },
        { scope: 'account', key: k.account, at: now },
      ]);
    });
  }

  async succeeded(a: LoginAttempt): Promise<void> {
    await this.db.delete(loginFailures).where(and(eq(loginFailures.scope, 'address'), eq(loginFailures.key, this.keys(a).address)));
  }
}
