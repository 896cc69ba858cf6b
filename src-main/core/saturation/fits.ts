/**
 * Fits and forecasts over the workspace: load a series, fit it with the benchmark's floor and ceiling, bootstrap
 * the band and the crossing interval, forecast saturation, and cache the result keyed by a hash of the inputs so a
 * series is refit only when its results (or the benchmark's floor and ceiling) change.
 */
import { createHash } from 'node:crypto';
import { untracked, type WorkContext } from '../../common/progress';
import { jsonSafe, type Axis, type FitFormChoice, type ForecastRow, type SeriesFit, type SeriesPoint } from '../../common/analysis';
import type { Benchmark } from '../../common/domain';
import { getBenchmark, listBenchmarks } from '../db/repositories/benchmarks';
import type { Db } from '../db/open';
import { stmt } from '../db/statements';
import { cacheWrite } from '../db/busy';
import { frontierPoints, fromDecimalYear, toDecimalYear } from '../fit/axes';
import { bootstrapFit, defaultGrid, type BootstrapResult, type BootstrapSpec } from '../fit/bootstrap';
import { runBootstrapInWorker } from '../fit/bootstrapRunner';
import { evaluateFit, fitCurve, type CurveFit, type CurvePoint, type FitOptions } from '../fit/fitCurve';
import { forecastFrontier, forecastSaturation, frontierAt, saturationTarget } from '../fit/forecast';
import { workspaceTrack } from './frontierTrack';
import { loadSeries, seriesContext, type SeriesContext } from './series';

export interface SeriesRequest {
  benchmarkId: number;
  subtaskId?: number | null;
  axis: Axis;
  form?: FitFormChoice;
  points?: 'all' | 'frontier';
  floor?: 'fixed' | 'free';
  ceiling?: 'fixed' | 'free';
  threshold?: number;
  resamples?: number;
  /** Take partial evaluations (results.partial) as points too; they are left out by default. */
  includePartial?: boolean;
  /** Two-sided level of the frontier forecast's interval (release-date axis). Default 0.8. */
  level?: number;
}

/** Fewest points for a fit to be attempted at all (the fitter itself decides identifiability). */
const MIN_POINTS = 4;

function scoreRange(b: Benchmark): readonly [number, number] | undefined {
  if (b.unit === 'fraction') return [0, 1];
  if (b.unit === 'percent') return [0, 100];
  return undefined;
}

function fitOptionsFor(b: Benchmark, floorValue: number, req: SeriesRequest): FitOptions {
  const range = scoreRange(b);
  return {
    form: req.form ?? 'logistic',
    floor: req.floor === 'free' ? 'free' : floorValue,
    ceiling: req.ceiling === 'free' ? 'free' : b.ceiling,
    higherIsBetter: b.higherIsBetter,
    ...(range ? { scoreRange: range } : {}),
  };
}

function seriesKey(req: Required<Omit<SeriesRequest, 'subtaskId'>> & { subtaskId: number | null }): string {
  // Keys written before partial results existed stay valid: only a request that takes them in adds to the key.
  return [req.benchmarkId, req.subtaskId ?? 0, req.axis, req.form, req.points, req.floor, req.ceiling, req.threshold, req.resamples].join('/') +
    (req.includePartial ? '/partial' : '') +
    (req.level !== 0.8 ? `/level${req.level}` : '');
}

function hashInputs(b: Benchmark, floorValue: number, points: SeriesPoint[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([b.floor, b.ceiling, floorValue, b.higherIsBetter, b.unit, b.releaseDate]));
  for (const p of points) h.update(`${p.modelId}|${p.x}|${p.y}|${p.stderr}|${p.n}\n`);
  return h.digest('hex');
}

/**
 * Fit one series (benchmark or subtask, on one axis) and forecast its saturation, using the cache when the inputs
 * are unchanged. Defaults: logistic, all points, floor and ceiling fixed at the benchmark's, threshold 0.9,
 * 200 bootstrap resamples.
 */
