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
import { emptyCreated, emptyIdCache, writeResult, type Created, type ResultArg, type RowOutcome } from '../ingest/results';
import { readImportFile, type BenchmarkTraits, type ImportFormat } from './convert';
import { convertFile } from './detect';
import { NameResolver } from './resolve';
import {
  parseBoolCell,
  parseDateCell,
  parseIntCell,
  parseNumberCell,
  parsePositiveCell,
  parseSourceKindCell,
  parseTextCell,
  type CellNumber,
  type Parsed,
} from './cells';
import { COLUMNS, detectKind, mapHeaders } from './columns';
import { readDelimited, type DelimitedRow } from './delimited';

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

/** Show what importing the file would add, update and reject, without writing anything. */
export function previewImport(db: Db, req: ImportArg, ctx: CallContext): ImportPreview {
  try {
    db.transaction(() => {
      throw new Rollback(run(db, req, ctx));
    })();
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

function run(db: Db, req: ImportArg, ctx: CallContext): RunOutcome {
  const file = readImportFile(req);
  const converted = convertFile(file, req);
  let table: { delimiter: string; headers: string[]; rows: DelimitedRow[] };
  let mapping: Record<string, string>;
  let ignored: string[];
  let kind: TableKind | null;
  const constants = req.constants ?? {};
  if (converted) {
    // An outside format arrives already in Headroom's columns; its own headers are shown in the preview.
    table = { delimiter: '', headers: [...converted.columns], rows: converted.rows };
    mapping = Object.fromEntries(converted.columns.map((c) => [c, c]));
    ignored = [];
    kind = converted.kind;
  } else {
    table = readDelimited(req.fileName, file.text ?? '');
    ({ mapping, ignored } = mapHeaders(table.headers, req.mapping ?? {}));
    const columns = new Set([...Object.values(mapping), ...Object.keys(constants)]);
    kind = req.kind ?? detectKind(columns);
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
    const required = kind === 'results' ? ['model', 'benchmark', 'score'] : kind === 'models' ? ['model'] : ['benchmark'];
    const missing = required.filter((c) => !columns.has(c));
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
  const prev = stmt(db, 'SELECT imported_at FROM imports WHERE content_hash = ? ORDER BY id DESC LIMIT 1').get(hash) as
    | { imported_at: string }
    | undefined;

  const colIndex = new Map<string, number>();
  table.headers.forEach((h, i) => {
    const c = mapping[h];
    if (c) colIndex.set(c, i);
  });
  const headerOf = new Map<string, string>(Object.entries(mapping).map(([h, c]) => [c, h]));
  const cell = (row: DelimitedRow, c: string): string => {
    const i = colIndex.get(c);
    if (i !== undefined) return row.cells[i] ?? '';
    return constants[c] ?? '';
  };

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
    // A big file touches every page of the results indexes; with SQLite's default 2 MB page cache the transaction
    // spills pages to the WAL over and over. Give this connection room while the import runs.
    const cacheSize = db.pragma('cache_size', { simple: true }) as number;
    if (table.rows.length > 20_000) db.pragma('cache_size = -524288');
    let resolvers: ReturnType<typeof importResults>;
    try {
      resolvers = importResults(db, table.rows, cell, headerOf, ctx, importId, created, warnings, sink, req, converted?.benchmarkTraits);
    } finally {
      db.pragma(`cache_size = ${Number(cacheSize)}`);
    }
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
  } else if (kind === 'models') {
    importModels(db, table.rows, cell, headerOf, created, sink.asArray());
  } else {
    importBenchmarks(db, table.rows, cell, headerOf, created, sink.asArray());
  }
  sink.flushArray();
  const counts: ImportCounts = { ...sink.counts };
  if (importId !== null) {
    if (counts.add + counts.update + removed + aliasesAdded === 0) {
      // Nothing new: leave no trace, so importing the same file twice adds nothing at all.
      stmt(db, 'DELETE FROM imports WHERE id = ?').run(importId);
      importId = null;
    } else {
      stmt(db, 'UPDATE imports SET rows_added = ?, rows_updated = ?, rows_rejected = ? WHERE id = ?').run(counts.add, counts.update, counts.reject, importId);
    }
  }
  if (table.rows.length === 0 && !converted) warnings.push(`${req.fileName} has a header but no rows.`);
  if (converted && table.rows.length === 0 && sink.rejected.length === 0) warnings.push(`${req.fileName}: no results found in the file.`);
  const preview: ImportPreview = {
    fileName: req.fileName,
    kind,
    delimiter: table.delimiter,
    headers: converted ? converted.headers : table.headers,
    mapping,
    ignoredColumns: ignored,
    totalRows: table.rows.length + (converted?.rejected.length ?? 0),
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

/**
 * Collects row outcomes without keeping a million of them: counts, every rejection, a sample of each action for the
 * preview table, and the ids of the results the file touched (for the diff against its previous import).
 */
class OutcomeSink {
  readonly counts: ImportCounts = { add: 0, update: 0, unchanged: 0, reject: 0 };
  readonly rejected: RowIssue[] = [];
  readonly sample: ImportRowOutcome[] = [];
  readonly touched = new Set<number>();
  private readonly perAction: Record<string, number> = {};
  private buffer: ImportRowOutcome[] = [];
  constructor(private readonly sampleSize: number) {}
  wants(action: ImportRowOutcome['action']): boolean {
    return (this.perAction[action] ?? 0) < this.sampleSize;
  }
  push(o: ImportRowOutcome, id?: number | null): void {
    this.counts[o.action]++;
    if (o.issues) this.rejected.push(...o.issues);
    if (id !== undefined && id !== null) this.touched.add(id);
    const n = this.perAction[o.action] ?? 0;
    if (n < this.sampleSize) {
      this.perAction[o.action] = n + 1;
      this.sample.push(o);
    }
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
  readonly values: Values = {};
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
    const raw = this.cell(this.row, column);
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
    this.values[column] = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : (v as CellNumber).value;
    return r.value;
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

function importResults(
  db: Db,
  rows: DelimitedRow[],
  cell: CellFn,
  headerOf: Map<string, string>,
  ctx: CallContext,
  importId: number,
  created: Created,
  warnings: string[],
  out: OutcomeSink,
  req: ImportArg,
  traits: Map<string, BenchmarkTraits> | undefined,
): { models: NameResolver; benchmarks: NameResolver } {
  // A benchmark this file creates gets the unit its own scores are written in: percent when any score of it is
  // written with "%" or lies above 1, else fraction (unless the format says which, e.g. a perplexity is points).
  const percentBenchmarks = new Set<string>();
  // Benchmarks whose every plain score lies in 0–100 with some above 1: a README's "93.3" means 93.3%.
  const over100 = new Set<string>();
  const modelNames = new Set<string>();
  for (const row of rows) {
    const b = cell(row, 'benchmark').trim().toLowerCase();
    modelNames.add(cell(row, 'model').trim().toLowerCase());
    if (!b) continue;
    const s = parseNumberCell(cell(row, 'score'));
    if (s.ok && s.value && !s.value.percent && s.value.value > 100) over100.add(b);
    if (percentBenchmarks.has(b)) continue;
    if (s.ok && s.value && (s.value.percent || s.value.value > 1)) percentBenchmarks.add(b);
  }
  const plainPercent = (raw: string) => percentBenchmarks.has(raw) && !over100.has(raw) && !traits?.get(raw)?.unit;
  const noted = new Set<string>();
  const decisions = req.resolutions ?? {};
  const models = new NameResolver(db, 'model', decisions, modelNames);
  const benchmarks = new NameResolver(db, 'benchmark', decisions);
  const cache = emptyIdCache();
  const unitOf = (name: string): BenchmarkUnit => traits?.get(name)?.unit ?? (percentBenchmarks.has(name) ? 'percent' : 'fraction');
  const writeOpts = {
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
  // Rows of this file that added a result, so a later row with the same key can be reported as overriding it.
  const addedAt = new Map<number, number>();
  for (const row of rows) {
    const r = new RowReader(row, cell, headerOf);
    const modelRaw = r.get('model', parseTextCell);
    const benchmarkRaw = r.get('benchmark', parseTextCell);
    const subtask = r.get('subtask', parseTextCell);
    const score = r.get('score', parseNumberCell);
    const stderr = r.get('stderr', parseNumberCell);
    const n = r.get('n', (t) => parseIntCell(t, 1));
    const shots = r.get('shots', (t) => parseIntCell(t, 0));
    const cot = r.get('cot', parseBoolCell);
    const passK = r.get('pass_k', (t) => parseIntCell(t, 1));
    let ttc = r.get('test_time_compute', parsePositiveCell);
    let effort = r.get('effort', parseTextCell);
    const source = r.get('source', parseTextCell);
    const sourceKind = r.get('source_kind', parseSourceKindCell);
    const date = r.get('date', parseDateCell);
    const notes = r.get('notes', parseTextCell);
    r.require('model', modelRaw);
    r.require('benchmark', benchmarkRaw);
    r.require('score', score);
    if (r.issues.length || !modelRaw || !benchmarkRaw || !score) {
      out.push({ line: row.line, action: 'reject', values: r.values, issues: r.issues });
      continue;
    }
    // Name resolution: exact names and aliases, setting suffixes, and the analyst's decisions on unsure names.
    const m = models.resolve(modelRaw);
    const b = benchmarks.resolve(benchmarkRaw);
    if (m.name === null || b.name === null) {
      const which = m.name === null ? 'model' : 'benchmark';
      r.issue(which, `${which} "${which === 'model' ? modelRaw : benchmarkRaw}" skipped: you chose to skip it in the preview`);
      out.push({ line: row.line, action: 'reject', values: r.values, issues: r.issues });
      continue;
    }
    const model = m.name;
    const benchmark = b.name;
    if (effort === null && m.effort !== null) effort = m.effort;
    if (ttc === null && m.testTimeCompute !== null) ttc = m.testTimeCompute;
    // Convert percentages into the benchmark's own unit.
    const benchId = cache.benchmarks.get(benchmark.toLowerCase()) ?? findBenchmarkId(db, benchmark);
    let unit: BenchmarkUnit = unitOf(benchmark.toLowerCase());
    let range: { floor: number; ceiling: number; name: string } | null = null;
    if (benchId !== null) {
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
    const filePercent = unit === 'fraction' && benchId !== null && plainPercent(benchmarkRaw.toLowerCase());
    if (filePercent && !noted.has(benchmark) && warnings.length < 200) {
      noted.add(benchmark);
      warnings.push(`${benchmark} is stored as a fraction (0–1); this file writes it in percent, so its scores are divided by 100.`);
    }
    const inUnit = (c: CellNumber | null): number | null =>
      c === null ? null : (c.percent || filePercent) && unit === 'fraction' ? c.value / 100 : c.value;
    const candidate = {
      model,
      benchmark,
      subtask,
      score: inUnit(score) as number,
      stderr: inUnit(stderr),
      n,
      shots,
      cot,
      passK,
      testTimeCompute: ttc,
      effort,
      source: source ?? '',
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
        const issues = fieldIssues(parsed.error, row.line, headerOf).map((i) => (row.place ? { ...i, place: row.place } : i));
        out.push({ line: row.line, action: 'reject', values: r.values, issues });
        continue;
      }
      valid = parsed.data;
    }
    const value = valid.score;
    // Below chance is possible (noise); below zero or above the ceiling is not. Points have no fixed range.
    if (range && unit !== 'points' && (value < 0 || value > Math.max(range.floor, range.ceiling) + 1e-9) && warnings.length < 200) {
      warnings.push(`line ${row.line}: score ${value} lies outside what ${range.name} allows (0 to ${range.ceiling}); it is kept, and will be flagged.`);
    }
    const o: RowOutcome = writeResult(db, valid, row.line, { ...writeOpts, sourcePlace: row.place ?? null }, created);
    if (o.action === 'add' && o.id !== null) addedAt.set(o.id, row.line);
    if (o.action === 'update' && o.id !== null && addedAt.has(o.id) && warnings.length < 200) {
      warnings.push(
        `line ${row.line}${row.place ? ` (${row.place})` : ''} repeats the result of line ${addedAt.get(o.id)} (same model, benchmark, setting and source) with other values; the later one is kept.`,
      );
    }
    if (o.action === 'unchanged' && o.id !== null && addedAt.has(o.id) && warnings.length < 200) {
      warnings.push(`line ${row.line} repeats line ${addedAt.get(o.id)} exactly.`);
    }
    const outcome: ImportRowOutcome = { line: row.line, action: o.action, values: r.values };
    if (o.changes.length) outcome.changes = o.changes;
    if (o.issues.length) outcome.issues = o.issues.map((i) => (row.place ? { ...i, place: row.place } : i));
    out.push(outcome, o.id);
  }
  return { models, benchmarks };
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
