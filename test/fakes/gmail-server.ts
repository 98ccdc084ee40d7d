/**
 * A fake Gmail API (`/gmail/v1/users/me/...`) speaking the real JSON shapes, with Gmail's less convenient habits
 * (sources: developers.google.com/gmail/api/…):
 *  - messages.list (a `q` subset: from:/to:/cc:/after:/before:/rfc822msgid:/in:/label:, OR, parentheses,
 *    negation) lists drafts too, since a draft is a message with the DRAFT label (guides/drafts); Spam and Trash
 *    only with includeSpamTrash (reference/rest/v1/users.messages/list).
 *  - history.list honours historyTypes (messageAdded, labelAdded, labelRemoved, messageDeleted); its records
 *    carry the message's id and threadId only, no labels or headers (reference/rest/v1/users.history); an
 *    expired startHistoryId answers 404 (guides/sync, "Limitations").
 *  - messages.send may replace the client's Message-ID with its own (`messageIdPolicy: 'replace'`, reported
 *    for Gmail; tests run both policies).
 *  - per-user quota of 15,000 units per minute, enforced over a sliding minute, answered with 429
 *    rateLimitExceeded and a "Retry after" time (reference/quota; guides/handle-errors).
 * Also messages.get (raw, metadata, minimal), drafts.create, getProfile, users.watch/stop.
 */
import { FakeHttpServer, FakeQuota, FakeWindowQuota, addressList, bearer, readHeaders, type FakeReply, type RecordedRequest } from './http-util.js';

export interface GmailFakeMessage {
  seq: number;
  id: string;
  threadId: string;
  raw: Buffer;
  labelIds: string[];
  internalDate: number;
  from: string[];
  to: string[];
  cc: string[];
  messageId: string;
  historyId: number;
}

interface HistoryRecord {
  id: number;
  type: 'messageAdded' | 'labelAdded' | 'labelRemoved';
  message: GmailFakeMessage;
  labelIds?: string[];
}

const COST: Record<string, number> = {
  profile: 1,
  'messages.list': 5,
  'messages.get': 5,
  'history.list': 2,
  'messages.send': 100,
  'drafts.create': 10,
  watch: 100,
  stop: 1,
};

export function gmailError(code: number, message: string, reason: string, status: string, domain = 'global') {
  return { error: { code, message, errors: [{ message, domain, reason }], status } };
}

export class FakeGmailServer extends FakeHttpServer {
  readonly email: string;
  messages: GmailFakeMessage[] = [];
  private byId = new Map<string, GmailFakeMessage>();
  private byMessageId = new Map<string, GmailFakeMessage>();
  private history: HistoryRecord[] = [];
  historyId = 100_000;
  /** history.list from an id below this answers 404. */
  oldestHistoryId = 100_000;
  private nextSeq = 1;
  private draftSeq = 1;
  readonly validTokens = new Set<string>();
  /** users.watch calls accepted, newest last (request body as sent). */
  readonly watches: Array<{ topicName: string; labelIds?: string[]; labelFilterBehavior?: string; expiration: number }> = [];
  /** How long a watch lasts: Gmail's is 7 days. */
  watchTtlMs = 7 * 24 * 3600_000;
  quota: FakeQuota | FakeWindowQuota | null = null;
  /** 'replace': the sent copy carries a Gmail-made Message-ID instead of the client's. */
  messageIdPolicy: 'keep' | 'replace' = 'keep';
  /** Copies that reached the recipients, in order. */
  readonly delivered: Buffer[] = [];
  /** users.stop calls accepted. */
  stops = 0;
  /** Units charged per method, for the bench's floor arithmetic. */
  readonly unitsByMethod: Record<string, number> = {};

  constructor(opts: { email?: string; quota?: { unitsPerSec: number; burst?: number }; quotaPerMinute?: { units: number; windowMs?: number } } = {}) {
    super((req) => this.route(req));
    this.email = opts.email ?? 'parent@gmail.test';
    if (opts.quota) this.quota = new FakeQuota(opts.quota.unitsPerSec, opts.quota.burst);
    if (opts.quotaPerMinute) this.quota = new FakeWindowQuota(opts.quotaPerMinute.units, opts.quotaPerMinute.windowMs ?? 60_000);
  }

  /** rootUrl for the googleapis client. */
  get rootUrl(): string {
    return `${this.url}/`;
  }

