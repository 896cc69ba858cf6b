/**
 * The one write path for results, shared by grid edits, release logging and every importer: resolve names to
 * ids, build the natural key, then insert, update or leave unchanged. Callers wrap it in a transaction.
 */
import type { z } from 'zod';
import type { RowIssue, UpsertSummary } from '../../common/api';
import { settingKey, type SourceKind } from '../../common/domain';
import type { BenchmarkInput, resultInput } from '../../common/schemas';
import { findBenchmarkId, findSubtaskId, upsertBenchmark, upsertSubtask } from '../db/repositories/benchmarks';
import { findModelId, upsertModel } from '../db/repositories/models';
import {
  findResultByKey,
  findResultByKeyWithOrigin,
  insertResult,
  insertResultIfNew,
  insertResultsSharingIfNew,
  pushInsertParams,
  RESULT_INSERT_PARAMS,
  resultCheckFailure,
  updateResultValues,
  type ResolvedResult,
  type StoredValues,
} from '../db/repositories/results';
import { nowIso, stmt } from '../db/statements';
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
    settingKey: lastSettingKey(setting),
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

/** The setting key of the previous row, reused while rows repeat its setting (an import's rows come in runs). */
type SettingFields = { shots: number | null; cot: boolean | null; passK: number | null; testTimeCompute: number | null; effort: string | null; run: string | null };
const lastSetting: SettingFields & { key: string } = {
  shots: null,
  cot: null,
  passK: null,
  testTimeCompute: null,
  effort: null,
  run: null,
  key: '',
};

function lastSettingKey(s: SettingFields): string {
  const l = lastSetting;
  if (s.shots === l.shots && s.cot === l.cot && s.passK === l.passK && s.testTimeCompute === l.testTimeCompute && s.effort === l.effort && s.run === l.run) return l.key;
  l.shots = s.shots;
  l.cot = s.cot;
  l.passK = s.passK;
  l.testTimeCompute = s.testTimeCompute;
  l.effort = s.effort;
  l.run = s.run;
  l.key = settingKey(s);
  return l.key;
}

/**
 * The stored result with the same key exists: update it when the row changes a value, else leave it unchanged.
 * A field the row leaves empty keeps the stored value, so re-importing a poorer file never erases detail. The
 * partial mark is the exception: a row that says it (a tool's file: null when the run was complete) replaces it,
 * and only a row that does not say (undefined: a file without a partial column, a grid edit) keeps it.
 */
