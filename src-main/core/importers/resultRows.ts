/**
 * The results table of an import: Headroom's long format, or what a converter made of another format, read row by
 * row into the ImportWriter (ingest/results.ts), with units converted into each benchmark's own and names resolved.
 */
import type { CallContext, ImportDecision, ImportRowOutcome, RowIssue } from '../../common/api';
import type { BenchmarkUnit } from '../../common/domain';
import { passesResultRules, RESULT_RULES } from '../../common/resultRules';
import { resultInput, type BenchmarkInput } from '../../common/schemas';
import { findBenchmarkId } from '../db/repositories/benchmarks';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { ImportWriter } from '../ingest/importWriter';
import { emptyIdCache, resolveIds, SettingKeys, toResolved, type Created, type ResultArg, type WriteOptions } from '../ingest/results';
import { memoized, parseBoolCell, parseDateCell, parseIntCell, parseNumberCell, parsePositiveCell, parseSourceKindCell } from './cells';
import type { BenchmarkTraits, ImportArg } from './convert';
import { withBulkWritePragmas } from './pragmas';
import { NameResolver } from './resolve';
import { planUnits, ScoreTally, stderrToTarget, toTarget, type Scale, type UnitPlan } from './units';
import { fieldIssues, rowTicker, RowReader, type CellAccess, type OutcomeSink, type RowSource } from './rows';

// Counts and shots repeat few distinct cells (n = 500, shots = 5): answer each text once, one memo per column (its
// last-cell shortcut then holds across rows). Their least values are the rules' (common/resultRules.ts).
const parseN = memoized((t: string) => parseIntCell(t, RESULT_RULES.n.min));
const parsePassK = memoized((t: string) => parseIntCell(t, RESULT_RULES.passK.min));
const parseShots = memoized((t: string) => parseIntCell(t, RESULT_RULES.shots.min));

/** What a results row hands the writer, to be reported once it is written (in file order). */
interface RowToken {
  line: number;
  place: string | undefined;
  /** The row's parsed cells (their Values are built only for a report). */
  reader: RowReader;
  /** A rejected row's report (the writer passes it through in order). */
  rejected: ImportRowOutcome | null;
}

/**
 * A score cell written as a plain decimal below 1 ("0.8412", "0", ".5", "0."): such a score can make its benchmark
 * neither a percent one nor one with scores above 100, so the first pass need not parse it (most cells of a file of
 * fractions; what parsing them all cost is measured by bench/import.ts, figures in docs/formats.md, "Import speed").
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
  /** Defaults for benchmarks the import creates (the benchmark catalog); none when absent. */
  benchmarkDefaults?: BenchmarkDefaults;
  /** An ignored column that dates or versions the file's rows (readme_date, commit, version): repeats are then newer reports. */
  versionColumn?: string;
  /** The catalog's name for a benchmark spelling ("ARC-C" → "ARC-Challenge"), or null. */
  benchmarkCatalogName?: (name: string) => string | null;
}

/**
 * The results pass of an import: a first pass over the model, benchmark and score cells (units, names in the file),
 * then every row parsed, validated, resolved and handed to the ImportWriter, in file order.
 */
