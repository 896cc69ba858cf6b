/**
 * Fast path for the built-in logistic and Gompertz forms (at most 4 parameters): a specialised
 * bounded Levenberg–Marquardt whose inner loop computes the model's exp() once per point per trial
 * and reuses it for the value, the residual and the Jacobian, accumulating JᵀWJ and JᵀWr directly
 * (no m×p Jacobian is stored) and solving the damped normal equations (JᵀWJ + λD)δ = −JᵀWr with a
 * p×p Cholesky factorisation in the caller's work arrays (SigmoidScratch). Forming JᵀWJ squares the
 * condition number, so the caller falls back to the QR/lmpar solver in lm.ts whenever a Cholesky
 * pivot is tiny relative to its diagonal (`null` return) or the fast solver does not converge. See docs/methods.md
 * ("Fast path for the logistic and Gompertz").
 */
import type { SolverResult } from './lm';

/** 0 = logistic, 1 = Gompertz. */
export type FastKind = 0 | 1;

/** A fit problem over the full parameter vector [floor, ceiling, k, x0] with some entries fixed. */
export interface SigmoidProblem {
  kind: FastKind;
  xs: readonly number[];
  ys: readonly number[];
  /** √wᵢ. */
  sw: Float64Array;
  /** True when every weight is 1 (then sweeps skip the multiplications by √wᵢ). Default false. */
  unitWeights?: boolean;
  /** Full parameter vector with the fixed values in place (the free entries are overwritten). */
  full: Float64Array;
  /** Indices (into the full vector) of the free parameters, in the order of the solver's vector. */
  free: readonly number[];
  lower: readonly number[];
  upper: readonly number[];
}

/** The points and weights a sweep reads (a {@link SigmoidProblem} is one). */
export type SweepData = Pick<SigmoidProblem, 'kind' | 'xs' | 'ys' | 'sw' | 'unitWeights'>;

/** Options of {@link solveSigmoid} (the curve-fit defaults of lm.ts). */
export interface FastOptions {
  ftol: number;
  xtol: number;
  gtol: number;
  maxIterations: number;
}

const EPS = 2.220446049250313e-16;
/** A Cholesky pivot of the diagonally scaled system below this means cond ≳ 1e6–1e7 in J: use QR. */
export const PIVOT_TOL = 1e-12;
/** Initial damping, relative to the scaling D = diag(JᵀWJ). */
const LAMBDA0 = 1e-3;
/** Damping factor after a step whose actual reduction is ≥ 0.75 of the predicted one. */
const LAMBDA_DOWN = 0.1;

/**
 * Length of an accumulator: the 10 entries of the symmetric 4×4 JᵀWJ (00 01 02 03 11 12 13 22 23 33),
 * then the 4 entries of JᵀWr, then the RSS.
 */
export const ACC_LEN = 15;
/** Position in an accumulator of JᵀWJ entry (a, b), by full-vector index. */
const IDX: readonly (readonly number[])[] = [
  [0, 1, 2, 3],
  [1, 4, 5, 6],
  [2, 5, 7, 8],
  [3, 6, 8, 9],
];

/**
 * Work arrays of the fast solver. Typed arrays longer than 64 bytes live off the V8 heap and are
 * costly to allocate and collect next to a fit this small, so a caller that fits many series makes
 * one scratch (per thread: it is not safe to share between fits that run at the same time) and passes
 * it to every call; nothing in it carries over from one call to the next.
 */
export interface SigmoidScratch {
  /** Accumulators at the current and the trial point (see {@link accumulate}), swapped on an accepted step. */
  accA: Float64Array;
  accB: Float64Array;
  /** Full parameter vectors [f, c, k, x0] at the current and the trial point. */
  pCur: Float64Array;
  pTrial: Float64Array;
  /** JᵀWJ of the free parameters (4-stride), and the damped system M factorised in place. */
  A: Float64Array;
  M: Float64Array;
  /** JᵀWr, the scaling D, the Cholesky scale factors S and the step δ, over the free parameters. */
  g: Float64Array;
  D: Float64Array;
  S: Float64Array;
  delta: Float64Array;
  /** Bounds of the free parameters, and which are frozen on a bound for the current step. */
  lo: Float64Array;
  hi: Float64Array;
  active: Uint8Array;
  /** Columns of the covariance before they are copied into the result's rows. */
  invCols: Float64Array;
  /** Per-point shape sᵢ and ds/dz of a sweep with accumulators; replaced by longer ones as needed. */
  shape: Float64Array;
  ds: Float64Array;
}

