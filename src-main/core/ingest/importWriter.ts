/**
 * The bulk write path of an import (ImportWriter): rows in file order with exactly writeResult's outcomes, batched,
 * with the indexes a big import rebuilds and the checks it makes itself while SQLite's are off. Its helpers live
 * beside it: priorRows.ts (the walk beside an earlier import of the same file) and keySets.ts (the typed-array sets
 * of keys and parent ids). Importers reach it through importers/resultRows.ts only.
 */
import {
  findResultByKeyWithOrigin,
  insertResult,
  insertResultIfNew,
  insertResultsSharingIfNew,
  pushInsertParams,
  RESULT_INSERT_PARAMS,
  resultCheckFailure,
  type ResolvedResult,
  type StoredValues,
} from '../db/repositories/results';
import { nowIso, stmt } from '../db/statements';
import type { Db } from '../db/open';
import { KeySet, ParentIds } from './keySets';
import { PRIOR_MIN_ROWS, PriorRows } from './priorRows';
import { mergeInto, type RowOutcome } from './results';

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

/** The outcome of a row added in a batch (its id is not reported: batches are used when no one needs it). */
const ADDED: WrittenRow = Object.freeze({ action: 'add', id: null, issues: [], changes: [], repeatsLine: null }) as WrittenRow;

