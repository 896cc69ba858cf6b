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
