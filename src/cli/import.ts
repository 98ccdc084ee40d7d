import { parseArgs } from 'node:util';
import { parseEnv } from '../config/env.js';
import { openMigratedDb } from '../db/open.js';
import { schoolMatcher } from '../core/school.js';
import { addSchoolContacts, ensureAccount, ensureChild, schoolContactValues } from '../services/accounts/accounts.js';
import { importArchive } from '../services/mailbox/import-archive.js';
import { loadParentAddresses } from '../services/mailbox/parent-addresses.js';
import { fail } from './fail.js';

const USAGE = 'usage: npm run import -- --mail PATH --account EMAIL [--school DOMAIN_OR_ADDRESS,…] [--child NAME] [--state XX]';

async function main() {
  const { values } = parseArgs({
    options: {
      mail: { type: 'string' },
      account: { type: 'string' },
      school: { type: 'string' },
      child: { type: 'string' },
      state: { type: 'string' },
    },
    strict: true,
  });
  if (!values.mail || !values.account) fail(USAGE);
  const env = parseEnv(process.env);
  const handle = await openMigratedDb(env, { onCarryOver: (line) => console.error(line) });
  try {
    const account = await ensureAccount(handle.db, values.account);
    const child = await ensureChild(handle.db, account.id, { name: values.child ?? 'My child', state: values.state?.toUpperCase() });
    if (values.school) await addSchoolContacts(handle.db, account.id, child.id, values.school.split(','));
    const contacts = await schoolContactValues(handle.db, account.id);
    if (contacts.length === 0) fail('No school contacts yet: pass --school with the school domain or addresses (e.g. --school district.k12.ca.us)');
    const started = Date.now();
    const result = await importArchive(handle.db, {
      accountId: account.id,
      childId: child.id,
      parentAddresses: new Set(await loadParentAddresses(handle.db, account.id)),
      school: schoolMatcher(contacts),
    }, values.mail);
    console.log(
      `imported ${values.mail}: ${result.seen} read, ${result.stored} new school messages, ${result.ignored} not school mail, ` +
        `${result.skipped} skipped, ${result.threads} threads (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
