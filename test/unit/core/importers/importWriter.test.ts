/**
 * The import's batched write path against writing row by row: the same outcomes (add, update with the same changes,
 * unchanged), in the same order, and the same stored results and history, for files that repeat results and
 * meet stored ones in every mix.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../src-main/core/db/open';
import type { ResolvedResult } from '../../../../src-main/core/db/repositories/results';
import { ImportWriter } from '../../../../src-main/core/ingest/importWriter';
import {
  emptyCreated,
  emptyIdCache,
  resolveIds,
  toResolved,
  writeResult,
  type ResultArg,
  type WriteOptions,
} from '../../../../src-main/core/ingest/results';
import { workspacesPerTest } from '../../../helpers/workspace';

const spaces = workspacesPerTest();

function workspace(): Db {
  return spaces.workspace().db;
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

function indexes(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'results' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

type Outcome = { action: string; changes: string[] } | null;
const outcome = (o: Outcome, line: number) => (o ? `${line} ${o.action} ${o.changes.join(', ')}` : `${line} reject`);

/** The reference: every row through writeResult, one at a time, in one transaction (null = a rejected line). */
function writeRowByRow(db: Db, rows: readonly (ResultArg | null)[], importId = 1): string[] {
  const out: string[] = [];
  db.transaction(() => {
    const opts: WriteOptions = { createMissing: true, user: 'tester', importId, cache: emptyIdCache() };
    rows.forEach((r, i) => out.push(outcome(r ? writeResult(db, r, i + 2, opts, emptyCreated()) : null, i + 2)));
  })();
  return out;
}

/**
 * The same rows through an ImportWriter, told the file has `fileRows` rows (0 = not a big import) and that a big
 * import starts at `minRows` (default 1; undefined = the writer's own threshold). `importOf(i)` is row i's import id.
 */
function writeThroughWriter(
  db: Db,
  rows: readonly (ResultArg | null)[],
  fileRows: number,
  onOutcome: (o: Outcome, line: number) => void,
  options: { minRows?: number | undefined; importOf?: (i: number) => number | null; importId?: number; prior?: number[] } = {},
): ImportWriter<number> {
  // An explicit `minRows: undefined` leaves the writer its own threshold, so no destructuring default here.
  const minRows = 'minRows' in options ? options.minRows : 1;
  const importId = options.importId ?? 1;
  const importOf = options.importOf ?? (() => importId);
  let writer!: ImportWriter<number>;
  db.transaction(() => {
    writer = new ImportWriter<number>(db, importId, true, onOutcome, fileRows, minRows);
    if (options.prior) writer.followPriorImports(options.prior);
    rows.forEach((r, i) => {
      const opts: WriteOptions = { createMissing: true, user: 'tester', importId: importOf(i), cache: emptyIdCache() };
      if (!r) return writer.write(null, i + 2);
      const ids = resolveIds(db, r, i + 2, opts, emptyCreated());
      if (ids.issues) throw new Error('unexpected');
      writer.write(toResolved(r, i + 2, ids, opts), i + 2);
    });
    writer.flush();
  })();
  return writer;
}

const CASES = [
  [1, 250, 400, 0],
  [2, 250, 60, 0],
  [3, 1500, 300, 40],
  [4, 333, 2000, 200],
  [5, 2600, 5000, 0],
  [6, 100, 10, 5],
] as const;

/** Write `count` random rows through an ImportWriter and row by row with writeResult, and compare everything. */
function compare(seed: number, count: number, keys: number, preexisting: number, bulk: boolean, trusted = false): void {
      const dbs = [workspace(), workspace()];
      for (const db of dbs) {
        // Results stored before the import (without an import, as the grid writes them).
        const opts: WriteOptions = { createMissing: true, user: 'grid' };
        for (const r of randomRows(seed + 100, preexisting, keys)) if (r) writeResult(db, r, 0, opts, emptyCreated());
        db.prepare("INSERT INTO imports (file_name, content_hash, format) VALUES ('f.csv', 'h', 'csv')").run();
      }
      const rows = randomRows(seed, count, keys);
      const [a, b] = dbs as [Db, Db];
      const expected = writeRowByRow(a, rows);
      const got: string[] = [];
      // Trusted: foreign keys off and CHECKs ignored, as a big import runs (the writer checks both itself).
      if (trusted) b.pragma('foreign_keys = OFF');
      if (trusted) b.pragma('ignore_check_constraints = ON');
      writeThroughWriter(b, rows, bulk ? rows.length : 0, (o, line) => got.push(outcome(o, line)));
      b.pragma('foreign_keys = ON');
      b.pragma('ignore_check_constraints = OFF');

      expect(got, `seed ${seed}`).toEqual(expected);
      expect(stored(b), `seed ${seed}`).toEqual(stored(a));
      expect(history(b), `seed ${seed}`).toEqual(history(a));
      expect(indexes(b), `seed ${seed}`).toEqual(indexes(a));
      expect(new Set(got.map((g) => g.split(' ')[1])).size).toBeGreaterThan(1);
}

