/**
 * Queries built once per database handle and run many times. drizzle turns its query builder into SQL text on
 * every call: 0.1–0.4 ms of CPU for a wide select, which for the dashboard's queries was about a fifth of a
 * page's CPU. A prepared query keeps its text and fills only its placeholders at each run.
 */
import { sql, type Column, type SQL } from 'drizzle-orm';
import type { Db } from './handle.js';

/** `build(db)` once per handle (memoised by the handle), its `.prepare(name)` result reused after that. */
export function preparedPerDb<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const byDb = new WeakMap<Db, Q>();
  return (db) => {
    let q = byDb.get(db);
    if (q === undefined) byDb.set(db, (q = build(db)));
    return q;
  };
}

/**
 * `column = any($placeholder)`: inArray for a prepared query, whose list is one array parameter of any length
 * (inArray writes one parameter per element, so its text changes with the list).
 */
export function anyOf(column: Column, placeholder: string): SQL {
  return sql`${column} = any(${sql.placeholder(placeholder)})`;
}
