/** The parent side of the fault tests: a database that outlives a killed child, and the child itself. */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type DbHandle } from '../../src/db/client.js';
import { createTestDb, TEST_DATABASE_URL } from '../helpers/db.js';
import { pgliteFromTemplate } from '../helpers/db-templates.js';
import { TEST_KEYRING } from '../helpers/mail-rig.js';
import type { FaultConfig } from './send-worker.js';

const WORKER = new URL('./send-worker.ts', import.meta.url).pathname;
/** The test keyring as the child reads it. */
export const KEYRING_TEXT = Object.entries(TEST_KEYRING.keys).map(([id, key]) => `${id}:${Buffer.from(key).toString('base64')}`).join(',');

/** A database that survives the child: on disk (PGlite) or a server database. */
export async function durableDb(): Promise<{ open(): Promise<DbHandle>; config: FaultConfig['db']; drop(): Promise<void> }> {
  if (TEST_DATABASE_URL) {
    const h = await createTestDb('postgres');
    const url = h.url!;
    return { open: async () => openDb({ url, max: 2 }), config: { url }, drop: () => h.close() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ft-fault-'));
  const dataDir = join(dir, 'pg');
  // The run's migrated template (test/helpers/db-templates.ts) unpacked on disk, else a fresh folder migrated here.
  await (await pgliteFromTemplate(dataDir, 'migrated')).close();
  return { open: () => openDb({ dataDir }), config: { dataDir }, drop: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs the worker; resolves with the step it reached. `kill` is called at `killAt` (or by the caller) to SIGKILL it. */
export function runWorker(cfg: FaultConfig, onStep: (step: string, kill: () => void) => void = () => {}): Promise<{ steps: string[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, FT_FAULT: JSON.stringify(cfg) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const steps: string[] = [];
    const kill = () => child.kill('SIGKILL');
    killCurrent = kill;
    child.on('message', (m: { step: string }) => {
      steps.push(m.step);
      if (m.step === cfg.killAt) kill();
      onStep(m.step, kill);
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      killCurrent = null;
      resolve({ steps, signal });
    });
  });
}
let killCurrent: (() => void) | null = null;
/** Kills the running worker, if any (a hook in the parent calls it at the step under test). */
export const current = () => killCurrent;

