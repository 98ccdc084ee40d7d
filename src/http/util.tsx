import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { and, eq, inArray } from 'drizzle-orm';
import type { Child } from 'hono/jsx';
import { children, drafts, requests, threads } from '../db/schema.js';
import { accountNow } from '../services/onboarding/demo.js';
import { visibleAccountIds, type LoadedSession } from '../services/accounts/sessions.js';
import type { AppDeps, AppEnv } from './deps.js';
import { Layout } from './pages/layout.js';

export type Ctx = Context<AppEnv>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string | undefined): s is string => Boolean(s && UUID.test(s));

export function render(c: Ctx, title: string, body: Child, opts: { status?: 200 | 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503; flash?: string | null; error?: string | null } = {}) {
  const s = c.get('session');
  return c.html(
    <Layout title={title} csrf={c.get('csrf')} signedIn={s ? { name: s.account.name, email: s.account.email } : null} flash={opts.flash ?? c.req.query('done') ?? null} error={opts.error ?? null}>
      {body}
    </Layout>,
    opts.status ?? 200,
  );
}

/** Any id that is not the signed-in account's (or a granting family's) is simply not found. */
export function notFound(c: Ctx): never {
  const s = c.get('session');
  const html = (
    <Layout title="Not found" csrf={c.get('csrf')} signedIn={s ? { name: s.account.name, email: s.account.email } : null}>
      <h1>We could not find that page</h1>
      <p>
        It may have been removed, or the link is not quite right. <a href="/app">Back to your children</a>
      </p>
    </Layout>
  );
  throw new HTTPException(404, { res: new Response(html.toString(), { status: 404, headers: { 'content-type': 'text/html; charset=UTF-8' } }) });
}

export const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('session')) {
    if (c.req.path.startsWith('/api/') || c.req.method !== 'GET') return c.json({ error: 'sign_in_required' }, 401);
    return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
  }
  await next();
};

export function session(c: Ctx): LoadedSession {
  const s = c.get('session');
  if (!s) throw new HTTPException(401);
  return s;
}

export function actorOf(c: Ctx, ownerAccountId: string): string {
  const s = session(c);
  return s.account.id === ownerAccountId ? `parent:${s.account.id}` : `advocate:${s.account.id}`;
}

export function nowFor(deps: AppDeps, account: { settings: Record<string, unknown> }): Date {
  return accountNow(account, deps.now?.() ?? new Date());
}

/**
 * The accounts whose rows this request may touch. Reading: the parent's own and, for an advocate, the
 * families who granted access. Changing anything (approving, overriding, uploading): the parent's own only —
 * nothing reaches a school without the parent's own approval.
 */
export async function visible(c: Ctx, deps: AppDeps): Promise<string[]> {
  const self = session(c).account.id;
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return [self];
  return visibleAccountIds(deps.db, self);
}

export async function loadChild(c: Ctx, deps: AppDeps, id: string | undefined) {
  if (!isUuid(id)) notFound(c);
  const ids = await visible(c, deps);
  const [row] = await deps.db.select().from(children).where(and(eq(children.id, id), inArray(children.accountId, ids)));
  if (!row) notFound(c);
  return row;
}

export async function loadThread(c: Ctx, deps: AppDeps, id: string | undefined) {
  if (!isUuid(id)) notFound(c);
  const ids = await visible(c, deps);
  const [row] = await deps.db.select().from(threads).where(and(eq(threads.id, id), inArray(threads.accountId, ids)));
  if (!row) notFound(c);
  return row;
}

export async function loadRequest(c: Ctx, deps: AppDeps, id: string | undefined) {
  if (!isUuid(id)) notFound(c);
  const ids = await visible(c, deps);
  const [row] = await deps.db.select().from(requests).where(and(eq(requests.id, id), inArray(requests.accountId, ids)));
  if (!row) notFound(c);
  return row;
}

export async function loadDraft(c: Ctx, deps: AppDeps, id: string | undefined) {
  if (!isUuid(id)) notFound(c);
  const ids = await visible(c, deps);
  const [row] = await deps.db.select().from(drafts).where(and(eq(drafts.id, id), inArray(drafts.accountId, ids)));
  if (!row) notFound(c);
  return row;
}

export async function form(c: Ctx): Promise<Record<string, string | File | (string | File)[]>> {
  return (await c.req.parseBody({ all: true })) as Record<string, string | File | (string | File)[]>;
}

export function str(f: Record<string, unknown>, k: string): string {
  const v = f[k];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
}

export function strs(f: Record<string, unknown>, k: string): string[] {
  const v = f[k];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

export function log(deps: AppDeps, entry: Record<string, unknown>) {
  (deps.log ?? ((e) => console.log(JSON.stringify(e))))({ level: 'info', ...entry });
}

export function formatDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
}

export function formatInstant(d: Date, timezone: string): string {
  return d.toLocaleString('en-US', { timeZone: timezone, month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
}
