/**
 * Cases bootstrap of a curve fit: resample the points (each point is one model's result) with
 * replacement, refit, and read percentile bands for the curve and intervals for derived quantities.
 */
import { createFitScratch, fitCurve, evaluateFit, inverseFit } from './fitCurve';
import type { CurveFit, CurvePoint, FitOptions } from './fitCurve';
import { mulberry32 } from './rng';
import type { Cancel, Progress } from '../../common/progress';

/** Plain-data options of a bootstrap (everything a worker needs). */
export interface BootstrapSpec {
  /** Number of resamples B. Default 200. */
  resamples?: number;
  /** PRNG seed; same seed, same result. Default 1. */
  seed?: number;
  /** x values at which the curve band is read. Default 61 points from the data's first x to its last x + half the range. */
  grid?: number[];
  /** Two-sided interval level. Default 0.9 (the 5th and 95th percentiles). */
  level?: number;
  /** Named y values whose crossing x is wanted (e.g. { saturation: 0.925 }). */
  crossings?: Record<string, number>;
  /** Fit options for every refit (the form is fixed to the full-data fit's form). */
  fitOptions?: FitOptions;
}

/** In-thread extras that cannot cross a thread boundary. */
export interface BootstrapHooks {
  /** Told ('resampling', done, total) after each resample. */
  progress?: Progress;
  /** Checked before each resample; once cancelled, the partial result is returned with `cancelled: true`. */
  cancel?: Cancel;
  /** Extra derived quantities computed from each refit (in-thread only). */
  derived?: Record<string, (fit: CurveFit) => number>;
}

/** Percentile summary of one quantity over the resamples. */
export interface Interval {
  lo: number;
  median: number;
  hi: number;
  /** Fraction of resamples with a finite value (crossings that never happen count as +∞). */
  finiteFraction: number;
}

/** The result of {@link bootstrapFit}: plain JSON (±Infinity and NaN become null). */
export interface BootstrapResult {
  resamples: number;
  /** Resamples whose refit succeeded and enter the summaries. */
  completed: number;
  /** Resamples that could not be fitted (e.g. too few distinct x drawn). */
  failed: number;
  cancelled: boolean;
  seed: number;
  level: number;
  grid: number[];
  /** Pointwise percentile band of the curve on `grid`. */
  band: { lo: number[]; median: number[]; hi: number[] };
  /** Interval per fitted parameter. */
  params: Record<string, Interval>;
  /** Interval per crossing and per derived quantity. */
  derived: Record<string, Interval>;
}

/**
 * Type-7 (linear interpolation) percentile of sorted values: with h = (n − 1)·q, returns
 * v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋]). Infinite values sort to the ends and are returned as such.
 * NaN when `sorted` is empty.
 */
export function percentile(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const i = Math.floor(h);
  const a = sorted[i] as number;
  const b = sorted[Math.min(i + 1, n - 1)] as number;
  if (a === b || h === i) return a;
  return a + (h - i) * (b - a);
}

function summarise(values: number[], level: number): Interval {
  const finite = values.filter((v) => Number.isFinite(v)).length;
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { lo: percentile(s, alpha), median: percentile(s, 0.5), hi: percentile(s, 1 - alpha), finiteFraction: values.length ? finite / values.length : 0 };
}

/** The default band grid: 61 points from the first x to the last x plus half the x range. */
export function defaultGrid(fit: Pick<CurveFit, 'xRange'>, count = 61): number[] {
  const [a, b] = fit.xRange;
  const end = b + 0.5 * (b - a);
  return Array.from({ length: count }, (_, i) => a + ((end - a) * i) / (count - 1));
}

/**
 * Cases (nonparametric) bootstrap of a curve fit. For b = 1..B: draw n point indices uniformly with
 * replacement (mulberry32 seeded with `seed`), refit the same form with the same options (starting
 * also from the full-data estimates), and record the curve on the grid, each parameter, and each
 * crossing x (+∞ when the refit curve never reaches that y, so "never" counts as later than any
 * date). Summaries are the pointwise percentiles at (1 ∓ level)/2 over successful refits.
 * @param points the data that produced `fit`.
 * @param fit the full-data fit (its form and parameters seed each refit).
 * @param spec plain-data options (resamples, seed, grid, level, crossings, fitOptions).
 * @param hooks progress, cancel and function-valued derived quantities.
 * @returns plain data; `cancelled` is true if it was cancelled, with the resamples done so far.
 */
