/**
 * Every SQLite setting an import changes, in one place: foreign keys off for a big import (set before its
 * transaction), and, while its results are written, a bigger page cache, temporary tables in memory and CHECKs
 * skipped when foreign keys are off. Each is put back whatever happens (commit, error, cancel, rollback). Why each
 * pays is measured by bench/import.ts (docs/performance.md, Import).
 */
import type { Db } from '../db/open';

/**
 * Request content (characters) from which an import runs with foreign keys off: about 10,000 rows of a results CSV.
 * SQLite looks up a result's four parents on every insert (a share of a bare insert measured by bench/import.ts;
 * figures in docs/formats.md, "Import speed"); the ImportWriter
 * instead looks up each distinct parent id once, and the small tables the import writes are checked as a whole
 * at its end (verifyTrustedWrites). Below this size that saving is a few milliseconds, less than re-preparing the
 * connection's statements, which every change of the pragma costs.
 */
export const FK_OFF_MIN_CHARS = 1 << 20;

/**
 * Run `fn` (which opens the import's transaction) with foreign keys off for a big import, and put the setting back
 * afterwards whatever happens (commit, error, cancel, rollback). SQLite ignores `PRAGMA foreign_keys` inside a
 * transaction, so it is set here, before BEGIN; inside one already, `fn` runs with the setting as it is.
 */
export function withImportPragmas<T>(db: Db, content: string, fn: () => T, minChars = FK_OFF_MIN_CHARS): T {
  if (content.length < minChars || db.inTransaction || db.pragma('foreign_keys', { simple: true }) !== 1) return fn();
  db.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/** Rows from which an import's results pass gets a bigger page cache and in-memory temporary tables. */
const BIG_PASS_ROWS = 20_000;

/**
 * Run the results pass of an import (`fn`, inside the import's transaction) with the settings a big write wants:
 * - a big file touches every page of the results indexes; with SQLite's default 2 MB page cache the transaction
 *   spills pages to the WAL over and over, so the connection gets 64 MB (as fast as the bigger caches tried at a
 *   million rows, and keeps the process's memory down: bench/import.ts; docs/formats.md, "Import speed") and
 *   temporary tables in memory;
 * - with foreign keys off (a big import, withImportPragmas), SQLite's CHECKs are skipped too while the rows are
 *   written: the ImportWriter checks each result row against the same rules (resultCheckFailure), and the import
 *   checks the other tables it wrote at the end (verifyTrustedWrites in tables.ts). Unlike foreign_keys this can
 *   change inside a transaction.
 */
export function withBulkWritePragmas<T>(db: Db, rows: number, fn: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  if (rows > BIG_PASS_ROWS) {
    db.pragma('cache_size = -65536');
    setTempStore(db, 'MEMORY');
  }
  const ignoreChecks = db.pragma('foreign_keys', { simple: true }) === 0 && db.pragma('ignore_check_constraints', { simple: true }) === 0;
  try {
    if (ignoreChecks) db.pragma('ignore_check_constraints = ON');
    return fn();
  } finally {
    if (ignoreChecks) db.pragma('ignore_check_constraints = OFF');
    db.pragma(`cache_size = ${Number(cacheSize)}`);
    setTempStore(db, Number(tempStore));
  }
}

/**
 * Set temp_store, a speed hint only: SQLite refuses to change it inside a transaction once this connection has opened
 * its temporary database (an integrity check or an INSERT ... SELECT from the same table does), and the import
 * then runs with the setting it has rather than failing.
 */
function setTempStore(db: Db, value: 'MEMORY' | number): void {
  try {
    db.pragma(value === 'MEMORY' ? 'temp_store = MEMORY' : `temp_store = ${Number(value)}`);
  } catch (e) {
    if (!(e instanceof Error && /temporary storage cannot be changed/.test(e.message))) throw e;
  }
}
