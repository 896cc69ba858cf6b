import type { z } from 'zod';
import { ApiError } from '../../../common/errors';
import type { Result, ResultHistoryEntry, SourceKind } from '../../../common/domain';
import { storedRuleFailure } from '../../../common/resultRules';
import type { resultsQuery } from '../../../common/schemas';
import type { Db } from '../open';
import { nowIso, stmt } from '../statements';

export type ResultsQueryArg = z.output<typeof resultsQuery>;

/** A result whose model, benchmark and subtask are already resolved to ids: what gets written. */
export interface ResolvedResult {
  modelId: number;
  benchmarkId: number;
  subtaskId: number | null;
  shots: number | null;
  cot: boolean | null;
  passK: number | null;
  testTimeCompute: number | null;
  effort: string | null;
  /** Which run among replicates (migration 0009); part of settingKey. */
  run?: string | null;
  settingKey: string;
  score: number;
  stderr: number | null;
  n: number | null;
  source: string;
  sourceKind: SourceKind | null;
  evaluatedOn: string | null;
  notes: string | null;
  importId: number | null;
  sourceLine: number | null;
  /** Where in its file the row came from when a line cannot say it (JSON path, markdown cell); see migration 0003. */
  sourcePlace?: string | null;
  loggedBy: string | null;
  /**
   * Why the result covers only part of its benchmark (migration 0008), null when it is complete, undefined when the
   * writer does not say (a file without a partial column): a stored result then keeps its mark.
   */
  partial?: string | null;
}

/** The fields compared to decide whether a re-imported row changes anything. */
export const RESULT_VALUE_FIELDS = ['score', 'stderr', 'n', 'sourceKind', 'evaluatedOn', 'notes', 'partial'] as const;

interface ResultRow {
  id: number;
  model_id: number;
  model: string;
  benchmark_id: number;
  benchmark: string;
  subtask_id: number | null;
  subtask: string | null;
  shots: number | null;
  cot: number | null;
  pass_k: number | null;
  test_time_compute: number | null;
  effort: string | null;
  score: number;
  stderr: number | null;
  n: number | null;
  source: string;
  source_kind: SourceKind | null;
  evaluated_on: string | null;
  import_id: number | null;
  source_line: number | null;
  source_place: string | null;
  partial: string | null;
  run: string | null;
  notes: string | null;
  logged_at: string;
  logged_by: string | null;
  updated_at: string;
}

const SELECT_RESULTS = `
  SELECT r.id, r.model_id, m.name AS model, r.benchmark_id, b.name AS benchmark, r.subtask_id, s.name AS subtask,
         r.shots, r.cot, r.pass_k, r.test_time_compute, r.effort, r.score, r.stderr, r.n, r.source, r.source_kind,
         r.evaluated_on, r.import_id, r.source_line, r.source_place, r.partial, r.run, r.notes, r.logged_at, r.logged_by, r.updated_at
    FROM results r
    JOIN models m ON m.id = r.model_id
    JOIN benchmarks b ON b.id = r.benchmark_id
    LEFT JOIN subtasks s ON s.id = r.subtask_id`;

export function toResult(r: ResultRow): Result {
  return {
    id: r.id,
    modelId: r.model_id,
    model: r.model,
    benchmarkId: r.benchmark_id,
    benchmark: r.benchmark,
    subtaskId: r.subtask_id,
    subtask: r.subtask,
    shots: r.shots,
    cot: r.cot === null ? null : r.cot === 1,
    passK: r.pass_k,
    testTimeCompute: r.test_time_compute,
    effort: r.effort,
    score: r.score,
    stderr: r.stderr,
    n: r.n,
    source: r.source,
    sourceKind: r.source_kind,
    evaluatedOn: r.evaluated_on,
    importId: r.import_id,
    sourceLine: r.source_line,
    sourcePlace: r.source_place,
    partial: r.partial,
    run: r.run,
    notes: r.notes,
    loggedAt: r.logged_at,
    loggedBy: r.logged_by,
    updatedAt: r.updated_at,
  };
}

export function getResult(db: Db, id: number): Result {
  const row = stmt(db, `${SELECT_RESULTS} WHERE r.id = ?`).get(id) as ResultRow | undefined;
  if (!row) throw new ApiError('not-found', `No result with id ${id}.`, { issues: [{ path: 'id', message: 'no such result' }] });
  return toResult(row);
}

export interface StoredValues {
  id: number;
  score: number;
  stderr: number | null;
  n: number | null;
  sourceKind: SourceKind | null;
  evaluatedOn: string | null;
  notes: string | null;
  partial: string | null;
}

