import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

/** One database type for both drivers, so nothing above this file knows which one it talks to. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Runs raw SQL text (several statements allowed) in one transaction; used by the migrator. */
  execInTransaction(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * DATABASE_URL set → postgres.js; unset → PGlite (real Postgres in WASM) with its data in `dataDir`
 * (`memory://` keeps it in memory, for `analyze` and tests). The Worker imports pg-postgres.ts alone, so
 * PGlite never enters its bundle.
 */
export async function openDb(opts: { url?: string; dataDir?: string; max?: number }): Promise<DbHandle> {
  if (opts.url) return (await import('./pg-postgres.js')).openPostgres(opts.url, opts.max);
  return (await import('./pg-lite.js')).openPglite(opts.dataDir ?? 'memory://');
}
