import { createHash } from 'node:crypto';
import type { AddressObject, HeaderLines, MailParser } from 'mailparser';
import type { Address, AttachmentMeta, MailMessage } from '../core/types.js';
import { isAutomatic } from '../core/automatic.js';
import { chooseSentDate, NoSentDateError, type SentDate } from '../core/sent-date.js';

const FEED_CHUNK = 256 * 1024;
// Attachments are only counted: no checksum (mailparser hashes every attachment by default).
const PARSER_OPTIONS = { skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true, checksumAlgo: false } as ConstructorParameters<typeof MailParser>[0];

/**
 * mailparser and its decoders (libmime, iconv-lite, linkify-it, mailsplit) are loaded on the first message: about
 * 30 ms of CPU to evaluate, which a Worker would otherwise spend at every cold start.
 */
let mailparserModule: Promise<typeof import('mailparser')> | undefined;
const loadMailparser = () => (mailparserModule ??= import('mailparser'));

export class ParseError extends Error {
  override name = 'ParseError';
}

export interface ParseOptions {
  /** Provider ids kept beside the message for replying in-thread. */
  providerId?: string | null;
  providerThreadId?: string | null;
  /** mbox envelope date, used only when the message has no usable Date header. */
  fallbackDate?: string | null;
  /** The provider's own receipt time (Gmail internalDate, Graph receivedDateTime, IMAP INTERNALDATE). */
  internalDate?: string | number | null;
  /** Import time: bounds a plausible date and is the last resort for one. Defaults to the clock. */
  now?: Date;
}

/**
 * Raw RFC 822 bytes → the normalized message of spec §2. Attachment bodies are streamed past and only
 * counted, so a 200 MB attachment costs no memory beyond the raw message itself.
 */
export async function parseMail(raw: Uint8Array, opts: ParseOptions = {}): Promise<MailMessage> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!looksLikeMessage(bytes)) throw new ParseError('no headers');
  const { MailParser } = await loadMailparser();
  const parser = new MailParser(PARSER_OPTIONS);
  let headers: Map<string, unknown> = new Map();
  let headerLines: HeaderLines = [];
  let text = '';
  let html = '';
  const attachments: AttachmentMeta[] = [];
  const done = new Promise<void>((resolve, reject) => {
    parser.on('headers', (h) => (headers = h as Map<string, unknown>));
    parser.on('headerLines', (l) => (headerLines = l));
    parser.on('data', (data) => {
      if (data.type === 'attachment') {
        let size = 0;
        data.content.on('data', (chunk: Buffer) => (size += chunk.length));
        data.content.on('end', () => {
          attachments.push({ filename: data.filename ?? null, contentType: data.contentType, size });
          data.release?.();
        });
      } else {
        text = data.text ?? '';
        html = typeof data.html === 'string' ? data.html : '';
      }
    });
    parser.on('end', () => resolve());
    parser.on('error', (err) => reject(new ParseError(`malformed MIME: ${(err as Error).message}`)));
  });
  // Fed in slices, honouring back-pressure: one 68 MB write makes the decoders turn the whole body into a
  // string and a decoded buffer at once, about three times the attachment at peak.
  const failed = done.then(() => false, () => true);
  for (let at = 0; at < bytes.length; at += FEED_CHUNK) {
    if (!parser.write(bytes.subarray(at, at + FEED_CHUNK))) {
      const drained = new Promise<boolean>((resolve) => parser.once('drain', () => resolve(false)));
      if (await Promise.race([drained, failed])) break;
    }
  }
  parser.end();
  await done;
  // mailparser renders HTML to text only when it is the message's root or sits beside a text part: an HTML-only
  // body in multipart/mixed with an attachment (a district system's reply with its PDF) comes back with no text.
  // Read that HTML again as a message of its own, so the same converter and the same size and nesting limits apply.
  if (!text.trim() && html) text = await htmlOnlyText(html, MailParser);

  const rawHeader = (name: string) => headerLines.find((l) => l.key === name)?.line.replace(/^[^:]*:\s*/, '').trim() ?? null;
  // One absurd Date header must not block the page it is in, nor every later analysis: the best evidence
  // stands in for it, and the message carries a warning that the import reports.
  let sent: SentDate;
  try {
    sent = chooseSentDate({
      dateHeader: rawHeader('date'),
      received: headerLines.filter((l) => l.key === 'received').map((l) => l.line.replace(/^[^:]*:\s*/, '')),
      internal: [opts.internalDate, opts.fallbackDate],
      now: opts.now ?? new Date(),
    });
  } catch (err) {
    if (err instanceof NoSentDateError) throw new ParseError(err.message);
    throw err;
  }

  const from = addresses(headers.get('from'))[0] ?? null;
  const subject = typeof headers.get('subject') === 'string' ? (headers.get('subject') as string) : '';
  const messageId = normalizeId(headers.get('message-id')) ?? `<${createHash('sha1').update(bytes).digest('hex')}@followthrough.invalid>`;
  const refs = headers.get('references');
  const references = (Array.isArray(refs) ? refs : typeof refs === 'string' ? refs.split(/\s+/) : [])
    .map((r) => normalizeId(r))
    .filter((r): r is string => Boolean(r));
  const inReplyTo = normalizeId(firstId(headers.get('in-reply-to')));
  // mailparser renders an HTML-only body to `text` itself; whether a text/plain part existed is its `hasText`.
  const hasTextPart = (parser as unknown as { hasText?: unknown }).hasText;
  const fromHtml = Boolean(html) && (typeof hasTextPart === 'boolean' ? !hasTextPart : !text.trim());

  return {
    messageId,
    inReplyTo,
    references,
    from,
    to: addresses(headers.get('to')),
    cc: addresses(headers.get('cc')),
    replyTo: addresses(headers.get('reply-to')),
    sentAt: sent.iso,
    sentAtMs: sent.ms,
    ...(sent.warning ? { dateWarning: sent.warning } : {}),
    subject,
    text: normalizeText(text),
    fromHtml,
    attachments,
    automatic: isAutomatic({
      subject,
      header: (name) => {
        const v = headers.get(name);
        return typeof v === 'string' ? v : v == null ? null : String((v as { value?: unknown }).value ?? v);
      },
    }),
    providerThreadId: opts.providerThreadId ?? rawHeader('x-gm-thrid'),
    providerId: opts.providerId ?? null,
  };
}

