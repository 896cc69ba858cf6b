/**
 * Backtest of saturation forecasts: refit on what was known at past cutoffs and score the
 * predictions against what happened later.
 */
import { bestSoFar, frontierPoints } from './axes';
import { bootstrapFit } from './bootstrap';
import { createFitScratch, evaluateFit, fitCurve, inverseFit } from './fitCurve';
import type { CurvePoint, FitOptions, FitStatus } from './fitCurve';
import { saturationTarget } from './forecast';
import { curveStandardError, normalQuantile } from './stats';

/** Options for {@link backtest}. */
export interface BacktestOptions {
  /** The benchmark's floor and ceiling (metric units); errors are reported in units of |ceiling − floor|. */
  floor: number;
  ceiling: number;
  /** Fit options for each cutoff's fit (form, fixed floor/ceiling...). Default { form: 'logistic', floor, ceiling: 'free' }. */
  fitOptions?: FitOptions;
  /** Spacing of cutoffs, axis units. Default 0.5 (half a year on a date axis). */
  step?: number;
  /** Horizons after each cutoff at which predictions are scored, axis units. Default [0.5, 1, 2]. */
  horizons?: number[];
  /** Fewest points known at a cutoff for it to be tried. Default 8. */
  minPoints?: number;
  /** Fit the frontier only (true, default: it is what is compared) or all points known then. */
  frontierOnly?: boolean;
  /** Interval method: 'covariance' (delta method, default, cheap) or 'bootstrap' (cases bootstrap). */
  interval?: 'covariance' | 'bootstrap';
  /** Bootstrap resamples when interval is 'bootstrap'. Default 100. */
  resamples?: number;
  /** Two-sided interval level. Default 0.9. */
  level?: number;
  /** Saturation threshold q. Default 0.9. */
  threshold?: number;
  /** Seed for the bootstrap. Default 1. */
  seed?: number;
}

/** One scored prediction. */
export interface BacktestPrediction {
  horizon: number;
  /** cutoff + horizon. */
  x: number;
  predicted: number;
  /** Best-so-far observed at x (all points, not only those known at the cutoff). */
  actual: number;
  lo: number;
  hi: number;
  covered: boolean;
  /** |predicted − actual| / |ceiling − floor|. */
  absError: number;
}

/** The fit at one cutoff and its scored predictions. */
export interface BacktestCutoff {
  cutoff: number;
  nPoints: number;
  status: FitStatus;
  predictions: BacktestPrediction[];
  /** x at which this cutoff's curve crosses the saturation threshold (null if never or not ok). */
  predictedSaturation: number | null;
}

/** Backtest summary: plain JSON. */
export interface BacktestResult {
  interval: 'covariance' | 'bootstrap';
  level: number;
  cutoffs: BacktestCutoff[];
  /** Per horizon: count of scored predictions, mean absolute error (normalised) and interval coverage. */
  byHorizon: { horizon: number; count: number; mae: number; coverage: number }[];
  /** First x at which the observed frontier reached the threshold, if it did. */
  actualSaturation: number | null;
  /** Per cutoff before the actual saturation: predicted − actual saturation x. */
  saturationErrors: { cutoff: number; predicted: number | null; error: number | null }[];
  /** Mean |error| over cutoffs with a predicted crossing; null if none. */
  saturationMae: number | null;
}

/**
 * Rolling-origin backtest of one series. Cutoffs run from the first x at which `minPoints` points
 * are known, every `step`, up to the last x minus the smallest horizon. At each cutoff t: fit the
 * points with x ≤ t (or their frontier), then for every horizon h with t + h ≤ last observed x,
 * compare the curve's ŷ(t + h) with the observed best-so-far at t + h. Error is
 * |ŷ − actual| / |c − f| (normalised headroom units); an interval ŷ ± z·se(ŷ) (covariance, delta
 * method) or the bootstrap percentile band "covers" when it contains the actual value. Saturation:
 * the actual date is the first frontier x reaching f + q(c − f); each earlier cutoff's predicted
 * crossing is compared with it.
 * @param points the whole series (x = decimal year or other axis, y = score).
 * @param options floor, ceiling and the knobs above.
 */
