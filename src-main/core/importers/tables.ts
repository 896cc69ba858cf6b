/**
 * Import of Headroom's own long-format tables (results, models, benchmarks) from CSV or TSV, with a column mapping
 * for files that name things differently. Preview and apply run the very same code; a preview simply rolls its
 * transaction back, so what it promises is exactly what apply does.
 */
import { createHash } from 'node:crypto';
import type { ApiArg, CallContext, ImportCounts, ImportDecision, ImportDiff, ImportPreview, ImportSummary, RemovedResult } from '../../common/api';
import { ApiError } from '../../common/errors';
import type { TableKind } from '../../common/schemas';
import { catalogDefaults, findCatalogEntry } from '../catalog/benchmarkCatalog';
import { deleteResults } from '../db/repositories/results';
import type { Db } from '../db/open';
import { entryFlagSummary } from '../flags/entry';
import { stmt } from '../db/statements';
import { emptyCreated, type Created } from '../ingest/results';
import { benchmarkRows } from './benchmarkRows';
import { COLUMNS, detectKind, mapHeaders } from './columns';
import { readImportFile, type ConvertedTable, type ImportFormat } from './convert';
import { openDelimited, type DelimitedRow } from './delimited';
import { convertFile } from './detect';
import { modelRows } from './modelRows';
import { withImportPragmas } from './pragmas';
import { importResults } from './resultRows';
import type { NameResolver } from './resolve';
import { arraySource, CellAccess, OutcomeSink, type RowSource } from './rows';

type ConvertedTableModels = ConvertedTable['models'];

type ImportArg = ApiArg<'import/preview'>;

class Rollback {
  constructor(readonly outcome: RunOutcome) {}
}

interface RunOutcome {
  preview: ImportPreview;
  importId: number | null;
  removed: number;
  aliasesAdded: number;
}

/** Show what importing the file would add, update and reject, without writing anything. */
export function previewImport(db: Db, req: ImportArg, ctx: CallContext): ImportPreview {
  try {
    // IMMEDIATE: the preview writes (then rolls back); see service.ts tx.
    withImportPragmas(db, req.content, () =>
      db.transaction(() => {
        const outcome = run(db, req, ctx);
        // What the import's values would raise, read before the rollback (the workspace as the import would leave it).
        if (outcome.importId !== null && outcome.preview.kind === 'results') {
          const ids = (stmt(db, 'SELECT id FROM results WHERE import_id = ?').all(outcome.importId) as { id: number }[]).map((r) => r.id);
          outcome.preview.flags = entryFlagSummary(db, ids);
        }
        throw new Rollback(outcome);
      }).immediate(),
    );
  } catch (e) {
    if (e instanceof Rollback) return e.outcome.preview;
    throw e;
  }
  throw new Error('unreachable: the preview transaction always rolls back');
}

/** Import the file (the caller wraps this in one transaction: it lands whole or not at all). */
export function applyImport(db: Db, req: ImportArg, ctx: CallContext): ImportSummary {
  return applyImportWithPreview(db, req, ctx).summary;
}

/**
 * Import the file and also answer what its preview would have said (decisions, unsure names): for a caller that
 * decides after the fact and rolls back to apply again with other choices (the public build, core/public/build.ts),
 * which costs one run of the import where a preview and an apply cost two.
 */
export function applyImportWithPreview(db: Db, req: ImportArg, ctx: CallContext): { summary: ImportSummary; preview: ImportPreview } {
  const { preview, importId, removed, aliasesAdded } = run(db, req, ctx);
  const summary: ImportSummary = {
    ...preview.counts,
    repeated: preview.repeated,
    importId,
    kind: preview.kind,
    created: preview.created,
    rejected: preview.rejected,
    format: preview.format,
    removed,
    aliasesAdded,
  };
  return { summary, preview };
}

export function contentHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}