async function htmlOnlyText(html: string, Parser: typeof MailParser): Promise<string> {
  const parser = new Parser(PARSER_OPTIONS);
  let text = '';
  const done = new Promise<void>((resolve, reject) => {
    parser.on('data', (data) => {
      if (data.type === 'text') text = data.text ?? '';
    });
    parser.on('end', () => resolve());
    parser.on('error', (err) => reject(new ParseError(`malformed MIME: ${(err as Error).message}`)));
  });
  parser.end(Buffer.concat([Buffer.from('Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'), Buffer.from(html, 'utf8')]));
  await done;
  return text;
}

function looksLikeMessage(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096).toString('latin1');
  return /^[\x21-\x39\x3B-\x7E]+:/m.test(head.split(/\r?\n\r?\n/)[0] ?? '');
}

function addresses(value: unknown): Address[] {
  if (!value) return [];
  const objs = (Array.isArray(value) ? value : [value]) as AddressObject[];
  const out: Address[] = [];
  const walk = (list: AddressObject['value']) => {
    for (const a of list) {
      if (a.group) walk(a.group);
      else if (a.address && a.address.includes('@')) out.push({ address: a.address.toLowerCase(), ...(a.name ? { name: a.name } : {}) });
    }
  };
  for (const o of objs) if (o && Array.isArray(o.value)) walk(o.value);
  return out;
}

function firstId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return /<[^<>]+>/.exec(value)?.[0] ?? value.trim().split(/\s+/)[0] ?? null;
}

function normalizeId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (!v) return null;
  const inner = /<([^<>]+)>/.exec(v)?.[1] ?? v.replace(/[<>]/g, '');
  return inner.includes('@') || inner.length > 5 ? `<${inner.trim()}>` : null;
}

function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
}
