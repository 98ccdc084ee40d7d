import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema.js';
import type { Db, DbHandle } from './handle.js';

/** `target`: a postgres:// URL, or connection options (the embedded server's socket). */
export function openPostgres(target: string | { host: string; port: number; user: string; database: string }, max = 5): DbHandle {
  const options = { max, onnotice: () => {}, prepare: true };
  const sql = typeof target === 'string' ? postgres(target, options) : postgres({ ...target, ...options });
  return {
    db: drizzle({ client: sql, schema }) as unknown as Db,
    driver: 'postgres',
    execInTransaction: async (text) => {
      await sql.begin((tx) => tx.unsafe(text));
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
