import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema.js';
import type { Db, DbHandle } from './client.js';

export function openPostgres(url: string, max = 5): DbHandle {
  const sql = postgres(url, { max, onnotice: () => {}, prepare: true });
  return {
    db: drizzle({ client: sql, schema }) as unknown as Db,
    driver: 'postgres',
    execInTransaction: async (text) => {
      await sql.begin((tx) => tx.unsafe(text));
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
