/**
 * "Try it with a demo family": an account (signed in by the caller), two children with school contacts, a
 * sample IEP and a district calendar, and two invented mailboxes from the labelled corpus (src/demo/mail/),
 * imported, analyzed and drafted — so a newcomer sees overdue requests and a follow-up draft at once.
 *
 * The demo clock: the sample mail is dated January–March 2026, so the demo account carries
 * `settings.demoNow = 2026-03-12T17:00:00Z` (10:00 in California). Every page and analysis of that account uses
 * this instant as "now" (see accountNow), so the overdue items are overdue by a meaningful number of days
 * whatever today's date is. The sample files are bundled as a generated module (demo-data.generated.ts, from
 * src/demo/), not read from disk, so the demo works on every deployment, the Worker included.
 */
import { recordAudit } from '../../db/audit.js';
import type { Db } from '../../db/client.js';
import { accounts } from '../../db/schema.js';
import { parseCalendarJson } from '../../core/deadlines/index.js';
import { addContacts, addParentAddresses, createChild, importForChild, saveCalendar, storeIepDocument } from './onboarding.js';
import { randomToken } from '../accounts/sessions.js';
import type { BundledArchive } from '../mailbox/import-archive.js';
import { DEMO_DATA } from './demo-data.generated.js';

export const DEMO_NOW = '2026-03-12T17:00:00.000Z';

/** One of the bundled sample mailboxes, as the archive importer reads it; its key names it like its folder did. */
function sampleMailbox(name: keyof typeof DEMO_DATA.mail): BundledArchive {
  const encoder = new TextEncoder();
  return { key: `demo/mail/${name}`, files: DEMO_DATA.mail[name].map((f) => ({ name: f.name, raw: encoder.encode(f.text) })) };
}

/** The instant an account's pages and analyses treat as now: the demo clock when set, else the real one. */
export function accountNow(account: { settings: Record<string, unknown> }, realNow: Date): Date {
  const demo = account.settings?.['demoNow'];
  if (typeof demo === 'string') {
    const t = Date.parse(demo);
    if (Number.isFinite(t)) return new Date(t);
  }
  return realNow;
}

export async function createDemoFamily(db: Db) {
  const email = `demo-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, '')}@demo.followthrough.invalid`;
  const [account] = await db
    .insert(accounts)
    .values({ email, name: 'Demo Parent', timezone: 'America/Los_Angeles', settings: { demoNow: DEMO_NOW, demo: true } })
    .returning();
  const accountId = account!.id;
  const actor = `parent:${accountId}`;
  const now = new Date(DEMO_NOW);
  await recordAudit(db, { accountId, actor: 'system', action: 'account.demo_created', subjectType: 'account', subjectId: accountId, data: { demoNow: DEMO_NOW }, at: now });
  // The invented parents' own addresses in the sample mail, so their messages count as the parent's.
  await addParentAddresses(db, accountId, ['lauren.whitcombe.law@gmail.com', 'dmorales_77@outlook.com']);

  const ethan = await createChild(db, accountId, actor, { name: 'Ethan', school: 'Coastal Bluffs Elementary', district: 'Coastal Bluffs Unified', state: 'CA', timezone: 'America/Los_Angeles' });
  await addContacts(db, accountId, ethan.id, actor, ['coastalbluffs.k12.ca.us']);
  await saveCalendar(db, accountId, ethan.id, actor, parseCalendarJson(JSON.parse(DEMO_DATA.calendarJson)));
  const iep = DEMO_DATA.sampleIep.replace(/Maya Rivera/g, 'Ethan Whitcombe').replace(/\bMaya\b/g, 'Ethan');
  await storeIepDocument(db, accountId, ethan.id, actor, { filename: 'sample-iep.txt', kind: 'iep', bytes: new TextEncoder().encode(iep) });
  await importForChild(db, { accountId, email, childId: ethan.id, path: sampleMailbox('ca-advocate-four-requests'), now, actor: 'system' });

  const adrian = await createChild(db, accountId, actor, { name: 'Adrian', school: 'Sierrabrook Middle School', district: 'Sierrabrook Unified', state: 'CA', timezone: 'America/Los_Angeles' });
  await addContacts(db, accountId, adrian.id, actor, ['sierrabrook.k12.ca.us']);
  await importForChild(db, { accountId, email, childId: adrian.id, path: sampleMailbox('ca-records-renewed'), now, actor: 'system' });
  return account!;
}
