/**
 * Cache writes that may be skipped. While an import runs in a background job its worker holds the workspace's write
 * lock (core/jobs/manager.ts); a cached fit or dashboard that cannot be stored then is simply not stored (the answer
 * is the same, the next request computes it again) instead of failing the call that computed it.
 */

/** True for SQLite's "database is locked" (SQLITE_BUSY and its extended codes). */
export function isBusy(e: unknown): boolean {
  return e instanceof Error && String((e as { code?: unknown }).code).startsWith('SQLITE_BUSY');
}

/** Runs `write`; if another connection holds the write lock, skips it. Any other error is thrown. */
export function cacheWrite(write: () => unknown): void {
  try {
    write();
  } catch (e) {
    if (!isBusy(e)) throw e;
  }
}
