/**
 * Sends one exact, already composed RFC 822 message by SMTP (nodemailer's SMTP connection) and says precisely
 * how it ended, because exactly-once sending depends on it:
 *   - refused: the server answered with a 4xx/5xx or the login failed: nothing went out;
 *   - unreached: the connection or TLS failed before any envelope was given: nothing went out;
 *   - unknown: the connection broke once the envelope was under way (e.g. cut after DATA): it may have gone out.
 */
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { MailProviderError } from '../provider.js';

export interface SmtpConfig {
  host: string;
  port: number;
  /** true: TLS from the start (465); false: STARTTLS, required. */
  secure: boolean;
  user: string;
  password: string;
  ca?: string;
  servername?: string;
  timeoutMs?: number;
}

export interface SmtpEnvelope {
  from: string;
  to: string[];
}

type SmtpError = Error & { code?: string; responseCode?: number; command?: string };

/** Marks an SMTP failure after which the message may have been accepted: look in Sent, never resend blindly. */
export class SmtpUnknownOutcomeError extends MailProviderError {
  constructor(cause: unknown) {
    super('transient', 'the connection to the mail server broke while sending: it may have gone out', { cause });
    this.name = 'SmtpUnknownOutcomeError';
  }
}

function refused(e: SmtpError, stage: string): MailProviderError {
  const code = e.responseCode ?? 0;
  if (e.code === 'EAUTH' || code === 535 || code === 534)
    return new MailProviderError('auth', 'The mail server did not accept the user name and app password for sending. Make a new app password and connect again.', { retryable: false, status: code, cause: e });
  if (code >= 400 && code < 500)
    // A temporary refusal ("try again later"): nothing was accepted, so a later attempt is safe.
    return new MailProviderError('rate_limit', `the mail server asked to try again later (${code} at ${stage})`, { retryAfterMs: 5 * 60_000, status: code, cause: e });
  return new MailProviderError('invalid', `the mail server refused the message (${code || e.code || 'error'} at ${stage})`, { retryable: false, status: code, cause: e });
}

function unreached(e: SmtpError): MailProviderError {
  // Nothing was handed over; "rate_limit" is the retryable refusal kind the send flow puts back to approved.
  return new MailProviderError('rate_limit', `the mail server could not be reached for sending (${e.code ?? 'connection'}); nothing was sent`, { retryAfterMs: 60_000, cause: e });
}

function open(cfg: SmtpConfig): SMTPConnection {
  return new SMTPConnection({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    requireTLS: !cfg.secure,
    connectionTimeout: cfg.timeoutMs ?? 20_000,
    greetingTimeout: cfg.timeoutMs ?? 20_000,
    socketTimeout: (cfg.timeoutMs ?? 20_000) * 3,
    tls: { ...(cfg.ca ? { ca: cfg.ca } : {}), ...(cfg.servername ? { servername: cfg.servername } : {}), minVersion: 'TLSv1.2' },
  });
}

/**
 * `beforeSubmit` runs after login, just before the envelope goes out: the last moment at which nothing can
 * have been sent (the IMAP provider marks its Sent copy as submitting there).
 */
export async function sendBySmtp(
  cfg: SmtpConfig,
  envelope: SmtpEnvelope,
  raw: Uint8Array,
  hooks: { beforeSubmit?: () => Promise<void> } = {},
): Promise<{ response: string }> {
  const conn = open(cfg);
  let stage: 'connect' | 'login' | 'send' | 'done' = 'connect';
  // Failures reach the pending callback; the event only must not go unhandled.
  conn.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => {
      conn.once('error', reject);
      conn.connect(() => (conn.removeListener('error', reject), resolve()));
    });
    stage = 'login';
    await new Promise<void>((resolve, reject) => conn.login({ user: cfg.user, pass: cfg.password }, (err) => (err ? reject(err) : resolve())));
    if (hooks.beforeSubmit) await hooks.beforeSubmit().catch((e) => Promise.reject(Object.assign(e as object, { beforeSubmit: true })));
    stage = 'send';
    const info = await new Promise<{ response: string }>((resolve, reject) => {
      const onClose = () => reject(Object.assign(new Error('connection closed during send'), { code: 'ECONNECTION' }));
      conn.once('end', onClose);
      conn.send(envelope, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), (err, result) => {
        conn.removeListener('end', onClose);
        if (err) reject(err);
        else resolve({ response: String(result.response ?? '') });
      });
    });
    stage = 'done';
    return info;
  } catch (err) {
    const e = err as SmtpError & { beforeSubmit?: boolean };
    if (e.beforeSubmit) throw err;
    if (stage === 'connect') throw e.responseCode ? refused(e, 'greeting') : unreached(e);
    if (stage === 'login') throw e.responseCode || e.code === 'EAUTH' ? refused(e, 'login') : unreached(e);
    // During the envelope and data: an SMTP reply is a refusal; a broken connection leaves the outcome unknown.
    if (e.responseCode) throw refused(e, e.command ?? 'send');
    if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') throw refused(e, 'envelope');
    throw new SmtpUnknownOutcomeError(e);
  } finally {
    try {
      if (stage === 'done') conn.quit();
      else conn.close();
    } catch {
      /* already closed */
    }
  }
}

/** Logs in and out without sending: the "test connection" check of the outgoing server. */
export async function verifySmtp(cfg: SmtpConfig): Promise<void> {
  const conn = open(cfg);
  conn.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => {
      conn.once('error', reject);
      conn.connect(() => (conn.removeListener('error', reject), resolve()));
    });
    await new Promise<void>((resolve, reject) => conn.login({ user: cfg.user, pass: cfg.password }, (err) => (err ? reject(err) : resolve())));
  } finally {
    try {
      conn.quit();
    } catch {
      /* closed */
    }
  }
}
