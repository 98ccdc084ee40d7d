/**
 * Migrated template databases, made once per run by the vitest globalSetup (test/helpers/embedded-global.ts), so a
 * test database is a copy instead of a fresh initdb plus every migration (seconds per file on a loaded machine):
 *  - PGlite: a migrated in-memory instance dumped to a tarball (PGlite's dumpDataDir); each test database loads it.
 *    And an empty one (initdb only), for the tests that need a PGlite without the schema or with part of it: a
 *    PGlite initdb in WASM costs 20 s and more on the loaded 2-core machine, loading a dump a few seconds.
 *  - a server (the embedded one, the one at TEST_DATABASE_URL): a migrated database that each test database is
 *    created from (`CREATE DATABASE x TEMPLATE tpl`).
 * The templates are built from migrations/ at the start of every run, so they never lag behind the SQL files.
 * Without the globalSetup (a script importing the helpers) createTestDb migrates each database as before.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import postgres from 'postgres';
import { openPostgres } from '../../src/db/pg-postgres.js';
import type { DbHandle } from '../../src/db/client.js';
import { openPglite } from '../../src/db/pg-lite.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';

export type ServerTarget = string | { host: string; port: number; user: string; database: string };

/** Environment names through which the globalSetup hands the templates to the forked test processes. */
export const TEMPLATE_ENV = { pglite: 'FT_PGLITE_TEMPLATE', pgliteEmpty: 'FT_PGLITE_EMPTY_TEMPLATE', embedded: 'FT_EMBEDDED_PG_TEMPLATE', postgres: 'FT_PG_TEMPLATE' } as const;

export function onDatabase(target: ServerTarget, name: string): ServerTarget {
  if (typeof target !== 'string') return { ...target, database: name };
  const url = new URL(target);
  url.pathname = `/${name}`;
  return url.toString();
}

export function adminClient(target: ServerTarget) {
  const options = { max: 1, onnotice: () => {} };
  return typeof target === 'string' ? postgres(target, options) : postgres({ ...target, ...options });
}

/** Writes a PGlite data folder as a tarball to `file`: migrated, or (`migrate: false`) as initdb leaves it. */
export async function writePgliteTemplate(file: string, { migrate = true }: { migrate?: boolean } = {}): Promise<void> {
  const handle = await openPglite('memory://');
  try {
    if (migrate) await applyMigrations(handle, await readMigrations());
    const client = (handle.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    await writeFile(file, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await handle.close();
  }
}

const pgliteTemplates = new Map<string, Promise<Blob>>();
/** The run's migrated (or `'empty'`) PGlite template, read once per test process; null without the globalSetup. */
export function pgliteTemplateBlob(kind: 'migrated' | 'empty' = 'migrated'): Promise<Blob> | null {
  const file = process.env[kind === 'empty' ? TEMPLATE_ENV.pgliteEmpty : TEMPLATE_ENV.pglite];
  if (!file) return null;
  let blob = pgliteTemplates.get(file);
  if (!blob) pgliteTemplates.set(file, (blob = readFile(file).then((bytes) => new Blob([bytes]))));
  return blob;
}

/** A PGlite in `dataDir` (a folder, or memory://) from the run's `kind` template, else a fresh one (initdb). */
export async function pgliteFromTemplate(dataDir: string, kind: 'migrated' | 'empty'): Promise<DbHandle> {
  const template = pgliteTemplateBlob(kind);
  if (template) return openPglite(dataDir, { loadDataDir: await template });
  const handle = await openPglite(dataDir);
  if (kind === 'migrated') await applyMigrations(handle, await readMigrations());
  return handle;
}

/** Creates a migrated database `ft_tpl_<random>` on the server (no connection left open to it); returns its name. */
export async function createServerTemplate(server: ServerTarget): Promise<string> {
  const name = `ft_tpl_${randomBytes(6).toString('hex')}`;
  const admin = adminClient(server);
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const handle = openPostgres(onDatabase(server, name), 1);
  try {
    await applyMigrations(handle, await readMigrations());
  } finally {
    await handle.close();
  }
  return name;
}

export async function dropServerDatabase(server: ServerTarget, name: string): Promise<void> {
  const admin = adminClient(server);
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}
