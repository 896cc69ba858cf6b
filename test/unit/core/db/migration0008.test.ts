import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../src-main/core/db/migrate';
import { restoreResults } from '../../../../src-main/core/db/repositories/results';

const TABLES = ['models', 'benchmarks', 'subtasks', 'imports', 'results', 'result_history', 'fit_cache', 'flags'];

describe('migration 0008 (results.partial: why a result covers only part of its benchmark)', () => {
  it('keeps every row as it was with partial empty, then records changes of the mark in history and restores it', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, undefined, 7);
    db.exec(`INSERT INTO models (name) VALUES ('M');
      INSERT INTO benchmarks (name) VALUES ('B');
      INSERT INTO subtasks (benchmark_id, name) VALUES (1, 'S');
      INSERT INTO imports (file_name, content_hash, format) VALUES ('a.json', 'h', 'lm-eval');
      INSERT INTO results (model_id, benchmark_id, setting_key, score, import_id, source_line, source_place) VALUES (1, 1, '', 0.5, 1, 2, 'results.b');
      INSERT INTO results (model_id, benchmark_id, subtask_id, setting_key, score) VALUES (1, 1, 1, '', 0.4);
      UPDATE results SET score = 0.45 WHERE id = 2;
      DELETE FROM results WHERE id = 2;`);
    const before = Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all() as Record<string, unknown>[]]));
    expect(migrate(db, undefined, 8)).toBe(8);
    for (const t of TABLES) {
      const after = db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
      expect(after, t).toEqual(t === 'results' ? before[t]!.map((r) => ({ ...r, partial: null })) : before[t]);
    }
    // The repository code below is today's: bring the schema up to it (later migrations only add columns).
    migrate(db);

    // A result deleted before the column existed is restored, unmarked.
    expect(restoreResults(db, [2])).toBe(1);
    expect(db.prepare('SELECT score, partial FROM results WHERE id = 2').get()).toEqual({ score: 0.45, partial: null });

    const history = () => db.prepare("SELECT action, old_value, new_value FROM result_history WHERE result_id = 1 ORDER BY id").all() as Record<string, string | null>[];
    db.exec("UPDATE results SET partial = '--limit: 2 of 56 items' WHERE id = 1");
    const update = history().at(-1)!;
    expect(update.action).toBe('update');
    expect(JSON.parse(update.old_value!)).toMatchObject({ partial: null });
    expect(JSON.parse(update.new_value!)).toMatchObject({ partial: '--limit: 2 of 56 items' });
    db.exec('DELETE FROM results WHERE id = 1');
    expect(JSON.parse(history().at(-1)!.old_value!)).toMatchObject({ id: 1, partial: '--limit: 2 of 56 items' });
    expect(restoreResults(db, [1])).toBe(1);
    expect(db.prepare('SELECT score, partial FROM results WHERE id = 1').get()).toEqual({ score: 0.5, partial: '--limit: 2 of 56 items' });
    db.close();
  });
});