/** A new {@link SigmoidScratch} (its per-point arrays sized for 64 points, grown on demand). */
export function createSigmoidScratch(): SigmoidScratch {
  return {
    accA: new Float64Array(ACC_LEN),
    accB: new Float64Array(ACC_LEN),
    pCur: new Float64Array(4),
    pTrial: new Float64Array(4),
    A: new Float64Array(16),
    M: new Float64Array(16),
    g: new Float64Array(4),
    D: new Float64Array(4),
    S: new Float64Array(4),
    delta: new Float64Array(4),
    lo: new Float64Array(4),
    hi: new Float64Array(4),
    active: new Uint8Array(4),
    invCols: new Float64Array(16),
    shape: new Float64Array(64),
    ds: new Float64Array(64),
  };
}

/** The result of {@link solveSigmoid}: a solver result plus the accumulator at its parameters. */
export interface SigmoidResult extends SolverResult {
  /** JᵀWJ, JᵀWr and RSS at `params` (see {@link accumulate}): what {@link choleskyCovariance} reads. */
  acc: Float64Array;
}

/** Accumulators a caller hands to {@link solveSigmoid}. */
export interface SigmoidAccumulators {
  /**
   * The accumulator already computed at exactly the start (which must then lie within the bounds, and
   * for which accumulate returned a finite RSS), so the solver skips its first sweep; the transform
   * start leaves one behind (its last round evaluates the curve there anyway). Default none.
   */
  start?: Float64Array | null;
  /** Where the result's accumulator is written (the caller owns it). Default: a new array. */
  result?: Float64Array;
}

/**
 * The unit shape sᵢ = s(zᵢ), zᵢ = k·(xᵢ − x0), and ds/dz at each point, into `shape` and `ds`
 * (both at least xs.length long). Logistic: s = 1/(1 + e^(−z)) from one exp e = e^(−|z|) ≤ 1
 * (never overflows), ds/dz = s(1 − s) = e/(1 + e)². Gompertz: s = exp(−t) with t = e^(−z),
 * ds/dz = s·t, set to 0 for t > 700 where s underflows (s·t would be 0·∞ = NaN).
 *
 * This loop holds only the exp calls; {@link accumulate} then sums without any. Kept apart because
 * Math.exp is a C call that clobbers every floating-point register: in one fused loop V8 spills and
 * reloads the 15 running sums around each call, so the two loops together run faster than the fused
 * one (bench/fit.ts measures it; docs/methods.md, "Speed", has the figures from when they were split).
 */
export function shapeOf(kind: FastKind, xs: ArrayLike<number>, k: number, x0: number, shape: Float64Array, ds: Float64Array): void {
  const m = xs.length;
  if (kind === 0) {
    for (let i = 0; i < m; i++) {
      const z = k * ((xs[i] as number) - x0);
      const e = Math.exp(-Math.abs(z));
      const q = 1 / (1 + e);
      shape[i] = z >= 0 ? q : e * q;
      ds[i] = e * q * q;
    }
  } else {
    for (let i = 0; i < m; i++) {
      const t = Math.exp(-k * ((xs[i] as number) - x0));
      const s = Math.exp(-t);
      shape[i] = s;
      ds[i] = t > 700 ? 0 : s * t;
    }
  }
}

