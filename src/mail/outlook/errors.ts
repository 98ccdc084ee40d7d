/** Graph client failures → MailProviderError kinds, on status and the Graph error `code`. */
import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import { MailProviderError } from '../provider.js';
import { parseRetryAfter } from '../quota.js';

const CURSOR_CODES = new Set(['syncstatenotfound', 'syncstateinvalid', 'resyncrequired']);

/** The auth middleware throws this so the adapter's own error survives the Graph client's error wrapping. */
export function wrapForGraphClient(e: MailProviderError): GraphClientError {
  const wrapped = new GraphClientError(e.message);
  wrapped.customError = e;
  return wrapped;
}

function header(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  return null;
}

/**
 * The cause kept is a summary (status, code), not the GraphError: its body can quote the request and must not
 * reach a log.
 */
export function mapGraphError(e: unknown, what: string, now: number): MailProviderError {
  if (e instanceof MailProviderError) return e;
  if (e instanceof GraphClientError && e.customError instanceof MailProviderError) return e.customError;
  if (!(e instanceof GraphError)) return new MailProviderError('transient', `graph ${what}: request failed`, { cause: { what } });
  const status = e.statusCode;
  const code = e.code ?? '';
  const summary = { what, status, code };
  const label = `graph ${what}`;
  // -1: fetch threw before a response; 2xx: the body was cut short while reading it.
  if (status < 100 || (status >= 200 && status < 300)) return new MailProviderError('transient', `${label}: connection failed`, { cause: summary });
  const retryAfterMs = parseRetryAfter(header(e.headers, 'retry-after'), now);
  const after = retryAfterMs !== undefined ? { retryAfterMs } : {};
  if (status === 429) return new MailProviderError('rate_limit', `${label}: throttled (${code})`, { status, cause: summary, ...after });
  if (status === 410 || CURSOR_CODES.has(code.toLowerCase()))
    return new MailProviderError('cursor_expired', `${label}: delta state expired (${code})`, { status, retryable: false, cause: summary });
  if (status === 401) return new MailProviderError('auth', `${label}: unauthorized`, { status, retryable: false, cause: summary });
  // 403 is never an expired token (that is 401): reconnecting fixes only a permission not granted.
  if (status === 403 && /^(ErrorAccessDenied|Authorization_RequestDenied|AccessDenied)$/i.test(code))
    return new MailProviderError('scope', `${label}: a permission this app needs was not granted (${code})`, { status, retryable: false, cause: summary });
  if (status === 403 && /^MailboxNotEnabledForRESTAPI$/i.test(code))
    return new MailProviderError('unsupported', `${label}: this mailbox cannot be read through Microsoft Graph (${code})`, { status, retryable: false, cause: summary });
  if (status === 403) return new MailProviderError('policy', `${label}: forbidden by the organisation (${code})`, { status, retryable: false, cause: summary });
  if (status === 404) return new MailProviderError('not_found', `${label}: not found`, { status, retryable: false, cause: summary });
  if (status >= 500 || status === 408) return new MailProviderError('transient', `${label}: server error ${status} (${code})`, { status, cause: summary, ...after });
  return new MailProviderError('invalid', `${label}: HTTP ${status} (${code})`, { status, retryable: false, cause: summary });
}
