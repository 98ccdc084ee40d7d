import type { Env } from '../config/env.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../log/logger.js';
import type { AccountMailer } from '../services/accounts/account-mail.js';
import type { LoginThrottle } from '../services/accounts/login-throttle.js';
import type { LoadedSession } from '../services/accounts/sessions.js';
import type { MailServices } from '../services/mailbox/services.js';

export type { OutgoingNotice } from '../services/accounts/account-mail.js';

/** What the web app is built from: everything comes from the composition root (src/compose/create-deps.ts). */
export interface AppDeps {
  db: Db;
  runtime: 'node' | 'workers';
  version: string;
  /** Parsed configuration (src/config/env.ts). */
  env: Env;
  /** The clock; an account's demo clock (settings.demoNow) takes precedence for its analysis. */
  now: () => Date;
  /** Structured log lines: metadata only, never message bodies or passwords. */
  log: Logger;
  /** Account mail (password reset). */
  mailer: AccountMailer;
  /** Sign-in limits, kept in the database (services/accounts/login-throttle.ts). */
  loginThrottle: LoginThrottle;
  /** Mail providers, sync and push: sending approved drafts, connecting mailboxes, webhooks. */
  mail: MailServices;
  /** Where uploaded mailboxes wait for the parent to confirm their school contacts; null where there is no file system (Workers). */
  uploadDir: string | null;
  /** Used for best-effort token revocation and the mailbox address look-up. */
  fetch: typeof fetch;
}

export interface AppVars {
  /** From APP_URL's scheme (middleware/session.ts). */
  secureCookies: boolean;
  session: LoadedSession | null;
  csrf: string;
  requestId: string;
}

export type AppEnv = { Variables: AppVars };
