/**
 * Saturation forecast: when does a benchmark's fitted curve cross a fraction q of the way from
 * floor to ceiling, and has the observed frontier already crossed it?
 */
import { frontierPoints } from './axes';
import type { BootstrapResult } from './bootstrap';
import { inverseFit } from './fitCurve';
import type { CurveFit, CurvePoint } from './fitCurve';

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
export interface SaturationForecast {
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
