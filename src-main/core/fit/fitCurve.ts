/**
 * Fitting one series of (x, y) points with a built-in curve form: input checks, weights, automatic
 * starting values, multi-start Levenberg–Marquardt, AICc, form selection and the identifiability
 * verdict. See docs/methods.md for every rule and threshold.
 */
import { FORMS, midpointOf } from './forms';
import type { CurveForm, FormName } from './forms';
import { leastSquaresCovariance, solveLeastSquares } from './lm';
import type { SolverModel, SolverResult } from './lm';

/** One observation: a model's score y at axis value x (decimal year, log10 FLOP...). */
export interface CurvePoint {
  /** Axis value (units of the axis: decimal years, log10 FLOP, ...). */
  x: number;
  /** Score in the benchmark's own unit. */
  y: number;
  /** Standard error of y (same unit as y), when known. */
  se?: number | null;
  /** Number of items behind y (for binomial weights), when known. */
  n?: number | null;
}

/** How points are weighted. */
export type WeightScheme = 'none' | 'se' | 'binomial';

/** Options for {@link fitCurve}. */
export interface FitOptions {
  /** Curve form, or 'auto' to choose by AICc among `autoForms`. Default 'logistic'. */
  form?: FormName | 'auto';
  /** Fixed floor value (e.g. the benchmark's chance level) or 'free' to fit it. Default 'free'. */
  floor?: number | 'free';
  /** Fixed ceiling value (best reachable score) or 'free'. For 'power' a fixed ceiling fixes E. Default 'free'. */
  ceiling?: number | 'free';
  /** Bounds for a free floor. Default: see docs/methods.md ("Bounds"). */
  floorBounds?: readonly [number, number];
  /** Bounds for a free ceiling. */
  ceilingBounds?: readonly [number, number];
  /** Whether higher scores are better (the curve rises). Default true. */
  higherIsBetter?: boolean;
  /** The metric's possible range [lo, hi] (e.g. [0, 1] or [0, 100]); scores outside it are bad input. Default: none, except [0, 1] for binomial weights. */
  scoreRange?: readonly [number, number];
  /** Weighting: 'none' (default), 'se' (w = 1/se²) or 'binomial' (se² = p̃(1 − p̃)/n). */
  weights?: WeightScheme;
  /** Number of distinct starting points run through the solver. Default 3. */
  multiStart?: number;
  /**
   * A further grid start is run only when its grid RSS is within this factor of the best node's
   * (competing basins). Default 3; Infinity always runs `multiStart` starts.
   */
  ambiguity?: number;
  /** Forms tried by 'auto'. Default ['logistic', 'gompertz', 'richards']. */
  autoForms?: readonly FormName[];
  /**
   * How far beyond a fixed floor or ceiling (as a fraction of the floor-to-ceiling range) a score may
   * lie and still count as noise (kept, with a warning) rather than bad input. Default 0.25.
   */
  outsideTolerance?: number;
  /** Largest distance of the midpoint outside the data's x range, in multiples of the range, before 'not-identifiable'. Default 1. */
  maxMidpointOutside?: number;
  /** Largest standard error of x0, in multiples of the x range, before 'not-identifiable'. Default 1. */
  maxSeX0?: number;
  /** Extra starting parameter records tried in addition to the automatic ones (the bootstrap passes the full-data fit). */
  extraStarts?: readonly Record<string, number>[];
  /** Skip the covariance (the bootstrap does not need it). Default false. */
  skipCovariance?: boolean;
}

/** Outcome of a fit. */
export type FitStatus = 'ok' | 'not-enough-data' | 'not-identifiable' | 'failed' | 'bad-input';

/** The result of a curve fit: plain JSON (NaN becomes null when serialised). */
export interface CurveFit {
  form: FormName;
  /** Every parameter of the form by name, fixed ones included. */
  params: Record<string, number>;
  /** Standard error of each parameter (0 for fixed ones, NaN where undetermined). */
  se: Record<string, number>;
  /** Names of the fitted parameters, the row/column order of `cov`. */
  freeParams: string[];
  /** Covariance of the fitted parameters s²·(JᵀWJ)⁻¹, or null. */
  cov: number[][] | null;
  /** Weighted residual sum of squares. */
  rss: number;
  /** Small-sample corrected AIC (null when n ≤ k + 1). */
  aicc: number | null;
  /** Number of points used. */
  n: number;
  converged: boolean;
  iterations: number;
  status: FitStatus;
  message: string;
  warnings: string[];
  /** Parameters held fixed and their values. */
  fixed: { floor?: number; ceiling?: number; xRef?: number };
  /** Range of the data's x, for plotting and extrapolation checks. */
  xRange: [number, number];
  /** With form 'auto': each form tried, its status and AICc. */
  candidates?: { form: FormName; status: FitStatus; aicc: number | null; rss: number }[];
}

