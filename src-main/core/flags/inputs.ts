/**
 * The snapshot every check runs on: models, benchmarks with their subtasks, and results, read once from the
 * workspace. Rules are pure functions of this snapshot, so tests build one by hand without SQL.
 */
import type { BenchmarkUnit, Subtask } from '../../common/domain';
import type { Db } from '../db/open';
import type { ResolvedResult } from '../db/repositories/results';
import { stmt } from '../db/statements';

export interface InputModel {
  id: number;
  name: string;
  family: string | null;
  releaseDate: string | null;
  /** Parameter count and training compute (FLOP) when the workspace knows them (the size-surprise check reads them). */
  parameters?: number | null;
  trainingComputeFlop?: number | null;
}

/** A subtask as the rules see it: the domain's own shape. */
export type InputSubtask = Subtask;

export interface InputBenchmark {
  id: number;
  name: string;
  unit: BenchmarkUnit;
  floor: number;
  ceiling: number;
  higherIsBetter: boolean;
  releaseDate: string | null;
  itemCount: number | null;
  subtasks: InputSubtask[];
}

/** A stored result as the rules see it: its id and the fields it was written with. */
export type InputResult = { id: number } & Pick<
  ResolvedResult,
  | 'modelId'
  | 'benchmarkId'
  | 'subtaskId'
  | 'shots'
  | 'cot'
  | 'passK'
  | 'testTimeCompute'
  | 'effort'
  | 'settingKey'
  | 'score'
  | 'stderr'
  | 'n'
  | 'source'
  | 'sourceKind'
  | 'evaluatedOn'
> & {
    /** The run label of a replicate (a seed, a trial): replicates are one evaluation repeated, never conflicting reports. */
    run?: string | null;
    /** Why the result covers only part of its benchmark: such a result is checked for impossible values only. */
    partial?: string | null;
  };

export interface FlagInputs {
  models: InputModel[];
  benchmarks: InputBenchmark[];
  results: InputResult[];
  /** Results the analyst confirmed as bad: left out of the capability fit and the trends, still checked. */
  confirmedBad: number[];
  /** Today's date (YYYY-MM-DD), for "evaluated in the future"; fixed in tests. */
  today: string;
}

/** Read the whole workspace into a {@link FlagInputs} snapshot (one pass per table). */
export function loadFlagInputs(db: Db, today: string = new Date().toISOString().slice(0, 10)): FlagInputs {
  const models = (
    stmt(db, 'SELECT id, name, family, release_date AS releaseDate, parameters, training_compute_flop AS trainingComputeFlop FROM models ORDER BY id').all() as InputModel[]
  ).map((m) => ({ ...m }));
  const subtasks = stmt(
    db,
    'SELECT id, benchmark_id AS benchmarkId, name, weight, item_count AS itemCount, floor FROM subtasks ORDER BY benchmark_id, id',
  ).all() as InputSubtask[];
  const byBench = new Map<number, InputSubtask[]>();
  for (const s of subtasks) {
    const list = byBench.get(s.benchmarkId) ?? [];
    list.push(s);
    byBench.set(s.benchmarkId, list);
  }
  const benchmarks = (
    stmt(
      db,
      // The checks measure results against their benchmark's span (floor to ceiling): a benchmark without an upper
      // bound (migration 0007) has none, so it is left out until rules of its own exist.
      `SELECT id, name, unit, floor, ceiling, higher_is_better AS hib, release_date AS releaseDate, item_count AS itemCount
         FROM benchmarks WHERE bounded = 1 ORDER BY id`,
    ).all() as (Omit<InputBenchmark, 'higherIsBetter' | 'subtasks'> & { hib: number })[]
  ).map(({ hib, ...b }) => ({ ...b, higherIsBetter: hib === 1, subtasks: byBench.get(b.id) ?? [] }));
  const results = (
    stmt(
      db,
      `SELECT id, model_id AS modelId, benchmark_id AS benchmarkId, subtask_id AS subtaskId, shots, cot, pass_k AS passK,
              test_time_compute AS testTimeCompute, effort, setting_key AS settingKey, score, stderr, n, source,
              source_kind AS sourceKind, evaluated_on AS evaluatedOn, run, partial
         FROM results WHERE benchmark_id IN (SELECT id FROM benchmarks WHERE bounded = 1) ORDER BY id`,
    ).all() as (Omit<InputResult, 'cot'> & { cot: number | null })[]
  ).map((r) => ({ ...r, cot: r.cot === null ? null : r.cot === 1 }));
  return { models, benchmarks, results, confirmedBad: [...confirmedBadFromDb(db)], today };
}

/** Result ids of confirmed flags (the table may not exist in a database being migrated; then none). */
function confirmedBadFromDb(db: Db): Set<number> {
  const exists = stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'flags'").get();
  if (!exists) return new Set();
  const rows = stmt(
    db,
    "SELECT DISTINCT CAST(j.value AS INTEGER) AS id FROM flags f, json_each(f.bad_result_ids) j WHERE f.status = 'confirmed'",
  ).all() as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

/**
 * Ids of results the analyst confirmed as bad through a flag (status 'confirmed'): fits and trends leave them out.
 * Empty when no flag is confirmed.
 */
export function confirmedBadResultIds(db: Db): Set<number> {
  return confirmedBadFromDb(db);
}
