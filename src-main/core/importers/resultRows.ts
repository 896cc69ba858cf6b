/**
 * The results table of an import: Headroom's long format, or what a converter made of another format, read row by
 * row into the ImportWriter (ingest/results.ts), with units converted into each benchmark's own and names resolved.
 */
import type { CallContext, ImportRowOutcome, RowIssue } from '../../common/api';
import type { BenchmarkUnit } from '../../common/domain';
import { resultInput } from '../../common/schemas';
import { findBenchmarkId } from '../db/repositories/benchmarks';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { emptyIdCache, ImportWriter, resolveIds, toResolved, type Created, type ResultArg, type WriteOptions } from '../ingest/results';
import { memoized, parseBoolCell, parseDateCell, parseIntCell, parseNumberCell, parsePositiveCell, parseSourceKindCell, type CellNumber } from './cells';
import type { BenchmarkTraits, ImportArg } from './convert';
import { withBulkWritePragmas } from './pragmas';
import { NameResolver } from './resolve';
import { fieldIssues, jobTicker, RowReader, type CellAccess, type OutcomeSink, type RowSource } from './rows';

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

/** What the results pass of an import needs (tables.ts builds it). */
export interface ResultRowsOptions {
  db: Db;
  /** The file's rows (read twice: a first pass over three cells, then the writing pass). */
  source: RowSource;
  cells: CellAccess;
  /** Headroom column → the file's header, so issues name the file's own column. */
  headerOf: Map<string, string>;
  ctx: CallContext;
  /** The imports row of this import. */
  importId: number;
  /** Entities created, for the preview. */
  created: Created;
  /** Warnings for the preview (at most 200 kept). */
  warnings: string[];
  out: OutcomeSink;
  req: ImportArg;
  /** Benchmark traits known from the file's format (by lower-case name). */
  traits: Map<string, BenchmarkTraits> | undefined;
  /** No earlier import of this file name: rows may be written in batches without diffing. */
  batch: boolean;
  /** Earlier imports of this file name (a re-import walks beside their rows). */
  priorImports: number[];
}

/**
 * The results pass of an import: a first pass over the model, benchmark and score cells (units, names in the file),
 * then every row parsed, validated, resolved and handed to the ImportWriter, in file order.
 */
export function importResults(o: ResultRowsOptions): { models: NameResolver; benchmarks: NameResolver; total: number } {
  const { db, source, cells, headerOf, ctx, importId, created, warnings, out, req, traits, batch, priorImports } = o;
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
  const readTick = jobTicker(ctx, 'reading rows', 0);
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

  return withBulkWritePragmas(db, total, () => {
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
    const writeTick = jobTicker(ctx, 'writing rows', total);
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
    ctx.job?.progress('finishing', total, total);
    writer.flush();
    return { models, benchmarks, total };
  });
}
