/**
 * A fake Microsoft Graph (`/graph/v1.0/me/...`) for mail: per-folder message delta (inbox, sentitems) with
 * `Prefer: odata.maxpagesize`, `@odata.nextLink` / `@odata.deltaLink`, `@removed` entries, `$select`, the
 * `receivedDateTime ge` filter, and 410 SyncStateNotFound for expired links; `$value` raw MIME; sendMail and
 * message creation in MIME format (base64 text/plain); `$filter=internetMessageId eq '…'`; GET /me; subscriptions
 * (POST with the notificationUrl validation handshake, PATCH to renew, DELETE) and change-notification payloads.
 * Bearer tokens are checked and 401s have Graph's body.
 */
import { randomBytes } from 'node:crypto';
import { FakeHttpServer, addressList, bearer, readHeaders, type FakeReply, type RecordedRequest } from './http-util.js';

type Folder = 'inbox' | 'sentitems' | 'drafts';

export interface GraphFakeMessage {
  id: string;
  conversationId: string;
  internetMessageId: string;
  folder: Folder;
  raw: Buffer;
  receivedDateTime: string;
  from: string | null;
  to: string[];
  cc: string[];
  subject: string;
  isDraft: boolean;
}

interface Change {
  seq: number;
  folder: Folder;
  id: string;
  removed: boolean;
}

interface DeltaState {
  gen: number;
  folder: Folder;
  select: string | null;
  filterMs: number | null;
  /** Changes with seq > from are reported … */
  from: number;
  /** … up to and including `to`, captured when the round started. */
  to: number;
  /** Initial round: snapshot ids still to list; incremental: offset into the change list. */
  offset: number;
  initial: boolean;
}

export interface GraphFakeSubscription {
  id: string;
  resource: string;
  applicationId: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  expirationDateTime: string;
  creatorId: string;
  latestSupportedTlsVersion: string;
  notificationContentType: string;
}

/** Outlook message subscriptions may last at most 10,080 minutes. */
const MAX_SUBSCRIPTION_MS = 10_080 * 60_000;