export function seriesFit(db: Db, req: SeriesRequest, work: WorkContext = untracked, ctx?: SeriesContext): SeriesFit {
  const p = prepareSeriesFit(db, req, ctx);
  if ('cached' in p) return p.cached;
  return p.finish(p.bootstrap ? bootstrapFit(p.bootstrap.points, p.bootstrap.fit, p.bootstrap.spec, work) : null);
}

/**
 * The same as {@link seriesFit}, with the bootstrap run in a worker thread, so the main process stays free to
 * answer other calls; progress ('resampling') and cancellation reach the worker between resamples (a cancelled
 * bootstrap gives a partial interval, which is not cached).
 */
export async function seriesFitInWorker(db: Db, req: SeriesRequest, work: WorkContext = untracked): Promise<SeriesFit> {
  return seriesFitWith(db, req, (points, fit, spec) => runBootstrapInWorker(points, fit, spec, { progress: work.progress, cancel: work.cancel }));
}

/** Runs one bootstrap somewhere (a worker, a pool of workers); see {@link seriesFitWith}. */
export type BootstrapRunner = (points: CurvePoint[], fit: CurveFit, spec: BootstrapSpec) => Promise<BootstrapResult>;

/**
 * {@link seriesFit} with the bootstrap handed to `runBootstrap`. Only the loading, the fit and the assembly run in
 * this thread (tens of milliseconds); callers fitting many series share one worker pool this way.
 */
export async function seriesFitWith(db: Db, req: SeriesRequest, runBootstrap: BootstrapRunner, ctx?: SeriesContext): Promise<SeriesFit> {
  const p = prepareSeriesFit(db, req, ctx);
  if ('cached' in p) return p.cached;
  if (!p.bootstrap) return p.finish(null);
  return p.finish(await runBootstrap(p.bootstrap.points, p.bootstrap.fit, p.bootstrap.spec));
}

type Prepared =
  | { cached: SeriesFit }
  | {
      /** What the bootstrap needs, or null when there is nothing to resample (no fit, or 0 resamples). */
      bootstrap: { points: CurvePoint[]; fit: CurveFit; spec: BootstrapSpec } | null;
      /** Forecast, assemble and cache the result once the bootstrap (if any) is done. */
      finish: (boot: BootstrapResult | null) => SeriesFit;
    };

/** Everything before and after the bootstrap, split so the bootstrap can run in this thread or in a worker. */
/** A series' points before any fit: every model's best, and which are left out of a fit and why. */
export interface SeriesPoints {
  benchmark: Benchmark;
  subtask: Benchmark['subtasks'][number] | null;
  /** The floor of this series (the subtask's own floor when it has one). */
  floorValue: number;
  all: SeriesPoint[];
  frontier: SeriesPoint[];
  /** Results confirmed as bad (through a flag): not in `all`. */
  confirmedOut: SeriesFit['excluded'];
  /**
   * Partial evaluations left out (not in `all`), each with its reason. Not in `excluded`: that list names models
   * whose point is left out, and the dashboard hides such models' points, while a model's other, complete results
   * still count.
   */
  partialOut: SeriesFit['excluded'];
  /** `all` without the values no curve with this benchmark's range can produce. */
  usable: SeriesPoint[];
  /** confirmedOut, then the points left out of `usable`, each with its reason. */
  excluded: SeriesFit['excluded'];
}

/**
 * The points of a series and the ones a fit leaves out (no fitting): the first half of a series fit, also what the
 * dashboard shows before its fits are done (current best, headroom, frontier).
 */
