import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups, restoreBackup } from '../../../../src-main/core/db/backup';
import { latestVersion, migrate } from '../../../../src-main/core/db/migrate';
import { openWorkspace } from '../../../../src-main/core/db/open';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'headroom-backup-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** Rows every schema version since 1 can hold. */
function seedV1(db: Database.Database): void {
  db.exec(`
    INSERT INTO organizations (name) VALUES ('Aurora');
    INSERT INTO models (name, organization_id, release_date, training_compute_flop) VALUES ('m1', 1, '2024-01-01', 1e24);
    INSERT INTO benchmarks (name, unit, floor, ceiling) VALUES ('b1', 'percent', 25, 100);
    INSERT INTO subtasks (benchmark_id, name) VALUES (1, 's1');
    INSERT INTO results (model_id, benchmark_id, subtask_id, setting_key, score, source) VALUES (1, 1, NULL, '', 70, 'x'), (1, 1, 1, 'shots=5', 65, 'x');
    UPDATE results SET score = 71 WHERE id = 1;`);
}

describe('upgrades and backups', () => {
  it('upgrades a workspace written by each earlier schema version, keeping every row, after backing it up', () => {
    for (let v = 1; v < latestVersion(); v++) {
      const file = path.join(tmp(), `v${v}.headroom`);
      const db = openWorkspace(file, { skipMigrate: true });
      migrate(db, undefined, v);
      seedV1(db);
      const before = {
        models: db.prepare('SELECT id, name, release_date, training_compute_flop FROM models').all(),
        results: db.prepare('SELECT id, model_id, benchmark_id, subtask_id, setting_key, score FROM results ORDER BY id').all(),
        history: db.prepare('SELECT result_id, action FROM result_history ORDER BY id').all(),
      };
      db.close();
      const backups: string[] = [];
      const up = openWorkspace(file, { onBackup: (b) => backups.push(b) });
      expect(up.pragma('user_version', { simple: true })).toBe(latestVersion());
      expect(up.prepare('SELECT id, name, release_date, training_compute_flop FROM models').all()).toEqual(before.models);
      expect(up.prepare('SELECT id, model_id, benchmark_id, subtask_id, setting_key, score FROM results ORDER BY id').all()).toEqual(before.results);
      expect(up.prepare('SELECT result_id, action FROM result_history ORDER BY id').all()).toEqual(before.history);
      expect(up.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((up.pragma('foreign_key_check') as unknown[]).length).toBe(0);
      up.close();
      expect(backups.length).toBe(1);
      const bak = new Database(backups[0]!, { readonly: true });
      expect(bak.pragma('user_version', { simple: true })).toBe(v);
      expect(bak.prepare('SELECT count(*) AS c FROM results').get()).toEqual({ c: 2 });
      bak.close();
      expect(listBackups(file).map((b) => b.schemaVersion)).toEqual([v]);
    }
  });

  it('takes no backup of a new or current workspace', () => {
    const file = path.join(tmp(), 'new.headroom');
    const backups: string[] = [];
    openWorkspace(file, { onBackup: (b) => backups.push(b) }).close();
    openWorkspace(file, { onBackup: (b) => backups.push(b) }).close();
    expect(backups).toEqual([]);
  });

  it('restores a backup and keeps the replaced workspace beside it', () => {
    const dir = tmp();
    const file = path.join(dir, 'ws.headroom');
    const db = openWorkspace(file);
    db.exec("INSERT INTO organizations (name) VALUES ('before')");
    db.prepare('VACUUM INTO ?').run(path.join(dir, 'ws.headroom.v9-manual.bak'));
    db.exec("INSERT INTO organizations (name) VALUES ('after')");
    db.close();
    const r = restoreBackup(path.join(dir, 'ws.headroom.v9-manual.bak'), file);
    expect(r.keptAs && existsSync(r.keptAs)).toBeTruthy();
    const back = openWorkspace(file);
    expect(back.prepare('SELECT name FROM organizations').all()).toEqual([{ name: 'before' }]);
    back.close();
    const kept = new Database(r.keptAs!, { readonly: true });
    expect(kept.prepare('SELECT name FROM organizations ORDER BY id').all()).toEqual([{ name: 'before' }, { name: 'after' }]);
    kept.close();
  });

  it('refuses to restore a file that is not a SQLite database and leaves the workspace alone', () => {
    const dir = tmp();
    const file = path.join(dir, 'ws.headroom');
    openWorkspace(file).close();
    writeFileSync(path.join(dir, 'junk.bak'), 'this is not a database at all, not even close'.repeat(50));
    expect(() => restoreBackup(path.join(dir, 'junk.bak'), file)).toThrow(/not a Headroom workspace backup/);
    expect(existsSync(file)).toBe(true);
    openWorkspace(file).close();
  });
});
