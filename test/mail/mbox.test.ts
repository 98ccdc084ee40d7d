import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveProvider, type ArchivePage } from '../../src/mail/archive/archive-provider.js';
import { readMbox, type MboxEntry } from '../../src/mail/archive/mbox-reader.js';
import { parseMail, ParseError } from '../../src/mail/parse.js';
import { MailProviderError } from '../../src/mail/provider.js';
import { mail, mbox } from '../helpers/mail.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-mbox-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function all(path: string, start = 0): Promise<MboxEntry[]> {
  const out: MboxEntry[] = [];
  for await (const e of readMbox(path, start)) out.push(e);
  return out;
}

const input = { since: new Date(0), schoolAddresses: [], schoolDomains: [] };

async function pages(path: string, limit: number, maxBytes?: number): Promise<ArchivePage[]> {
  const provider = await createArchiveProvider(path);
  const out: ArchivePage[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await provider.listChanges({ ...input, cursor, limit, ...(maxBytes ? { maxBytes } : {}) });
    out.push(page);
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  return out;
}

const numbered = (n: number, opts: { crlf?: boolean } = {}) =>
  Array.from({ length: n }, (_, i) => mail({ subject: `Message ${i + 1}`, messageId: `<n${i + 1}@test.invalid>`, body: `Body of message ${i + 1}.\n`, crlf: opts.crlf }));

describe('readMbox', () => {
  it('unescapes mboxrd ">From " lines at every level and leaves other quoted lines alone', async () => {
    const body = ['Hello,', 'From here on, please write to me.', '>From the quoted part', '>>From deeper still', '> From with a space', '>Frommage is not escaped', '>> quoted text', ''].join('\n');
    const m = mail({ body, messageId: '<rd@test.invalid>' });
    const bytes = mbox([m]);
    // The writer escaped each level once more.
    expect(bytes.toString('latin1')).toContain('\n>From here on');
    expect(bytes.toString('latin1')).toContain('\n>>From the quoted part');
    expect(bytes.toString('latin1')).toContain('\n>>>From deeper still');
    const entries = await all(await file('rd.mbox', bytes));
    expect(entries).toHaveLength(1);
    const raw = entries[0]!.raw.toString('latin1');
    expect(raw.startsWith('From: Parent')).toBe(true);
    expect(raw).toContain('\nFrom here on, please write to me.\n');
    expect(raw).toContain('\n>From the quoted part\n');
    expect(raw).toContain('\n>>From deeper still\n');
    expect(raw).toContain('\n> From with a space\n');
    expect(raw).toContain('\n>Frommage is not escaped\n');
    expect(raw).toContain('\n>> quoted text\n');
    const parsed = await parseMail(entries[0]!.raw);
    expect(parsed.text).toContain('From here on, please write to me.\n>From the quoted part\n>>From deeper still');
  });

  it('a body line "From the desk of…" that was not escaped is not a message boundary', async () => {
    const body = ['Dear parent,', '', 'From the desk of Principal Lee', 'From the desk of Principal Lee, 3:30 pm Tuesday: the meeting moves to room 12.', 'From 3:15 to 4:00 the office is closed.', 'Thanks', ''].join('\n');
    const first = mail({ subject: 'Desk note', messageId: '<desk@test.invalid>', body });
    const second = mail({ subject: 'Second', messageId: '<second@test.invalid>' });
    // An mboxo writer does not escape body "From " lines: write the file by hand.
    const text = `From MAILER-DAEMON Mon Jan 12 16:03:00 2026\n${first.toString('latin1')}\nFrom MAILER-DAEMON Mon Jan 12 17:03:00 2026\n${second.toString('latin1')}\n`;
    const entries = await all(await file('desk.mbox', text));
    expect(entries.map((e) => e.raw.toString('latin1').match(/^Subject: (.*)$/m)?.[1])).toEqual(['Desk note', 'Second']);
    const parsed = await parseMail(entries[0]!.raw);
    expect(parsed.text).toContain('From the desk of Principal Lee, 3:30 pm Tuesday');
    expect(parsed.text).toContain('From 3:15 to 4:00 the office is closed.');
    expect(entries[1]!.envelopeDate).toBe('Mon Jan 12 17:03:00 2026');
  });

  it('accepts the envelope variants writers produce: "From -", an empty sender, an RFC 5322 date', async () => {
    const [a, b, c] = numbered(3);
    const text = `From - Mon Jan  5 08:00:00 2026\n${a!.toString('latin1')}\nFrom  Tue Jan  6 09:00 2026\n${b!.toString('latin1')}\nFrom sender@x.test Wed, 7 Jan 2026 10:00:00 -0800\n${c!.toString('latin1')}`;
    const entries = await all(await file('variants.mbox', text));
    expect(entries.map((e) => e.envelopeDate)).toEqual(['Mon Jan  5 08:00:00 2026', 'Tue Jan  6 09:00 2026', 'Wed, 7 Jan 2026 10:00:00 -0800']);
  });

  it('reads a CRLF mbox (Takeout style envelope lines with a zone) with exact offsets', async () => {
    const msgs = numbered(3, { crlf: true });
    const bytes = mbox(msgs, { crlf: true, sender: '1789012345678901234@xxx' });
    const path = await file('crlf.mbox', bytes);
    const entries = await all(path);
    expect(entries).toHaveLength(3);
    for (const [i, e] of entries.entries()) {
      const slice = bytes.subarray(e.offset, e.offset + e.length).toString('latin1');
      expect(slice.startsWith('From 1789012345678901234@xxx ')).toBe(true);
      expect(e.envelopeDate).toBe('Mon Jan 12 16:03:00 2026');
      expect(e.raw.subarray(0, msgs[i]!.length).equals(msgs[i]!)).toBe(true);
      const parsed = await parseMail(e.raw);
      expect(parsed.subject).toBe(`Message ${i + 1}`);
      expect(parsed.text.trim()).toBe(`Body of message ${i + 1}.`);
    }
    expect(entries.at(-1)!.offset + entries.at(-1)!.length).toBe(bytes.length);
    // A Google Takeout envelope line carries a numeric zone before the year.
    const takeout = `From 1789012345678901234@xxx Mon Jan 12 16:03:00 +0000 2026\r\n${msgs[0]!.toString('latin1')}\r\nFrom 1789012345678901235@xxx Tue Jan 13 09:00:00 +0000 2026\r\n${msgs[1]!.toString('latin1')}`;
    const t = await all(await file('takeout.mbox', takeout));
    expect(t.map((e) => e.envelopeDate)).toEqual(['Mon Jan 12 16:03:00 +0000 2026', 'Tue Jan 13 09:00:00 +0000 2026']);
  });

  it('finds an envelope line that straddles the 1 MiB read chunk', async () => {
    const big = mail({ subject: 'Big', messageId: '<big@test.invalid>', body: `${'x'.repeat(99)}\n`.repeat(10_480) });
    const small = mail({ subject: 'After the edge', messageId: '<edge@test.invalid>' });
    // Pad so the second envelope line starts a few bytes before the 1 MiB chunk edge.
    const head = `From MAILER-DAEMON Mon Jan 12 16:03:00 2026\n`;
    const first = head + big.toString('latin1');
    const pad = (1 << 20) - 10 - first.length - 1;
    expect(pad).toBeGreaterThan(0);
    const text = `${first}${'y'.repeat(pad)}\nFrom MAILER-DAEMON Mon Jan 12 17:00:00 2026\n${small.toString('latin1')}`;
    expect(text.indexOf('\nFrom MAILER-DAEMON Mon Jan 12 17')).toBe((1 << 20) - 11);
    const entries = await all(await file('edge.mbox', text));
    expect(entries).toHaveLength(2);
    expect(entries[1]!.offset).toBe((1 << 20) - 10);
    expect((await parseMail(entries[1]!.raw)).subject).toBe('After the edge');
  });

  it('yields a truncated last message: cut in the body it parses, cut in the headers it is a ParseError', async () => {
    const whole = mail({ subject: 'Complete', messageId: '<whole@test.invalid>' });
    const cutBody = mail({ subject: 'Cut in body', messageId: '<cutbody@test.invalid>', body: 'The first sentence arrived. The second sent' });
    const bodyCut = mbox([whole, cutBody]);
    const entries = await all(await file('cut-body.mbox', bodyCut.subarray(0, bodyCut.length - 2)));
    expect(entries).toHaveLength(2);
    const parsed = await parseMail(entries[1]!.raw);
    expect(parsed.subject).toBe('Cut in body');
    expect(parsed.text).toContain('The first sentence arrived.');

    // Cut right after the Subject line: the Date header never arrived.
    const cutHead = mail({ subject: 'Cut in headers', date: null, headers: { Date: 'Mon, 12 Jan 2026 18:00:00 -0800' } });
    const headText = mbox([whole, cutHead]).toString('latin1');
    const truncated = headText.slice(0, headText.indexOf('Subject: Cut in headers') + 'Subject: Cut in head'.length);
    const headEntries = await all(await file('cut-head.mbox', truncated));
    expect(headEntries).toHaveLength(2);
    await expect(parseMail(headEntries[1]!.raw)).rejects.toThrow(ParseError);
    await expect(parseMail(headEntries[1]!.raw)).rejects.toThrow('no Date header');
    // With the envelope date as a fallback (as the import passes it) the fragment still parses.
    const rescued = await parseMail(headEntries[1]!.raw, { fallbackDate: headEntries[1]!.envelopeDate });
    expect(rescued.sentAt).toBe('2026-01-12T16:03:00+00:00');
  });

  it('an empty file yields nothing, and so does a file of blank lines', async () => {
    expect(await all(await file('empty.mbox', ''))).toEqual([]);
    expect(await all(await file('blank.mbox', '\n\r\n\n'))).toEqual([]);
  });
});

describe('archive provider: mbox file', () => {
  it('pages carry raw bytes; ids re-read the same message through getRaw', async () => {
    const msgs = numbered(5);
    const path = await file('five.mbox', mbox(msgs));
    const provider = await createArchiveProvider(path);
    const page = await provider.listChanges({ ...input, cursor: null, limit: 10 });
    expect(page.upserted).toHaveLength(5);
    expect(page.hasMore).toBe(false);
    for (const ref of page.upserted.reverse()) {
      expect(ref.id).toMatch(/^mbox:\d+:\d+$/);
      expect(ref.threadId).toBeNull();
      const again = await provider.getRaw(ref.id);
      expect(Buffer.from(again).equals(Buffer.from(ref.raw))).toBe(true);
    }
    await expect(provider.getRaw('mbox:x')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('resuming from a cursor mid-file gives the rest exactly once', async () => {
    const msgs = numbered(7);
    const path = await file('seven.mbox', mbox(msgs));
    const paged = await pages(path, 2);
    expect(paged.map((p) => p.upserted.length)).toEqual([2, 2, 2, 1]);
    const subjects = [];
    for (const p of paged) for (const r of p.upserted) subjects.push((await parseMail(r.raw)).subject);
    expect(subjects).toEqual(msgs.map((_, i) => `Message ${i + 1}`));

    // A fresh provider (another process) resumes from the third page's cursor.
    const resumed = await createArchiveProvider(path);
    const rest = await resumed.listChanges({ ...input, cursor: paged[1]!.nextCursor, limit: 100 });
    expect(rest.upserted.map((r) => r.id)).toEqual([...paged[2]!.upserted, ...paged[3]!.upserted].map((r) => r.id));
    expect(rest.hasMore).toBe(false);
    // The end cursor gives nothing more.
    const end = await resumed.listChanges({ ...input, cursor: rest.nextCursor, limit: 100 });
    expect(end.upserted).toEqual([]);
    expect(end.hasMore).toBe(false);
    // readMbox from an entry's own offset starts at that entry.
    const fromThird = await all(path, Number(/^mbox:(\d+):/.exec(paged[1]!.upserted[0]!.id)![1]));
    expect(fromThird).toHaveLength(5);
  });

  it('a page also ends at maxBytes of raw mail (at least one message each), and the pages still cover every message once', async () => {
    const msgs = [...numbered(3), mail({ subject: 'Big', messageId: '<big@test.invalid>', body: 'x'.repeat(5000) + '\n' }), ...numbered(2)];
    const path = await file('bytes.mbox', mbox(msgs));
    const raw = (await all(path)).map((e) => e.raw.byteLength);
    const paged = await pages(path, 100, raw[0]! + raw[1]! + 1); // room for two small messages and a bit
    expect(paged.map((p) => p.upserted.length)).toEqual([3, 1, 2]); // the third tips the first page over; the big one alone
    expect(paged.map((p) => p.hasMore)).toEqual([true, true, false]);
    const subjects = [];
    for (const p of paged) for (const r of p.upserted) subjects.push((await parseMail(r.raw)).subject);
    expect(subjects).toEqual(['Message 1', 'Message 2', 'Message 3', 'Big', 'Message 1', 'Message 2']);
  });

  it('an empty mbox: one empty page, no more', async () => {
    const paged = await pages(await file('empty2.mbox', ''), 5);
    expect(paged).toHaveLength(1);
    expect(paged[0]!.upserted).toEqual([]);
    expect(paged[0]!.hasMore).toBe(false);
  });

  it('rejects a foreign cursor, a missing path, and sending', async () => {
    const provider = await createArchiveProvider(await file('one.mbox', mbox(numbered(1))));
    await expect(provider.listChanges({ ...input, cursor: 'not json', limit: 1 })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(provider.listChanges({ ...input, cursor: JSON.stringify({ v: 1, p: 'gmail', at: 3 }), limit: 1 })).rejects.toBeInstanceOf(MailProviderError);
    await expect(createArchiveProvider(join(dir, 'nope.mbox'))).rejects.toMatchObject({ kind: 'invalid' });
    expect(() => provider.send({ raw: new Uint8Array(), messageId: '<x@y>' })).toThrow(/read-only/);
    expect(() => provider.saveDraft({ raw: new Uint8Array(), messageId: '<x@y>' })).toThrow(MailProviderError);
    expect(await provider.findSent('<x@y>')).toBeNull();
  });
});

describe('archive provider: folder of .eml files', () => {
  it('reads only .eml files, in name order, paging with a cursor', async () => {
    const folder = join(dir, 'emls');
    await mkdir(folder);
    const msgs = numbered(3);
    await writeFile(join(folder, '002.eml'), msgs[1]!);
    await writeFile(join(folder, '001.eml'), msgs[0]!);
    await writeFile(join(folder, '003.EML'), msgs[2]!);
    await writeFile(join(folder, '.DS_Store'), Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]));
    await writeFile(join(folder, 'attachment.pdf'), '%PDF-1.4 not mail');
    await writeFile(join(folder, 'eml'), 'not an eml either');
    const paged = await pages(folder, 2);
    expect(paged.map((p) => p.upserted.map((r) => r.id))).toEqual([['001.eml', '002.eml'], ['003.EML']]);
    expect(Buffer.from(paged[0]!.upserted[1]!.raw).equals(msgs[1]!)).toBe(true);
    const provider = await createArchiveProvider(folder);
    expect(Buffer.from(await provider.getRaw('003.EML')).equals(msgs[2]!)).toBe(true);
    await expect(provider.getRaw('../five.mbox')).rejects.toMatchObject({ kind: 'not_found' });
    // Resume after the first page: the rest once.
    const rest = await provider.listChanges({ ...input, cursor: paged[0]!.nextCursor, limit: 10 });
    expect(rest.upserted.map((r) => r.id)).toEqual(['003.EML']);
    expect(rest.hasMore).toBe(false);
    const after = await provider.listChanges({ ...input, cursor: rest.nextCursor, limit: 10 });
    expect(after.upserted).toEqual([]);
  });

  it('an empty folder gives one empty page', async () => {
    const folder = join(dir, 'empty-folder');
    await mkdir(folder);
    const paged = await pages(folder, 5);
    expect(paged).toHaveLength(1);
    expect(paged[0]!.upserted).toEqual([]);
    expect(paged[0]!.hasMore).toBe(false);
  });
});
