import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type { SentCopyKey } from '../../core/sent-copy.js';
import { MailProviderError, type ChangePage, type ListChangesInput, type MailProvider } from '../provider.js';
import { candidateFromRaw, checkSentCopyKey, matches } from '../sent-copy-search.js';
import { readMbox } from './mbox-reader.js';
import { passesHeaderFilter } from './header-filter.js';

/**
 * An imported archive: one .mbox file (Google Takeout) or a folder of .eml files. Pages carry the raw
 * bytes inline, so an import reads the file once. Read-only: it cannot send.
 */
export interface ArchivePage extends ChangePage {
  upserted: Array<{ id: string; threadId: null; raw: Uint8Array; envelopeDate?: string | null }>;
  /** Messages read for this page, including those the header filter passed over. */
  scanned: number;
}

const cursorSchema = z.object({ v: z.literal(1), p: z.literal('archive'), at: z.union([z.number(), z.string()]) });

/**
 * `maxBytes`: a page also ends once its messages' raw bytes reach this (after at least one message), so a page
 * of large messages (attachments) does not hold `limit` of them in memory at once while it is parsed and stored.
 */
export type ArchiveListInput = ListChangesInput & { maxBytes?: number };

export interface ArchiveProvider extends MailProvider {
  listChanges(input: ArchiveListInput): Promise<ArchivePage>;
}

export async function createArchiveProvider(path: string): Promise<ArchiveProvider> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new MailProviderError('invalid', `No such file or folder: ${path}`);
  return info.isDirectory() ? emlFolder(path) : mboxFile(path, info.size);
}

function readCursor(cursor: string | null): number | string | null {
  if (!cursor) return null;
  const parsed = cursorSchema.safeParse(safeJson(cursor));
  if (!parsed.success) throw new MailProviderError('invalid', 'Archive cursor is not valid');
  return parsed.data.at;
}

function writeCursor(at: number | string): string {
  return JSON.stringify({ v: 1, p: 'archive', at });
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/**
 * An archive can hold what the parent sent (a Takeout export includes Sent): the same key as the mail
 * adapters, over every message whose header block names one of the recipients.
 */
async function findCopy(entries: AsyncIterable<{ id: string; raw: Uint8Array }>, key: SentCopyKey): Promise<{ providerId: string } | null> {
  checkSentCopyKey(key);
  const wanted = key.recipients.map((r) => r.toLowerCase());
  for await (const { id, raw } of entries) {
    const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 65_536)).toString('latin1');
    const block = head.slice(0, Math.max(0, head.search(/\r?\n\r?\n/))).toLowerCase();
    if (!block.includes(key.messageId.toLowerCase()) && !wanted.some((r) => block.includes(r))) continue;
    if (matches(key, await candidateFromRaw(raw))) return { providerId: id };
  }
  return null;
}

function readOnly(): never {
  throw new MailProviderError('unsupported', 'An imported archive is read-only: connect Gmail or Outlook to send');
}

function mboxFile(path: string, size: number) {
  return {
    kind: 'archive' as const,
    async listChanges(input: ArchiveListInput): Promise<ArchivePage> {
      const start = Number(readCursor(input.cursor) ?? 0);
      const upserted: ArchivePage['upserted'] = [];
      let next = start;
      let scanned = 0;
      let bytes = 0;
      let full = false;
      if (start < size) {
        const filter = { addresses: input.schoolAddresses, domains: input.schoolDomains, since: input.since };
        for await (const entry of readMbox(path, start)) {
          next = entry.offset + entry.length;
          scanned++;
          if (!passesHeaderFilter(entry.raw, filter)) continue;
          upserted.push({ id: `mbox:${entry.offset}:${entry.length}`, threadId: null, raw: entry.raw, envelopeDate: entry.envelopeDate });
          bytes += entry.raw.byteLength;
          if (upserted.length >= input.limit || bytes >= (input.maxBytes ?? Infinity)) {
            full = true;
            break;
          }
        }
      }
      return { upserted, deleted: [], nextCursor: writeCursor(next), hasMore: next < size && full, reset: false, scanned };
    },
    async getRaw(id: string): Promise<Uint8Array> {
      const m = /^mbox:(\d+):(\d+)$/.exec(id);
      if (!m) throw new MailProviderError('not_found', `Unknown archive message id ${id}`);
      for await (const entry of readMbox(path, Number(m[1]))) return entry.raw;
      throw new MailProviderError('not_found', `Unknown archive message id ${id}`);
    },
    send: readOnly,
    saveDraft: readOnly,
    findSent: async () => null,
    findSentCopy: (key: SentCopyKey) =>
      findCopy(
        (async function* () {
          for await (const e of readMbox(path, 0)) yield { id: `mbox:${e.offset}:${e.length}`, raw: e.raw };
        })(),
        key,
      ),
  };
}

function emlFolder(dir: string) {
  return emlFiles(
    async () => (await readdir(dir)).filter((n) => /\.(eml|msg|txt)$/i.test(n)),
    async (name) => {
      if (name.includes('/') || name.includes('\\')) throw new MailProviderError('not_found', `Unknown archive message id ${name}`);
      return readFileBytes(join(dir, name));
    },
  );
}

/**
 * A folder of .eml files held in memory (the demo family's sample mail, bundled so the Worker, which has no
 * filesystem, can import it): the same pages, cursor and look-up as a folder on disk.
 */
export function createBundledArchiveProvider(files: ReadonlyArray<{ name: string; raw: Uint8Array }>): ArchiveProvider {
  const byName = new Map(files.map((f) => [f.name, f.raw]));
  return emlFiles(
    async () => [...byName.keys()],
    async (name) => {
      const raw = byName.get(name);
      if (!raw) throw new MailProviderError('not_found', `Unknown archive message id ${name}`);
      return raw;
    },
  );
}

/** Messages named by file, read in name order; the cursor is the last name read. */
function emlFiles(names: () => Promise<string[]>, read: (name: string) => Promise<Uint8Array>): ArchiveProvider {
  const list = async () => (await names()).sort();
  return {
    kind: 'archive' as const,
    async listChanges(input: ArchiveListInput): Promise<ArchivePage> {
      const after = readCursor(input.cursor);
      const pending = (await list()).filter((n) => after === null || n > String(after));
      const filter = { addresses: input.schoolAddresses, domains: input.schoolDomains, since: input.since };
      const upserted: ArchivePage['upserted'] = [];
      let last = after === null ? '' : String(after);
      let scanned = 0;
      let bytes = 0;
      for (const name of pending) {
        if (upserted.length >= input.limit || bytes >= (input.maxBytes ?? Infinity)) break;
        scanned++;
        last = name;
        const raw = await read(name);
        if (passesHeaderFilter(raw, filter)) {
          upserted.push({ id: name, threadId: null, raw });
          bytes += raw.byteLength;
        }
      }
      return { upserted, deleted: [], nextCursor: writeCursor(last), hasMore: pending.length > scanned, reset: false, scanned };
    },
    getRaw: read,
    send: readOnly,
    saveDraft: readOnly,
    findSent: async () => null,
    findSentCopy: async (key: SentCopyKey) =>
      findCopy(
        (async function* () {
          for (const name of await list()) yield { id: name, raw: await read(name) };
        })(),
        key,
      ),
  };
}

function readFileBytes(path: string): Promise<Buffer> {
  return readFile(path);
}
