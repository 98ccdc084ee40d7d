import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schoolMatcher } from '../../../src/core/school.js';
import { mailboxConnections, messages, skippedMessages, threads } from '../../../src/db/schema.js';
import { addSchoolContacts, ensureAccount, ensureChild, schoolContactValues } from '../../../src/services/accounts/accounts.js';
import { importArchive, type ImportResult } from '../../../src/services/mailbox/import-archive.js';
import { countMessages, rethreadAccount } from '../../../src/services/mailbox/store-messages.js';
import { describeOnEachDriver } from '../../helpers/each-driver.js';
import { mail, mbox } from '../../helpers/mail.js';

const PARENT = 'parent@family.test';
const TEACHER = 'Ms. Ortega <mortega@lincoln.k12.test>';
const CASE_MANAGER = 'Case Manager <cm.lincoln@gmail.test>'; // a school contact on a personal domain

/** The archive: four school messages (one thread of three, one alone) and two that are not school mail. */
const ARCHIVE = [
  mail({
    messageId: '<ask@family.test>',
    from: `Pat Parent <${PARENT}>`,
    to: TEACHER,
    subject: 'Speech sessions',
    date: 'Mon, 12 Jan 2026 08:00:00 -0800',
    body: 'Hi Ms. Ortega,\n\nCould you tell me when the missed speech sessions will be made up?\n\nThanks,\nPat\n',
  }),
  mail({ messageId: '<sale@shop.test>', from: 'Shop <news@shop.test>', to: PARENT, subject: 'Sale', date: 'Mon, 12 Jan 2026 09:00:00 -0800', body: 'Everything 20% off.\n' }),
  mail({
    messageId: '<answer@lincoln.k12.test>',
    from: TEACHER,
    to: `Pat Parent <${PARENT}>`,
    subject: 'RE: Speech sessions',
    date: 'Tue, 13 Jan 2026 15:30:00 -0800',
    inReplyTo: '<ask@family.test>',
    references: '<ask@family.test>',
    body: 'Hello Pat,\n\nThe make-up sessions will be on Tuesdays at 2 pm starting Jan 20.\n\nOn Mon, Jan 12, 2026 at 8:00 AM Pat Parent <parent@family.test> wrote:\n> Hi Ms. Ortega,\n>\n> Could you tell me when the missed speech sessions will be made up?\n',
  }),
  mail({ messageId: '<hi@friend.test>', from: 'Friend <friend@example.test>', to: PARENT, subject: 'Dinner?', date: 'Tue, 13 Jan 2026 18:00:00 -0800', body: 'Friday?\n' }),
  mail({
    messageId: '<eval@gmail.test>',
    from: CASE_MANAGER,
    to: PARENT,
    subject: 'Evaluation consent',
    date: 'Wed, 14 Jan 2026 10:00:00 -0500',
    body: 'Please sign and return the consent form.\n',
  }),
  // A reply whose client dropped the References: joins the speech thread by subject and participants.
  mail({
    messageId: '<thanks@family.test>',
    from: `Pat Parent <${PARENT}>`,
    to: TEACHER,
    subject: 'Re: Speech sessions',
    date: 'Thu, 15 Jan 2026 07:45:00 -0800',
    body: 'Thank you, Tuesdays work.\n',
  }),
];
const SCHOOL_IDS = ['<ask@family.test>', '<answer@lincoln.k12.test>', '<eval@gmail.test>', '<thanks@family.test>'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileNo = 0;
async function archiveFile(msgs: Array<Buffer | string> = ARCHIVE): Promise<string> {
  const path = join(dir, `archive-${++fileNo}.mbox`);
  await writeFile(path, mbox(msgs));
  return path;
}

describeOnEachDriver('importArchive', (suite) => {
  const { driver } = suite;

  let accountNo = 0;
  async function newBox(label = 'family') {
    const db = suite.handle.db;
    const account = await ensureAccount(db, `${label}-${++accountNo}-${driver}@family.test`);
    const child = await ensureChild(db, account.id, { name: 'Sam', state: 'CA' });
    await addSchoolContacts(db, account.id, child.id, ['lincoln.k12.test', 'CM.Lincoln@gmail.test']);
    return {
      accountId: account.id,
      childId: child.id,
      parentAddresses: new Set([PARENT]),
      school: schoolMatcher(await schoolContactValues(db, account.id)),
    };
  }

  const stored = (accountId: string) =>
    suite.handle.db.select().from(messages).where(eq(messages.accountId, accountId)).orderBy(asc(messages.sentAt));

  it('keeps only school mail, with sides, new text without the quote, threads and links', async () => {
    const box = await newBox();
    const result = await importArchive(suite.handle.db, box, await archiveFile());
    expect(result).toEqual({ seen: 6, stored: 4, ignored: 2, skipped: 0, threads: 2 });
    const rows = await stored(box.accountId);
    expect(rows.map((r) => r.messageId)).toEqual(SCHOOL_IDS);
    expect(rows.map((r) => r.side)).toEqual(['parent', 'school', 'school', 'parent']);
    expect(rows.every((r) => r.childId === box.childId && r.connectionId !== null)).toBe(true);

    const answer = rows[1]!;
    expect(answer.fromAddress).toBe('mortega@lincoln.k12.test');
    expect(answer.fromName).toBe('Ms. Ortega');
    expect(answer.bodyText).toContain('> Could you tell me when the missed speech sessions');
    expect(answer.newText).toContain('The make-up sessions will be on Tuesdays at 2 pm starting Jan 20.');
    expect(answer.newText).not.toContain('Could you tell me');
    expect(answer.newText).not.toContain('wrote:');
    expect(answer.sentAtText).toBe('2026-01-13T15:30:00-08:00');
    expect(answer.sentAt.toISOString()).toBe('2026-01-13T23:30:00.000Z');
    expect(answer.inReplyTo).toBe('<ask@family.test>');
    expect(answer.references).toEqual(['<ask@family.test>']);
    expect(answer.providerId).toMatch(/^mbox:\d+:\d+$/);
    expect(rows[2]!.sentAtText).toBe('2026-01-14T10:00:00-05:00');

    const threadRows = await suite.handle.db.select().from(threads).where(eq(threads.accountId, box.accountId)).orderBy(asc(threads.lastMessageAt));
    expect(threadRows.map((t) => [t.rootMessageId, t.subject])).toEqual([
      ['<eval@gmail.test>', 'Evaluation consent'],
      ['<ask@family.test>', 'Speech sessions'],
    ]);
    const speech = threadRows[1]!;
    expect(speech.lastMessageAt?.toISOString()).toBe('2026-01-15T15:45:00.000Z');
    expect(speech.childId).toBe(box.childId);
    const byThread = (id: string) => rows.filter((r) => r.threadId === id).map((r) => r.messageId);
    expect(byThread(speech.id)).toEqual(['<ask@family.test>', '<answer@lincoln.k12.test>', '<thanks@family.test>']);
    expect(byThread(threadRows[0]!.id)).toEqual(['<eval@gmail.test>']);
  });

  it('re-importing the same archive (a copy at another path: a fresh cursor) adds nothing', async () => {
    const box = await newBox();
    const path = await archiveFile();
    await importArchive(suite.handle.db, box, path);
    const before = await stored(box.accountId);
    const threadsBefore = await suite.handle.db.select().from(threads).where(eq(threads.accountId, box.accountId));
    const copy = join(dir, 'copy-of-archive.mbox');
    await copyFile(path, copy);
    const again = await importArchive(suite.handle.db, box, copy);
    expect(again).toEqual({ seen: 6, stored: 0, ignored: 2, skipped: 0, threads: 2 });
    const after = await stored(box.accountId);
    expect(after.map((r) => [r.id, r.threadId])).toEqual(before.map((r) => [r.id, r.threadId]));
    const threadsAfter = await suite.handle.db.select().from(threads).where(eq(threads.accountId, box.accountId));
    expect(threadsAfter.map((t) => t.id).sort()).toEqual(threadsBefore.map((t) => t.id).sort());
    // Two connections now, one per path, each with its own cursor.
    const conns = await suite.handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.accountId, box.accountId));
    expect(conns).toHaveLength(2);
    expect(conns.every((c) => c.cursor !== null && c.provider === 'archive')).toBe(true);
    // The same path again: its cursor is at the end, nothing is even read.
    expect(await importArchive(suite.handle.db, box, copy)).toEqual({ seen: 0, stored: 0, ignored: 0, skipped: 0, threads: 2 });
  });

  it('an unparsable message is recorded in skipped_messages with its reason; the rest imports', async () => {
    const box = await newBox();
    const garbage = 'this line is not a header\nnor is this one\n';
    const path = await archiveFile([ARCHIVE[0]!, garbage, ARCHIVE[2]!]);
    const result = await importArchive(suite.handle.db, box, path);
    expect(result).toMatchObject({ seen: 3, stored: 2, skipped: 1 });
    const skipped = await suite.handle.db.select().from(skippedMessages).where(eq(skippedMessages.accountId, box.accountId));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.reason).toBe('no headers');
    expect(skipped[0]!.source).toMatch(/^\/.*\.mbox#mbox:\d+:\d+$/);
    expect(skipped[0]!.connectionId).not.toBeNull();
    expect((await stored(box.accountId)).map((r) => r.messageId)).toEqual(['<ask@family.test>', '<answer@lincoln.k12.test>']);

    // A message without a Date header takes the mbox envelope date instead of being skipped.
    const undated = mail({ messageId: '<undated@lincoln.k12.test>', from: TEACHER, to: PARENT, date: null, subject: 'No date' });
    const second = await importArchive(suite.handle.db, box, await archiveFile([undated]));
    expect(second).toMatchObject({ stored: 1, skipped: 0 });
    const [row] = await suite.handle.db.select().from(messages).where(and(eq(messages.accountId, box.accountId), eq(messages.messageId, '<undated@lincoln.k12.test>')));
    expect(row!.sentAtText).toBe('2026-01-12T16:03:00+00:00');
  });

  it('skipped messages from two archives are both recorded, even with the same id inside each archive', async () => {
    const box = await newBox();
    const folders = [join(dir, `eml-a-${driver}`), join(dir, `eml-b-${driver}`)];
    for (const f of folders) {
      await mkdir(f);
      await writeFile(join(f, '001.eml'), ARCHIVE[0]!);
      await writeFile(join(f, '002.eml'), 'garbage without headers\n');
      await writeFile(join(f, 'readme.md'), '# not mail');
    }
    for (const f of folders) expect(await importArchive(suite.handle.db, box, f)).toMatchObject({ seen: 2, skipped: 1 });
    const skipped = await suite.handle.db.select().from(skippedMessages).where(eq(skippedMessages.accountId, box.accountId));
    expect(skipped).toHaveLength(2);
    expect(new Set(skipped.map((s) => s.connectionId)).size).toBe(2);
    // Importing a folder again records nothing twice.
    await importArchive(suite.handle.db, box, join(folders[0]!, '.'));
    expect(await suite.handle.db.select().from(skippedMessages).where(eq(skippedMessages.accountId, box.accountId))).toHaveLength(2);
  });

  it('an import interrupted after its first page resumes from the stored cursor: nothing lost, nothing twice', async () => {
    const box = await newBox();
    const path = await archiveFile();
    const progress: ImportResult[] = [];
    const interrupted = importArchive(suite.handle.db, box, path, {
      pageSize: 2,
      onProgress: (r) => {
        progress.push({ ...r });
        throw new Error('killed after the first page');
      },
    });
    await expect(interrupted).rejects.toThrow('killed after the first page');
    // A page holds pageSize school messages; the shop's mail between them was read and passed over.
    expect(progress).toEqual([{ seen: 3, stored: 2, ignored: 1, skipped: 0, threads: 0, bytesRead: expect.any(Number) }]);
    // The progress says how far into the .mbox the import is: past the first page, short of the end.
    const bytesRead = (progress[0] as ImportResult & { bytesRead: number }).bytesRead;
    expect(bytesRead).toBeGreaterThan(0);
    expect(bytesRead).toBeLessThan((await stat(path)).size);
    // The first page is stored and the cursor points after it.
    expect((await stored(box.accountId)).map((r) => r.messageId)).toEqual(['<ask@family.test>', '<answer@lincoln.k12.test>']);
    const [conn] = await suite.handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.accountId, box.accountId));
    expect(conn!.cursor).not.toBeNull();

    const pages: ImportResult[] = [];
    const resumed = await importArchive(suite.handle.db, box, path, { pageSize: 2, onProgress: (r) => pages.push({ ...r }) });
    // Resumed, not restarted: only the three remaining messages were read.
    expect(resumed).toEqual({ seen: 3, stored: 2, ignored: 1, skipped: 0, threads: 2 });
    expect(pages.map((p) => p.seen)).toEqual([3]);
    const rows = await stored(box.accountId);
    expect(rows.map((r) => r.messageId)).toEqual(SCHOOL_IDS);
    expect(rows.every((r) => r.threadId !== null)).toBe(true);
    expect(await countMessages(suite.handle.db, box.accountId)).toBe(4);
  });

  it('the cursor is found again whatever the spelling of the path (relative or absolute)', async () => {
    const box = await newBox();
    const path = await archiveFile();
    await importArchive(suite.handle.db, box, relative(process.cwd(), path));
    expect(await importArchive(suite.handle.db, box, path)).toMatchObject({ seen: 0 });
    expect(await suite.handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.accountId, box.accountId))).toHaveLength(1);
  });

  it('accounts are isolated: the same archive gives each account its own rows, invisible to the other', async () => {
    const a = await newBox('alpha');
    const b = await newBox('beta');
    const path = await archiveFile();
    await importArchive(suite.handle.db, a, path);
    await importArchive(suite.handle.db, b, path);
    const rowsA = await stored(a.accountId);
    const rowsB = await stored(b.accountId);
    expect(rowsA.map((r) => r.messageId)).toEqual(SCHOOL_IDS);
    expect(rowsB.map((r) => r.messageId)).toEqual(SCHOOL_IDS);
    expect(rowsA.every((r) => r.accountId === a.accountId && r.childId === a.childId)).toBe(true);
    const idsA = new Set(rowsA.map((r) => r.id));
    expect(rowsB.some((r) => idsA.has(r.id))).toBe(false);
    // Threads are per account, and each account's messages point only at its own threads.
    const threadsA = await suite.handle.db.select().from(threads).where(eq(threads.accountId, a.accountId));
    const threadsB = await suite.handle.db.select().from(threads).where(eq(threads.accountId, b.accountId));
    expect(threadsA).toHaveLength(2);
    expect(threadsB).toHaveLength(2);
    const threadIdsA = new Set(threadsA.map((t) => t.id));
    expect(rowsA.every((r) => threadIdsA.has(r.threadId!))).toBe(true);
    expect(rowsB.some((r) => threadIdsA.has(r.threadId!))).toBe(false);
    // An account-scoped lookup of the other account's message ids finds nothing.
    const cross = await suite.handle.db
      .select()
      .from(messages)
      .where(and(eq(messages.accountId, a.accountId), inArray(messages.id, rowsB.map((r) => r.id))));
    expect(cross).toEqual([]);
    expect(await countMessages(suite.handle.db, a.accountId)).toBe(4);
    // Re-threading one account leaves the other untouched.
    expect(await rethreadAccount(suite.handle.db, a.accountId)).toBe(2);
    expect((await stored(b.accountId)).map((r) => r.threadId)).toEqual(rowsB.map((r) => r.threadId));
  });
});
