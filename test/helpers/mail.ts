/**
 * The one builder of raw RFC 822 messages for tests (and the fakes' generated mailboxes), so tests state the
 * few headers they care about and get the rest. Bodies are given as text (encoded as `charset`) or as ready
 * bytes; `crlf` picks the line ending. `mail` gives bytes; `mailText` the same message as CRLF text, the form
 * the fake Gmail, Graph and IMAP stores take.
 */

export interface MailSpec {
  from?: string;
  to?: string | string[];
  cc?: string | string[];
  subject?: string;
  /** A header value as written, or a Date (rendered as +0000). null omits the header. */
  date?: string | Date | null;
  /** null omits the header. */
  messageId?: string | null;
  inReplyTo?: string;
  references?: string | string[];
  /** Extra headers, in order; a null value is skipped. */
  headers?: Record<string, string | null>;
  contentType?: string;
  charset?: string;
  transferEncoding?: '7bit' | '8bit' | 'base64' | 'quoted-printable';
  body?: string;
  /** A complete MIME body (after the headers) that replaces `body`; `contentType` should name its boundary. */
  rawBody?: string;
  crlf?: boolean;
}

let counter = 0;

export function mail(spec: MailSpec = {}): Buffer {
  const eol = spec.crlf ? '\r\n' : '\n';
  // An empty list omits the header, as a mail client does.
  const list = (v: string | string[] | undefined) => (Array.isArray(v) ? (v.length ? v.join(', ') : undefined) : v);
  const date = spec.date === undefined ? 'Mon, 12 Jan 2026 16:03:00 -0800' : spec.date === null ? null : typeof spec.date === 'string' ? spec.date : rfcDate(spec.date);
  const messageId = spec.messageId === undefined ? `<m${++counter}.${Date.now()}@test.invalid>` : spec.messageId;
  const charset = spec.charset ?? 'utf-8';
  const headers: Array<[string, string | null | undefined]> = [
    ['From', spec.from ?? 'Parent <parent@family.test>'],
    ['To', list(spec.to) ?? 'Teacher <teacher@school.k12.test>'],
    ['Cc', list(spec.cc)],
    ['Subject', spec.subject ?? 'Question about the IEP'],
    ['Date', date],
    ['Message-ID', messageId],
    ['In-Reply-To', spec.inReplyTo],
    ['References', list(spec.references)?.replace(/, /g, ' ')],
    ...Object.entries(spec.headers ?? {}),
    ['MIME-Version', '1.0'],
    ['Content-Type', spec.contentType ?? `text/plain; charset=${charset}`],
    ['Content-Transfer-Encoding', spec.rawBody ? undefined : (spec.transferEncoding ?? '8bit')],
  ];
  const head = headers
    .filter((h): h is [string, string] => typeof h[1] === 'string')
    .map(([k, v]) => `${k}: ${v}`)
    .join(eol);
  const headBytes = Buffer.from(head + eol + eol, 'latin1');
  let body: Buffer;
  if (spec.rawBody !== undefined) body = Buffer.from(withEol(spec.rawBody, eol), 'latin1');
  else body = encodeBody(spec.body ?? 'Hello,\n\nCould you send me the IEP draft?\n', charset, spec.transferEncoding ?? '8bit', eol);
  return Buffer.concat([headBytes, body]);
}

/** The message of `spec` as text with CRLF line ends (unless `crlf: false` is given). */
export function mailText(spec: MailSpec = {}): string {
  return mail({ crlf: true, ...spec }).toString('utf8');
}

/** Text in a charset Node knows (utf-8, latin1) or windows-1252, as bytes. */
export function encodeText(text: string, charset: string): Buffer {
  const cs = charset.toLowerCase();
  if (cs === 'utf-8' || cs === 'utf8') return Buffer.from(text, 'utf8');
  if (cs === 'iso-8859-1' || cs === 'latin1') return Buffer.from(text, 'latin1');
  if (cs === 'windows-1252') return Buffer.from([...text].map((ch) => WIN1252[ch] ?? ch.charCodeAt(0)));
  throw new Error(`encodeText: unsupported charset ${charset}`);
}

const WIN1252: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '…': 0x85 };

function encodeBody(text: string, charset: string, cte: string, eol: string): Buffer {
  const bytes = encodeText(withEol(text, eol), charset);
  if (cte === 'base64') return Buffer.from(wrap(bytes.toString('base64'), 76).join(eol) + eol, 'latin1');
  if (cte === 'quoted-printable') return Buffer.from(quotedPrintable(encodeText(text, charset), eol), 'latin1');
  return bytes;
}

function withEol(text: string, eol: string): string {
  return text.replace(/\r?\n/g, eol);
}

function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += width) out.push(s.slice(i, i + width));
  return out;
}

/** RFC 2045 quoted-printable with soft breaks at 76 columns. */
export function quotedPrintable(bytes: Buffer, eol = '\n'): string {
  const lines: string[] = [];
  for (const line of bytes.toString('latin1').split(/\r?\n/)) {
    let out = '';
    let width = 0;
    for (let i = 0; i < line.length; i++) {
      const code = line.charCodeAt(i);
      const trailingSpace = (code === 0x20 || code === 0x09) && i === line.length - 1;
      const enc = code === 0x3d || code > 0x7e || (code < 0x20 && code !== 0x09) || trailingSpace ? `=${code.toString(16).toUpperCase().padStart(2, '0')}` : line[i]!;
      if (width + enc.length > 75) {
        out += `=${eol}`;
        width = 0;
      }
      out += enc;
      width += enc.length;
    }
    lines.push(out);
  }
  return lines.join(eol);
}

/** RFC 2047 encoded-word. */
export function encodedWord(text: string, charset: 'UTF-8' | 'ISO-8859-1', enc: 'B' | 'Q'): string {
  const bytes = encodeText(text, charset);
  if (enc === 'B') return `=?${charset}?B?${bytes.toString('base64')}?=`;
  const q = [...bytes].map((b) => (b === 0x20 ? '_' : b > 0x7e || b < 0x21 || b === 0x3d || b === 0x3f || b === 0x5f ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b))).join('');
  return `=?${charset}?Q?${q}?=`;
}

/** "Mon, 12 Jan 2026 16:03:00 +0000". */
export function rfcDate(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

/** asctime for mbox envelope lines: "Mon Jan 12 16:03:00 2026". */
export function asctime(d: Date): string {
  const utc = d.toUTCString(); // "Mon, 12 Jan 2026 16:03:00 GMT"
  return `${utc.slice(0, 3)} ${utc.slice(8, 11)} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()}`;
}

/**
 * An mboxrd file: each message gets an envelope line, and its ">*From " lines one more ">". `crlf` writes
 * CRLF envelope lines and separators (the messages keep their own line endings).
 */
export function mbox(messages: Array<Buffer | string>, opts: { crlf?: boolean; sender?: string; date?: Date } = {}): Buffer {
  const eol = opts.crlf ? '\r\n' : '\n';
  const date = opts.date ?? new Date(Date.UTC(2026, 0, 12, 16, 3, 0));
  const parts: Buffer[] = [];
  for (const m of messages) {
    const text = (typeof m === 'string' ? Buffer.from(m, 'latin1') : m).toString('latin1');
    const escaped = text.replace(/^(>*From )/gm, '>$1');
    parts.push(Buffer.from(`From ${opts.sender ?? 'MAILER-DAEMON'} ${asctime(date)}${eol}${escaped}${escaped.endsWith(eol) ? '' : eol}${eol}`, 'latin1'));
  }
  return Buffer.concat(parts);
}