  addMessage(raw: Buffer | string, opts: { labelIds?: string[]; internalDate?: number; threadId?: string; recordHistory?: boolean } = {}): GmailFakeMessage {
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const h = readHeaders(bytes);
    const seq = this.nextSeq++;
    const messageId = (h.get('message-id') ?? `<fake-${seq}@gmail.test>`).trim();
    const parentIds = [...(h.get('in-reply-to') ?? '').matchAll(/<[^>]+>/g), ...(h.get('references') ?? '').matchAll(/<[^>]+>/g)].map((m) => m[0]);
    const parent = parentIds.map((p) => this.byMessageId.get(p)).find(Boolean);
    const id = (0x18c0000000000000n + BigInt(seq)).toString(16);
    const date = Date.parse(h.get('date') ?? '');
    const msg: GmailFakeMessage = {
      seq,
      id,
      threadId: opts.threadId && this.messages.some((m) => m.threadId === opts.threadId) ? opts.threadId : parent?.threadId ?? id,
      raw: bytes,
      labelIds: opts.labelIds ?? ['INBOX', 'UNREAD'],
      internalDate: opts.internalDate ?? (Number.isNaN(date) ? Date.now() : date),
      from: addressList(h.get('from')),
      to: addressList(h.get('to')),
      cc: addressList(h.get('cc')),
      messageId,
      historyId: ++this.historyId,
    };
    this.messages.push(msg);
    this.byId.set(id, msg);
    this.byMessageId.set(messageId, msg);
    if (opts.recordHistory !== false) this.history.push({ id: msg.historyId, type: 'messageAdded', message: msg });
    return msg;
  }

  /** Labels change (the parent reports "not spam", a filter archives into a label): label history only. */
  modifyLabels(id: string, change: { add?: string[]; remove?: string[] }): void {
    const m = this.byId.get(id);
    if (!m) throw new Error(`no message ${id}`);
    const add = (change.add ?? []).filter((l) => !m.labelIds.includes(l));
    const remove = (change.remove ?? []).filter((l) => m.labelIds.includes(l));
    m.labelIds = [...m.labelIds.filter((l) => !remove.includes(l)), ...add];
    if (add.length) this.history.push({ id: (m.historyId = ++this.historyId), type: 'labelAdded', message: m, labelIds: add });
    if (remove.length) this.history.push({ id: (m.historyId = ++this.historyId), type: 'labelRemoved', message: m, labelIds: remove });
  }

  /** Everything before now is forgotten: history.list from any stored id answers 404. */
  expireHistory(): void {
    this.oldestHistoryId = this.historyId + 1;
    this.history = [];
  }

  private route(req: RecordedRequest): FakeReply {
    const m = /^\/gmail\/v1\/users\/me\/(.+)$/.exec(req.path);
    if (!m) return { status: 404, body: gmailError(404, 'Not Found', 'notFound', 'NOT_FOUND') };
    const token = bearer(req);
    if (!token || !this.validTokens.has(token)) {
      return {
        status: 401,
        headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
        body: {
          error: {
            code: 401,
            message:
              'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
            errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
            status: 'UNAUTHENTICATED',
          },
        },
      };
    }
    const rest = m[1]!;
    const method = this.methodName(req.method, rest);
    if (!method) return { status: 404, body: gmailError(404, 'Not Found', 'notFound', 'NOT_FOUND') };
    if (this.quota) {
      const waitMs = this.quota.charge(COST[method] ?? 1);
      if (waitMs > 0) {
        const at = new Date(Date.now() + waitMs).toISOString();
        const msg = `User-rate limit exceeded.  Retry after ${at}`;
        return { status: 429, body: gmailError(429, msg, 'rateLimitExceeded', 'RESOURCE_EXHAUSTED', 'usageLimits') };
      }
    }
    this.unitsByMethod[method] = (this.unitsByMethod[method] ?? 0) + (COST[method] ?? 1);
    switch (method) {
      case 'profile':
        return {
          status: 200,
          body: { emailAddress: this.email, messagesTotal: this.messages.length, threadsTotal: new Set(this.messages.map((x) => x.threadId)).size, historyId: String(this.historyId) },
        };
      case 'messages.list':
        return this.list(req);
      case 'messages.get':
        return this.get(req, decodeURIComponent(rest.slice('messages/'.length)));
      case 'messages.send':
        return this.send(req);
      case 'drafts.create':
        return this.createDraft(req);
      case 'history.list':
        return this.listHistory(req);
      case 'watch':
        return this.watch(req);
      case 'stop':
        // users.stop: push notifications for the mailbox end (reference/rest/v1/users/stop).
        this.stops++;
        return { status: 204 };
    }
    return { status: 404, body: gmailError(404, 'Not Found', 'notFound', 'NOT_FOUND') };
  }

