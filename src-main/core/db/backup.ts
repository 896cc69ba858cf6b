/**
 * Backups of a workspace file: taken automatically before a migration changes the schema, and restored on request.
 * `VACUUM INTO` writes a consistent, compact copy of a live database in one statement, so a backup is never
 * half-written even while the app holds the workspace open.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../common/errors';
import type { Db } from './open';

export interface BackupInfo {
  file: string;
  schemaVersion: number;
  bytes: number;
  modifiedAt: string;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Copy the open workspace to `<file>.v<version>-<time>.bak` beside it. Returns the backup's path. */
export function backupWorkspace(db: Db, file: string, version: number): string {
  const target = `${file}.v${version}-${stamp()}.bak`;
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}

/** Backups of a workspace, newest first. */
export function listBackups(file: string): BackupInfo[] {
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${base}.v`) && f.endsWith('.bak'))
    .map((f) => {
      const full = path.join(dir, f);
      const st = statSync(full);
      return { file: full, schemaVersion: Number(/\.v(\d+)-/.exec(f)?.[1] ?? 0), bytes: st.size, modifiedAt: st.mtime.toISOString() };
    })
    .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
}

/**
 * Put a backup in place of a workspace. The backup is checked first (it must open as SQLite and pass
 * integrity_check); the current file is kept as `<file>.before-restore-<time>` rather than deleted, so a restore can
 * itself be undone. The workspace must not be open elsewhere.
 */
export function restoreBackup(backup: string, target: string): { replacedBy: string; keptAs: string | null } {
  if (!existsSync(backup)) throw new ApiError('not-found', `No backup file at ${backup}.`);
  let check: Database.Database | undefined;
  try {
    check = new Database(backup, { readonly: true, fileMustExist: true });
    const ok = check.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new ApiError('bad-input', `${backup} fails SQLite's integrity check (${String(ok)}); it was not restored.`);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('bad-input', `${backup} is not a Headroom workspace backup: ${(e as Error).message}`);
  } finally {
    check?.close();
  }
  let keptAs: string | null = null;
  if (existsSync(target)) {
    // Fold the write-ahead log into the main file first, so the kept copy is complete on its own.
    const live = new Database(target);
    live.pragma('wal_checkpoint(TRUNCATE)');
    live.close();
    keptAs = `${target}.before-restore-${stamp()}`;
    renameSync(target, keptAs);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  const tmp = `${target}.restoring`;
  copyFileSync(backup, tmp);
  renameSync(tmp, target);
  return { replacedBy: backup, keptAs };
}