/**
 * From the shape sᵢ and ds/dz at (k, x0) (see {@link shapeOf}), the weighted residuals
 * rᵢ = √wᵢ·(f + (c − f)·sᵢ − yᵢ) and the full 4-column Jacobian rows √wᵢ·[1 − sᵢ, sᵢ,
 * (c − f)·ds·(xᵢ − x0), −(c − f)·ds·k] at p = [f, c, k, x0], accumulated into `acc` as JᵀWJ, JᵀWr and
 * the RSS (layout: see ACC_LEN). No transcendental calls.
 * @param data the points xᵢ, yᵢ and √wᵢ; when `data.unitWeights` (every √wᵢ is 1) and the floor is
 * fixed (the app's usual case) the loop skips the multiplications by √wᵢ (the same sums, a few
 * operations fewer per point).
 * @param floorFree false when the floor is fixed: its column's five sums (JᵀWJ row 0 and JᵀWr 0)
 * are then not formed (a third of the work; nothing reads them) and are set to 0.
 * @returns the weighted RSS, or NaN when it or the k/x0 entries are not finite.
 */
export function accumulate(data: SweepData, p: Float64Array, shape: Float64Array, dsz: Float64Array, acc: Float64Array, floorFree: boolean): number {
  const { xs, ys, sw } = data;
  const unit = data.unitWeights === true;
  const f = p[0] as number;
  const span = (p[1] as number) - f;
  const k = p[2] as number;
  const x0 = p[3] as number;
  const m = xs.length;
  let rss = 0;
  let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a11 = 0, a12 = 0, a13 = 0, a22 = 0, a23 = 0, a33 = 0;
  let g0 = 0, g1 = 0, g2 = 0, g3 = 0;
  if (floorFree) {
    for (let i = 0; i < m; i++) {
      const d = (xs[i] as number) - x0;
      const s = shape[i] as number;
      const w = sw[i] as number;
      const wsd = w * span * (dsz[i] as number);
      const r = w * (f + span * s - (ys[i] as number));
      const j0 = w * (1 - s);
      const j1 = w * s;
      const j2 = wsd * d;
      const j3 = -wsd * k;
      rss += r * r;
      a00 += j0 * j0;
      a01 += j0 * j1;
      a02 += j0 * j2;
      a03 += j0 * j3;
      a11 += j1 * j1;
      a12 += j1 * j2;
      a13 += j1 * j3;
      a22 += j2 * j2;
      a23 += j2 * j3;
      a33 += j3 * j3;
      g0 += j0 * r;
      g1 += j1 * r;
      g2 += j2 * r;
      g3 += j3 * r;
    }
  } else if (unit) {
    // The same sums without the floor's column, with √wᵢ = 1.
    for (let i = 0; i < m; i++) {
      const d = (xs[i] as number) - x0;
      const s = shape[i] as number;
      const sd = span * (dsz[i] as number);
      const r = f + span * s - (ys[i] as number);
      const j2 = sd * d;
      const j3 = -sd * k;
      rss += r * r;
      a11 += s * s;
      a12 += s * j2;
      a13 += s * j3;
      a22 += j2 * j2;
      a23 += j2 * j3;
      a33 += j3 * j3;
      g1 += s * r;
      g2 += j2 * r;
      g3 += j3 * r;
    }
  } else {
    // The same sums without the floor's column.
    for (let i = 0; i < m; i++) {
      const d = (xs[i] as number) - x0;
      const s = shape[i] as number;
      const w = sw[i] as number;
      const wsd = w * span * (dsz[i] as number);
      const r = w * (f + span * s - (ys[i] as number));
      const j1 = w * s;
      const j2 = wsd * d;
      const j3 = -wsd * k;
      rss += r * r;
      a11 += j1 * j1;
      a12 += j1 * j2;
      a13 += j1 * j3;
      a22 += j2 * j2;
      a23 += j2 * j3;
      a33 += j3 * j3;
      g1 += j1 * r;
      g2 += j2 * r;
      g3 += j3 * r;
    }
  }
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a02;
  acc[3] = a03;
  acc[4] = a11;
  acc[5] = a12;
  acc[6] = a13;
  acc[7] = a22;
  acc[8] = a23;
  acc[9] = a33;
  acc[10] = g0;
  acc[11] = g1;
  acc[12] = g2;
  acc[13] = g3;
  acc[14] = rss;
  const ok = Number.isFinite(rss) && Number.isFinite(a22) && Number.isFinite(a33) && Number.isFinite(g2) && Number.isFinite(g3);
  return ok ? rss : Number.NaN;
}