/** The stored result with the same natural key (model, benchmark, subtask, setting, source), if any. */
export function findResultByKey(
  db: Db,
  key: { modelId: number; benchmarkId: number; subtaskId: number | null; settingKey: string; source: string },
): StoredValues | undefined {
  return stmt(
    db,
    `SELECT id, score, stderr, n, source_kind AS sourceKind, evaluated_on AS evaluatedOn, notes, partial FROM results
      WHERE model_id = ? AND benchmark_id = ? AND ifnull(subtask_id, 0) = ? AND setting_key = ? AND source = ?`,
  ).get(key.modelId, key.benchmarkId, key.subtaskId ?? 0, key.settingKey, key.source) as StoredValues | undefined;
}

const INSERT_COLUMNS = `INSERT INTO results (model_id, benchmark_id, subtask_id, shots, cot, pass_k, test_time_compute, effort, setting_key,
                            score, stderr, n, source, source_kind, evaluated_on, notes, import_id, source_line, logged_by, source_place,
                            partial, run)`;
const ONE_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Bound parameters of one result row for INSERT_COLUMNS. */
export const RESULT_INSERT_PARAMS = 22;

/** Append the bound parameters of `r` for INSERT_COLUMNS to `out` (one flat array binds a multi-row insert). */
export function pushInsertParams(out: unknown[], r: ResolvedResult): void {
  out.push(r.modelId, r.benchmarkId, r.subtaskId);
  pushValueParams(out, r);
  out.push(r.sourcePlace ?? null, r.partial ?? null, r.run ?? null);
}

/** The value fields shared by INSERT and UPDATE, in column order from shots to logged_by. */
function pushValueParams(out: unknown[], r: Omit<ResolvedResult, 'modelId' | 'benchmarkId' | 'subtaskId'>): void {
  out.push(
    r.shots,
    r.cot === null ? null : r.cot ? 1 : 0,
    r.passK,
    r.testTimeCompute,
    r.effort,
    r.settingKey,
    r.score,
    r.stderr,
    r.n,
    r.source,
    r.sourceKind,
    r.evaluatedOn,
    r.notes,
    r.importId,
    r.sourceLine,
    r.loggedBy,
  );
}

/**
 * Insert one result (its RESULT_INSERT_PARAMS parameters in `params`) unless its natural key is taken. Returns 1 when
 * it was inserted, 0 when not.
 */
export function insertResultIfNew(db: Db, params: unknown[]): number {
  return stmt(db, `${INSERT_COLUMNS} VALUES ${ONE_ROW} ON CONFLICT DO NOTHING`).run(params).changes;
}

/** Columns of INSERT_COLUMNS, in the order of pushInsertParams. */
const INSERT_COLUMN_NAMES = INSERT_COLUMNS.slice(INSERT_COLUMNS.indexOf('(') + 1, INSERT_COLUMNS.lastIndexOf(')'))
  .split(',')
  .map((c) => c.trim());
/** Statement shapes (row count and shared columns) one connection may prepare; later shapes bind every column per row. */
const MAX_SHAPES = 48;
const shapesByDb = new WeakMap<Db, Set<number>>();
const sharedSqlCache = new Map<number, string>();

/**
 * Insert `rows` results (their parameters flat in `params` from `at`, RESULT_INSERT_PARAMS each) in one statement,
 * skipping any whose natural key is taken (by a stored result or an earlier row of the same statement), and stamp
 * them logged and updated at `loggedAt` (an ISO time). Returns how many were inserted: `rows` means all of them.
 *
 * Why the statement is shaped per batch: an import's rows come in runs that repeat most of their columns (the
 * benchmark, setting, source, kind, import and user of a run; often empty notes, effort or pass@k), and binding a
 * value costs SQLite and better-sqlite3 about as much as storing it. A column that holds the same value in every
 * row of the batch is bound once, in a one-row subquery joined to the VALUES rows, instead of once per row
 * (measured on bench/import.ts's file; figures in docs/formats.md, "Import speed"). SQLite scans the one-row
 * subquery outside the VALUES rows, so rows are inserted, and get their ids, in the order given. The SQL text is
 * built from the column list and the shape's bit mask only, never from a value. At most MAX_SHAPES shapes are
 * prepared per connection (a file whose batches share ever-different columns cannot grow the cache without bound).
 */