export function seriesPoints(
  db: Db,
  req: Pick<SeriesRequest, 'benchmarkId' | 'subtaskId' | 'axis' | 'floor' | 'ceiling' | 'includePartial'>,
  ctx: SeriesContext = seriesContext(db),
): SeriesPoints {
  const b = getBenchmark(db, req.benchmarkId);
  const subtask = req.subtaskId ? (b.subtasks.find((s) => s.id === req.subtaskId) ?? null) : null;
  if (req.subtaskId && !subtask) throw new Error(`Benchmark ${b.name} has no subtask ${req.subtaskId}.`);
  const floorValue = subtask?.floor ?? b.floor;
  // Results an analyst confirmed as bad (through a flag), and partial evaluations unless asked for, are left out and named.
  const confirmedOut: SeriesFit['excluded'] = [];
  const partialOut: SeriesFit['excluded'] = [];
  const all = loadSeries(
    db,
    b.id,
    subtask?.id ?? null,
    req.axis,
    b.higherIsBetter,
    ({ partial, ...r }) =>
      partial === null ? confirmedOut.push({ ...r, reason: 'confirmed as bad' }) : partialOut.push({ ...r, reason: `partial evaluation (${partial})` }),
    req.includePartial ? { ...ctx, includePartial: true } : ctx,
  );
  // Values no curve with this benchmark's range can produce (a unit slip, a score above the ceiling) are left out
  // of the fit and named, so one bad report does not block a benchmark's forecast; the flags show them.
  const excluded: SeriesFit['excluded'] = [...confirmedOut];
  const range = scoreRange(b);
  const span = Math.abs(b.ceiling - floorValue);
  const fixedCeiling = (req.ceiling ?? 'fixed') === 'fixed';
  const fixedFloor = (req.floor ?? 'fixed') === 'fixed';
  const usable = all.filter((p) => {
    let reason: string | null = null;
    if (range && (p.y < range[0] || p.y > range[1])) reason = `outside the ${b.unit} range ${range[0]}–${range[1]}`;
    else if (fixedCeiling && (b.higherIsBetter ? p.y > b.ceiling : p.y < b.ceiling)) reason = `beyond the ceiling ${b.ceiling}`;
    else if (fixedFloor && (b.higherIsBetter ? p.y < floorValue - 0.25 * span : p.y > floorValue + 0.25 * span))
      reason = `far past the floor ${floorValue}`;
    if (reason) excluded.push({ modelId: p.modelId, model: p.model, y: p.y, reason });
    return reason === null;
  });
  return { benchmark: b, subtask, floorValue, all, frontier: frontierPoints(all, b.higherIsBetter), confirmedOut, partialOut, usable, excluded };
}

