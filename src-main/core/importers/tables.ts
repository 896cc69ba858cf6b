/**
 * Import of Headroom's own long-format tables (results, models, benchmarks) from CSV or TSV, with a column mapping
 * for files that name things differently. Preview and apply run the very same code; a preview simply rolls its
 * transaction back, so what it promises is exactly what apply does.
 */
import { createHash } from 'node:crypto';
import type {
  ApiArg,
  CallContext,
  ImportCounts,
  ImportDiff,
  ImportPreview,
  ImportRowOutcome,
  ImportSummary,
  RemovedResult,
  RowIssue,
} from '../../common/api';
import { ApiError } from '../../common/errors';
import type { BenchmarkUnit } from '../../common/domain';
import { benchmarkInput, modelInput, resultInput, type TableKind } from '../../common/schemas';
import { deleteResults } from '../db/repositories/results';
import { zodIssues } from '../dispatch';
import { findBenchmarkId, findSubtaskId, getBenchmark, upsertBenchmark, upsertSubtask } from '../db/repositories/benchmarks';
import { findModelId, getModel, upsertModel } from '../db/repositories/models';
import { findOrganizationId } from '../db/repositories/organizations';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import {
  emptyCreated,
  emptyIdCache,
  ImportWriter,
  resolveIds,
  toResolved,
  type Created,
  type ResultArg,
  type WriteOptions,
} from '../ingest/results';
import { readImportFile, type BenchmarkTraits, type ImportFormat } from './convert';
import { convertFile } from './detect';
import { NameResolver } from './resolve';
import {
  memoized,
  parseBoolCell,
  parseDateCell,
  parseIntCell,
  parseNumberCell,
  parsePositiveCell,
  parseSourceKindCell,
  parseTextCell,
  plainNumberCell,
  textCellValue,
  type CellNumber,
  type Parsed,
} from './cells';
import { COLUMNS, detectKind, mapHeaders } from './columns';
import { openDelimited, type DelimitedRow } from './delimited';

type ImportArg = ApiArg<'import/preview'>;
type Values = Record<string, string | number | boolean | null>;

class Rollback {
  constructor(readonly outcome: RunOutcome) {}
}

interface RunOutcome {
  preview: ImportPreview;
  importId: number | null;
  removed: number;
  aliasesAdded: number;
}

/**
 * Request content (characters) from which an import runs with foreign keys off: about 10,000 rows of a results CSV.
 * SQLite looks up a result's four parents on every insert (≈ 15 % of a bare insert, measured); the ImportWriter
 * instead looks up each distinct parent id once, and the small tables the import writes are checked as a whole
 * at its end (verifyTrustedWrites). Below this size that saving is a few milliseconds, less than re-preparing the
 * connection's statements, which every change of the pragma costs.
 */
export const FK_OFF_MIN_CHARS = 1 << 20;

/**
 * Run `fn` (which opens the import's transaction) with foreign keys off for a big import, and put the setting back
 * afterwards whatever happens (commit, error, cancel, rollback). SQLite ignores `PRAGMA foreign_keys` inside a
 * transaction, so it is set here, before BEGIN; inside one already, `fn` runs with the setting as it is.
 */