export function insertResultsSharingIfNew(db: Db, rows: 10 | 100, params: readonly unknown[], at: number, loggedAt: string): number {
  const P = RESULT_INSERT_PARAMS;
  let mask = 0;
  for (let c = 0; c < P; c++) {
    const v = params[at + c];
    let same = true;
    for (let i = at + P + c, end = at + rows * P; i < end; i += P) {
      if (params[i] !== v) {
        same = false;
        break;
      }
    }
    if (same) mask |= 1 << c;
  }
  // The VALUES rows need a column: the first (the model) stays per row when every column is shared.
  if (mask === (1 << P) - 1) mask &= ~1;
  let shapes = shapesByDb.get(db);
  if (!shapes) shapesByDb.set(db, (shapes = new Set()));
  let shape = rows * (1 << P) + mask;
  if (!shapes.has(shape)) {
    if (shapes.size >= MAX_SHAPES) {
      mask = 0;
      shape = rows * (1 << P);
    }
    shapes.add(shape);
  }
  const bound: unknown[] = [];
  for (let c = 0; c < P; c++) if (mask & (1 << c)) bound.push(params[at + c]);
  bound.push(loggedAt, loggedAt);
  for (let r = 0, base = at; r < rows; r++, base += P) {
    for (let c = 0; c < P; c++) if (!(mask & (1 << c))) bound.push(params[base + c]);
  }
  return stmt(db, sharedInsertSql(rows, mask)).run(bound).changes;
}

/** The text of insertResultsSharingIfNew's statement for `rows` rows sharing the columns whose bit is set in `mask`. */
function sharedInsertSql(rows: number, mask: number): string {
  const key = rows * (1 << RESULT_INSERT_PARAMS) + mask;
  const known = sharedSqlCache.get(key);
  if (known !== undefined) return known;
  const shared: string[] = [];
  const select: string[] = [];
  let perRow = 0;
  INSERT_COLUMN_NAMES.forEach((name, c) => {
    if (mask & (1 << c)) {
      shared.push(`? AS ${name}`);
      select.push(`c.${name}`);
    } else select.push(`v.column${++perRow}`);
  });
  shared.push('? AS logged_at', '? AS updated_at');
  select.push('c.logged_at', 'c.updated_at');
  const row = `(${Array.from({ length: perRow }, () => '?').join(', ')})`;
  const sql =
    `INSERT INTO results (${INSERT_COLUMN_NAMES.join(', ')}, logged_at, updated_at) SELECT ${select.join(', ')} ` +
    `FROM (SELECT ${shared.join(', ')}) AS c, (VALUES ${Array.from({ length: rows }, () => row).join(', ')}) AS v ` +
    // WHERE true: SQLite's grammar needs it to tell the upsert clause from a join constraint after a SELECT.
    'WHERE true ON CONFLICT DO NOTHING';
  // The texts are cheap to rebuild: keep the cache small however many connections have come and gone.
  if (sharedSqlCache.size >= 4 * MAX_SHAPES) sharedSqlCache.clear();
  sharedSqlCache.set(key, sql);
  return sql;
}

/**
 * The CHECK constraints of `results` (db/migrations), evaluated in JavaScript on a row as it is bound: the column whose
 * check the row breaks, or null. A big import lets SQLite skip its CHECKs (`ignore_check_constraints`; what that saves:
 * bench/import.ts, docs/formats.md, "Import speed") and the ImportWriter runs this on every row it writes instead. It is the rules of RESULT_RULES
 * (common/resultRules.ts) whose column has a CHECK, each at least as strict as its CHECK, so it may refuse more than
 * SQLite (NaN, which SQLite would store as NULL; 2024-02-30, which the GLOB lets through), never less:
 * test/unit/core/db/resultChecks.test.ts compares it with SQLite's own checks on edge cases and pins the table's CHECK
 * clauses to the rules', and test/unit/common/resultRules.test.ts on random rows.
 */
export function resultCheckFailure(r: ResolvedResult): string | null {
  return storedRuleFailure(r);
}

/** The stored result with the natural key, with the import and line that last wrote it (for "repeats line N"). */
export function findResultByKeyWithOrigin(
  db: Db,
  key: { modelId: number; benchmarkId: number; subtaskId: number | null; settingKey: string; source: string },
): (StoredValues & { importId: number | null; sourceLine: number | null }) | undefined {
  return stmt(
    db,
    `SELECT id, score, stderr, n, source_kind AS sourceKind, evaluated_on AS evaluatedOn, notes, partial, import_id AS importId,
            source_line AS sourceLine FROM results
      WHERE model_id = ? AND benchmark_id = ? AND ifnull(subtask_id, 0) = ? AND setting_key = ? AND source = ?`,
  ).get(key.modelId, key.benchmarkId, key.subtaskId ?? 0, key.settingKey, key.source) as
    | (StoredValues & { importId: number | null; sourceLine: number | null })
    | undefined;
}

