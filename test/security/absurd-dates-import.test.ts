import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolMatcher } from '../../src/core/school.js';
import { messages } from '../../src/db/schema.js';
import { addSchoolContacts, ensureAccount, ensureChild, schoolContactValues } from '../../src/services/accounts/accounts.js';
import { importArchive } from '../../src/services/mailbox/import-archive.js';
import { createTestDb, DRIVERS } from '../helpers/db.js';
import { mail, mbox } from '../helpers/mail.js';

// A message dated year 12026 made its whole 100-message page fail to insert, so the cursor never passed it
// and the rest of the archive could never be imported. Now every message of the page is stored.
describe.each(DRIVERS)('an absurd Date header cannot block an import, on $driver', ({ driver, skip }) => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let dir: string;
  beforeAll(async () => {
    handle = await createTestDb(driver);
    dir = await mkdtemp(join(tmpdir(), 'ft-dates-'));
  });
  afterAll(async () => {
    await handle?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('250 messages with year 12026, +9999 and 1970 among them: all stored, at plausible dates', async () => {
    const account = await ensureAccount(handle.db, `dates-${driver}@family.test`);
    const child = await ensureChild(handle.db, account.id, { name: 'Sam', state: 'CA' });
    await addSchoolContacts(handle.db, account.id, child.id, ['lincoln.k12.test']);
    const bad = new Map([[7, 'Mon, 12 Jan 12026 08:00:00 -0800'], [120, 'Mon, 12 Jan 2026 08:00:00 +9999'], [200, 'Thu, 01 Jan 1970 00:00:00 +0000']]);
    const archive = mbox(Array.from({ length: 250 }, (_, i) => mail({
      messageId: `<m${i}@family.test>`, from: 'Pat <parent@family.test>', to: 'Ms. Ortega <mortega@lincoln.k12.test>',
      subject: `Note ${i}`, date: bad.get(i) ?? `Mon, 12 Jan 2026 ${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 -0800`,
      headers: bad.has(i) ? { Received: 'from mx.family.test by mx.lincoln.k12.test; Mon, 12 Jan 2026 08:00:05 -0800' } : {},
      body: `Message ${i}.\n`,
    })));
    const path = join(dir, 'takeout.mbox');
    await writeFile(path, archive);
    const box = { accountId: account.id, childId: child.id, parentAddresses: new Set(['parent@family.test']), school: schoolMatcher(await schoolContactValues(handle.db, account.id)) };
    const result = await importArchive(handle.db, box, path);
    expect(result.stored).toBe(250);
    expect(result.skipped).toBe(0);
    const rows = await handle.db.select().from(messages).where(eq(messages.accountId, account.id));
    expect(rows).toHaveLength(250);
    for (const i of bad.keys()) {
      const row = rows.find((r) => r.messageId === `<m${i}@family.test>`)!;
      // The Received header's time stands in for the absurd one.
      expect(new Date(row.sentAt as unknown as string).toISOString()).toBe('2026-01-12T16:00:05.000Z');
    }
  });
});
