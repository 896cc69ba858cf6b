import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../common/errors';
import { migrationsDir as defaultMigrationsDir } from '../paths';
import type { Db } from './open';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Read `NNNN_name.sql` files in version order. Gaps or duplicates in numbering are a packaging bug. */
export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 4));
    if (version !== i + 1) throw new Error(`Migration ${file} should be number ${i + 1}: versions must run 1, 2, 3 ...`);
    return { version, name: file, sql: readFileSync(path.join(dir, file), 'utf8') };
  });
}

/** The schema version this build of Headroom writes. */
export function latestVersion(dir?: string): number {
  return loadMigrations(dir).length;
}

/**
 * Apply every migration above the database's `PRAGMA user_version`, each inside its own transaction together
 * with the version bump, so a failed migration leaves the previous version intact.
 * `upTo` stops early (tests migrate to N-1, insert rows, then migrate to N).
 * Throws 'workspace-too-new' when the file was written by a newer Headroom, before changing anything.
 */
export function migrate(db: Db, dir?: string, upTo?: number): number {
  const migrations = loadMigrations(dir);
  const latest = migrations.length;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new ApiError(
      'workspace-too-new',
      `This workspace was written by a newer version of Headroom (schema ${current}; this version understands up to ${latest}). ` +
        'Update Headroom to open it; the file was not changed.',
      { schemaVersion: current, supportedVersion: latest },
    );
  }
  const target = Math.min(upTo ?? latest, latest);
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