export function bootstrapFit(points: readonly CurvePoint[], fit: CurveFit, spec: BootstrapSpec = {}, hooks: BootstrapHooks = {}): BootstrapResult {
  const it = bootstrapSteps(points, fit, spec, hooks);
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link bootstrapFit} as a generator that yields after every resample (the number done so far) and
 * returns the result, so a caller can spread the work over event-loop turns. Same arguments, same
 * result for the same seed.
 */
export function* bootstrapSteps(
  points: readonly CurvePoint[],
  fit: CurveFit,
  spec: BootstrapSpec = {},
  hooks: BootstrapHooks = {},
): Generator<number, BootstrapResult, void> {
  const B = Math.max(0, Math.floor(spec.resamples ?? 200));
  const seed = spec.seed ?? 1;
  const level = spec.level ?? 0.9;
  const grid = spec.grid ?? (Number.isFinite(fit.xRange[0]) ? defaultGrid(fit) : []);
  const rand = mulberry32(seed);
  const n = points.length;
  const curves: number[][] = grid.map(() => []);
  const paramNames = fit.freeParams;
  const paramVals: Record<string, number[]> = {};
  for (const nm of paramNames) paramVals[nm] = [];
  const crossings = spec.crossings ?? {};
  const derivedVals: Record<string, number[]> = {};
  for (const nm of Object.keys(crossings)) derivedVals[nm] = [];
  for (const nm of Object.keys(hooks.derived ?? {})) derivedVals[nm] = [];
  const options: FitOptions = {
    ...(spec.fitOptions ?? {}),
    form: fit.form,
    skipCovariance: true,
    multiStart: spec.fitOptions?.multiStart ?? 2,
    fastGrid: spec.fitOptions?.fastGrid ?? true,
    extraStarts: [fit.params],
  };
  let completed = 0;
  let failed = 0;
  let cancelled = false;
  const sample: CurvePoint[] = new Array<CurvePoint>(n);
  // One set of work arrays for every refit of this bootstrap (the generator may pause between
  // resamples, but a fit never does).
  const scratch = createFitScratch();
  for (let b = 0; b < B; b++) {
    if (hooks.cancel?.cancelled()) {
      cancelled = true;
      break;
    }
    // The draws happen even when the fit cannot run, so resample b is the same in every run.
    for (let i = 0; i < n; i++) sample[i] = points[Math.floor(rand() * n)] as CurvePoint;
    const f = fit.status === 'ok' || fit.status === 'not-identifiable' ? fitCurve(sample, options, scratch) : null;
    if (f && f.status === 'ok' && Number.isFinite(f.rss)) {
      completed++;
      grid.forEach((x, gi) => (curves[gi] as number[]).push(evaluateFit(f, x)));
      for (const nm of paramNames) (paramVals[nm] as number[]).push(f.params[nm] ?? Number.NaN);
      for (const [nm, y] of Object.entries(crossings)) {
        const x = inverseFit(f, y);
        (derivedVals[nm] as number[]).push(Number.isNaN(x) ? Infinity : x);
      }
      for (const [nm, fn] of Object.entries(hooks.derived ?? {})) (derivedVals[nm] as number[]).push(fn(f));
    } else {
      failed++;
    }
    hooks.progress?.report('resampling', b + 1, B);
    yield b + 1;
  }
  const band = { lo: [] as number[], median: [] as number[], hi: [] as number[] };
  for (const vals of curves) {
    const s = summarise(vals, level);
    band.lo.push(s.lo);
    band.median.push(s.median);
    band.hi.push(s.hi);
  }
  const params: Record<string, Interval> = {};
  for (const nm of paramNames) params[nm] = summarise(paramVals[nm] as number[], level);
  const derived: Record<string, Interval> = {};
  for (const [nm, vals] of Object.entries(derivedVals)) derived[nm] = summarise(vals, level);
  return { resamples: B, completed, failed, cancelled, seed, level, grid, band, params, derived };
}
