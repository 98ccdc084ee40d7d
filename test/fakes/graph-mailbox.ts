/**
 * The mailbox behind the fake Graph: a folder tree with Exchange-style ids, messages, a change log per folder for
 * delta, and the /messages listing. Each behaviour follows the published reference (paths are in the
 * microsoftgraph/microsoft-graph-docs-contrib repository):
 *  - Delta is per folder and its links are opaque; Exchange spells them `…/me/mailfolders('<id>')/messages/delta
 *    ?$skiptoken=…` (nextLink) and `…?$deltatoken=…` (deltaLink), whatever spelling the request used
 *    (concepts/delta-query-messages.md, "Sample initial response" and the following samples).
 *  - `$filter` on delta accepts only `receivedDateTime ge|gt {value}`, and "applying $filter in a delta query
 *    returns only up to 5,000 messages"; without `$orderby=receivedDateTime desc` "the return order isn't
 *    guaranteed" (same page, "Use query parameters in a delta query for messages"; api-reference/v1.0/api/
 *    message-delta.md). The fake returns an arbitrary (hash-ordered) 5,000 and then a deltaLink.
 *  - mailFolders and childFolders list 10 folders a page by default, with an @odata.nextLink
 *    (api-reference/v1.0/api/user-list-mailfolders.md, mailfolder-list-childfolders.md); well-known names
 *    (inbox, sentitems, drafts, deleteditems, junkemail, archive, outbox) address folders too
 *    (resources/mailfolder.md, "Well-known folder names").
 *  - /messages honours `$filter` on receivedDateTime (ge, gt, lt, le joined by `and`) or internetMessageId eq,
 *    `$orderby=receivedDateTime desc`, `$top` (≤ 1000) and pages by `$skip` in its nextLink
 *    (api-reference/v1.0/api/user-list-messages.md, concepts/query-parameters.md).
 *  - Every message has a conversationIndex (resources/message.md); its bytes 6–22 are the conversation's GUID and
 *    the conversationId follows from it ([MS-OXOMSG] 2.2.1.2 PidTagConversationId, 2.2.1.3
 *    PidTagConversationIndex). A message arriving with a `Thread-Index` header joins the conversation of that
 *    GUID. Mail sent as MIME (`sendMail`, a MIME draft) without `Thread-Index` starts a conversation of its own,
 *    as reported for Exchange: In-Reply-To does not thread it in the sender's mailbox (issue 12, "Also"). This
 *    is the cautious reading; incoming mail without the header keeps threading by In-Reply-To/References.
 *  - Moving a message gives it a new id (ids are not immutable unless the client asks for ImmutableId), so the
 *    old folder's delta reports it `@removed` and the new folder's reports a new item
 *    (concepts/outlook-immutable-id.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { addressList, readHeaders, type FakeReply, type RecordedRequest } from './http-util.js';

export const WELL_KNOWN = ['inbox', 'sentitems', 'drafts', 'deleteditems', 'junkemail', 'archive', 'outbox'] as const;
/** Cap on a filtered delta round (concepts/delta-query-messages.md). */
export const FILTERED_DELTA_CAP = 5_000;

export interface GraphFakeFolder {
  id: string;
  displayName: string;
  parentFolderId: string;
  /** Well-known name, or null for a folder the user (or a rule) made. */
  wellKnown: string | null;
}

export interface GraphFakeMessage {
  id: string;
  conversationId: string;
  /** Base64 PidTagConversationIndex: a 22-byte header block (time, conversation GUID) and 5-byte child blocks. */
  conversationIndex: string;
  internetMessageId: string;
  /** Folder key: the well-known name, else the folder id. */
  folder: string;
  raw: Buffer;
  receivedDateTime: string;
  sentDateTime: string;
  from: string | null;
  to: string[];
  cc: string[];
  subject: string;
  isDraft: boolean;
  /** Change-log position of its arrival in this folder. */
  seq: number;
}

interface Change {
  seq: number;
  folder: string;
  id: string;
  removed: boolean;
}

