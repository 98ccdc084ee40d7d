/**
 * The process the send fault test kills (test/fault/send-kill.test.ts): it sends one approved draft through
 * the real sendDraft and the real provider, and at the chosen step tells its parent over IPC and waits to be
 * killed with SIGKILL. Its configuration (JSON in FT_FAULT) names the database, the keyring, the endpoints of
 * the fakes or servers the parent runs, and the step.
 */
import { openDb } from '../../src/db/client.js';
import { silentLogger } from '../../src/log/logger.js';
import { createGoogleOAuth } from '../../src/mail/oauth/google.js';
import { createMicrosoftOAuth } from '../../src/mail/oauth/microsoft.js';
import { parseKeyring } from '../../src/security/crypto.js';
import { sendDraft } from '../../src/services/drafts/send-draft.js';
import { defaultProvider, type ProviderConfig } from '../../src/services/mailbox/providers.js';
import { syncConnection } from '../../src/services/mailbox/sync.js';

export type KillAt = 'before-send' | 'after-send' | 'never' | 'page-start' | 'page-returned';

export interface FaultConfig {
  db: { url?: string; dataDir?: string };
  draftId: string;
  keyring: string;
  now: string;
  killAt: KillAt;
  /** 'sync': run syncConnection on `connectionId` instead, killed at the `killPage`-th listChanges call. */
  mode?: 'send' | 'sync';
  connectionId?: string;
  killPage?: number;
  pageSize?: number;
  gmail?: { rootUrl: string; tokenEndpoint: string; clientId: string; clientSecret: string };
  outlook?: { baseUrl: string; tokenEndpoint: string; clientId: string; clientSecret: string };
  imap?: { imapCa: string; smtpCa: string };
}

const RETRY = { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 1_000 };

function providers(cfg: FaultConfig): ProviderConfig {
  const out: ProviderConfig = {};
  if (cfg.gmail)
    out.gmail = {
      oauth: createGoogleOAuth({ clientId: cfg.gmail.clientId, clientSecret: cfg.gmail.clientSecret, redirectUri: 'http://localhost/cb', endpoints: { tokenEndpoint: cfg.gmail.tokenEndpoint } }),
      rootUrl: cfg.gmail.rootUrl,
      retry: RETRY,
      quota: { unitsPerSec: 1_000_000, burst: 100_000 },
    };
  if (cfg.outlook)
    out.outlook = {
      oauth: createMicrosoftOAuth({ clientId: cfg.outlook.clientId, clientSecret: cfg.outlook.clientSecret, redirectUri: 'http://localhost/cb', endpoints: { tokenEndpoint: cfg.outlook.tokenEndpoint } }),
      baseUrl: cfg.outlook.baseUrl,
      retry: RETRY,
      requestsPerSec: 100_000,
    };
  if (cfg.imap) out.imap = { imap: { ca: cfg.imap.imapCa, servername: 'localhost' }, smtp: { ca: cfg.imap.smtpCa, servername: 'localhost', timeoutMs: 10_000 } };
  return out;
}

const signal = (step: string) => process.send?.({ step });
const forever = () => new Promise<never>(() => setInterval(() => {}, 60_000));

async function main() {
  const cfg = JSON.parse(process.env['FT_FAULT'] ?? '{}') as FaultConfig;
  const handle = cfg.db.url ? await openDb({ url: cfg.db.url, max: 2 }) : await openDb({ dataDir: cfg.db.dataDir! });
  if (cfg.mode === 'sync') {
    let calls = 0;
    const result = await syncConnection(
      {
        db: handle.db,
        keyring: parseKeyring(cfg.keyring),
        providers: providers(cfg),
        log: silentLogger,
        pageSize: cfg.pageSize ?? 10,
        providerFactory: async (connection, deps) => {
          const p = await defaultProvider(deps, connection);
          const list = p.listChanges.bind(p);
          p.listChanges = async (input) => {
            calls++;
            // At the start of a page: every earlier page is committed with its cursor.
            if (cfg.killAt === 'page-start' && calls === cfg.killPage) return signal('page-start'), forever();
            const page = await list(input);
            // The page is read from the server, nothing of it stored yet.
            if (cfg.killAt === 'page-returned' && calls === cfg.killPage) return signal('page-returned'), forever();
            return page;
          };
          return p;
        },
      },
      cfg.connectionId!,
      { now: new Date(cfg.now) },
    );
    signal(`done:${result.status}`);
    await handle.close();
    process.exit(0);
  }
  const outcome = await sendDraft(
    {
      db: handle.db,
      keyring: parseKeyring(cfg.keyring),
      providers: providers(cfg),
      log: silentLogger,
      providerFactory: async (connection, deps) => {
        const p = await defaultProvider(deps, connection);
        const send = p.send.bind(p);
        p.send = async (m) => {
          if (cfg.killAt === 'before-send') {
            signal('before-send');
            return forever();
          }
          const r = await send(m);
          if (cfg.killAt === 'after-send') {
            // The provider has it; the database does not know yet.
            signal('after-send');
            return forever();
          }
          return r;
        };
        return p;
      },
    },
    cfg.draftId,
    { now: new Date(cfg.now), actor: 'fault-worker' },
  );
  signal(`done:${outcome.status}`);
  await handle.close();
  process.exit(0);
}

main().catch((e: unknown) => {
  signal(`error:${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
