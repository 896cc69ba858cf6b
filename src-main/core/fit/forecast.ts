/**
 * Saturation forecast: when does a benchmark's fitted curve cross a fraction q of the way from
 * floor to ceiling, and has the observed frontier already crossed it?
 */
import { bestSoFar, frontierPoints } from './axes';
import type { BootstrapResult } from './bootstrap';
import { inverseFit } from './fitCurve';
import type { CurveFit, CurvePoint } from './fitCurve';
import {
  expit,
  frontierState,
  logit,
  MAX_YEARS,
  predictCrossing,
  predictFrontier,
  records,
  toHeadroom,
  type FrontierCalibration,
} from './frontierForecast';
import type { ForecastExtras, TrackRecord } from '../../common/analysis';

/** Options for {@link forecastSaturation}. */
export interface ForecastOptions {
  /** The benchmark's floor (chance level or worst score), metric units. */
  floor: number;
  /** The benchmark's ceiling (best possible score), metric units. Direction is read from ceiling vs floor. */
  ceiling: number;
  /** Fraction q of the floor-to-ceiling range that counts as saturated. Default 0.9. */
  threshold?: number;
  /** Largest distance beyond the last observed x at which a crossing still counts, in axis units. Default 20 (years on a date axis, decades on a log10 compute axis). */
  horizon?: number;
  /** The benchmark's release as a decimal year (date axis only), for the time from release to saturation. */
  releasedAt?: number;
  /** Bootstrap of the same fit with `crossings: { [crossingKey]: targetY }`, for the interval. */
  bootstrap?: BootstrapResult;
  /** Name of the crossing in `bootstrap.derived`. Default 'saturation'. */
  crossingKey?: string;
}

/** Outcome of a forecast. */
export type ForecastStatus = 'saturated' | 'forecast' | 'no-crossing' | 'unavailable';

/** A saturation forecast: plain JSON. */
export interface SaturationForecast extends ForecastExtras {
  status: ForecastStatus;
  message: string;
  /** q. */
  threshold: number;
  /** y* = f + q·(c − f), metric units. */
  targetY: number;
  /** x where the fitted curve reaches y* (null unless status is 'forecast'). */
  crossingX: number | null;
  /** Bootstrap interval of the crossing [lo, hi]; hi = Infinity (null in JSON) when some resampled curves never cross. */
  interval: [number, number] | null;
  /** x of the first frontier point at or past y* (status 'saturated'). */
  saturatedSince: number | null;
  /** The best observed point so far. */
  bestObserved: { x: number; y: number } | null;
  /** Crossing (or saturatedSince) minus `releasedAt`, with its interval. */
  timeToSaturation: number | null;
  timeToSaturationInterval: [number, number] | null;
  warnings: string[];
}

/**
 * The saturation level y* = f + q·(c − f): the score a fraction q of the way from floor f to
 * ceiling c (works for lower-is-better metrics, where c < f).
 */
export function saturationTarget(floor: number, ceiling: number, threshold = 0.9): number {
  return floor + threshold * (ceiling - floor);
}

/**
 * Forecasts when a benchmark saturates.
 *
 * 1. y* = f + q·(c − f) with the benchmark's floor f and ceiling c (not the fitted ones: saturation
 *    is about the benchmark, whatever the curve believes).
 * 2. If a frontier point already reaches y* (direction aware): status 'saturated', saturatedSince =
 *    the x of the first such point.
 * 3. Else if there is no fit yet (null: the dashboard's first answer, before its fits are done): 'unavailable',
 *    "not fitted yet". Else if the fit's status is not 'ok': 'unavailable' with the fit's message.
 * 4. Else x* = the fitted curve's inverse at y*. If the fitted curve never reaches y* (its ceiling
 *    is short of it) or x* > last x + horizon: 'no-crossing'. Otherwise 'forecast' with x* and the
 *    bootstrap percentile interval of x* when a bootstrap is given.
 * Time to saturation = x* (or saturatedSince) − releasedAt.
 * @param points the observed points (all of them; the frontier is derived here).
 * @param fit a fit of those points (usually of the frontier or of all points), or null when none is made yet.
 * @param options floor, ceiling, threshold (default 0.9), horizon (default 20), release date, bootstrap.
 */