interface DeltaState {
  gen: number;
  folder: string;
  select: string | null;
  filterMs: number | null;
  from: number;
  to: number;
  offset: number;
  initial: boolean;
}

const ROOT_ID = 'AQMkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAuAAADroot';

function exchangeId(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}AAA=`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const orderKeys = new Map<string, string>();
function orderKey(id: string): string {
  let k = orderKeys.get(id);
  if (!k) orderKeys.set(id, (k = createHash('sha1').update(id).digest('hex')));
  return k;
}
/** An arbitrary but stable order: what "not guaranteed" looks like from outside. */
function hashOrder(a: string, b: string): number {
  return orderKey(a) < orderKey(b) ? -1 : 1;
}

export function graphError(code: string, message: string) {
  return { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': crypto.randomUUID(), 'client-request-id': crypto.randomUUID() } } };
}

export class GraphMailbox {
  readonly folders = new Map<string, GraphFakeFolder>();
  messages = new Map<string, GraphFakeMessage>();
  private changes: Change[] = [];
  private seq = 0;
  /** Conversation GUID (hex) → conversationId. */
  private readonly conversations = new Map<string, string>();
  generation = 1;

  constructor(private readonly apiRoot: () => string) {
    for (const name of WELL_KNOWN) {
      const displayName = { inbox: 'Inbox', sentitems: 'Sent Items', drafts: 'Drafts', deleteditems: 'Deleted Items', junkemail: 'Junk Email', archive: 'Archive', outbox: 'Outbox' }[name];
      this.folders.set(name, { id: exchangeId('AQMkAD'), displayName, parentFolderId: ROOT_ID, wellKnown: name });
    }
  }

  /** A user folder (as a rule or the parent makes one), under `parent` (a folder key). Returns its key. */
  addFolder(displayName: string, parent = 'inbox'): string {
    const parentFolder = this.folder(parent);
    if (!parentFolder) throw new Error(`no folder ${parent}`);
    const id = exchangeId('AAMkAD');
    this.folders.set(id, { id, displayName, parentFolderId: parent === 'root' ? ROOT_ID : parentFolder.id, wellKnown: null });
    return id;
  }

  /** Resolves a well-known name (any case) or a folder id to the folder's key. */
  keyOf(ref: string): string | null {
    const lower = ref.toLowerCase();
    if (this.folders.has(lower) && (WELL_KNOWN as readonly string[]).includes(lower)) return lower;
    for (const [key, f] of this.folders) if (f.id === ref) return key;
    return null;
  }

  folder(key: string): GraphFakeFolder | undefined {
    return key === 'root' ? { id: ROOT_ID, displayName: 'Top of Information Store', parentFolderId: '', wellKnown: null } : this.folders.get(key);
  }

  /** `sentAsMime`: the copy of a message sent as MIME, which threads by Thread-Index only (see the header). */
  addMessage(raw: Buffer | string, folder = 'inbox', received?: Date, opts: { sentAsMime?: boolean } = {}): GraphFakeMessage {
    const key = this.keyOf(folder);
    if (!key) throw new Error(`no folder ${folder}`);
    const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const h = readHeaders(bytes);
    const internetMessageId = (h.get('message-id') ?? `<${randomBytes(6).toString('hex')}@graph.test>`).trim();
    const parents = [...`${h.get('in-reply-to') ?? ''} ${h.get('references') ?? ''}`.matchAll(/<[^>]+>/g)].map((m) => m[0]);
    const parent = [...this.messages.values()].find((m) => parents.includes(m.internetMessageId));
    const date = Date.parse(h.get('date') ?? '');
    const receivedMs = received?.getTime() ?? (Number.isNaN(date) ? Date.now() : date);
    const conversation = this.conversationFor(h.get('thread-index') ?? null, opts.sentAsMime ? undefined : parent);
    const msg: GraphFakeMessage = {
      id: exchangeId('AAMkAG'),
      ...conversation,
      internetMessageId,
      folder: key,
      raw: bytes,
      receivedDateTime: iso(receivedMs),
      sentDateTime: iso(Number.isNaN(date) ? receivedMs : date),
      from: addressList(h.get('from'))[0] ?? null,
      to: addressList(h.get('to')),
      cc: addressList(h.get('cc')),
      subject: h.get('subject') ?? '',
      isDraft: key === 'drafts',
      seq: ++this.seq,
    };
    this.messages.set(msg.id, msg);
    this.changes.push({ seq: msg.seq, folder: key, id: msg.id, removed: false });
    return msg;
  }

  /** The conversation a new message joins: by its Thread-Index GUID, else (incoming mail) its parent's, else a new one. */
  private conversationFor(threadIndex: string | null, parent: GraphFakeMessage | undefined): { conversationId: string; conversationIndex: string } {
    const given = threadIndex ? Buffer.from(threadIndex.trim(), 'base64') : null;
    if (given && given.length >= 22 && (given.length - 22) % 5 === 0) {
      const guid = given.subarray(6, 22).toString('hex');
      let id = this.conversations.get(guid);
      if (!id) this.conversations.set(guid, (id = exchangeId('AAQkAG')));
      return { conversationId: id, conversationIndex: given.toString('base64') };
    }
    if (parent) return { conversationId: parent.conversationId, conversationIndex: Buffer.concat([Buffer.from(parent.conversationIndex, 'base64'), randomBytes(5)]).toString('base64') };
    // A new header block: the top 48 bits of the current FILETIME, then a fresh GUID.
    const ft = (BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n;
    const head = Buffer.alloc(8);
    head.writeBigUInt64BE(ft);
    const guid = randomBytes(16);
    const id = exchangeId('AAQkAG');
    this.conversations.set(guid.toString('hex'), id);
    return { conversationId: id, conversationIndex: Buffer.concat([head.subarray(0, 6), guid]).toString('base64') };
  }

  deleteMessage(id: string): void {
    const m = this.messages.get(id);
    if (!m) return;
    this.messages.delete(id);
    this.changes.push({ seq: ++this.seq, folder: m.folder, id, removed: true });
  }

  /** Moves a message (a rule, the parent, "Not junk"): a new id in the new folder, @removed in the old. */
  moveMessage(id: string, folder: string): GraphFakeMessage {
    const m = this.messages.get(id);
    const key = this.keyOf(folder);
    if (!m || !key) throw new Error('no such message or folder');
    this.deleteMessage(id);
    const moved: GraphFakeMessage = { ...m, id: exchangeId('AAMkAG'), folder: key, isDraft: key === 'drafts', seq: ++this.seq };
    this.messages.set(moved.id, moved);
    this.changes.push({ seq: moved.seq, folder: key, id: moved.id, removed: false });
    return moved;
  }

  folderBody(f: GraphFakeFolder): Record<string, unknown> {
    const key = this.keyOf(f.id) ?? f.id;
    const children = [...this.folders.values()].filter((c) => c.parentFolderId === f.id).length;
    const items = [...this.messages.values()].filter((m) => m.folder === key).length;
    return { id: f.id, displayName: f.displayName, parentFolderId: f.parentFolderId, childFolderCount: children, unreadItemCount: 0, totalItemCount: items, sizeInBytes: 0, isHidden: false };
  }

  listFolders(req: RecordedRequest, parentKey: string, pathSpelling: string): FakeReply {
    const parent = this.folder(parentKey);
    if (!parent) return { status: 404, body: graphError('ErrorItemNotFound', 'The specified object was not found in the store.') };
    const top = Math.min(1000, Number(req.query.get('$top') ?? 10));
    const skip = Number(req.query.get('$skip') ?? 0);
    const rows = [...this.folders.values()].filter((f) => f.parentFolderId === parent.id);
    const body: Record<string, unknown> = { '@odata.context': `${this.apiRoot()}/$metadata#users('me')/mailFolders`, value: rows.slice(skip, skip + top).map((f) => this.folderBody(f)) };
    if (skip + top < rows.length) body['@odata.nextLink'] = `${this.apiRoot()}/me/${pathSpelling}?$top=${top}&$skip=${skip + top}`;
    return { status: 200, body };
  }

  shape(m: GraphFakeMessage, select: string | null): Record<string, unknown> {
    const addr = (a: string) => ({ emailAddress: { name: a.split('@')[0], address: a } });
    const text = bodyText(m.raw);
    const full: Record<string, unknown> = {
      id: m.id,
      conversationId: m.conversationId,
      conversationIndex: m.conversationIndex,
      internetMessageId: m.internetMessageId,
      receivedDateTime: m.receivedDateTime,
      sentDateTime: m.sentDateTime,
      subject: m.subject,
      isDraft: m.isDraft,
      parentFolderId: this.folders.get(m.folder)?.id ?? m.folder,
      from: m.from ? addr(m.from) : null,
      toRecipients: m.to.map(addr),
      ccRecipients: m.cc.map(addr),
      body: { contentType: 'text', content: text },
    };
    const fields = select ? new Set(select.split(',').map((s) => s.trim())) : null;
    const out: Record<string, unknown> = { '@odata.type': '#microsoft.graph.message', '@odata.etag': `W/"${randomBytes(6).toString('base64')}"` };
    for (const [k, v] of Object.entries(full)) if (!fields || fields.has(k) || k === 'id') out[k] = v;
    return out;
  }

  /** GET …/messages: receivedDateTime range or internetMessageId filter, orderby, $top, $skip. */
  list(req: RecordedRequest, folderKey: string | null, pathSpelling: string): FakeReply {
    const filter = req.query.get('$filter') ?? '';
    const preds: Array<(m: GraphFakeMessage) => boolean> = [];
    for (const clause of filter ? filter.split(/\s+and\s+/i) : []) {
      const idm = /^internetMessageId eq '((?:[^']|'')*)'$/.exec(clause);
      const dm = /^(receivedDateTime|sentDateTime) (ge|gt|lt|le) (\S+)$/.exec(clause);
      if (idm) {
        const wanted = idm[1]!.replace(/''/g, "'");
        preds.push((m) => m.internetMessageId === wanted);
      } else if (dm && !Number.isNaN(Date.parse(dm[3]!))) {
        const at = Date.parse(dm[3]!);
        const field = dm[1] as 'receivedDateTime' | 'sentDateTime';
        const cmp = { ge: (x: number) => x >= at, gt: (x: number) => x > at, lt: (x: number) => x < at, le: (x: number) => x <= at }[dm[2] as 'ge'];
        preds.push((m) => cmp(Date.parse(m[field])));
      } else return { status: 400, body: graphError('ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.') };
    }
    const orderby = req.query.get('$orderby');
    if (orderby && !/^(receivedDateTime|sentDateTime) desc$/.test(orderby)) return { status: 400, body: graphError('ErrorInvalidUrlQuery', 'The $orderby is not supported by the fake.') };
    const top = Math.min(1000, Number(req.query.get('$top') ?? 10));
    const skip = Number(req.query.get('$skip') ?? 0);
    let rows = [...this.messages.values()].filter((m) => (folderKey === null || m.folder === folderKey) && preds.every((p) => p(m)));
    const field = orderby?.startsWith('sent') ? 'sentDateTime' : 'receivedDateTime';
    rows = rows.sort((a, b) => Date.parse(b[field]) - Date.parse(a[field]) || (a.id < b.id ? -1 : 1));
    const body: Record<string, unknown> = { '@odata.context': `${this.apiRoot()}/$metadata#users('me')/messages`, value: rows.slice(skip, skip + top).map((r) => this.shape(r, req.query.get('$select'))) };
    if (skip + top < rows.length) {
      const q = new URLSearchParams(req.query);
      q.set('$top', String(top));
      q.set('$skip', String(skip + top));
      body['@odata.nextLink'] = `${this.apiRoot()}/me/${pathSpelling}?${q.toString().replace(/%24/g, '$')}`;
    }
    return { status: 200, body };
  }

  private encodeState(s: DeltaState): string {
    return Buffer.from(JSON.stringify(s)).toString('base64url');
  }

  delta(req: RecordedRequest, folderKey: string): FakeReply {
    const folderId = this.folders.get(folderKey)!.id;
    const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? 10);
    const token = req.query.get('$skiptoken') ?? req.query.get('$deltatoken');
    let state: DeltaState;
    if (token) {
      try {
        state = JSON.parse(Buffer.from(token, 'base64url').toString()) as DeltaState;
      } catch {
        return { status: 400, body: graphError('ErrorInvalidRequest', 'Invalid token.') };
      }
      if (state.gen !== this.generation || state.folder !== folderKey) return { status: 410, body: graphError('SyncStateNotFound', 'The sync state generation is not found.') };
      if (req.query.has('$deltatoken')) state = { ...state, from: state.to, to: this.seq, offset: 0, initial: false };
    } else {
      const filter = req.query.get('$filter');
      let filterMs: number | null = null;
      if (filter) {
        const fm = /^receivedDateTime (ge|gt) (\S+)$/.exec(filter);
        if (!fm || Number.isNaN(Date.parse(fm[2]!))) return { status: 400, body: graphError('ErrorInvalidUrlQueryFilter', 'Only receivedDateTime ge|gt is supported in a delta query.') };
        filterMs = Date.parse(fm[2]!) + (fm[1] === 'gt' ? 1000 : 0);
      }
      state = { gen: this.generation, folder: folderKey, select: req.query.get('$select'), filterMs, from: 0, to: this.seq, offset: 0, initial: true };
    }
    const inWindow = (m: GraphFakeMessage) => state.filterMs === null || Date.parse(m.receivedDateTime) >= state.filterMs;
    let items: Array<Record<string, unknown>>;
    let total: number;
    if (state.initial) {
      let snapshot = [...this.messages.values()]
        .filter((m) => m.folder === folderKey && inWindow(m) && m.seq <= state.to)
        .sort((a, b) => hashOrder(a.id, b.id));
      if (state.filterMs !== null) snapshot = snapshot.slice(0, FILTERED_DELTA_CAP);
      total = snapshot.length;
      items = snapshot.slice(state.offset, state.offset + pageSize).map((m) => this.shape(m, state.select));
    } else {
      const window = this.changes.filter((c) => c.folder === folderKey && c.seq > state.from && c.seq <= state.to);
      total = window.length;
      items = window.slice(state.offset, state.offset + pageSize).flatMap((c) => {
        const m = this.messages.get(c.id);
        if (c.removed || !m || m.folder !== folderKey) return [{ '@odata.type': '#microsoft.graph.message', id: c.id, '@removed': { reason: 'deleted' } }];
        return inWindow(m) ? [this.shape(m, state.select)] : [];
      });
    }
    const offset = state.offset + pageSize;
    const link = `${this.apiRoot()}/me/mailfolders('${folderId}')/messages/delta`;
    const body: Record<string, unknown> = { '@odata.context': `${this.apiRoot()}/$metadata#Collection(message)`, value: items };
    if (offset < total) body['@odata.nextLink'] = `${link}?$skiptoken=${this.encodeState({ ...state, offset })}`;
    else body['@odata.deltaLink'] = `${link}?$deltatoken=${this.encodeState({ ...state, offset: 0 })}`;
    return { status: 200, body };
  }
}

/** The first text/plain part's text, enough for the fake's body property. */
function bodyText(raw: Buffer): string {
  const text = raw.toString('utf8');
  const split = text.search(/\r?\n\r?\n/);
  const body = split < 0 ? '' : text.slice(split).trim();
  const head = text.slice(0, Math.max(0, split));
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head))
    return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body, 'base64').toString('utf8');
  return body;
}
