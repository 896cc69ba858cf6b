/** The walk beside the stored rows of an earlier import of the same file, for ImportWriter (see PriorRows). */
import type { SourceKind } from '../../common/domain';
import type { ResolvedResult, StoredValues } from '../db/repositories/results';
import { stmt } from '../db/statements';
import type { Db } from '../db/open';

/**
 * A stored result as PriorRows reads it, as the array better-sqlite3 returns in raw mode (objects with these 15
 * fields cost about twice as much to build: bench/import.ts with REIMPORT=1; docs/formats.md, "Import speed"):
 * id, model, benchmark, subtask (0 for none), setting key, source, then what the writer compares and reports.
 */
export type PriorRow = [
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
export const PRIOR_MIN_ROWS = 1000;

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
export class PriorRows {
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