export function forecastSaturation(points: readonly CurvePoint[], fit: CurveFit | null, options: ForecastOptions): SaturationForecast {
  const q = options.threshold ?? 0.9;
  const { floor, ceiling } = options;
  const up = ceiling > floor;
  const targetY = saturationTarget(floor, ceiling, q);
  const horizon = options.horizon ?? 20;
  const warnings: string[] = [];
  const frontier = frontierPoints(points, up);
  const best = frontier[frontier.length - 1];
  const base: SaturationForecast = {
    status: 'unavailable',
    message: '',
    threshold: q,
    targetY,
    crossingX: null,
    interval: null,
    saturatedSince: null,
    bestObserved: best ? { x: best.x, y: best.y } : null,
    timeToSaturation: null,
    timeToSaturationInterval: null,
    warnings,
    method: 'curve',
  };
  const since = (x: number | null): number | null => (x !== null && options.releasedAt !== undefined ? x - options.releasedAt : null);
  if (!(Number.isFinite(floor) && Number.isFinite(ceiling)) || floor === ceiling || !(q > 0 && q < 1)) {
    return { ...base, message: 'floor and ceiling must be finite and different, and the threshold strictly between 0 and 1' };
  }
  const past = frontier.find((p) => (up ? p.y >= targetY : p.y <= targetY));
  if (past) {
    return {
      ...base,
      status: 'saturated',
      message: `saturated: the frontier reached ${targetY} at x = ${past.x}`,
      saturatedSince: past.x,
      timeToSaturation: since(past.x),
    };
  }
  if (fit === null) return { ...base, message: 'not fitted yet' };
  if (fit.status !== 'ok') return { ...base, message: `no forecast: the fit is ${fit.status} (${fit.message})` };
  const x = inverseFit(fit, targetY);
  const lastX = fit.xRange[1];
  if (Number.isNaN(x)) {
    return { ...base, status: 'no-crossing', message: `the fitted curve levels off before reaching ${targetY} (fitted ceiling ${fit.params.ceiling ?? fit.params.E})` };
  }
  if (x > lastX + horizon) {
    return { ...base, status: 'no-crossing', message: `the fitted curve reaches ${targetY} only at x = ${x.toPrecision(6)}, beyond the horizon (${horizon} past the last point)` };
  }
  if (x < lastX) warnings.push('the curve says the threshold should already have been reached, but no observed point has reached it');
  let interval: [number, number] | null = null;
  const iv = options.bootstrap?.derived[options.crossingKey ?? 'saturation'];
  if (iv) interval = [iv.lo, iv.hi];
  else if (options.bootstrap) warnings.push(`the bootstrap has no crossing named '${options.crossingKey ?? 'saturation'}'`);
  const rel = options.releasedAt;
  return {
    ...base,
    status: 'forecast',
    message: `forecast: the curve reaches ${targetY} at x = ${x.toPrecision(6)}`,
    crossingX: x,
    interval,
    timeToSaturation: since(x),
    timeToSaturationInterval: interval && rel !== undefined ? [interval[0] - rel, interval[1] - rel] : null,
  };
}

/** Options for {@link forecastFrontier}. */
export interface FrontierForecastOptions {
  floor: number;
  ceiling: number;
  threshold?: number;
  releasedAt?: number;
  /** The as-of date (decimal year): the workspace's data end. The series' last point is used when it is later. */
  asOf: number;
  /** The workspace's residual calibration (null: too little history, no interval). */
  calibration: FrontierCalibration | null;
  /** Two-sided level of the interval. Default 0.8. */
  level?: number;
  /** This benchmark's track record, shown beside the forecast. */
  track?: TrackRecord | null;
  /** Years of path to draw after the origin. Default 3. */
  pathYears?: number;
}

function pct(u: number): string {
  return `${(u * 100).toFixed(u < 0.1 ? 1 : 0)} %`;
}

/**
 * The default saturation forecast on the release-date axis: when the frontier (best result so far) crosses
 * y* = f + q·(c − f), from the record-drift model and its calibrated interval (frontierForecast.ts; the formulas are
 * in its module comment and docs/methods.md). Edge cases, in order: already crossed → 'saturated' (saturatedSince);
 * no drift anywhere or a centre beyond MAX_YEARS → 'no-crossing' with the reason in `openEnd`; an interval end beyond
 * MAX_YEARS → that end null with the reason in `openEnd`. The origin is max(asOf, last point), so the crossing and
 * its interval never start before the data.
 * @param points the series' usable points (metric units).
 */