export function withImportPragmas<T>(db: Db, content: string, fn: () => T, minChars = FK_OFF_MIN_CHARS): T {
  if (content.length < minChars || db.inTransaction || db.pragma('foreign_keys', { simple: true }) !== 1) return fn();
  db.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/** Show what importing the file would add, update and reject, without writing anything. */
export function previewImport(db: Db, req: ImportArg, ctx: CallContext): ImportPreview {
  try {
    // IMMEDIATE: the preview writes (then rolls back); see service.ts tx.
    withImportPragmas(db, req.content, () =>
      db.transaction(() => {
        throw new Rollback(run(db, req, ctx));
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
  const { preview, importId, removed, aliasesAdded } = run(db, req, ctx);
  return {
    ...preview.counts,
    importId,
    kind: preview.kind,
    created: preview.created,
    rejected: preview.rejected,
    format: preview.format,
    removed,
    aliasesAdded,
  };
}

export function contentHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** Rows read on demand, as often as asked: a big CSV is streamed from its text, a converted file's rows are an array. */
interface RowSource {
  /** Visit every row in order (the row object may be reused between calls); returns how many there were. */
  forEach(visit: (row: DelimitedRow) => void, maxCells?: number): number;
}

function arraySource(rows: DelimitedRow[]): RowSource {
  return {
    forEach(visit) {
      for (const r of rows) visit(r);
      return rows.length;
    },
  };
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
        { headers: table.headers, mapping },
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
    const resolvers = importResults(db, table.source, cells, headerOf, ctx, importId, created, warnings, sink, req, converted?.benchmarkTraits, batch, priorImports);
    totalRows = resolvers.total;
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
    if (kind === 'models') importModels(db, rows, cells.cell, headerOf, created, sink.asArray());
    else importBenchmarks(db, rows, cells.cell, headerOf, created, sink.asArray());
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
    mapping,
    ignoredColumns: ignored,
    totalRows: totalRows + (converted?.rejected.length ?? 0),
    counts,
    created: dedupeCreated(created),
    rejected: sink.rejected,
    sample: sink.sample,
    previouslyImportedAt: prev?.imported_at ?? null,
    warnings: warnings.slice(0, 200),
    format,
    unsure,
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
 * Collects row outcomes without keeping a million of them: counts, every rejection, a sample of each action for the
 * preview table, and the ids of the results the file touched (for the diff against its previous import).
 */
class OutcomeSink {
  readonly counts: ImportCounts = { add: 0, update: 0, unchanged: 0, reject: 0 };
  readonly rejected: RowIssue[] = [];
  readonly sample: ImportRowOutcome[] = [];
  readonly touched = new Set<number>();
  private tracking = false;
  private readonly perAction: Record<ImportRowOutcome['action'], number> = { add: 0, update: 0, unchanged: 0, reject: 0 };
  private buffer: ImportRowOutcome[] = [];
  constructor(private readonly sampleSize: number) {}
  /** Keep the ids of the results rows touch (only the diff against a previous import needs them). */
  trackTouched(): void {
    this.tracking = true;
  }
  wants(action: ImportRowOutcome['action']): boolean {
    return this.perAction[action] < this.sampleSize;
  }
  push(o: ImportRowOutcome, id?: number | null): void {
    this.counts[o.action]++;
    if (o.issues) for (const i of o.issues) this.rejected.push(i);
    if (this.tracking && id !== undefined && id !== null) this.touched.add(id);
    const n = this.perAction[o.action];
    if (n < this.sampleSize) {
      this.perAction[o.action] = n + 1;
      this.sample.push(o);
    }
  }
  /** A row's outcome without building its report when the sample has enough of its kind (a million-row import). */
  count(action: ImportRowOutcome['action'], id: number | null): void {
    this.counts[action]++;
    if (this.tracking && id !== null) this.touched.add(id);
  }
  /** The models and benchmarks importers still push into an array; flushArray takes what they pushed. */
  asArray(): ImportRowOutcome[] {
    return this.buffer;
  }
  flushArray(): void {
    for (const o of this.buffer) {
      const { id, ...rest } = o as ImportRowOutcome & { id?: number };
      this.push(rest, id);
    }
    this.buffer = [];
  }
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

type CellFn = (row: DelimitedRow, column: string) => string;

/** A row's cell of a Headroom column: the mapped file column, else the request's constant for it, else empty. */
class CellAccess {
  constructor(
    readonly colIndex: Map<string, number>,
    readonly constants: Record<string, string>,
  ) {}
  /** The file column index of a Headroom column, or -1 when the file lacks it. */
  index(column: string): number {
    return this.colIndex.get(column) ?? -1;
  }
  at(row: DelimitedRow, index: number, column: string): string {
    if (index >= 0) return row.cells[index] ?? '';
    return this.constants[column] ?? '';
  }
  readonly cell: CellFn = (row, column) => this.at(row, this.index(column), column);
}

/** API field names → table column names, so schema issues name the file's own column. */
const FIELD_COLUMN: Record<string, string> = {
  name: 'model',
  releaseDate: 'release_date',
  trainingComputeFlop: 'training_compute_flop',
  trainingTokens: 'training_tokens',
  openWeights: 'open_weights',
  higherIsBetter: 'higher_is_better',
  humanBaseline: 'human_baseline',
  ceilingReason: 'ceiling_reason',
  itemCount: 'items',
  passK: 'pass_k',
  testTimeCompute: 'test_time_compute',
  sourceKind: 'source_kind',
  evaluatedOn: 'date',
};

function fieldIssues(error: Parameters<typeof zodIssues>[0], line: number, headerOf: Map<string, string>, nameColumn = 'model'): RowIssue[] {
  return zodIssues(error).map((i) => {
    const field = i.path.split('.')[0] ?? '';
    const column = field === 'name' ? nameColumn : (FIELD_COLUMN[field] ?? field);
    return { line, column: headerOf.get(column) ?? column, reason: `${column} ${i.message}` };
  });
}

/** Collects per-cell parse results of one row and the issues they raise, each naming the file's own column. */
class RowReader {
  readonly issues: RowIssue[] = [];
  // The parsed cells in the order read. The Values object a report shows is built only when one asks: storing into
  // an object by a column name that varies is a slow keyed store (11 cells × 1,000,000 rows: 0.23 s against 0.03 s
  // into arrays, measured in isolation), and only the sample's and the rejected rows' values are ever reported.
  private readonly columns: string[] = [];
  private readonly parsed: Values[string][] = [];
  private built: Values | null = null;
  get values(): Values {
    if (this.built === null) {
      const v: Values = {};
      for (let i = 0; i < this.columns.length; i++) v[this.columns[i]!] = this.parsed[i]!;
      this.built = v;
    }
    return this.built;
  }
  private keep(column: string, value: Values[string]): void {
    this.columns.push(column);
    this.parsed.push(value);
    this.built = null;
  }
  constructor(
    private readonly row: DelimitedRow,
    private readonly cell: CellFn,
    private readonly headerOf: Map<string, string>,
  ) {}
  label(column: string): string {
    return this.row.labels?.[column] ?? this.headerOf.get(column) ?? column;
  }
  issue(column: string | null, reason: string, value?: string): void {
    const i: RowIssue = { line: this.row.line, column: column === null ? null : this.label(column), reason };
    if (value !== undefined) i.value = value;
    if (this.row.place) i.place = this.row.place;
    this.issues.push(i);
  }
  get<T>(column: string, parse: (raw: string) => Parsed<T>): T | null {
    return this.read(column, this.cell(this.row, column), parse);
  }
  /** Parse a cell already taken from the row. */
  read<T>(column: string, raw: string, parse: (raw: string) => Parsed<T>): T | null {
    if (raw === '') {
      // Empty cells are "no value" for every parser; skipping the parse keeps a million-row import fast.
      return null;
    }
    const r = parse(raw);
    if (!r.ok) {
      this.issue(column, r.reason, raw.trim().slice(0, 80));
      return null;
    }
    const v = r.value as unknown;
    this.keep(column, v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : (v as CellNumber).value);
    return r.value;
  }
  /** read(column, raw, parseTextCell) without the parser's wrapper object. */
  readText(column: string, raw: string): string | null {
    if (raw === '') return null;
    const v = textCellValue(raw);
    if (v === undefined) return this.read(column, raw, parseTextCell);
    this.keep(column, v);
    return v;
  }
  /** read(column, raw, parseNumberCell) without the parser's wrapper object for a plain number. */
  readNumber(column: string, raw: string): CellNumber | null {
    if (raw === '') return null;
    const plain = plainNumberCell(raw);
    if (plain === null) return this.read(column, raw, parseNumberCell);
    this.keep(column, plain.value);
    return plain;
  }
  require(column: string, value: unknown): void {
    if (value === null || value === undefined) {
      if (!this.issues.some((i) => i.column === this.label(column))) this.issue(column, `${column} is empty; it is required`);
    }
  }
}

/** The schema's limits that the cell parsers do not already enforce; a row failing one goes through zod for its message. */
function passesSchemaQuickly(c: {
  model: string;
  benchmark: string;
  subtask: string | null;
  stderr: number | null;
  effort: string | null;
  source: string;
  notes: string | null;
}): boolean {
  return (
    c.model.length <= 300 &&
    c.benchmark.length <= 300 &&
    (c.subtask === null || c.subtask.length <= 300) &&
    (c.stderr === null || c.stderr >= 0) &&
    (c.effort === null || c.effort.length <= 40) &&
    c.source.length <= 2000 &&
    (c.notes === null || c.notes.length <= 10_000)
  );
}

/** A score or stderr in the benchmark's unit: a percentage (or a file that writes this fraction benchmark in percent) / 100. */
function inUnit(c: CellNumber | null, filePercent: boolean, unit: BenchmarkUnit): number | null {
  return c === null ? null : (c.percent || filePercent) && unit === 'fraction' ? c.value / 100 : c.value;
}

// Counts and shots repeat few distinct cells (n = 500, shots = 5): answer each text once.
const parseCount = memoized((t: string) => parseIntCell(t, 1));
const parseShots = memoized((t: string) => parseIntCell(t, 0));

/** What a results row hands the writer, to be reported once it is written (in file order). */
interface RowToken {
  line: number;
  place: string | undefined;
  /** The row's parsed cells (their Values are built only for a report). */
  reader: RowReader;
  /** Warnings about this row raised before its write, kept so every warning stays in file order. */
  before: string[] | null;
  /** A rejected row's report (the writer passes it through in order). */
  rejected: ImportRowOutcome | null;
}

/** What a cancelled import says: its transaction rolls back. */
export const IMPORT_CANCELLED = 'The import was cancelled; nothing was written.';

/**
 * The call's progress and cancel for one pass over the rows: every 4,096 rows it reports progress and, once the call
 * is cancelled (jobs/cancel, or a client that went away), throws, which rolls the import's transaction back.
 */
function rowTicker(ctx: CallContext, phase: string, total: number): () => void {
  let n = 0;
  return () => {
    if ((++n & 4095) !== 0) return;
    ctx.cancel.throwIfCancelled(IMPORT_CANCELLED);
    ctx.progress.report(phase, n, total);
  };
}

/**
 * A score cell written as a plain decimal below 1 ("0.8412", "0", ".5", "0."): such a score can make its benchmark
 * neither a percent one nor one with scores above 100, so the first pass need not parse it (most cells of a file of
 * fractions; parsing them all cost ≈ 0.3 s per 1,000,000 rows).
 */
function plainFraction(t: string): boolean {
  const n = t.length;
  if (n === 0 || n > 24) return false;
  let i = 0;
  if (t.charCodeAt(0) === 48) {
    if (n === 1) return true;
    i = 1;
  }
  if (t.charCodeAt(i) !== 46) return false;
  for (i++; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function importResults(
  db: Db,
  source: RowSource,
  cells: CellAccess,
  headerOf: Map<string, string>,
  ctx: CallContext,
  importId: number,
  created: Created,
  warnings: string[],
  out: OutcomeSink,
  req: ImportArg,
  traits: Map<string, BenchmarkTraits> | undefined,
  batch: boolean,
  priorImports: number[],
): { models: NameResolver; benchmarks: NameResolver; total: number } {
  const ix = {
    model: cells.index('model'),
    benchmark: cells.index('benchmark'),
    subtask: cells.index('subtask'),
    score: cells.index('score'),
    stderr: cells.index('stderr'),
    n: cells.index('n'),
    shots: cells.index('shots'),
    cot: cells.index('cot'),
    pass_k: cells.index('pass_k'),
    test_time_compute: cells.index('test_time_compute'),
    effort: cells.index('effort'),
    source: cells.index('source'),
    source_kind: cells.index('source_kind'),
    date: cells.index('date'),
    notes: cells.index('notes'),
  };
  // First pass, over the three cells it needs. A benchmark this file creates gets the unit its own scores are written
  // in: percent when any score of it is written with "%" or lies above 1, else fraction (unless the format says
  // which, e.g. a perplexity is points).
  const percentBenchmarks = new Set<string>();
  // Benchmarks whose every plain score lies in 0–100 with some above 1: a README's "93.3" means 93.3%.
  const over100 = new Set<string>();
  const modelNames = new Set<string>();
  const seenModels = new Set<string>();
  const firstCells = Math.max(ix.model, ix.benchmark, ix.score) + 1;
  const readTick = rowTicker(ctx, 'reading rows', 0);
  let lastBenchmarkCell: string | null = null;
  let lastBenchmark = '';
  const total = source.forEach((row) => {
    readTick();
    const modelCell = cells.at(row, ix.model, 'model');
    if (!seenModels.has(modelCell)) {
      seenModels.add(modelCell);
      modelNames.add(modelCell.trim().toLowerCase());
    }
    // Rows come in runs of one benchmark: lower-case its cell once per run.
    const benchmarkCell = cells.at(row, ix.benchmark, 'benchmark');
    if (benchmarkCell !== lastBenchmarkCell) {
      lastBenchmarkCell = benchmarkCell;
      lastBenchmark = benchmarkCell.trim().toLowerCase();
    }
    const b = lastBenchmark;
    if (!b) return;
    const scoreCell = cells.at(row, ix.score, 'score');
    if (plainFraction(scoreCell)) return;
    const s = parseNumberCell(scoreCell);
    if (s.ok && s.value && !s.value.percent && s.value.value > 100) over100.add(b);
    if (percentBenchmarks.has(b)) return;
    if (s.ok && s.value && (s.value.percent || s.value.value > 1)) percentBenchmarks.add(b);
  }, firstCells);
  seenModels.clear();
  const plainPercent = (raw: string) => percentBenchmarks.has(raw) && !over100.has(raw) && !traits?.get(raw)?.unit;
  const noted = new Set<string>();
  const decisions = req.resolutions ?? {};
  const models = new NameResolver(db, 'model', decisions, modelNames);
  const benchmarks = new NameResolver(db, 'benchmark', decisions);
  const cache = emptyIdCache();
  const unitOf = (name: string): BenchmarkUnit => traits?.get(name)?.unit ?? (percentBenchmarks.has(name) ? 'percent' : 'fraction');
  const writeOpts: WriteOptions = {
    createMissing: true,
    user: ctx.user,
    importId,
    cache,
    newBenchmarkUnit: (name: string) => unitOf(name),
    newBenchmarkTraits: (name: string) => {
      const t = traits?.get(name);
      if (!t) return undefined;
      return { ...(t.higherIsBetter !== undefined ? { higherIsBetter: t.higherIsBetter } : {}), ...(t.metric ? { metric: t.metric } : {}) };
    },
    onCreated: (kind: 'model' | 'benchmark' | 'subtask', id: number, name: string) => {
      if (kind === 'model') models.add({ id, name });
      else if (kind === 'benchmark') benchmarks.add({ id, name });
    },
  };
  const unitCache = new Map<number, { unit: BenchmarkUnit; floor: number; ceiling: number; name: string }>();
  const warn = (t: RowToken, message: string) => {
    if (warnings.length + (t.before?.length ?? 0) < 200) (t.before ??= []).push(message);
  };

  // A big file touches every page of the results indexes; with SQLite's default 2 MB page cache the transaction
  // spills pages to the WAL over and over. Give this connection room while the import runs: 64 MB was as fast as
  // 512 MB or 2 GB for a million rows (measured; bench/import.ts), and keeps the process's memory down.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const tempStore = db.pragma('temp_store', { simple: true }) as number;
  if (total > 20_000) {
    db.pragma('cache_size = -65536');
    setTempStore(db, 'MEMORY');
  }
  // With foreign keys off (a big import, withImportPragmas), SQLite's CHECKs are skipped too while the rows are
  // written (≈ 15 % of a bare insert, measured): the ImportWriter checks each result row against the same rules
  // (resultCheckFailure), and verifyTrustedWrites checks the other tables at the end. Unlike foreign_keys this can
  // change inside a transaction; it is put back in the finally below, before anything else is written.
  const ignoreChecks = db.pragma('foreign_keys', { simple: true }) === 0 && db.pragma('ignore_check_constraints', { simple: true }) === 0;
  try {
    if (ignoreChecks) db.pragma('ignore_check_constraints = ON');
    const writer = new ImportWriter<RowToken>(db, importId, batch, (o, t) => {
      if (t.before) for (const w of t.before) if (warnings.length < 200) warnings.push(w);
      if (o === null) {
        out.push(t.rejected!);
        return;
      }
      if (o.action === 'update' && o.repeatsLine !== null && warnings.length < 200) {
        warnings.push(
          `line ${t.line}${t.place ? ` (${t.place})` : ''} repeats the result of line ${o.repeatsLine} (same model, benchmark, setting and source) with other values; the later one is kept.`,
        );
      }
      if (o.action === 'unchanged' && o.repeatsLine !== null && warnings.length < 200) {
        warnings.push(`line ${t.line} repeats line ${o.repeatsLine} exactly.`);
      }
      if (!out.wants(o.action)) {
        out.count(o.action, o.id);
        return;
      }
      const outcome: ImportRowOutcome = { line: t.line, action: o.action, values: t.reader.values };
      if (o.changes.length) outcome.changes = o.changes;
      if (o.issues.length) outcome.issues = o.issues.map((i) => (t.place ? { ...i, place: t.place } : i));
      out.push(outcome, o.id);
    }, total);
    writer.followPriorImports(priorImports);
    const reject = (t: RowToken, issues: RowIssue[]) => {
      t.rejected = { line: t.line, action: 'reject', values: t.reader.values, issues };
      writer.write(null, t);
    };
    const writeTick = rowTicker(ctx, 'writing rows', total);
    // The benchmark cell of the previous row and what it resolved to (set only once the benchmark exists).
    const lastBench: { raw: string | null; id: number | null; unit: BenchmarkUnit; range: { floor: number; ceiling: number; name: string } | null; filePercent: boolean } = {
      raw: null,
      id: null,
      unit: 'fraction',
      range: null,
      filePercent: false,
    };
    source.forEach((row) => {
      writeTick();
      const r = new RowReader(row, cells.cell, headerOf);
      const modelRaw = r.readText('model', cells.at(row, ix.model, 'model'));
      const benchmarkRaw = r.readText('benchmark', cells.at(row, ix.benchmark, 'benchmark'));
      const subtask = r.readText('subtask', cells.at(row, ix.subtask, 'subtask'));
      const score = r.readNumber('score', cells.at(row, ix.score, 'score'));
      const stderr = r.readNumber('stderr', cells.at(row, ix.stderr, 'stderr'));
      const n = r.read('n', cells.at(row, ix.n, 'n'), parseCount);
      const shots = r.read('shots', cells.at(row, ix.shots, 'shots'), parseShots);
      const cot = r.read('cot', cells.at(row, ix.cot, 'cot'), parseBoolCell);
      const passK = r.read('pass_k', cells.at(row, ix.pass_k, 'pass_k'), parseCount);
      let ttc = r.read('test_time_compute', cells.at(row, ix.test_time_compute, 'test_time_compute'), parsePositiveCell);
      let effort = r.readText('effort', cells.at(row, ix.effort, 'effort'));
      const sourceCell = r.readText('source', cells.at(row, ix.source, 'source'));
      const sourceKind = r.read('source_kind', cells.at(row, ix.source_kind, 'source_kind'), parseSourceKindCell);
      const date = r.read('date', cells.at(row, ix.date, 'date'), parseDateCell);
      const notes = r.readText('notes', cells.at(row, ix.notes, 'notes'));
      r.require('model', modelRaw);
      r.require('benchmark', benchmarkRaw);
      r.require('score', score);
      const t: RowToken = { line: row.line, place: row.place, reader: r, before: null, rejected: null };
      if (r.issues.length || !modelRaw || !benchmarkRaw || !score) {
        reject(t, r.issues);
        return;
      }
      // Name resolution: exact names and aliases, setting suffixes, and the analyst's decisions on unsure names.
      const m = models.resolve(modelRaw);
      const b = benchmarks.resolve(benchmarkRaw);
      if (m.name === null || b.name === null) {
        const which = m.name === null ? 'model' : 'benchmark';
        r.issue(which, `${which} "${which === 'model' ? modelRaw : benchmarkRaw}" skipped: you chose to skip it in the preview`);
        reject(t, r.issues);
        return;
      }
      const model = m.name;
      const benchmark = b.name;
      if (effort === null && m.effort !== null) effort = m.effort;
      if (ttc === null && m.testTimeCompute !== null) ttc = m.testTimeCompute;
      // Convert percentages into the benchmark's own unit. Rows come in runs of one benchmark cell, and once its
      // benchmark exists what follows depends on that cell alone: remember it for the run.
      const same = benchmarkRaw === lastBench.raw;
      const benchId = same ? lastBench.id : (cache.benchmarks.get(benchmark.toLowerCase()) ?? findBenchmarkId(db, benchmark));
      let unit: BenchmarkUnit = same ? lastBench.unit : unitOf(benchmark.toLowerCase());
      let range: { floor: number; ceiling: number; name: string } | null = same ? lastBench.range : null;
      if (benchId !== null && !same) {
        let info = unitCache.get(benchId);
        if (!info) {
          const bm = stmt(db, 'SELECT unit, floor, ceiling, name FROM benchmarks WHERE id = ?').get(benchId) as
            | { unit: BenchmarkUnit; floor: number; ceiling: number; name: string }
            | undefined;
          if (bm) {
            info = bm;
            unitCache.set(benchId, info);
          }
        }
        if (info) {
          unit = info.unit;
          range = info;
        }
      }
      // A fraction benchmark written in percent by this file ("77.0%", or a README's plain "93.3"): divide by 100.
      const filePercent = same ? lastBench.filePercent : unit === 'fraction' && benchId !== null && plainPercent(benchmarkRaw.toLowerCase());
      if (!same && benchId !== null) {
        lastBench.raw = benchmarkRaw;
        lastBench.id = benchId;
        lastBench.unit = unit;
        lastBench.range = range;
        lastBench.filePercent = filePercent;
      }
      if (filePercent && !noted.has(benchmark)) {
        noted.add(benchmark);
        warn(t, `${benchmark} is stored as a fraction (0–1); this file writes it in percent, so its scores are divided by 100.`);
      }
      const candidate = {
        model,
        benchmark,
        subtask,
        score: inUnit(score, filePercent, unit) as number,
        stderr: inUnit(stderr, filePercent, unit),
        n,
        shots,
        cot,
        passK,
        testTimeCompute: ttc,
        effort,
        source: sourceCell ?? '',
        sourceKind,
        evaluatedOn: date,
        notes,
      };
      let valid: ResultArg;
      if (passesSchemaQuickly(candidate)) {
        // Every cell parser above already enforced the rest of resultInput (finite numbers, whole counts, real dates).
        valid = candidate;
      } else {
        const parsed = resultInput.safeParse(candidate);
        if (!parsed.success) {
          reject(t, fieldIssues(parsed.error, row.line, headerOf).map((i) => (row.place ? { ...i, place: row.place } : i)));
          return;
        }
        valid = parsed.data;
      }
      const value = valid.score;
      // Below chance is possible (noise); below zero or above the ceiling is not. Points have no fixed range.
      if (range && unit !== 'points' && (value < 0 || value > Math.max(range.floor, range.ceiling) + 1e-9)) {
        warn(t, `line ${row.line}: score ${value} lies outside what ${range.name} allows (0 to ${range.ceiling}); it is kept, and will be flagged.`);
      }
      writeOpts.sourcePlace = row.place ?? null;
      const ids = resolveIds(db, valid, row.line, writeOpts, created);
      if (ids.issues) {
        reject(t, ids.issues.map((i) => (row.place ? { ...i, place: row.place } : i)));
        return;
      }
      writer.write(toResolved(valid, row.line, ids, writeOpts), t);
    });
    ctx.progress.report('finishing', total, total);
    writer.flush();
  } finally {
    if (ignoreChecks) db.pragma('ignore_check_constraints = OFF');
    db.pragma(`cache_size = ${Number(cacheSize)}`);
    setTempStore(db, Number(tempStore));
  }
  return { models, benchmarks, total };
}

/**
 * Set temp_store, a speed hint only: SQLite refuses to change it inside a transaction once this connection has opened
 * its temporary database (an integrity check or an INSERT ... SELECT from the same table does), and the import
 * then runs with the setting it has rather than failing.
 */
function setTempStore(db: Db, value: 'MEMORY' | number): void {
  try {
    db.pragma(value === 'MEMORY' ? 'temp_store = MEMORY' : `temp_store = ${Number(value)}`);
  } catch (e) {
    if (!(e instanceof Error && /temporary storage cannot be changed/.test(e.message))) throw e;
  }
}

function importModels(db: Db, rows: DelimitedRow[], cell: CellFn, headerOf: Map<string, string>, created: Created, out: ImportRowOutcome[]): void {
  for (const row of rows) {
    const r = new RowReader(row, cell, headerOf);
    const name = r.get('model', parseTextCell);
    const organization = r.get('organization', parseTextCell);
    const family = r.get('family', parseTextCell);
    const releaseDate = r.get('release_date', parseDateCell);
    const parameters = r.get('parameters', parsePositiveCell);
    const compute = r.get('training_compute_flop', parsePositiveCell);
    const tokens = r.get('training_tokens', parsePositiveCell);
    const openWeights = r.get('open_weights', parseBoolCell);
    const aliases = r.get('aliases', parseTextCell);
    const notes = r.get('notes', parseTextCell);
    r.require('model', name);
    if (r.issues.length || !name) {
      out.push({ line: row.line, action: 'reject', values: r.values, issues: r.issues });
      continue;
    }
    // Empty cells keep what is stored; only given values can change a model.
    const input = {
      name,
      ...(organization !== null ? { organization } : {}),
      ...(family !== null ? { family } : {}),
      ...(releaseDate !== null ? { releaseDate } : {}),
      ...(parameters !== null ? { parameters } : {}),
      ...(compute !== null ? { trainingComputeFlop: compute } : {}),
      ...(tokens !== null ? { trainingTokens: tokens } : {}),
      ...(openWeights !== null ? { openWeights } : {}),
      ...(notes !== null ? { notes } : {}),
    };
    const aliasList = aliases ? aliases.split(/[;|]/).map((a) => a.trim()).filter(Boolean) : null;
    const valid = modelInput.safeParse({ ...input, ...(aliasList ? { aliases: aliasList } : {}) });
    if (!valid.success) {
      out.push({ line: row.line, action: 'reject', values: r.values, issues: fieldIssues(valid.error, row.line, headerOf) });
      continue;
    }
    const id = findModelId(db, name);
    if (organization !== null && findOrganizationId(db, organization) === null) created.organizations.push(organization);
    try {
      if (id === null) {
        const newId = upsertModel(db, { ...input, ...(aliasList ? { aliases: aliasList } : {}) });
        created.models.push(name);
        out.push({ line: row.line, action: 'add', values: r.values, id: newId } as ImportRowOutcome);
        continue;
      }
      const before = getModel(db, id);
      const changes: string[] = [];
      const cmp = (field: string, old: unknown, now: unknown) => {
        if (now !== undefined && now !== old) changes.push(`${field}: ${old ?? '∅'} → ${now}`);
      };
      cmp('organization', before.organization?.toLowerCase(), input.organization?.toLowerCase());
      cmp('family', before.family, input.family);
      cmp('release_date', before.releaseDate, input.releaseDate);
      cmp('parameters', before.parameters, input.parameters);
      cmp('training_compute_flop', before.trainingComputeFlop, input.trainingComputeFlop);
      cmp('training_tokens', before.trainingTokens, input.trainingTokens);
      cmp('open_weights', before.openWeights, input.openWeights);
      cmp('notes', before.notes, input.notes);
      const newAliases = aliasList?.filter((a) => !before.aliases.some((b) => b.toLowerCase() === a.toLowerCase()) && a.toLowerCase() !== before.name.toLowerCase());
      if (newAliases?.length) changes.push(`aliases: + ${newAliases.join(', ')}`);
      if (!changes.length) {
        out.push({ line: row.line, action: 'unchanged', values: r.values });
        continue;
      }
      upsertModel(db, { ...input, id, name: before.name, ...(newAliases?.length ? { aliases: [...before.aliases, ...newAliases] } : {}) });
      out.push({ line: row.line, action: 'update', values: r.values, changes });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      out.push({ line: row.line, action: 'reject', values: r.values, issues: [{ line: row.line, column: headerOf.get('model') ?? 'model', reason: e.message }] });
    }
  }
}

function importBenchmarks(db: Db, rows: DelimitedRow[], cell: CellFn, headerOf: Map<string, string>, created: Created, out: ImportRowOutcome[]): void {
  const UNITS = new Set(['fraction', 'percent', 'points']);
  for (const row of rows) {
    const r = new RowReader(row, cell, headerOf);
    const name = r.get('benchmark', parseTextCell);
    const subtask = r.get('subtask', parseTextCell);
    const category = r.get('category', parseTextCell);
    const metric = r.get('metric', parseTextCell);
    const unitText = r.get('unit', parseTextCell);
    const hib = r.get('higher_is_better', parseBoolCell);
    const floor = r.get('floor', parseNumberCell);
    const ceiling = r.get('ceiling', parseNumberCell);
    const ceilingReason = r.get('ceiling_reason', parseTextCell);
    const human = r.get('human_baseline', parseNumberCell);
    const releaseDate = r.get('release_date', parseDateCell);
    const items = r.get('items', (t) => parseIntCell(t, 1));
    const weight = r.get('weight', parseNumberCell);
    const version = r.get('version', parseTextCell);
    const description = r.get('description', parseTextCell);
    r.require('benchmark', name);
    if (unitText !== null && !UNITS.has(unitText.toLowerCase())) {
      r.issues.push({ line: row.line, column: headerOf.get('unit') ?? 'unit', reason: `"${unitText}" is not a unit (fraction, percent or points)`, value: unitText });
    }
    if (r.issues.length || !name) {
      out.push({ line: row.line, action: 'reject', values: r.values, issues: r.issues });
      continue;
    }
    const anyPercent = [floor, ceiling, human].some((v) => v?.percent);
    const unit = (unitText?.toLowerCase() as BenchmarkUnit | undefined) ?? (anyPercent || (ceiling?.value ?? 0) > 1 ? 'percent' : undefined);
    try {
      let benchId = findBenchmarkId(db, name);
      if (subtask !== null) {
        if (benchId === null) {
          benchId = upsertBenchmark(db, { name, ...(unit ? { unit } : {}) });
          created.benchmarks.push(name);
        }
        const existing = findSubtaskId(db, benchId, subtask);
        const input = {
          benchmarkId: benchId,
          name: subtask,
          ...(items !== null ? { itemCount: items } : {}),
          ...(floor !== null ? { floor: floor.value } : {}),
          ...(weight !== null ? { weight: weight.value } : {}),
        };
        if (existing === null) {
          upsertSubtask(db, input);
          created.subtasks.push(`${name} / ${subtask}`);
          out.push({ line: row.line, action: 'add', values: r.values });
        } else {
          const before = getBenchmark(db, benchId).subtasks.find((s) => s.id === existing);
          const changes: string[] = [];
          if (input.itemCount !== undefined && input.itemCount !== before?.itemCount) changes.push(`items: ${before?.itemCount ?? '∅'} → ${input.itemCount}`);
          if (input.floor !== undefined && input.floor !== before?.floor) changes.push(`floor: ${before?.floor ?? '∅'} → ${input.floor}`);
          if (input.weight !== undefined && input.weight !== before?.weight) changes.push(`weight: ${before?.weight ?? '∅'} → ${input.weight}`);
          if (changes.length) upsertSubtask(db, { ...input, id: existing });
          out.push({ line: row.line, action: changes.length ? 'update' : 'unchanged', values: r.values, ...(changes.length ? { changes } : {}) });
        }
        continue;
      }
      const input = {
        name,
        ...(category !== null ? { category } : {}),
        ...(metric !== null ? { metric } : {}),
        ...(unit ? { unit } : {}),
        ...(hib !== null ? { higherIsBetter: hib } : {}),
        ...(floor !== null ? { floor: floor.value } : {}),
        ...(ceiling !== null ? { ceiling: ceiling.value } : {}),
        ...(ceilingReason !== null ? { ceilingReason } : {}),
        ...(human !== null ? { humanBaseline: human.value } : {}),
        ...(releaseDate !== null ? { releaseDate } : {}),
        ...(items !== null ? { itemCount: items } : {}),
        ...(version !== null ? { version } : {}),
        ...(description !== null ? { description } : {}),
      };
      const valid = benchmarkInput.safeParse(input);
      if (!valid.success) {
        out.push({ line: row.line, action: 'reject', values: r.values, issues: fieldIssues(valid.error, row.line, headerOf, 'benchmark') });
        continue;
      }
      if (benchId === null) {
        upsertBenchmark(db, input);
        created.benchmarks.push(name);
        out.push({ line: row.line, action: 'add', values: r.values });
        continue;
      }
      const before = getBenchmark(db, benchId);
      const changes: string[] = [];
      const cmp = (field: string, old: unknown, now: unknown) => {
        if (now !== undefined && now !== old) changes.push(`${field}: ${old ?? '∅'} → ${now}`);
      };
      cmp('category', before.category, input.category);
      cmp('metric', before.metric, input.metric);
      cmp('unit', before.unit, input.unit);
      cmp('higher_is_better', before.higherIsBetter, input.higherIsBetter);
      cmp('floor', before.floor, input.floor);
      cmp('ceiling', before.ceiling, input.ceiling);
      cmp('ceiling_reason', before.ceilingReason, input.ceilingReason);
      cmp('human_baseline', before.humanBaseline, input.humanBaseline);
      cmp('release_date', before.releaseDate, input.releaseDate);
      cmp('items', before.itemCount, input.itemCount);
      cmp('version', before.version, input.version);
      cmp('description', before.description, input.description);
      if (changes.length) upsertBenchmark(db, { ...input, id: benchId, name: before.name });
      out.push({ line: row.line, action: changes.length ? 'update' : 'unchanged', values: r.values, ...(changes.length ? { changes } : {}) });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      out.push({ line: row.line, action: 'reject', values: r.values, issues: [{ line: row.line, column: null, reason: e.message }] });
    }
  }
}

export type { TableKind };
