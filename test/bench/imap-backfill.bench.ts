/**
 * npm run bench:imap [-- total school]: backfill from a local throwaway Dovecot through the IMAP provider,
 * against a bare imapflow SEARCH + FETCH of the same messages in the same run; then an incremental sync of
 * 20 new messages. Defaults: 20,000 messages, 3,000 of them school mail.
 */
import { ImapFlow } from 'imapflow';
import { createImapProvider } from '../../src/mail/imap/index.js';
import { schoolSearch } from '../../src/mail/imap/search.js';
import { generateMailbox } from '../fakes/mail-fixtures.js';
import { startDovecot } from '../helpers/dovecot.js';

const total = Number(process.argv[2] ?? 20_000);
const school = Number(process.argv[3] ?? 3_000);
const SINCE = new Date(Date.UTC(2024, 0, 1));
const TERMS = { schoolAddresses: ['case.manager@othermail.test'], schoolDomains: ['district.k12.test'] };

const dovecot = await startDovecot();
const u = dovecot.users[0]!;
try {
  const mail = generateMailbox({ total, school, now: Date.UTC(2026, 0, 15) });
  await dovecot.deliverFiles(u.user, 'INBOX', mail.map((m) => ({ raw: m.raw, date: m.date })));
  const tls = { ca: dovecot.ca, servername: 'localhost' };
  // Warm Dovecot's index once so neither side pays for the first indexing.
  const warm = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: true, tls, auth: { user: u.user, pass: u.password }, logger: false });
  await warm.connect();
  await warm.mailboxOpen('INBOX');
  await warm.logout();

  // The bare fetch twice: the first run builds Dovecot's header cache (its SEARCH reads every message), so the
  // measured bare run and the provider after it both see a warm server; only the second run is counted.
  async function bareFetch(): Promise<{ seconds: number; count: number }> {
    const t0 = performance.now();
    const bare = new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: true, tls, auth: { user: u.user, pass: u.password }, logger: false });
    await bare.connect();
    await bare.mailboxOpen('INBOX', { readOnly: true });
    const uids = ((await bare.search(schoolSearch(['case.manager@othermail.test', 'district.k12.test'], SINCE, '1:*'), { uid: true })) || []) as number[];
    let n = 0;
    for await (const m of bare.fetch(uids.join(','), { uid: true, source: true }, { uid: true })) if (m.source) n++;
    await bare.logout();
    return { seconds: (performance.now() - t0) / 1000, count: n };
  }
  const coldBare = await bareFetch();
  const { seconds: bareS, count: bareCount } = await bareFetch();
  let t = performance.now();

  const provider = createImapProvider({
    credentials: { kind: 'imap', imap: { host: dovecot.host, port: dovecot.port, secure: true }, smtp: { host: dovecot.host, port: 1, secure: true }, user: u.user, password: u.password, address: u.user },
    imap: tls,
  });
  t = performance.now();
  let cursor: string | null = null;
  let count = 0;
  for (;;) {
    const page = await provider.listChanges({ cursor, since: SINCE, ...TERMS, limit: 100 });
    count += page.upserted.length;
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  const provS = (performance.now() - t) / 1000;

  const fresh = generateMailbox({ total: 20, school: 20, seed: 7, now: Date.now() }).map((m) => ({ raw: m.raw.replace(/@gen\.test>/, '@gen-new.test>'), date: new Date() }));
  await dovecot.append(u, 'INBOX', fresh);
  t = performance.now();
  let inc = 0;
  for (;;) {
    const page = await provider.listChanges({ cursor, since: SINCE, ...TERMS, limit: 100 });
    inc += page.upserted.length;
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  const incS = (performance.now() - t) / 1000;
  await provider.close();
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ total, school, fetched: { provider: count, bare: bareCount }, providerSeconds: +provS.toFixed(2), providerMsgsPerSec: Math.round(count / provS), bareSeconds: +bareS.toFixed(2), coldBareSeconds: +coldBare.seconds.toFixed(2), ratio: +(provS / bareS).toFixed(2), peakRssMb: Math.round(rssMb), incremental: { messages: inc, seconds: +incS.toFixed(3) } }, null, 1));
} finally {
  await dovecot.stop();
}
