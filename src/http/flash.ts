/**
 * "Saved."-style notices after a redirect travel in `?done=` (so a reload keeps them), but a page shows the
 * text only when this browser was just sent there by us: the redirect also sets a short-lived cookie holding
 * the same text. A crafted link (`/?done=Call this number…`) shows nothing, since another site cannot set it.
 */
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { secureCookies } from './middleware/session.js';

const COOKIE = 'ft_flash';

export function flashCookies(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const location = c.res.headers.get('location');
    if (!location || c.res.status < 300 || c.res.status >= 400) return;
    const done = new URL(location, 'https://app.invalid').searchParams.get('done');
    if (done) setCookie(c, COOKIE, encodeURIComponent(done), { httpOnly: true, sameSite: 'Lax', secure: secureCookies(c), path: '/', maxAge: 120 });
  };
}

/** The notice to show on this page, if we set it; it is shown once. */
export function takeFlash(c: Context): string | null {
  const done = c.req.query('done');
  if (!done) return null;
  const cookie = getCookie(c, COOKIE);
  if (!cookie || cookie !== encodeURIComponent(done)) return null;
  deleteCookie(c, COOKIE, { path: '/', secure: secureCookies(c) });
  return done;
}
