/**
 * Everything a report shows, gathered from the workspace in one pass: the selected benchmarks, the dashboard summary
 * (rows, heatmap) over exactly that selection, each benchmark's series fit (and backtest), the sources with their
 * counts, and the data cut-off. Kept apart from the HTML so tests can check the numbers without parsing markup.
 */
import type { Axis, ForecastBacktest, SeriesFit, TrackRecord } from '../../common/analysis';
import { neverCancelled, noProgress, type WorkContext } from '../../common/progress';
import type { DashboardSummary } from '../../common/dashboard';
import type { Benchmark, DataOrigin } from '../../common/domain';
import { ApiError } from '../../common/errors';
import { REPORT_SECTIONS, reportOptions, type ReportOptions, type ReportSection } from '../../common/report';
import { listBenchmarks } from '../db/repositories/benchmarks';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { dashboardSummary } from '../dashboard/summary';
import { toDecimalYear } from '../fit/axes';
import { seriesFit } from '../saturation/fits';
import { forecastBacktest } from '../saturation/frontierTrack';

/**
 * The part of an inconsistency flag a report prints. Structural on purpose: the flags feature (common/flags.ts)
 * hands its own Flag objects in through {@link ReportContext.flags}, and core/report does not depend on it.
 */
export interface ReportFlag {
  id: number;
  rule: string;
  severity: 'low' | 'medium' | 'high';
  status: string;
  model: string | null;
  benchmark: string | null;
  subtask: string | null;
  message: string;
  evidence: {
    unit: string;
    values: { model: string; benchmark: string; subtask: string | null; score: number; se: number; source: string; setting: string; evaluatedOn: string | null }[];
    expected?: number | null;
    z?: number | null;
    difference?: number | null;
    tolerance?: number | null;
    notes?: string[];
  };
}

/** What the caller knows that the database does not say by itself. */
export interface ReportContext extends Partial<WorkContext> {
  /** The workspace's display name (running header). */
  workspaceName: string;
  /** What the workspace's data is (public with sources and as-of date, synthetic demo, own, mixed): every page says so. */
  origin?: DataOrigin;
  /** Lists the workspace's flags; absent when the flags feature is not available (the section is then left out). */
  flags?: () => readonly ReportFlag[];
  /** The clock, for "generated on" (tests pin it). */
  now?: Date;
  // progress and cancel (WorkContext): the call's, so a job shows progress per benchmark and stops between them.
}

/** The public sources' snapshot date when the workspace holds only them as built (no refresh, nothing of the user's). */
export function publicSnapshot(origin: DataOrigin | null | undefined): string | null {
  return origin?.kind === 'public' && !origin.refreshedOn ? origin.asOf : null;
}

/** What a cancelled report says (a report writes nothing, so nothing is lost). */
export const REPORT_CANCELLED = 'The report was cancelled.';

/** Throws ApiError('cancelled') once the report's call was cancelled. */
export function stopIfCancelled(ctx: ReportContext): void {
  ctx.cancel?.throwIfCancelled(REPORT_CANCELLED);
}

/** Options after defaults. */
export interface ResolvedOptions {
  benchmarkIds: number[] | null;
  category: string | null;
  axis: Axis;
  threshold: number;
  sections: ReportSection[];
  title: string;
  author: string | null;
  asOf: string;
  resamples: number;
}

/** One benchmark's page. */
export interface BenchmarkPage {
  benchmark: Benchmark;
  /** The release-date fit: forecast dates come from it. */
  dateFit: SeriesFit;
  /** The fit on the chosen axis (the same object as dateFit when the axis is the release date). */
  axisFit: SeriesFit;
  /** This benchmark's rolling-origin track record of the date forecast (the very forecast shown); null when none was scored. */
  backtest: TrackRecord | null;
}

/** One source as cited in the provenance section. */
export interface SourceRow {
  source: string;
  kind: string | null;
  results: number;
  models: number;
  benchmarks: number;
  firstEvaluated: string | null;
  lastEvaluated: string | null;
  /** Files the results were imported from. */
  files: string[];
}

