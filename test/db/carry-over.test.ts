/**
 * An upgrade from the PGlite default: the old DATA_DIR/pglite folder (a demo family, an encrypted mailbox token)
 * is carried over into the embedded PostgreSQL by the service's own open path (openMigratedDb), once; a copy that
 * fails leaves the new database empty and the old folder byte for byte as it was.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { applicationTables } from '../../src/db/carry-over.js';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';
import { openMigratedDb } from '../../src/db/open.js';
import { openPostgres } from '../../src/db/pg-postgres.js';
import { mailboxConnections } from '../../src/db/schema.js';
import { parseKeyring } from '../../src/security/crypto.js';
import { openTokens, sealTokens } from '../../src/services/mailbox/token-store-db.js';
import { createDemoFamily } from '../../src/services/onboarding/demo.js';
import { DRIVERS, rowsOf } from '../helpers/db.js';
import { pgliteFromTemplate } from '../helpers/db-templates.js';

const embedded = DRIVERS.find((d) => d.driver === 'embedded')!;
const KEYRING = parseKeyring(`k1:${Buffer.alloc(32, 7).toString('base64')}`);
const NOW = new Date('2026-12-02T12:00:00Z');
const dirs: string[] = [];

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ft-carry-'));
  await chmod(dir, 0o755); // under root, PostgreSQL's own user must reach the folder
  dirs.push(dir);
  return dir;
}

/** Every row of every application table, as exact text (UTC), sorted: the thing that must arrive unchanged. */
async function snapshot(db: Db): Promise<Record<string, string[]>> {
  await db.execute(sql.raw(`SET TimeZone = 'UTC'`));
  const out: Record<string, string[]> = {};
  for (const table of await applicationTables(db)) {
    const rows = rowsOf<{ j: string }>(await db.execute(sql.raw(`SELECT to_json(t)::text AS j FROM "${table}" t`)));
    out[table] = rows.map((r) => r.j).sort();
  }
  return out;
}

/** An old PGlite folder as the earlier version left it: migrated, with a demo family and an encrypted token. */
async function oldFolder(dir: string, extra?: (db: Db) => Promise<void>): Promise<Record<string, string[]>> {
  // Migrated: the run's migrated template unpacked into the folder (test/helpers/db-templates.ts).
  const old = await pgliteFromTemplate(join(dir, 'pglite'), 'migrated');
  try {
    const account = await createDemoFamily(old.db);
    const tokens = await sealTokens({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: 1_900_000_000_000 }, KEYRING);
    await old.db.insert(mailboxConnections).values({ accountId: account.id, provider: 'gmail', address: 'parent@example.com', tokens });
    await extra?.(old.db);
    return await snapshot(old.db);
  } finally {
    await old.close();
  }
}

async function folderHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const entry of (await readdir(dir, { recursive: true, withFileTypes: true })).sort((a, b) => join(a.parentPath, a.name).localeCompare(join(b.parentPath, b.name)))) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hash.update(path).update(await readFile(path));
  }
  return hash.digest('hex');
}