  private methodName(verb: string, rest: string): string | null {
    if (verb === 'GET' && rest === 'profile') return 'profile';
    if (verb === 'GET' && rest === 'messages') return 'messages.list';
    if (verb === 'GET' && /^messages\/[^/]+$/.test(rest)) return 'messages.get';
    if (verb === 'POST' && rest === 'messages/send') return 'messages.send';
    if (verb === 'POST' && rest === 'drafts') return 'drafts.create';
    if (verb === 'GET' && rest === 'history') return 'history.list';
    if (verb === 'POST' && rest === 'watch') return 'watch';
    if (verb === 'POST' && rest === 'stop') return 'stop';
    return null;
  }

  private list(req: RecordedRequest): FakeReply {
    const q = req.query.get('q') ?? '';
    const max = Math.min(500, Number(req.query.get('maxResults') ?? 100));
    const includeSpamTrash = req.query.get('includeSpamTrash') === 'true';
    let predicate: (m: GmailFakeMessage) => boolean;
    try {
      predicate = compileQuery(q);
    } catch (e) {
      return { status: 400, body: gmailError(400, `Invalid query: ${(e as Error).message}`, 'invalidArgument', 'INVALID_ARGUMENT') };
    }
    const token = req.query.get('pageToken');
    let after: [number, number] | null = null;
    if (token) {
      const [d, s] = Buffer.from(token, 'base64url').toString().split(':').map(Number);
      if (!Number.isFinite(d) || !Number.isFinite(s)) return { status: 400, body: gmailError(400, 'Invalid pageToken', 'invalidArgument', 'INVALID_ARGUMENT') };
      after = [d!, s!];
    }
    // Newest first; the page token is the sort key of the last row, so arrivals between pages shift nothing.
    const rows = this.messages
      .filter((m) => includeSpamTrash || !m.labelIds.some((l) => l === 'SPAM' || l === 'TRASH'))
      .filter((m) => !after || m.internalDate < after[0] || (m.internalDate === after[0] && m.seq < after[1]))
      .filter(predicate)
      .sort((a, b) => b.internalDate - a.internalDate || b.seq - a.seq);
    const page = rows.slice(0, max);
    const body: Record<string, unknown> = { resultSizeEstimate: rows.length };
    if (page.length) body.messages = page.map((m) => ({ id: m.id, threadId: m.threadId }));
    const last = page[page.length - 1];
    if (rows.length > max && last) body.nextPageToken = Buffer.from(`${last.internalDate}:${last.seq}`).toString('base64url');
    return { status: 200, body };
  }

  private get(req: RecordedRequest, id: string): FakeReply {
    const m = this.byId.get(id);
    if (!m) return { status: 404, body: gmailError(404, 'Requested entity was not found.', 'notFound', 'NOT_FOUND') };
    const format = req.query.get('format') ?? 'full';
    const base = {
      id: m.id,
      threadId: m.threadId,
      labelIds: m.labelIds,
      snippet: '',
      sizeEstimate: m.raw.length,
      historyId: String(m.historyId),
      internalDate: String(m.internalDate),
    };
    if (format === 'raw') return { status: 200, body: { ...base, raw: m.raw.toString('base64url') } };
    if (format === 'minimal') return { status: 200, body: base };
    const wanted = req.query.getAll('metadataHeaders').map((h) => h.toLowerCase());
    const h = readHeaders(m.raw);
    const headers = [...h].filter(([k]) => format !== 'metadata' || wanted.length === 0 || wanted.includes(k)).map(([k, v]) => ({ name: canonical(k), value: v }));
    return { status: 200, body: { ...base, payload: { partId: '', mimeType: h.get('content-type')?.split(';')[0] ?? 'text/plain', filename: '', headers, body: { size: 0 } } } };
  }

  private send(req: RecordedRequest): FakeReply {
    let body: { raw?: string; threadId?: string };
    try {
      body = JSON.parse(req.body.toString());
    } catch {
      return { status: 400, body: gmailError(400, 'Invalid JSON payload received.', 'badRequest', 'INVALID_ARGUMENT') };
    }
    if (!body.raw) return { status: 400, body: gmailError(400, "'raw' RFC822 payload message string or uploading message via /upload/* URL required", 'invalidArgument', 'INVALID_ARGUMENT') };
    let raw: Buffer = Buffer.from(body.raw, 'base64url');
    if (this.messageIdPolicy === 'replace') raw = replaceMessageId(raw, `<CA+${Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64url')}@mail.gmail.com>`);
    this.delivered.push(raw);
    const msg = this.addMessage(raw, { labelIds: ['SENT'], internalDate: Date.now(), ...(body.threadId ? { threadId: body.threadId } : {}) });
    return { status: 200, body: { id: msg.id, threadId: msg.threadId, labelIds: msg.labelIds } };
  }

