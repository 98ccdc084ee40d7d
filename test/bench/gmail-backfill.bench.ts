/**
 * Gmail backfill and incremental sync against a fake Gmail enforcing the per-user quota, through the real
 * googleapis client. A 100,000-message mailbox of which 3,000 are school correspondence.
 *
 *   npx tsx test/bench/gmail-backfill.bench.ts               # real quota: 250 units/s (about a minute)
 *   npx tsx test/bench/gmail-backfill.bench.ts --compress 10 # 2,500 units/s: same arithmetic, 10x faster
 *
 * The quota floor is the least time the quota allows for the units actually spent: (units − burst) / rate,
 * where the burst is what the fake's bucket holds at the start. The ratio is measured / floor.
 */
import type { MailProvider } from '../../src/mail/provider.js';
import { startGmailRig } from '../fakes/gmail-setup.js';
import { PARENT, SCHOOL_ADDRESSES, SCHOOL_DOMAINS, generateMailbox, rfc822 } from '../fakes/mail-fixtures.js';

const argv = process.argv.slice(2);
const compress = Number(argv[argv.indexOf('--compress') + 1] ?? 1) || 1;
const TOTAL = 100_000;
const SCHOOL = 3_000;
const GMAIL_RATE = 250; // units per second per user (moving average)
const rate = GMAIL_RATE * compress;
const serverBurst = rate; // one second's worth

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
    gmail: { quota: { unitsPerSec: rate, burst: serverBurst } },
    // The adapter's own pacing: a little under the quota, so the fake's 429s stay a safety net.
    provider: { quota: { unitsPerSec: 240 * compress, burst: 100 * compress }, retry: { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 } },
  });
  const t0 = performance.now();
  const box = generateMailbox({ total: TOTAL, school: SCHOOL, spanDays: 500, now });
  for (const m of box) rig.gmail.addMessage(m.raw, { labelIds: ['INBOX'], recordHistory: false });
  console.log(`mailbox: ${TOTAL} messages (${box.filter((m) => m.school).length} school), loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`quota: ${rate} units/s enforced by the fake (Gmail: ${GMAIL_RATE}/s; time compression x${compress}), burst ${serverBurst}`);

  // Let the fake's bucket fill so the floor's burst assumption holds.
  await new Promise((r) => setTimeout(r, 1100));
  const u0 = { ...rig.gmail.unitsByMethod };
  const b0 = performance.now();
  const backfill = await syncAll(rig.provider, null, since);
  const backfillMs = performance.now() - b0;
  const backfillUnits = units(rig.gmail.unitsByMethod) - units(u0);
  const backfillFloorMs = (Math.max(0, backfillUnits - serverBurst) / rate) * 1000;
  const rejectedBackfill = rig.gmail.quota!.rejected;

  // 20 new messages, 8 of them school correspondence.
  for (let i = 0; i < 20; i++) {
    const school = i % 5 < 2;
    rig.gmail.addMessage(
      rfc822({
        from: school ? 'sped@district.k12.test' : 'news@shop.test',
        to: [PARENT],
        subject: `New ${i}`,
        body: `New message ${i}.`,
        date: new Date(),
        messageId: `<new-${i}@bench.test>`,
      }),
    );
  }
  await new Promise((r) => setTimeout(r, 1100));
  const u1 = { ...rig.gmail.unitsByMethod };
  const i0 = performance.now();
  const inc = await syncAll(rig.provider, backfill.cursor, since);
  const incMs = performance.now() - i0;
  const incUnits = units(rig.gmail.unitsByMethod) - units(u1);
  const incFloorMs = (Math.max(0, incUnits - serverBurst) / rate) * 1000;

  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log('');
  console.log(`backfill:    ${backfill.messages} messages in ${backfill.pages} pages, ${(backfill.bytes / 1e6).toFixed(1)} MB raw`);
  console.log(`  units:     ${backfillUnits} (${JSON.stringify(diff(rig.gmail.unitsByMethod, u0, u1))})`);
  console.log(`  time:      ${fmt(backfillMs)}   quota floor: ${fmt(backfillFloorMs)}   ratio: ${(backfillMs / backfillFloorMs).toFixed(3)}`);
  console.log(`  429s from the fake's quota enforcer: ${rejectedBackfill}`);
  console.log(`incremental: ${inc.messages} school messages of 20 new, ${inc.pages} page(s), reset=${inc.reset}`);
  console.log(`  units:     ${incUnits} (${JSON.stringify(diff(rig.gmail.unitsByMethod, u1))})`);
  console.log(`  time:      ${fmt(incMs)}   quota floor: ${fmt(incFloorMs)} (fits in the burst)${incFloorMs > 0 ? `   ratio: ${(incMs / incFloorMs).toFixed(3)}` : ''}`);
  console.log(`  429s total: ${rig.gmail.quota!.rejected}; adapter retries: ${rig.provider.client.stats.retries}`);
  if (compress !== 1) {
    console.log(`at the real quota (${GMAIL_RATE}/s) the same units take at least ${fmt((Math.max(0, backfillUnits - GMAIL_RATE) / GMAIL_RATE) * 1000)} (backfill)`);
  }
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
