/**
 * The one write path for results, shared by grid edits, release logging and every importer: resolve names to
 * ids, build the natural key, then insert, update or leave unchanged. Callers wrap it in a transaction. A big
 * import writes through ImportWriter (importWriter.ts), which batches this path with exactly its outcomes.
 */
import type { z } from 'zod';
import type { RowIssue, UpsertSummary } from '../../common/api';
import { settingKey, type SourceKind } from '../../common/domain';
import type { BenchmarkInput, resultInput } from '../../common/schemas';
import { findBenchmarkId, findSubtaskId, upsertBenchmark, upsertSubtask } from '../db/repositories/benchmarks';
import { findModelId, upsertModel } from '../db/repositories/models';
import { findResultByKey, insertResult, updateResultValues, type ResolvedResult, type StoredValues } from '../db/repositories/results';
import type { Db } from '../db/open';

export type ResultArg = z.output<typeof resultInput>;

export interface WriteOptions {
  /** Create models, benchmarks and subtasks that do not exist yet (imports); otherwise such rows are rejected. */
  createMissing: boolean;
  /** Who logs the rows (provenance). */
  user: string | null;
  importId?: number | null;
  /** Fields of a benchmark the write creates (unit, floor, ceiling, direction, metric...), by its name (lower case); default a fraction benchmark. */
  newBenchmark?: (benchmarkName: string) => Omit<BenchmarkInput, 'name'> | undefined;
  /** Name → id caches kept for one import, so a million rows cost a million map lookups, not queries. */
  cache?: IdCache;
  /** Told about every model, benchmark or subtask the write creates (importers keep their name resolver current). */
  onCreated?: (kind: 'model' | 'benchmark' | 'subtask', id: number, name: string) => void;
  /** The setting-key memo of one import (rows repeat their setting in runs); without it each key is built. */
  settingKeys?: SettingKeys;
  /** Where in its file the row came from (JSON path, markdown cell), stored with the line. */
  sourcePlace?: string | null;
}

/** Lower-case name (and each spelling met) → id; subtasks keyed "benchmarkId/name". Only hits are cached (misses may be created next). */
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
  // The spelling as given first (an import repeats the same few name strings a million times), then its canonical
  // form (names are case-insensitive); both spellings are remembered.
  const exact = cache.get(key);
  if (exact !== undefined) return exact;
  const k = key.trim().toLowerCase();
  const hit = cache.get(k) ?? find();
  if (hit !== null) {
    cache.set(k, hit);
    if (cache.size < 100_000) cache.set(key, hit);
  }
  return hit;
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

/** Model, benchmark and subtask ids of a row, or the issues that say why they cannot be had. */
export type ResolvedIds = { modelId: number; benchmarkId: number; subtaskId: number | null; issues: null } | { issues: RowIssue[] };

/**
 * Resolve a row's model, benchmark and subtask to ids, creating them when `opts.createMissing` (imports); a name
 * that is unknown and may not be created is an issue naming its column.
 */
export function resolveIds(db: Db, row: ResultArg, line: number, opts: WriteOptions, created: Created): ResolvedIds {
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
      benchmarkId = upsertBenchmark(db, { unit: 'fraction', ...(opts.newBenchmark?.(row.benchmark.trim().toLowerCase()) ?? {}), name: row.benchmark.trim() });
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
  if (issues.length || modelId === null || benchmarkId === null) return { issues };
  return { modelId, benchmarkId, subtaskId, issues: null };
}

/** The row as it is written: ids, canonical setting key, provenance. */
export function toResolved(row: ResultArg, line: number, ids: { modelId: number; benchmarkId: number; subtaskId: number | null }, opts: WriteOptions): ResolvedResult {
  const setting = {
    shots: row.shots ?? null,
    cot: row.cot ?? null,
    passK: row.passK ?? null,
    testTimeCompute: row.testTimeCompute ?? null,
    effort: row.effort?.trim() ? row.effort.trim().toLowerCase() : null,
    run: row.run?.trim() || null,
  };
  return {
    modelId: ids.modelId,
    benchmarkId: ids.benchmarkId,
    subtaskId: ids.subtaskId,
    ...setting,
    settingKey: opts.settingKeys ? opts.settingKeys.key(setting) : settingKey(setting),
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
    ...(row.partial !== undefined ? { partial: row.partial?.trim() || null } : {}),
  };
}

type SettingFields = { shots: number | null; cot: boolean | null; passK: number | null; testTimeCompute: number | null; effort: string | null; run: string | null };

/**
 * The setting key of the previous row, reused while rows repeat its setting: an import's rows come in runs of one
 * setting, and building the key text for each of a million rows costs more than comparing six fields. One per
 * import (WriteOptions.settingKeys); a write without one builds the key each time.
 */
export class SettingKeys {
  private last: (SettingFields & { key: string }) | null = null;
  key(s: SettingFields): string {
    const l = this.last;
    if (l && s.shots === l.shots && s.cot === l.cot && s.passK === l.passK && s.testTimeCompute === l.testTimeCompute && s.effort === l.effort && s.run === l.run) return l.key;
    const key = settingKey(s);
    this.last = { ...s, key };
    return key;
  }
}

/**
 * The stored result with the same key exists: update it when the row changes a value, else leave it unchanged.
 * A field the row leaves empty keeps the stored value, so re-importing a poorer file never erases detail. The
 * partial mark is the exception: a row that says it (a tool's file: null when the run was complete) replaces it,
 * and only a row that does not say (undefined: a file without a partial column, a grid edit) keeps it.
 */
export function mergeInto(db: Db, resolved: ResolvedResult, existing: StoredValues): RowOutcome {
  const merged = {
    ...resolved,
    stderr: resolved.stderr ?? existing.stderr,
    n: resolved.n ?? existing.n,
    sourceKind: resolved.sourceKind ?? existing.sourceKind,
    evaluatedOn: resolved.evaluatedOn ?? existing.evaluatedOn,
    notes: resolved.notes ?? existing.notes,
    partial: resolved.partial === undefined ? existing.partial : resolved.partial,
  };
  const changes: string[] = [];
  for (const f of ['score', 'stderr', 'n', 'sourceKind', 'evaluatedOn', 'notes', 'partial'] as const) {
    if (merged[f] !== existing[f]) changes.push(`${f}: ${fmt(existing[f])} → ${fmt(merged[f])}`);
  }
  if (!changes.length) return { action: 'unchanged', id: existing.id, issues: [], changes };
  updateResultValues(db, existing.id, merged);
  return { action: 'update', id: existing.id, issues: [], changes };
}

/**
 * Write one validated result row. Returns what happened; a row whose model, benchmark or subtask is unknown
 * (and may not be created) is rejected with an issue naming that column.
 * `line` is the row's place in its file or batch, used in issues.
 */
export function writeResult(db: Db, row: ResultArg, line: number, opts: WriteOptions, created: Created): RowOutcome {
  const ids = resolveIds(db, row, line, opts, created);
  if (ids.issues) return { action: 'reject', id: null, issues: ids.issues, changes: [] };
  const resolved = toResolved(row, line, ids, opts);
  const existing = findResultByKey(db, resolved);
  if (!existing) {
    return { action: 'add', id: insertResult(db, resolved), issues: [], changes: [] };
  }
  return mergeInto(db, resolved, existing);
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
