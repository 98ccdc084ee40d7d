import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';
import * as schema from '../../src/db/schema.js';
import { createTestDb, DRIVERS, rowsOf } from '../helpers/db.js';

const tables: PgTable[] = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));

describe.each(DRIVERS)('migrations on $driver', ({ driver, skip }) => {
  // Postgres runs only when TEST_DATABASE_URL is set; the skip names the reason in the report.
  describe.skipIf(skip !== null)(skip ? `skipped: ${skip}` : 'against a fresh database', () => {
    let handle: DbHandle & { url: string | null };
    beforeAll(async () => {
      handle = await createTestDb(driver, { migrate: false });
    });
    afterAll(async () => {
      await handle?.close();
    });

    const query = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await handle.db.execute(q));

    it('apply once, twice, and from two connections at once without error; each recorded once', async () => {
      const migrations = await readMigrations();
      expect(migrations.length).toBeGreaterThan(0);
      expect(await applyMigrations(handle, migrations)).toEqual(migrations.map((m) => m.name));
      await applyMigrations(handle, migrations);
      if (handle.url) {
        // Two instances starting together: the advisory lock serializes them.
        const other = await openDb({ url: handle.url, max: 1 });
        try {
          await Promise.all([applyMigrations(handle, migrations), applyMigrations(other, migrations)]);
        } finally {
          await other.close();
        }
      }
      const applied = await query<{ name: string }>(sql`select name from __followthrough_migrations order by name`);
      expect(applied.map((r) => r.name)).toEqual(migrations.map((m) => m.name).sort());
      // Nothing was created twice: one accounts table, its unique constraint intact.
      await handle.db.insert(schema.accounts).values({ email: 'one@family.test' });
      await expect(handle.db.insert(schema.accounts).values({ email: 'one@family.test' })).rejects.toThrow();
    });

    it('a failing migration rolls back entirely and is not recorded', async () => {
      const bad = { name: '9999_bad.sql', sql: 'CREATE TABLE "half_done" ("id" integer);\n--> statement-breakpoint\nSELECT no_such_function();' };
      await expect(applyMigrations(handle, [...(await readMigrations()), bad])).rejects.toThrow();
      const leftovers = await query<{ n: number }>(sql`select count(*)::int as n from information_schema.tables where table_name = 'half_done'`);
      expect(leftovers[0]!.n).toBe(0);
      const recorded = await query<{ n: number }>(sql`select count(*)::int as n from __followthrough_migrations where name = '9999_bad.sql'`);
      expect(recorded[0]!.n).toBe(0);
    });

    it('every table of src/db/schema.ts exists with the columns, types, nullability and defaults drizzle expects', async () => {
      expect(tables.length).toBeGreaterThanOrEqual(15);
      const cols = await query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>(
        sql`select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema = 'public'`,
      );
      const mismatches: string[] = [];
      for (const table of tables) {
        const config = getTableConfig(table);
        const actual = new Map(cols.filter((c) => c.table_name === config.name).map((c) => [c.column_name, c]));
        if (actual.size === 0) {
          mismatches.push(`${config.name}: table missing`);
          continue;
        }
        const expected = new Set(config.columns.map((c) => c.name));
        for (const name of actual.keys()) if (!expected.has(name)) mismatches.push(`${config.name}.${name}: in the database, not in schema.ts`);
        for (const column of config.columns) {
          const got = actual.get(column.name);
          if (!got) {
            mismatches.push(`${config.name}.${column.name}: missing`);
            continue;
          }
          if (got.data_type !== column.getSQLType()) mismatches.push(`${config.name}.${column.name}: type ${got.data_type} ≠ ${column.getSQLType()}`);
          const notNull = column.notNull || column.primary;
          if ((got.is_nullable === 'NO') !== notNull) mismatches.push(`${config.name}.${column.name}: nullable ${got.is_nullable}, schema notNull ${notNull}`);
          // Defaults applied in the database (not $defaultFn ones, which drizzle fills in itself).
          const dbDefault = column.default !== undefined;
          if ((got.column_default !== null) !== dbDefault) mismatches.push(`${config.name}.${column.name}: default ${got.column_default} vs schema ${String(column.default)}`);
        }
      }
      expect(mismatches).toEqual([]);
    });

    it('indexes, unique constraints and foreign keys of schema.ts exist', async () => {
      const indexes = await query<{ tablename: string; indexname: string; indexdef: string }>(
        sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'`,
      );
      const fks = await query<{ table_name: string; n: number }>(
        sql`select tc.table_name, count(*)::int as n from information_schema.table_constraints tc where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public' group by tc.table_name`,
      );
      const missing: string[] = [];
      for (const table of tables) {
        const config = getTableConfig(table);
        for (const index of config.indexes) {
          const found = indexes.find((i) => i.tablename === config.name && i.indexname === index.config.name);
          if (!found) missing.push(`${config.name}: index ${index.config.name}`);
          else if (Boolean(index.config.unique) !== /CREATE UNIQUE INDEX/.test(found.indexdef)) missing.push(`${config.name}: ${index.config.name} uniqueness`);
        }
        for (const column of config.columns.filter((c) => c.isUnique)) {
          const unique = indexes.some((i) => i.tablename === config.name && /UNIQUE/.test(i.indexdef) && new RegExp(`\\(${column.name}\\)`).test(i.indexdef));
          if (!unique) missing.push(`${config.name}.${column.name}: unique`);
        }
        const fkCount = fks.find((f) => f.table_name === config.name)?.n ?? 0;
        if (fkCount !== config.foreignKeys.length) missing.push(`${config.name}: ${fkCount} foreign keys, schema has ${config.foreignKeys.length}`);
      }
      expect(missing).toEqual([]);
    });
  });
});
