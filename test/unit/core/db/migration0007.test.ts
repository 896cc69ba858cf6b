import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate } from '../../../../src-main/core/db/migrate';

const TABLES = ['models', 'benchmarks', 'subtasks', 'imports', 'results', 'result_history'];

describe('migration 0007 (benchmarks without an upper bound)', () => {
  it('upgrades from version 6 keeping every row, every benchmark bounded, and refuses other values', () => {
    expect(latestVersion()).toBeGreaterThanOrEqual(7);
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, undefined, 6);
    db.exec(`INSERT INTO models (name) VALUES ('M');
      INSERT INTO benchmarks (name, unit, floor, ceiling) VALUES ('B', 'percent', 25, 100), ('Elo', 'points', 800, 1500);
      INSERT INTO results (model_id, benchmark_id, setting_key, score) VALUES (1, 1, '', 50), (1, 2, '', 1210);`);
    const before = Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
    expect(migrate(db, undefined, 7)).toBe(7);
    for (const t of TABLES) {
      const after = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[];
      const had = before[t] as Record<string, unknown>[];
      expect(after.map((r, i) => Object.fromEntries(Object.keys(had[i] ?? r).map((k) => [k, r[k]]))), t).toEqual(had);
    }
    expect(db.prepare('SELECT name, bounded FROM benchmarks ORDER BY id').all()).toEqual([
      { name: 'B', bounded: 1 },
      { name: 'Elo', bounded: 1 },
    ]);
    db.exec("UPDATE benchmarks SET bounded = 0 WHERE name = 'Elo'");
    expect(() => db.exec("UPDATE benchmarks SET bounded = 2 WHERE name = 'Elo'")).toThrow(/CHECK/);
    db.close();
  });
});
