import type { z } from 'zod';
import { ApiError } from '../../../common/errors';
import type { Benchmark, BenchmarkUnit, Subtask } from '../../../common/domain';
import type { benchmarkInput, subtaskInput } from '../../../common/schemas';
import type { Db } from '../open';
import { keep, nowIso, stmt } from '../statements';

export type BenchmarkArg = z.output<typeof benchmarkInput>;
export type SubtaskArg = z.output<typeof subtaskInput>;

interface BenchmarkRow {
  id: number;
  name: string;
  version: string | null;
  category: string | null;
  metric: string;
  unit: BenchmarkUnit;
  higher_is_better: number;
  floor: number;
  ceiling: number;
  bounded: number;
  ceiling_reason: string | null;
  human_baseline: number | null;
  release_date: string | null;
  item_count: number | null;
  description: string | null;
  aliases: string | null;
  result_count: number;
}

interface SubtaskRow {
  id: number;
  benchmark_id: number;
  name: string;
  weight: number | null;
  item_count: number | null;
  floor: number | null;
}

const SELECT_BENCHMARKS = `
  SELECT b.*, (SELECT json_group_array(alias) FROM (SELECT alias FROM benchmark_aliases a WHERE a.benchmark_id = b.id ORDER BY alias)) AS aliases,
         (SELECT count(*) FROM results r WHERE r.benchmark_id = b.id) AS result_count
    FROM benchmarks b`;

function toSubtask(r: SubtaskRow): Subtask {
  return { id: r.id, benchmarkId: r.benchmark_id, name: r.name, weight: r.weight, itemCount: r.item_count, floor: r.floor };
}

function toBenchmark(r: BenchmarkRow, subtasks: Subtask[]): Benchmark {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    category: r.category,
    metric: r.metric,
    unit: r.unit,
    higherIsBetter: r.higher_is_better === 1,
    floor: r.floor,
    ceiling: r.ceiling,
    bounded: r.bounded === 1,
    ceilingReason: r.ceiling_reason,
    humanBaseline: r.human_baseline,
    releaseDate: r.release_date,
    itemCount: r.item_count,
    description: r.description,
    aliases: r.aliases ? (JSON.parse(r.aliases) as string[]) : [],
    subtasks,
    resultCount: r.result_count,
  };
}

export function listBenchmarks(db: Db): Benchmark[] {
  const subtasks = (stmt(db, 'SELECT * FROM subtasks ORDER BY benchmark_id, name').all() as SubtaskRow[]).map(toSubtask);
  const byBenchmark = new Map<number, Subtask[]>();
  for (const st of subtasks) {
    const list = byBenchmark.get(st.benchmarkId) ?? [];
    list.push(st);
    byBenchmark.set(st.benchmarkId, list);
  }
  return (stmt(db, `${SELECT_BENCHMARKS} ORDER BY b.name`).all() as BenchmarkRow[]).map((r) => toBenchmark(r, byBenchmark.get(r.id) ?? []));
}

export function getBenchmark(db: Db, id: number): Benchmark {
  const row = stmt(db, `${SELECT_BENCHMARKS} WHERE b.id = ?`).get(id) as BenchmarkRow | undefined;
  if (!row) throw new ApiError('not-found', `No benchmark with id ${id}.`, { issues: [{ path: 'id', message: 'no such benchmark' }] });
  const subtasks = (stmt(db, 'SELECT * FROM subtasks WHERE benchmark_id = ? ORDER BY name').all(id) as SubtaskRow[]).map(toSubtask);
  return toBenchmark(row, subtasks);
}

/** The benchmark whose name or alias is `name` (case-insensitive, surrounding spaces ignored); null if none. */
export function findBenchmarkId(db: Db, name: string): number | null {
  const n = name.trim();
  const row = (stmt(db, 'SELECT id FROM benchmarks WHERE name = ?').get(n) ??
    stmt(db, 'SELECT benchmark_id AS id FROM benchmark_aliases WHERE alias = ?').get(n)) as { id: number } | undefined;
  return row ? row.id : null;
}

