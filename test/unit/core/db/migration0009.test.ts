import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate } from '../../../../src-main/core/db/migrate';

const TABLES = ['models', 'benchmarks', 'results', 'result_history'];

describe('migration 0009 (run labels of replicates)', () => {
  it('upgrades from version 8 keeping every row, and a deleted replicate keeps its run in the history image', () => {
    expect(latestVersion()).toBeGreaterThanOrEqual(9);
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, undefined, 8);
    db.exec(`INSERT INTO models (name) VALUES ('M');
      INSERT INTO benchmarks (name) VALUES ('B');
      INSERT INTO results (model_id, benchmark_id, setting_key, score) VALUES (1, 1, '', 0.5);`);
    const before = Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
    expect(migrate(db, undefined, 9)).toBe(9);
    for (const t of TABLES) {
      const after = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[];
      const had = before[t] as Record<string, unknown>[];
      expect(after.map((r, i) => Object.fromEntries(Object.keys(had[i] ?? r).map((k) => [k, r[k]]))), t).toEqual(had);
    }
    expect(db.prepare('SELECT run FROM results').get()).toEqual({ run: null });
    db.exec("INSERT INTO results (model_id, benchmark_id, setting_key, score, run) VALUES (1, 1, 'run=run 2', 0.6, 'run 2'); DELETE FROM results WHERE run = 'run 2';");
    const image = JSON.parse((db.prepare("SELECT old_value FROM result_history WHERE action = 'delete'").get() as { old_value: string }).old_value) as { run: string };
    expect(image.run).toBe('run 2');
    db.close();
  });
});