/**
 * The weighted RSS Σ (√wᵢ·(f + (c − f)·s(k(xᵢ − x0)) − yᵢ))² at full parameters p = [f, c, k, x0]:
 * one exp (logistic) or two (Gompertz) per point, nothing stored. Returns NaN when it is not finite.
 */
export function sweepRss(data: SweepData, p: Float64Array): number {
  const { kind, xs, ys, sw } = data;
  const f = p[0] as number;
  const span = (p[1] as number) - f;
  const k = p[2] as number;
  const x0 = p[3] as number;
  const m = xs.length;
  let rss = 0;
  for (let i = 0; i < m; i++) {
    const z = k * ((xs[i] as number) - x0);
    let s: number;
    if (kind === 0) {
      const e = Math.exp(-Math.abs(z));
      s = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    } else s = Math.exp(-Math.exp(-z));
    const r = (sw[i] as number) * (f + span * s - (ys[i] as number));
    rss += r * r;
  }
  return Number.isFinite(rss) ? rss : Number.NaN;
}

/**
 * One sweep over the points at full parameters p: the weighted RSS, and JᵀWJ and JᵀWr of the full
 * 4-parameter Jacobian into `acc` ({@link shapeOf} into the scratch's per-point arrays, then
 * {@link accumulate}; `floorFree` as there). One exp (logistic) or two (Gompertz) per point. Returns
 * NaN when a model value is not finite.
 */
export function sweep(data: SweepData, p: Float64Array, acc: Float64Array, floorFree: boolean, scratch: SigmoidScratch): number {
  const m = data.xs.length;
  if (scratch.shape.length < m) {
    scratch.shape = new Float64Array(2 * m);
    scratch.ds = new Float64Array(2 * m);
  }
  shapeOf(data.kind, data.xs, p[2] as number, p[3] as number, scratch.shape, scratch.ds);
  return accumulate(data, p, scratch.shape, scratch.ds, acc, floorFree);
}

/**
 * In-place Cholesky of the leading n×n block of a row-major 4-stride symmetric matrix after scaling
 * it to unit diagonal (scale factors in S). Returns the smallest pivot of the scaled matrix (in
 * [0, 1]), or −1 when a diagonal entry is not positive.
 */
function scaledCholesky(n: number, a: Float64Array, s: Float64Array): number {
  for (let i = 0; i < n; i++) {
    const d = a[i * 5] as number;
    if (!(d > 0) || !Number.isFinite(d)) return -1;
    s[i] = 1 / Math.sqrt(d);
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * 4 + j] = (a[i * 4 + j] as number) * (s[i] as number) * (s[j] as number);
  let minPivot = Infinity;
  for (let j = 0; j < n; j++) {
    let d = a[j * 5] as number;
    for (let k = 0; k < j; k++) d -= (a[j * 4 + k] as number) * (a[j * 4 + k] as number);
    if (d < minPivot) minPivot = d;
    if (!(d > 0)) return 0;
    const l = Math.sqrt(d);
    a[j * 5] = l;
    for (let i = j + 1; i < n; i++) {
      let v = a[i * 4 + j] as number;
      for (let k = 0; k < j; k++) v -= (a[i * 4 + k] as number) * (a[j * 4 + k] as number);
      a[i * 4 + j] = v / l;
    }
  }
  return minPivot;
}

/** Solves (S·L·Lᵀ·S)⁻¹ applied to b in place: x = S·L⁻ᵀ·L⁻¹·S·b, with L from {@link scaledCholesky}. */
function choleskySolve(n: number, l: Float64Array, s: Float64Array, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let v = (b[i] as number) * (s[i] as number);
    for (let k = 0; k < i; k++) v -= (l[i * 4 + k] as number) * (b[k] as number);
    b[i] = v / (l[i * 5] as number);
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = b[i] as number;
    for (let k = i + 1; k < n; k++) v -= (l[k * 4 + i] as number) * (b[k] as number);
    b[i] = v / (l[i * 5] as number);
  }
  for (let i = 0; i < n; i++) b[i] = (b[i] as number) * (s[i] as number);
}

