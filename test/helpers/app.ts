/**
 * The web app as the entries build it (src/compose/create-deps.ts), with the test-only replacements in
 * one place: a partial configuration, captured account mail and log lines, the mail fakes, a fixed clock.
 */
import { join } from 'node:path';
import { parseEnv, type Env } from '../../src/config/env.js';
import { createDeps, type Deps } from '../../src/compose/create-deps.js';
import type { Db } from '../../src/db/client.js';
import { createApp } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/deps.js';
import type { LogEntry } from '../../src/log/logger.js';
import type { AccountMailer } from '../../src/services/accounts/account-mail.js';
import type { MailDeps } from '../../src/services/mailbox/providers.js';
import type { MailboxWork } from '../../src/services/mailbox/services.js';

export interface TestAppOptions {
  db: Db;
  env?: Partial<Env>;
  runtime?: 'node' | 'workers';
  version?: string;
  /** Default: DATA_DIR/uploads on Node, none on Workers (as the entries do). */
  uploadDir?: string | null;
  /** Captures account mail (password reset) instead of SMTP / the dev log. */
  mailer?: AccountMailer;
  /** Captures log lines (all levels). Default: none kept. */
  log?: (entry: LogEntry) => void;
  /** Provider config, keyring or factory pointed at the fakes. */
  mail?: Partial<Omit<MailDeps, 'db'>>;
  now?: () => Date;
  fetch?: typeof fetch;
  enqueue?: (work: MailboxWork) => Promise<void>;
}

export function testDeps(o: TestAppOptions): Deps {
  const env: Env = { ...parseEnv({}), LOG_LEVEL: 'debug', ...o.env };
  const runtime = o.runtime ?? 'node';
  const deps = createDeps(env, {
    name: runtime,
    version: o.version ?? 'test',
    instance: 'test',
    db: { db: o.db, driver: 'pglite', execInTransaction: async () => {}, close: async () => {} },
    uploadDir: o.uploadDir !== undefined ? o.uploadDir : runtime === 'node' ? join(env.DATA_DIR, 'uploads') : null,
    ...(o.enqueue ? { enqueue: o.enqueue } : {}),
    overrides: { logSink: o.log ?? (() => {}), ...(o.now ? { clock: o.now } : {}), ...(o.mail ? { mail: o.mail } : {}), ...(o.fetch ? { fetch: o.fetch } : {}) },
  });
  if (o.mailer) deps.app.mailer = o.mailer;
  return deps;
}

export function testAppDeps(o: TestAppOptions): AppDeps {
  return testDeps(o).app;
}

export function testApp(o: TestAppOptions) {
  return createApp(testAppDeps(o));
}