function run(db: Db, req: ImportArg, ctx: CallContext): RunOutcome {
  const file = readImportFile(req);
  const converted = convertFile(file, req);
  let table: { delimiter: string; headers: string[]; source: RowSource };
  let mapping: Record<string, string>;
  let ignored: string[];
  let kind: TableKind | null;
  const constants = req.constants ?? {};
  if (converted) {
    // An outside format arrives already in Headroom's columns; its own headers are shown in the preview.
    table = { delimiter: '', headers: [...converted.columns], source: arraySource(converted.rows) };
    mapping = Object.fromEntries(converted.columns.map((c) => [c, c]));
    ignored = [];
    kind = converted.kind;
  } else {
    const reader = openDelimited(req.fileName, file.text ?? '');
    table = { delimiter: reader.delimiter, headers: reader.headers, source: reader };
    ({ mapping, ignored } = mapHeaders(table.headers, req.mapping ?? {}));
    const columns = new Set([...Object.values(mapping), ...Object.keys(constants)]);
    kind = req.kind ?? detectKind(columns);
    const required = kind === 'results' ? ['model', 'benchmark', 'score'] : kind === 'models' ? ['model'] : ['benchmark'];
    const missing = required.filter((c) => !columns.has(c));
    // A file that cannot be read at all (a quoted cell never closed) says so before anything about its columns.
    if (!kind || missing.length) reader.forEach(() => {});
    if (!kind) {
      throw new ApiError(
        'bad-input',
        `${req.fileName}: cannot tell which table this is from its headers (${table.headers.join(', ')}). ` +
          'A results file needs model, benchmark and score; a models file model plus organization, family, release_date, parameters, ' +
          'training_compute_flop or training_tokens; a benchmarks file benchmark plus category, metric, higher_is_better, floor, ceiling, ' +
          'human_baseline, release_date or items. Map the columns to say which is which.',
        // unrecognised: a folder import skips such a file (listed) instead of counting it as a failed import.
        { headers: table.headers, mapping, unrecognised: true },
      );
    }
    if (missing.length) {
      throw new ApiError(
        'bad-input',
        `${req.fileName}: a ${kind} file needs the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; ` +
          `the header has ${table.headers.join(', ')}. Map a column to ${missing[0]} or set one value for the whole file.`,
        { missing, headers: table.headers },
      );
    }
  }
  // A bare "Date" column in a results table: the result's evaluation date, or its model's release date (a table of
  // models and their scores). Said in the preview, changeable; the default follows the file (dateReading).
  const dateColumn = !converted && kind === 'results' ? bareDateColumn(mapping, req.mapping ?? {}) : null;
  let releaseDates: ConvertedTableModels | undefined;
  let dateDecision: ImportDecision | null = null;
  if (dateColumn) {
    const reading = dateReading(table.headers, table.source, mapping, dateColumn, req.choices?.[`date:${dateColumn}`]);
    dateDecision = reading.decision;
    if (reading.release) {
      delete mapping[dateColumn];
      releaseDates = reading.release;
    }
  }
  // Columns meant for another table are ignored rather than misread.
  const known = new Set(COLUMNS[kind]);
  for (const [h, c] of Object.entries(mapping)) {
    if (!known.has(c)) {
      delete mapping[h];
      ignored.push(h);
    }
  }
  const hash = file.hash;
  const fkOff = db.pragma('foreign_keys', { simple: true }) === 0;
  const prev = stmt(db, 'SELECT imported_at FROM imports WHERE content_hash = ? ORDER BY id DESC LIMIT 1').get(hash) as
    | { imported_at: string }
    | undefined;

  const colIndex = new Map<string, number>();
  table.headers.forEach((h, i) => {
    const c = mapping[h];
    if (c) colIndex.set(c, i);
  });
  const headerOf = new Map<string, string>(Object.entries(mapping).map(([h, c]) => [c, h]));
  const cells = new CellAccess(colIndex, constants);
  const created = emptyCreated();
  const warnings: string[] = [...(converted?.warnings ?? [])];
  const format: ImportFormat = converted?.format ?? 'headroom-csv';
  const sink = new OutcomeSink(req.sampleSize ?? 50);
  for (const issue of converted?.rejected ?? []) sink.push({ line: issue.line, action: 'reject', values: {}, issues: [issue] });
  let importId: number | null = null;
  let unsure: ImportPreview['unsure'] = [];
  let decisions: ImportPreview['decisions'] = [];
  let attributes: ImportPreview['attributes'] = null;
  let diff: ImportDiff | null = null;
  let removed = 0;
  let aliasesAdded = 0;
  let totalRows = 0;
  if (kind === 'results') {
    // The previous import of a file with this name but other content: its results that this file lacks are "removed".
    const previous = stmt(
      db,
      'SELECT id, imported_at, content_hash FROM imports WHERE file_name = ? AND content_hash <> ? ORDER BY id DESC LIMIT 1',
    ).get(req.fileName, hash) as { id: number; imported_at: string; content_hash: string } | undefined;
    importId = Number(
      stmt(db, 'INSERT INTO imports (file_name, content_hash, format, imported_by) VALUES (?, ?, ?, ?)').run(
        req.fileName,
        hash,
        converted ? format : table.delimiter === '\t' ? 'tsv' : 'csv',
        ctx.user,
      ).lastInsertRowid,
    );
    // The diff against the previous import of this file name needs the id of every result the file touches.
    if (previous) sink.trackTouched();
    const batch = previous === undefined;
    // Earlier imports of this file name: a re-import walks beside the rows they stored (ImportWriter.followPriorImports).
    const priorImports = (stmt(db, 'SELECT id FROM imports WHERE file_name = ? AND id <> ? ORDER BY id').all(req.fileName, importId) as { id: number }[]).map((r) => r.id);
    const resolvers = importResults({
      db, source: table.source, cells, headerOf, ctx, importId, created, warnings, out: sink, req, traits: converted?.benchmarkTraits, batch, priorImports,
      benchmarkDefaults: catalogDefaults,
      ...versionColumnOf(ignored),
      benchmarkCatalogName: (name) => findCatalogEntry(name)?.name ?? null,
    });
    totalRows = resolvers.total;
    decisions = [...(converted?.decisions ?? []), ...(dateDecision ? [dateDecision] : []), ...resolvers.decisions];
    const attributeRows = converted?.models ?? releaseDates;
    if (attributeRows) attributes = importAttributes(db, attributeRows, resolvers.models, created);
    unsure = [...resolvers.models.unsure(), ...resolvers.benchmarks.unsure()];
    aliasesAdded = resolvers.models.writeAliases() + resolvers.benchmarks.writeAliases();
    if (previous) {
      const gone = absentResults(db, req.fileName, importId, sink.touched);
      diff = {
        previousImportedAt: previous.imported_at,
        previousHash: previous.content_hash,
        added: sink.counts.add,
        changed: sink.counts.update,
        removed: gone.slice(0, 1000),
        removedCount: gone.length,
        removing: req.removeMissing === true,
      };
      if (req.removeMissing && gone.length) {
        deleteResults(db, gone.map((g) => g.id));
        removed = gone.length;
      }
    }
  } else {
    // Models and benchmarks tables are small: read them whole.
    const rows: DelimitedRow[] = [];
    totalRows = table.source.forEach((r) => rows.push(converted ? r : { line: r.line, cells: r.cells.slice() }));
    if (kind === 'models') modelRows(db, rows, cells.cell, headerOf, created, sink.asArray());
    else benchmarkRows(db, rows, cells.cell, headerOf, created, sink.asArray());
  }
  sink.flushArray();
  const counts: ImportCounts = { ...sink.counts };
  if (importId !== null) {
    if (counts.add + counts.update + removed + aliasesAdded === 0) {
      // Nothing new: leave no trace, so importing the same file twice adds nothing at all. (No result refers to it
      // then; with foreign keys off, do what its ON DELETE SET NULL would do anyway.)
      if (fkOff) stmt(db, 'UPDATE results SET import_id = NULL WHERE import_id = ?').run(importId);
      stmt(db, 'DELETE FROM imports WHERE id = ?').run(importId);
      importId = null;
    } else {
      stmt(db, 'UPDATE imports SET rows_added = ?, rows_updated = ?, rows_rejected = ? WHERE id = ?').run(counts.add, counts.update, counts.reject, importId);
    }
  }
  if (fkOff) verifyTrustedWrites(db);
  if (totalRows === 0 && !converted) warnings.push(`${req.fileName} has a header but no rows.`);
  if (converted && totalRows === 0 && sink.rejected.length === 0) warnings.push(`${req.fileName}: no results found in the file.`);
  const preview: ImportPreview = {
    fileName: req.fileName,
    kind,
    delimiter: table.delimiter,
    headers: converted ? converted.headers : table.headers,
    // A converted format's own columns, as its reader uses them (its rows arrive already in Headroom's columns).
    mapping: converted ? converted.mapping : mapping,
    ignoredColumns: converted ? (Object.keys(converted.mapping).length ? converted.headers.filter((h) => !(h in converted.mapping)) : []) : ignored,
    totalRows: totalRows + (converted?.rejected.length ?? 0),
    counts,
    repeated: sink.repeated,
    created: dedupeCreated(created),
    rejected: sink.rejected,
    sample: sink.sample,
    previouslyImportedAt: prev?.imported_at ?? null,
    warnings: warnings.slice(0, 200),
    format,
    unsure,
    decisions,
    attributes,
    diff,
  };
  return { preview, importId, removed, aliasesAdded };
}

