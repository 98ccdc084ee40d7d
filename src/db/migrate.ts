import type { DbHandle } from './client.js';

export interface Migration {
  name: string;
  sql: string;
}

/**
 * Applies migrations in name order inside one transaction, under an advisory lock so two instances
 * starting together against the same server cannot both apply them. Works the same on PGlite and
 * postgres.js; the SQL files are drizzle-kit's output in migrations/.
 */
export async function applyMigrations(handle: DbHandle, migrations: Migration[]): Promise<string[]> {
  const ordered = [...migrations].sort((a, b) => a.name.localeCompare(b.name));
  const body = ordered
    .map(
      (m) => `
DO $migration$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM __followthrough_migrations WHERE name = ${quote(m.name)}) THEN
    ${m.sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean).map((s) => `EXECUTE ${quote(s)};`).join('\n    ')}
    INSERT INTO __followthrough_migrations (name) VALUES (${quote(m.name)});
  END IF;
END $migration$;`,
    )
    .join('\n');
  await handle.execInTransaction(`
SELECT pg_advisory_xact_lock(7340021);
CREATE TABLE IF NOT EXISTS __followthrough_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
${body}`);
  return ordered.map((m) => m.name);
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
