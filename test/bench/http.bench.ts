/**
 * `npm run bench:http`: the dashboard (/app) and a child page (/children/:id) under autocannon offering 100
 * requests/s over 10 connections, with 1,000 accounts of realistic size in the database (a real family, the
 * ca-records-renewed corpus mailbox imported and analysed by the service, copied set-based to 200 messages
 * and about 12 requests per account). The app is the real one: the composition root src/node.ts uses
 * (createDeps + createApp) on port 0, signed in through POST /signin with a real session cookie.
 *
 * Prints, per page: one request's time and SQL statements (drizzle's query logger on the service's handle),
 * then p50/p95/p99 latency (from every response's time) and throughput.
 *
 *   npm run bench:http [-- --postgres URL | --embedded] [--seconds 30] [--accounts 1000]
 *
 * For profiling: `--keep` leaves the seeded PostgreSQL database in place (its URL is printed), `--seeded URL`
 * runs against such a database without seeding again, `--profile FILE` writes a V8 CPU profile
 * (.cpuprofile, for Chrome DevTools or speedscope) of the timed single requests, and `--seconds 0` skips the
 * load phase; `--list-statements` prints the SQL of one request per page.
 */
import { serve } from '@hono/node-server';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { createDeps } from '../../src/compose/create-deps.js';
import { parseEnv } from '../../src/config/env.js';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';
import { accounts, children } from '../../src/db/schema.js';
import { createApp } from '../../src/http/app.js';
import { hashPassword } from '../../src/services/accounts/auth.js';
import { analyzeAccount } from '../../src/services/analysis/analyze-account.js';
import { CASE, seedFamily } from '../jobs/family.js';
import type { LoadReport } from './http-load.js';
import { cloneAccount, countingHandle, freshDatabase } from './seed-accounts.js';

const { values: args } = parseArgs({
  options: {
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    embedded: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '30' },
    accounts: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '200' },
    requests: { type: 'string', default: '12' },
    keep: { type: 'boolean', default: false },
    seeded: { type: 'string' },
    profile: { type: 'string' },
    'list-statements': { type: 'boolean', default: false },
  },
});
const PASSWORD = 'bench password, long enough';

// The database: a fresh one on the server, or the embedded default in a temporary DATA_DIR.
let cleanup: () => Promise<void>;
let c: ReturnType<typeof countingHandle>;
let dataDir: string | null = null;
if (args.embedded) {
  dataDir = await mkdtemp(join(tmpdir(), 'ft-bench-http-'));
  const server = await startEmbeddedPostgres(join(dataDir, 'postgres'));
  c = countingHandle(server.connection(), 10); // as src/db/open.ts opens it
  await applyMigrations(c.handle, await readMigrations());
  cleanup = async () => {
    await server.stop();
    await rm(dataDir!, { recursive: true, force: true });
  };
} else if (args.seeded) {
  c = countingHandle(args.seeded);
  await applyMigrations(c.handle, await readMigrations()); // any added since it was seeded
  cleanup = async () => {};
} else {
  const fresh = await freshDatabase(args.postgres);
  c = countingHandle(fresh.url); // as src/db/client.ts openDb({ url }) opens it
  cleanup = args.keep ? async () => console.log(`kept the seeded database: --seeded ${fresh.url}`) : fresh.drop;
}

