/**
 * Gmail / gaxios failures → MailProviderError kinds. Classified on status and the structured `errors[].reason`,
 * never on message text (the one exception: Gmail's 429 names its retry time only in the message).
 */
import { MailProviderError } from '../provider.js';
import { parseRetryAfter } from '../quota.js';

export type GmailOp =
  | 'getProfile'
  | 'messages.list'
  | 'messages.get'
  | 'history.list'
  | 'messages.send'
  | 'drafts.create'
  | 'watch';

/** Quota units per method (Gmail API "Usage limits"). */
export const GMAIL_COST: Record<GmailOp, number> = {
  getProfile: 1,
  'messages.list': 5,
  'messages.get': 5,
  'history.list': 2,
  'messages.send': 100,
  'drafts.create': 10,
  watch: 100,
};

interface ErrorLike {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  response?: { status?: number; headers?: { get?(name: string): string | null } | Record<string, string>; data?: unknown };
}

/**
 * 403/429 reasons (developers.google.com/gmail/api/guides/handle-errors; workspace "Usage limits"): the per-minute
 * limits ask for a back-off; the daily limit for a retry much later; the admin's policy and a withdrawn scope for a
 * person, and reconnecting (the "auth" remedy) fixes neither of the first three.
 */
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'concurrentLimitExceeded']);
const DAILY_REASONS = new Set(['dailyLimitExceeded', 'dailyLimitExceededUnreg']);
/** Until the daily quota can have refilled; the job comes back then, not sooner. */
const DAILY_RETRY_MS = 3_600_000;
const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'TimeoutError', 'AbortError',
]);

function header(res: ErrorLike['response'], name: string): string | null {
  const h = res?.headers;
  if (!h) return null;
  if (typeof (h as { get?: unknown }).get === 'function') return (h as { get(n: string): string | null }).get(name);
  const rec = h as Record<string, string>;
  return rec[name] ?? rec[name.toLowerCase()] ?? null;
}

function reasons(data: unknown): string[] {
  const errors = (data as { error?: { errors?: Array<{ reason?: unknown }> } } | undefined)?.error?.errors;
  return Array.isArray(errors) ? errors.map((e) => String(e?.reason ?? '')) : [];
}

function apiMessage(data: unknown): string {
  const m = (data as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof m === 'string' ? m : '';
}

function networkCode(e: unknown, depth = 0): string | undefined {
  if (!e || typeof e !== 'object' || depth > 4) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  const name = (e as { name?: unknown }).name;
  if (typeof name === 'string' && NETWORK_CODES.has(name)) return name;
  // undici reports a body cut short as TypeError('terminated') caused by a SocketError.
  if (name === 'TypeError' && (e as { message?: unknown }).message === 'terminated') return 'terminated';
  return networkCode((e as { cause?: unknown }).cause, depth + 1);
}

/**
 * The `cause` kept on the mapped error is a summary, never the gaxios error itself: that one carries the
 * request config, and for a send its `data` is the message body, which must not reach a log.
 */
export function mapGmailError(e: unknown, op: GmailOp, now: number): MailProviderError {
  if (e instanceof MailProviderError) return e;
  const err = (e ?? {}) as ErrorLike;
  const status = err.response?.status ?? (typeof err.status === 'number' ? err.status : undefined);
  const data = err.response?.data;
  const why = reasons(data);
  const what = `gmail ${op}`;
  const summary = { op, status, reasons: why, code: networkCode(e) };

  if (status === undefined) {
    const code = networkCode(e);
    if (code) return new MailProviderError('transient', `${what}: connection failed (${code})`, { cause: summary });
    return new MailProviderError('transient', `${what}: request failed`, { cause: summary });
  }
  if (status === 401) return new MailProviderError('auth', `${what}: unauthorized`, { status, retryable: false, cause: summary });
  if (status === 429 || (status === 403 && why.some((r) => RATE_REASONS.has(r)))) {
    const retryAfterMs =
      parseRetryAfter(header(err.response, 'retry-after'), now) ??
      parseRetryAfter(/Retry after (\S+)/i.exec(apiMessage(data))?.[1], now);
    return new MailProviderError('rate_limit', `${what}: rate limited`, {
      status,
      cause: summary,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (why.some((r) => DAILY_REASONS.has(r)))
    return new MailProviderError('rate_limit', `${what}: daily limit reached; retry later`, { status, cause: summary, retryAfterMs: DAILY_RETRY_MS });
  if (status === 403 && why.includes('domainPolicy'))
    return new MailProviderError('policy', `${what}: the Google Workspace administrator does not allow this app`, { status, retryable: false, cause: summary });
  if (status === 403 && why.includes('insufficientPermissions'))
    return new MailProviderError('scope', `${what}: a permission this app needs was not granted`, { status, retryable: false, cause: summary });
  if (status === 404 && op === 'history.list')
    return new MailProviderError('cursor_expired', `${what}: startHistoryId is too old`, { status, retryable: false, cause: summary });
  if (status === 404) return new MailProviderError('not_found', `${what}: not found`, { status, retryable: false, cause: summary });
  // Another 403 (forbidden, a reason not documented here): reconnecting would not help either; a person looks.
  if (status === 403) return new MailProviderError('invalid', `${what}: forbidden (${why.join(',') || 'no reason'})`, { status, retryable: false, cause: summary });
  if (status >= 500 || status === 408) return new MailProviderError('transient', `${what}: server error ${status}`, { status, cause: summary });
  return new MailProviderError('invalid', `${what}: HTTP ${status} (${why.join(',') || 'no reason'})`, { status, retryable: false, cause: summary });
}