/** Default ceiling for a unit when none is given: 1 for fractions, 100 for percents and points. */
export function defaultCeiling(unit: BenchmarkUnit): number {
  return unit === 'fraction' ? 1 : 100;
}

/**
 * Insert or update a benchmark (by id, else by name or alias). Undefined fields keep stored values; a new benchmark
 * gets the defaults: accuracy, fraction, higher is better, floor 0, ceiling 1 (100 for percent), bounded. An
 * unbounded benchmark (bounded: false) without a ceiling stores floor + 1 there, a placeholder no analysis reads.
 */
export function upsertBenchmark(db: Db, input: BenchmarkArg): number {
  if (input.id !== undefined && !stmt(db, 'SELECT 1 FROM benchmarks WHERE id = ?').get(input.id)) {
    throw new ApiError('not-found', `No benchmark with id ${input.id}.`, { issues: [{ path: 'id', message: 'no such benchmark' }] });
  }
  let id = input.id ?? findBenchmarkId(db, input.name);
  const clash = findBenchmarkId(db, input.name);
  if (clash !== null && id !== null && clash !== id) {
    throw new ApiError('conflict', `Another benchmark is already called "${input.name}".`, {
      issues: [{ path: 'name', message: 'is already used by another benchmark' }],
    });
  }
  const hib = input.higherIsBetter === undefined ? undefined : input.higherIsBetter ? 1 : 0;
  if (id === null) {
    const unit = input.unit ?? 'fraction';
    id = Number(
      stmt(
        db,
        `INSERT INTO benchmarks (name, version, category, metric, unit, higher_is_better, floor, ceiling, bounded, ceiling_reason,
                                 human_baseline, release_date, item_count, description)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.name,
        input.version ?? null,
        input.category ?? null,
        input.metric ?? 'accuracy',
        unit,
        hib ?? 1,
        input.floor ?? 0,
        input.ceiling ?? (input.bounded === false ? (input.floor ?? 0) + 1 : defaultCeiling(unit)),
        input.bounded === false ? 0 : 1,
        input.ceilingReason ?? null,
        input.humanBaseline ?? null,
        input.releaseDate ?? null,
        input.itemCount ?? null,
        input.description ?? null,
      ).lastInsertRowid,
    );
  } else {
    stmt(
      db,
      `UPDATE benchmarks SET name = ?,
         version = CASE WHEN ? THEN version ELSE ? END,
         category = CASE WHEN ? THEN category ELSE ? END,
         metric = CASE WHEN ? THEN metric ELSE ? END,
         unit = CASE WHEN ? THEN unit ELSE ? END,
         higher_is_better = CASE WHEN ? THEN higher_is_better ELSE ? END,
         floor = CASE WHEN ? THEN floor ELSE ? END,
         ceiling = CASE WHEN ? THEN ceiling ELSE ? END,
         bounded = CASE WHEN ? THEN bounded ELSE ? END,
         ceiling_reason = CASE WHEN ? THEN ceiling_reason ELSE ? END,
         human_baseline = CASE WHEN ? THEN human_baseline ELSE ? END,
         release_date = CASE WHEN ? THEN release_date ELSE ? END,
         item_count = CASE WHEN ? THEN item_count ELSE ? END,
         description = CASE WHEN ? THEN description ELSE ? END,
         updated_at = ?
       WHERE id = ?`,
    ).run(
      input.name,
      keep(input.version), input.version ?? null,
      keep(input.category), input.category ?? null,
      keep(input.metric), input.metric ?? 'accuracy',
      keep(input.unit), input.unit ?? 'fraction',
      keep(hib), hib ?? 1,
      keep(input.floor), input.floor ?? 0,
      keep(input.ceiling), input.ceiling ?? 1,
      keep(input.bounded), input.bounded === false ? 0 : 1,
      keep(input.ceilingReason), input.ceilingReason ?? null,
      keep(input.humanBaseline), input.humanBaseline ?? null,
      keep(input.releaseDate), input.releaseDate ?? null,
      keep(input.itemCount), input.itemCount ?? null,
      keep(input.description), input.description ?? null,
      nowIso(),
      id,
    );
  }
  if (input.aliases !== undefined) {
    stmt(db, 'DELETE FROM benchmark_aliases WHERE benchmark_id = ?').run(id);
    input.aliases.forEach((alias, i) => {
      const owner = findBenchmarkId(db, alias);
      if (owner !== null && owner !== id) {
        throw new ApiError('conflict', `The alias "${alias}" already names another benchmark.`, {
          issues: [{ path: `aliases.${i}`, message: 'already names another benchmark' }],
        });
      }
      if (owner === null) stmt(db, 'INSERT OR IGNORE INTO benchmark_aliases (alias, benchmark_id) VALUES (?, ?)').run(alias.trim(), id);
    });
  }
  return id;
}

export function deleteBenchmark(db: Db, id: number): { deleted: number; results: number } {
  const results = (stmt(db, 'SELECT count(*) AS c FROM results WHERE benchmark_id = ?').get(id) as { c: number }).c;
  const deleted = stmt(db, 'DELETE FROM benchmarks WHERE id = ?').run(id).changes;
  if (!deleted) throw new ApiError('not-found', `No benchmark with id ${id}.`);
  return { deleted, results };
}

export function findSubtaskId(db: Db, benchmarkId: number, name: string): number | null {
  const row = stmt(db, 'SELECT id FROM subtasks WHERE benchmark_id = ? AND name = ?').get(benchmarkId, name.trim()) as { id: number } | undefined;
  return row ? row.id : null;
}

export function getSubtask(db: Db, id: number): Subtask {
  const row = stmt(db, 'SELECT * FROM subtasks WHERE id = ?').get(id) as SubtaskRow | undefined;
  if (!row) throw new ApiError('not-found', `No subtask with id ${id}.`);
  return toSubtask(row);
}

/** Insert or update a subtask of a benchmark (by id, else by benchmark and name). Returns its id. */
export function upsertSubtask(db: Db, input: SubtaskArg): number {
  if (!stmt(db, 'SELECT 1 FROM benchmarks WHERE id = ?').get(input.benchmarkId)) {
    throw new ApiError('not-found', `No benchmark with id ${input.benchmarkId}.`, {
      issues: [{ path: 'benchmarkId', message: 'no such benchmark' }],
    });
  }
  const id = input.id ?? findSubtaskId(db, input.benchmarkId, input.name);
  const clash = findSubtaskId(db, input.benchmarkId, input.name);
  if (clash !== null && id !== null && clash !== id) {
    throw new ApiError('conflict', `This benchmark already has a subtask called "${input.name}".`, {
      issues: [{ path: 'name', message: 'is already used by another subtask of this benchmark' }],
    });
  }
  if (id === null) {
    return Number(
      stmt(db, 'INSERT INTO subtasks (benchmark_id, name, weight, item_count, floor) VALUES (?, ?, ?, ?, ?)').run(
        input.benchmarkId,
        input.name,
        input.weight ?? null,
        input.itemCount ?? null,
        input.floor ?? null,
      ).lastInsertRowid,
    );
  }
  const changed = stmt(
    db,
    `UPDATE subtasks SET name = ?, weight = CASE WHEN ? THEN weight ELSE ? END,
       item_count = CASE WHEN ? THEN item_count ELSE ? END, floor = CASE WHEN ? THEN floor ELSE ? END
     WHERE id = ? AND benchmark_id = ?`,
  ).run(
    input.name,
    keep(input.weight), input.weight ?? null,
    keep(input.itemCount), input.itemCount ?? null,
    keep(input.floor), input.floor ?? null,
    id,
    input.benchmarkId,
  ).changes;
  if (!changed) throw new ApiError('not-found', `No subtask with id ${id} in benchmark ${input.benchmarkId}.`);
  return id;
}

export function deleteSubtask(db: Db, id: number): { deleted: number; results: number } {
  const results = (stmt(db, 'SELECT count(*) AS c FROM results WHERE subtask_id = ?').get(id) as { c: number }).c;
  const deleted = stmt(db, 'DELETE FROM subtasks WHERE id = ?').run(id).changes;
  if (!deleted) throw new ApiError('not-found', `No subtask with id ${id}.`);
  return { deleted, results };
}
