import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src-main/core/db/migrate';

const TABLES = ['models', 'benchmarks', 'subtasks', 'imports', 'results', 'result_history', 'fit_cache', 'flags'];

describe('migration 0005 (imported results record their insert once per import)', () => {
  it('keeps every row as it was, then records inserts without an import, and updates and deletes of every result', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, undefined, 4);
    db.exec(`INSERT INTO models (name) VALUES ('M');
      INSERT INTO benchmarks (name) VALUES ('B');
      INSERT INTO subtasks (benchmark_id, name) VALUES (1, 'S');
      INSERT INTO imports (file_name, content_hash, format) VALUES ('a.csv', 'h', 'csv');
      INSERT INTO results (model_id, benchmark_id, setting_key, score, import_id, source_line) VALUES (1, 1, '', 0.5, 1, 2);
      INSERT INTO results (model_id, benchmark_id, subtask_id, setting_key, score) VALUES (1, 1, 1, '', 0.4);
      UPDATE results SET score = 0.45 WHERE id = 2;`);
    const before = Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
    expect((before.result_history as unknown[]).length).toBe(3);
    expect(migrate(db, undefined, 5)).toBe(5);
    for (const t of TABLES) expect(db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(), t).toEqual(before[t]);

    const actions = () => db.prepare('SELECT result_id, action FROM result_history WHERE id > 3 ORDER BY id').all();
    db.exec("INSERT INTO results (model_id, benchmark_id, setting_key, score, source, import_id, source_line) VALUES (1, 1, '', 0.6, 'x', 1, 3)");
    expect(actions()).toEqual([]);
    db.exec("INSERT INTO results (model_id, benchmark_id, setting_key, score, source) VALUES (1, 1, '', 0.7, 'grid')");
    expect(actions()).toEqual([{ result_id: 4, action: 'insert' }]);
    db.exec('UPDATE results SET score = 0.65 WHERE id = 3; DELETE FROM results WHERE id = 3;');
    expect(actions()).toEqual([
      { result_id: 4, action: 'insert' },
      { result_id: 3, action: 'update' },
      { result_id: 3, action: 'delete' },
    ]);
    db.close();
  });
});
