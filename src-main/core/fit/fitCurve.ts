/**
 * Fitting one series of (x, y) points with a built-in curve form: input checks, weights, automatic
 * starting values, multi-start Levenberg–Marquardt, AICc, form selection and the identifiability
 * verdict. See docs/methods.md for every rule and threshold.
 */
import { FORMS, midpointOf } from './forms';
import type { CurveForm, FormName } from './forms';
import { leastSquaresCovariance, solveLeastSquares } from './lm';
import type { SolverModel, SolverResult } from './lm';
import { accumulate, choleskyCovariance, shapeOf, solveSigmoid, sweepRss } from './fastSigmoid';
import type { FastKind, SigmoidProblem, SigmoidResult } from './fastSigmoid';
import { createFitScratch, onesOf, pointArrays } from './scratch';
import type { FitScratch } from './scratch';

export { createFitScratch } from './scratch';
export type { FitScratch } from './scratch';

const FAST_OPTIONS: Readonly<{ ftol: number; xtol: number; gtol: number; maxIterations: number }> = { ftol: 1e-10, xtol: 1e-9, gtol: 1e-15, maxIterations: 400 };

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
  /**
   * Logistic and Gompertz: also run the start grid of ambiguous data with the fast solver instead of
   * the QR solver (lm.ts). Faster, but from the same start the two may settle in different local
   * minima, so a single fit could come out worse than the QR path's. Default false; the bootstrap
   * sets it (a resample's fit only needs to be as good on average).
   */
  fastGrid?: boolean;
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
  /** Point indices in x order, or null when the points are already sorted by x. */
  order: number[] | null;
  /** The points' x and y, in the caller's order. */
  xs: number[];
  ys: number[];
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
  const floorOpt = opts.floor ?? 'free';
  const ceilOpt = opts.ceiling ?? 'free';
  if (formName === 'power') {
    let logSum = 0;
    for (const x of xs) logSum += Math.log(x);
    const xRef = Math.exp(logSum / xs.length);
    full[3] = xRef;
    fixed.xRef = xRef;
    if (ceilOpt === 'free') {
      const b = opts.ceilingBounds;
      freeIdx.push(0);
      lower.push(b ? b[0] : up ? st.ymax : (range?.[0] ?? st.ymin - 10 * st.yspan));
      upper.push(b ? b[1] : up ? (range?.[1] ?? st.ymax + 10 * st.yspan) : st.ymin);
    } else {
      full[0] = ceilOpt;
      fixed.ceiling = ceilOpt;
    }
    freeIdx.push(1, 2);
    lower.push(up ? -Infinity : 0, 0);
    upper.push(up ? 0 : Infinity, 10);
    return { form, full, freeIdx, lower, upper, fixed };
  }
  if (floorOpt === 'free') {
    const b = opts.floorBounds;
    freeIdx.push(0);
    lower.push(b ? b[0] : up ? (range?.[0] ?? st.ymin - st.yspan) : st.ymin);
    upper.push(b ? b[1] : up ? st.ymax : (range?.[1] ?? st.ymax + st.yspan));
  } else {
    full[0] = floorOpt;
    fixed.floor = floorOpt;
  }
  if (ceilOpt === 'free') {
    const b = opts.ceilingBounds;
    freeIdx.push(1);
    lower.push(b ? b[0] : up ? st.ymin : (range?.[0] ?? st.ymin - st.yspan));
    upper.push(b ? b[1] : up ? (range?.[1] ?? st.ymax + st.yspan) : st.ymax);
  } else {
    full[1] = ceilOpt;
    fixed.ceiling = ceilOpt;
  }
  freeIdx.push(2, 3);
  lower.push(0, st.xmin - 2 * st.xspan);
  upper.push(200 / st.xspan, st.xmax + 2 * st.xspan);
  if (formName === 'richards') {
    freeIdx.push(4);
    lower.push(0.05);
    upper.push(20);
  }
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
  const ab = new Float64Array(2);
  const evaluate = (gi: number[]): void => {
    const rss = linearPart(shape, ys, w, isPow, ja, jb, a0, b0, lower, upper, ab);
    if (!Number.isFinite(rss)) return;
    if (ja >= 0) full[0] = ab[0] as number;
    if (jb >= 0) full[1] = ab[1] as number;
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

/**
 * The linear parameters given the curve's unit shape sᵢ: y ≈ a·uᵢ + b·sᵢ with u = 1 − s and
 * (a, b) = (floor, ceiling) for sigmoids, u = 1 and (a, b) = (E, A) for the power law, by weighted
 * least squares over the free ones (ja/jb: their positions in the free vector, −1 when fixed at
 * a0/b0), clamped to their bounds. Writes (a, b) into `out` and returns Σw(y − a·u − b·s)², expanded
 * from the same sums so no second pass over the curve is needed.
 */
function linearPart(
  shape: Float64Array,
  ys: readonly number[],
  w: readonly number[],
  isPow: boolean,
  ja: number,
  jb: number,
  a0: number,
  b0: number,
  lower: readonly number[],
  upper: readonly number[],
  out: Float64Array,
): number {
  const m = ys.length;
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
  out[0] = ja >= 0 ? a : a0;
  out[1] = jb >= 0 ? b : b0;
  return syy - 2 * a * say - 2 * b * sby + a * a * saa + 2 * a * b * sab + b * b * sbb;
}

/**
 * Starting values for the logistic or Gompertz from a linearising transform: with the floor f and
 * ceiling c fixed or guessed (the data's extreme y plus 5 % of the y range beyond it), h = (y − f)/(c − f)
 * gives z = logit(h) (logistic) or −ln(−ln h) (Gompertz), and z = k·(x − x0) is linear in x. A
 * weighted regression of z on x over the points with 0.02 < h < 0.98 (weights wᵢ·(dh/dz)², the delta
 * method) gives k and x0; the free floor/ceiling are then solved exactly for that shape
 * ({@link linearPart}). Returns the free-parameter vector, or null when the regression is degenerate
 * (fewer than 3 usable points, no spread in x, or a slope ≤ 0).
 *
 * The curve's JᵀWJ, JᵀWr and RSS at the start come with it (`acc`, in the scratch; null when not
 * finite) so the solver need not evaluate the curve there again.
 */
function transformStart(
  s: Setup,
  kind: FastKind,
  xs: readonly number[],
  ys: readonly number[],
  w: readonly number[],
  sw: Float64Array,
  unitWeights: boolean,
  st: Stats,
  up: boolean,
  scr: FitScratch,
): { start: number[]; acc: Float64Array | null } | null {
  const { freeIdx, lower, upper } = s;
  const m = xs.length;
  const ja = freeIdx.indexOf(0);
  const jb = freeIdx.indexOf(1);
  const jk = freeIdx.indexOf(2);
  const jx = freeIdx.indexOf(3);
  const margin = 0.05 * st.yspan;
  let f = ja >= 0 ? (up ? st.ymin - margin : st.ymax + margin) : (s.full[0] as number);
  let c = jb >= 0 ? (up ? st.ymax + margin : st.ymin - margin) : (s.full[1] as number);
  if (ja >= 0) f = Math.min(Math.max(f, lower[ja] as number), upper[ja] as number);
  if (jb >= 0) c = Math.min(Math.max(c, lower[jb] as number), upper[jb] as number);
  const shape = scr.shape;
  const dsz = scr.ds;
  // The transformed values and their regression weights (0 for unused points), filled by a loop
  // that holds only the log calls and summed by another (see shapeOf in fastSigmoid.ts for why).
  const zs = scr.zs;
  const wz = scr.wz;
  const ab = scr.ab;
  const xc = st.xmin;
  let k = 0;
  let x0 = 0;
  const rounds = ja >= 0 || jb >= 0 ? TRANSFORM_ROUNDS : 1;
  for (let round = 0; round < rounds; round++) {
    const span = c - f;
    if (!(Math.abs(span) > 0)) return null;
    for (let i = 0; i < m; i++) {
      const h = ((ys[i] as number) - f) / span;
      if (!(h > 0.02 && h < 0.98)) {
        wz[i] = -1;
        continue;
      }
      // Delta-method weight from the previous round's curve once there is one (less noisy than h).
      const hw = round > 0 ? (shape[i] as number) : h;
      let dh: number;
      if (kind === 0) {
        zs[i] = Math.log(h / (1 - h));
        dh = hw * (1 - hw);
      } else {
        zs[i] = -Math.log(-Math.log(h));
        dh = hw > 0 ? -hw * Math.log(hw) : 0;
      }
      wz[i] = (w[i] as number) * dh * dh;
    }
    let sw0 = 0;
    let swx = 0;
    let swz = 0;
    let swxx = 0;
    let swxz = 0;
    let used = 0;
    for (let i = 0; i < m; i++) {
      const wi = wz[i] as number;
      if (wi < 0) continue;
      const z = zs[i] as number;
      const x = (xs[i] as number) - xc;
      sw0 += wi;
      swx += wi * x;
      swz += wi * z;
      swxx += wi * x * x;
      swxz += wi * x * z;
      used++;
    }
    // A degenerate regression after the first round keeps the previous round's start.
    const det = sw0 * swxx - swx * swx;
    const slope = (sw0 * swxz - swx * swz) / det;
    if (used < 3 || !(det > 1e-12 * sw0 * swxx) || !(slope > 0) || !Number.isFinite(slope)) {
      if (round > 0) break;
      return null;
    }
    const b = (swz - slope * swx) / sw0;
    const kNew = Math.min(Math.max(slope, lower[jk] as number), upper[jk] as number);
    if (!(kNew > 0)) return null;
    k = kNew;
    x0 = Math.min(Math.max(xc - b / k, lower[jx] as number), upper[jx] as number);
    shapeOf(kind, xs, k, x0, shape, dsz);
    // The free floor/ceiling solved exactly for this shape; the next round uses them.
    const rss = linearPart(shape, ys, w, false, ja, jb, s.full[0] as number, s.full[1] as number, lower, upper, ab);
    if (!Number.isFinite(rss)) return null;
    f = ab[0] as number;
    c = ab[1] as number;
  }
  // shape and dsz hold the curve at (k, x0), which f and c were solved for.
  const startP = scr.startP;
  startP[0] = f;
  startP[1] = c;
  startP[2] = k;
  startP[3] = x0;
  const accOk = Number.isFinite(accumulate({ kind, xs, ys, sw, unitWeights }, startP, shape, dsz, scr.startAcc, ja >= 0));
  return { start: startVector(freeIdx, f, c, k, x0), acc: accOk ? scr.startAcc : null };
}

function startVector(freeIdx: readonly number[], f: number, c: number, k: number, x0: number): number[] {
  const v: number[] = [];
  for (const idx of freeIdx) v.push(idx === 0 ? f : idx === 1 ? c : idx === 2 ? k : x0);
  return v;
}

/** Rounds of the transform start when the floor or ceiling is fitted (each refines them). */
const TRANSFORM_ROUNDS = 2;

/**
 * The "clear transition" rule that lets a fit from the transform start (or an extra start) stand
 * without the start grid: the solver converged; no fitted parameter is on a bound; the halfway point
 * lies inside the data's x range; at least max(5, p + 2) points lie on the fitted rise (10 % to 90 %
 * of the way from floor to ceiling), at least 2 of them on each side of the halfway point; the curve
 * explains the data (weighted R² ≥ {@link MIN_R2}); and no lack of fit: RSS/(n − p) ≤
 * {@link LACK_OF_FIT}·σ̂² with σ̂² the neighbour-difference noise estimate.
 * Data failing any test are ambiguous (few points in the rise, a transition at the edge, a step
 * sharper than the spacing, or a misfit that another basin might explain) and get the grid and
 * multi-start as well.
 *
 * σ̂² is the weighted von Neumann estimate (weights wᵢ = relative precision): the mean of
 * (yᵢ₊₁ − yᵢ)²/(1/wᵢ + 1/wᵢ₊₁) over neighbours in x order, skipping exact copies of a point (same x
 * and y, as a cases bootstrap draws them). The curve's own change between neighbours only adds to it,
 * so it is an upper-side estimate of σ² that needs no fitted curve. The rise counts, the R² sums and
 * σ̂² come from one pass over the points in x order; Σw(y − ȳ)² is summed about the first score
 * (Σw·d² − (Σw·d)²/Σw with d = y − y₀), which keeps the one-pass form free of cancellation when the
 * scores sit far from zero.
 */
function clearTransition(kind: FastKind, r: SolverResult, s: Setup, xs: readonly number[], ys: readonly number[], w: readonly number[], st: Stats): boolean {
  if (!r.converged || r.atBound.length > 0) return false;
  const k = r.params[s.freeIdx.indexOf(2)] as number;
  const x0 = r.params[s.freeIdx.indexOf(3)] as number;
  // z = k(x − x0) at 10 %, 50 % and 90 % of the rise.
  const zLo = kind === 0 ? -Math.log(9) : -Math.log(Math.log(10));
  const zMid = kind === 0 ? 0 : -Math.log(Math.LN2);
  const zHi = kind === 0 ? Math.log(9) : -Math.log(-Math.log(0.9));
  const mid = x0 + zMid / k;
  if (!(mid >= st.xmin && mid <= st.xmax)) return false;
  const m = xs.length;
  const order = st.order;
  const y0 = ys[0] as number;
  let below = 0;
  let above = 0;
  let sw = 0;
  let swd = 0;
  let swdd = 0;
  let noise = 0;
  let pairs = 0;
  let h = -1;
  let invPrev = 0;
  for (let t = 0; t < m; t++) {
    const i = order ? (order[t] as number) : t;
    const z = k * ((xs[i] as number) - x0);
    if (z >= zLo && z < zMid) below++;
    else if (z >= zMid && z <= zHi) above++;
    const wi = w[i] as number;
    const inv = 1 / wi;
    const d = (ys[i] as number) - y0;
    sw += wi;
    swd += wi * d;
    swdd += wi * d * d;
    if (h >= 0) {
      const dy = (ys[i] as number) - (ys[h] as number);
      // Exact copies of a point (as a cases bootstrap draws them) say nothing about the noise.
      if (!(dy === 0 && xs[i] === xs[h])) {
        noise += (dy * dy) / (inv + invPrev);
        pairs++;
      }
    }
    h = i;
    invPrev = inv;
  }
  const p = s.freeIdx.length;
  if (below < 1 || above < 1 || below + above < p + 1) return false;
  // A clear signal: the curve explains most of the variation about the weighted mean.
  const sst = swdd - (swd * swd) / sw;
  if (!(r.rss <= (1 - MIN_R2) * sst)) return false;
  const sigma2 = pairs > 0 ? noise / pairs : Number.NaN;
  return r.rss / (m - p) <= LACK_OF_FIT * sigma2;
}

/** Smallest weighted R² = 1 − RSS/Σw(y − ȳ)² for a "clear" fit. */
const MIN_R2 = 0.8;

/** Largest ratio of the fit's residual variance to the neighbour-difference noise estimate for a "clear" fit. */
const LACK_OF_FIT = 4;

/**
 * Reads the points once: checks that every x and y is a finite number (x > 0 for the power law),
 * copies them into `xs`/`ys`, and gathers the ranges, whether x is sorted and the distinct x count,
 * the first score outside `scoreRange` and how many scores lie beyond a fixed floor or ceiling. Then
 * applies the input rules in their documented order (docs/methods.md, "Statuses and their
 * thresholds"), using those figures instead of a pass over the points for each rule.
 * @returns the statistics, or a fit with status 'bad-input', 'not-enough-data' or 'not-identifiable'
 * when a rule rejects the input (warnings about kept points are appended to `warnings`).
 */
function scanPoints(formName: FormName, points: readonly CurvePoint[], opts: FitOptions, nFree: number, warnings: string[], scr: FitScratch): Stats | CurveFit {
  const n = points.length;
  if (n === 0) return emptyFit(formName, 'not-enough-data', 'no points to fit', 0);
  const isPow = formName === 'power';
  const up = opts.higherIsBetter !== false;
  const dir = up ? 1 : -1;
  const range = opts.scoreRange;
  const rlo = range ? Math.min(range[0], range[1]) : -Infinity;
  const rhi = range ? Math.max(range[0], range[1]) : Infinity;
  const fixedF = typeof opts.floor === 'number' && !isPow ? opts.floor : undefined;
  const fixedC = typeof opts.ceiling === 'number' ? opts.ceiling : undefined;
  // A score is beyond a fixed ceiling when dir·(y − c) > eps, beyond a fixed floor when
  // dir·(f − y) > eps, with eps = 1e-12·|value| (rounding, not noise).
  const cv = fixedC ?? Number.NaN;
  const fv = fixedF ?? Number.NaN;
  const epsC = 1e-12 * Math.max(Math.abs(cv), 1e-300);
  const epsF = 1e-12 * Math.max(Math.abs(fv), 1e-300);
  let outsideC = 0;
  let outsideF = 0;
  let badRange = -1;
  // The previous fit's arrays when the length matches (overwritten; nothing keeps them past a fit).
  const fresh = scr.xs.length !== n;
  const xs = fresh ? [] : scr.xs;
  const ys = fresh ? [] : scr.ys;
  let xmin = Infinity;
  let xmax = -Infinity;
  let ymin = Infinity;
  let ymax = -Infinity;
  let sorted = true;
  let distinctX = 1;
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = points[i] as CurvePoint;
    const x = p.x;
    const y = p.y;
    // Number.isFinite is false for anything that is not a number, so it also rejects strings and null.
    if (!Number.isFinite(x)) return emptyFit(formName, 'bad-input', `point ${i} has x = ${String(x)}; x must be a finite number`, n);
    if (!Number.isFinite(y)) return emptyFit(formName, 'bad-input', `point ${i} has y = ${String(y)}; y must be a finite number`, n);
    if (isPow && x <= 0) return emptyFit(formName, 'bad-input', `point ${i} has x = ${x}; the power law needs x > 0 (pass compute in linear units, not log10)`, n);
    if (fresh) {
      xs.push(x);
      ys.push(y);
    } else {
      xs[i] = x;
      ys[i] = y;
    }
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
    // Sorted data (the usual case) count their distinct x here; otherwise after sorting, below.
    if (i > 0) {
      if (x < prev) sorted = false;
      else if (x !== prev) distinctX++;
    }
    prev = x;
    if ((y < rlo || y > rhi) && badRange < 0) badRange = i;
    if (dir * (y - cv) > epsC) outsideC++;
    if (dir * (fv - y) > epsF) outsideF++;
  }
  scr.xs = xs;
  scr.ys = ys;
  // x order (null when already sorted), shared with the noise estimate; distinct x counted along it.
  let order: number[] | null = null;
  if (!sorted) {
    order = new Array<number>(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => (xs[a] as number) - (xs[b] as number));
    distinctX = 1;
    for (let t = 1; t < n; t++) if (xs[order[t] as number] !== xs[order[t - 1] as number]) distinctX++;
  }
  const st: Stats = { xmin, xmax, xspan: xmax - xmin, ymin, ymax, yspan: ymax - ymin, distinctX, order, xs, ys };

  if (typeof opts.floor === 'number' && !Number.isFinite(opts.floor)) return emptyFit(formName, 'bad-input', `the fixed floor is ${opts.floor}; it must be a finite number`, n);
  if (typeof opts.ceiling === 'number' && !Number.isFinite(opts.ceiling)) return emptyFit(formName, 'bad-input', `the fixed ceiling is ${opts.ceiling}; it must be a finite number`, n);
  if (typeof opts.floor === 'number' && typeof opts.ceiling === 'number' && !isPow) {
    const f = opts.floor;
    const c = opts.ceiling;
    if (up ? c <= f : c >= f) {
      return emptyFit(formName, 'bad-input', `ceiling ${c} must be ${up ? 'above' : 'below'} floor ${f} for a metric where ${up ? 'higher' : 'lower'} is better`, n);
    }
  }
  if (range && badRange >= 0) {
    return emptyFit(formName, 'bad-input', `point ${badRange} has y = ${ys[badRange]}, outside the score range [${range[0]}, ${range[1]}] (a unit mix-up, such as percent against fraction?)`, n);
  }
  const tolFrac = opts.outsideTolerance ?? 0.25;
  // The scale against which "far outside" is judged: the fixed rise if known, else the score range,
  // else the larger of the data's spread and the fixed value's own magnitude.
  const scaleFor = (v: number): number =>
    fixedF !== undefined && fixedC !== undefined ? Math.abs(fixedC - fixedF) : range ? Math.abs(range[1] - range[0]) : Math.max(st.yspan, Math.abs(v));
  // Ceiling first, then floor. sign·dir·(y − v) > 0 means y is on the far side of the bound; its
  // largest value over the points comes from ymax or ymin, so only a rejected input pays for a
  // second pass (to name the first point that is too far out).
  for (let b = 0; b < 2; b++) {
    const v = b === 0 ? fixedC : fixedF;
    if (v === undefined) continue;
    const sign = b === 0 ? 1 : -1;
    const name = b === 0 ? 'ceiling' : 'floor';
    const tol = tolFrac * scaleFor(v);
    const side = (sign === 1) === up ? 'above' : 'below';
    const maxBeyond = sign * dir > 0 ? ymax - v : v - ymin;
    if (maxBeyond > tol) {
      let far = 0;
      while (!(sign * dir * ((ys[far] as number) - v) > tol)) far++;
      return emptyFit(formName, 'bad-input', `point ${far} has y = ${ys[far]}, far ${side} the fixed ${name} ${v} (more than ${tolFrac} of the range): check the units`, n);
    }
    const outsideCount = b === 0 ? outsideC : outsideF;
    // Joined rather than a template literal: V8 builds a template as a tree of string pieces, which
    // the kept result would carry (about 300 bytes instead of about 100).
    if (outsideCount > 0) warnings.push([outsideCount, outsideCount > 1 ? ' points ' : ' point ', side, ' the fixed ', name, ' ', v, ', kept as noise'].join(''));
  }
  if (distinctX < nFree) {
    return emptyFit(formName, 'not-enough-data', `${distinctX} distinct x value${distinctX === 1 ? '' : 's'} cannot determine ${nFree} parameters of the ${formName} form`, n);
  }
  if (n < nFree + 1) {
    return emptyFit(formName, 'not-enough-data', `${n} points leave no degree of freedom for ${nFree} parameters (need at least ${nFree + 1})`, n);
  }
  if (distinctX < n) warnings.push(`${n - distinctX} point${n - distinctX > 1 ? 's share' : ' shares'} an x value with another point; all are used`);
  if (!(st.yspan > 1e-12 * Math.max(Math.abs(ymax), Math.abs(ymin), 1e-300))) {
    return emptyFit(formName, 'not-identifiable', `all ${n} y values are equal (${ymin}): there is no rise to fit`, n, warnings);
  }
  return st;
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
 * @param scratch work arrays to reuse (see {@link createFitScratch}); a caller fitting many series
 * passes one. Default: new ones for this fit.
 * @returns a {@link CurveFit}; never throws (unexpected errors become status 'failed').
 */
export function fitForm(formName: FormName, points: readonly CurvePoint[], options: FitOptions = {}, scratch: FitScratch = createFitScratch()): CurveFit {
  try {
    return fitFormUnsafe(formName, points, options, scratch);
  } catch (e) {
    return emptyFit(formName, 'failed', `unexpected error while fitting: ${e instanceof Error ? e.message : String(e)}`, points.length);
  }
}

function fitFormUnsafe(formName: FormName, points: readonly CurvePoint[], opts: FitOptions, scr: FitScratch): CurveFit {
  const warnings: string[] = [];
  const form = FORMS[formName];
  const nFree =
    formName === 'power'
      ? 2 + (typeof opts.ceiling === 'number' ? 0 : 1)
      : form.paramNames.length - (typeof opts.floor === 'number' ? 1 : 0) - (typeof opts.ceiling === 'number' ? 1 : 0);
  const st = scanPoints(formName, points, opts, nFree, warnings, scr);
  if ('status' in st) return st;
  if (formName === 'power' && typeof opts.floor === 'number') warnings.push('the power law has no floor; the fixed floor is ignored');

  const scheme = opts.weights ?? 'none';
  let w: number[];
  if (scheme === 'none') w = onesOf(scr, points.length);
  else {
    const wr = pointWeights(points, scheme, opts.scoreRange ?? [0, 1]);
    if ('error' in wr) return emptyFit(formName, 'bad-input', wr.error, points.length);
    warnings.push(...wr.warnings);
    w = wr.weights;
  }
  const { xs, ys } = st;

  const setup = buildSetup(formName, opts, st, xs);
  if ('error' in setup) return emptyFit(formName, 'bad-input', setup.error, points.length);
  const { freeIdx, lower, upper } = setup;
  const freeNames = freeIdx.map((i) => form.paramNames[i] as string);

  const count = Math.max(1, opts.multiStart ?? 3);
  const ambiguity = opts.ambiguity ?? 3;
  const extras: number[][] = [];
  for (const extra of opts.extraStarts ?? []) {
    const p = freeNames.map((nm) => extra[nm]);
    if (p.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) extras.push(p);
  }

  // Fast path (logistic, Gompertz): specialised solver, falling back to the QR solver per start.
  const fastKind: FastKind | -1 = formName === 'logistic' ? 0 : formName === 'gompertz' ? 1 : -1;
  let prob: SigmoidProblem | null = null;
  if (fastKind !== -1) {
    pointArrays(scr, w.length);
    const sw = scr.sw;
    if (scheme === 'none') sw.fill(1, 0, w.length);
    else for (let i = 0; i < w.length; i++) sw[i] = Math.sqrt(w[i] as number);
    prob = { kind: fastKind, xs, ys, sw, unitWeights: scheme === 'none', full: setup.full, free: freeIdx, lower, upper };
  }
  let model: SolverModel<number> | null = null;
  let best: SolverResult | null = null;
  let bestAcc: Float64Array | null = null;
  let totalIter = 0;
  let badInput: string | null = null;
  const run = (start: readonly number[], useFast: boolean, acc: Float64Array | null = null): void => {
    const sr: SigmoidResult | null = prob && useFast ? solveSigmoid(prob, start, FAST_OPTIONS, scr.sigmoid, { start: acc, result: scr.solveAcc }) : null;
    let r: SolverResult | null = sr;
    const fast = sr !== null && sr.converged;
    if (!fast) {
      if (r) totalIter += r.iterations;
      model ??= reducedModel(form, setup.full, freeIdx);
      r = solveLeastSquares(model, xs, ys, start, { weights: w, lower, upper, covariance: false, ftol: 1e-10, xtol: 1e-9, maxIterations: 400, scratch: scr.lm });
    }
    const res = r as SolverResult;
    totalIter += res.iterations;
    if (res.status === 'bad-input') badInput = res.message;
    if (Number.isFinite(res.rss) && (best === null || res.rss < best.rss * (1 - 1e-12))) {
      best = res;
      bestAcc = null;
      if (fast && sr) {
        scr.bestAcc.set(sr.acc);
        bestAcc = scr.bestAcc;
      }
    }
  };

  let needGrid = true;
  if (prob) {
    const kind = prob.kind;
    const sw = prob.sw;
    const ts = transformStart(setup, kind, xs, ys, w, sw, prob.unitWeights === true, st, opts.higherIsBetter !== false, scr);
    const t = ts ? ts.start : null;
    const cands = t ? [...extras, t] : extras;
    if (cands.length > 0) {
      // The candidate with the lowest RSS at its start goes first; the others wait for the verdict.
      let first = 0;
      if (cands.length > 1) {
        let bestStart = Infinity;
        const p4 = new Float64Array(setup.full);
        cands.forEach((c, ci) => {
          freeIdx.forEach((idx, j) => (p4[idx] = Math.min(Math.max(c[j] as number, lower[j] as number), upper[j] as number)));
          const v = sweepRss(prob, p4);
          if (v < bestStart) {
            bestStart = v;
            first = ci;
          }
        });
      }
      // The transform start comes with the curve already evaluated there.
      run(cands[first] as number[], true, cands[first] === t && ts ? ts.acc : null);
      if (badInput) return emptyFit(formName, 'bad-input', badInput, points.length, warnings);
      const b: SolverResult | null = best;
      needGrid = !(b !== null && Number.isFinite(ambiguity) && clearTransition(kind, b, setup, xs, ys, w, st));
    }
  }
  if (needGrid) {
    // Ambiguous data: every start of the general path (extra starts, then the grid's), with the QR
    // solver (unless fastGrid), so the result is never worse than without the fast path.
    const starts = [...extras, ...gridStarts(setup, xs, ys, w, st, count, ambiguity)];
    if (starts.length === 0 && best === null) return emptyFit(formName, 'failed', 'no starting values give a finite curve', points.length, warnings);
    for (const start of starts) {
      run(start, opts.fastGrid === true);
      if (badInput) return emptyFit(formName, 'bad-input', badInput, points.length, warnings);
    }
  }
  if (!best) return emptyFit(formName, 'failed', 'the solver failed from every starting point', points.length, warnings);
  const bestFit: SolverResult = best;

  const full = new Float64Array(setup.full);
  freeIdx.forEach((idx, j) => (full[idx] = bestFit.params[j] as number));
  const params: Record<string, number> = {};
  form.paramNames.forEach((nm, i) => (params[nm] = full[i] as number));

  // Covariance with parameters on a bound held fixed: a bound is information the data did not give.
  const se: Record<string, number> = {};
  for (const nm of form.paramNames) se[nm] = 0;
  let cov: number[][] | null = null;
  const atBound = bestFit.atBound.map((j) => freeNames[j] as string);
  if (!opts.skipCovariance) {
    const inner = bestFit.atBound.length === 0 ? freeIdx : freeIdx.filter((_, j) => !bestFit.atBound.includes(j));
    // Fast path: JᵀWJ at the solution is already accumulated; Cholesky when well conditioned,
    // else (and for the other forms) the pivoted QR with its rank test.
    const acc: Float64Array | null = bestAcc;
    const chol = acc && inner.length > 0 ? choleskyCovariance(acc, { idx: inner, rss: bestFit.rss, m: points.length, nFit: inner.length }, scr.sigmoid) : null;
    if (chol && inner.length === freeIdx.length) cov = chol;
    else {
      cov = freeNames.map(() => freeNames.map(() => Number.NaN));
    }
    if (inner.length > 0 && cov !== chol) {
      const c = chol ?? leastSquaresCovariance(reducedModel(form, full, inner), xs, ys, inner.map((i) => full[i] as number), { weights: w }).cov;
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

  let sumLogW = 0;
  if ((opts.weights ?? 'none') !== 'none') for (let i = 0; i < w.length; i++) sumLogW += Math.log(w[i] as number);
  const result: CurveFit = {
    form: formName,
    params,
    se,
    freeParams: freeNames,
    cov,
    rss: bestFit.rss,
    aicc: aicc(bestFit.rss, points.length, freeIdx.length, sumLogW),
    n: points.length,
    converged: bestFit.converged,
    iterations: totalIter,
    status: 'ok',
    message: 'ok',
    // An exact-size copy: the result is kept, and an array grown by push reserves 16 slots.
    warnings: warnings.length > 0 ? warnings.slice() : warnings,
    fixed: setup.fixed,
    xRange: [st.xmin, st.xmax],
  };
  if (!bestFit.converged) {
    result.status = 'failed';
    result.message = `the solver did not converge: ${bestFit.message}`;
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
 * @param scratch work arrays to reuse (see {@link createFitScratch}); a caller fitting many series
 * passes one (one per thread). Default: new ones for this call.
 */
export function fitCurve(points: readonly CurvePoint[], options: FitOptions = {}, scratch: FitScratch = createFitScratch()): CurveFit {
  const form = options.form ?? 'logistic';
  if (form !== 'auto') return fitForm(form, points, options, scratch);
  const forms = options.autoForms ?? ['logistic', 'gompertz', 'richards'];
  const fits = forms.map((f) => fitForm(f, points, options, scratch));
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
