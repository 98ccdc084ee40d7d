/**
 * A throwaway Dovecot for the IMAP tests: its own config, base_dir, passwd-file users and maildirs in a temp
 * dir, TLS with a self-signed certificate made for this run, listening on a free local port. Never the
 * system service: several engineers run the suite at once on one machine.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, connect as netConnect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';

const run = promisify(execFile);

export const DOVECOT_BINARY = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p)) ?? null;
/** Why the Dovecot tests are skipped, or null when they run. */
export const DOVECOT_SKIP = DOVECOT_BINARY ? null : 'the dovecot binary is not installed (CI installs dovecot-imapd with apt-get)';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface Dovecot {
  host: string;
  /** Implicit-TLS IMAP port. */
  port: number;
  /** PEM of the self-signed certificate (CN and SAN localhost, 127.0.0.1): clients trust it explicitly. */
  ca: string;
  users: DovecotUser[];
  dir: string;
  /** Writes messages straight into a folder's maildir (fast bulk loading); Dovecot assigns UIDs on next SELECT. */
  deliverFiles(user: string, folder: string, raws: Array<{ raw: string | Buffer; date: Date }>): Promise<void>;
  /** A new mailbox user (Dovecot re-reads the passwd file on change; this waits out its mtime check). */
  addUser(user: string, password?: string): Promise<DovecotUser>;
  /** Appends messages over IMAP (byte-exact; the internal date is each message's date). */
  append(user: DovecotUser, folder: string, raws: Array<{ raw: string | Buffer; date: Date; flags?: string[] }>): Promise<void>;
  /** `doveadm` as this instance (e.g. to change a folder's UIDVALIDITY). */
  doveadm(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

const FOLDERS: Array<[string, string]> = [
  ['Sent', '\\Sent'],
  ['Archive', '\\Archive'],
  ['Drafts', '\\Drafts'],
  ['Junk', '\\Junk'],
  ['Trash', '\\Trash'],
];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = netConnect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not listen on ${port} within ${ms} ms`);
}

function config(dir: string, port: number, owner: { uid: number; gid: number; root: boolean; name: string }): string {
  const mailboxes = FOLDERS.map(([name, use]) => `  mailbox ${name} {\n    special_use = ${use}\n    auto = subscribe\n  }`).join('\n');
  return `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = 1
${owner.root ? 'default_internal_user = dovecot\ndefault_login_user = dovenull' : `default_internal_user = ${owner.name}\ndefault_login_user = ${owner.name}`}
mail_location = maildir:~/Maildir
mail_plugins =
protocol imap {
  mail_max_userip_connections = 50
  imap_idle_notify_interval = 1 secs
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${port}
    ssl = yes
  }
  ${owner.root ? '' : 'chroot =\n  user = $default_login_user'}
}
service anvil {
  chroot =
}
service stats {
  inet_listener http {
    port = 0
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/home/%u
}
namespace inbox {
  inbox = yes
  separator = /
${mailboxes}
}
`;
}

export async function startDovecot(opts: { users?: DovecotUser[] } = {}): Promise<Dovecot> {
  if (!DOVECOT_BINARY) throw new Error(DOVECOT_SKIP!);
  const users = opts.users ?? [{ user: 'parent@family.test', password: 'app-password-1' }];
  const dir = await mkdtemp(join(tmpdir(), 'ft-dovecot-'));
  const root = process.getuid?.() === 0;
  // As root the mail processes may not run as root: they run as nobody, who must own the maildirs.
  const owner = root
    ? { uid: 65534, gid: 65534, root, name: 'nobody' }
    : { uid: process.getuid!(), gid: process.getgid!(), root, name: (await run('id', ['-un'])).stdout.trim() };
  // The auth and mail processes run as other users: they need to traverse the temp dir and read the passwd file.
  await chmod(dir, 0o711);
  for (const sub of ['run', 'state', 'home']) await mkdir(join(dir, sub), { recursive: true, mode: 0o711 });
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ]);
  await writeFile(join(dir, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.password}::::::`).join('\n') + '\n');
  for (const u of users) {
    const home = join(dir, 'home', u.user);
    await mkdir(home, { recursive: true, mode: 0o711 });
    if (root) await chown(home, owner.uid, owner.gid);
  }
  const confPath = join(dir, 'dovecot.conf');
  let child: ChildProcess | null = null;
  let port = 0;
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort();
    await writeFile(confPath, config(dir, port, owner));
    const c = spawn(DOVECOT_BINARY, ['-F', '-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      await waitForPort(port, c, 10_000);
      child = c;
    } catch (e) {
      c.kill('SIGKILL');
      if (attempt === 2) throw new Error(`${(e as Error).message}: ${await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '')}`);
    }
  }
  const ca = await readFile(join(dir, 'cert.pem'), 'utf8');
  let seq = 0;

  return {
    host: '127.0.0.1',
    port,
    ca,
    users,
    dir,
    async deliverFiles(user, folder, raws) {
      const box = join(dir, 'home', user, 'Maildir', folder === 'INBOX' ? '' : `.${folder.replace(/\//g, '.')}`);
      for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(box, sub), { recursive: true });
      for (const { raw, date } of raws) {
        const file = join(box, 'cur', `${Math.floor(date.getTime() / 1000)}.M${++seq}P${process.pid}.ft:2,S`);
        await writeFile(file, typeof raw === 'string' ? raw.replace(/\r\n/g, '\n') : raw);
        await utimes(file, date, date);
      }
      if (root) await run('chown', ['-R', `${owner.uid}:${owner.gid}`, join(dir, 'home', user)]);
    },
    async addUser(user, password = `pw-${Math.random().toString(36).slice(2)}`) {
      const entry = { user, password };
      users.push(entry);
      await writeFile(join(dir, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.password}::::::`).join('\n') + '\n');
      const home = join(dir, 'home', user);
      await mkdir(home, { recursive: true, mode: 0o711 });
      if (root) await chown(home, owner.uid, owner.gid);
      // Dovecot notices the change by the file's mtime, which has one-second resolution.
      await new Promise((r) => setTimeout(r, 1100));
      return entry;
    },
    async append(u, folder, raws) {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: true, tls: { ca, servername: 'localhost' }, auth: { user: u.user, pass: u.password }, logger: false });
      client.on('error', () => {});
      await client.connect();
      try {
        for (const { raw, date, flags } of raws) await client.append(folder, typeof raw === 'string' ? Buffer.from(raw) : raw, flags ?? ['\\Seen'], date);
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
    async doveadm(args) {
      return (await run('doveadm', ['-c', confPath, ...args])).stdout;
    },
    async stop() {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child!.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A TCP relay in front of a server that cuts a connection once `cutAfter(bytes)` more bytes have come back from
 * the server on it (a server dropping mid-fetch), open connections included. The TLS session passes through untouched.
 */
export async function startCuttingProxy(target: { host: string; port: number }): Promise<{
  port: number;
  cutAfter(bytes: number | null): void;
  close(): Promise<void>;
}> {
  let limit: number | null = null;
  const sockets = new Set<Socket>();
  /** Bytes relayed from the server per connection since the limit was last set. */
  const counters = new Set<{ seen: number }>();
  const server: Server = createServer((client) => {
    const upstream = netConnect(target.port, target.host);
    sockets.add(client).add(upstream);
    const counter = { seen: 0 };
    counters.add(counter);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      counter.seen += d.length;
      if (limit !== null && counter.seen > limit) {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(d);
    });
    const end = () => (client.destroy(), upstream.destroy(), counters.delete(counter));
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cutAfter(bytes) {
      limit = bytes;
      for (const c of counters) c.seen = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
