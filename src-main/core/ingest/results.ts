/**
 * The one write path for results, shared by grid edits, release logging and every importer: resolve names to
 * ids, build the natural key, then insert, update or leave unchanged. Callers wrap it in a transaction.
 */
import type { z } from 'zod';
import type { RowIssue, UpsertSummary } from '../../common/api';
import { settingKey, type SourceKind } from '../../common/domain';
import type { resultInput } from '../../common/schemas';
import { findBenchmarkId, findSubtaskId, upsertBenchmark, upsertSubtask } from '../db/repositories/benchmarks';
import { findModelId, upsertModel } from '../db/repositories/models';
import { findResultByKey, insertResult, updateResultValues, type ResolvedResult } from '../db/repositories/results';
import type { Db } from '../db/open';

export type ResultArg = z.output<typeof resultInput>;

export interface WriteOptions {
  /** Create models, benchmarks and subtasks that do not exist yet (imports); otherwise such rows are rejected. */
  createMissing: boolean;
  /** Who logs the rows (provenance). */
  user: string | null;
  importId?: number | null;
  /** Unit for a benchmark the write creates, by benchmark name (lower case); default fraction. */
  newBenchmarkUnit?: (benchmarkName: string) => 'fraction' | 'percent' | 'points';
  /** More traits for a benchmark the write creates (direction, metric), by benchmark name (lower case). */
  newBenchmarkTraits?: (benchmarkName: string) => { higherIsBetter?: boolean; metric?: string } | undefined;
  /** Name → id caches kept for one import, so a million rows cost a million map lookups, not queries. */
  cache?: IdCache;
  /** Told about every model, benchmark or subtask the write creates (importers keep their name resolver current). */
  onCreated?: (kind: 'model' | 'benchmark' | 'subtask', id: number, name: string) => void;
  /** Where in its file the row came from (JSON path, markdown cell), stored with the line. */
  sourcePlace?: string | null;
}

/** Lower-case name → id; subtasks keyed "benchmarkId/name". Only hits are cached (misses may be created next). */
export interface IdCache {
  models: Map<string, number>;
  benchmarks: Map<string, number>;
  subtasks: Map<string, number>;
}

export function emptyIdCache(): IdCache {
  return { models: new Map(), benchmarks: new Map(), subtasks: new Map() };
}

function cached(cache: Map<string, number> | undefined, key: string, find: () => number | null): number | null {
  if (!cache) return find();
  const k = key.trim().toLowerCase();
  const hit = cache.get(k);
  if (hit !== undefined) return hit;
  const id = find();
  if (id !== null) cache.set(k, id);
  return id;
}

export interface RowOutcome {
  action: 'add' | 'update' | 'unchanged' | 'reject';
  id: number | null;
  issues: RowIssue[];
  changes: string[];
}

export interface Created {
  organizations: string[];
  models: string[];
  benchmarks: string[];
  subtasks: string[];
}

export function emptyCreated(): Created {
  return { organizations: [], models: [], benchmarks: [], subtasks: [] };
}

function fmt(v: unknown): string {
  return v === null || v === undefined ? '∅' : String(v);
}

/**
 * Write one validated result row. Returns what happened; a row whose model, benchmark or subtask is unknown
 * (and may not be created) is rejected with an issue naming that column.
 * `line` is the row's place in its file or batch, used in issues.
 */
