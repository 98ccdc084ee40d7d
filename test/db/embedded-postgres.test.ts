/**
 * The embedded default as the service runs it: `src/node.ts` with DATA_DIR and no DATABASE_URL. Committed rows
 * survive a kill -9 of the service (its PostgreSQL child is left orphaned and must be taken over) and a kill -9
 * of the service and its server together (crash recovery from the WAL).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../bench/start.bench.js';
import { processTree } from '../bench/process-tree.js';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';

let dir: string;
let running: ChildProcess | null = null;

async function startService(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    running = child;
    if (ok) return { child, port };
    if (Date.now() > deadline) throw new Error('no /healthz in 90 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A backend may end between listing and signalling. */
function kill(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

const exited = (child: ChildProcess) => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));

/** Under root, the uid/gid the embedded server runs as (the `postgres` user); otherwise this process's own. */
function postgresUser(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const out = spawnSync('id', ['postgres'], { encoding: 'utf8' }).stdout;
  return { uid: Number(/uid=(\d+)/.exec(out)?.[1]), gid: Number(/gid=(\d+)/.exec(out)?.[1]) };
}

/** The service's own server, through its socket (the folder is private to PostgreSQL's user and root). */
function connect() {
  return postgres({ host: join(dir, 'postgres', 'run'), port: 5432, user: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
}

describe('embedded PostgreSQL (the default without DATABASE_URL)', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ft-embedded-'));
    await chmod(dir, 0o755); // under root, PostgreSQL's own user must reach the folder (mkdtemp makes it 0700)
  });
  afterAll(async () => {
    if (running && running.exitCode === null) {
      const tree = processTree(running.pid!);
      running.kill('SIGTERM');
      await exited(running);
      for (const pid of tree.slice(1)) kill(pid, 'SIGINT'); // never leave a server behind a failed run
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps committed rows across a kill -9 of the service, and of the service with its server', async () => {
    let svc = await startService();
    expect((await stat(join(dir, 'postgres', 'pgdata', 'PG_VERSION'))).isFile()).toBe(true);
    let sql = connect();
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from __followthrough_migrations`;
    expect(row?.n).toBeGreaterThan(0); // the service migrated its own database
    await sql`create table survival (id int primary key, note text)`;
    await sql`insert into survival values (1, 'before the service was killed')`;
    await sql.end();

    // 1. Only the service dies: its PostgreSQL is orphaned, still running on the data folder.
    const serverPids = processTree(svc.child.pid!).slice(1);
    expect(serverPids.length).toBeGreaterThan(0);
    svc.child.kill('SIGKILL');
    await exited(svc.child);
    svc = await startService(); // takes the folder over from the orphan
    sql = connect();
    expect(await sql`select note from survival`).toEqual([{ note: 'before the service was killed' }]);
    await sql`insert into survival values (2, 'before both were killed')`;
    await sql.end();

    // 2. The service and its server die at once: the next start recovers from the WAL.
    const all = processTree(svc.child.pid!);
    for (const pid of all.reverse()) kill(pid, 'SIGKILL');
    await exited(svc.child);
    svc = await startService();
    sql = connect();
    expect((await sql`select id from survival order by id`).map((r) => r['id'])).toEqual([1, 2]);
    await sql.end();
    svc.child.kill('SIGTERM');
    await exited(svc.child);
    // A clean stop takes the server down with the service.
    await new Promise((r) => setTimeout(r, 200));
    for (const pid of serverPids) expect(() => process.kill(pid, 0)).toThrow();
  }, 300_000);

  it('a second service on the same data folder refuses to start and leaves the running one and its server alone', async () => {
    const first = await startService();
    const port = await freePort();
    const second = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    second.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const gaveUp = await Promise.race([exited(second).then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 60_000))]);
    if (gaveUp) {
      for (const pid of processTree(second.pid!).reverse()) kill(pid, 'SIGKILL');
      await exited(second);
    }
    expect(gaveUp, 'the second service kept running instead of refusing').toBe(false);
    expect(second.exitCode).not.toBe(0);
    expect(stderr).toContain(`Followthrough is already running on ${join(dir, 'postgres', 'pgdata')}`);
    expect(stderr).toContain(`(process ${first.child.pid})`);
    // The first service still answers, and its database is the one it started.
    expect((await fetch(`http://127.0.0.1:${first.port}/healthz`)).status).toBe(200);
    const sql = connect();
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from __followthrough_migrations`;
    expect(row?.n).toBeGreaterThan(0);
    await sql.end();
    first.child.kill('SIGTERM');
    await exited(first.child);
  }, 300_000);

  // A server killed with its service stays a zombie until init reaps it, and PostgreSQL's own lock check takes a
  // zombie for a live server. Here the zombie's parent never reaps it (as under an init that does not wait for
  // orphans), so only treating a zombie as gone lets the server start.
  it('starts when postmaster.pid names a zombie that nothing reaps', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ft-zombie-'));
    await chmod(folder, 0o755);
    // The zombie must belong to PostgreSQL's user, as a crashed server does: PostgreSQL ignores a pid it may not signal.
    // The child outlives the shell's exec: a shell still running when it exits could reap it (seen: ENOENT in /proc).
    const holder = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 600'], { stdio: ['ignore', 'pipe', 'ignore'], ...postgresUser() });
    try {
      let server = await startEmbeddedPostgres(folder);
      const pidFile = join(folder, 'pgdata', 'postmaster.pid');
      const lock = await readFile(pidFile, 'utf8');
      let sql = postgres({ ...server.connection(), max: 1, onnotice: () => {} });
      await sql`create table kept (note text)`;
      await sql`insert into kept values ('written before the crash')`;
      await sql.end();
      await server.stop();

      const zombie = Number(await new Promise<string>((r) => holder.stdout!.once('data', (b: Buffer) => r(b.toString().trim()))));
      for (let i = 0; i < 100; i++) {
        const state = (await readFile(`/proc/${zombie}/stat`, 'utf8')).split(') ')[1]?.[0];
        if (state === 'Z') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await readFile(`/proc/${zombie}/stat`, 'utf8')).split(') ')[1]?.[0]).toBe('Z');
      // The lock file as the crashed server left it, naming the zombie.
      await writeFile(pidFile, [String(zombie), ...lock.split('\n').slice(1)].join('\n'));

      server = await startEmbeddedPostgres(folder);
      sql = postgres({ ...server.connection(), max: 1, onnotice: () => {} });
      expect(await sql`select note from kept`).toEqual([{ note: 'written before the crash' }]);
      await sql.end();
      await server.stop();
    } finally {
      holder.kill('SIGKILL');
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