function prepareSeriesFit(db: Db, req: SeriesRequest, ctx: SeriesContext = seriesContext(db)): Prepared {
  const sp = seriesPoints(db, req, ctx);
  const { benchmark: b, subtask, floorValue, all, frontier, confirmedOut, partialOut, usable, excluded } = sp;
  const full = {
    benchmarkId: b.id,
    subtaskId: subtask?.id ?? null,
    axis: req.axis,
    form: req.form ?? 'logistic',
    points: req.points ?? 'all',
    floor: req.floor ?? 'fixed',
    ceiling: req.ceiling ?? 'fixed',
    threshold: req.threshold ?? 0.9,
    resamples: req.resamples ?? 200,
    includePartial: req.includePartial ?? false,
    level: req.level ?? 0.8,
  } as const;
  const key = seriesKey(full);
  // On the release-date axis the forecast is the frontier's (fit/frontierForecast.ts), calibrated on every benchmark
  // of the workspace: a change anywhere changes its interval, so the calibration is part of the cache key.
  const track = full.axis === 'date' ? workspaceTrack(db, ctx, full.threshold, full.level) : null;
  // The confirmed-bad list is part of the answer (`excluded`): confirming a result that was not the model's best
  // leaves `all` as it was, so the list must be in the key or a cached fit would not name it.
  // So must the partial results left out, which the warnings name.
  const hash =
    hashInputs(b, floorValue, all) + confirmedOut.map((r) => `|${r.modelId}:${r.y}`).join('') + partialOut.map((r) => `|p${r.modelId}:${r.y}:${r.reason}`).join('') +
    (track ? `|track:${track.fingerprint}` : '');
  const cached = stmt(db, 'SELECT input_hash, result FROM fit_cache WHERE series_key = ?').get(key) as { input_hash: string; result: string } | undefined;
  if (cached && cached.input_hash === hash) return { cached: { ...(JSON.parse(cached.result) as SeriesFit), cached: true } };

  const usableFrontier = frontierPoints(usable, b.higherIsBetter);
  const used = full.points === 'frontier' ? usableFrontier : usable;
  const curvePoints: CurvePoint[] = used.map((p) => ({ x: p.x, y: p.y, se: p.stderr, n: p.n }));
  const options = fitOptionsFor(b, floorValue, full);
  const fit = fitCurve(curvePoints, options, ctx.scratch);
  if (curvePoints.length < MIN_POINTS && fit.status === 'ok') {
    fit.status = 'not-enough-data';
    fit.message = `${curvePoints.length} point${curvePoints.length === 1 ? '' : 's'} on this axis; at least ${MIN_POINTS} are needed for a curve`;
    fit.n = curvePoints.length;
  }
  const targetY = saturationTarget(floorValue, b.ceiling, full.threshold);
  const bootstrap =
    fit.status === 'ok' && full.resamples > 0
      ? { points: curvePoints, fit, spec: { resamples: full.resamples, seed: 1, grid: defaultGrid(fit, 81), crossings: { saturation: targetY }, fitOptions: options } }
      : null;
  const finish = (boot: BootstrapResult | null): SeriesFit => {
    const releasedAt = full.axis === 'date' && b.releaseDate ? toDecimalYear(b.releaseDate) : undefined;
    const forecast = track
      ? forecastFrontier(usable.map((p) => ({ x: p.x, y: p.y })), {
          floor: floorValue,
          ceiling: b.ceiling,
          threshold: full.threshold,
          ...(releasedAt !== undefined ? { releasedAt } : {}),
          asOf: track.dataEnd,
          calibration: track.calibrated ? track.calibration : null,
          level: full.level,
          track: subtask ? null : (track.bySeries[String(b.id)] ?? null),
        })
      : forecastSaturation(
          usable.map((p) => ({ x: p.x, y: p.y })),
          fit,
          { floor: floorValue, ceiling: b.ceiling, threshold: full.threshold, ...(releasedAt !== undefined ? { releasedAt } : {}), ...(boot ? { bootstrap: boot } : {}) },
        );
    const xs: number[] = [];
    const ys: number[] = [];
    if (fit.status === 'ok') {
      for (const x of defaultGrid(fit, 121)) {
        xs.push(x);
        ys.push(evaluateFit(fit, x));
      }
    }
    const result: SeriesFit = jsonSafe({
      benchmark: {
        id: b.id,
        name: b.name,
        unit: b.unit,
        floor: floorValue,
        ceiling: b.ceiling,
        higherIsBetter: b.higherIsBetter,
        humanBaseline: b.humanBaseline,
        releaseDate: b.releaseDate,
        category: b.category,
      },
      subtask: subtask ? { id: subtask.id, name: subtask.name } : null,
      axis: full.axis,
      pointsMode: full.points,
      points: all,
      frontier,
      excluded,
      fit: { ...fit, cov: undefined, warnings: [...fit.warnings, ...[...excluded, ...partialOut].map((e) => `left out ${e.model} (${e.y}): ${e.reason}`)] },
      curve: { x: xs, y: ys },
      band: boot && !boot.cancelled ? { x: boot.grid, lo: boot.band.lo, hi: boot.band.hi } : null,
      forecast,
      resamples: boot?.completed ?? 0,
      cached: false,
      computedAt: new Date().toISOString(),
    }) as SeriesFit;
    // A cancelled bootstrap is not cached: the next request computes it whole.
    // Skipped while an import job holds the write lock (db/busy.ts).
    if (!boot?.cancelled) {
      cacheWrite(() =>
        stmt(
          db,
          `INSERT INTO fit_cache (series_key, benchmark_id, subtask_id, axis, input_hash, result, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(series_key) DO UPDATE SET input_hash = excluded.input_hash, result = excluded.result, computed_at = excluded.computed_at`,
        ).run(key, b.id, subtask?.id ?? null, full.axis, hash, JSON.stringify(result), result.computedAt),
      );
    }
    return result;
  };
  return { bootstrap, finish };
}

