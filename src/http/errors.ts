/**
 * Maps the one error model (src/core/errors.ts) to HTTP: a code gives the status; a browser gets an HTML page
 * in plain words, and only /api answers JSON. Every response carries the request id (hono's request-id
 * middleware), and so does every log line of the request, so a parent's "it said error 7f3c…" can be found.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { AppDeps, AppEnv } from './deps.js';

export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  bad_input: 422,
  unsupported_media: 415,
  too_large: 413,
  unauthenticated: 401,
  not_found: 404,
  conflict: 409,
  // Unprocessable rather than 409: the page answers with the record as it is now and says why.
  invalid_transition: 422,
  rate_limited: 429,
  not_configured: 503,
  unavailable: 503,
  internal: 500,
};

const TITLE: Record<ErrorCode, string> = {
  bad_request: 'Please check what you sent',
  bad_input: 'Please check what you entered',
  unsupported_media: 'This file cannot be read',
  too_large: 'File too large',
  unauthenticated: 'Please sign in',
  not_found: 'Page not found',
  conflict: 'Already done',
  invalid_transition: 'This cannot be done now',
  rate_limited: 'Please wait a moment',
  not_configured: 'Not available on this deployment',
  unavailable: 'Temporarily unavailable',
  internal: 'Something went wrong',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

export function requestIdOf(c: Context<AppEnv>): string {
  return (c.get('requestId') as string | undefined) ?? 'unknown';
}

/** The error answer: JSON under /api, else a small HTML page that says what happened and what to do. */
export function errorResponse(c: Context<AppEnv>, code: ErrorCode, message: string): Response {
  const status = STATUS[code];
  const requestId = requestIdOf(c);
  if (isApiPath(c.req.path)) return c.json({ error: code, message, requestId }, status);
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(TITLE[code])}</title>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<h1 style="font-size:1.4rem">${escapeHtml(TITLE[code])}</h1><p>${escapeHtml(message)}</p>
<p><a href="/">Back to the dashboard</a></p>
<p style="color:#6b7280;font-size:.85rem">Reference: ${escapeHtml(requestId)}</p></body></html>`;
  return c.html(html, status);
}

export function onError(deps: Pick<AppDeps, 'log'>): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    const log = deps.log.child({ requestId: requestIdOf(c), path: c.req.path });
    if (err instanceof AppError) {
      if (STATUS[err.code] >= 500) log.error('request failed', { code: err.code, name: err.name });
      return errorResponse(c, err.code, err.message);
    }
    log.error('unhandled', { name: err.name });
    return errorResponse(c, 'internal', 'Nothing was lost, but this page could not be shown. Please try again in a moment.');
  };
}

export const onNotFound: NotFoundHandler<AppEnv> = (c) => errorResponse(c as Context<AppEnv>, 'not_found', 'There is nothing at this address.');
