/**
 * vitest globalSetup: one embedded PostgreSQL server (the service's default database, src/db/embedded-postgres.ts)
 * for the whole run, in a temporary folder; createTestDb('embedded') makes a database of its own on it per suite.
 * Its socket reaches the test processes through FT_EMBEDDED_PG (they are forked after this runs).
 * It also makes the run's migrated templates (test/helpers/db-templates.ts): PGlite's (and an empty one) as files
 * in another temporary folder, the embedded server's and TEST_DATABASE_URL's as template databases, dropped again
 * at teardown.
 * And it brings dist/ up to date (test/helpers/dist.ts) for the tests that run the built service or CLI.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { createServerTemplate, dropServerDatabase, TEMPLATE_ENV, writePgliteTemplate } from './db-templates.js';
import { buildDistIfStale } from './dist.js';

let server: EmbeddedPostgres | null = null;
let dir: string | null = null;
let templateDir: string | null = null;
let realTemplate: string | null = null;
const REAL = process.env.TEST_DATABASE_URL || undefined;

async function startEmbedded(): Promise<void> {
  try {
    server = await startEmbeddedPostgres(dir!, { settings: { max_connections: 200, fsync: 'off', synchronous_commit: 'off' } });
    process.env['FT_EMBEDDED_PG'] = JSON.stringify(server.connection());
  } catch (err) {
    process.env['FT_EMBEDDED_PG_SKIP'] = `the embedded PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}`;
    return;
  }
  process.env[TEMPLATE_ENV.embedded] = await createServerTemplate(server.connection());
}

export async function setup(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'ft-test-pg-'));
  await chmod(dir, 0o755); // under root the server runs as `postgres`, which must reach the folder
  templateDir = await mkdtemp(join(tmpdir(), 'ft-test-tpl-'));
  const pglite = join(templateDir, 'pglite-template.tar');
  const pgliteEmpty = join(templateDir, 'pglite-empty.tar');
  await Promise.all([
    startEmbedded(),
    writePgliteTemplate(pglite).then(() => void (process.env[TEMPLATE_ENV.pglite] = pglite)),
    writePgliteTemplate(pgliteEmpty, { migrate: false }).then(() => void (process.env[TEMPLATE_ENV.pgliteEmpty] = pgliteEmpty)),
    buildDistIfStale(),
    REAL ? createServerTemplate(REAL).then((name) => void (process.env[TEMPLATE_ENV.postgres] = realTemplate = name)) : null,
  ]);
}

export async function teardown(): Promise<void> {
  if (REAL && realTemplate) await dropServerDatabase(REAL, realTemplate).catch(() => {});
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (templateDir) await rm(templateDir, { recursive: true, force: true });
}
