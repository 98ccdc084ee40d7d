import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDb, type DbHandle } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';

/** The real server, when the run provides one (CI): postgres://postgres@127.0.0.1:5432/test. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export type TestDriver = 'pglite' | 'postgres';

/** The drivers a suite should run on, with a reason when Postgres is left out. */
export const DRIVERS: Array<{ driver: TestDriver; skip: string | null }> = [
  { driver: 'pglite', skip: null },
  { driver: 'postgres', skip: TEST_DATABASE_URL ? null : 'TEST_DATABASE_URL is not set: no real Postgres to test against' },
];

/**
 * A migrated database of its own. PGlite in memory by default; with TEST_DATABASE_URL (or driver
 * 'postgres') a fresh database `ft_<random>` on that server, dropped again by close().
 */
export async function createTestDb(
  driver: TestDriver = TEST_DATABASE_URL ? 'postgres' : 'pglite',
  opts: { migrate?: boolean } = {},
): Promise<DbHandle & { url: string | null }> {
  const migrate = opts.migrate ?? true;
  if (driver === 'pglite') {
    const handle = await openDb({ dataDir: 'memory://' });
    if (migrate) await applyMigrations(handle, await readMigrations());
    return { ...handle, url: null };
  }
  if (!TEST_DATABASE_URL) throw new Error('createTestDb("postgres") needs TEST_DATABASE_URL');
  const name = `ft_${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), max: 3 });
  try {
    if (migrate) await applyMigrations(handle, await readMigrations());
  } catch (err) {
    await handle.close();
    await dropDatabase(name);
    throw err;
  }
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await dropDatabase(name);
    },
  };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Rows of a `db.execute()` result, whichever driver ran it (postgres.js: an array; PGlite: `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
