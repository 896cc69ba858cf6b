/**
 * Whole-workspace export and import as one JSON document: every table's rows, copied column by column, so a
 * workspace loaded into an empty one is the same workspace (ids, timestamps, history and import provenance
 * included). Nothing is recomputed on the way in: the import copies rows, and foreign keys are checked once at
 * commit so table order does not matter.
 */
import type { WorkspaceExport } from '../../common/api';
import { ApiError } from '../../common/errors';
import { latestVersion } from '../db/migrate';
import type { Db } from '../db/open';

/** Tables in the order that reads naturally (parents first); tables added later by other features follow. */
const PREFERRED_ORDER = [
  'workspace_meta', 'organizations', 'models', 'model_aliases', 'benchmarks', 'benchmark_aliases', 'subtasks', 'imports',
  'results', 'result_history',
];

function tableNames(db: Db): string[] {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
  const rank = (n: string) => {
    const i = PREFERRED_ORDER.indexOf(n);
    return i < 0 ? PREFERRED_ORDER.length : i;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function columnsOf(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
}

/** Every table's rows in rowid order. */
export function exportWorkspace(db: Db): { fileName: string; content: string; rows: number } {
  const tables: WorkspaceExport['tables'] = {};
  let rows = 0;
  for (const t of tableNames(db)) {
    tables[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[];
    rows += tables[t]!.length;
  }
  const doc: WorkspaceExport = { format: 'headroom-workspace', schemaVersion: latestVersion(), exportedAt: new Date().toISOString(), tables };
  return { fileName: 'workspace.headroom.json', content: `${JSON.stringify(doc)}\n`, rows };
}

/**
 * Load an export into an empty workspace (one transaction: all or nothing). Refuses a workspace that already has
 * data, a document that is not a Headroom export, one from a newer schema, and rows that break the schema's rules,
 * naming the table and row.
 */
export function importWorkspace(db: Db, content: string): { tables: Record<string, number> } {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    throw new ApiError('bad-input', `workspace file: not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  const d = doc as Partial<WorkspaceExport> | null;
  if (!d || typeof d !== 'object' || d.format !== 'headroom-workspace' || typeof d.tables !== 'object' || d.tables === null) {
    throw new ApiError('bad-input', 'workspace file: this is not a Headroom workspace export (format "headroom-workspace" is missing).');
  }
  if (typeof d.schemaVersion !== 'number' || d.schemaVersion > latestVersion()) {
    throw new ApiError('bad-input', `workspace file: written by a newer Headroom (schema ${String(d.schemaVersion)}; this one reads up to ${latestVersion()}).`);
  }
  const existing = tableNames(db);
  for (const t of existing) {
    if (t === 'workspace_meta') continue;
    const c = (db.prepare(`SELECT count(*) AS c FROM "${t}"`).get() as { c: number }).c;
    if (c > 0) throw new ApiError('conflict', `The workspace is not empty (table ${t} has ${c} rows); open a new workspace to load an export.`);
  }
  const counts: Record<string, number> = {};
  db.pragma('defer_foreign_keys = ON');
  const order = Object.keys(d.tables).sort((a, b) => {
    const ra = PREFERRED_ORDER.indexOf(a) < 0 ? 99 : PREFERRED_ORDER.indexOf(a);
    const rb = PREFERRED_ORDER.indexOf(b) < 0 ? 99 : PREFERRED_ORDER.indexOf(b);
    return ra - rb;
  });
  for (const t of order) {
    if (!existing.includes(t)) throw new ApiError('bad-input', `workspace file: table "${t}" is unknown to this version of Headroom.`);
    const rows = d.tables[t];
    if (!Array.isArray(rows)) throw new ApiError('bad-input', `workspace file: tables.${t} is not a list of rows.`);
    const cols = columnsOf(db, t);
    // Inserting results fires the history trigger; the exported history replaces what it wrote.
    if (t === 'result_history') db.prepare('DELETE FROM result_history').run();
    const verb = t === 'workspace_meta' ? 'INSERT OR REPLACE' : 'INSERT';
    const insert = db.prepare(`${verb} INTO "${t}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    rows.forEach((row, i) => {
      if (!row || typeof row !== 'object') throw new ApiError('bad-input', `workspace file: tables.${t}[${i}] is not a row.`);
      const r = row as Record<string, unknown>;
      const values = cols.map((c) => {
        const v = r[c];
        return v === undefined ? null : (v as string | number | null);
      });
      try {
        insert.run(...values);
      } catch (e) {
        throw new ApiError('bad-input', `workspace file: tables.${t}[${i}] cannot be loaded: ${e instanceof Error ? e.message : String(e)}.`);
      }
    });
    counts[t] = rows.length;
  }
  return { tables: counts };
}
