import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

const cache = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement for this connection, prepared once and reused. Repositories call this with constant SQL
 * and bound parameters only; no SQL is ever built from user text.
 */
export function stmt(db: Db, sql: string): Statement {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let s = perDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    perDb.set(sql, s);
  }
  return s;
}

/** Current time as the ISO timestamp the schema stores. */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * The flag of a partial update written `col = CASE WHEN ? THEN col ELSE ? END`: 1 (keep the stored value) when the
 * caller left the field out (undefined), 0 when it sent a value, null included, which then replaces or clears it.
 */
export function keep(value: unknown): 0 | 1 {
  return value === undefined ? 1 : 0;
}