const SIGMOID_FORMS: readonly FormName[] = ['logistic', 'gompertz', 'richards'];

function emptyFit(form: FormName, status: FitStatus, message: string, n: number, warnings: string[] = []): CurveFit {
  return {
    form,
    params: {},
    se: {},
    freeParams: [],
    cov: null,
    rss: Number.NaN,
    aicc: null,
    n,
    converged: false,
    iterations: 0,
    status,
    message,
    warnings,
    fixed: {},
    xRange: [Number.NaN, Number.NaN],
  };
}

/**
 * Small-sample corrected Akaike information criterion for a least-squares fit with Gaussian errors:
 * AIC = −2·ln L + 2K with the maximised log-likelihood ln L = −(n/2)·(ln(2π·RSS/n) + 1) + ½·Σ ln wᵢ,
 * and AICc = AIC + 2K(K + 1)/(n − K − 1), where K = fitted curve parameters + 1 (the error variance).
 * @param rss weighted residual sum of squares Σ wᵢ rᵢ².
 * @param n number of points.
 * @param nParams number of fitted curve parameters (fixed ones excluded).
 * @param sumLogW Σ ln wᵢ (0 for unweighted fits).
 * @returns AICc, or null when n − K − 1 ≤ 0 (the correction is undefined). A zero RSS is floored
 * at 1e-300 so a perfect fit gives a very negative but finite value.
 */
export function aicc(rss: number, n: number, nParams: number, sumLogW = 0): number | null {
  const K = nParams + 1;
  if (n - K - 1 <= 0 || !Number.isFinite(rss)) return null;
  const aic = n * Math.log((2 * Math.PI * Math.max(rss, 1e-300)) / n) + n - sumLogW + 2 * K;
  return aic + (2 * K * (K + 1)) / (n - K - 1);
}

/**
 * Weights per point for a weighting scheme.
 * 'none': wᵢ = 1. 'se': wᵢ = 1/seᵢ². 'binomial': with p = (y − lo)/(hi − lo) on the score range and
 * the add-half smoothed p̃ = (p·n + 0.5)/(n + 1) (which keeps p̃(1 − p̃) ≥ 0.5/(n + 1) at 0 % and
 * 100 %), se² = p̃(1 − p̃)/n·(hi − lo)² and wᵢ = 1/se². Points missing se (or n) get the median of
 * the others, with a warning.
 * @returns the weights, or an error message naming the first bad value.
 */
export function pointWeights(
  points: readonly CurvePoint[],
  scheme: WeightScheme,
  scoreRange: readonly [number, number] = [0, 1],
): { weights: number[]; warnings: string[] } | { error: string } {
  const warnings: string[] = [];
  if (scheme === 'none') return { weights: points.map(() => 1), warnings };
  const key = scheme === 'se' ? 'se' : 'n';
  const known: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const v = points[i]?.[key];
    if (v === undefined || v === null) continue;
    if (!Number.isFinite(v) || v <= 0) return { error: `point ${i} has ${key} = ${v}; it must be a finite number > 0` };
    known.push(v);
  }
  if (known.length === 0) return { error: `weights '${scheme}' need ${key} on the points, and none has it` };
  const sorted = [...known].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  const missing = points.length - known.length;
  if (missing > 0) warnings.push(`${missing} point${missing > 1 ? 's' : ''} without ${key}: given the median ${median}`);
  const [lo, hi] = scoreRange;
  const weights = points.map((pt) => {
    const v = pt[key] ?? median;
    if (scheme === 'se') return 1 / (v * v);
    const p = Math.min(1, Math.max(0, (pt.y - lo) / (hi - lo)));
    const pt2 = (p * v + 0.5) / (v + 1);
    const variance = ((pt2 * (1 - pt2)) / v) * (hi - lo) * (hi - lo);
    return 1 / variance;
  });
  return { weights, warnings };
}