/** The free parameters' JᵀWJ into A and JᵀWr into g, from an accumulator (see {@link accumulate}). */
function loadSystem(acc: Float64Array, free: readonly number[], n: number, A: Float64Array, g: Float64Array): void {
  for (let a = 0; a < n; a++) {
    const fa = free[a] as number;
    g[a] = acc[10 + fa] as number;
    for (let b = 0; b < n; b++) A[a * 4 + b] = acc[(IDX[fa] as readonly number[])[free[b] as number] as number] as number;
  }
}

/**
 * Bounded Levenberg–Marquardt on a {@link SigmoidProblem} from `start` (free parameters). Marquardt
 * scaling D = running maximum of diag(JᵀWJ), Nielsen's damping update (λ·max(1/3, 1 − (2ρ − 1)³)
 * on success, λ·ν with ν doubling on failure), bounds by the same active set and projection as
 * lm.ts, and the same convergence tests (relative RSS reduction actual and predicted ≤ ftol,
 * scaled step ≤ xtol·‖D^½p‖, gradient cosine ≤ gtol, float64 limit).
 * @param scratch work arrays (see {@link SigmoidScratch}); nothing in them is read before it is written.
 * @param accs the accumulator at `start` when the caller has it, and where to leave the result's.
 * @returns the result (params over the free parameters, and the accumulator there), or null when the
 * damped system is too ill-conditioned for the normal equations or the model is not finite at the
 * start: the caller then uses the QR-based solver.
 */
