/** Where an account's OAuth tokens live. The product's implementation encrypts them at rest (security/crypto.ts). */

export interface Tokens {
  accessToken: string;
  /** Google returns one only on the first consent; Microsoft rotates it on every refresh. */
  refreshToken: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
  scope?: string;
}

export interface TokenStore {
  get(): Promise<Tokens>;
  save(t: Tokens): Promise<void>;
  /** The grant is gone (revoked, expired, password change): the parent must connect the mailbox again. */
  markNeedsReconnect(reason: string): Promise<void>;
}

/** For tests and one-off scripts. */
export class MemoryTokenStore implements TokenStore {
  reconnectReasons: string[] = [];
  saves = 0;
  constructor(private tokens: Tokens) {}
  async get(): Promise<Tokens> {
    return { ...this.tokens };
  }
  async save(t: Tokens): Promise<void> {
    this.tokens = { ...t };
    this.saves++;
  }
  async markNeedsReconnect(reason: string): Promise<void> {
    this.reconnectReasons.push(reason);
  }
}
