import type { Env } from '../config/env.js';
import { openDb, type DbHandle } from './client.js';
import { applyMigrations } from './migrate.js';
import { readMigrations } from './migrations-fs.js';

/** Node side: open the configured database and bring its schema up to date. */
export async function openMigratedDb(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>): Promise<DbHandle> {
  const handle = await openDb({ url: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : `${env.DATA_DIR}/pglite` });
  await applyMigrations(handle, await readMigrations());
  return handle;
}
