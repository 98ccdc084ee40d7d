/**
 * Response headers every page carries (hono's secure-headers): a Content-Security-Policy whose only script
 * is the page's own, by nonce (hostile mail rendered in a thread can never run one), no framing, no
 * sniffing, and `Cache-Control: no-store` on everything that is not public, since pages hold a child's
 * disability data and a shared or library computer must not keep them in its cache.
 */
import type { MiddlewareHandler } from 'hono';
import { getContext } from 'hono/context-storage';
import { NONCE, secureHeaders } from 'hono/secure-headers';

const PUBLIC_PATHS = /^\/(?:healthz|rules(?:\/|$))/;

export function securityHeaders(): MiddlewareHandler[] {
  return [
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: [NONCE],
        // Inline style attributes are used by the server-rendered pages; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'", 'https://accounts.google.com', 'https://login.microsoftonline.com'],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
    }),
    async (c, next) => {
      await next();
      // Set on the response's own headers, as secureHeaders does: c.header() after the handler has answered
      // rebuilds the response around its body stream, which made @hono/node-server stream every page out
      // through a web stream instead of writing its string at once.
      if (!PUBLIC_PATHS.test(c.req.path)) c.res.headers.set('cache-control', 'no-store');
    },
  ];
}

/** The nonce of the current request's CSP, for the page's own inline script. */
export function scriptNonce(): string | undefined {
  try {
    return getContext<{ Variables: { secureHeadersNonce?: string } }>().get('secureHeadersNonce');
  } catch {
    return undefined; // rendered outside a request (tests of a page component alone)
  }
}
