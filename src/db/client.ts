import type { DbHandle } from './handle.js';

// Db and DbHandle live in handle.ts (the drivers import them from there); everything above db/ imports them here.
export type { Db, DbHandle } from './handle.js';

/**
 * DATABASE_URL set → postgres.js; unset → PGlite (real Postgres in WASM) with its data in `dataDir`
 * (`memory://` keeps it in memory, for `analyze` and tests). The Worker imports pg-postgres.ts alone, so
 * PGlite never enters its bundle.
 */
export async function openDb(opts: { url?: string; dataDir?: string; max?: number }): Promise<DbHandle> {
  if (opts.url) return (await import('./pg-postgres.js')).openPostgres(opts.url, opts.max);
  return (await import('./pg-lite.js')).openPglite(opts.dataDir ?? 'memory://');
}
