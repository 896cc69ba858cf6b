import Database from 'better-sqlite3';
import { backupWorkspace } from './backup';
import { latestVersion, migrate } from './migrate';

export type Db = Database.Database;

let nativeBinding: string | undefined;

/**
 * Use a better-sqlite3 addon built for another runtime. The desktop app sets this to its Electron build, because the
 * addon in node_modules is built for Node (tests, CLI) and cannot load inside Electron, nor the reverse.
 */
export function setNativeBinding(file: string | undefined): void {
  nativeBinding = file;
}

/** The addon set with {@link setNativeBinding}, if any (a worker thread opening the same workspace needs it too). */
export function getNativeBinding(): string | undefined {
  return nativeBinding;
}

/** The busy timeout every connection gets (ms): how long a write waits for another connection's lock. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** Directory of the NNNN_name.sql migration files; defaults to the project's db/migrations. */
  migrationsDir?: string;
  /** Open without migrating (used by tests that migrate step by step). */
  skipMigrate?: boolean;
  /** Told the path of the backup taken before a migration. */
  onBackup?: (backupFile: string) => void;
}

/**
 * Open (or create) a workspace database: WAL journal, foreign keys on, then bring its schema up to date.
 * A database written by a newer Headroom is refused by `migrate` with a 'workspace-too-new' error and the
 * connection is closed, so the file is never touched.
 */
export function openWorkspace(file: string, options: OpenOptions = {}): Db {
  const db = nativeBinding ? new Database(file, { nativeBinding }) : new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commit.
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!options.skipMigrate) {
      const current = db.pragma('user_version', { simple: true }) as number;
      // A workspace with data is copied before its schema changes, so an upgrade can always be undone.
      if (current > 0 && current < latestVersion(options.migrationsDir) && file !== ':memory:') {
        options.onBackup?.(backupWorkspace(db, file, current));
      }
      migrate(db, options.migrationsDir);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
