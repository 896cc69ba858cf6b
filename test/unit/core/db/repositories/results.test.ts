/**
 * The import's batch insert that binds a column once when every row of the batch holds the same value in it
 * (insertResultsSharingIfNew), against inserting the same rows one by one: the same rows stored with the same ids in
 * the same order, the same rows skipped for a taken natural key, and the batch's own timestamp.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../../src-main/core/db/open';
import {
  insertResultIfNew,
  insertResultsSharingIfNew,
  pushInsertParams,
  RESULT_INSERT_PARAMS,
  type ResolvedResult,
} from '../../../../../src-main/core/db/repositories/results';
import { workspacesPerTest } from '../../../../helpers/workspace';

const spaces = workspacesPerTest();

/** A workspace with models 1–3, benchmarks 1–2, subtasks 1–2 and imports 1–2 for rows to refer to. */
function workspace(): Db {
  const ws = spaces.workspace();
  ws.db.exec(`
    INSERT INTO models (id, name) VALUES (1, 'm1'), (2, 'm2'), (3, 'm3');
    INSERT INTO benchmarks (id, name) VALUES (1, 'b1'), (2, 'b2');
    INSERT INTO subtasks (id, benchmark_id, name) VALUES (1, 1, 's1'), (2, 2, 's2');
    INSERT INTO imports (id, file_name, content_hash, format) VALUES (1, 'a.csv', 'h1', 'csv'), (2, 'b.csv', 'h2', 'csv');`);
  return ws.db;
}

const COLUMNS = `id, model_id, benchmark_id, subtask_id, shots, cot, pass_k, test_time_compute, effort, setting_key, score, stderr, n,
  source, source_kind, evaluated_on, notes, import_id, source_line, source_place, logged_by`;
const stored = (db: Db) => db.prepare(`SELECT ${COLUMNS} FROM results ORDER BY id`).all();

/** Rows drawn from small pools, so that a batch often repeats a column's value in every row, and sometimes a key. */
const row: fc.Arbitrary<ResolvedResult> = fc.record({
  modelId: fc.constantFrom(1, 2, 3),
  benchmarkId: fc.constantFrom(1, 2),
  subtaskId: fc.constantFrom(null, 1, 2),
  shots: fc.constantFrom(null, 0, 5),
  cot: fc.constantFrom(null, true, false),
  passK: fc.constantFrom(null, 1),
  testTimeCompute: fc.constantFrom(null, 1e6),
  effort: fc.constantFrom(null, 'high'),
  settingKey: fc.constantFrom('', 'shots=5', "it's"),
  score: fc.constantFrom(0.5, 0.75, 1),
  stderr: fc.constantFrom(null, 0.01),
  n: fc.constantFrom(null, 100),
  source: fc.constantFrom('', 'paper', 'x'),
  sourceKind: fc.constantFrom(null, 'lab-reported' as const),
  evaluatedOn: fc.constantFrom(null, '2024-01-15'),
  notes: fc.constantFrom(null, 'n'),
  importId: fc.constantFrom(null, 1, 2),
  sourceLine: fc.constantFrom(null, 7, 8),
  sourcePlace: fc.constantFrom(null, 'cell'),
  loggedBy: fc.constantFrom(null, 'ana'),
});

function paramsOf(rows: ResolvedResult[]): unknown[] {
  const out: unknown[] = [];
  for (const r of rows) pushInsertParams(out, r);
  return out;
}

