import { createReadStream } from 'node:fs';

export interface MboxEntry {
  /** Byte offset of the envelope line ("From …") of this message in the file. */
  offset: number;
  /** Byte length of the whole entry, envelope line included. */
  length: number;
  /** The envelope line's date text, a fallback when the message has no Date header. */
  envelopeDate: string | null;
  /** The message itself, envelope line removed and ">From " lines unescaped. */
  raw: Buffer;
}

// An envelope line is "From <sender> <asctime date>" ("Mon Jan 12 16:03:00 2026", Takeout adds "+0000" before
// the year; some writers use an RFC 5322 date). A body line that merely starts with "From " — even one with a
// time in it ("From the desk of…, 3:30 pm") — lacks the weekday-month-day-time shape.
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const ENVELOPE = new RegExp(
  `^From +(?:\\S+ +)?(${DAY},? +(?:${MONTH} +\\d{1,2}|\\d{1,2} +${MONTH})(?: +\\d{4})? +\\d{1,2}:\\d{2}(?::\\d{2})?(?: .*)?)$`,
);
const CHUNK = 1 << 20;

/**
 * Streams the messages of an mbox file (Google Takeout writes mboxrd) without holding the file in memory.
 * Text is handled as latin1 so one character is one byte: offsets stay exact and bytes pass through unchanged.
 */
export async function* readMbox(path: string, startOffset = 0): AsyncGenerator<MboxEntry> {
  let pending = '';
  let pendingOffset = startOffset; // file offset of pending[0]
  let scanFrom = 1;
  const stream = createReadStream(path, { start: startOffset, highWaterMark: CHUNK });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    pending += chunk.toString('latin1');
    for (;;) {
      const boundary = findBoundary(pending, scanFrom);
      if (boundary === -1) {
        scanFrom = Math.max(1, pending.length - 200);
        break;
      }
      const entry = pending.slice(0, boundary);
      if (entry.trim()) yield toEntry(entry, pendingOffset);
      pendingOffset += boundary;
      pending = pending.slice(boundary);
      scanFrom = 1;
    }
  }
  if (pending.trim()) yield toEntry(pending, pendingOffset);
}

function findBoundary(text: string, from: number): number {
  let i = from;
  for (;;) {
    const at = text.indexOf('\nFrom ', i - 1);
    if (at === -1) return -1;
    const start = at + 1;
    const end = text.indexOf('\n', start);
    if (end === -1) return -1; // the line is not complete yet: wait for more bytes
    const line = text.slice(start, end).replace(/\r$/, '');
    if (ENVELOPE.test(line)) return start;
    i = end + 1;
  }
}

function toEntry(text: string, offset: number): MboxEntry {
  let body = text;
  let envelopeDate: string | null = null;
  if (body.startsWith('From ')) {
    const nl = body.indexOf('\n');
    const line = (nl === -1 ? body : body.slice(0, nl)).replace(/\r$/, '');
    const m = ENVELOPE.exec(line);
    envelopeDate = m?.[1]?.trim() ?? null;
    body = nl === -1 ? '' : body.slice(nl + 1);
  }
  // mboxrd: every ">…>From " line was escaped by one more ">".
  body = body.replace(/^>(>*From )/gm, '$1');
  return { offset, length: text.length, envelopeDate, raw: Buffer.from(body, 'latin1') };
}
