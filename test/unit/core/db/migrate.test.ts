import { mkdtempSync, rmSync, writeFileSync, mkdirSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src-main/common/errors';
import { latestVersion, loadMigrations, migrate } from '../../../../src-main/core/db/migrate';
import { openWorkspace } from '../../../../src-main/core/db/open';
import { migrationsDir } from '../../../../src-main/core/paths';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'headroom-migrate-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('migrate', () => {
  it('creates a new workspace at the latest schema version with WAL and foreign keys on', () => {
    const db = openWorkspace(path.join(tmp(), 'a.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a database from a newer version and leaves the file untouched', () => {
    const file = path.join(tmp(), 'newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion() + 1}`);
    raw.exec('CREATE TABLE keep_me (x INTEGER)');
    raw.close();
    let error: unknown;
    try {
      openWorkspace(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('workspace-too-new');
    expect((error as ApiError).message).toMatch(/newer version of Headroom/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(latestVersion() + 1);
    expect(again.prepare("SELECT count(*) AS c FROM sqlite_master WHERE name = 'models'").get()).toEqual({ c: 0 });
    again.close();
  });

  it('applies migrations in order and a failing migration leaves the previous version intact', () => {
    const dir = tmp();
    const migDir = path.join(dir, 'migrations');
    mkdirSync(migDir);
    for (const f of readdirSync(migrationsDir())) copyFileSync(path.join(migrationsDir(), f), path.join(migDir, f));
    const next = String(latestVersion() + 1).padStart(4, '0');
    writeFileSync(path.join(migDir, `${next}_broken.sql`), 'CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;');
    const file = path.join(dir, 'ws.db');
    const db = openWorkspace(file, { skipMigrate: true });
    expect(() => migrate(db, migDir)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.prepare("SELECT count(*) AS c FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ c: 0 });
    db.close();
  });

  it('refuses migration files whose numbers skip a version', () => {
    const migDir = path.join(tmp(), 'm');
    mkdirSync(migDir);
    writeFileSync(path.join(migDir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(path.join(migDir, '0003_c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(migDir)).toThrow(/should be number 2/);
  });

  it('keeps every row when migrating a populated workspace to the latest version', () => {
    // Each migration's own test: migrate to N-1, insert rows, migrate to N, compare the tables that existed.
    const versions = latestVersion();
    for (let n = 2; n <= versions; n++) {
      const db = openWorkspace(path.join(tmp(), `m${n}.db`), { skipMigrate: true });
      migrate(db, undefined, n - 1);
      db.exec("INSERT INTO organizations (name) VALUES ('Org'); INSERT INTO models (name, organization_id) VALUES ('M', 1);");
      const before = db.prepare('SELECT * FROM models').all();
      migrate(db, undefined, n);
      expect(db.prepare('SELECT id, name, organization_id FROM models').all()).toEqual(
        (before as { id: number; name: string; organization_id: number }[]).map((r) => ({ id: r.id, name: r.name, organization_id: r.organization_id })),
      );
      db.close();
    }
    expect(versions).toBeGreaterThanOrEqual(1);
  });
});
