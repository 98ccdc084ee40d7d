/**
 * A fake Microsoft Graph (`/graph/v1.0/...`) for mail, routing into GraphMailbox (folders, delta, listing: see
 * graph-mailbox.ts for the documented behaviours it copies). Here: bearer-token checks with Graph's 401 body;
 * sendMail and message creation in MIME (base64 text/plain; concepts/outlook-send-mime-message.md), sending a
 * draft, and whether the sent copy keeps the client's Message-ID (`messageIdPolicy`: Exchange is reported to
 * replace it in some tenants, so tests run both); subscriptions with the validation handshake, renewal and
 * deletion, change notifications and lifecycle notifications (`reauthorizationRequired`, `subscriptionRemoved`,
 * `missed`: concepts/change-notifications-lifecycle-events.md); and Outlook's per-mailbox throttling, 10,000
 * requests per 10 minutes and 4 concurrent requests per app and mailbox, answered with 429 and Retry-After
 * (concepts/throttling-limits.md, "Outlook service limits").
 */
import { randomBytes } from 'node:crypto';
import { GraphMailbox, graphError, type GraphFakeMessage } from './graph-mailbox.js';
import { FakeHttpServer, FakeQuota, bearer, type FakeReply, type RecordedRequest } from './http-util.js';

export { graphError, type GraphFakeMessage, type GraphFakeFolder } from './graph-mailbox.js';

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
  lifecycleNotificationUrl: string | null;
}

/** Outlook message subscriptions may last at most 10,080 minutes. */
const MAX_SUBSCRIPTION_MS = 10_080 * 60_000;

export interface GraphFakeOptions {
  /** Enforce Outlook's per-mailbox limits: requests per 10 minutes (10,000 in production) and concurrency (4). */
  throttle?: { requestsPer10Min: number; concurrent?: number; burst?: number };
  /** Server time per request, so that concurrency is real. */
  latencyMs?: number;
}

export class FakeGraphServer extends FakeHttpServer {
  readonly mailbox = new GraphMailbox(() => this.apiRoot);
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
  /** 'replace': the sent copy gets an Exchange-made Message-ID instead of the client's. */
  messageIdPolicy: 'keep' | 'replace' = 'keep';
  /** Copies that reached the recipients (sendMail and draft send), in order. */
  readonly delivered: Buffer[] = [];
  private readonly quota: FakeQuota | null;
  private readonly maxConcurrent: number;
  private inFlight = 0;
  throttled = 0;

  constructor(private readonly opts: GraphFakeOptions = {}) {
    super((req) => this.route(req));
    this.quota = opts.throttle ? new FakeQuota(opts.throttle.requestsPer10Min / 600, opts.throttle.burst ?? 20) : null;
    this.maxConcurrent = opts.throttle?.concurrent ?? Infinity;
  }

  /** baseUrl for Client.initWithMiddleware. */
  get baseUrl(): string {
    return `${this.url}/graph/`;
  }

  private get apiRoot(): string {
    return `${this.url}/graph/v1.0`;
  }

  get messages(): Map<string, GraphFakeMessage> {
    return this.mailbox.messages;
  }

  addMessage(raw: Buffer | string, folder = 'inbox', received?: Date, opts: { sentAsMime?: boolean } = {}): GraphFakeMessage {
    return this.mailbox.addMessage(raw, folder, received, opts);
  }

  deleteMessage(id: string): void {
    this.mailbox.deleteMessage(id);
  }

  /** Every delta link handed out so far now answers 410 Gone. */
  expireDeltaLinks(): void {
    this.mailbox.generation++;
  }

  private async route(req: RecordedRequest): Promise<FakeReply> {
    if (this.inFlight >= this.maxConcurrent) {
      this.throttled++;
      return { status: 429, headers: { 'retry-after': '1' }, body: graphError('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.') };
    }
    const wait = this.quota?.charge(1) ?? 0;
    if (wait > 0) {
      this.throttled++;
      return { status: 429, headers: { 'retry-after': String(Math.ceil(wait / 1000)) }, body: graphError('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.') };
    }
    this.inFlight++;
    try {
      if (this.opts.latencyMs) await new Promise((r) => setTimeout(r, this.opts.latencyMs));
      return await this.routeAuthorized(req);
    } finally {
      this.inFlight--;
    }
  }