export function writeResult(db: Db, row: ResultArg, line: number, opts: WriteOptions, created: Created): RowOutcome {
  const issues: RowIssue[] = [];
  let modelId = cached(opts.cache?.models, row.model, () => findModelId(db, row.model));
  if (modelId === null) {
    if (opts.createMissing) {
      modelId = upsertModel(db, { name: row.model.trim() });
      created.models.push(row.model.trim());
      opts.cache?.models.set(row.model.trim().toLowerCase(), modelId);
      opts.onCreated?.('model', modelId, row.model.trim());
    } else {
      issues.push({ line, column: 'model', reason: `unknown model "${row.model}": add it first or log it as a new release`, value: row.model });
    }
  }
  let benchmarkId = cached(opts.cache?.benchmarks, row.benchmark, () => findBenchmarkId(db, row.benchmark));
  if (benchmarkId === null) {
    if (opts.createMissing) {
      const unit = opts.newBenchmarkUnit?.(row.benchmark.trim().toLowerCase()) ?? 'fraction';
      benchmarkId = upsertBenchmark(db, { name: row.benchmark.trim(), unit, ...(opts.newBenchmarkTraits?.(row.benchmark.trim().toLowerCase()) ?? {}) });
      created.benchmarks.push(row.benchmark.trim());
      opts.cache?.benchmarks.set(row.benchmark.trim().toLowerCase(), benchmarkId);
      opts.onCreated?.('benchmark', benchmarkId, row.benchmark.trim());
    } else {
      issues.push({ line, column: 'benchmark', reason: `unknown benchmark "${row.benchmark}": add it on the Benchmarks page first`, value: row.benchmark });
    }
  }
  let subtaskId: number | null = null;
  const subtaskName = row.subtask?.trim() || null;
  if (benchmarkId !== null && subtaskName !== null) {
    const bId = benchmarkId;
    subtaskId = cached(opts.cache?.subtasks, `${bId}/${subtaskName}`, () => findSubtaskId(db, bId, subtaskName));
    if (subtaskId === null) {
      if (opts.createMissing) {
        subtaskId = upsertSubtask(db, { benchmarkId, name: subtaskName });
        opts.cache?.subtasks.set(`${bId}/${subtaskName.toLowerCase()}`, subtaskId);
        opts.onCreated?.('subtask', subtaskId, subtaskName);
        created.subtasks.push(`${row.benchmark.trim()} / ${subtaskName}`);
      } else {
        issues.push({ line, column: 'subtask', reason: `benchmark "${row.benchmark}" has no subtask "${subtaskName}"`, value: subtaskName });
      }
    }
  }
  if (issues.length || modelId === null || benchmarkId === null) return { action: 'reject', id: null, issues, changes: [] };

  const setting = {
    shots: row.shots ?? null,
    cot: row.cot ?? null,
    passK: row.passK ?? null,
    testTimeCompute: row.testTimeCompute ?? null,
    effort: row.effort?.trim() ? row.effort.trim().toLowerCase() : null,
  };
  const resolved: ResolvedResult = {
    modelId,
    benchmarkId,
    subtaskId,
    ...setting,
    settingKey: settingKey(setting),
    score: row.score,
    stderr: row.stderr ?? null,
    n: row.n ?? null,
    source: row.source ?? '',
    sourceKind: (row.sourceKind ?? null) as SourceKind | null,
    evaluatedOn: row.evaluatedOn ?? null,
    notes: row.notes ?? null,
    importId: opts.importId ?? null,
    sourceLine: opts.importId ? line : null,
    sourcePlace: opts.importId ? (opts.sourcePlace ?? null) : null,
    loggedBy: opts.user,
  };
  const existing = findResultByKey(db, resolved);
  if (!existing) {
    return { action: 'add', id: insertResult(db, resolved), issues: [], changes: [] };
  }
  // A field the row leaves empty keeps the stored value, so re-importing a poorer file never erases detail.
  const merged = {
    ...resolved,
    stderr: resolved.stderr ?? existing.stderr,
    n: resolved.n ?? existing.n,
    sourceKind: resolved.sourceKind ?? existing.sourceKind,
    evaluatedOn: resolved.evaluatedOn ?? existing.evaluatedOn,
    notes: resolved.notes ?? existing.notes,
  };
  const changes: string[] = [];
  for (const f of ['score', 'stderr', 'n', 'sourceKind', 'evaluatedOn', 'notes'] as const) {
    if (merged[f] !== existing[f]) changes.push(`${f}: ${fmt(existing[f])} → ${fmt(merged[f])}`);
  }
  if (!changes.length) return { action: 'unchanged', id: existing.id, issues: [], changes };
  updateResultValues(db, existing.id, merged);
  return { action: 'update', id: existing.id, issues: [], changes };
}

/** Summarise outcomes of a batch. */
export function summarise(outcomes: RowOutcome[]): UpsertSummary {
  const s: UpsertSummary = { add: 0, update: 0, unchanged: 0, reject: 0, ids: [], rejected: [] };
  for (const o of outcomes) {
    s[o.action]++;
    if (o.id !== null) s.ids.push(o.id);
    s.rejected.push(...o.issues);
  }
  return s;
}
