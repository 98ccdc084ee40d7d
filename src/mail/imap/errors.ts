/**
 * imapflow and socket failures mapped to the provider's error kinds, with messages a parent can act on.
 * Only kinds and short texts leave here: never a server response that might quote message content.
 */
import { MailProviderError } from '../provider.js';

type ErrorLike = Error & {
  code?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseStatus?: string;
  responseText?: string;
};

const NETWORK = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS',
  'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'LockTimeout', 'ETHROTTLE',
  'DownloadIncomplete',
]);

export const AUTH_MESSAGE =
  'The mail server did not accept the user name and app password. Make a new app password at your email provider and connect again.';

export function isTlsError(e: ErrorLike): boolean {
  const code = e.code ?? '';
  return /^ERR_TLS|^ERR_SSL|CERT|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH/.test(code) || /certificate|ssl routines|tls/i.test(e.message);
}

export function toProviderError(err: unknown, doing: string): MailProviderError {
  if (err instanceof MailProviderError) return err;
  const e = (err instanceof Error ? err : new Error(String(err))) as ErrorLike;
  const code = e.code ?? '';
  if (e.authenticationFailed) {
    if (e.serverResponseCode === 'UNAVAILABLE') return new MailProviderError('transient', `the mail server could not check the password right now (${doing})`, { cause: err });
    if (e.serverResponseCode === 'LIMIT' || /too many|connection limit|maximum number/i.test(e.responseText ?? ''))
      return new MailProviderError('rate_limit', 'the mail server allows no more connections right now; trying again later', { retryAfterMs: 60_000, cause: err });
    return new MailProviderError('auth', AUTH_MESSAGE, { retryable: false, cause: err });
  }
  if (code === 'ENOTFOUND') return new MailProviderError('transient', `the mail server's name could not be found (${doing})`, { cause: err });
  if (isTlsError(e)) return new MailProviderError('invalid', `the secure connection to the mail server failed (${doing}); check the server name and port`, { retryable: false, cause: err });
  if (NETWORK.has(code) || /socket|closed|timeout|connection not available/i.test(e.message))
    return new MailProviderError('transient', `the connection to the mail server was lost (${doing})`, { cause: err });
  if (e.serverResponseCode === 'LIMIT' || e.serverResponseCode === 'INUSE')
    return new MailProviderError('rate_limit', `the mail server is busy (${doing})`, { retryAfterMs: 60_000, cause: err });
  if (e.serverResponseCode === 'NONEXISTENT' || code === 'NotFound') return new MailProviderError('not_found', `${doing}: not found on the server`, { retryable: false, cause: err });
  if (e.responseStatus === 'NO' || e.responseStatus === 'BAD') return new MailProviderError('invalid', `the mail server refused ${doing}`, { retryable: false, cause: err });
  return new MailProviderError('transient', `${doing} failed`, { cause: err });
}