interface Setup {
  form: CurveForm;
  full: Float64Array;
  freeIdx: number[];
  lower: number[];
  upper: number[];
  fixed: CurveFit['fixed'];
}

/** A solver model over the free parameters only, writing them into a full-vector template. */
function reducedModel(form: CurveForm, template: Float64Array, freeIdx: readonly number[]): SolverModel<number> {
  const full = new Float64Array(template);
  const g = new Float64Array(template.length);
  const nf = freeIdx.length;
  return {
    value(x, p) {
      for (let j = 0; j < nf; j++) full[freeIdx[j] as number] = p[j] as number;
      return form.value(x, full);
    },
    gradient(x, p, out) {
      for (let j = 0; j < nf; j++) full[freeIdx[j] as number] = p[j] as number;
      form.gradient(x, full, g);
      for (let j = 0; j < nf; j++) out[j] = g[freeIdx[j] as number] as number;
    },
  };
}

interface Stats {
  xmin: number;
  xmax: number;
  xspan: number;
  ymin: number;
  ymax: number;
  yspan: number;
  distinctX: number;
}

function buildSetup(formName: FormName, opts: FitOptions, st: Stats, xs: readonly number[]): Setup | { error: string } {
  const form = FORMS[formName];
  const up = opts.higherIsBetter !== false;
  const range = opts.scoreRange;
  const fixed: CurveFit['fixed'] = {};
  const full = new Float64Array(form.paramNames.length);
  const lower: number[] = [];
  const upper: number[] = [];
  const freeIdx: number[] = [];
  const free = (idx: number, lo: number, hi: number): void => {
    freeIdx.push(idx);
    lower.push(lo);
    upper.push(hi);
  };
  const floorOpt = opts.floor ?? 'free';
  const ceilOpt = opts.ceiling ?? 'free';
  if (formName === 'power') {
    let logSum = 0;
    for (const x of xs) logSum += Math.log(x);
    const xRef = Math.exp(logSum / xs.length);
    full[3] = xRef;
    fixed.xRef = xRef;
    if (ceilOpt === 'free') {
      const b = opts.ceilingBounds ?? (up ? [st.ymax, range?.[1] ?? st.ymax + 10 * st.yspan] : [range?.[0] ?? st.ymin - 10 * st.yspan, st.ymin]);
      free(0, b[0], b[1]);
    } else {
      full[0] = ceilOpt;
      fixed.ceiling = ceilOpt;
    }
    if (up) free(1, -Infinity, 0);
    else free(1, 0, Infinity);
    free(2, 0, 10);
    return { form, full, freeIdx, lower, upper, fixed };
  }
  if (floorOpt === 'free') {
    const b = opts.floorBounds ?? (up ? [range?.[0] ?? st.ymin - st.yspan, st.ymax] : [st.ymin, range?.[1] ?? st.ymax + st.yspan]);
    free(0, b[0], b[1]);
  } else {
    full[0] = floorOpt;
    fixed.floor = floorOpt;
  }
  if (ceilOpt === 'free') {
    const b = opts.ceilingBounds ?? (up ? [st.ymin, range?.[1] ?? st.ymax + st.yspan] : [range?.[0] ?? st.ymin - st.yspan, st.ymax]);
    free(1, b[0], b[1]);
  } else {
    full[1] = ceilOpt;
    fixed.ceiling = ceilOpt;
  }
  free(2, 0, 200 / st.xspan);
  free(3, st.xmin - 2 * st.xspan, st.xmax + 2 * st.xspan);
  if (formName === 'richards') free(4, 0.05, 20);
  for (let j = 0; j < lower.length; j++) {
    if (!((lower[j] as number) <= (upper[j] as number))) {
      return { error: `the bounds of ${form.paramNames[freeIdx[j] as number]} are empty: [${lower[j]}, ${upper[j]}]` };
    }
  }
  return { form, full, freeIdx, lower, upper, fixed };
}

/**
 * Starting vectors (free parameters only) by a coarse grid over the nonlinear parameters, with the
 * linear ones (floor and ceiling, or E and A) solved by weighted least squares at each node and
 * clamped to their bounds. Returns the best node, then up to `count − 1` further nodes that are not
 * grid neighbours of a better one and whose RSS is within `ambiguity`× the best: only data that
 * leave competing basins cost extra solver runs.
 */
