import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src-main/core/db/migrate';

describe('migration 0003 (import provenance)', () => {
  it('adds source_place to results and keeps every existing row as it was', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, undefined, 2);
    db.exec(`INSERT INTO models (name) VALUES ('M');
      INSERT INTO benchmarks (name) VALUES ('B');
      INSERT INTO imports (file_name, content_hash, format) VALUES ('a.csv', 'h', 'csv');
      INSERT INTO results (model_id, benchmark_id, setting_key, score, import_id, source_line) VALUES (1, 1, '', 0.5, 1, 2);`);
    const before = {
      results: db.prepare('SELECT * FROM results').all(),
      imports: db.prepare('SELECT * FROM imports').all(),
      history: db.prepare('SELECT * FROM result_history').all(),
    };
    expect(migrate(db, undefined, 3)).toBe(3);
    const after = db.prepare('SELECT * FROM results').all() as Record<string, unknown>[];
    expect(after).toEqual((before.results as Record<string, unknown>[]).map((r) => ({ ...r, source_place: null })));
    expect(db.prepare('SELECT * FROM imports').all()).toEqual(before.imports);
    expect(db.prepare('SELECT * FROM result_history').all()).toEqual(before.history);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'imports_by_file_name'").get()).toEqual({ name: 'imports_by_file_name' });
    db.close();
  });
});