/**
 * `rows` as a later version of the same file: some scores changed, some lines dropped, new lines added, neighbours
 * swapped, a few lines repeated further down and a few copied, with another score, to the top.
 */
function laterVersion(seed: number, rows: readonly (ResultArg | null)[]): (ResultArg | null)[] {
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const out: (ResultArg | null)[] = [];
  for (const r of rows) {
    const x = rand();
    if (r === null || x < 0.05) continue; // dropped
    out.push(x < 0.15 ? { ...r, score: 0.9 } : r);
    if (x > 0.95) out.push({ ...r, model: `new${Math.floor(rand() * 5)}`, source: 'later' }); // added
  }
  for (let i = 0; i + 1 < out.length; i += 17) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!]; // swapped
  for (let i = 0; i < out.length; i += 101) out.push(out[i]!); // repeated at the end
  // Copies of later lines at the top, with another score: written (updated) before the walk reaches their row.
  const early = out.filter((r, i) => r !== null && i % 89 === 50).map((r) => ({ ...r!, score: 0.77 }));
  return [...early, ...out];
}

describe('ImportWriter', () => {
  it('re-importing a file (the same, or a later version) beside the rows its earlier import stored writes exactly what row-by-row writing writes', () => {
    for (const [seed, count, keys] of [
      [11, 3000, 5000],
      [12, 2500, 900],
      [13, 6000, 100000],
    ] as const) {
      const first = randomRows(seed, count, keys);
      for (const second of [first, laterVersion(seed, first)]) {
        const [a, b] = [workspace(), workspace()];
        for (const db of [a, b]) {
          db.prepare("INSERT INTO imports (file_name, content_hash, format) VALUES ('f.csv', 'h1', 'csv'), ('f.csv', 'h2', 'csv')").run();
          writeRowByRow(db, first, 1);
          // An edit after the first import: the stored values the walk reads are the edited ones.
          db.prepare('UPDATE results SET score = 0.42 WHERE id % 50 = 7').run();
        }
        const storedRows = (b.prepare('SELECT count(*) AS c FROM results WHERE import_id = 1').get() as { c: number }).c;
        const expected = writeRowByRow(a, second, 2);
        const got: string[] = [];
        const writer = writeThroughWriter(b, second, 0, (o, line) => got.push(outcome(o, line)), { importId: 2, prior: [1] });
        // The walk answered most rows (every stored row's first line, when the file is the same); below 1,000 stored
        // rows it is not worth starting.
        if (storedRows >= 1000) expect(writer.priorMatches, `seed ${seed}`).toBeGreaterThan(second === first ? storedRows * 0.9 : 0);
        else expect(writer.priorMatches, `seed ${seed}`).toBe(0);
        expect(got, `seed ${seed}`).toEqual(expected);
        expect(stored(b), `seed ${seed}`).toEqual(stored(a));
        expect(history(b), `seed ${seed}`).toEqual(history(a));
        expect(new Set(got.map((g) => g.split(' ')[1])).size).toBeGreaterThan(1);
      }
    }
  });


  it('writes exactly what row-by-row writing writes, with the same outcomes in the same order', () => {
    for (const [seed, count, keys, preexisting] of CASES) compare(seed, count, keys, preexisting, false);
  });

  it('as a big import (indexes dropped and rebuilt) writes exactly what row-by-row writing writes', () => {
    // The same files with every import counted as big: into an empty table the natural key is dropped too.
    for (const [seed, count, keys, preexisting] of CASES) compare(seed, count, keys, preexisting, true);
  });

  it('with foreign keys off and CHECKs ignored (as a big import runs) writes exactly what row-by-row writing writes', () => {
    for (const [seed, count, keys, preexisting] of CASES) compare(seed, count, keys, preexisting, true, true);
    for (const [seed, count, keys, preexisting] of CASES) compare(seed, count, keys, preexisting, false, true);
  });

  it('with foreign keys off refuses a row whose model does not exist, and with CHECKs ignored a row that breaks one', () => {
    const db = workspace();
    db.prepare("INSERT INTO imports (file_name, content_hash, format) VALUES ('f.csv', 'h', 'csv')").run();
    const opts: WriteOptions = { createMissing: true, user: 'tester', importId: 1, cache: emptyIdCache() };
    const good = (line: number) => {
      const r: ResultArg = { model: 'm', benchmark: 'b', score: 0.5, source: `s${line}` };
      return toResolved(r, line, resolveIds(db, r, line, opts, emptyCreated()) as { modelId: number; benchmarkId: number; subtaskId: null }, opts);
    };
    good(1); // creates the model and benchmark outside the transactions below, which roll back
    db.pragma('foreign_keys = OFF');
    db.pragma('ignore_check_constraints = ON');
    try {
      // A good row, then a bad one, in one transaction (which the throw rolls back).
      const writeBadSecond = (bulk: number, bad: ResolvedResult) => () =>
        db.transaction(() => {
          const writer = new ImportWriter<number>(db, 1, true, () => {}, bulk, 1);
          writer.write(good(2), 2);
          writer.write(bad, 3);
          writer.flush();
        })();
      for (const bulk of [0, 1000]) {
        expect(writeBadSecond(bulk, { ...good(3), modelId: 999 })).toThrow(/FOREIGN KEY constraint failed: a result refers to models id 999/);
        expect(writeBadSecond(bulk, { ...good(3), n: 0 })).toThrow(/CHECK constraint failed: results.n \(line 3\)/);
      }
    } finally {
      db.pragma('foreign_keys = ON');
      db.pragma('ignore_check_constraints = OFF');
    }
    expect(db.prepare('SELECT count(*) AS c FROM results').get()).toEqual({ c: 0 });
  });

  it('as a big import of distinct keys, rebuilds the natural key at the end, or at the first row that repeats a key', () => {
    for (const repeatAt of [null, 3, 150, 999]) {
      const rows: (ResultArg | null)[] = Array.from({ length: 1000 }, (_, k) =>
        k % 97 === 5 ? null : { model: `m${k % 10}`, benchmark: `b${Math.floor(k / 10) % 10}`, subtask: `s${Math.floor(k / 100)}`, score: (k % 50) / 100 },
      );
      if (repeatAt !== null) rows.splice(repeatAt + 1, 0, { ...rows[repeatAt - 1]!, score: 0.99 }, { ...rows[repeatAt - 1]! });
      const [a, b] = [workspace(), workspace()];
      for (const db of [a, b]) db.prepare("INSERT INTO imports (file_name, content_hash, format) VALUES ('f.csv', 'h', 'csv')").run();
      const expected = writeRowByRow(a, rows);
      const got: string[] = [];
      const keyDuring: boolean[] = [];
      writeThroughWriter(b, rows, rows.length, (o, line) => {
        got.push(outcome(o, line));
        keyDuring.push(indexes(b).includes('results_natural_key'));
      });
      expect(got, `repeat at ${repeatAt}`).toEqual(expected);
      expect(stored(b)).toEqual(stored(a));
      expect(history(b)).toEqual(history(a));
      expect(indexes(b)).toEqual(['results_by_benchmark', 'results_by_import', 'results_natural_key']);
      // The first batch is written without the natural key; it is back from the first repeat on.
      expect(keyDuring[0]).toBe(false);
      if (repeatAt !== null) expect(keyDuring[keyDuring.length - 1]).toBe(true);
    }
  });

  it('as a big import, drops the insert trigger only while every row carries the import id', () => {
    const [a, b] = [workspace(), workspace()];
    for (const db of [a, b]) db.prepare("INSERT INTO imports (file_name, content_hash, format) VALUES ('f.csv', 'h', 'csv')").run();
    const rows: ResultArg[] = Array.from({ length: 300 }, (_, k) => ({ model: `m${k % 10}`, benchmark: `b${Math.floor(k / 10) % 30}`, score: (k % 50) / 100 }));
    // Rows 150 and 250 are written without an import (as a grid edit would be): their inserts must be recorded.
    const importOf = (i: number) => (i === 150 || i === 250 ? null : 1);
    a.transaction(() => {
      rows.forEach((r, i) => writeResult(a, r, i + 2, { createMissing: true, user: 'tester', importId: importOf(i), cache: emptyIdCache() }, emptyCreated()));
    })();
    const triggers = (db: Db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
    const before = triggers(b);
    const during: boolean[] = [];
    writeThroughWriter(b, rows, rows.length, () => during.push((triggers(b) as unknown[]).length === (before as unknown[]).length), { importOf });
    expect(during[0]).toBe(false);
    expect(during[during.length - 1]).toBe(true);
    expect(triggers(b)).toEqual(before);
    expect(stored(b)).toEqual(stored(a));
    expect(history(b)).toEqual(history(a));
    expect((history(b) as { action: string }[]).filter((h) => h.action === 'insert')).toHaveLength(2);
  });

  it('keeps every index when the import is small, or smaller than what is stored', () => {
    for (const [minRows, storedRows] of [
      [undefined, 0], // fewer rows than BULK_MIN_ROWS
      [1, 60], // more results stored than the import brings
    ] as const) {
      const db = workspace();
      db.prepare("INSERT INTO imports (file_name, content_hash, format) VALUES ('f.csv', 'h', 'csv')").run();
      for (let k = 0; k < storedRows; k++) writeResult(db, { model: `g${k}`, benchmark: 'b', score: 0.5 }, 0, { createMissing: true, user: 'grid' }, emptyCreated());
      const rows = randomRows(10, 20, 4000);
      const seen = new Set<string>();
      writeThroughWriter(db, rows, rows.length, () => seen.add(indexes(db).join(' ')), { minRows });
      expect([...seen]).toEqual(['results_by_benchmark results_by_import results_natural_key']);
    }
  });
});
