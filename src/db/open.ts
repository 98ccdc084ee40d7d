import type { Env } from '../config/env.js';
import { openDb, type DbHandle } from './client.js';
import { applyMigrations } from './migrate.js';
import { readMigrations } from './migrations-fs.js';

export interface OpenOptions {
  /** The embedded server's own log lines (start-up, warnings); never statement text. */
  onServerLog?: (line: string) => void;
}

/**
 * Node side: open the configured database and bring its schema up to date. Without DATABASE_URL, the embedded
 * PostgreSQL server in DATA_DIR/postgres is started first, and stopped again by close().
 */
export async function openMigratedDb(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>, opts: OpenOptions = {}): Promise<DbHandle & { embedded: boolean }> {
  const handle = env.DATABASE_URL ? await openDb({ url: env.DATABASE_URL }) : await openEmbedded(`${env.DATA_DIR}/postgres`, opts);
  try {
    await applyMigrations(handle, await readMigrations());
  } catch (err) {
    await handle.close();
    throw err;
  }
  return { ...handle, embedded: !env.DATABASE_URL };
}

async function openEmbedded(dir: string, opts: OpenOptions): Promise<DbHandle> {
  const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
  const { openPostgres } = await import('./pg-postgres.js');
  const server = await startEmbeddedPostgres(dir, { ...(opts.onServerLog ? { onLog: opts.onServerLog } : {}) });
  const handle = openPostgres(server.connection(), 10);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await server.stop();
    },
  };
}
