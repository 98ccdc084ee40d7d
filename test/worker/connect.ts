/**
 * Worker test under `wrangler dev` with the OAuth variables set: the Worker's web app is built with its
 * configuration (src/compose/workers.ts), so a signed-in parent's GET /connect/gmail redirects to Google's
 * consent page instead of answering provider_not_configured. Run: npx tsx test/worker/connect.ts
 * (needs the local Postgres that wrangler.toml's Hyperdrive binding points at).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { openDb } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';
import { accounts } from '../../src/db/schema.js';
import { createSession } from '../../src/services/accounts/sessions.js';

const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
const url = /localConnectionString\s*=\s*"([^"]+)"/.exec(toml)?.[1];
if (!url) throw new Error('wrangler.toml has no localConnectionString');
const port = 8990 + Math.floor(Math.random() * 9);

const vars: Record<string, string> = {
  APP_URL: `http://127.0.0.1:${port}`,
  SESSION_SECRET: randomBytes(32).toString('hex'),
  ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  GOOGLE_CLIENT_ID: 'worker-test-client.apps.googleusercontent.com',
  GOOGLE_CLIENT_SECRET: 'worker-test-secret',
  MICROSOFT_CLIENT_ID: 'worker-test-ms-client',
  MICROSOFT_CLIENT_SECRET: 'worker-test-ms-secret',
};

async function main() {
  const db = await openDb({ url });
  await applyMigrations(db, await readMigrations());
  const [account] = await db.db.insert(accounts).values({ email: `connect-${randomBytes(4).toString('hex')}@family.test`, name: 'Worker Test', timezone: 'UTC' }).returning();
  const session = await createSession(db.db, account!.id, new Date());
  const args = ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])];
  const child = spawn('npx', args, { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_UPDATE_NOTIFIER: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (b) => (log += b));
  child.stderr.on('data', (b) => (log += b));
  try {
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    let up = false;
    while (Date.now() < deadline && !up) {
      up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (!up) await new Promise((r) => setTimeout(r, 1000));
    }
    if (!up) throw new Error(`wrangler dev did not answer /healthz within 90 s\n${log.slice(-2000)}`);
    const res = await fetch(`${base}/connect/gmail`, { redirect: 'manual', headers: { cookie: `ft_session=${session.token}` } });
    const location = res.headers.get('location') ?? '';
    if (res.status !== 302 || !location.startsWith('https://accounts.google.com/')) throw new Error(`/connect/gmail answered ${res.status} ${location || (await res.text()).slice(0, 300)}`);
    const redirect = new URL(location).searchParams.get('redirect_uri');
    if (redirect !== `${vars['APP_URL']}/connect/gmail/callback`) throw new Error(`unexpected redirect_uri ${redirect}`);
    console.log(`/connect/gmail → 302 ${new URL(location).origin}${new URL(location).pathname} (redirect_uri ${redirect})`);
    const ms = await fetch(`${base}/connect/outlook`, { redirect: 'manual', headers: { cookie: `ft_session=${session.token}` } });
    if (ms.status !== 302 || !(ms.headers.get('location') ?? '').startsWith('https://login.microsoftonline.com/')) throw new Error(`/connect/outlook answered ${ms.status}`);
    console.log('/connect/outlook → 302 login.microsoftonline.com');
    console.log('2 passed, 0 failed');
  } finally {
    await db.db.delete(accounts).where(eq(accounts.id, account!.id)).catch(() => {});
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
