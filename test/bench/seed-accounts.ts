/**
 * Set-based seeding for the scale benchmarks: one real family (a corpus mailbox imported and analysed by the
 * service's own code) becomes the template, and INSERT … SELECT over generate_series copies it into many
 * accounts in one statement per table. Every uuid is remapped as md5(old id || copy number), the same
 * function for a row's id and for every column that points at it, so the copies keep their links. Rows
 * under a message (threads, messages, requests …) can be copied several times inside one account, to reach
 * a realistic mailbox size.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from '../../src/db/schema.js';
import type { Db, DbHandle } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { readMigrations } from '../../src/db/migrations-fs.js';

export type Sql = postgres.Sql;

/** A fresh database on the server at `url`, migrated; `drop()` removes it. */
export async function freshDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ft_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end({ timeout: 5 });
  const target = new URL(url);
  target.pathname = `/${name}`;
  const migrator = countingHandle(target.toString(), 2);
  await applyMigrations(migrator.handle, await readMigrations());
  await migrator.handle.close();
  return {
    url: target.toString(),
    drop: async () => {
      const a = postgres(url, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end({ timeout: 5 });
    },
  };
}

/**
 * The service's postgres.js handle (as src/db/pg-postgres.ts builds it), with drizzle's query logger counting
 * every statement the code issues through it. Transaction BEGIN/COMMIT are not counted.
 */
export function countingHandle(target: string | { host: string; port: number; user: string; database: string }, max = 5): { handle: DbHandle; statements: () => number; texts: () => string[]; reset: () => void; sql: Sql } {
  let n = 0;
  let texts: string[] = [];
  const options = { max, onnotice: () => {}, prepare: true };
  const sql = typeof target === 'string' ? postgres(target, options) : postgres({ ...target, ...options });
  const db = drizzle({ client: sql, schema, logger: { logQuery: (text) => void (n++, texts.push(text)) } }) as unknown as Db;
  return {
    handle: {
      db,
      driver: 'postgres',
      execInTransaction: async (text) => {
        await sql.begin((tx) => tx.unsafe(text));
      },
      close: () => sql.end({ timeout: 5 }),
    },
    statements: () => n,
    texts: () => texts,
    reset: () => void ((n = 0), (texts = [])),
    sql,
  };
}

interface Column {
  table: string;
  column: string;
  type: string;
  generated: boolean;
  /** The table this column references, if it is a foreign key. */
  references: string | null;
}

async function familyColumns(sql: Sql): Promise<Map<string, Column[]>> {
  const rows = await sql<Column[]>`
    select c.table_name as "table", c.column_name as "column", c.data_type as "type",
           (c.is_generated = 'ALWAYS' or c.identity_generation is not null) as generated,
           (select ccu.table_name from information_schema.key_column_usage k
              join information_schema.table_constraints tc on tc.constraint_name = k.constraint_name and tc.constraint_type = 'FOREIGN KEY'
              join information_schema.constraint_column_usage ccu on ccu.constraint_name = k.constraint_name
             where k.table_name = c.table_name and k.column_name = c.column_name limit 1) as "references"
      from information_schema.columns c
     where c.table_schema = 'public'
       and (c.table_name = 'accounts' or c.table_name in (select table_name from information_schema.columns where table_schema = 'public' and column_name = 'account_id'))
     order by c.table_name, c.ordinal_position`;
  const byTable = new Map<string, Column[]>();
  for (const r of rows) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  return byTable;
}

/** Tables whose rows hang under a message (transitively): these are the ones copied `messageCopies` times. */
function messageTables(columns: Map<string, Column[]>): Set<string> {
  const under = new Set(['messages', 'threads']);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [table, cols] of columns) {
      if (under.has(table)) continue;
      if (cols.some((c) => c.references && under.has(c.references) && c.column !== 'id')) {
        under.add(table);
        changed = true;
      }
    }
  }
  return under;
}

/**
 * Copies the template account `copies` times (copy numbers 1..copies) in one INSERT … SELECT per table. With
 * `messageCopies` > 1 the message tree is copied that many times inside each account (threads and messages
 * all `messageCopies` times, the rows under them, requests included, only `treeCopies` times). Returns the
 * new account ids in copy order.
 */
export async function cloneAccount(sql: Sql, templateId: string, copies: number, opts: { messageCopies?: number; treeCopies?: number } = {}): Promise<string[]> {
  const messageCopies = opts.messageCopies ?? 1;
  const treeCopies = Math.min(opts.treeCopies ?? messageCopies, messageCopies);
  const columns = await familyColumns(sql);
  const tree = messageTables(columns);
  const q = (s: string) => `"${s}"`;
  await sql.begin(async (tx) => {
    // Foreign keys are checked by the template's own consistency; the copies are inserted table by table.
    await tx.unsafe(`SET LOCAL session_replication_role = replica`);
    for (const [table, cols] of columns) {
      const inTree = tree.has(table);
      const key = (expr: string, treeKey: boolean) => (treeKey ? `md5(${expr}::text || ':' || g || ':' || k)::uuid` : `md5(${expr}::text || ':' || g)::uuid`);
      const insertable = cols.filter((c) => !c.generated);
      const select = insertable.map((c) => {
        const col = `t.${q(c.column)}`;
        if (c.type === 'uuid') {
          const target = c.column === 'id' ? table : c.references;
          return key(col, target != null && tree.has(target));
        }
        if (table === 'accounts' && c.column === 'email') return `'bench-' || g || '-' || ${col}`;
        if (inTree && (c.column === 'message_id' || c.column === 'root_message_id') && c.type === 'text') return `${col} || case when k = 0 then '' else '.' || k end`;
        return col;
      });
      const where = table === 'accounts' ? `t.id = $1` : `t.account_id = $1`;
      const copiesOf = inTree ? (table === 'messages' || table === 'threads' ? messageCopies : treeCopies) : 1;
      await tx.unsafe(
        `INSERT INTO ${q(table)} (${insertable.map((c) => q(c.column)).join(', ')})
         SELECT ${select.join(', ')} FROM ${q(table)} t, generate_series(1, ${copies}) g, generate_series(0, ${copiesOf - 1}) k WHERE ${where}`,
        [templateId],
      );
    }
  });
  const ids = await sql<{ id: string }[]>`select md5(${templateId}::text || ':' || g)::uuid as id from generate_series(1, ${copies}::int) g`;
  return ids.map((r) => r.id);
}