export function solveSigmoid(
  prob: SigmoidProblem,
  start: ArrayLike<number>,
  opts: FastOptions,
  scratch: SigmoidScratch,
  accs: SigmoidAccumulators = {},
): SigmoidResult | null {
  const { xs, free } = prob;
  const { pCur, pTrial, A, M, g, D, S, delta, lo, hi, active } = scratch;
  const startAcc = accs.start ?? null;
  const n = free.length;
  const m = xs.length;
  // With the floor fixed, no sweep forms its column of JᵀWJ (see accumulate).
  const floorFree = free.indexOf(0) >= 0;
  pCur.set(prob.full);
  for (let j = 0; j < n; j++) {
    lo[j] = prob.lower[j] as number;
    hi[j] = prob.upper[j] as number;
    const v = start[j] as number;
    if (!Number.isFinite(v)) return null;
    pCur[free[j] as number] = Math.min(Math.max(v, lo[j] as number), hi[j] as number);
  }
  let cur = scratch.accA;
  let nxt = scratch.accB;
  let rss: number;
  if (startAcc) {
    cur.set(startAcc);
    rss = cur[14] as number;
  } else rss = sweep(prob, pCur, cur, floorFree, scratch);
  if (!Number.isFinite(rss)) return null;
  let nfev = 1;
  loadSystem(cur, free, n, A, g);
  for (let j = 0; j < n; j++) {
    const d = A[j * 5] as number;
    D[j] = d > 0 ? d : 1;
  }
  let lambda = LAMBDA0;
  let nu = 2;
  let goodStep = false;
  let iter = 0;
  let attempts = 0;
  let converged = false;
  let reason = 'max-iterations';
  const maxAttempts = opts.maxIterations * 10;
  for (;;) {
    if (iter >= opts.maxIterations || attempts >= maxAttempts) break;
    attempts++;
    // Active set and the gradient test (largest cosine between r and a free column of J).
    let gmax = 0;
    for (let j = 0; j < n; j++) {
      const pj = pCur[free[j] as number] as number;
      const gj = g[j] as number;
      active[j] = (pj <= (lo[j] as number) && gj > 0) || (pj >= (hi[j] as number) && gj < 0) ? 1 : 0;
      const ajj = A[j * 5] as number;
      if (!active[j] && ajj > 0 && rss > 0) gmax = Math.max(gmax, Math.abs(gj) / Math.sqrt(ajj * rss));
    }
    if (gmax <= opts.gtol) {
      converged = true;
      reason = 'gradient';
      break;
    }
    // After a step whose actual reduction matched the prediction, the next full Gauss–Newton step
    // predicts at most gᵀ(JᵀWJ)⁻¹g: when that is ≤ ftol·RSS the RSS test would pass on the next
    // trial, so the sweep for it is skipped.
    if (goodStep) {
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) M[a * 4 + b] = active[a] || active[b] ? 0 : (A[a * 4 + b] as number);
        if (active[a]) M[a * 5] = 1;
        delta[a] = active[a] ? 0 : -(g[a] as number);
      }
      if (scaledCholesky(n, M, S) >= PIVOT_TOL) {
        choleskySolve(n, M, S, delta);
        let gn = 0;
        for (let a = 0; a < n; a++) gn -= (g[a] as number) * (delta[a] as number);
        if (gn >= 0 && gn <= opts.ftol * rss) {
          converged = true;
          reason = 'rss';
          break;
        }
      }
    }
    // Damped system (A + λD)δ = −g over the non-frozen parameters; frozen rows are the identity.
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) M[a * 4 + b] = active[a] || active[b] ? 0 : (A[a * 4 + b] as number);
      M[a * 5] = active[a] ? 1 : (A[a * 5] as number) + lambda * (D[a] as number);
      delta[a] = active[a] ? 0 : -(g[a] as number);
    }
    const piv = scaledCholesky(n, M, S);
    if (piv < PIVOT_TOL) return null;
    choleskySolve(n, M, S, delta);
    let projected = false;
    let pnorm2 = 0;
    let xnorm2 = 0;
    pTrial.set(pCur);
    for (let j = 0; j < n; j++) {
      const fj = free[j] as number;
      const pj = pCur[fj] as number;
      let t = active[j] ? pj : pj + (delta[j] as number);
      if (t < (lo[j] as number)) {
        t = lo[j] as number;
        projected = true;
      } else if (t > (hi[j] as number)) {
        t = hi[j] as number;
        projected = true;
      }
      pTrial[fj] = t;
      delta[j] = t - pj;
      pnorm2 += (D[j] as number) * (delta[j] as number) * (delta[j] as number);
      xnorm2 += (D[j] as number) * pj * pj;
    }
    // Predicted reduction of the quadratic model along the step actually taken.
    let gd = 0;
    let dAd = 0;
    for (let a = 0; a < n; a++) {
      gd += (g[a] as number) * (delta[a] as number);
      let row = 0;
      for (let b = 0; b < n; b++) row += (A[a * 4 + b] as number) * (delta[b] as number);
      dAd += (delta[a] as number) * row;
    }
    const pred = projected ? -(2 * gd + dAd) : dAd + 2 * lambda * pnorm2;
    const rss1 = sweep(prob, pTrial, nxt, floorFree, scratch);
    nfev++;
    const actred = Number.isFinite(rss1) && rss > 0 ? (rss - rss1) / rss : -1;
    const prered = rss > 0 ? pred / rss : 0;
    const ratio = prered > 0 ? actred / prered : 0;
    if (ratio >= 1e-4) {
      pCur.set(pTrial);
      const t = cur;
      cur = nxt;
      nxt = t;
      rss = rss1;
      loadSystem(cur, free, n, A, g);
      for (let j = 0; j < n; j++) D[j] = Math.max(D[j] as number, A[j * 5] as number);
      const q = 2 * ratio - 1;
      lambda *= ratio >= 0.75 ? LAMBDA_DOWN : Math.max(1 / 3, 1 - q * q * q);
      nu = 2;
      iter++;
      goodStep = ratio >= 0.5 && ratio <= 2;
    } else {
      lambda *= nu;
      nu *= 2;
      goodStep = false;
    }
    const rssTest = Math.abs(actred) <= opts.ftol && prered <= opts.ftol && 0.5 * ratio <= 1;
    const stepTest = pnorm2 <= opts.xtol * opts.xtol * xnorm2;
    if (rssTest || stepTest) {
      converged = true;
      reason = rssTest && stepTest ? 'rss+step' : rssTest ? 'rss' : 'step';
      break;
    }
    if (
      rss === 0 ||
      (Math.abs(actred) <= EPS && prered <= EPS && 0.5 * ratio <= 1) ||
      pnorm2 <= EPS * EPS * xnorm2 ||
      !(lambda < 1e300)
    ) {
      converged = true;
      reason = 'precision';
      break;
    }
  }
  const params: number[] = new Array<number>(n);
  const atBound: number[] = [];
  for (let j = 0; j < n; j++) {
    const v = pCur[free[j] as number] as number;
    params[j] = v;
    if (v <= (lo[j] as number) || v >= (hi[j] as number)) atBound.push(j);
  }
  // The final accumulator goes with the result (JᵀWJ at the solution, for the covariance).
  const acc = accs.result ?? new Float64Array(ACC_LEN);
  acc.set(cur);
  return {
    params,
    cov: null,
    rss,
    n: m,
    converged,
    iterations: iter,
    evaluations: nfev,
    status: converged ? 'ok' : 'max-iterations',
    reason,
    message: converged ? 'converged' : 'stopped at the iteration limit without meeting the convergence tests',
    warnings: [],
    atBound,
    rank: n,
    acc,
  };
}