/** The embedded server of `dir` alone (no migrations, no carry-over): what the failed start left behind. */
async function accountsLeft(dir: string): Promise<number> {
  const server = await startEmbeddedPostgres(join(dir, 'postgres'));
  const handle = openPostgres(server.connection(), 1);
  try {
    return rowsOf<{ n: number }>(await handle.db.execute(sql.raw(`SELECT count(*)::int AS n FROM accounts`)))[0]!.n;
  } finally {
    await handle.close();
    await server.stop();
  }
}

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(embedded.skip)('carrying an old PGlite folder over to the embedded PostgreSQL', () => {
  it('copies every row once, renames the folder, and a second start copies nothing', async () => {
    const dir = await dataDir();
    const before = await oldFolder(dir);
    for (const table of ['accounts', 'children', 'messages', 'drafts', 'audit_events', 'mailbox_connections', 'school_contacts']) {
      expect(before[table]?.length, table).toBeGreaterThan(0); // a realistic family, not an empty schema
    }
    const lines: string[] = [];
    const env = { DATA_DIR: dir, DATABASE_URL: undefined };
    let handle = await openMigratedDb(env, { onCarryOver: (l) => lines.push(l), now: () => NOW });
    try {
      expect(await snapshot(handle.db)).toEqual(before);
      const [conn] = await handle.db.select().from(mailboxConnections).where(eq(mailboxConnections.provider, 'gmail'));
      expect((await openTokens(conn!.tokens!, KEYRING)).refreshToken).toBe('refresh-1'); // still opens with the key
    } finally {
      await handle.close();
    }
    const rows = Object.values(before).reduce((n, t) => n + t.length, 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${rows} rows`);
    expect(lines[0]).toContain('pglite.migrated-2026-12-02');
    await expect(stat(join(dir, 'pglite'))).rejects.toThrow();
    expect((await stat(join(dir, 'pglite.migrated-2026-12-02', 'PG_VERSION'))).isFile()).toBe(true);
    expect(await readdir(dir)).not.toContain('pglite.carryover-scratch');

    handle = await openMigratedDb(env, { onCarryOver: (l) => lines.push(l), now: () => NOW });
    try {
      expect(lines).toHaveLength(1);
      expect(await snapshot(handle.db)).toEqual(before); // nothing twice
    } finally {
      await handle.close();
    }
  }, 240_000);

  it('applies the migrations an old folder lacks before copying', async () => {
    const dir = await dataDir();
    const migrations = await readMigrations();
    const old = await pgliteFromTemplate(join(dir, 'pglite'), 'empty');
    await applyMigrations(old, migrations.slice(0, 1));
    await old.db.execute(sql.raw(`INSERT INTO accounts (email, name) VALUES ('early@example.com', 'Early Parent')`));
    await old.close();
    const handle = await openMigratedDb({ DATA_DIR: dir, DATABASE_URL: undefined }, { now: () => NOW });
    try {
      const accounts = rowsOf<{ email: string }>(await handle.db.execute(sql.raw(`SELECT email FROM accounts`)));
      expect(accounts.map((a) => a.email)).toEqual(['early@example.com']);
    } finally {
      await handle.close();
    }
  }, 240_000);

  it('a copy failing half-way: start refused naming the folder, nothing copied, folder unchanged', async () => {
    const dir = await dataDir();
    // A row the new schema refuses, in a table copied after accounts, children and messages.
    await oldFolder(dir, async (db) => {
      await db.execute(sql.raw(`ALTER TABLE audit_events ALTER COLUMN actor DROP NOT NULL`));
      await db.execute(sql.raw(`INSERT INTO audit_events (account_id, actor, action, subject_type) SELECT id, NULL, 'x', 'account' FROM accounts LIMIT 1`));
    });
    const hash = await folderHash(join(dir, 'pglite'));
    const start = openMigratedDb({ DATA_DIR: dir, DATABASE_URL: undefined }, { now: () => NOW });
    await expect(start).rejects.toThrow(join(dir, 'pglite'));
    await expect(start).rejects.toThrow(/could not be carried over/);
    expect(await folderHash(join(dir, 'pglite'))).toBe(hash);
    expect(await readdir(dir)).not.toContain('pglite.migrated-2026-12-02');
    expect(await accountsLeft(dir)).toBe(0);
  }, 240_000);

  it('a corrupt old folder: start refused naming the folder, the folder left alone', async () => {
    const dir = await dataDir();
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(dir, 'pglite', 'base'), { recursive: true });
    await writeFile(join(dir, 'pglite', 'PG_VERSION'), '17\n');
    await writeFile(join(dir, 'pglite', 'global'), 'not a cluster');
    const hash = await folderHash(join(dir, 'pglite'));
    await expect(openMigratedDb({ DATA_DIR: dir, DATABASE_URL: undefined })).rejects.toThrow(join(dir, 'pglite'));
    expect(await folderHash(join(dir, 'pglite'))).toBe(hash);
    expect(await accountsLeft(dir)).toBe(0);
  }, 240_000);
});

describe('copyDatabase', () => {
  it('keeps exact values, recomputes generated columns and carries identity sequences on', async () => {
    const [source, target] = await Promise.all([pgliteFromTemplate('memory://', 'empty'), pgliteFromTemplate('memory://', 'empty')]);
    try {
      const ddl = `CREATE TABLE extra (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, doubled int GENERATED ALWAYS AS (id * 2) STORED,
        b bytea, n numeric, ts timestamptz, arr text[], j jsonb)`;
      for (const h of [source, target]) await h.db.execute(sql.raw(ddl));
      await source.db.execute(sql.raw(`INSERT INTO extra (b, n, ts, arr, j) VALUES
        ('\\x00ff10', 12345678901234567890.123456789, '2026-03-12 17:00:00.123456+00', ARRAY['a', 'b"c', NULL], '{"k": [1, 2.5, null]}'),
        (NULL, NULL, NULL, NULL, NULL)`));
      const before = await snapshot(source.db);
      const { copyDatabase } = await import('../../src/db/carry-over.js');
      expect(await copyDatabase(source.db, target.db)).toEqual({ tables: 1, rows: 2, kept: 0 });
      expect(await snapshot(target.db)).toEqual(before);
      const next = rowsOf<{ id: number }>(await target.db.execute(sql.raw(`INSERT INTO extra DEFAULT VALUES RETURNING id`)));
      expect(next[0]!.id).toBe(3); // the identity goes on after the copied rows
    } finally {
      await source.close();
      await target.close();
    }
    // Two PGlite instances (from the empty template, else an initdb in WASM each): beyond the 30 s default on a
    // loaded 2-core machine.
  }, 120_000);
});
