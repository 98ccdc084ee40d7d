import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from './schema.js';
import type { Db, DbHandle } from './handle.js';

/** `loadDataDir`: start from a dumped data folder (PGlite's dumpDataDir tarball) instead of a fresh initdb. */
export async function openPglite(dataDir: string, opts: { loadDataDir?: Blob } = {}): Promise<DbHandle> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const client = opts.loadDataDir ? await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir }) : await PGlite.create(dataDir);
  return {
    db: drizzle({ client, schema }) as unknown as Db,
    driver: 'pglite',
    execInTransaction: async (text) => {
      await client.transaction((tx) => tx.exec(text));
    },
    close: () => client.close(),
  };
}
