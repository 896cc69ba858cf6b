/**
 * The import's batched write path against writing row by row: the same outcomes (add, update with the same changes,
 * unchanged), in the same order, and the same stored results and history, for files that repeat results and
 * meet stored ones in every mix.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../src-main/core/db/open';
import {
  emptyCreated,
  emptyIdCache,
  ImportWriter,
  resolveIds,
  toResolved,
  writeResult,
  type ResultArg,
  type WriteOptions,
} from '../../../../src-main/core/ingest/results';
import { tempWorkspace } from '../../../helpers/workspace';

const spaces: ReturnType<typeof tempWorkspace>[] = [];
afterEach(() => {
  while (spaces.length) spaces.pop()!.dispose();
});

function workspace(): Db {
  const ws = tempWorkspace();
  spaces.push(ws);
  return ws.db;
}

function randomRows(seed: number, count: number, keys: number): (ResultArg | null)[] {
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: count }, () => {
    if (rand() < 0.05) return null; // a rejected row, reported in its place
    const k = Math.floor(rand() * keys);
    return {
      model: `m${k % 7}`,
      benchmark: `b${k % 3}`,
      subtask: k % 5 === 0 ? null : `s${k % 4}`,
      score: pick([0.1, 0.2, 0.3]),
      stderr: pick([null, 0.01]),
      n: pick([null, 100]),
      shots: k % 2 === 0 ? 5 : null,
      source: `src${k % 11}`,
      notes: pick([null, 'note']),
    };
  });
}

function stored(db: Db): unknown[] {
  return db
    .prepare(
      `SELECT id, model_id, benchmark_id, subtask_id, setting_key, score, stderr, n, source, notes, import_id, source_line, logged_by
         FROM results ORDER BY id`,
    )
    .all();
}

function history(db: Db): unknown[] {
  return db.prepare('SELECT result_id, action, old_value, new_value, changed_by FROM result_history ORDER BY id').all();
}

describe('ImportWriter', () => {
  it('writes exactly what row-by-row writing writes, with the same outcomes in the same order', () => {
    for (const [seed, count, keys, preexisting] of [
      [1, 250, 400, 0],
      [2, 250, 60, 0],
      [3, 1500, 300, 40],
      [4, 333, 2000, 200],
      [5, 2600, 5000, 0],
      [6, 100, 10, 5],
    ] as const) {
      const dbs = [workspace(), workspace()];
      for (const db of dbs) {
        // Results stored before the import (without an import, as the grid writes them).
        const opts: WriteOptions = { createMissing: true, user: 'grid' };
        for (const r of randomRows(seed + 100, preexisting, keys)) if (r) writeResult(db, r, 0, opts, emptyCreated());
        db.prepare("INSERT INTO imports (file_name, content_hash, format) VALUES ('f.csv', 'h', 'csv')").run();
      }
      const rows = randomRows(seed, count, keys);
      const outcome = (o: { action: string; changes: string[] } | null, line: number) => (o ? `${line} ${o.action} ${o.changes.join(', ')}` : `${line} reject`);

      const [a, b] = dbs as [Db, Db];
      const expected: string[] = [];
      a.transaction(() => {
        const opts: WriteOptions = { createMissing: true, user: 'tester', importId: 1, cache: emptyIdCache() };
        rows.forEach((r, i) => expected.push(outcome(r ? writeResult(a, r, i + 2, opts, emptyCreated()) : null, i + 2)));
      })();

      const got: string[] = [];
      b.transaction(() => {
        const opts: WriteOptions = { createMissing: true, user: 'tester', importId: 1, cache: emptyIdCache() };
        const writer = new ImportWriter<number>(b, 1, true, (o, line) => got.push(outcome(o, line)));
        rows.forEach((r, i) => {
          if (!r) return writer.write(null, i + 2);
          const ids = resolveIds(b, r, i + 2, opts, emptyCreated());
          if (ids.issues) throw new Error('unexpected');
          writer.write(toResolved(r, i + 2, ids, opts), i + 2);
        });
        writer.flush();
      })();

      expect(got, `seed ${seed}`).toEqual(expected);
      expect(stored(b), `seed ${seed}`).toEqual(stored(a));
      expect(history(b), `seed ${seed}`).toEqual(history(a));
      expect(new Set(got.map((g) => g.split(' ')[1])).size).toBeGreaterThan(1);
    }
  });
});
