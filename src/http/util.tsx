import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { AppError } from '../core/errors.js';
import { TextMemo } from '../core/text-memo.js';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Child } from 'hono/jsx';
import { children, drafts, requests, threads } from '../db/schema.js';
import { anyOf, preparedPerDb } from '../db/prepared.js';
import { accountNow } from '../services/onboarding/demo.js';
import type { LoadedSession } from '../services/accounts/sessions.js';
import type { AppDeps, AppEnv } from './deps.js';
import { Layout } from './pages/layout.js';
import { takeFlash } from './flash.js';

export type Ctx = Context<AppEnv>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string | undefined): s is string => Boolean(s && UUID.test(s));

export function render(c: Ctx, title: string, body: Child, opts: { status?: ContentfulStatusCode; flash?: string | null; error?: string | null } = {}) {
  const s = c.get('session');
  return c.html(
    <Layout title={title} csrf={c.get('csrf')} signedIn={s ? { name: s.account.name, email: s.account.email } : null} flash={opts.flash ?? takeFlash(c)} error={opts.error ?? null}>
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
  return accountNow(account, deps.now());
}

/**
 * The accounts whose rows this request may touch. Reading: the parent's own and, for an advocate, the
 * families who granted access. Changing anything (approving, overriding, uploading): the parent's own only —
 * nothing reaches a school without the parent's own approval.
 */
export async function visible(c: Ctx, deps: AppDeps): Promise<string[]> {
  const s = session(c);
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return [s.account.id];
  return [s.account.id, ...s.grantedAccountIds]; // visibleAccountIds' rule, read with the session (sessions.ts)
}

// Every child page loads its child first: prepared (src/db/prepared.ts), still scoped to the visible accounts.
const childIfVisible = preparedPerDb((db) =>
  db
    .select()
    .from(children)
    .where(and(eq(children.id, sql.placeholder('id')), anyOf(children.accountId, 'accountIds')))
    .prepare('load_child'),
);

export async function loadChild(c: Ctx, deps: AppDeps, id: string | undefined) {
  if (!isUuid(id)) notFound(c);
  const ids = await visible(c, deps);
  const [row] = await childIfVisible(deps.db).execute({ id, accountIds: ids });
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

/** Form fields are text a person typed: control characters (NUL above all: Postgres refuses it) are refused. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MAX_FIELD = 200_000;
const formFields = z.record(
  z.string(),
  z.union([z.string(), z.instanceof(File), z.array(z.union([z.string(), z.instanceof(File)])).max(1_000, 'Too many values in one field.')]),
);

export async function form(c: Ctx): Promise<Record<string, string | File | (string | File)[]>> {
  let body: unknown;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new AppError('bad_request', 'This form could not be read. Please go back and try again.');
  }
  const parsed = formFields.safeParse(body);
  if (!parsed.success) throw new AppError('bad_request', parsed.error.issues[0]?.message ?? 'This form could not be read.');
  for (const value of Object.values(parsed.data).flat()) {
    if (typeof value !== 'string') continue;
    if (CONTROL.test(value)) throw new AppError('bad_input', 'Some text contained characters that cannot be saved (such as a NUL byte). Please remove them and try again.');
    if (value.length > MAX_FIELD) throw new AppError('bad_input', 'One of the fields is too long.');
  }
  return parsed.data;
}

export function formatDate(ymd: string): string {
  return FORMATTED_DATES.remember(ymd, () => {
    const [y, m, d] = ymd.split('-').map(Number);
    return DATE_FORMAT.format(new Date(Date.UTC(y!, m! - 1, d!)));
  });
}
// A page shows each of a few hundred days many times; the text depends on the day alone.
const FORMATTED_DATES = new TextMemo<string>(10_000);

// Building an Intl.DateTimeFormat costs far more than formatting with one (toLocale…String builds one per
// call): the page formatters are made once, per time zone for instants.
const DATE_FORMAT = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' });
const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** A moment for a US parent: 12-hour clock, in the child's (or account's) zone. */
export function formatInstant(d: Date, timezone: string): string {
  let f = instantFormats.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });
    instantFormats.set(timezone, f);
  }
  return f.format(d);
}

/** A time zone by its name, as people say it ("Pacific time"), never the IANA id. */
export function timezoneName(timezone: string): string {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longGeneric' }).formatToParts(new Date(0)).find((p) => p.type === 'timeZoneName')?.value;
    if (!name || /^GMT/.test(name)) return timezone.replace(/_/g, ' ').split('/').pop() ?? timezone;
    return name.replace(/ Time$/, ' time');
  } catch {
    return timezone;
  }
}