describe('insertResultsSharingIfNew', () => {
  it('stores exactly what inserting the rows one by one stores, in the same order, skipping the same taken keys', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(10, 100) as fc.Arbitrary<10 | 100>, { minLength: 1, maxLength: 3 }), fc.infiniteStream(row), (sizes, stream) => {
        const shared = workspace();
        const single = workspace();
        for (const size of sizes) {
          const rows = Array.from({ length: size }, () => stream.next().value as ResolvedResult);
          const params = paramsOf(rows);
          let one = 0;
          for (let i = 0; i < size; i++) one += insertResultIfNew(single, params.slice(i * RESULT_INSERT_PARAMS, (i + 1) * RESULT_INSERT_PARAMS));
          expect(insertResultsSharingIfNew(shared, size, params, 0, '2026-01-02T03:04:05.678Z')).toBe(one);
        }
        expect(stored(shared)).toEqual(stored(single));
        spaces.disposeAll();
      }),
      { numRuns: 60 },
    );
  });

  it('binds a column once when every row holds the same value in it, and the rest per row', () => {
    const db = workspace();
    const base: ResolvedResult = {
      modelId: 1,
      benchmarkId: 1,
      subtaskId: null,
      shots: 5,
      cot: true,
      passK: null,
      testTimeCompute: null,
      effort: null,
      settingKey: 'shots=5',
      score: 0.5,
      stderr: 0.01,
      n: 100,
      source: 'paper',
      sourceKind: 'lab-reported',
      evaluatedOn: '2024-01-15',
      notes: null,
      importId: 1,
      sourceLine: 0,
      sourcePlace: null,
      loggedBy: 'ana',
    };
    // Ten rows that differ only in model, subtask, score and line, starting after an earlier batch's offset.
    const rows = Array.from({ length: 10 }, (_, i) => ({ ...base, modelId: 1 + (i % 3), subtaskId: i < 3 ? null : i < 6 ? 1 : 2, score: i / 10, sourceLine: 100 + i }));
    const params = [...paramsOf([base]), ...paramsOf(rows)];
    expect(insertResultsSharingIfNew(db, 10, params, RESULT_INSERT_PARAMS, '2026-01-02T03:04:05.678Z')).toBe(9);
    // The tenth row (model 1, subtask 2) repeats the seventh's key: it is skipped, and the others keep their order.
    const got = db.prepare('SELECT model_id, subtask_id, score, source_line, shots, source, logged_by, logged_at, updated_at FROM results ORDER BY id').all();
    expect(got).toHaveLength(9);
    expect(got[0]).toEqual({
      model_id: 1,
      subtask_id: null,
      score: 0,
      source_line: 100,
      shots: 5,
      source: 'paper',
      logged_by: 'ana',
      logged_at: '2026-01-02T03:04:05.678Z',
      updated_at: '2026-01-02T03:04:05.678Z',
    });
    expect(got.map((r) => (r as { source_line: number }).source_line)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108]);
  });

  it('keeps storing correctly once a connection has prepared as many statement shapes as it may', () => {
    const db = workspace();
    const single = workspace();
    // Batches that each share a different set of columns: more shapes than one connection prepares.
    let line = 0;
    for (let shape = 0; shape < 70; shape++) {
      const rows = Array.from({ length: 10 }, (_, i): ResolvedResult => ({
        modelId: 1 + ((line + i) % 3),
        benchmarkId: 1 + (shape % 2),
        subtaskId: null,
        shots: shape & 1 ? i : 5,
        cot: shape & 2 ? i % 2 === 0 : null,
        passK: shape & 4 ? 1 + i : null,
        testTimeCompute: shape & 8 ? 1 + i : null,
        effort: shape & 16 ? `e${i}` : null,
        settingKey: `k${shape}-${line + i}`,
        score: 0.5,
        stderr: shape & 32 ? i / 100 : null,
        n: shape & 64 ? 1 + i : null,
        source: '',
        sourceKind: null,
        evaluatedOn: null,
        notes: null,
        importId: 2,
        sourceLine: line + i,
        sourcePlace: null,
        loggedBy: null,
      }));
      line += 10;
      const params = paramsOf(rows);
      expect(insertResultsSharingIfNew(db, 10, params, 0, '2026-01-02T03:04:05.678Z')).toBe(10);
      for (let i = 0; i < 10; i++) insertResultIfNew(single, params.slice(i * RESULT_INSERT_PARAMS, (i + 1) * RESULT_INSERT_PARAMS));
    }
    expect(stored(db)).toHaveLength(700);
    expect(stored(db)).toEqual(stored(single));
  });
});
