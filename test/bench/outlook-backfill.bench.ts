/**
 * Outlook backfill through the real Graph client against a fake Graph that enforces Outlook's per-mailbox
 * throttling (10,000 requests per 10 minutes, 4 concurrent: microsoft-graph-docs-contrib concepts/
 * throttling-limits.md). A 20,000-message mailbox with 3,000 school messages spread over 6 folders (Inbox, Sent
 * Items, Archive, a rule's subfolder, a nested one, a top-level one), plus Junk and Deleted Items, which are not
 * read. Every school message must come back exactly once.
 *
 *   npx tsx test/bench/outlook-backfill.bench.ts               # real limit: about 5 minutes
 *   npx tsx test/bench/outlook-backfill.bench.ts --compress 20 # the same arithmetic, 20x faster
 *
 * The floor is the least time the limit allows for the requests actually made: (requests − burst) / rate. The
 * ratio is measured / floor.
 */
import { startGraphRig } from '../fakes/graph-setup.js';
import { SCHOOL_ADDRESSES, SCHOOL_DOMAINS, generateMailbox } from '../fakes/mail-fixtures.js';

const argv = process.argv.slice(2);
const compress = Number(argv[argv.indexOf('--compress') + 1] ?? 1) || 1;
const TOTAL = 20_000;
const SCHOOL = 3_000;
const PER_10_MIN = 10_000;
const rate = (PER_10_MIN / 600) * compress; // requests per second
const BURST = 20;

async function main() {
  const now = Date.UTC(2026, 0, 15);
  const since = new Date(now - 540 * 86_400_000);
  const rig = await startGraphRig({
    provider: { requestsPerSec: rate * 0.97, maxConcurrent: 4, retry: { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 } },
  });
  // The rig's fake has no throttle; this bench needs one: a second fake server sharing nothing but the rig's tokens.
  await rig.graph.stop();
  const { FakeGraphServer } = await import('../fakes/graph-server.js');
  const graph = new FakeGraphServer({ throttle: { requestsPer10Min: PER_10_MIN * compress, concurrent: 4, burst: BURST }, latencyMs: 1 });
  graph.validTokens.add('at-initial');
  const { createOutlookProvider } = await import('../../src/mail/outlook/index.js');
  const { createMicrosoftOAuth } = await import('../../src/mail/oauth/microsoft.js');
  await graph.start();
  const provider = createOutlookProvider({
    tokenStore: rig.store,
    oauth: createMicrosoftOAuth({ clientId: rig.oauth.clientId, clientSecret: rig.oauth.clientSecret, redirectUri: 'http://localhost/cb', endpoints: { tokenEndpoint: rig.oauth.tokenEndpoint } }),
    baseUrl: graph.baseUrl,
    requestsPerSec: rate * 0.97,
    maxConcurrent: 4,
    retry: { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 },
  });

  const t0 = performance.now();
  const box = graph.mailbox;
  const iep = box.addFolder('IEP', 'inbox');
  const nested = box.addFolder('2025-26', iep);
  const district = box.addFolder('District', 'root');
  const readable = ['inbox', 'sentitems', 'archive', iep, nested, district];
  const mail = generateMailbox({ total: TOTAL, school: SCHOOL, spanDays: 500, now });
  mail.forEach((m, i) => {
    // School mail spread over the six folders; other mail mostly in the inbox, some in Junk and Deleted Items.
    const folder = m.school ? readable[i % readable.length]! : i % 10 === 0 ? 'junkemail' : i % 10 === 1 ? 'deleteditems' : 'inbox';
    box.addMessage(m.raw, folder, m.date);
  });
  const expected = new Set(mail.filter((m) => m.school).map((m) => m.messageId));
  console.log(`mailbox: ${TOTAL} messages (${expected.size} school over ${readable.length} folders), loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`throttle: ${PER_10_MIN * compress} requests per 10 min (${rate.toFixed(1)}/s; Outlook: ${PER_10_MIN}; compression x${compress}), 4 concurrent, burst ${BURST}`);
  await new Promise((r) => setTimeout(r, (BURST / rate) * 1000 + 100));

  graph.clearRequests();
  const b0 = performance.now();
  let cursor: string | null = null;
  let pages = 0;
  const got = new Map<string, number>();
  const { messageIdOf } = await import('../mail/provider.contract.js');
  for (;;) {
    const page = await provider.listChanges({ cursor, since, schoolAddresses: SCHOOL_ADDRESSES, schoolDomains: SCHOOL_DOMAINS, limit: 1000 });
    pages++;
    const raws = await Promise.all(page.upserted.map((u) => provider.getRaw(u.id)));
    for (const raw of raws) {
      const id = messageIdOf(raw)!;
      got.set(id, (got.get(id) ?? 0) + 1);
    }
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  const ms = performance.now() - b0;
  const requests = graph.requests.length;
  const accepted = requests - graph.throttled;
  const floorMs = (Math.max(0, accepted - BURST) / rate) * 1000;
  const missing = [...expected].filter((id) => !got.has(id)).length;
  const extra = [...got.keys()].filter((id) => !expected.has(id)).length;
  const dupes = [...got.values()].filter((n) => n > 1).length;
  console.log('');
  console.log(`backfill: ${got.size} school messages in ${pages} pages; missing ${missing}, not school ${extra}, duplicated ${dupes}`);
  console.log(`  requests: ${accepted} accepted (${graph.throttled} answered 429)`);
  console.log(`  time: ${(ms / 1000).toFixed(2)} s   throttling floor: ${(floorMs / 1000).toFixed(2)} s   ratio: ${(ms / floorMs).toFixed(3)}`);
  if (compress !== 1) console.log(`at the real limit the same requests take at least ${((Math.max(0, accepted - BURST) / (PER_10_MIN / 600)) / 60).toFixed(1)} min`);
  await graph.stop();
  await rig.close().catch(() => undefined);
  if (missing || extra || dupes) process.exitCode = 1;
}

await main();