export function insertResult(db: Db, r: ResolvedResult): number {
  const params: unknown[] = [];
  pushInsertParams(params, r);
  return Number(stmt(db, `${INSERT_COLUMNS} VALUES ${ONE_ROW}`).run(params).lastInsertRowid);
}

/**
 * Overwrite the value fields of a stored result (the key stays); the history trigger records the change. A
 * `partial` left undefined keeps the stored mark.
 */
export function updateResultValues(db: Db, id: number, r: Omit<ResolvedResult, 'modelId' | 'benchmarkId' | 'subtaskId'>): void {
  const values: unknown[] = [];
  pushValueParams(values, r);
  stmt(
    db,
    `UPDATE results SET shots = ?, cot = ?, pass_k = ?, test_time_compute = ?, effort = ?, setting_key = ?, score = ?, stderr = ?,
            n = ?, source = ?, source_kind = ?, evaluated_on = ?, notes = ?, import_id = coalesce(?, import_id),
            source_line = coalesce(?, source_line), logged_by = coalesce(?, logged_by), updated_at = ?,
            source_place = CASE WHEN ? IS NULL THEN source_place ELSE ? END,
            partial = CASE WHEN ? THEN partial ELSE ? END, run = ?
      WHERE id = ?`,
  ).run(...values, nowIso(), r.importId, r.sourcePlace ?? null, r.partial === undefined ? 1 : 0, r.partial ?? null, r.run ?? null, id);
}

const SORT_SQL: Record<string, string> = {
  model: 'm.name',
  benchmark: 'b.name',
  subtask: 's.name',
  score: 'r.score',
  stderr: 'r.stderr',
  n: 'r.n',
  source: 'r.source',
  evaluatedOn: 'r.evaluated_on',
  loggedAt: 'r.logged_at',
  releaseDate: 'm.release_date',
};

/**
 * Filtered, sorted, paged results with the total count. The WHERE clause is assembled from constant fragments
 * only; every user value is a bound parameter.
 */
