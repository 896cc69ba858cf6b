/**
 * Models without a release date, and the way out: their dates from the public model list Headroom ships (Epoch AI's
 * model_versions.csv in data/public). A date-axis chart leaves such models out, so the benchmark page and the
 * dashboard say how many there are (`missingDates`) and offer to fill them in one step (`fillDatesFromPublic`).
 * The fill is an import of Epoch AI's models table restricted to the workspace's undated models, so it goes through
 * the importers like any models file, writes only release dates, and never changes a date already stored.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FillDatesResult, MissingDates } from '../../common/api';
import type { CallContext } from '../../common/api';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { readDelimited } from '../importers/delimited';
import { splitSettingSuffix } from '../importers/resolve';
import { applyImport } from '../importers/tables';
import { noteImport } from './origin';
import { publicDataDir, readPublicManifest } from './build';

/** The models table among the public files, found by its format's headers (Epoch AI's model list). */
const MODEL_LIST = { folder: 'epoch_benchmark_stitching', file: 'model_versions.csv' };

interface ListedDate {
  /** The model id as the list writes it, without an effort suffix. */
  id: string;
  date: string;
}

let cached: { dir: string; byName: Map<string, ListedDate>; sourceName: string; asOf: string } | null = null;

/**
 * Each listed model's release date, keyed by its id in lower case (the effort suffix taken off, as the importer does);
 * a later line of the same model wins, as in an import of the file.
 */
function publicModelDates(dir: string = publicDataDir()): { byName: Map<string, ListedDate>; sourceName: string; asOf: string } {
  if (cached?.dir === dir) return cached;
  const manifest = readPublicManifest(dir);
  const source = manifest.sources.find((s) => s.folder === MODEL_LIST.folder && s.files.includes(MODEL_LIST.file));
  const byName = new Map<string, ListedDate>();
  if (source) {
    const table = readDelimited(MODEL_LIST.file, readFileSync(path.join(dir, MODEL_LIST.folder, MODEL_LIST.file), 'utf8'));
    const idCol = table.headers.indexOf('id');
    const dateCol = table.headers.indexOf('Version release date');
    for (const row of table.rows) {
      const id = splitSettingSuffix(row.cells[idCol] ?? '').base.trim();
      const date = (row.cells[dateCol] ?? '').trim();
      if (id && /^\d{4}-\d{2}-\d{2}$/.test(date)) byName.set(id.toLowerCase(), { id, date });
    }
  }
  cached = { dir, byName, sourceName: source?.name ?? 'the public model list', asOf: source?.date ?? manifest.asOf };
  return cached;
}

interface Undated {
  id: number;
  name: string;
  results: number;
  aliases: string[];
}

function undatedModels(db: Db, benchmarkId?: number): Undated[] {
  const rows = stmt(
    db,
    `SELECT m.id, m.name, count(r.id) AS results, (SELECT group_concat(alias, char(31)) FROM model_aliases a WHERE a.model_id = m.id) AS aliases
     FROM models m JOIN results r ON r.model_id = m.id
     WHERE m.release_date IS NULL AND (@b IS NULL OR r.benchmark_id = @b)
     GROUP BY m.id ORDER BY m.name`,
  ).all({ b: benchmarkId ?? null }) as { id: number; name: string; results: number; aliases: string | null }[];
  return rows.map((r) => ({ id: r.id, name: r.name, results: r.results, aliases: r.aliases ? r.aliases.split('\u001f') : [] }));
}

function listedDate(byName: Map<string, ListedDate>, m: Undated): ListedDate | undefined {
  for (const n of [m.name, ...m.aliases]) {
    const hit = byName.get(n.trim().toLowerCase());
    if (hit) return hit;
  }
  return undefined;
}

/** How many models with results (on one benchmark, or anywhere) have no release date, and how many the list can fill. */
export function missingDates(db: Db, benchmarkId?: number, dir?: string): MissingDates {
  const undated = undatedModels(db, benchmarkId);
  const list = publicModelDates(dir);
  const withResults = stmt(
    db,
    'SELECT count(DISTINCT r.model_id) AS n FROM results r WHERE (@b IS NULL OR r.benchmark_id = @b)',
  ).get({ b: benchmarkId ?? null }) as { n: number };
  return {
    models: undated.length,
    results: undated.reduce((n, m) => n + m.results, 0),
    modelsWithResults: withResults.n,
    fillable: undated.filter((m) => listedDate(list.byName, m) !== undefined).length,
    listName: list.sourceName,
    listDate: list.asOf,
  };
}

/**
 * Fill the release dates of the workspace's undated models (with results) that the public model list dates: one import
 * of that list's rows, written under each model's own name with only the date column, so nothing but the empty
 * dates changes. `dryRun` says what it would fill. The caller wraps it in a transaction.
 */
export function fillDatesFromPublic(db: Db, ctx: CallContext, dryRun: boolean, dir?: string): FillDatesResult {
  const list = publicModelDates(dir);
  const fills = undatedModels(db)
    .map((m) => ({ m, hit: listedDate(list.byName, m) }))
    .filter((x): x is { m: Undated; hit: ListedDate } => x.hit !== undefined);
  const filled = fills.map(({ m, hit }) => ({ model: m.name, date: hit.date, listedAs: hit.id }));
  if (dryRun || !fills.length) return { filled, listName: list.sourceName, listDate: list.asOf };
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const content = ['id,Model,Version release date', ...fills.map(({ m, hit }) => `${quote(m.name)},,${hit.date}`)].join('\n') + '\n';
  const summary = applyImport(db, { fileName: `${MODEL_LIST.folder}/${MODEL_LIST.file} (release dates)`, content }, ctx);
  noteImport(db, summary);
  return { filled, listName: list.sourceName, listDate: list.asOf };
}
