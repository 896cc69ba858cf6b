import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate } from '../../../../src-main/core/db/migrate';

const TABLES = ['models', 'benchmarks', 'subtasks', 'imports', 'results', 'result_history'];

function indexes(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'results' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

describe('migration 0006 (drop results_by_model, which the natural key already covers)', () => {
  it('upgrades from every earlier schema keeping every row, and lookups by model use the natural key', () => {
    expect(latestVersion()).toBeGreaterThanOrEqual(6);
    for (let from = 1; from <= 5; from++) {
      const db = new Database(':memory:');
      db.pragma('foreign_keys = ON');
      migrate(db, undefined, from);
      db.exec(`INSERT INTO models (name) VALUES ('M'), ('N');
        INSERT INTO benchmarks (name) VALUES ('B');
        INSERT INTO subtasks (benchmark_id, name) VALUES (1, 'S');
        INSERT INTO imports (file_name, content_hash, format) VALUES ('a.csv', 'h', 'csv');
        INSERT INTO results (model_id, benchmark_id, setting_key, score, import_id, source_line) VALUES (1, 1, '', 0.5, 1, 2);
        INSERT INTO results (model_id, benchmark_id, subtask_id, setting_key, score) VALUES (2, 1, 1, '', 0.4);
        UPDATE results SET score = 0.45 WHERE id = 2;`);
      expect(indexes(db), `from ${from}`).toContain('results_by_model');
      const before = Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
      expect(migrate(db, undefined, 6)).toBe(6);
      // Earlier migrations on the way (0003 adds a column) may add columns: compare the columns each row had.
      for (const t of TABLES) {
        const after = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[];
        const had = before[t] as Record<string, unknown>[];
        expect(after.map((r, i) => Object.fromEntries(Object.keys(had[i] ?? r).map((k) => [k, r[k]]))), `${t} from ${from}`).toEqual(had);
      }
      expect(indexes(db)).toEqual(['results_by_benchmark', 'results_by_import', 'results_natural_key']);
      const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT id FROM results WHERE model_id = ?').all(1) as { detail: string }[]).map((r) => r.detail).join(' ');
      expect(plan).toMatch(/results_natural_key/);
      // Deleting a model still cascades to its results.
      db.exec('DELETE FROM models WHERE id = 2');
      expect(db.prepare('SELECT id FROM results ORDER BY id').all()).toEqual([{ id: 1 }]);
      db.close();
    }
  });
});