export function importResults(o: ResultRowsOptions): { models: NameResolver; benchmarks: NameResolver; total: number; decisions: ImportDecision[] } {
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
    partial: cells.index('partial'),
    run: cells.index('run'),
  };
  // A file says whether its results are partial only when it has the column (or --set partial=...): without it, a
  // stored result keeps its mark (undefined), with it an empty cell says complete (null).
  const partialStated = ix.partial >= 0 || cells.constants.partial !== undefined;
  // First pass, over the two cells it needs: how the file writes each benchmark's scores (units.ts).
  const tallies = new Map<string, { spelling: string; tally: ScoreTally }>();
  const firstCells = Math.max(ix.benchmark, ix.score) + 1;
  const readTick = rowTicker(ctx, 'reading rows', 0);
  let lastBenchmarkCell: string | null = null;
  let lastTally: ScoreTally | null = null;
  const total = source.forEach((row) => {
    readTick();
    // Rows come in runs of one benchmark: look its tally up once per run.
    const benchmarkCell = cells.at(row, ix.benchmark, 'benchmark');
    if (benchmarkCell !== lastBenchmarkCell) {
      lastBenchmarkCell = benchmarkCell;
      const spelling = benchmarkCell.trim();
      const key = spelling.toLowerCase();
      let entry = tallies.get(key);
      if (!entry && key) tallies.set(key, (entry = { spelling, tally: new ScoreTally() }));
      lastTally = entry?.tally ?? null;
    }
    const tally = lastTally;
    if (!tally) return;
    const scoreCell = cells.at(row, ix.score, 'score');
    if (plainFraction(scoreCell)) {
      tally.addSmall(row.line, scoreCell);
      return;
    }
    const s = parseNumberCell(scoreCell);
    if (!s.ok || !s.value) return;
    if (s.value.percent) tally.addPercentCell();
    else tally.add(row.line, s.value.value, scoreCell);
  }, firstCells);
  const nameDecisions = req.resolutions ?? {};
  const models = new NameResolver(db, 'model', nameDecisions, { choices: req.choices ?? {} });
  const benchmarks = new NameResolver(db, 'benchmark', nameDecisions, {
    ...(o.benchmarkCatalogName ? { catalog: o.benchmarkCatalogName } : {}),
    choices: req.choices ?? {},
  });
  const units = planAllUnits({ db, tallies, benchmarks, traits, choices: req.choices ?? {}, defaults: o.benchmarkDefaults, warnings });
  const cache = emptyIdCache();
  const writeOpts: WriteOptions = {
    createMissing: true,
    user: ctx.user,
    importId,
    cache,
    settingKeys: new SettingKeys(),
    newBenchmark: (name: string) => {
      const plan = units.byName.get(name);
      const t = traits?.get(name);
      const scale = plan?.create;
      return {
        ...(o.benchmarkDefaults?.(name)?.fields ?? {}),
        ...(scale ? { unit: scale.unit, floor: scale.floor, ceiling: scale.ceiling ?? referenceCeiling(scale), bounded: scale.ceiling !== null } : {}),
        ...(t?.higherIsBetter !== undefined ? { higherIsBetter: t.higherIsBetter } : {}),
        ...(t?.metric ? { metric: t.metric } : {}),
      };
    },
    onCreated: (kind: 'model' | 'benchmark' | 'subtask', id: number, name: string) => {
      if (kind === 'model') models.add({ id, name });
      else if (kind === 'benchmark') benchmarks.add({ id, name });
    },
  };
  const ranges = new Map<number, Range>();
  const rangeOf = (id: number): Range | null => {
    let r = ranges.get(id);
    if (!r) {
      const row = stmt(db, 'SELECT unit, floor, ceiling, bounded, name FROM benchmarks WHERE id = ?').get(id) as
        | { unit: BenchmarkUnit; floor: number; ceiling: number; bounded: number; name: string }
        | undefined;
      if (!row) return null;
      r = { ...row, bounded: row.bounded === 1 };
      ranges.set(id, r);
    }
    return r;
  };


  const repeats = new Repeats();
  return withBulkWritePragmas(db, total, () => {
    const writer = new ImportWriter<RowToken>(db, importId, batch, (o, t) => {
      if (o === null) {
        out.push(t.rejected!);
        return;
      }
      // Rows repeating an earlier row's key: one summary each at the end (a history file repeats thousands).
      if (o.repeatsLine !== null) repeats.note(o.replicate ? 'replicate' : o.action === 'unchanged' ? 'exact' : 'replaced', t.line, o.repeatsLine, t.place);
      // A repeat that is not a replicate lands on the result its earlier row already added or updated: counting it
      // again would say "will update" of rows a first import adds (summarised in the repeats' warnings instead).
      if (o.repeatsLine !== null && !o.replicate && o.action !== 'reject') {
        out.repeated++;
        return;
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
    // Repeated rows are runs (seeds, a model listed twice) unless the file dates or versions its rows (a README's
    // history, a leaderboard's snapshots): then a later row is a newer report of the same result.
    const suggested = o.versionColumn ? 'latest' : 'keep';
    writer.keepReplicates = (req.choices?.replicates ?? suggested) === 'keep';
    const reject = (t: RowToken, issues: RowIssue[]) => {
      t.rejected = { line: t.line, action: 'reject', values: t.reader.values, issues };
      writer.write(null, t);
    };
    const writeTick = rowTicker(ctx, 'writing rows', total);
    // The benchmark cell of the previous row, its unit plan and its stored range (set once the benchmark exists).
    const lastBench: { raw: string | null; plan: UnitPlan; range: Range | null } = { raw: null, plan: AS_WRITTEN, range: null };
    // Values outside their benchmark's range, per benchmark: one warning each at the end, not one per row.
    const outside = new Map<string, { count: number; examples: string[]; range: Range }>();
    source.forEach((row) => {
      writeTick();
      const r = new RowReader(row, cells.cell, headerOf);
      const modelRaw = r.readText('model', cells.at(row, ix.model, 'model'));
      const benchmarkRaw = r.readText('benchmark', cells.at(row, ix.benchmark, 'benchmark'));
      const subtask = r.readText('subtask', cells.at(row, ix.subtask, 'subtask'));
      const score = r.readNumber('score', cells.at(row, ix.score, 'score'));
      const stderr = r.readNumber('stderr', cells.at(row, ix.stderr, 'stderr'));
      const n = r.read('n', cells.at(row, ix.n, 'n'), parseN);
      const shots = r.read('shots', cells.at(row, ix.shots, 'shots'), parseShots);
      const cot = r.read('cot', cells.at(row, ix.cot, 'cot'), parseBoolCell);
      const passK = r.read('pass_k', cells.at(row, ix.pass_k, 'pass_k'), parsePassK);
      let ttc = r.read('test_time_compute', cells.at(row, ix.test_time_compute, 'test_time_compute'), parsePositiveCell);
      let effort = r.readText('effort', cells.at(row, ix.effort, 'effort'));
      const sourceCell = r.readText('source', cells.at(row, ix.source, 'source'));
      const sourceKind = r.read('source_kind', cells.at(row, ix.source_kind, 'source_kind'), parseSourceKindCell);
      const date = r.read('date', cells.at(row, ix.date, 'date'), parseDateCell);
      const notes = r.readText('notes', cells.at(row, ix.notes, 'notes'));
      const partial = partialStated ? r.readText('partial', cells.at(row, ix.partial, 'partial')) : undefined;
      const run = r.readText('run', cells.at(row, ix.run, 'run'));
      r.require('model', modelRaw);
      r.require('benchmark', benchmarkRaw);
      r.require('score', score);
      const t: RowToken = { line: row.line, place: row.place, reader: r, rejected: null };
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
      // Scores into the benchmark's own unit, as its plan says (units.ts). Rows come in runs of one benchmark cell, and
      // once its benchmark exists what follows depends on that cell alone: remember it for the run.
      let plan = lastBench.plan;
      let range = lastBench.range;
      if (benchmarkRaw !== lastBench.raw) {
        plan = units.byCell.get(benchmarkRaw.trim().toLowerCase()) ?? AS_WRITTEN;
        const benchId = cache.benchmarks.get(benchmark.toLowerCase()) ?? findBenchmarkId(db, benchmark);
        range = benchId === null ? null : rangeOf(benchId);
        if (benchId !== null) {
          lastBench.raw = benchmarkRaw;
          lastBench.plan = plan;
          lastBench.range = range;
        }
      }
      const candidate = {
        model,
        benchmark,
        subtask,
        score: toTarget(plan, score.value, score.percent),
        stderr: stderr === null ? null : stderrToTarget(plan, stderr.value, stderr.percent),
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
        ...(partial !== undefined ? { partial } : {}),
        ...(run !== null ? { run } : {}),
      };
      let valid: ResultArg;
      if (passesResultRules(candidate)) {
        // resultInput's own rules, compiled (common/resultRules.ts): zod would accept the row and give it back as it is.
        valid = candidate;
      } else {
        const parsed = resultInput.safeParse(candidate);
        if (!parsed.success) {
          reject(t, fieldIssues(parsed.error, row.line, headerOf).map((i) => (row.place ? { ...i, place: row.place } : i)));
          return;
        }
        valid = parsed.data;
      }
      // Below chance is possible (noise); below zero or above the ceiling is not (an unbounded benchmark has no top).
      if (range && outsideRange(range, valid.score)) {
        const o = outside.get(range.name) ?? { count: 0, examples: [], range };
        o.count++;
        if (o.examples.length < 5) o.examples.push(`line ${row.line}: ${valid.score}`);
        outside.set(range.name, o);
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
    const replicateDecision = repeats.summarise(warnings, writer.keepReplicates, suggested, o.versionColumn ?? null);
    for (const [name, o] of outside) {
      if (warnings.length >= 200) break;
      warnings.push(
        `${name}: ${o.count} score${o.count === 1 ? '' : 's'} outside what it allows (${o.range.floor} to ${o.range.bounded ? o.range.ceiling : 'no upper bound'}): ` +
          `${o.examples.join('; ')}${o.count > o.examples.length ? '; …' : ''}. Kept as written; the flags will point at them.`,
      );
    }
    return { models, benchmarks, total, decisions: [...benchmarks.readings(), ...units.decisions, ...models.readings(), ...(replicateDecision ? [replicateDecision] : [])] };
  });
}

/** A stored benchmark's range, for the check that a value lies within it. */
interface Range {
  unit: BenchmarkUnit;
  floor: number;
  ceiling: number;
  bounded: boolean;
  name: string;
}

function outsideRange(r: Range, v: number): boolean {
  if (r.unit === 'points') return r.bounded && (v < Math.min(r.floor, r.ceiling) - 1e-9 || v > Math.max(r.floor, r.ceiling) + 1e-9);
  return v < 0 || (r.bounded && v > Math.max(r.floor, r.ceiling) + 1e-9);
}

/** Cells as written: the plan of a benchmark the first pass did not see (a row the writing pass rejects anyway). */
const AS_WRITTEN: UnitPlan = { written: null, target: 'points', plainFactor: 1, percentFactor: 1, create: null };

/**
 * The ceiling column of a benchmark with no upper bound (bounded = 0): its floor + 1, a placeholder the analyses never
 * read (they check `bounded`), kept only because the column is NOT NULL and must differ from the floor.
 */
function referenceCeiling(s: Scale): number {
  return s.floor + 1;
}

/** Defaults for a benchmark an import creates, by name (the benchmark catalog), with where they come from. */
export type BenchmarkDefaults = (name: string) => { scale: Scale; source: string; fields: Omit<BenchmarkInput, 'name'> } | null;

/**
 * Plan every benchmark of the file (units.ts planUnits): the spellings the first pass met are resolved to benchmark
 * names, spellings of one benchmark share one plan, and each plan's decision and misfit warning is listed once.
 */
function planAllUnits(p: {
  db: Db;
  tallies: Map<string, { spelling: string; tally: ScoreTally }>;
  benchmarks: NameResolver;
  traits: Map<string, BenchmarkTraits> | undefined;
  choices: Record<string, string>;
  defaults: BenchmarkDefaults | undefined;
  warnings: string[];
}): { byCell: Map<string, UnitPlan>; byName: Map<string, UnitPlan>; decisions: ImportDecision[] } {
  const groups = new Map<string, { name: string; cells: string[]; tally: ScoreTally; formatUnit: BenchmarkUnit | undefined }>();
  for (const [cell, { spelling, tally }] of p.tallies) {
    const name = p.benchmarks.resolve(spelling).name;
    if (name === null) continue;
    const key = name.toLowerCase();
    const g = groups.get(key);
    const formatUnit = p.traits?.get(cell)?.unit ?? p.traits?.get(key)?.unit;
    if (g) {
      g.cells.push(cell);
      g.tally.merge(tally);
      g.formatUnit ??= formatUnit;
    } else groups.set(key, { name, cells: [cell], tally, formatUnit });
  }
  const byCell = new Map<string, UnitPlan>();
  const byName = new Map<string, UnitPlan>();
  const decisions: ImportDecision[] = [];
  for (const [key, g] of groups) {
    const id = findBenchmarkId(p.db, g.name);
    const stored = id === null ? undefined : (stmt(p.db, 'SELECT unit, floor, ceiling, bounded FROM benchmarks WHERE id = ?').get(id) as { unit: BenchmarkUnit; floor: number; ceiling: number; bounded: number } | undefined);
    const defaults = stored ? null : (p.defaults?.(key) ?? null);
    const { plan, decision, misfit } = planUnits({
      name: g.name,
      tally: g.tally,
      formatUnit: g.formatUnit,
      existing: stored ? { unit: stored.unit, floor: stored.floor, ceiling: stored.bounded ? stored.ceiling : null } : null,
      defaults,
      choice: p.choices[`unit:${key}`],
    });
    for (const c of g.cells) byCell.set(c, plan);
    byName.set(key, plan);
    if (decision) decisions.push(decision);
    if (misfit && p.warnings.length < 200) {
      p.warnings.push(
        `${g.name}: this file writes its scores as ${plan.written === 'fraction' ? 'fractions (0–1)' : 'percentages (0–100)'}, but ${misfit.count} ` +
          `value${misfit.count === 1 ? ' does' : 's do'} not fit that (${misfit.examples.map((e) => `line ${e.line}: ${e.value}`).join('; ')}` +
          `${misfit.count > misfit.examples.length ? '; …' : ''}). ${misfit.count === 1 ? 'It is' : 'They are'} stored as written, not used to rescale the rest; the flags will point at them.`,
      );
    }
  }
  return { byCell, byName, decisions };
}

/**
 * Rows that repeat the key (model, benchmark, subtask, setting, source) of an earlier row of the same import, by what
 * became of them: kept as replicates, identical to the earlier row, or replacing it (when the analyst chose "latest").
 * Summarised in one warning each and, when any repeat differs, the preview's replicates decision.
 */
class Repeats {
  private readonly byKind = { replicate: [] as string[], exact: [] as string[], replaced: [] as string[] };
  private readonly counts = { replicate: 0, exact: 0, replaced: 0 };
  note(kind: 'replicate' | 'exact' | 'replaced', line: number, of: number, place: string | undefined): void {
    this.counts[kind]++;
    if (this.byKind[kind].length < 5) this.byKind[kind].push(`line ${line}${place ? ` (${place})` : ''} repeats line ${of}`);
  }

  summarise(warnings: string[], keep: boolean, suggested: 'keep' | 'latest', versionColumn: string | null): ImportDecision | null {
    const push = (w: string) => {
      if (warnings.length < 200) warnings.push(w);
    };
    const list = (k: keyof Repeats['counts']) => `${this.byKind[k].join('; ')}${this.counts[k] > this.byKind[k].length ? '; …' : ''}`;
    if (this.counts.exact) push(`${this.counts.exact} row${this.counts.exact === 1 ? '' : 's'} repeat an earlier row exactly and add nothing (${list('exact')}).`);
    if (this.counts.replaced) push(`${this.counts.replaced} row${this.counts.replaced === 1 ? '' : 's'} repeat an earlier row's model, benchmark, setting and source with other values; the later row is kept (${list('replaced')}).`);
    const differing = this.counts.replicate + this.counts.replaced;
    if (!differing) return null;
    return {
      id: 'replicates',
      kind: 'replicates',
      subject: 'repeated rows',
      message: keep
        ? `${differing} row${differing === 1 ? '' : 's'} repeat an earlier row's model, benchmark, setting and source with other values (a second seed or run, a model listed twice): kept as replicates labelled "run 2", "run 3"…, whose mean the fits and frontiers use (${list('replicate')}).`
        : `${differing} row${differing === 1 ? '' : 's'} repeat an earlier row's model, benchmark, setting and source with other values: each replaces the earlier one${versionColumn ? ` (the file dates or versions its rows in column "${versionColumn}": a later row is a newer report)` : ''}.`,
      count: differing,
      options: [
        { value: 'keep', label: 'keep every run as a replicate' },
        { value: 'latest', label: 'keep only the later row' },
      ],
      chosen: keep ? 'keep' : 'latest',
      suggested,
    };
  }
}