export function backtest(points: readonly CurvePoint[], options: BacktestOptions): BacktestResult {
  const { floor, ceiling } = options;
  const up = ceiling > floor;
  const scale = Math.abs(ceiling - floor);
  const step = options.step ?? 0.5;
  const horizons = options.horizons ?? [0.5, 1, 2];
  const minPoints = options.minPoints ?? 8;
  const level = options.level ?? 0.9;
  const method = options.interval ?? 'covariance';
  const z = normalQuantile(1 - (1 - level) / 2);
  const target = saturationTarget(floor, ceiling, options.threshold ?? 0.9);
  const fitOptions: FitOptions = options.fitOptions ?? { form: 'logistic', floor, ceiling: 'free' };
  const valid = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
  const lastX = valid.length ? (valid[valid.length - 1] as CurvePoint).x : Number.NaN;
  const firstSat = frontierPoints(valid, up).find((p) => (up ? p.y >= target : p.y <= target));
  const actualSaturation = firstSat ? firstSat.x : null;
  const cutoffs: BacktestCutoff[] = [];
  const startPoint = valid[minPoints - 1];
  const minH = Math.min(...horizons);
  const scratch = createFitScratch();
  if (startPoint) {
    for (let t = startPoint.x; t + minH <= lastX + 1e-9; t += step) {
      const known = valid.filter((p) => p.x <= t);
      const data = options.frontierOnly === false ? known : frontierPoints(known, up);
      const fit = fitCurve(data, fitOptions, scratch);
      const entry: BacktestCutoff = { cutoff: t, nPoints: known.length, status: fit.status, predictions: [], predictedSaturation: null };
      cutoffs.push(entry);
      if (fit.status !== 'ok') continue;
      const xsat = inverseFit(fit, target);
      entry.predictedSaturation = Number.isFinite(xsat) ? xsat : null;
      const scored = horizons.filter((h) => t + h <= lastX + 1e-9);
      let bands: { lo: number[]; hi: number[] } | null = null;
      if (method === 'bootstrap' && scored.length > 0) {
        const b = bootstrapFit(data, fit, { resamples: options.resamples ?? 100, seed: options.seed ?? 1, level, grid: scored.map((h) => t + h), fitOptions });
        bands = b.band;
      }
      scored.forEach((h, i) => {
        const x = t + h;
        const predicted = evaluateFit(fit, x);
        const actual = bestSoFar(valid, x, up);
        let lo: number;
        let hi: number;
        if (bands) {
          lo = bands.lo[i] as number;
          hi = bands.hi[i] as number;
        } else {
          const se = curveStandardError(fit, x);
          lo = predicted - z * se;
          hi = predicted + z * se;
        }
        entry.predictions.push({ horizon: h, x, predicted, actual, lo, hi, covered: actual >= lo && actual <= hi, absError: Math.abs(predicted - actual) / scale });
      });
    }
  }
  const byHorizon = horizons.map((h) => {
    const preds = cutoffs.flatMap((c) => c.predictions.filter((p) => p.horizon === h && Number.isFinite(p.absError)));
    const count = preds.length;
    return {
      horizon: h,
      count,
      mae: count ? preds.reduce((s, p) => s + p.absError, 0) / count : Number.NaN,
      coverage: count ? preds.filter((p) => p.covered).length / count : Number.NaN,
    };
  });
  const saturationErrors =
    actualSaturation === null
      ? []
      : cutoffs
          .filter((c) => c.cutoff < actualSaturation)
          .map((c) => ({ cutoff: c.cutoff, predicted: c.predictedSaturation, error: c.predictedSaturation === null ? null : c.predictedSaturation - actualSaturation }));
  const errs = saturationErrors.map((e) => e.error).filter((e): e is number => e !== null);
  return {
    interval: method,
    level,
    cutoffs,
    byHorizon,
    actualSaturation,
    saturationErrors,
    saturationMae: errs.length ? errs.reduce((s, e) => s + Math.abs(e), 0) / errs.length : null,
  };
}