function gridStarts(
  s: Setup,
  xs: readonly number[],
  ys: readonly number[],
  w: readonly number[],
  st: Stats,
  count: number,
  ambiguity: number,
): number[][] {
  const { form, freeIdx, lower, upper } = s;
  const full = new Float64Array(s.full);
  const m = xs.length;
  const shape = new Float64Array(m);
  const isPow = form.name === 'power';
  const ja = freeIdx.indexOf(0);
  const jb = freeIdx.indexOf(1);
  const a0 = full[0] as number;
  const b0 = full[1] as number;
  const cand: { rss: number; p: number[]; gi: number[] }[] = [];
  // y ≈ a·u + b·s with u = 1 − s, (a, b) = (floor, ceiling) for sigmoids; u = 1, (a, b) = (E, A) for the power law.
  const evaluate = (gi: number[]): void => {
    let saa = 0;
    let sab = 0;
    let sbb = 0;
    let say = 0;
    let sby = 0;
    let syy = 0;
    for (let i = 0; i < m; i++) {
      const si = shape[i] as number;
      const ua = isPow ? 1 : 1 - si;
      const wi = w[i] as number;
      let yi = ys[i] as number;
      if (ja < 0) yi -= a0 * ua;
      if (jb < 0) yi -= b0 * si;
      saa += wi * ua * ua;
      sab += wi * ua * si;
      sbb += wi * si * si;
      say += wi * ua * yi;
      sby += wi * si * yi;
      syy += wi * yi * yi;
    }
    let a = 0;
    let b = 0;
    if (ja >= 0 && jb >= 0) {
      const det = saa * sbb - sab * sab;
      if (Math.abs(det) > 1e-10 * saa * sbb) {
        a = (say * sbb - sby * sab) / det;
        b = (sby * saa - say * sab) / det;
      } else {
        a = say / saa;
        b = isPow ? 0 : a;
      }
    } else if (ja >= 0) a = saa > 0 ? say / saa : 0;
    else if (jb >= 0) b = sbb > 0 ? sby / sbb : 0;
    if (ja >= 0) a = Math.min(Math.max(a, lower[ja] as number), upper[ja] as number);
    if (jb >= 0) b = Math.min(Math.max(b, lower[jb] as number), upper[jb] as number);
    // Σw(y − a·u − b·s)² expanded, so no second pass over the curve is needed.
    const rss = syy - 2 * a * say - 2 * b * sby + a * a * saa + 2 * a * b * sab + b * b * sbb;
    if (!Number.isFinite(rss)) return;
    if (ja >= 0) full[0] = a;
    if (jb >= 0) full[1] = b;
    cand.push({ rss, p: freeIdx.map((idx) => full[idx] as number), gi });
  };
  if (isPow) {
    const alphas = [0.03, 0.06, 0.1, 0.15, 0.22, 0.3, 0.4, 0.55, 0.75, 1, 1.4, 2, 3];
    const xRef = full[3] as number;
    alphas.forEach((al, ai) => {
      full[2] = al;
      for (let i = 0; i < m; i++) shape[i] = Math.exp(-al * Math.log((xs[i] as number) / xRef));
      evaluate([ai]);
    });
  } else {
    const kGrid = [2, 6, 20].map((v) => v / st.xspan);
    const xGrid = [-0.4, 0, 0.2, 0.4, 0.6, 0.8, 1, 1.4].map((v) => st.xmin + v * st.xspan);
    const nuGrid = form.name === 'richards' ? [0.3, 1, 3] : [1];
    nuGrid.forEach((nu, ni) => {
      kGrid.forEach((k, ki) => {
        xGrid.forEach((x0, xi) => {
          full[0] = 0;
          full[1] = 1;
          full[2] = k;
          full[3] = x0;
          if (form.name === 'richards') full[4] = nu;
          for (let i = 0; i < m; i++) shape[i] = form.value(xs[i] as number, full);
          full[0] = a0;
          full[1] = b0;
          evaluate([ni, ki, xi]);
        });
      });
    });
  }
  cand.sort((p, q) => p.rss - q.rss);
  const chosen: (typeof cand)[number][] = [];
  const bestRss = cand[0]?.rss ?? 0;
  for (const c of cand) {
    if (chosen.length >= count) break;
    if (chosen.length > 0 && c.rss > ambiguity * bestRss) break;
    const near = chosen.some((o) => o.gi.every((g, i) => Math.abs(g - (c.gi[i] as number)) <= 1));
    if (!near) chosen.push(c);
  }
  return chosen.map((c) => c.p);
}