/** Tables besides results that an import writes, with their CHECK constraints and foreign keys (all small). */
const CHECKED_TABLES = ['organizations', 'models', 'benchmarks', 'subtasks'];
const FK_TABLES = ['models', 'model_aliases', 'subtasks', 'benchmark_aliases'];

/**
 * After an import written with foreign keys off (withImportPragmas) and CHECKs ignored during its results pass:
 * check the small tables it may have written as a whole, as SQLite would have checked each row. (Results rows are
 * checked by the ImportWriter as it writes them, its parents once per distinct id.) Throws, which rolls back.
 */
function verifyTrustedWrites(db: Db): void {
  for (const t of CHECKED_TABLES) {
    const r = db.pragma(`quick_check(${t})`) as { quick_check: string }[];
    if (r.length !== 1 || r[0]!.quick_check !== 'ok') throw new Error(`import broke a constraint of ${t}: ${r.map((x) => x.quick_check).join('; ')}`);
  }
  for (const t of FK_TABLES) {
    const r = db.pragma(`foreign_key_check(${t})`) as { table: string; rowid: number; parent: string }[];
    if (r.length) throw new Error(`FOREIGN KEY constraint failed: ${t} row ${r[0]!.rowid} refers to a missing ${r[0]!.parent}`);
  }
}

