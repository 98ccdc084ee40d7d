import type { Env } from '../config/env.js';
import type { Db } from '../db/client.js';
import type { LoginRateLimiter } from '../services/accounts/auth.js';
import type { LoadedSession } from '../services/accounts/sessions.js';
import type { MailDeps } from '../services/mailbox/providers.js';

export interface OutgoingNotice {
  to: string;
  subject: string;
  text: string;
}

export interface AppDeps {
  db: Db;
  runtime: 'node' | 'workers';
  version: string;
  /** Parsed configuration (src/config/env.ts). Optional so tests can pass only what they need. */
  env?: Partial<Env>;
  /** The clock; an account's demo clock (settings.demoNow) takes precedence for its analysis. */
  now?: () => Date;
  /** Structured log lines: metadata only, never message bodies or passwords. */
  log?: (entry: Record<string, unknown>) => void;
  /** Replaces SMTP for account mail (password reset); tests capture it. */
  mailer?: (notice: OutgoingNotice) => Promise<void>;
  loginLimiter?: LoginRateLimiter;
  /** Mail providers for sending approved drafts and revoking grants (Gmail / Outlook). */
  mail?: MailDeps;
  /** Where uploaded mailboxes wait for the parent to confirm their school contacts (Node only). */
  uploadDir?: string;
  /** Used for best-effort token revocation. */
  fetch?: typeof fetch;
}

export interface AppVars {
  session: LoadedSession | null;
  csrf: string;
}

export type AppEnv = { Variables: AppVars };