function computeStats(points: readonly CurvePoint[]): Stats {
  let xmin = Infinity;
  let xmax = -Infinity;
  let ymin = Infinity;
  let ymax = -Infinity;
  const distinct = new Set<number>();
  for (const p of points) {
    xmin = Math.min(xmin, p.x);
    xmax = Math.max(xmax, p.x);
    ymin = Math.min(ymin, p.y);
    ymax = Math.max(ymax, p.y);
    distinct.add(p.x);
  }
  return { xmin, xmax, xspan: xmax - xmin, ymin, ymax, yspan: ymax - ymin, distinctX: distinct.size };
}

/** Checks shared by every form; returns a failed fit, or null when the input is usable. */
function checkInput(formName: FormName, points: readonly CurvePoint[], opts: FitOptions, st: Stats, nFree: number, warnings: string[]): CurveFit | null {
  const n = points.length;
  if (n === 0) return emptyFit(formName, 'not-enough-data', 'no points to fit', 0);
  for (let i = 0; i < n; i++) {
    const p = points[i] as CurvePoint;
    if (typeof p.x !== 'number' || !Number.isFinite(p.x)) return emptyFit(formName, 'bad-input', `point ${i} has x = ${String(p.x)}; x must be a finite number`, n);
    if (typeof p.y !== 'number' || !Number.isFinite(p.y)) return emptyFit(formName, 'bad-input', `point ${i} has y = ${String(p.y)}; y must be a finite number`, n);
    if (formName === 'power' && p.x <= 0) return emptyFit(formName, 'bad-input', `point ${i} has x = ${p.x}; the power law needs x > 0 (pass compute in linear units, not log10)`, n);
  }
  for (const [name, v] of [
    ['floor', opts.floor],
    ['ceiling', opts.ceiling],
  ] as const) {
    if (typeof v === 'number' && !Number.isFinite(v)) return emptyFit(formName, 'bad-input', `the fixed ${name} is ${v}; it must be a finite number`, n);
  }
  const up = opts.higherIsBetter !== false;
  if (typeof opts.floor === 'number' && typeof opts.ceiling === 'number' && formName !== 'power') {
    const f = opts.floor;
    const c = opts.ceiling;
    if (up ? c <= f : c >= f) {
      return emptyFit(formName, 'bad-input', `ceiling ${c} must be ${up ? 'above' : 'below'} floor ${f} for a metric where ${up ? 'higher' : 'lower'} is better`, n);
    }
  }
  const range = opts.scoreRange;
  if (range) {
    const bad = points.findIndex((p) => p.y < Math.min(range[0], range[1]) || p.y > Math.max(range[0], range[1]));
    if (bad >= 0) return emptyFit(formName, 'bad-input', `point ${bad} has y = ${points[bad]?.y}, outside the score range [${range[0]}, ${range[1]}] (a unit mix-up, such as percent against fraction?)`, n);
  }
  const dir = up ? 1 : -1;
  const tolFrac = opts.outsideTolerance ?? 0.25;
  const fixedF = typeof opts.floor === 'number' && formName !== 'power' ? opts.floor : undefined;
  const fixedC = typeof opts.ceiling === 'number' ? opts.ceiling : undefined;
  // The scale against which "far outside" is judged: the fixed rise if known, else the score range,
  // else the larger of the data's spread and the fixed value's own magnitude.
  const scaleFor = (v: number): number =>
    fixedF !== undefined && fixedC !== undefined ? Math.abs(fixedC - fixedF) : range ? Math.abs(range[1] - range[0]) : Math.max(st.yspan, Math.abs(v));
  for (const [name, v, sign] of [
    ['ceiling', fixedC, 1],
    ['floor', fixedF, -1],
  ] as const) {
    if (v === undefined) continue;
    // sign·dir·(y − v) > 0 means y is on the far side of the bound: above the ceiling, below the floor.
    const tol = tolFrac * scaleFor(v);
    const outside = points.filter((p) => sign * dir * (p.y - v) > 1e-12 * Math.max(Math.abs(v), 1e-300));
    const far = points.findIndex((p) => sign * dir * (p.y - v) > tol);
    const side = (sign === 1) === up ? 'above' : 'below';
    if (far >= 0) {
      return emptyFit(formName, 'bad-input', `point ${far} has y = ${points[far]?.y}, far ${side} the fixed ${name} ${v} (more than ${tolFrac} of the range): check the units`, n);
    }
    if (outside.length > 0) warnings.push(`${outside.length} point${outside.length > 1 ? 's' : ''} ${side} the fixed ${name} ${v}, kept as noise`);
  }
  if (st.distinctX < nFree) {
    return emptyFit(formName, 'not-enough-data', `${st.distinctX} distinct x value${st.distinctX === 1 ? '' : 's'} cannot determine ${nFree} parameters of the ${formName} form`, n);
  }
  if (n < nFree + 1) {
    return emptyFit(formName, 'not-enough-data', `${n} points leave no degree of freedom for ${nFree} parameters (need at least ${nFree + 1})`, n);
  }
  if (st.distinctX < n) warnings.push(`${n - st.distinctX} point${n - st.distinctX > 1 ? 's share' : ' shares'} an x value with another point; all are used`);
  if (!(st.yspan > 1e-12 * Math.max(Math.abs(st.ymax), Math.abs(st.ymin), 1e-300))) {
    return emptyFit(formName, 'not-identifiable', `all ${n} y values are equal (${st.ymin}): there is no rise to fit`, n, warnings);
  }
  return null;
}

