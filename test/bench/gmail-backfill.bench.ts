/**
 * Gmail backfill and incremental sync against a fake Gmail enforcing the per-user quota, through the real
 * googleapis client. A 100,000-message mailbox of which 3,000 are school correspondence.
 *
 *   npx tsx test/bench/gmail-backfill.bench.ts               # real quota: 15,000 units per user per minute
 *   npx tsx test/bench/gmail-backfill.bench.ts --compress 10 # the same limit over a 6 s window: 10x faster
 *
 * Gmail's published limit is per minute (15,000 units per user per minute: developers.google.com/gmail/api/
 * reference/quota); the fake enforces it over a sliding window. The floor is the least time that window allows
 * for the units actually spent: floor((units − 1) / limit) × window (a window's worth at once, then the next
 * once the first spends leave it). The adapter paces with a WindowBudget over a ledger, as production does
 * through the database. The ratio is measured / floor.
 */
import type { MailProvider } from '../../src/mail/provider.js';
import { MemoryQuotaLedger, WindowBudget } from '../../src/mail/quota-window.js';
import { startGmailRig } from '../fakes/gmail-setup.js';
import { PARENT, SCHOOL_ADDRESSES, SCHOOL_DOMAINS, generateMailbox } from '../fakes/mail-fixtures.js';
import { mailText } from '../helpers/mail.js';

const argv = process.argv.slice(2);
const compress = Number(argv[argv.indexOf('--compress') + 1] ?? 1) || 1;
const TOTAL = 100_000;
const SCHOOL = 3_000;
const LIMIT = 15_000; // units per user per minute
const WINDOW_MS = 60_000 / compress;

async function syncAll(provider: MailProvider, cursor: string | null, since: Date) {
  let next = cursor;
  let pages = 0;
  let messages = 0;
  let bytes = 0;
  let reset = false;
  for (;;) {
    const page = await provider.listChanges({ cursor: next, since, schoolAddresses: SCHOOL_ADDRESSES, schoolDomains: SCHOOL_DOMAINS, limit: 500 });
    pages++;
    reset ||= page.reset;
    // Fetch the page's raw messages concurrently; the adapter's gate and quota bucket pace them.
    const raws = await Promise.all(page.upserted.map((u) => provider.getRaw(u.id)));
    messages += raws.length;
    bytes += raws.reduce((n, r) => n + r.length, 0);
    next = page.nextCursor;
    if (!page.hasMore) return { cursor: next, pages, messages, bytes, reset };
  }
}

function units(u: Record<string, number>): number {
  return Object.values(u).reduce((a, b) => a + b, 0);
}

async function main() {
  const now = Date.UTC(2026, 0, 15);
  const since = new Date(now - 540 * 86_400_000); // 18 months
  const rig = await startGmailRig({
    gmail: { quotaPerMinute: { units: LIMIT, windowMs: WINDOW_MS } },
    // The adapter's own pacing: the same limit over a window 2% (plus 100 ms) longer, so that requests still in
    // flight when the client's window frees have left the server's; the fake's 429s stay a safety net.
    provider: {
      quota: new WindowBudget({ ledger: new MemoryQuotaLedger(), key: 'gmail:bench', limit: LIMIT, windowMs: WINDOW_MS * 1.02 + 100, lease: 250 }),
      retry: { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 },
    },
  });
  const t0 = performance.now();
  const box = generateMailbox({ total: TOTAL, school: SCHOOL, spanDays: 500, now });
  for (const m of box) rig.gmail.addMessage(m.raw, { labelIds: ['INBOX'], recordHistory: false });
  console.log(`mailbox: ${TOTAL} messages (${box.filter((m) => m.school).length} school), loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`quota: ${LIMIT} units per ${WINDOW_MS / 1000} s sliding window enforced by the fake (Gmail: per minute; time compression x${compress})`);
  const floorOf = (u: number) => Math.floor(Math.max(0, u - 1) / LIMIT) * WINDOW_MS;
  const u0 = { ...rig.gmail.unitsByMethod };
  const b0 = performance.now();
  const backfill = await syncAll(rig.provider, null, since);
  const backfillMs = performance.now() - b0;
  const backfillUnits = units(rig.gmail.unitsByMethod) - units(u0);
  const backfillFloorMs = floorOf(backfillUnits);
  const rejectedBackfill = rig.gmail.quota!.rejected;

  // 20 new messages, 8 of them school correspondence.
  for (let i = 0; i < 20; i++) {
    const school = i % 5 < 2;
    rig.gmail.addMessage(
      mailText({
        from: school ? 'sped@district.k12.test' : 'news@shop.test',
        to: [PARENT],
        subject: `New ${i}`,
        body: `New message ${i}.`,
        date: new Date(),
        messageId: `<new-${i}@bench.test>`,
      }),
    );
  }
  // Let the backfill's spends leave the window, so the incremental run starts from an empty one.
  await new Promise((r) => setTimeout(r, WINDOW_MS * 1.02 + 200));
  const u1 = { ...rig.gmail.unitsByMethod };
  const i0 = performance.now();
  const inc = await syncAll(rig.provider, backfill.cursor, since);
  const incMs = performance.now() - i0;
  const incUnits = units(rig.gmail.unitsByMethod) - units(u1);
  const incFloorMs = floorOf(incUnits);

  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log('');
  console.log(`backfill:    ${backfill.messages} messages in ${backfill.pages} pages, ${(backfill.bytes / 1e6).toFixed(1)} MB raw`);
  console.log(`  units:     ${backfillUnits} (${JSON.stringify(diff(rig.gmail.unitsByMethod, u0, u1))})`);
  console.log(`  time:      ${fmt(backfillMs)}   quota floor: ${fmt(backfillFloorMs)}   ratio: ${(backfillMs / backfillFloorMs).toFixed(3)}`);
  console.log(`  429s from the fake's quota enforcer: ${rejectedBackfill}`);
  console.log(`incremental: ${inc.messages} school messages of 20 new, ${inc.pages} page(s), reset=${inc.reset}`);
  console.log(`  units:     ${incUnits} (${JSON.stringify(diff(rig.gmail.unitsByMethod, u1))})`);
  console.log(`  time:      ${fmt(incMs)}   quota floor: ${fmt(incFloorMs)} (fits in one window)${incFloorMs > 0 ? `   ratio: ${(incMs / incFloorMs).toFixed(3)}` : ''}`);
  console.log(`  429s total: ${rig.gmail.quota!.rejected}; adapter retries: ${rig.provider.client.stats.retries}`);
  if (compress !== 1) console.log(`at the real quota (per minute) the same units take at least ${fmt(Math.floor(Math.max(0, backfillUnits - 1) / LIMIT) * 60_000)} (backfill)`);
  await rig.close();
}

function diff(all: Record<string, number>, from: Record<string, number>, to?: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const end = to ?? all;
  for (const k of Object.keys(end)) {
    const d = (end[k] ?? 0) - (from[k] ?? 0);
    if (d) out[k] = d;
  }
  return out;
}

await main();