export function queryResults(db: Db, q: ResultsQueryArg): { rows: Result[]; total: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.benchmarkIds?.length) {
    where.push('r.benchmark_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(q.benchmarkIds));
  }
  if (q.modelIds?.length) {
    where.push('r.model_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(q.modelIds));
  }
  if (q.level === 'aggregate') where.push('r.subtask_id IS NULL');
  if (q.level === 'subtasks') where.push('r.subtask_id IS NOT NULL');
  if (q.sourceKinds?.length) {
    where.push('r.source_kind IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(q.sourceKinds));
  }
  if (q.search) {
    where.push(`(m.name LIKE ? ESCAPE '\\' OR b.name LIKE ? ESCAPE '\\' OR ifnull(s.name, '') LIKE ? ESCAPE '\\' OR r.source LIKE ? ESCAPE '\\')`);
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(like, like, like, like);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const sortCol = SORT_SQL[q.sort?.field ?? 'benchmark'] ?? 'b.name';
  const dir = q.sort?.dir === 'desc' ? 'DESC' : 'ASC';
  const order = `ORDER BY ${sortCol} ${dir}, b.name, m.name, s.name, r.id`;
  const total = (db.prepare(`SELECT count(*) AS c FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id ${whereSql}`).get(...params) as { c: number }).c;
  const rows = db
    .prepare(`${SELECT_RESULTS} ${whereSql} ${order} LIMIT ? OFFSET ?`)
    .all(...params, q.limit ?? 1000, q.offset ?? 0) as ResultRow[];
  return { rows: rows.map(toResult), total };
}

/** Delete results and return them as they were, so the caller can offer undo. */
export function deleteResults(db: Db, ids: number[]): Result[] {
  const deleted: Result[] = [];
  for (const id of ids) {
    const row = stmt(db, `${SELECT_RESULTS} WHERE r.id = ?`).get(id) as ResultRow | undefined;
    if (!row) throw new ApiError('not-found', `No result with id ${id}.`, { issues: [{ path: 'ids', message: `no result ${id}` }] });
    stmt(db, 'DELETE FROM results WHERE id = ?').run(id);
    deleted.push(toResult(row));
  }
  return deleted;
}

/** Put deleted results back exactly as they were, from the image the delete trigger kept in history. */
export function restoreResults(db: Db, ids: number[]): number {
  let restored = 0;
  for (const id of ids) {
    if (stmt(db, 'SELECT 1 FROM results WHERE id = ?').get(id)) {
      throw new ApiError('conflict', `Result ${id} exists; there is nothing to restore.`);
    }
    const h = stmt(db, "SELECT old_value FROM result_history WHERE result_id = ? AND action = 'delete' ORDER BY id DESC LIMIT 1").get(id) as
      | { old_value: string }
      | undefined;
    if (!h) throw new ApiError('not-found', `No deleted result ${id} in history.`);
    const v = JSON.parse(h.old_value) as Record<string, unknown>;
    stmt(
      db,
      `INSERT INTO results (id, model_id, benchmark_id, subtask_id, shots, cot, pass_k, test_time_compute, effort, setting_key, score,
                            stderr, n, source, source_kind, evaluated_on, import_id, source_line, notes, logged_at, logged_by, updated_at, partial, run)
       VALUES (@id, @model_id, @benchmark_id, @subtask_id, @shots, @cot, @pass_k, @test_time_compute, @effort, @setting_key, @score,
               @stderr, @n, @source, @source_kind, @evaluated_on, @import_id, @source_line, @notes, @logged_at, @logged_by, @updated_at,
               @partial, @run)`,
      // A result deleted before migration 0008 has no partial in its image: it was not marked.
    ).run({ partial: null, run: null, ...v });
    // The insert trigger leaves imported rows to their import (migration 0005); a restore is an edit, so record it.
    stmt(
      db,
      `INSERT INTO result_history (result_id, action, new_value, changed_by)
       SELECT id, 'insert', json_object('score', score, 'stderr', stderr, 'n', n, 'source', source, 'source_kind', source_kind,
              'evaluated_on', evaluated_on, 'notes', notes, 'setting_key', setting_key), logged_by
         FROM results WHERE id = ? AND import_id IS NOT NULL`,
    ).run(id);
    restored++;
  }
  return restored;
}

type HistoryRow = {
  id: number;
  result_id: number;
  action: ResultHistoryEntry['action'];
  old_value: string | null;
  new_value: string | null;
  changed_at: string;
  changed_by: string | null;
};

/**
 * The history of one result, oldest first. An imported result's insert is recorded by its import rather than by a
 * history row (migration 0005): it is shown as the first entry (id 0), at the time the result was logged, by whoever
 * ran the import, with the values it was imported with (those the first later update replaced, else the current ones).
 */
export function resultHistory(db: Db, id: number): ResultHistoryEntry[] {
  const rows = stmt(db, 'SELECT * FROM result_history WHERE result_id = ? ORDER BY id').all(id) as HistoryRow[];
  const entries = rows.map((r) => ({
    id: r.id,
    resultId: r.result_id,
    action: r.action,
    oldValue: r.old_value ? (JSON.parse(r.old_value) as Record<string, unknown>) : null,
    newValue: r.new_value ? (JSON.parse(r.new_value) as Record<string, unknown>) : null,
    changedAt: r.changed_at,
    changedBy: r.changed_by,
  }));
  if (entries[0]?.action === 'insert') return entries;
  // No insert at the start: an imported result (or one inserted before history existed). Its first life runs up to
  // its first delete; the delete's image, or else the stored row, says whether it was imported and when.
  const firstDelete = entries.findIndex((e) => e.action === 'delete');
  let origin: Record<string, unknown> | undefined;
  if (firstDelete >= 0) origin = entries[firstDelete]!.oldValue ?? undefined;
  else {
    origin = stmt(
      db,
      `SELECT import_id, logged_at, logged_by, score, stderr, n, source, source_kind, evaluated_on, notes, setting_key, partial
         FROM results WHERE id = ?`,
    ).get(id) as Record<string, unknown> | undefined;
  }
  const o = origin;
  if (!o || o.import_id === null || o.import_id === undefined) return entries;
  const firstLife = firstDelete >= 0 ? entries.slice(0, firstDelete) : entries;
  const firstUpdate = firstLife.find((e) => e.action === 'update');
  const keys = ['score', 'stderr', 'n', 'source', 'source_kind', 'evaluated_on', 'notes', 'setting_key', 'partial'];
  const insert: ResultHistoryEntry = {
    id: 0,
    resultId: id,
    action: 'insert',
    oldValue: null,
    newValue: firstUpdate?.oldValue ?? Object.fromEntries(keys.map((k) => [k, o[k] ?? null])),
    changedAt: String(o.logged_at),
    changedBy: (o.logged_by as string | null | undefined) ?? null,
  };
  return [insert, ...entries];
}
