/** A cookie-keeping client over app.request, with the CSRF token of the last page. */
import type { Hono } from 'hono';
import type { Db } from '../../src/db/client.js';
import { createSession } from '../../src/services/accounts/sessions.js';

type App = { request: Hono['request'] };

export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(
    private app: App,
    private origin = 'http://localhost',
    private ip?: string,
  ) {}

  async req(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (this.ip) headers.set('cf-connecting-ip', this.ip);
    const res = await this.app.request(`${this.origin}${path}`, { ...init, headers });
    for (const sc of setCookies(res)) {
      const [kv] = sc.split(';');
      const i = kv!.indexOf('=');
      const k = kv!.slice(0, i);
      const v = kv!.slice(i + 1);
      if (v === '' || /max-age=0/i.test(sc)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    return res;
  }

  /** GET a page and remember its CSRF token. */
  async page(path: string) {
    let res = await this.req(path);
    for (let i = 0; i < 3 && res.status >= 300 && res.status < 400 && res.headers.get('location'); i++) res = await this.req(new URL(res.headers.get('location')!, 'http://x').pathname);
    const html = await res.text();
    const m = /name="csrf-token" content="([^"]*)"/.exec(html);
    if (m?.[1]) this.csrf = m[1];
    return { res, html };
  }

  async post(path: string, fields: Record<string, string | string[]> = {}, opts: { csrf?: string | null } = {}) {
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) body.set('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.req(path, { method: 'POST', body });
  }

  /**
   * Posts a form as a browser does and follows the post/redirect/get answer: `posted` is the POST's status
   * (303 on success), `html` the page it led to (or the POST's own page when it did not redirect).
   */
  async submit(path: string, fields: Record<string, string | string[]> = {}) {
    const res = await this.post(path, fields);
    const location = res.headers.get('location');
    if (res.status !== 303 || !location) return { posted: res.status, location: null, html: await res.text() };
    const url = new URL(location, 'http://x');
    const next = await this.page(`${url.pathname}${url.search}`);
    return { posted: res.status, location: `${url.pathname}${url.search}`, html: next.html };
  }

  async upload(path: string, fields: Record<string, string>, file: { field: string; name: string; bytes: Uint8Array; type?: string }, opts: { csrf?: string | null } = {}) {
    const fd = new FormData();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null) fd.set('_csrf', token);
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    fd.set(file.field, new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? 'application/octet-stream' }), file.name);
    return this.req(path, { method: 'POST', body: fd });
  }
}

export const idsIn = (html: string, prefix: string) => [...new Set([...html.matchAll(new RegExp(`${prefix}/([0-9a-f-]{36})`, 'g'))].map((m) => m[1]!))];

/** Set-Cookie lines of a response (the Workers type of Headers lacks getSetCookie; Node has it). */
export function setCookies(res: Response): string[] {
  return (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
}

/** A client signed in as the account (a real session row and cookie), holding the CSRF token of /app. */
export async function signedInClient(app: App, db: Db, accountId: string): Promise<Client> {
  const c = new Client(app);
  const s = await createSession(db, accountId, new Date());
  c.cookies.set('ft_session', s.token);
  await c.page('/app');
  return c;
}