  private routeAuthorized(req: RecordedRequest): FakeReply | Promise<FakeReply> {
    const token = bearer(req);
    if (!token || !this.validTokens.has(token)) return { status: 401, body: graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.') };
    if (req.path === '/graph/v1.0/me' && req.method === 'GET') return this.me(req);
    if (req.path.startsWith('/graph/v1.0/subscriptions')) {
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
    return this.routeMe(req, m[1]!);
  }

  private routeMe(req: RecordedRequest, rest: string): FakeReply {
    const box = this.mailbox;
    const notFound = { status: 404, body: graphError('ErrorItemNotFound', 'The specified object was not found in the store.') };
    let mm: RegExpExecArray | null;
    if (req.method === 'GET' && /^mailfolders$/i.test(rest)) return box.listFolders(req, 'root', 'mailFolders');
    // mailFolders/{ref}… and mailfolders('{ref}')…, any case: both spellings are what Graph emits and accepts.
    if ((mm = /^mailfolders(?:\('([^']+)'\)|\/([^/]+))(\/.*)?$/i.exec(rest))) {
      const key = box.keyOf(mm[1] ?? mm[2]!);
      if (!key) return notFound;
      const tail = (mm[3] ?? '').toLowerCase();
      // Graph's own links spell the segment mailFolders('<ref>'), whatever the request used.
      const spelling = `mailFolders('${mm[1] ?? mm[2]}')`;
      if (req.method === 'GET' && tail === '') return { status: 200, body: box.folderBody(box.folder(key)!) };
      if (req.method === 'GET' && tail === '/childfolders') return box.listFolders(req, key, `${spelling}/childFolders`);
      if (req.method === 'GET' && tail === '/messages/delta') return box.delta(req, key);
      if (req.method === 'GET' && tail === '/messages') return box.list(req, key, `${spelling}/messages`);
      return { status: 400, body: graphError('BadRequest', `Resource not found for the segment '${tail}'.`) };
    }
    if (req.method === 'GET' && (mm = /^messages\/([^/]+)\/\$value$/.exec(rest))) {
      const msg = box.messages.get(mm[1]!);
      return msg ? { status: 200, body: msg.raw, headers: { 'content-type': 'text/plain' } } : notFound;
    }
    if (req.method === 'GET' && (mm = /^messages\/([^/]+)$/.exec(rest))) {
      const msg = box.messages.get(mm[1]!);
      return msg ? { status: 200, body: box.shape(msg, req.query.get('$select')) } : notFound;
    }
    if (req.method === 'GET' && rest === 'messages') return box.list(req, null, 'messages');
    if (req.method === 'POST' && rest === 'sendMail') return this.sendMail(req);
    if (req.method === 'POST' && rest === 'messages') return this.createMessage(req);
    if (req.method === 'POST' && (mm = /^messages\/([^/]+)\/send$/.exec(rest))) return this.sendDraft(mm[1]!);
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
    let body: Partial<Record<'changeType' | 'notificationUrl' | 'lifecycleNotificationUrl' | 'resource' | 'expirationDateTime' | 'clientState' | 'latestSupportedTlsVersion', string>>;
    try {
      body = JSON.parse(req.body.toString());
    } catch {
      return { status: 400, body: graphError('BadRequest', 'Unable to read JSON request payload.') };
    }
    for (const k of ['changeType', 'notificationUrl', 'resource', 'expirationDateTime'] as const)
      if (!body[k]) return { status: 400, body: graphError('InvalidRequest', `Subscription property '${k}' is required.`) };
    if (body.lifecycleNotificationUrl !== undefined && !body.lifecycleNotificationUrl.startsWith('https://'))
      return { status: 400, body: graphError('InvalidRequest', 'The lifecycleNotificationUrl scheme should be https.') };
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
      lifecycleNotificationUrl: body.lifecycleNotificationUrl ?? null,
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

  /**
   * A lifecycle notification as Graph POSTs it to lifecycleNotificationUrl: no resource data, the event in
   * `lifecycleEvent` (concepts/change-notifications-lifecycle-events.md). `subscriptionRemoved` also deletes the
   * subscription, as Graph does.
   */
  lifecycleNotificationFor(subscriptionId: string, event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed'): Record<string, unknown> {
    const sub = this.subscriptions.get(subscriptionId);
    if (event === 'subscriptionRemoved') this.subscriptions.delete(subscriptionId);
    return {
      value: [
        {
          subscriptionId,
          subscriptionExpirationDateTime: sub?.expirationDateTime ?? new Date().toISOString(),
          tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
          clientState: sub?.clientState ?? null,
          lifecycleEvent: event,
        },
      ],
    };
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

  /** The copy that lands in Sent Items; with 'replace', under an Exchange-made Message-ID. */
  private sentCopy(raw: Buffer): Buffer {
    if (this.messageIdPolicy === 'keep') return raw;
    const made = `<${randomBytes(10).toString('hex').toUpperCase()}@PH0PR11MB.namprd11.prod.outlook.com>`;
    const text = raw.toString('latin1');
    const end = text.search(/\r?\n\r?\n/);
    const head = text.slice(0, end).replace(/^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, `Message-ID: ${made}`);
    return Buffer.from(head + text.slice(end), 'latin1');
  }

  private deliver(raw: Buffer): GraphFakeMessage {
    const copy = this.sentCopy(raw);
    this.delivered.push(copy);
    return this.addMessage(copy, 'sentitems', new Date(), { sentAsMime: true });
  }

  private sendMail(req: RecordedRequest): FakeReply {
    const raw = this.mime(req);
    if (!raw) return { status: 400, body: graphError('ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.') };
    this.deliver(raw);
    return { status: 202 };
  }

  private createMessage(req: RecordedRequest): FakeReply {
    const raw = this.mime(req);
    if (!raw) return { status: 400, body: graphError('ErrorMimeContentInvalidBase64String', 'Invalid base64 string for MIME content.') };
    const msg = this.addMessage(raw, 'drafts', new Date());
    return { status: 201, body: { '@odata.context': `${this.apiRoot}/$metadata#users('me')/messages/$entity`, ...this.mailbox.shape(msg, null) } };
  }

  /** POST /me/messages/{id}/send: the draft leaves Drafts (its id stops resolving) and a copy reaches Sent Items. */
  private sendDraft(id: string): FakeReply {
    const draft = this.messages.get(id);
    if (!draft || !draft.isDraft) return { status: 404, body: graphError('ErrorItemNotFound', 'The specified object was not found in the store.') };
    this.mailbox.deleteMessage(id);
    this.deliver(draft.raw);
    return { status: 202 };
  }
}