/**
 * Fits one curve form to points by weighted least squares.
 *
 * Pipeline: validate → weights → bounds → grid starts (linear parameters solved exactly at each
 * node) → Levenberg–Marquardt from the `multiStart` best distinct nodes (plus `extraStarts`) → keep
 * the lowest RSS → covariance with at-bound parameters held fixed → identifiability verdict.
 * @param formName 'logistic' | 'gompertz' | 'richards' | 'power'.
 * @param points observations; x in axis units, y in the metric's unit.
 * @param options see {@link FitOptions}.
 * @returns a {@link CurveFit}; never throws (unexpected errors become status 'failed').
 */
export function fitForm(formName: FormName, points: readonly CurvePoint[], options: FitOptions = {}): CurveFit {
  try {
    return fitFormUnsafe(formName, points, options);
  } catch (e) {
    return emptyFit(formName, 'failed', `unexpected error while fitting: ${e instanceof Error ? e.message : String(e)}`, points.length);
  }
}

function fitFormUnsafe(formName: FormName, points: readonly CurvePoint[], opts: FitOptions): CurveFit {
  const warnings: string[] = [];
  const st = computeStats(points);
  const form = FORMS[formName];
  const nFree =
    formName === 'power'
      ? 2 + (typeof opts.ceiling === 'number' ? 0 : 1)
      : form.paramNames.length - (typeof opts.floor === 'number' ? 1 : 0) - (typeof opts.ceiling === 'number' ? 1 : 0);
  const bad = checkInput(formName, points, opts, st, nFree, warnings);
  if (bad) return bad;
  if (formName === 'power' && typeof opts.floor === 'number') warnings.push('the power law has no floor; the fixed floor is ignored');

  const wr = pointWeights(points, opts.weights ?? 'none', opts.scoreRange ?? [0, 1]);
  if ('error' in wr) return emptyFit(formName, 'bad-input', wr.error, points.length);
  warnings.push(...wr.warnings);
  const w = wr.weights;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);

  const setup = buildSetup(formName, opts, st, xs);
  if ('error' in setup) return emptyFit(formName, 'bad-input', setup.error, points.length);
  const { freeIdx, lower, upper } = setup;
  const freeNames = freeIdx.map((i) => form.paramNames[i] as string);

  const starts = gridStarts(setup, xs, ys, w, st, Math.max(1, opts.multiStart ?? 3), opts.ambiguity ?? 3);
  for (const extra of opts.extraStarts ?? []) {
    const p = freeNames.map((nm) => extra[nm]);
    if (p.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) starts.unshift(p);
  }
  if (starts.length === 0) return emptyFit(formName, 'failed', 'no starting values give a finite curve', points.length, warnings);

  const model = reducedModel(form, setup.full, freeIdx);
  let best: SolverResult | null = null;
  let totalIter = 0;
  for (const start of starts) {
    const r = solveLeastSquares(model, xs, ys, start, { weights: w, lower, upper, covariance: false, ftol: 1e-10, xtol: 1e-9, maxIterations: 400 });
    totalIter += r.iterations;
    if (r.status === 'bad-input') return emptyFit(formName, 'bad-input', r.message, points.length, warnings);
    if (Number.isFinite(r.rss) && (best === null || r.rss < best.rss * (1 - 1e-12))) best = r;
  }
  if (!best) return emptyFit(formName, 'failed', 'the solver failed from every starting point', points.length, warnings);

  const full = new Float64Array(setup.full);
  freeIdx.forEach((idx, j) => (full[idx] = best.params[j] as number));
  const params: Record<string, number> = {};
  form.paramNames.forEach((nm, i) => (params[nm] = full[i] as number));

  // Covariance with parameters on a bound held fixed: a bound is information the data did not give.
  const se: Record<string, number> = {};
  for (const nm of form.paramNames) se[nm] = 0;
  let cov: number[][] | null = null;
  const atBound = best.atBound.map((j) => freeNames[j] as string);
  if (!opts.skipCovariance) {
    const inner = freeIdx.filter((_, j) => !best.atBound.includes(j));
    cov = freeNames.map(() => freeNames.map(() => Number.NaN));
    if (inner.length > 0) {
      const sub = reducedModel(form, full, inner);
      const c = leastSquaresCovariance(sub, xs, ys, inner.map((i) => full[i] as number), { weights: w }).cov;
      {
        inner.forEach((ia, a) => {
          const ja = freeIdx.indexOf(ia);
          inner.forEach((ib, b) => {
            const jb = freeIdx.indexOf(ib);
            (cov as number[][])[ja]![jb] = c[a]![b]!;
          });
        });
      }
    }
    freeNames.forEach((nm, j) => {
      se[nm] = atBound.includes(nm) ? Number.NaN : Math.sqrt(cov?.[j]?.[j] ?? Number.NaN);
    });
  }
  if (atBound.length > 0) warnings.push(`at a bound: ${atBound.join(', ')} (its standard error is not reported)`);

  const sumLogW = w.reduce((s, v) => s + Math.log(v), 0);
  const result: CurveFit = {
    form: formName,
    params,
    se,
    freeParams: freeNames,
    cov,
    rss: best.rss,
    aicc: aicc(best.rss, points.length, freeIdx.length, sumLogW),
    n: points.length,
    converged: best.converged,
    iterations: totalIter,
    status: 'ok',
    message: 'ok',
    warnings,
    fixed: setup.fixed,
    xRange: [st.xmin, st.xmax],
  };
  if (!best.converged) {
    result.status = 'failed';
    result.message = `the solver did not converge: ${best.message}`;
    return result;
  }
  if (!opts.skipCovariance) judgeIdentifiability(result, atBound, opts, st);
  return result;
}

