/**
 * vitest globalSetup: one embedded PostgreSQL server (the service's default database, src/db/embedded-postgres.ts)
 * for the whole run, in a temporary folder; createTestDb('embedded') makes a database of its own on it per suite.
 * Its socket reaches the test processes through FT_EMBEDDED_PG (they are forked after this runs).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.js';

let server: EmbeddedPostgres | null = null;
let dir: string | null = null;

export async function setup(): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'ft-test-pg-'));
  await chmod(dir, 0o755); // under root the server runs as `postgres`, which must reach the folder
  try {
    server = await startEmbeddedPostgres(dir, { settings: { max_connections: 200, fsync: 'off', synchronous_commit: 'off' } });
    process.env['FT_EMBEDDED_PG'] = JSON.stringify(server.connection());
  } catch (err) {
    process.env['FT_EMBEDDED_PG_SKIP'] = `the embedded PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}`;
  }
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
