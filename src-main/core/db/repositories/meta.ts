import type { Db } from '../open';
import { stmt } from '../statements';

/** Read one workspace setting (name, demo flag, ...); null when unset. */
export function getMeta(db: Db, key: string): string | null {
  const row = stmt(db, 'SELECT value FROM workspace_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? row.value : null;
}

export function setMeta(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

export interface TableCounts {
  organizations: number;
  models: number;
  benchmarks: number;
  subtasks: number;
  results: number;
}

export function tableCounts(db: Db): TableCounts {
  return stmt(
    db,
    `SELECT (SELECT count(*) FROM organizations) AS organizations, (SELECT count(*) FROM models) AS models,
            (SELECT count(*) FROM benchmarks) AS benchmarks, (SELECT count(*) FROM subtasks) AS subtasks,
            (SELECT count(*) FROM results) AS results`,
  ).get() as TableCounts;
}

/**
 * A cheap fingerprint of everything analyses depend on: it changes whenever a result, model, benchmark, subtask or
 * the set of results confirmed bad through a flag is added, changed or removed. Built from counts, maximum ids and
 * update times (all indexed or small tables), so whole-workspace caches (the dashboard) can tell in a few
 * milliseconds that nothing changed. Of the flags only the confirmed-bad results count (fits leave them out): a
 * recompute that refreshes open flags, as the background one after every write does, leaves the caches valid.
 */
export function dataFingerprint(db: Db): string {
  const row = stmt(
    db,
    `SELECT (SELECT ifnull(max(id), 0) FROM result_history) AS history,
            (SELECT count(*) FROM results) AS results,
            (SELECT ifnull(max(id), 0) FROM results) AS maxResult,
            (SELECT count(*) || '/' || ifnull(max(updated_at), '') FROM models) AS models,
            (SELECT count(*) || '/' || ifnull(max(updated_at), '') FROM benchmarks) AS benchmarks,
            (SELECT count(*) || '/' || total(ifnull(floor, 0)) || '/' || total(ifnull(weight, 0)) || '/' || total(ifnull(item_count, 0)) FROM subtasks) AS subtasks,
            (SELECT count(*) || '/' || total(CAST(j.value AS INTEGER)) FROM flags f, json_each(f.bad_result_ids) j WHERE f.status = 'confirmed') AS confirmedBad`,
  ).get() as Record<string, string | number>;
  return Object.values(row).join('|');
}