/** Sets status 'not-identifiable' (with the reason) when the data do not pin the curve down. */
function judgeIdentifiability(fit: CurveFit, atBound: string[], opts: FitOptions, st: Stats): void {
  const p = fit.params;
  const undetermined = fit.freeParams.filter((nm) => !atBound.includes(nm) && !Number.isFinite(fit.se[nm] ?? Number.NaN));
  const notId = (msg: string): void => {
    fit.status = 'not-identifiable';
    fit.message = msg;
  };
  if (undetermined.length > 0) {
    notId(`the data do not determine ${undetermined.join(', ')} (singular covariance)`);
    return;
  }
  if (fit.form === 'power') {
    const a = p.alpha ?? 0;
    if (atBound.includes('alpha') || !(a > 0) || (fit.se.alpha ?? 0) > a) {
      notId(`the exponent alpha = ${a.toPrecision(3)} ± ${(fit.se.alpha ?? Number.NaN).toPrecision(3)} is not distinguishable from zero`);
      return;
    }
    if (atBound.includes('E')) notId(`the irreducible term E hit its bound (${(p.E ?? Number.NaN).toPrecision(4)}): the data do not show where the curve levels off`);
    return;
  }
  const maxOut = (opts.maxMidpointOutside ?? 1) * st.xspan;
  const mid = midpointOf(fit.form, p);
  if (atBound.includes('x0') || mid < st.xmin - maxOut || mid > st.xmax + maxOut) {
    notId(`the midpoint (${mid.toPrecision(6)}) lies far outside the data (x from ${st.xmin} to ${st.xmax}): the transition is not in the data`);
    return;
  }
  const seX0 = fit.se.x0 ?? 0;
  if (seX0 > (opts.maxSeX0 ?? 1) * st.xspan) {
    notId(`the midpoint's standard error (${seX0.toPrecision(3)}) exceeds ${opts.maxSeX0 ?? 1}× the x range (${st.xspan.toPrecision(3)})`);
    return;
  }
  if (atBound.includes('k') && (p.k ?? 0) <= 0) {
    notId('the rate k is 0: the data show no transition');
    return;
  }
  const rise = Math.abs((p.ceiling ?? 0) - (p.floor ?? 0));
  const ic = fit.freeParams.indexOf('ceiling');
  const iff = fit.freeParams.indexOf('floor');
  const c = fit.cov;
  if (c && (ic >= 0 || iff >= 0)) {
    // Var(c − f) from the covariance of whichever of the two is fitted.
    const vc = ic >= 0 ? (c[ic]?.[ic] ?? Number.NaN) : 0;
    const vf = iff >= 0 ? (c[iff]?.[iff] ?? Number.NaN) : 0;
    const cv = ic >= 0 && iff >= 0 ? (c[ic]?.[iff] ?? Number.NaN) : 0;
    const seRise = Math.sqrt(Math.max(0, vc + vf - 2 * cv));
    if (rise <= 2 * seRise) {
      notId(`the rise from floor to ceiling (${rise.toPrecision(3)}) is within 2 standard errors (${seRise.toPrecision(3)}) of zero: the data show no transition`);
      return;
    }
  }
  for (const nm of ['floor', 'ceiling'] as const) {
    const s = fit.se[nm] ?? 0;
    if (fit.freeParams.includes(nm) && s > rise) {
      notId(`the ${nm} (${(p[nm] ?? Number.NaN).toPrecision(4)} ± ${s.toPrecision(3)}) is not determined: its standard error exceeds the whole rise`);
      return;
    }
  }
  if (atBound.includes('k')) fit.warnings.push('the rate k hit its upper bound: the transition is sharper than the data spacing resolves');
  if (SIGMOID_FORMS.includes(fit.form) && atBound.includes('ceiling')) {
    fit.warnings.push('the ceiling sits on its bound; it acts as fixed there');
  }
}

