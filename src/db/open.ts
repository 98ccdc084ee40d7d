import type { Env } from '../config/env.js';
import { openDb, type DbHandle } from './client.js';
import { applyMigrations } from './migrate.js';
import { readMigrations } from './migrations-fs.js';
import { carryOverPglite } from './carry-over.js';
import type { EmbeddedPostgres } from './embedded-postgres.js';

export interface OpenOptions {
  /** One line when an old PGlite folder was carried over (counts and folder names only). */
  onCarryOver?: (line: string) => void;
  /** The clock for the renamed folder's date. */
  now?: () => Date;
  /** The embedded server already starting (embedded-early.ts); without it, it is started here. */
  server?: Promise<EmbeddedPostgres>;
}

/**
 * Node side: open the configured database and bring its schema up to date. Without DATABASE_URL, the embedded
 * PostgreSQL server in DATA_DIR/postgres is started first, and stopped again by close(); a PGlite folder left in
 * DATA_DIR/pglite by an earlier version (its embedded default) is carried over into it once (carry-over.ts), and
 * when that fails the start fails, naming the folder, rather than starting empty.
 */
export async function openMigratedDb(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>, opts: OpenOptions = {}): Promise<DbHandle & { embedded: boolean }> {
  const handle = env.DATABASE_URL ? await openDb({ url: env.DATABASE_URL }) : await openEmbedded(`${env.DATA_DIR}/postgres`, opts);
  try {
    const migrations = await readMigrations();
    await applyMigrations(handle, migrations);
    if (!env.DATABASE_URL) {
      const carried = await carryOverPglite(`${env.DATA_DIR}/pglite`, handle, migrations, opts.now?.() ?? new Date());
      if (carried)
        opts.onCarryOver?.(
          `carried the earlier embedded database (PGlite, ${carried.from}) over to the embedded PostgreSQL: ${carried.rows} rows in ${carried.tables} tables` +
            `${carried.kept ? ` (${carried.kept} already present, kept)` : ''}; the old folder is now ${carried.renamedTo}`,
        );
    }
  } catch (err) {
    await handle.close();
    throw err;
  }
  return { ...handle, embedded: !env.DATABASE_URL };
}

async function openEmbedded(dir: string, opts: OpenOptions): Promise<DbHandle> {
  const { startEmbeddedPostgres } = await import('./embedded-postgres.js');
  const { openPostgres } = await import('./pg-postgres.js');
  const server = await (opts.server ?? startEmbeddedPostgres(dir));
  const handle = openPostgres(server.connection(), 10);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await server.stop();
    },
  };
}