function mergeInto(db: Db, resolved: ResolvedResult, existing: StoredValues): RowOutcome {
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

/** What became of one row an ImportWriter wrote, and (for a row that met a result of the same key) who wrote that. */
export interface WrittenRow extends RowOutcome {
  /** The stored result this row met was written by this same import, at this line (a file repeating a result). */
  repeatsLine: number | null;
  /** The run label this row was stored under as a replicate of the row at repeatsLine (ImportWriter.keepReplicates). */
  replicate?: string;
}

const BATCH = 100;

/**
 * Rows from which an import rebuilds the results indexes instead of updating them row by row (measured by
 * bench/import.ts; docs/formats.md, "Import speed").
 */
export const BULK_MIN_ROWS = 50_000;
const NATURAL_KEY = 'results_natural_key';
/** The non-unique indexes of results rebuilt by a big import. Not results_by_import: a new import's rows all carry the newest import id, so that index only grows at its end (as cheap to keep as to rebuild: docs/formats.md, "Import speed"), and rebuilding it would re-sort every stored row. */
const SECONDARY_INDEXES = ['results_by_benchmark'];
/**
 * The insert trigger of results records only rows without an import (migration 0005), yet SQLite runs its program
 * for every inserted row to test that (its share of a bare insert: bench/import.ts; docs/formats.md, "Import
 * speed"). A big import whose rows all carry its import id
 * drops it too, and builds it again before the first row without one.
 */
const INSERT_TRIGGER = 'results_history_insert';
const DROP_DDL: Record<string, string> = {
  results_by_benchmark: 'DROP INDEX results_by_benchmark',
  results_natural_key: 'DROP INDEX results_natural_key',
  results_history_insert: 'DROP TRIGGER results_history_insert',
};

/**
 * The write path of one big import, row by row in file order with exactly writeResult's outcomes (add, update,
 * unchanged), but cheaper:
 * - new rows are inserted 100 to a statement with `INSERT ... ON CONFLICT DO NOTHING`, with no
 *   per-row lookup of the natural key first. When all 100 were inserted (the usual case: an import into series that
 *   do not hold these keys yet) that is the whole story, and exactly what row-by-row writing would have done;
 * - when any key was taken (a re-import, or a file repeating a result), the batch is replayed row by row in order:
 *   the first row of each key the statement inserted was added, every other row is compared with the stored result
 *   and updated or left unchanged, exactly as writing row by row would have done. The next 1,000 rows are then
 *   written one by one as writeResult does (look the key up; insert, or compare and update) before batches are
 *   tried again. (No savepoint: rolling a batch back would need SQLite to copy every page it touches first.)
 * - a big import (`expectedRows` at least BULK_MIN_ROWS, and at least twice as many as results already holds, so
 *   that neither a re-import of the same file nor a small addition to a big workspace pays for re-sorting what is
 *   stored) drops the secondary indexes of results before its first batch and builds them again, sorted, when it is
 *   flushed at the end: one sort instead of a million scattered index inserts. Into an empty results table it drops the natural key too
 *   and remembers each written key in memory instead; the first row whose key may repeat one (or ids or settings
 *   too many to remember) builds the natural key back before it is written, and every later row takes the usual
 *   path. Rows written while the key was away have distinct keys, so building it cannot fail. The DDL is part of the
 *   caller's transaction: a rollback (preview, cancel, error, crash) puts every index back as it was.
 * Outcomes arrive through `done`, in the order rows were given (a batch reports when it is written: call flush()
 * at the end, which also builds any dropped index). `token` is the caller's per-row context, handed back with the outcome.
 */
export class ImportWriter<T> {
  private readonly params: unknown[] = [];
  private readonly pending: { resolved: ResolvedResult | null; token: T }[] = [];
  private rowsInBatch = 0;
  /** After a batch meets stored keys, write row by row for a while (a re-import meets them on every row). */
  private slowRows = 0;
  private readonly firstNewId: number;

  constructor(
    private readonly db: Db,
    private readonly importId: number,
    /** Batch inserts (false: every row on its own, e.g. when each new row's id is wanted). */
    private readonly batch: boolean,
    private readonly done: (outcome: WrittenRow | null, token: T) => void,
    /** How many rows the caller will write (a file's row count); a big import rebuilds indexes rather than updating them. */
    expectedRows = 0,
    bulkMinRows = BULK_MIN_ROWS,
  ) {
    const max = stmt(db, 'SELECT max(id) AS m FROM results').get() as { m: number | null };
    this.firstNewId = (max.m ?? 0) + 1;
    // A big import runs with foreign keys off and CHECKs ignored (importers/tables.ts, withImportPragmas); the
    // writer then checks what SQLite would have checked on each row itself (see verifyParents, resultCheckFailure).
    if (db.pragma('foreign_keys', { simple: true }) === 0) this.parents = new ParentIds();
    this.checkRows = db.pragma('ignore_check_constraints', { simple: true }) === 1;
    if (expectedRows >= bulkMinRows) {
      // Results already stored, counted only as far as the rule needs (a count of a big table costs a scan).
      const stored = (stmt(db, 'SELECT count(*) AS c FROM (SELECT 1 FROM results LIMIT ?)').get(Math.floor(expectedRows / 2) + 1) as { c: number }).c;
      if (stored * 2 <= expectedRows) this.bulk = { keyDropped: batch && stored === 0, dropped: null };
    }
  }

  /** With foreign keys off: the model, benchmark, subtask and import ids of every row written, checked at flush. */
  private readonly parents: ParentIds | null = null;
  /** With CHECKs ignored: check each row against results' CHECK constraints here. */
  private readonly checkRows: boolean;

  /** Big-import state: the indexes dropped (null until the first batch), and whether the natural key is among them. */
  private bulk: { keyDropped: boolean; dropped: { name: string; sql: string }[] | null } | null = null;
  /** While the natural key is dropped: the keys written (see KeySet). */
  private keys = new KeySet();

  /** Drop the indexes (and the insert trigger) a big import rebuilds (called before its first insert). */
  private dropIndexes(): void {
    const bulk = this.bulk!;
    const names = [...SECONDARY_INDEXES, ...(bulk.keyDropped ? [NATURAL_KEY] : []), INSERT_TRIGGER];
    const defs = stmt(this.db, "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'results' AND sql IS NOT NULL").all() as {
      name: string;
      sql: string;
    }[];
    bulk.dropped = [];
    for (const name of names) {
      const def = defs.find((d) => d.name === name);
      if (!def) continue;
      this.db.exec(DROP_DDL[name]!);
      bulk.dropped.push(def);
    }
    if (bulk.keyDropped && !bulk.dropped.some((d) => d.name === NATURAL_KEY)) bulk.keyDropped = false;
  }

  /** Build the insert trigger again before a row without an import id is written (it would record that row). */
  private restoreTrigger(): void {
    const def = this.bulk?.dropped?.find((d) => d.name === INSERT_TRIGGER);
    if (!def) return;
    this.flushBatch();
    this.build(def);
    this.bulk!.dropped = this.bulk!.dropped!.filter((d) => d !== def);
  }

  /** Build the dropped natural key again (now, or at the end), after which rows take the usual path. */
  private restoreKey(): void {
    const bulk = this.bulk!;
    if (!bulk.keyDropped) return;
    this.flushBatch();
    bulk.keyDropped = false;
    this.keys = new KeySet();
    const def = bulk.dropped?.find((d) => d.name === NATURAL_KEY);
    if (def) {
      this.build(def);
      bulk.dropped = bulk.dropped!.filter((d) => d !== def);
    }
  }

  /** Build a dropped index or trigger again from the definition SQLite kept for it (the migration's own text). */
  private build(def: { name: string; sql: string }): void {
    this.db.exec(def.sql);
  }

  /** With the natural key dropped: is this row's key new (remembered now)? False when it may repeat one, or cannot be remembered. */
  private newKey(r: ResolvedResult): boolean {
    return this.keys.add(r.modelId, r.benchmarkId, r.subtaskId ?? 0, r.settingKey, r.source);
  }

  /** Write a row (or, with null, pass a token through in order: a rejected row's report). */
  write(resolved: ResolvedResult | null, token: T): void {
    if (resolved !== null) {
      if (this.checkRows) {
        const bad = resultCheckFailure(resolved);
        if (bad !== null) throw new Error(`CHECK constraint failed: results.${bad} (line ${resolved.sourceLine ?? '?'})`);
      }
      this.parents?.note(resolved);
    }
    if (resolved !== null && resolved.importId === null && this.bulk?.dropped) this.restoreTrigger();
    const prior = resolved !== null ? this.prior?.take(resolved) : undefined;
    if (prior !== undefined) {
      // The stored result of this row's key, found beside the earlier import's rows: no lookup, no insert to try.
      this.flushBatch();
      this.done(this.merge(resolved!, prior), token);
      return;
    }
    if (!this.batch || (this.slowRows > 0 && this.pending.length === 0)) {
      if (resolved !== null && this.slowRows > 0) this.slowRows--;
      this.done(resolved === null ? null : this.writeOne(resolved), token);
      return;
    }
    if (resolved !== null && this.bulk?.keyDropped && !this.newKey(resolved)) this.restoreKey();
    this.pending.push({ resolved, token });
    if (resolved !== null) {
      pushInsertParams(this.params, resolved);
      if (++this.rowsInBatch === BATCH) this.flushBatch();
    }
  }

  /** Write what is pending and report it, and build every index a big import dropped. Call it at the end. */
  flush(): void {
    this.flushBatch();
    this.parents?.verify(this.db);
    if (!this.bulk?.dropped) return;
    this.restoreKey();
    for (const d of this.bulk.dropped) this.build(d);
    this.bulk = null;
  }

  /** Write what is pending and report it. */
  private flushBatch(): void {
    if (this.pending.length === 0) return;
    const pending = this.pending.splice(0);
    const params = this.params.splice(0);
    const rows = this.rowsInBatch;
    this.rowsInBatch = 0;
    let inserted = 0;
    // Results inserted by this flush get ids above every stored one.
    let maxBefore = 0;
    if (rows > 0) {
      if (this.bulk && !this.bulk.dropped) this.dropIndexes();
      maxBefore = (stmt(this.db, 'SELECT ifnull(max(id), 0) AS m FROM results').get() as { m: number }).m;
      let at = 0;
      let left = rows;
      const loggedAt = nowIso();
      for (const size of [100, 10] as const) {
        while (left >= size) {
          inserted += insertResultsSharingIfNew(this.db, size, params, at, loggedAt);
          at += size * RESULT_INSERT_PARAMS;
          left -= size;
        }
      }
      for (; left > 0; left--, at += RESULT_INSERT_PARAMS) inserted += insertResultIfNew(this.db, params.slice(at, at + RESULT_INSERT_PARAMS));
    }
    if (inserted === rows) {
      for (const p of pending) this.done(p.resolved === null ? null : ADDED, p.token);
      return;
    }
    // Some keys were taken. Replay the batch in order as writeResult would have written it row by row: a row whose
    // key this flush inserted (an id above maxBefore) and that is the first of the batch with that key was added;
    // any other row meets a stored result, its own or a repeat's, and is compared with it and updated or left.
    this.slowRows = 10 * BATCH;
    const claimed = new Set<number>();
    for (const p of pending) {
      if (p.resolved === null) {
        this.done(null, p.token);
        continue;
      }
      const existing = findResultByKeyWithOrigin(this.db, p.resolved)!;
      if (existing.id > maxBefore && !claimed.has(existing.id)) {
        claimed.add(existing.id);
        this.done(ADDED, p.token);
      } else this.done(this.merge(p.resolved, existing), p.token);
    }
  }

  /** One row on its own: look its key up (a re-import finds it on every row), insert it when it is new. */
  private writeOne(resolved: ResolvedResult): WrittenRow {
    const existing = findResultByKeyWithOrigin(this.db, resolved);
    if (!existing) return { action: 'add', id: insertResult(this.db, resolved), issues: [], changes: [], repeatsLine: null };
    return this.merge(resolved, existing);
  }

  /**
   * A row that repeats the key of an earlier row of this same import with another score, stderr or n (a second seed,
   * a model listed twice) is kept as a replicate, labelled "run 2", "run 3"... in file order, instead of replacing
   * the earlier one. False: the later row replaces it, as any update does.
   */
  keepReplicates = false;
  /** Runs met per key (without run), for the next replicate's label. */
  private readonly runs = new Map<string, number>();
  /** Stored results of earlier imports this import's rows met, with the line that met them (a re-import repeats too). */
  private readonly met = new Map<number, number>();

  private merge(resolved: ResolvedResult, existing: StoredValues & { importId: number | null; sourceLine: number | null }): WrittenRow {
    const repeatsLine = existing.importId === this.importId && existing.id >= this.firstNewId ? existing.sourceLine : (this.met.get(existing.id) ?? null);
    if (repeatsLine === null) this.met.set(existing.id, resolved.sourceLine ?? 0);
    if (repeatsLine !== null && this.keepReplicates && !resolved.run && (resolved.score !== existing.score || (resolved.stderr ?? existing.stderr) !== existing.stderr || (resolved.n ?? existing.n) !== existing.n)) {
      return this.asReplicate(resolved, repeatsLine);
    }
    const outcome = mergeInto(this.db, resolved, existing);
    if (outcome.action === 'update') this.prior?.changed(existing.id);
    return { ...outcome, repeatsLine };
  }

  /** Store `resolved` as the next run of its key (see keepReplicates); a re-import meets its own earlier run there. */
  private asReplicate(resolved: ResolvedResult, repeatsLine: number): WrittenRow {
    const base = `${resolved.modelId}/${resolved.benchmarkId}/${resolved.subtaskId ?? 0}/${resolved.settingKey}/${resolved.source}`;
    const n = (this.runs.get(base) ?? 1) + 1;
    this.runs.set(base, n);
    const run = `run ${n}`;
    const replica: ResolvedResult = { ...resolved, run, settingKey: resolved.settingKey ? `${resolved.settingKey};run=${run}` : `run=${run}` };
    const again = findResultByKeyWithOrigin(this.db, replica);
    if (!again) return { action: 'add', id: insertResult(this.db, replica), issues: [], changes: [], repeatsLine, replicate: run };
    return { ...mergeInto(this.db, replica, again), repeatsLine, replicate: run };
  }

  /**
   * Earlier imports of the same file: their stored rows are walked beside this one's (see PriorRows). Call before the
   * first write. Not worth it for a small file, nor when the earlier imports' rows are scattered thinly over a big
   * table (the walk reads every row between their first and last id): it follows them only when they number at
   * least PRIOR_MIN_ROWS and a quarter of the ids they span.
   */
  followPriorImports(importIds: number[]): void {
    let count = 0;
    let first = Infinity;
    let last = -Infinity;
    for (const id of importIds) {
      const r = stmt(this.db, 'SELECT count(*) AS c, min(id) AS lo, max(id) AS hi FROM results WHERE import_id = ?').get(id) as { c: number; lo: number | null; hi: number | null };
      if (r.c === 0) continue;
      count += r.c;
      first = Math.min(first, r.lo!);
      last = Math.max(last, r.hi!);
    }
    if (count >= PRIOR_MIN_ROWS && count * 4 >= last - first + 1) this.prior = new PriorRows(this.db, importIds, first - 1);
  }
  private prior: PriorRows | null = null;
  /** How many rows the walk beside earlier imports answered without a lookup. */
  get priorMatches(): number {
    return this.prior?.matches ?? 0;
  }
}

/**
 * A stored result as PriorRows reads it, as the array better-sqlite3 returns in raw mode (objects with these 15
 * fields cost about twice as much to build: bench/import.ts with REIMPORT=1; docs/formats.md, "Import speed"):
 * id, model, benchmark, subtask (0 for none), setting key, source, then what the writer compares and reports.
 */
type PriorRow = [
  id: number,
  modelId: number,
  benchmarkId: number,
  subtask0: number,
  settingKey: string,
  source: string,
  score: number,
  stderr: number | null,
  n: number | null,
  sourceKind: SourceKind | null,
  evaluatedOn: string | null,
  notes: string | null,
  importId: number | null,
  sourceLine: number | null,
  partial: string | null,
];

/** Stored rows PriorRows reads per query, how far ahead of the file it looks for a row's key, and the fewest rows it is used for. */
const PRIOR_CHUNK = 4096;
const PRIOR_LOOKAHEAD = 16;
const PRIOR_MIN_ROWS = 1000;

/**
 * The stored results that earlier imports of the same file name wrote, read in id order (the order they were
 * written: their file's order) a chunk at a time, so that re-importing a file finds each row's stored result by
 * walking beside it instead of by a lookup in the natural key for every row (about half of a re-import of unchanged
 * rows: bench/import.ts with REIMPORT=1; docs/formats.md, "Import speed"). `take` answers a row's stored result when
 * its key is one of the next PRIOR_LOOKAHEAD stored rows (skipping the ones before it: lines the file no longer has,
 * or has moved, are then looked up as usual), else undefined and the writer looks the key up. The natural key is
 * unique, so a stored row with the row's key is the one a lookup would find; one this import has updated since it
 * was read is not answered (its values have changed) and is looked up again.
 */
class PriorRows {
  private rows: PriorRow[] = [];
  private at = 0;
  private exhausted = false;
  private readonly updated = new Set<number>();
  private readonly imports: string;
  matches = 0;

  constructor(
    private readonly db: Db,
    importIds: number[],
    /** The walk starts after this id. */
    private lastId: number,
  ) {
    this.imports = JSON.stringify(importIds);
  }

  take(r: ResolvedResult): (StoredValues & { importId: number | null; sourceLine: number | null }) | undefined {
    const subtask0 = r.subtaskId ?? 0;
    for (let j = 0; j < PRIOR_LOOKAHEAD; j++) {
      const p = this.peek(j);
      if (p === undefined) return undefined;
      if (p[1] === r.modelId && p[2] === r.benchmarkId && p[3] === subtask0 && p[4] === r.settingKey && p[5] === r.source) {
        this.at += j + 1;
        if (this.updated.has(p[0])) return undefined;
        this.matches++;
        return { id: p[0], score: p[6], stderr: p[7], n: p[8], sourceKind: p[9], evaluatedOn: p[10], notes: p[11], importId: p[12], sourceLine: p[13], partial: p[14] };
      }
    }
    return undefined;
  }

  /** A stored row this import has just updated: its values as read are out of date. */
  changed(id: number): void {
    this.updated.add(id);
  }

  private peek(j: number): PriorRow | undefined {
    while (this.at + j >= this.rows.length && !this.exhausted) this.read();
    return this.rows[this.at + j];
  }

  /** Read the next chunk in id order (the rows taken so far are dropped). */
  private read(): void {
    // `+import_id`: no index for this term, so SQLite walks the table from lastId in rowid order (each chunk resumes
    // where the last ended, and the whole walk reads the table at most once) instead of collecting and sorting the
    // earlier imports' rows anew for every chunk.
    const chunk = stmt(
      this.db,
      `SELECT id, model_id, benchmark_id, ifnull(subtask_id, 0), setting_key, source, score, stderr, n, source_kind, evaluated_on, notes,
              import_id, source_line, partial
         FROM results WHERE id > ? AND +import_id IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`,
    )
      .raw(true)
      .all(this.lastId, this.imports, PRIOR_CHUNK) as PriorRow[];
    this.rows = this.rows.slice(this.at).concat(chunk);
    this.at = 0;
    if (chunk.length < PRIOR_CHUNK) this.exhausted = true;
    else this.lastId = chunk[chunk.length - 1]![0];
  }
}

/** Ids as bits of a growable typed array (ids are rowids: small, dense), for sets noted once per written row. */
class IdBits {
  private bits = new Uint32Array(1024);
  private readonly big = new Set<number>();
  add(id: number): void {
    const w = id >>> 5;
    if (id < 0 || id >= 2 ** 28 || !Number.isInteger(id)) {
      this.big.add(id);
      return;
    }
    if (w >= this.bits.length) {
      const grown = new Uint32Array(Math.max(w + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[w] = this.bits[w]! | (1 << (id & 31));
  }
  ids(): number[] {
    const out = [...this.big];
    for (let w = 0; w < this.bits.length; w++) {
      const b = this.bits[w]!;
      if (b === 0) continue;
      for (let i = 0; i < 32; i++) if (b & (1 << i)) out.push(w * 32 + i);
    }
    return out;
  }
}

/**
 * The parent ids of the rows an ImportWriter wrote while foreign keys were off: SQLite looked each row's four
 * parents up on insert (a share of a bare insert: bench/import.ts; docs/formats.md, "Import speed"); instead each
 * distinct id is looked up once at flush, which
 * refuses exactly the rows a foreign-key check would have refused (none, as every id comes from name resolution in
 * the same transaction; this is the guarantee that it stays so).
 */
class ParentIds {
  private readonly models = new IdBits();
  private readonly benchmarks = new IdBits();
  private readonly subtasks = new IdBits();
  private readonly imports = new IdBits();
  // Rows come in runs of one benchmark (and import): skip the bit when the id repeats the previous row's.
  private lastBenchmark = -1;
  private lastImport = -1;

  note(r: ResolvedResult): void {
    this.models.add(r.modelId);
    if (r.benchmarkId !== this.lastBenchmark) {
      this.lastBenchmark = r.benchmarkId;
      this.benchmarks.add(r.benchmarkId);
    }
    if (r.subtaskId !== null) this.subtasks.add(r.subtaskId);
    if (r.importId !== null && r.importId !== this.lastImport) {
      this.lastImport = r.importId;
      this.imports.add(r.importId);
    }
  }

  /** Throws, naming the table and id, when a row refers to a parent that does not exist. */
  verify(db: Db): void {
    for (const [table, set] of [['models', this.models], ['benchmarks', this.benchmarks], ['subtasks', this.subtasks], ['imports', this.imports]] as const) {
      const ids = set.ids();
      if (ids.length === 0) continue;
      const missing = stmt(db, `SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM ${table}) LIMIT 1`).get(JSON.stringify(ids)) as
        | { value: number }
        | undefined;
      if (missing) throw new Error(`FOREIGN KEY constraint failed: a result refers to ${table} id ${missing.value}, which does not exist`);
    }
  }
}

/** A well-mixed 32-bit hash of a packed key (every bit of it matters once the table outgrows 2^16 slots). */
function slot(hi: number, lo: number): number {
  let h = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The natural keys a big import has written while the natural key index is away: model, benchmark and subtask ids
 * packed into two 32-bit words with the setting key + source numbered per import, in an open-addressing hash table
 * of typed arrays, 16 MB at a million keys (a JavaScript Set of the same numbers cost several times as much: figures
 * in docs/formats.md, "Import speed"). `add` answers false (key seen, or too big to pack) and the writer then builds
 * the index.
 */
class KeySet {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  private size = 0;
  /** Setting key + source → its number (at most 2^14 of them). */
  private readonly groups = new Map<string, number>();
  private lastSetting: string | null = null;
  private lastSource: string | null = null;
  private lastGroup = 0;

  add(modelId: number, benchmarkId: number, subtaskId: number, setting: string, source: string): boolean {
    // Rows come in runs of one setting and source: compare with the last before building a map key.
    let g = this.lastGroup;
    if (setting !== this.lastSetting || source !== this.lastSource) {
      const group = `${setting}\u0000${source}`;
      const known = this.groups.get(group);
      if (known === undefined) {
        if (this.groups.size >= 1 << 14) return false;
        g = this.groups.size;
        this.groups.set(group, g);
      } else g = known;
      this.lastSetting = setting;
      this.lastSource = source;
      this.lastGroup = g;
    }
    if (modelId >= 1 << 16 || benchmarkId >= 1 << 16 || subtaskId >= 1 << 18 || modelId < 1) return false;
    // hi is never 0 (model ids start at 1), so 0 marks an empty slot.
    const hi = (modelId * 65536 + benchmarkId) >>> 0;
    const lo = (subtaskId * 16384 + g) >>> 0;
    if (this.size * 2 >= this.hi.length) this.grow();
    const mask = this.hi.length - 1;
    let i = slot(hi, lo) & mask;
    for (;;) {
      const h = this.hi[i]!;
      if (h === 0) break;
      if (h === hi && this.lo[i] === lo) return false;
      i = (i + 1) & mask;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.size++;
    return true;
  }

  private grow(): void {
    const [oldHi, oldLo] = [this.hi, this.lo];
    this.hi = new Uint32Array(oldHi.length * 2);
    this.lo = new Uint32Array(oldLo.length * 2);
    const mask = this.hi.length - 1;
    for (let j = 0; j < oldHi.length; j++) {
      const hi = oldHi[j]!;
      if (hi === 0) continue;
      const lo = oldLo[j]!;
      let i = slot(hi, lo) & mask;
      while (this.hi[i] !== 0) i = (i + 1) & mask;
      this.hi[i] = hi;
      this.lo[i] = lo;
    }
  }
}

/** The outcome of a row added in a batch (its id is not reported: batches are used when no one needs it). */
const ADDED: WrittenRow = Object.freeze({ action: 'add', id: null, issues: [], changes: [], repeatsLine: null }) as WrittenRow;

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