  private createDraft(req: RecordedRequest): FakeReply {
    let body: { message?: { raw?: string; threadId?: string } };
    try {
      body = JSON.parse(req.body.toString());
    } catch {
      return { status: 400, body: gmailError(400, 'Invalid JSON payload received.', 'badRequest', 'INVALID_ARGUMENT') };
    }
    if (!body.message?.raw) return { status: 400, body: gmailError(400, 'Missing draft message', 'invalidArgument', 'INVALID_ARGUMENT') };
    const msg = this.addMessage(Buffer.from(body.message.raw, 'base64url'), { labelIds: ['DRAFT'], internalDate: Date.now(), ...(body.message.threadId ? { threadId: body.message.threadId } : {}) });
    return { status: 200, body: { id: `r${1000 + this.draftSeq++}`, message: { id: msg.id, threadId: msg.threadId, labelIds: msg.labelIds } } };
  }

  /** users.watch: `{ topicName, labelIds?, labelFilterBehavior? }` → `{ historyId, expiration }` (int64s as strings). */
  private watch(req: RecordedRequest): FakeReply {
    let body: { topicName?: string; labelIds?: string[]; labelFilterBehavior?: string; labelFilterAction?: string };
    try {
      body = JSON.parse(req.body.toString());
    } catch {
      return { status: 400, body: gmailError(400, 'Invalid JSON payload received.', 'badRequest', 'INVALID_ARGUMENT') };
    }
    if (!body.topicName) return { status: 400, body: gmailError(400, 'Invalid topicName does not match projects/SOME-PROJECT/topics/SOME-TOPIC', 'invalidArgument', 'INVALID_ARGUMENT') };
    if (!/^projects\/[^/]+\/topics\/[^/]+$/.test(body.topicName))
      return { status: 400, body: gmailError(400, `Invalid topicName does not match projects/SOME-PROJECT/topics/SOME-TOPIC`, 'invalidArgument', 'INVALID_ARGUMENT') };
    const expiration = Date.now() + this.watchTtlMs;
    this.watches.push({ topicName: body.topicName, ...(body.labelIds ? { labelIds: body.labelIds } : {}), ...(body.labelFilterBehavior ? { labelFilterBehavior: body.labelFilterBehavior } : {}), expiration });
    return { status: 200, body: { historyId: String(this.historyId), expiration: String(expiration) } };
  }

  private listHistory(req: RecordedRequest): FakeReply {
    const start = Number(req.query.get('startHistoryId'));
    if (!Number.isFinite(start) || start <= 0) return { status: 400, body: gmailError(400, 'Invalid startHistoryId', 'invalidArgument', 'INVALID_ARGUMENT') };
    if (start < this.oldestHistoryId) return { status: 404, body: gmailError(404, 'Requested entity was not found.', 'notFound', 'NOT_FOUND') };
    const types = req.query.getAll('historyTypes');
    const max = Math.min(500, Number(req.query.get('maxResults') ?? 100));
    const token = req.query.get('pageToken');
    const from = token ? Number(Buffer.from(token, 'base64url').toString()) : start;
    const rows = this.history.filter((r) => r.id > from && (types.length === 0 || types.includes(r.type)));
    const page = rows.slice(0, max);
    const body: Record<string, unknown> = { historyId: String(this.historyId) };
    // Only id and threadId on each message: the labels and headers must be read with messages.get.
    const ref = (r: HistoryRecord) => ({ id: r.message.id, threadId: r.message.threadId });
    if (page.length)
      body.history = page.map((r) => ({
        id: String(r.id),
        messages: [ref(r)],
        ...(r.type === 'messageAdded' ? { messagesAdded: [{ message: ref(r) }] } : {}),
        ...(r.type === 'labelAdded' ? { labelsAdded: [{ message: ref(r), labelIds: r.labelIds }] } : {}),
        ...(r.type === 'labelRemoved' ? { labelsRemoved: [{ message: ref(r), labelIds: r.labelIds }] } : {}),
      }));
    const last = page[page.length - 1];
    if (rows.length > max && last) body.nextPageToken = Buffer.from(String(last.id)).toString('base64url');
    return { status: 200, body };
  }
}

