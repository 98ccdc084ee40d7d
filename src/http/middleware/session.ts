/**
 * Loads the session from its cookie, hands every page a CSRF token (the session's; before sign-in a
 * double-submit token in its own cookie), and rejects any state-changing request without the matching token
 * (403). Tokens come from the `x-csrf-token` header or a `_csrf` form field.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { timingSafeEqual } from '../../services/accounts/auth.js';
import { loadSession, randomToken } from '../../services/accounts/sessions.js';
import type { AppDeps, AppEnv } from '../deps.js';

export const SESSION_COOKIE = 'ft_session';
export const PRE_COOKIE = 'ft_pre';

/**
 * Secure cookies follow the configured public URL (APP_URL), never the request's Host header, which a client
 * or a misconfigured proxy controls: an https deployment always sets them, a plain-http local one cannot.
 */
export function secureCookies(c: Context): boolean {
  return (c.get('secureCookies') as boolean | undefined) ?? true;
}

export function cookieOptions(c: Context, maxAgeSec?: number) {
  return { httpOnly: true, sameSite: 'Lax' as const, secure: secureCookies(c), path: '/', ...(maxAgeSec ? { maxAge: maxAgeSec } : {}) };
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date, now: Date) {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, Math.max(60, Math.floor((expiresAt.getTime() - now.getTime()) / 1000))));
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookies(c) });
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const secure = new URL(deps.env.APP_URL ?? 'https://invalid').protocol === 'https:';
  return async (c, next) => {
    c.set('secureCookies', secure);
    const now = deps.now();
    const session = await loadSession(deps.db, getCookie(c, SESSION_COOKIE), now);
    c.set('session', session);
    if (session) {
      c.set('csrf', session.csrfToken);
      if (session.renewed) setSessionCookie(c, getCookie(c, SESSION_COOKIE)!, session.expiresAt, now);
    } else {
      let pre = getCookie(c, PRE_COOKIE);
      if (!pre || pre.length < 20 || pre.length > 100) {
        pre = randomToken();
        setCookie(c, PRE_COOKIE, pre, cookieOptions(c));
      }
      c.set('csrf', pre);
    }
    if (UNSAFE.has(c.req.method)) {
      // No anonymous form uploads exist: refuse them before any body is parsed.
      if (!session && (c.req.header('content-type') ?? '').startsWith('multipart/form-data')) return c.json({ error: 'sign_in_required' }, 401);
      const given = await submittedToken(c);
      const expected = c.get('csrf');
      const enc = new TextEncoder();
      if (!given || !timingSafeEqual(enc.encode(given), enc.encode(expected))) {
        return c.html(
          '<!doctype html><title>Please try again</title><p>This form had expired or came from somewhere else, so nothing was changed. Please go back, reload the page and try again.</p>',
          403,
        );
      }
    }
    await next();
  };
}

async function submittedToken(c: Context): Promise<string | null> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    try {
      const body = await c.req.parseBody();
      const v = body['_csrf'];
      return typeof v === 'string' ? v : null;
    } catch {
      return null;
    }
  }
  return null;
}