export interface ReportData {
  options: ResolvedOptions;
  workspaceName: string;
  /** What the data is; null when the caller did not say (a report built outside a workspace). */
  origin: DataOrigin | null;
  generatedOn: string;
  /** Latest logged date of any reported result (YYYY-MM-DD); null when there are no results. */
  cutoffLogged: string | null;
  /** Latest evaluation date of any reported result. */
  cutoffEvaluated: string | null;
  benchmarks: Benchmark[];
  summary: DashboardSummary;
  pages: BenchmarkPage[];
  flags: readonly ReportFlag[] | null;
  /** When the inconsistency checks last wrote a flag (null: never run, or nothing found). */
  flagsCheckedAt: string | null;
  sources: SourceRow[];
  totals: { results: number; models: number; sources: number };
  /** The workspace's track record of the date forecast, pooled over every benchmark, with the naive baselines. */
  track: ForecastBacktest;
}

/** Pick the benchmarks a report covers: by ids (in the order given) and/or category; every benchmark when neither. */
export function selectBenchmarks(db: Db, ids: readonly number[] | null, category: string | null): Benchmark[] {
  // The report is about saturation: benchmarks without an upper bound have none.
  const all = listBenchmarks(db).filter((b) => b.bounded);
  let chosen = all;
  if (ids && ids.length > 0) {
    const byId = new Map(all.map((b) => [b.id, b]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) {
      throw new ApiError('not-found', `No benchmark with id ${missing.join(', ')}.`, {
        issues: [{ path: 'options.benchmarkIds', message: `no benchmark with id ${missing.join(', ')}` }],
      });
    }
    chosen = [...new Set(ids)].map((id) => byId.get(id) as Benchmark);
  }
  if (category) chosen = chosen.filter((b) => (b.category ?? '').toLowerCase() === category.toLowerCase());
  if (chosen.length === 0) {
    throw new ApiError('invalid-argument', category ? `No benchmark in category "${category}" matches the selection.` : 'The workspace has no benchmarks to report on.', {
      issues: [{ path: category ? 'options.category' : 'options.benchmarkIds', message: 'selects no benchmark' }],
    });
  }
  return chosen;
}

/** Latest logged and evaluated dates of the results of these benchmarks: the report's data cut-off. */
export function dataCutoff(db: Db, benchmarkIds: readonly number[]): { logged: string | null; evaluated: string | null } {
  const row = stmt(
    db,
    `SELECT max(logged_at) AS logged, max(evaluated_on) AS evaluated FROM results
      WHERE benchmark_id IN (SELECT value FROM json_each(?))`,
  ).get(JSON.stringify(benchmarkIds)) as { logged: string | null; evaluated: string | null };
  return { logged: row.logged ? row.logged.slice(0, 10) : null, evaluated: row.evaluated };
}

/** Every source behind the reported results, most-cited first, with counts and the files it came in. */
export function sourceRows(db: Db, benchmarkIds: readonly number[]): SourceRow[] {
  const rows = stmt(
    db,
    `SELECT r.source AS source, r.source_kind AS kind, count(*) AS results, count(DISTINCT r.model_id) AS models,
            count(DISTINCT r.benchmark_id) AS benchmarks, min(r.evaluated_on) AS firstEvaluated,
            max(r.evaluated_on) AS lastEvaluated, group_concat(DISTINCT i.file_name) AS files
       FROM results r LEFT JOIN imports i ON i.id = r.import_id
      WHERE r.benchmark_id IN (SELECT value FROM json_each(?))
      GROUP BY r.source, r.source_kind
      ORDER BY results DESC, r.source`,
  ).all(JSON.stringify(benchmarkIds)) as (Omit<SourceRow, 'files'> & { files: string | null })[];
  return rows.map((r) => ({ ...r, files: r.files ? r.files.split(',').sort() : [] }));
}

/** The latest time the inconsistency checks wrote a flag: the report says how fresh its flags are. */
export function flagsCheckedAt(db: Db): string | null {
  const row = stmt(db, 'SELECT max(updated_at) AS at FROM flags').get() as { at: string | null } | undefined;
  return row?.at ? row.at.slice(0, 10) : null;
}

/** Counts of results and distinct models over the selection. */
function totals(db: Db, benchmarkIds: readonly number[]): { results: number; models: number } {
  return stmt(
    db,
    `SELECT count(*) AS results, count(DISTINCT model_id) AS models FROM results
      WHERE benchmark_id IN (SELECT value FROM json_each(?))`,
  ).get(JSON.stringify(benchmarkIds)) as { results: number; models: number };
}

/** Apply the defaults: every section, title "Benchmark saturation report", as-of = the data cut-off. */
export function resolveOptions(input: ReportOptions, cutoff: string | null, today: string): ResolvedOptions {
  const o = reportOptions.parse(input);
  const wanted = new Set(o.sections ?? REPORT_SECTIONS);
  return {
    benchmarkIds: o.benchmarkIds?.length ? o.benchmarkIds : null,
    category: o.category || null,
    axis: o.axis ?? 'date',
    threshold: o.threshold ?? 0.9,
    sections: REPORT_SECTIONS.filter((s) => wanted.has(s)),
    title: o.title || 'Benchmark saturation report',
    author: o.author || null,
    asOf: o.asOf ?? cutoff ?? today,
    resamples: o.resamples ?? 100,
  };
}

/**
 * Gather a report's data. Fits go through the workspace's fit cache with the dashboard's own settings, so a report
 * built after the dashboard (or a second report) refits nothing.
 */
export function gatherReport(db: Db, input: ReportOptions, ctx: ReportContext): ReportData {
  const now = ctx.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const pre = reportOptions.parse(input);
  const benchmarks = selectBenchmarks(db, pre.benchmarkIds?.length ? pre.benchmarkIds : null, pre.category || null);
  const ids = benchmarks.map((b) => b.id);
  const cutoff = dataCutoff(db, ids);
  // Public data as built is as of its sources' snapshot, not of the day it was imported (its results' logged date).
  const options = resolveOptions(input, publicSnapshot(ctx.origin) ?? cutoff.logged, today);
  if (!Number.isFinite(toDecimalYear(options.asOf))) throw new ApiError('invalid-argument', `options.asOf: "${options.asOf}" is not a date`);

  const raw = dashboardSummary(
    db,
    { threshold: options.threshold, asOf: options.asOf, resamples: options.resamples, benchmarkIds: ids },
    { progress: ctx.progress ?? noProgress, cancel: ctx.cancel ?? neverCancelled },
  );
  stopIfCancelled(ctx);
  // The dashboard lists benchmarks by name; the report keeps the order the analyst chose.
  const order = new Map(ids.map((id, i) => [id, i]));
  const rank = (id: number) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  const rowOrder = raw.rows.map((r, i) => ({ r, i, k: rank(r.benchmarkId) })).sort((a, b) => a.k - b.k);
  const summary: DashboardSummary = {
    ...raw,
    rows: rowOrder.map((x) => x.r),
    heatmap: {
      quarters: raw.heatmap.quarters,
      benchmarks: rowOrder.map((x) => raw.heatmap.benchmarks[x.i] as string),
      values: rowOrder.map((x) => raw.heatmap.values[x.i] as (number | null)[]),
    },
  };

  const wantPages = options.sections.includes('benchmarks');
  const pages: BenchmarkPage[] = wantPages
    ? benchmarks.map((b, i) => {
        stopIfCancelled(ctx);
        ctx.progress?.report('benchmark pages', i, benchmarks.length);
        const dateFit = seriesFit(db, { benchmarkId: b.id, axis: 'date', threshold: options.threshold, resamples: options.resamples });
        const axisFit =
          options.axis === 'date' ? dateFit : seriesFit(db, { benchmarkId: b.id, axis: options.axis, threshold: options.threshold, resamples: options.resamples });
        return { benchmark: b, dateFit, axisFit, backtest: dateFit.forecast.track ?? null };
      })
    : [];

  const flagsAvailable = typeof ctx.flags === 'function';
  if (!flagsAvailable) options.sections = options.sections.filter((s) => s !== 'flags');
  const names = new Set(benchmarks.map((b) => b.name));
  // Listed even when the flags section is left out: the summary counts the open high-severity ones.
  const flags = flagsAvailable ? (ctx.flags as () => readonly ReportFlag[])().filter((f) => f.benchmark === null || names.has(f.benchmark)) : null;
  const sources = sourceRows(db, ids);
  return {
    options,
    workspaceName: ctx.workspaceName,
    origin: ctx.origin ?? null,
    generatedOn: today,
    cutoffLogged: cutoff.logged,
    cutoffEvaluated: cutoff.evaluated,
    benchmarks,
    summary,
    pages,
    flags,
    flagsCheckedAt: flagsAvailable ? flagsCheckedAt(db) : null,
    sources,
    totals: { ...totals(db, ids), sources: sources.length },
    track: forecastBacktest(db, { threshold: options.threshold }),
  };
}
