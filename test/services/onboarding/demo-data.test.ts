/**
 * The demo family's sample files are bundled as a generated module, so the demo works without a filesystem
 * (the Worker). The module must match src/demo/, and importing the bundled mailbox must store exactly what
 * importing the folder on disk stores.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../src/db/schema.js';
import { ensureAccount, ensureChild } from '../../../src/services/accounts/accounts.js';
import { generateDemoDataModule, GENERATED_PATH } from '../../../src/services/onboarding/build-demo-data.js';
import { DEMO_DATA } from '../../../src/services/onboarding/demo-data.generated.js';
import { addContacts, addParentAddresses, importForChild } from '../../../src/services/onboarding/onboarding.js';
import { createTestDb } from '../../helpers/db.js';

const FOLDER = fileURLToPath(new URL('../../../src/demo/mail/ca-advocate-four-requests', import.meta.url));

describe('the bundled demo data', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('src/services/onboarding/demo-data.generated.ts is in sync with src/demo/ (run: npx tsx src/services/onboarding/build-demo-data.ts)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generateDemoDataModule());
  });

  it('keeps each file byte for byte (CRLF line ends included)', () => {
    const [first] = DEMO_DATA.mail['ca-advocate-four-requests'];
    expect(Buffer.from(new TextEncoder().encode(first.text)).equals(readFileSync(`${FOLDER}/${first.name}`))).toBe(true);
  });

  it('importing the bundled mailbox stores the same messages as importing the folder on disk', async () => {
    async function imported(label: string, path: Parameters<typeof importForChild>[1]['path']) {
      const account = await ensureAccount(handle.db, `bundle-${label}@family.test`);
      const child = await ensureChild(handle.db, account.id, { name: 'Ethan', state: 'CA' });
      await addContacts(handle.db, account.id, child.id, 'parent', ['coastalbluffs.k12.ca.us']);
      await addParentAddresses(handle.db, account.id, ['lauren.whitcombe.law@gmail.com']);
      const result = await importForChild(handle.db, { accountId: account.id, email: account.email, childId: child.id, path, now: new Date('2026-03-12T17:00:00Z'), actor: 'test' });
      const rows = await handle.db
        .select({ messageId: messages.messageId, subject: messages.subject, side: messages.side, newText: messages.newText })
        .from(messages)
        .where(eq(messages.accountId, account.id))
        .orderBy(asc(messages.messageId));
      return { result, rows };
    }
    const encoder = new TextEncoder();
    const bundled = await imported('memory', { key: 'demo/mail/ca-advocate-four-requests', files: DEMO_DATA.mail['ca-advocate-four-requests'].map((f) => ({ name: f.name, raw: encoder.encode(f.text) })) });
    const disk = await imported('disk', FOLDER);
    expect(bundled.rows.length).toBeGreaterThan(0);
    expect(bundled.rows).toEqual(disk.rows);
    expect(bundled.result).toEqual(disk.result);
  });
});