export function graphError(code: string, message: string) {
  return { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': crypto.randomUUID(), 'client-request-id': crypto.randomUUID() } } };
}

export class FakeGraphServer extends FakeHttpServer {
  messages = new Map<string, GraphFakeMessage>();
  private changes: Change[] = [];
  private seq = 0;
  /** Delta links from an older generation answer 410. */
  private generation = 1;
  readonly validTokens = new Set<string>();
  /** The signed-in user's mailbox (GET /me). */
  email = 'parent@outlook.test';
  /** Subscriptions (POST/PATCH/DELETE /subscriptions). */
  readonly subscriptions = new Map<string, GraphFakeSubscription>();
  /**
   * Graph checks a new subscription's notificationUrl by POSTing `?validationToken=` to it and expecting the token
   * back as text/plain. Tests route that into the app; null skips the check.
   */
  validateNotificationUrl: ((url: string) => Promise<{ status: number; contentType: string; body: string }>) | null = null;

  constructor() {
    super((req) => this.route(req));
  }

  /** baseUrl for Client.initWithMiddleware. */
  get baseUrl(): string {
    return `${this.url}/graph/`;
  }

  private get apiRoot(): string {
    return `${this.url}/graph/v1.0`;
  }

  addMessage(raw: Buffer | string, folder: Folder = 'inbox', received?: Date): GraphFakeMessage {
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const h = readHeaders(bytes);
    const internetMessageId = (h.get('message-id') ?? `<${randomBytes(6).toString('hex')}@graph.test>`).trim();
    const parents = [...`${h.get('in-reply-to') ?? ''} ${h.get('references') ?? ''}`.matchAll(/<[^>]+>/g)].map((m) => m[0]);
    const parent = [...this.messages.values()].find((m) => parents.includes(m.internetMessageId));
    const date = Date.parse(h.get('date') ?? '');
    const msg: GraphFakeMessage = {
      id: `AAMkAG${randomBytes(18).toString('base64url')}=`,
      conversationId: parent?.conversationId ?? `AAQkAG${randomBytes(12).toString('base64url')}=`,
      internetMessageId,
      folder,
      raw: bytes,
      receivedDateTime: new Date(received?.getTime() ?? (Number.isNaN(date) ? Date.now() : date)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      from: addressList(h.get('from'))[0] ?? null,
      to: addressList(h.get('to')),
      cc: addressList(h.get('cc')),
      subject: h.get('subject') ?? '',
      isDraft: folder === 'drafts',
    };
    this.messages.set(msg.id, msg);
    this.changes.push({ seq: ++this.seq, folder, id: msg.id, removed: false });
    return msg;
  }

  deleteMessage(id: string): void {
    const m = this.messages.get(id);
    if (!m) return;
    this.messages.delete(id);
    this.changes.push({ seq: ++this.seq, folder: m.folder, id, removed: true });
  }

  /** Every delta link handed out so far now answers 410 Gone. */
  expireDeltaLinks(): void {
    this.generation++;
  }

  private route(req: RecordedRequest): FakeReply | Promise<FakeReply> {
    if (req.path === '/graph/v1.0/me' || req.path.startsWith('/graph/v1.0/subscriptions')) {
      const token = bearer(req);
      if (!token || !this.validTokens.has(token)) return { status: 401, body: graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.') };
      if (req.path === '/graph/v1.0/me' && req.method === 'GET') return this.me(req);
      if (req.path === '/graph/v1.0/subscriptions' && req.method === 'POST') return this.createSubscription(req);
      const sm = /^\/graph\/v1\.0\/subscriptions\/([^/]+)$/.exec(req.path);
      if (sm && req.method === 'PATCH') return this.renewSubscription(req, sm[1]!);
      if (sm && req.method === 'DELETE') {
        if (!this.subscriptions.delete(sm[1]!)) return { status: 404, body: graphError('ResourceNotFound', 'The object was not found.') };
        return { status: 204 };
      }
      return { status: 405, body: graphError('Request_BadRequest', 'Specified HTTP method is not allowed for the request target.') };
    }
    const m = /^\/graph\/v1\.0\/me\/(.+)$/.exec(req.path);
    if (!m) return { status: 400, body: graphError('BadRequest', 'Invalid version.') };
    const token = bearer(req);
    if (!token || !this.validTokens.has(token)) {
      return { status: 401, body: graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.') };
    }
    const rest = m[1]!;
    let mm: RegExpExecArray | null;
    if (req.method === 'GET' && (mm = /^mailFolders\/(inbox|sentitems)\/messages\/delta$/i.exec(rest))) return this.delta(req, mm[1]!.toLowerCase() as Folder);
    if (req.method === 'GET' && (mm = /^messages\/([^/]+)\/\$value$/.exec(rest))) return this.value(mm[1]!);
    if (req.method === 'GET' && (mm = /^(?:mailFolders\/(inbox|sentitems|drafts)\/)?messages$/i.exec(rest))) return this.list(req, mm[1]?.toLowerCase() as Folder | undefined);
    if (req.method === 'POST' && rest === 'sendMail') return this.sendMail(req);
    if (req.method === 'POST' && rest === 'messages') return this.createMessage(req);
    return { status: 400, body: graphError('BadRequest', `Resource not found for the segment '${rest.split('/')[0]}'.`) };
  }

  private me(req: RecordedRequest): FakeReply {
    const full: Record<string, unknown> = {
      businessPhones: [],
      displayName: 'Pat Parent',
      givenName: 'Pat',
      jobTitle: null,
      mail: this.email,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'en-US',
      surname: 'Parent',
      userPrincipalName: this.email,
      id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
    };
    const select = req.query.get('$select');
    const fields = select ? new Set(select.split(',').map((f) => f.trim())) : null;
    const body: Record<string, unknown> = { '@odata.context': `${this.apiRoot}/$metadata#users/$entity` };
    for (const [k, v] of Object.entries(full)) if (!fields || fields.has(k)) body[k] = v;
    return { status: 200, body };
  }

  private subscriptionBody(s: GraphFakeSubscription): Record<string, unknown> {
    return { '@odata.context': `${this.apiRoot}/$metadata#subscriptions/$entity`, ...s };
  }

  private async createSubscription(req: RecordedRequest): Promise<FakeReply> {
    let body: Partial<Record<'changeType' | 'notificationUrl' | 'resource' | 'expirationDateTime' | 'clientState' | 'latestSupportedTlsVersion', string>>;
    try {
      body = JSON.parse(req.body.toString());
    } catch {
      return { status: 400, body: graphError('BadRequest', 'Unable to read JSON request payload.') };
    }
    for (const k of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime'] as const)
      if (!body[k]) return { status: 400, body: graphError('InvalidRequest', `Subscription property '${k}' is required.`) };
    if (!body.notificationUrl!.startsWith('https://')) return { status: 400, body: graphError('InvalidRequest', 'The Uri scheme should be https.') };
    const exp = Date.parse(body.expirationDateTime!);
    if (Number.isNaN(exp) || exp <= Date.now()) return { status: 400, body: graphError('InvalidRequest', 'Subscription expiration can only be in the future.') };
    if (exp - Date.now() > MAX_SUBSCRIPTION_MS) return { status: 400, body: graphError('InvalidRequest', 'Subscription expiration can only be 10070 minutes in the future.') };
    if ((body.clientState?.length ?? 0) > 128) return { status: 400, body: graphError('InvalidRequest', 'clientState must be at most 128 characters.') };
    if (this.validateNotificationUrl) {
      const token = `Validation: Testing client application reachability for subscription Request-Id: ${crypto.randomUUID()}`;
      const url = `${body.notificationUrl}${body.notificationUrl!.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
      const answer = await this.validateNotificationUrl(url).catch(() => null);
      if (!answer || answer.status !== 200 || !answer.contentType.startsWith('text/plain') || answer.body !== token)
        return { status: 400, body: graphError('InvalidRequest', 'Subscription validation request failed. Response must exactly match validationToken query parameter.') };
    }
    const sub: GraphFakeSubscription = {
      id: crypto.randomUUID(),
      resource: body.resource!,
      applicationId: '24d3b144-21ae-4080-943f-7067b395b913',
      changeType: body.changeType!,
      clientState: body.clientState ?? null,
      notificationUrl: body.notificationUrl!,
      expirationDateTime: new Date(exp).toISOString().replace('Z', '0000Z'),
      creatorId: '8ee44408-0679-472c-bc2a-692812af3437',
      latestSupportedTlsVersion: body.latestSupportedTlsVersion ?? 'v1_2',
      notificationContentType: 'application/json',
    };
    this.subscriptions.set(sub.id, sub);
    return { status: 201, body: this.subscriptionBody(sub) };
  }

  private renewSubscription(req: RecordedRequest, id: string): FakeReply {
    const sub = this.subscriptions.get(id);
    if (!sub) return { status: 404, body: graphError('ResourceNotFound', 'The object was not found.') };
    let body: { expirationDateTime?: string };
    try {
      body = JSON.parse(req.body.toString());
    } catch {
      return { status: 400, body: graphError('BadRequest', 'Unable to read JSON request payload.') };
    }
    const exp = Date.parse(body.expirationDateTime ?? '');
    if (Number.isNaN(exp) || exp <= Date.now() || exp - Date.now() > MAX_SUBSCRIPTION_MS)
      return { status: 400, body: graphError('InvalidRequest', 'Subscription expiration can only be 10070 minutes in the future.') };
    sub.expirationDateTime = new Date(exp).toISOString().replace('Z', '0000Z');
    return { status: 200, body: this.subscriptionBody(sub) };
  }

  /** A change notification as Graph would POST it for `sub` (created message `messageId`). */
  notificationFor(subscriptionId: string, messageId: string, clientState?: string | null): Record<string, unknown> {
    const sub = this.subscriptions.get(subscriptionId);
    return {
      value: [
        {
          subscriptionId,
          subscriptionExpirationDateTime: sub?.expirationDateTime ?? new Date().toISOString(),
          changeType: 'created',
          resource: `Users/87d349ed-44d7-43e1-9a83-5f2406dee5bd/Messages/${messageId}`,
          resourceData: {
            '@odata.type': '#Microsoft.Graph.Message',
            '@odata.id': `Users/87d349ed-44d7-43e1-9a83-5f2406dee5bd/Messages/${messageId}`,
            '@odata.etag': 'W/"CQAAABYAAADkrWGo7bouTKlsgTZMr9KwAAAUWRHf"',
            id: messageId,
          },
          clientState: clientState === undefined ? sub?.clientState ?? null : clientState,
          tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
        },
      ],
    };
  }

  private mime(req: RecordedRequest): Buffer | null {
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('text/plain')) return null;
    const text = req.body.toString().trim();
    if (!/^[A-Za-z0-9+/=\r\n]+$/.test(text)) return null;
    return Buffer.from(text, 'base64');
  }

  private sendMail(req: RecordedRequest): FakeReply {
    const raw = this.mime(req);
    if (!raw) return { status: 400, body: graphError('ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.') };
    this.addMessage(raw, 'sentitems', new Date());
    return { status: 202 };
  }

  private createMessage(req: RecordedRequest): FakeReply {
    const raw = this.mime(req);
    if (!raw) return { status: 400, body: graphError('ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.') };
    const msg = this.addMessage(raw, 'drafts', new Date());
    return { status: 201, body: { '@odata.context': `${this.apiRoot}/$metadata#users('me')/messages/$entity`, ...this.shape(msg, null) } };
  }

  private value(id: string): FakeReply {
    const msg = this.messages.get(id);
    if (!msg) return { status: 404, body: graphError('ErrorItemNotFound', 'The specified object was not found in the store.') };
    return { status: 200, body: msg.raw, headers: { 'content-type': 'text/plain' } };
  }

  private list(req: RecordedRequest, folder: Folder | undefined): FakeReply {
    const filter = req.query.get('$filter') ?? '';
    const fm = /^internetMessageId eq '((?:[^']|'')*)'$/.exec(filter);
    if (filter && !fm) return { status: 400, body: graphError('ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.') };
    const wanted = fm ? fm[1]!.replace(/''/g, "'") : null;
    const top = Number(req.query.get('$top') ?? 10);
    const rows = [...this.messages.values()].filter((m) => (!folder || m.folder === folder) && (!wanted || m.internetMessageId === wanted)).slice(0, top);
    return { status: 200, body: { '@odata.context': `${this.apiRoot}/$metadata#users('me')/messages`, value: rows.map((r) => this.shape(r, req.query.get('$select'))) } };
  }

  private shape(m: GraphFakeMessage, select: string | null): Record<string, unknown> {
    const addr = (a: string) => ({ emailAddress: { name: a.split('@')[0], address: a } });
    const full: Record<string, unknown> = {
      id: m.id,
      conversationId: m.conversationId,
      internetMessageId: m.internetMessageId,
      receivedDateTime: m.receivedDateTime,
      subject: m.subject,
      isDraft: m.isDraft,
      from: m.from ? addr(m.from) : null,
      toRecipients: m.to.map(addr),
      ccRecipients: m.cc.map(addr),
    };
    const fields = select ? new Set(select.split(',').map((s) => s.trim())) : null;
    const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.message', '@odata.etag': `W/"${randomBytes(6).toString('base64')}"` };
    for (const [k, v] of Object.entries(full)) if (!fields || fields.has(k) || k === 'id') out[k] = v;
    return out;
  }

  private encodeState(s: DeltaState): string {
    return Buffer.from(JSON.stringify(s)).toString('base64url');
  }

  private delta(req: RecordedRequest, folder: Folder): FakeReply {
    const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 10);
    const token = req.query.get('$skiptoken') ?? req.query.get('$deltatoken');
    let state: DeltaState;
    if (token) {
      try {
        state = JSON.parse(Buffer.from(token, 'base64url').toString()) as DeltaState;
      } catch {
        return { status: 400, body: graphError('ErrorInvalidRequest', 'Invalid token.') };
      }
      if (state.gen !== this.generation || state.folder !== folder) return { status: 410, body: graphError('SyncStateNotFound', 'The sync state generation is not found.') };
      if (req.query.has('$deltatoken')) state = { ...state, from: state.to, to: this.seq, offset: 0, initial: false };
    } else {
      const filter = req.query.get('$filter');
      let filterMs: number | null = null;
      if (filter) {
        const fm = /^receivedDateTime ge (\S+)$/.exec(filter);
        if (!fm || Number.isNaN(Date.parse(fm[1]!))) return { status: 400, body: graphError('ErrorInvalidUrlQueryFilter', 'Only receivedDateTime ge is supported.') };
        filterMs = Date.parse(fm[1]!);
      }
      state = { gen: this.generation, folder, select: req.query.get('$select'), filterMs, from: 0, to: this.seq, offset: 0, initial: true };
    }
    const inWindow = (m: GraphFakeMessage) => state.filterMs === null || Date.parse(m.receivedDateTime) >= state.filterMs;
    let items: Array<Record<string, unknown>>;
    let total: number;
    if (state.initial) {
      const snapshot = this.changes
        .filter((c) => c.folder === folder && c.seq <= state.to && !c.removed)
        .map((c) => this.messages.get(c.id))
        .filter((m): m is GraphFakeMessage => Boolean(m) && m!.folder === folder && inWindow(m!));
      total = snapshot.length;
      items = snapshot.slice(state.offset, state.offset + pageSize).map((m) => this.shape(m, state.select));
    } else {
      const window = this.changes.filter((c) => c.folder === folder && c.seq > state.from && c.seq <= state.to);
      total = window.length;
      items = window.slice(state.offset, state.offset + pageSize).flatMap((c) => {
        const m = this.messages.get(c.id);
        if (c.removed || !m) return [{ '@odata.type': '#microsoft.graph.message', id: c.id, '@removed': { reason: 'deleted' } }];
        return inWindow(m) ? [this.shape(m, state.select)] : [];
      });
    }
    const offset = state.offset + pageSize;
    const body: Record<string, unknown> = { '@odata.context': `${this.apiRoot}/$metadata#Collection(message)`, value: items };
    if (offset < total) body['@odata.nextLink'] = `${this.apiRoot}/me/mailFolders/${folder}/messages/delta?$skiptoken=${this.encodeState({ ...state, offset })}`;
    else body['@odata.deltaLink'] = `${this.apiRoot}/me/mailFolders/${folder}/messages/delta?$deltatoken=${this.encodeState({ ...state, offset: 0 })}`;
    return { status: 200, body };
  }
}