/** What {@link choleskyCovariance} needs besides the accumulator. */
export interface CovarianceRequest {
  /** Full-vector indices (0 floor, 1 ceiling, 2 k, 3 x0) of the parameters wanted, in output order. */
  idx: readonly number[];
  /** Weighted RSS at the solution. */
  rss: number;
  /** Number of points m. */
  m: number;
  /** Number of fitted parameters p in s² = rss/(m − p), at-bound ones included (as in lm.ts). */
  nFit: number;
  /** Smallest scaled Cholesky pivot accepted. Default 1e-8 (cond(J) ≲ 1e4, ≥ 7 digits left). */
  minPivot?: number;
}

/**
 * cov = s²·(JᵀWJ)⁻¹ over the full-vector indices `req.idx`, from an accumulator (see {@link sweep}),
 * by a Cholesky factorisation of the column-equilibrated matrix. s² = rss/(m − p) with p = `nFit`
 * (NaN when m ≤ p).
 * @returns the covariance, or null when the smallest scaled pivot is below `minPivot` (then the
 * caller computes it by pivoted QR, which also handles rank deficiency).
 */
export function choleskyCovariance(acc: Float64Array, req: CovarianceRequest, scratch: SigmoidScratch): number[][] | null {
  const { idx, rss, m, nFit } = req;
  const minPivot = req.minPivot ?? 1e-8;
  const n = idx.length;
  const L = scratch.M;
  const s = scratch.S;
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) L[a * 4 + b] = acc[(IDX[idx[a] as number] as readonly number[])[idx[b] as number] as number] as number;
  const piv = scaledCholesky(n, L, s);
  if (!(piv >= minPivot)) return null;
  const s2 = m > nFit ? rss / (m - nFit) : Number.NaN;
  // Column b of the inverse, solved into cols[4b..4b+n), then the rows built at their exact size: the
  // covariance outlives the fit (it is part of the result), and arrays grown by push reserve room
  // for 16 entries (a 3×3 covariance would take about 700 bytes instead of about 160).
  const cols = scratch.invCols;
  for (let b = 0; b < n; b++) {
    const col = scratch.delta;
    col.fill(0);
    col[b] = 1;
    choleskySolve(n, L, s, col);
    for (let a = 0; a < n; a++) cols[b * 4 + a] = (col[a] as number) * s2;
  }
  const cov = new Array<number[]>(n);
  for (let a = 0; a < n; a++) {
    const row = new Array<number>(n);
    for (let b = 0; b < n; b++) row[b] = cols[b * 4 + a] as number;
    cov[a] = row;
  }
  return cov;
}
