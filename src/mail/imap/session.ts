/**
 * One lazily opened IMAP connection per provider instance, reused across calls and logged out after a short
 * idle spell (the sync service makes a provider per run and does not close it). A connection that failed is
 * dropped and the next call opens a new one, so a server that hangs up mid-fetch costs one error, not a
 * stuck client.
 */
import { ImapFlow } from 'imapflow';
import type { ImapCredentials, ImapTransportOptions } from './config.js';
import { toProviderError } from './errors.js';

export function imapClient(creds: ImapCredentials, opts: ImapTransportOptions = {}): ImapFlow {
  const client = new ImapFlow({
    host: creds.imap.host,
    port: creds.imap.port,
    secure: creds.imap.secure,
    // STARTTLS is required when the connection does not start with TLS: a password never goes in the clear.
    doSTARTTLS: creds.imap.secure ? undefined : true,
    auth: { user: creds.user, pass: creds.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: opts.connectionTimeoutMs ?? 20_000,
    greetingTimeout: 15_000,
    socketTimeout: opts.socketTimeoutMs ?? 120_000,
    tls: { ...(opts.ca ? { ca: opts.ca } : {}), ...(opts.servername ? { servername: opts.servername } : {}), minVersion: 'TLSv1.2' },
    clientInfo: { name: 'Followthrough' },
  } as ConstructorParameters<typeof ImapFlow>[0]);
  // imapflow reports socket failures as 'error' events too; the failing command rejects, so only swallow here.
  client.on('error', () => {});
  return client;
}

export class ImapSession {
  private client: ImapFlow | null = null;
  private connecting: Promise<ImapFlow> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly creds: ImapCredentials,
    private readonly opts: ImapTransportOptions & { idleCloseMs?: number } = {},
  ) {}

  /** Runs `fn` on a connected client; any failure discards the connection and is mapped to a provider error. */
  async use<T>(doing: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    let client: ImapFlow;
    try {
      client = await this.connect();
    } catch (e) {
      throw toProviderError(e, 'connecting');
    }
    try {
      return await fn(client);
    } catch (e) {
      this.discard(client);
      throw toProviderError(e, doing);
    } finally {
      this.scheduleClose();
    }
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const c = this.client;
    this.client = null;
    if (c?.usable) await c.logout().catch(() => c.close());
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.client = null;
    if (!this.connecting) {
      const c = imapClient(this.creds, this.opts);
      this.connecting = c
        .connect()
        .then(() => (this.client = c))
        .finally(() => (this.connecting = null));
    }
    return this.connecting;
  }

  private discard(client: ImapFlow): void {
    if (this.client === client) this.client = null;
    client.close();
  }

  private scheduleClose(): void {
    this.idleTimer = setTimeout(() => void this.close(), this.opts.idleCloseMs ?? 15_000);
    this.idleTimer.unref?.();
  }
}