try {
  const ids = args.seeded ? await seededIds() : await seed();

  // The real app, as src/compose/node.ts builds it.
  const env = parseEnv({ DATABASE_URL: '', DATA_DIR: dataDir ?? tmpdir(), PORT: '8080' /* unused: served on port 0 below */, LOG_LEVEL: 'error', APP_URL: 'http://127.0.0.1' });
  const { app: appDeps } = createDeps(env, { name: 'node', version: 'bench', instance: 'bench', db: c.handle, uploadDir: null });
  const app = createApp(appDeps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  try {
    const cookie = await signIn(base, `bench-${Math.ceil(ids.length / 2)}-bench-template@example.com`);
    const me = ids[Math.ceil(ids.length / 2) - 1]!;
    const [kid] = await c.handle.db.select({ id: children.id }).from(children).where(eq(children.accountId, me));
    const profiler = args.profile ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const pages = ['/app', `/children/${kid!.id}`];
    for (const path of pages) {
      const one = await single(base, path, cookie);
      console.log(`${path.replace(kid!.id, ':id')}: one request ${one.ms.toFixed(1)} ms (median of 20), ${one.statements} SQL statements, ${one.bytes} bytes`);
      if (args['list-statements']) for (const t of one.texts) console.log(`  ${t.replace(/\s+/g, ' ').slice(0, 140)}`);
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      await writeFile(args.profile!, JSON.stringify(profile));
      console.log(`CPU profile of the single requests: ${args.profile}`);
      profiler.disconnect();
    }
    for (const path of Number(args.seconds) > 0 ? pages : []) {
      const r = await load(base, path, cookie, Number(args.seconds));
      console.log(
        `${path.replace(kid!.id, ':id')}: autocannon 100 req/s offered, 10 connections, ${args.seconds} s: ${r.throughput.toFixed(1)} req/s served, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, server CPU ${r.serverCpuMs.toFixed(1)} ms per response, autocannon CPU ${(r.loadCpuShare * 100).toFixed(0)}% of a core, load average ${r.loadavg}, ${r.non2xx} non-2xx, ${r.errors} errors; p95 ≤ 50 ms ${r.p95 <= 50 ? 'met' : 'NOT met'}`,
      );
    }
  } finally {
    // Requests autocannon sent before it stopped may still be running: wait until the app has issued no
    // statement for a second, so none meets a closed database handle.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (let last = -1, waited = 0; last !== c.statements() && waited < 30; waited++) {
      last = c.statements();
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
} finally {
  await c.handle.close();
  await cleanup();
}
// The app's background parts (throttle, mail services) keep timers; the figures are printed, so end here.
process.exit(0);

/** Seeds the template family and its copies; returns the copies' account ids in copy order. */
async function seed(): Promise<string[]> {
  const seedStart = performance.now();
  const { account } = await seedFamily(c.handle.db, { email: 'bench-template@example.com', timezone: 'America/Los_Angeles' });
  await analyzeAccount(c.handle.db, account.id, new Date(CASE.now)); // its requests, as the import job leaves them
  await c.handle.db.update(accounts).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(accounts.id, account.id));
  const [shape] = (await c.sql`select (select count(*)::int from messages where account_id = ${account.id}) as messages,
                                      (select count(*)::int from requests where account_id = ${account.id}) as requests`) as unknown as [{ messages: number; requests: number }];
  const messageCopies = Math.max(1, Math.round(Number(args.messages) / shape!.messages));
  const treeCopies = Math.max(1, Math.min(messageCopies, Math.round(Number(args.requests) / Math.max(1, shape!.requests))));
  const ids = await cloneAccount(c.sql, account.id, Number(args.accounts), { messageCopies, treeCopies });
  await c.sql`delete from accounts where id = ${account.id}`; // the template's own rows are not of the final shape
  await c.sql`analyze`;
  const [sized] = (await c.sql`select count(*)::int as accounts, (select count(*)::int from messages) as messages, (select count(*)::int from requests) as requests from accounts`) as unknown as [
    { accounts: number; messages: number; requests: number },
  ];
  console.log(
    `${args.embedded ? 'embedded PostgreSQL' : 'PostgreSQL'}: seeded ${sized!.accounts} accounts, ${(sized!.messages / sized!.accounts).toFixed(0)} messages and ${(sized!.requests / sized!.accounts).toFixed(1)} requests each, in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  return ids;
}

/** The account ids of a database seeded by an earlier `--keep` run, in copy order. */
async function seededIds(): Promise<string[]> {
  const rows = (await c.sql`select id, email from accounts where email like 'bench-%-bench-template@example.com'`) as unknown as Array<{ id: string; email: string }>;
  return rows.sort((a, b) => Number(a.email.split('-')[1]) - Number(b.email.split('-')[1])).map((r) => r.id);
}

/** Signs in through the form (CSRF token from the page, then POST /signin) and returns the session cookie. */
async function signIn(base: string, email: string): Promise<string> {
  const page = await fetch(`${base}/signin`);
  const csrf = /name="csrf-token" content="([^"]*)"/.exec(await page.text())?.[1] ?? '';
  const jar = setCookies(page).map((s) => s.split(';')[0]).join('; ');
  const res = await fetch(`${base}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password: PASSWORD }),
  });
  const session = setCookies(res).find((s) => s.startsWith('ft_session='));
  if (res.status !== 303 || !session) throw new Error(`sign-in failed: ${res.status}`);
  return session.split(';')[0]!;
}

/** Node's fetch has Headers.getSetCookie (the DOM types this project compiles with do not declare it). */
function setCookies(res: Response): string[] {
  return (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
}

async function single(base: string, path: string, cookie: string) {
  const times: number[] = [];
  let statements = 0;
  let texts: string[] = [];
  let bytes = 0;
  for (let i = 0; i < 40; i++) {
    if (i === 20) times.length = 0; // the first 20 warm the code up (JIT); the median is of the next 20
    c.reset();
    const t = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
    const body = await res.text();
    times.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    statements = c.statements();
    texts = c.texts();
    bytes = body.length;
  }
  return { ms: percentile(times, 50), statements, texts, bytes };
}

/**
 * Offers the load from a child process (http-load.ts) and returns its percentiles, with the CPU this process (the
 * server) spent per response served while it ran: the figure that does not depend on what else the machine runs.
 */
async function load(base: string, path: string, cookie: string, seconds: number) {
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const cpuBefore = process.cpuUsage();
  const child = fork(fileURLToPath(new URL('./http-load.ts', import.meta.url)), [`${base}${path}`, cookie, String(seconds)]);
  const report = await new Promise<LoadReport>((resolve, reject) => {
    child.once('message', (m) => resolve(m as LoadReport));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`http-load.ts exited with ${code}`)));
  });
  const cpu = process.cpuUsage(cpuBefore);
  const { latencies } = report;
  return {
    throughput: report.total / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    serverCpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
    loadCpuShare: report.cpuMs / 1000 / seconds,
    loadavg: `${loadBefore} → ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
    non2xx: report.non2xx,
    errors: report.errors,
  };
}

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
