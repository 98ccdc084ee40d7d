/**
 * The database types both drivers (pg-lite.ts, pg-postgres.ts) produce, in a file of their own so the
 * drivers name them without importing client.ts, which loads the drivers.
 */
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