export function forecastFrontier(points: readonly CurvePoint[], options: FrontierForecastOptions): SaturationForecast {
  const q = options.threshold ?? 0.9;
  const level = options.level ?? 0.8;
  const { floor, ceiling } = options;
  const observed = forecastSaturation(points, null, { floor, ceiling, threshold: q, ...(options.releasedAt !== undefined ? { releasedAt: options.releasedAt } : {}) });
  const track = options.track ?? null;
  const base: SaturationForecast = { ...observed, method: 'frontier', level, origin: null, driftSource: null, openEnd: null, path: null, track, state: null };
  if (!(Number.isFinite(floor) && Number.isFinite(ceiling)) || floor === ceiling || !(q > 0 && q < 1)) return base;
  const us = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).map((p) => ({ x: p.x, u: toHeadroom(p.y, floor, ceiling) })).sort((a, b) => a.x - b.x);
  if (!us.length) return { ...base, message: 'no results on this axis yet' };
  const origin = Math.max(options.asOf, us[us.length - 1]!.x);
  const cal = options.calibration;
  // The records, as the backtest reads them (frontierForecast.ts rollingCases): the same forecast in both.
  const state = frontierState(records(us), origin, cal?.pooledDrift ?? null);
  const toY = (u: number) => floor + u * (ceiling - floor);
  const years = options.pathYears ?? 3;
  const path = { x: [] as number[], value: [] as number[], low: [] as (number | null)[], high: [] as (number | null)[] };
  for (let i = 0; i <= 36; i++) {
    const h = (years * i) / 36;
    const p = predictFrontier(state, h, cal, level);
    path.x.push(origin + h);
    path.value.push(toY(p.value));
    path.low.push(p.low === null ? null : toY(p.low));
    path.high.push(p.high === null ? null : toY(p.high));
  }
  const withState = { ...base, origin, driftSource: state.driftSource, path, state: { best: state.best, drift: state.drift } };
  if (observed.status === 'saturated') return { ...withState, message: `saturated since x = ${observed.saturatedSince}: the frontier has reached the line` };
  const warnings = [...observed.warnings];
  if (track?.worseThanFlat) {
    const h = track.byHorizon.filter((b) => b.mae !== null && b.flatMae !== null).at(-1)!;
    warnings.push(
      `on this benchmark's backtest this forecast did worse than "the frontier stays where it is" (mean error ${pct(h.mae!)} vs ${pct(h.flatMae!)} of the range at ${h.horizon} year${h.horizon === 1 ? '' : 's'})`,
    );
  }
  if (!cal) warnings.push('too little history in this workspace to calibrate an interval (fewer than 20 rolling-origin cases)');
  if (state.driftSource === 'pooled') warnings.push('too few records of its own: the frontier drift is the median of the workspace\'s other benchmarks');
  const cr = predictCrossing(state, q, cal, level);
  const common = { ...withState, warnings };
  const rel = options.releasedAt;
  const rate = `${pct(Math.max(0, expit(logit(state.best) + state.drift) - state.best))} of the range in the next year`;
  if (cr.h === null) {
    const why =
      state.driftSource === 'none'
        ? 'the frontier has a single record and the workspace no other benchmark to borrow a trend from'
        : state.drift === 0
          ? 'the frontier has not risen since its first record'
          : `at its rate of new records (about ${rate}) the frontier gets there later than that`;
    const text = `not within ${MAX_YEARS} years: ${why}`;
    return { ...common, status: 'no-crossing', message: text, openEnd: text };
  }
  const crossingX = origin + cr.h;
  const lo = cr.lo === null ? null : origin + cr.lo;
  const hi = cr.hi === null ? null : origin + cr.hi;
  const interval: [number, number] | null = cal && lo !== null ? [lo, hi ?? Infinity] : null;
  const lowPct = Math.round(((1 - level) / 2) * 100);
  const openEnd =
    interval && hi === null
      ? `the late end is not within ${MAX_YEARS} years: at the low end of the ${Math.round(level * 100)} % band the frontier stalls short of the line (in this workspace's history ${lowPct} % of frontiers gained this little or nothing, often because new models stopped being reported on the benchmark)`
      : null;
  return {
    ...common,
    status: 'forecast',
    message: `forecast: the frontier reaches ${toY(q)} at x = ${crossingX.toPrecision(6)} (about ${rate})`,
    crossingX,
    interval,
    openEnd,
    timeToSaturation: rel !== undefined ? crossingX - rel : null,
    timeToSaturationInterval: interval && rel !== undefined ? [interval[0] - rel, interval[1] - rel] : null,
  };
}

/**
 * The predicted frontier (best score by each date, metric units) with its predictive interval: from the forecast's
 * frontier model (`state`, `origin`) and the workspace calibration at `level`. A date at or before the origin gives the
 * observed best so far (low = high = value; null when nothing was known yet). Null values when the forecast has no
 * frontier model (another axis, no points).
 * @param dates decimal years.
 * @param points the series' usable points (metric units), for dates before the origin.
 */
export function frontierAt(
  forecast: Pick<SaturationForecast, 'origin' | 'state'>,
  points: readonly CurvePoint[],
  options: { floor: number; ceiling: number; calibration: FrontierCalibration | null; level: number },
  dates: readonly number[],
): { x: number; value: number | null; low: number | null; high: number | null }[] {
  const { floor, ceiling } = options;
  const up = ceiling > floor;
  const toY = (u: number) => floor + u * (ceiling - floor);
  return dates.map((x) => {
    const s = forecast.state;
    const origin = forecast.origin;
    if (!s || origin === null || origin === undefined) return { x, value: null, low: null, high: null };
    if (x <= origin) {
      const v = bestSoFar(points, x, up);
      const value = Number.isFinite(v) ? v : null;
      return { x, value, low: value, high: value };
    }
    const p = predictFrontier({ origin, best: s.best, drift: s.drift, driftSource: 'own' }, x - origin, options.calibration, options.level);
    return { x, value: toY(p.value), low: p.low === null ? null : toY(p.low), high: p.high === null ? null : toY(p.high) };
  });
}