/**
 * The model attributes a results file gives beside its scores (a wide table's release dates and sizes), written after
 * its results so each row's model name resolves exactly as the results' did (a merge chosen in the preview applies to
 * both; a skipped model gets no attributes).
 */
function importAttributes(db: Db, table: NonNullable<ConvertedTableModels>, models: NameResolver, created: Created): NonNullable<ImportPreview['attributes']> {
  const modelCol = table.columns.indexOf('model');
  const rows: DelimitedRow[] = [];
  for (const r of table.rows) {
    const name = models.resolve(r.cells[modelCol] ?? '').name;
    if (name === null) continue;
    const cells = r.cells.slice();
    cells[modelCol] = name;
    rows.push({ ...r, cells });
  }
  const index = new Map(table.columns.map((c, i) => [c, i]));
  const cells = new CellAccess(index, {});
  const headerOf = new Map(table.columns.map((c) => [c, c]));
  const sink = new OutcomeSink(20);
  modelRows(db, rows, cells.cell, headerOf, created, sink.asArray());
  sink.flushArray();
  return { counts: { ...sink.counts }, sample: sink.sample, rejected: sink.rejected };
}

/**
 * The header of a results file's date column when it is bare ("Date", "date": not "evaluated_on", "eval_date" or
 * one the analyst mapped), else null.
 */
function bareDateColumn(mapping: Record<string, string>, userMapping: Record<string, string>): string | null {
  for (const [h, c] of Object.entries(mapping)) if (c === 'date' && !(h in userMapping) && /^\s*date\s*$/i.test(h)) return h;
  return null;
}