/**
 * Fits a series with one form, or with every form in `autoForms` and keeps the one with the lowest
 * AICc among those with status 'ok' (form 'auto'). When none is ok, the logistic's (or the first
 * form's) result is returned with its status. Candidates are listed on the result for 'auto'.
 * @param points observations (x in axis units, y in the metric's unit).
 * @param options see {@link FitOptions}; default form 'logistic'.
 */
export function fitCurve(points: readonly CurvePoint[], options: FitOptions = {}): CurveFit {
  const form = options.form ?? 'logistic';
  if (form !== 'auto') return fitForm(form, points, options);
  const forms = options.autoForms ?? ['logistic', 'gompertz', 'richards'];
  const fits = forms.map((f) => fitForm(f, points, options));
  const ok = fits.filter((f) => f.status === 'ok' && f.aicc !== null);
  let chosen: CurveFit | undefined;
  if (ok.length > 0) chosen = ok.reduce((a, b) => ((b.aicc as number) < (a.aicc as number) ? b : a));
  else chosen = fits.find((f) => f.status === 'ok') ?? fits.find((f) => f.form === 'logistic') ?? fits[0];
  if (!chosen) return emptyFit('logistic', 'bad-input', 'no forms to try', points.length);
  return { ...chosen, candidates: fits.map((f) => ({ form: f.form, status: f.status, aicc: f.aicc, rss: f.rss })) };
}

/** The fitted curve's value at x (NaN when the fit has no parameters). */
export function evaluateFit(fit: Pick<CurveFit, 'form' | 'params'>, x: number): number {
  const form = FORMS[fit.form];
  const p = form.paramNames.map((nm) => fit.params[nm] ?? Number.NaN);
  return form.value(x, p);
}

/** The x at which the fitted curve equals y, NaN if it never does. */
export function inverseFit(fit: Pick<CurveFit, 'form' | 'params'>, y: number): number {
  const form = FORMS[fit.form];
  const p = form.paramNames.map((nm) => fit.params[nm] ?? Number.NaN);
  return form.inverse(y, p);
}
