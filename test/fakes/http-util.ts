/**
 * Shared plumbing for the fake provider servers: node:http on 127.0.0.1 (port 0), a record of every request,
 * and injectable faults (status storms, 429 with Retry-After, a connection cut mid-body, delays).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
  at: number;
  /** Status the fake answered (0 when the connection was cut). */
  status?: number;
}

export type FaultAction =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { cut: true }
  | { delayMs: number };

export interface Fault {
  /** Which requests it applies to (default: all). */
  when?: (req: RecordedRequest) => boolean;
  /** How many matching requests it hits (default: 1; Infinity for a storm until cleared). */
  times?: number;
  action: FaultAction;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: RecordedRequest) => FakeReply | Promise<FakeReply>;

export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private faults: Array<Fault & { left: number }> = [];
  private server: Server | null = null;
  private readonly sockets = new Set<import('node:net').Socket>();
  url = '';

  constructor(private readonly handler: Handler) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  private takeFault(req: RecordedRequest): FaultAction | null {
    for (const f of this.faults) {
      if (f.left > 0 && (!f.when || f.when(req))) {
        f.left--;
        return f.action;
      }
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
      at: performance.now(),
    };
    this.requests.push(rec);
    let fault = this.takeFault(rec);
    while (fault && 'delayMs' in fault) {
      await new Promise((r) => setTimeout(r, fault && 'delayMs' in fault ? fault.delayMs : 0));
      fault = this.takeFault(rec);
    }
    if (fault && 'status' in fault) {
      rec.status = fault.status;
      return send(res, { status: fault.status, body: fault.body ?? {}, headers: fault.headers ?? {} });
    }
    let reply: FakeReply;
    try {
      reply = await this.handler(rec);
    } catch (e) {
      reply = { status: 500, body: { error: { code: 500, message: `fake crashed: ${(e as Error).message}` } } };
    }
    rec.status = reply.status;
    if (fault && 'cut' in fault) {
      rec.status = 0;
      return cut(res, reply);
    }
    send(res, reply);
  }
}

function encode(reply: FakeReply): { bytes: Buffer; type: string } {
  if (reply.body === undefined || reply.body === null) return { bytes: Buffer.alloc(0), type: 'text/plain' };
  if (Buffer.isBuffer(reply.body)) return { bytes: reply.body, type: 'application/octet-stream' };
  return { bytes: Buffer.from(JSON.stringify(reply.body)), type: 'application/json; charset=UTF-8' };
}

function send(res: ServerResponse, reply: FakeReply): void {
  const { bytes, type } = encode(reply);
  res.writeHead(reply.status, { 'content-type': type, 'content-length': String(bytes.length), ...reply.headers });
  res.end(bytes);
}

/** Headers and half the body, then the socket dies: what a dropped connection looks like to the client. */
function cut(res: ServerResponse, reply: FakeReply): void {
  const { bytes, type } = encode(reply);
  res.writeHead(reply.status, { 'content-type': type, 'content-length': String(bytes.length), ...reply.headers });
  res.write(bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2))), () => {
    setTimeout(() => res.socket?.destroy(), 5);
  });
}

/** A real-time token bucket for the fakes' quota enforcers. */
export class FakeQuota {
  private level: number;
  private last = performance.now();
  rejected = 0;
  constructor(
    readonly unitsPerSec: number,
    readonly burst: number = unitsPerSec,
  ) {
    this.level = burst;
  }
  /** Charges `cost` or returns the milliseconds until it could be charged. */
  charge(cost: number): number {
    const now = performance.now();
    this.level = Math.min(this.burst, this.level + ((now - this.last) * this.unitsPerSec) / 1000);
    this.last = now;
    if (this.level >= cost) {
      this.level -= cost;
      return 0;
    }
    this.rejected++;
    return Math.ceil(((cost - this.level) * 1000) / this.unitsPerSec);
  }
}

/**
 * A limit over a sliding window (Gmail: 15,000 units per user per minute): a request is refused while the units
 * spent in the last `windowMs` plus its cost would exceed `limit`.
 */
export class FakeWindowQuota {
  private spends: Array<{ at: number; units: number }> = [];
  private inWindow = 0;
  rejected = 0;
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}
  charge(cost: number): number {
    const now = performance.now();
    while (this.spends.length && this.spends[0]!.at <= now - this.windowMs) this.inWindow -= this.spends.shift()!.units;
    if (this.inWindow + cost <= this.limit) {
      this.spends.push({ at: now, units: cost });
      this.inWindow += cost;
      return 0;
    }
    this.rejected++;
    let freed = this.limit - this.inWindow;
    for (const s of this.spends) {
      freed += s.units;
      if (freed >= cost) return Math.max(1, Math.ceil(s.at + this.windowMs - now));
    }
    return this.windowMs;
  }
}

/** Minimal RFC 822 header reader for the fakes (unfolds, first occurrence wins). */
export function readHeaders(raw: Buffer): Map<string, string> {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const map = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    if (!map.has(k)) map.set(k, line.slice(i + 1).trim());
  }
  return map;
}

export function addressList(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/g)].map((m) => m[0].toLowerCase());
}

export function bearer(req: RecordedRequest): string | null {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7) : null;
}