function replaceMessageId(raw: Buffer, id: string): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return Buffer.from(text.slice(0, end).replace(/^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im, `Message-ID: ${id}`) + text.slice(end), 'latin1');
}

function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());
}

// ---- a small Gmail search-language subset ----

type Pred = (m: GmailFakeMessage) => boolean;

function tokenize(q: string): string[] {
  const out: string[] = [];
  const re = /\s*(\(|\)|\{|\}|-?[a-z0-9]+:\(|"[^"]*"|[^\s(){}]+)/giy;
  let pos = 0;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(q);
    if (!m) break;
    out.push(m[1]!);
    pos = re.lastIndex;
  }
  if (q.slice(pos).trim()) throw new Error(`cannot parse near "${q.slice(pos)}"`);
  return out;
}

function matchAddress(term: string, list: string[]): boolean {
  const t = term.toLowerCase().replace(/^"|"$/g, '');
  return list.some((a) => {
    if (t.startsWith('@')) {
      const host = a.slice(a.lastIndexOf('@') + 1);
      return host === t.slice(1) || host.endsWith(`.${t.slice(1)}`);
    }
    return t.includes('@') ? a === t : a.includes(t);
  });
}

function fieldPred(field: string, value: string): Pred {
  const v = value.replace(/^"|"$/g, '');
  switch (field.toLowerCase()) {
    case 'from':
      return (m) => matchAddress(v, m.from);
    case 'to':
      return (m) => matchAddress(v, [...m.to, ...m.cc]);
    case 'cc':
      return (m) => matchAddress(v, m.cc);
    case 'after':
      return (m) => m.internalDate >= Number(v) * 1000;
    case 'before':
      return (m) => m.internalDate < Number(v) * 1000;
    case 'rfc822msgid': {
      const bare = v.replace(/^<|>$/g, '');
      return (m) => m.messageId === `<${bare}>`;
    }
    case 'in':
    case 'label': {
      const label = v.toUpperCase() === 'DRAFTS' ? 'DRAFT' : v.toUpperCase();
      return (m) => m.labelIds.includes(label);
    }
    default:
      throw new Error(`unsupported operator ${field}:`);
  }
}

export function compileQuery(q: string): Pred {
  const tokens = tokenize(q);
  let i = 0;
  const peek = () => tokens[i];
  function parseAnd(stop: string | null): Pred {
    const parts: Pred[] = [];
    while (i < tokens.length && peek() !== stop) parts.push(parseOr(stop));
    return (m) => parts.every((p) => p(m));
  }
  function parseOr(stop: string | null): Pred {
    const alts = [parseUnary(stop)];
    while (peek() === 'OR') {
      i++;
      alts.push(parseUnary(stop));
    }
    return (m) => alts.some((p) => p(m));
  }
  function parseUnary(stop: string | null): Pred {
    const t = tokens[i++];
    if (t === undefined || t === stop) throw new Error('unexpected end of query');
    if (t === '(' || t === '{') {
      const close = t === '(' ? ')' : '}';
      const inner = t === '(' ? parseAnd(close) : parseAnyOf(close);
      if (tokens[i++] !== close) throw new Error('unbalanced parentheses');
      return inner;
    }
    const negated = t.startsWith('-');
    const body = negated ? t.slice(1) : t;
    let pred: Pred;
    const group = /^([a-z0-9]+):\($/i.exec(body);
    if (group) {
      const values: string[] = [];
      while (peek() !== ')') {
        const v = tokens[i++];
        if (v === undefined) throw new Error('unbalanced parentheses');
        if (v !== 'OR') values.push(v);
      }
      i++;
      const preds = values.map((v) => fieldPred(group[1]!, v));
      pred = (m) => preds.some((p) => p(m));
    } else {
      const colon = body.indexOf(':');
      if (colon <= 0) throw new Error(`free-text search is not supported by the fake: ${body}`);
      pred = fieldPred(body.slice(0, colon), body.slice(colon + 1));
    }
    return negated ? (m) => !pred(m) : pred;
  }
  function parseAnyOf(close: string): Pred {
    const alts: Pred[] = [];
    while (i < tokens.length && peek() !== close) alts.push(parseUnary(close));
    return (m) => alts.some((p) => p(m));
  }
  const pred = parseAnd(null);
  return pred;
}