export interface ForecastTableRequest {
  axis?: Axis;
  threshold?: number;
  benchmarkIds?: number[];
  includeSubtasks?: boolean;
  form?: FitFormChoice;
  resamples?: number;
  /** Two-sided level of the intervals. Default 0.8. */
  level?: number;
  /** ISO dates for each row's frontierAt (release-date axis). */
  at?: string[];
}

/**
 * Forecasts for every benchmark (and optionally subtask) on one axis, from the cache where inputs are unchanged.
 * Reports ('fitting', series done, series); once cancelled it returns the rows finished so far.
 */
export function forecastTable(db: Db, req: ForecastTableRequest, work: WorkContext = untracked): ForecastRow[] {
  const axis = req.axis ?? 'date';
  const wanted = req.benchmarkIds?.length ? new Set(req.benchmarkIds) : null;
  // Saturation forecasts need a ceiling: benchmarks without an upper bound are left out.
  const benchmarks = listBenchmarks(db).filter((b) => b.bounded && (!wanted || wanted.has(b.id)));
  const jobs: { b: Benchmark; subtaskId: number | null; subtask: string | null }[] = [];
  for (const b of benchmarks) {
    jobs.push({ b, subtaskId: null, subtask: null });
    if (req.includeSubtasks) for (const s of b.subtasks) jobs.push({ b, subtaskId: s.id, subtask: s.name });
  }
  const rows: ForecastRow[] = [];
  const ctx = seriesContext(db);
  jobs.forEach((job, i) => {
    if (work.cancel.cancelled()) return;
    const f = seriesFit(db, {
      benchmarkId: job.b.id,
      subtaskId: job.subtaskId,
      axis,
      threshold: req.threshold ?? 0.9,
      form: req.form ?? 'logistic',
      resamples: req.resamples ?? 200,
      level: req.level ?? 0.8,
    }, untracked, ctx);
    work.progress.report('fitting', i + 1, jobs.length);
    const date = (x: number | null | undefined) => (axis === 'date' && typeof x === 'number' ? fromDecimalYear(x) : null);
    rows.push({
      benchmarkId: job.b.id,
      benchmark: job.b.name,
      subtaskId: job.subtaskId,
      subtask: job.subtask,
      category: job.b.category,
      axis,
      points: f.points.length,
      fitStatus: f.fit.status,
      form: f.fit.form,
      forecast: f.forecast,
      crossingDate: date(f.forecast.crossingX),
      intervalDates: f.forecast.interval ? [date(f.forecast.interval[0]), date(f.forecast.interval[1])] : null,
      saturatedSinceDate: date(f.forecast.saturatedSince),
      ...(req.at && axis === 'date' ? { frontierAt: frontierAtRow(db, ctx, job, f, req.at, req.threshold ?? 0.9, req.level ?? 0.8) } : {}),
    });
  });
  return rows;
}

/** A forecast row's frontierAt: the predicted best score at each date (see fit/forecast.ts frontierAt). */
function frontierAtRow(
  db: Db,
  ctx: SeriesContext,
  job: { b: Benchmark; subtaskId: number | null },
  f: SeriesFit,
  at: string[],
  threshold: number,
  level: number,
): NonNullable<ForecastRow['frontierAt']> {
  const sp = seriesPoints(db, { benchmarkId: job.b.id, subtaskId: job.subtaskId, axis: 'date' }, ctx);
  const track = workspaceTrack(db, ctx, threshold, level);
  const values = frontierAt(
    f.forecast,
    sp.usable.map((p) => ({ x: p.x, y: p.y })),
    { floor: sp.floorValue, ceiling: job.b.ceiling, calibration: track.calibrated ? track.calibration : null, level },
    at.map((d) => toDecimalYear(d)),
  );
  return values.map((v, i) => ({ date: at[i]!, value: v.value, low: v.low, high: v.high }));
}
