/**
 * Taking a data folder over from a server whose service was killed: an orphan still running is stopped cleanly,
 * a zombie is waited out, and a server that belongs to another live service is left alone (the start refuses).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Is `pid` a running process? A killed process whose parent died stays a zombie until init reaps it (seen here for
 * up to a second after a kill -9 of the service and its server together). kill(pid, 0) still succeeds on a zombie,
 * so the state letter in /proc/<pid>/stat decides: a zombie runs nothing and holds no files or memory.
 */
async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return alive(pid); // no /proc (not Linux): the signal test is all there is
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * PostgreSQL's own lock check is kill(pid, 0): it takes a zombie for a live postmaster and refuses to start
 * ("lock file postmaster.pid already exists"). Wait for init to reap it; if nothing reaps it (an init that does not
 * wait for orphans), the lock file names a process that cannot run, and removing it is what PostgreSQL would do.
 */
async function awaitGone(pid: number, pgdata: string): Promise<void> {
  for (let i = 0; i < 100 && alive(pid); i++) await pause(50);
  if (alive(pid) && !(await running(pid))) await rm(join(pgdata, 'postmaster.pid'), { force: true });
}

/** A server left running by a killed service: stop it (fast shutdown, clean) before starting ours. */
export async function stopLeftover(pgdata: string): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(join(pgdata, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  if (!(await running(pid))) return awaitGone(pid, pgdata); // killed with the service, not yet reaped
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(pgdata)) return; // the pid was reused by something else: PostgreSQL will see the stale file
  // A server whose parent is another live Node process belongs to a running Followthrough: stopping it would pull
  // the database from under that service. Only an orphan (its parent died, e.g. a kill -9) is a leftover.
  const parent = await parentPid(pid);
  if (parent !== null && parent !== process.pid && parent > 1 && (await running(parent))) {
    const parentCmd = await readFile(`/proc/${parent}/cmdline`, 'utf8').catch(() => '');
    const program = parentCmd.split('\0')[0] ?? '';
    if (/(^|\/)node$/.test(program)) {
      throw new Error(`Followthrough is already running on ${pgdata} (process ${parent}); stop it first, or give this one another DATA_DIR`);
    }
  }
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 600 && (await running(pid)); i++) await pause(50);
  if (await running(pid)) throw new Error(`a PostgreSQL server (pid ${pid}) still runs on ${pgdata}`);
  await awaitGone(pid, pgdata); // an orphan that stopped is a zombie until init reaps it
}

/** The parent process id of `pid` (field 4 of /proc/<pid>/stat, after the parenthesised command name). */
async function parentPid(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
}