/**
 * What a bare "Date" column of a results table means. A table of models and their scores gives each model one date
 * on every row (its release date); evaluation dates vary between a model's rows, or the table lists each model once.
 * Default: release date when every model with two or more rows has one date across them, else evaluation date.
 */
function dateReading(
  headers: string[],
  source: RowSource,
  mapping: Record<string, string>,
  header: string,
  choice: string | undefined,
): { decision: ImportDecision; release: ConvertedTableModels } {
  const di = headers.indexOf(header);
  const mi = headers.findIndex((h) => mapping[h] === 'model');
  const dates = new Map<string, Set<string>>();
  const rows = new Map<string, number>();
  const firstLine = new Map<string, number>();
  source.forEach((r) => {
    const m = (r.cells[mi] ?? '').trim();
    const d = (r.cells[di] ?? '').trim();
    if (!m || !d) return;
    if (!firstLine.has(m)) firstLine.set(m, r.line);
    rows.set(m, (rows.get(m) ?? 0) + 1);
    const set = dates.get(m) ?? new Set<string>();
    set.add(d);
    dates.set(m, set);
  });
  const repeated = [...rows].filter(([, n]) => n > 1).map(([m]) => m);
  const onePerModel = repeated.length > 0 && repeated.every((m) => dates.get(m)!.size === 1);
  const suggested = onePerModel ? 'release' : 'evaluated';
  const chosen = choice === 'release' || choice === 'evaluated' ? choice : suggested;
  const values = [...rows.values()].reduce((a, b) => a + b, 0);
  const decision: ImportDecision = {
    id: `date:${header}`,
    kind: 'date',
    subject: header,
    message:
      chosen === 'release'
        ? `Column "${header}" is read as each model's release date (${dates.size} model${dates.size === 1 ? '' : 's'}${onePerModel ? ', one date per model on all its rows' : ''}); the results get no evaluation date.`
        : `Column "${header}" is read as the date each result was evaluated (${values} value${values === 1 ? '' : 's'}${onePerModel ? '' : '; a model has several dates'}).`,
    count: 0,
    options: [
      { value: 'release', label: "the model's release date" },
      { value: 'evaluated', label: 'the date the result was evaluated' },
    ],
    chosen,
    suggested,
  };
  if (chosen !== 'release') return { decision, release: undefined };
  const release: DelimitedRow[] = [];
  for (const [m, set] of dates) release.push({ line: firstLine.get(m)!, cells: [m, [...set][0]!] });
  return { decision, release: { columns: ['model', 'release_date'], rows: release } };
}

/** An ignored column whose name says it dates or versions the rows (readme_date, commit, version, snapshot). */
function versionColumnOf(ignored: string[]): { versionColumn?: string } {
  const h = ignored.find((x) => /(^|[_\s-])(date|commit|version|snapshot|updated|revision)([_\s-]|$)/i.test(x));
  return h ? { versionColumn: h } : {};
}

/** Results imported from an earlier file of this name that the current import did not touch. */
function absentResults(db: Db, fileName: string, importId: number, touched: Set<number>): RemovedResult[] {
  const rows = stmt(
    db,
    `SELECT r.id, m.name AS model, b.name AS benchmark, s.name AS subtask, r.score, r.source_line AS line, r.source_place AS place
       FROM results r JOIN imports i ON i.id = r.import_id
       JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id
      WHERE i.file_name = ? AND i.id <> ? ORDER BY r.source_line, r.id`,
  ).all(fileName, importId) as RemovedResult[];
  return rows.filter((r) => !touched.has(r.id));
}

function dedupeCreated(c: Created): Created {
  return {
    organizations: [...new Set(c.organizations)],
    models: [...new Set(c.models)],
    benchmarks: [...new Set(c.benchmarks)],
    subtasks: [...new Set(c.subtasks)],
  };
}

export { FK_OFF_MIN_CHARS, withImportPragmas } from './pragmas';
export { IMPORT_CANCELLED } from './rows';
export type { TableKind };
