/**
 * Bounded, weighted nonlinear least squares by a Levenberg–Marquardt trust-region method with Moré's
 * scaling (MINPACK lmder), extended with box bounds by an active set plus projection. See
 * docs/methods.md ("Solver") for the algorithm and its convergence tests.
 */
import { enorm, invertRtR, lmpar, qrfac } from './linalg';

/** A model y = f(x; p) for the solver. `x` may be any per-observation value (a number, a tuple...). */
export interface SolverModel<TX> {
  /** f(x; p): the model's prediction at one observation for parameter vector p. */
  value(x: TX, p: Float64Array): number;
  /**
   * ∂f/∂p_j at x, written into `out` (length = number of parameters). Leave undefined to use the
   * central finite-difference fallback (2·p extra evaluations per point per iteration).
   */
  gradient?(x: TX, p: Float64Array, out: Float64Array): void;
}

/** Options for {@link solveLeastSquares}. All are optional. */
export interface SolveOptions {
  /** Per-observation weights wᵢ ≥ 0 (e.g. 1/seᵢ²); the objective is Σ wᵢ (yᵢ − f(xᵢ))². Default all 1. */
  weights?: ArrayLike<number>;
  /** Lower bounds per parameter (−Infinity for none). Default none. */
  lower?: ArrayLike<number>;
  /** Upper bounds per parameter (+Infinity for none). Default none. */
  upper?: ArrayLike<number>;
  /** Relative-reduction test: stop when both actual and predicted relative RSS reductions ≤ ftol. Default 1e-13. */
  ftol?: number;
  /** Relative step test: stop when the trust radius Δ ≤ xtol·‖D·p‖. Default 1e-13. */
  xtol?: number;
  /** Gradient test: stop when the largest cosine between f and a column of J is ≤ gtol. Default 1e-15. */
  gtol?: number;
  /** Maximum number of Jacobian evaluations (outer iterations). Default 2000. */
  maxIterations?: number;
  /** Maximum number of model evaluations over all points counted per sweep. Default 10000. */
  maxEvaluations?: number;
  /** Initial trust radius as a multiple of ‖D·p₀‖ (MINPACK `factor`). Default 100. */
  stepFactor?: number;
  /** Compute the covariance matrix at the solution. Default true. */
  covariance?: boolean;
  /**
   * If true, weights are taken as exact inverse variances and cov = (JᵀWJ)⁻¹; if false (default),
   * cov = s²·(JᵀWJ)⁻¹ with s² = RSS/(n − p), i.e. weights are only relative.
   */
  absoluteSigma?: boolean;
  /**
   * Work arrays kept from earlier solves (see {@link createLmScratch}), for a caller that solves many
   * problems in a row. Default: new arrays for this solve.
   */
  scratch?: LmScratch;
}

/** Why the solver stopped. */
export type SolverStatus = 'ok' | 'max-iterations' | 'bad-input' | 'failed';

/** The result of {@link solveLeastSquares}: plain data, JSON-safe except NaN (which becomes null). */
export interface SolverResult {
  /** Parameter estimates, in the order of the start vector. */
  params: number[];
  /** Covariance matrix of the estimates (row-major p×p), NaN rows/columns for unidentifiable directions; null if not computed. */
  cov: number[][] | null;
  /** Weighted residual sum of squares Σ wᵢ (yᵢ − f(xᵢ; p))². */
  rss: number;
  /** Number of observations used. */
  n: number;
  /** True when one of the convergence tests (or the float64-precision limit) was met. */
  converged: boolean;
  /** Number of accepted steps. */
  iterations: number;
  /** Number of model sweeps over all points (Jacobian sweeps excluded). */
  evaluations: number;
  status: SolverStatus;
  /** Which test stopped the solver: 'rss', 'step', 'rss+step', 'gradient', 'precision', 'max-evaluations', 'max-iterations', or a failure reason. */
  reason: string;
  /** Human-readable summary of `status` and `reason`. */
  message: string;
  /** Parameters at a bound at the solution, start points moved into bounds, rank deficiency... */
  warnings: string[];
  /** Indices of parameters sitting on a bound at the solution. */
  atBound: number[];
  /** Numerical rank of the weighted Jacobian at the solution (p if full rank). */
  rank: number;
}

const EPS = 2.220446049250313e-16;

function fail(n: number, p: number, start: ArrayLike<number>, status: SolverStatus, reason: string, message: string): SolverResult {
  return {
    params: Array.from(start, Number),
    cov: null,
    rss: Number.NaN,
    n,
    converged: false,
    iterations: 0,
    evaluations: 0,
    status,
    reason,
    message,
    warnings: [],
    atBound: [],
    rank: 0,
  };
}

/**
 * Minimises the weighted residual sum of squares S(p) = Σᵢ wᵢ·(yᵢ − f(xᵢ; p))² over the box
 * lower ≤ p ≤ upper with the Levenberg–Marquardt method in Moré's trust-region form:
 * each step solves min ‖J·δ + r‖² subject to ‖D·δ‖ ≤ Δ through a pivoted QR of the weighted Jacobian
 * J (never the normal equations), with D the running maximum of J's column norms. Parameters at a
 * bound whose gradient points outward are frozen for the step, and each trial point is projected
 * into the box.
 *
 * Convergence (any one): relative RSS reduction (actual and predicted) ≤ ftol; trust radius
 * Δ ≤ xtol·‖D·p‖; max |cos(r, J column)| ≤ gtol; or no further progress possible in float64.
 *
 * @param model the model function f and optionally its analytic gradient ∂f/∂p.
 * @param xs the observations' predictors (any type the model understands), length n.
 * @param ys the observed responses, length n.
 * @param start starting parameter vector p₀ (moved into the bounds with a warning if outside).
 * @param options weights, bounds, tolerances; see {@link SolveOptions}.
 * @returns plain data; never throws for bad numbers: status 'bad-input' names the problem, 'failed'
 * reports a model that is not finite at the start.
 */
export function solveLeastSquares<TX>(
  model: SolverModel<TX>,
  xs: readonly TX[],
  ys: ArrayLike<number>,
  start: ArrayLike<number>,
  options: SolveOptions = {},
): SolverResult {
  const m = xs.length;
  const n = start.length;
  if (ys.length !== m) return fail(m, n, start, 'bad-input', 'length', `x has ${m} values but y has ${ys.length}`);
  if (n === 0) return fail(m, n, start, 'bad-input', 'no-params', 'no parameters to fit');
  if (m < n) return fail(m, n, start, 'bad-input', 'too-few', `${m} observations cannot determine ${n} parameters`);
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(ys[i] as number)) return fail(m, n, start, 'bad-input', 'y', `y[${i}] is not a finite number`);
  }
  const scratch = options.scratch;
  const ws = acquireWorkspace(m, n, scratch);
  try {
    return solveWith(model, xs, ys, start, options, ws);
  } finally {
    if (scratch) releaseWorkspace(ws, scratch);
  }
}

/**
 * The per-observation work arrays of one solve (every entry is written before it is read).
 */
interface Workspace {
  key: string;
  sw: Float64Array;
  fvec: Float64Array;
  fjac: Float64Array;
  wa4: Float64Array;
}

/**
 * Work arrays of {@link solveLeastSquares} kept between solves by a caller that solves many problems
 * (one per thread; see SolveOptions.scratch). Typed arrays of more than a few dozen elements are
 * allocated off the V8 heap, which costs as much as a small fit's arithmetic, so they are kept by
 * problem size (m observations × n parameters).
 */
export interface LmScratch {
  /** Free workspaces by size key `${m}x${n}`, at most 4 per size (a solve inside a model takes a second one). */
  pool: Map<string, Workspace[]>;
}

/** A new, empty {@link LmScratch}. */
export function createLmScratch(): LmScratch {
  return { pool: new Map() };
}

function acquireWorkspace(m: number, n: number, scratch: LmScratch | undefined): Workspace {
  const key = `${m}x${n}`;
  const ws = scratch?.pool.get(key)?.pop();
  if (ws) return ws;
  return { key, sw: new Float64Array(m), fvec: new Float64Array(m), fjac: new Float64Array(m * n), wa4: new Float64Array(m) };
}

function releaseWorkspace(ws: Workspace, scratch: LmScratch): void {
  const pool = scratch.pool;
  // Many sizes in a row (series of every length): start over rather than keep them all.
  if (pool.size > 64 && !pool.has(ws.key)) pool.clear();
  const list = pool.get(ws.key) ?? [];
  // A re-entrant solve (a model that itself fits) simply allocates; keep a small pool per size.
  if (list.length < 4) list.push(ws);
  pool.set(ws.key, list);
}

function solveWith<TX>(
  model: SolverModel<TX>,
  xs: readonly TX[],
  ys: ArrayLike<number>,
  start: ArrayLike<number>,
  options: SolveOptions,
  ws: Workspace,
): SolverResult {
  const m = xs.length;
  const n = start.length;
  const sw = ws.sw;
  for (let i = 0; i < m; i++) {
    const w = options.weights ? (options.weights[i] as number) : 1;
    if (!Number.isFinite(w) || w < 0) return fail(m, n, start, 'bad-input', 'weights', `weight[${i}] = ${w} is not a finite number ≥ 0`);
    sw[i] = Math.sqrt(w);
  }
  const lower = new Float64Array(n).fill(-Infinity);
  const upper = new Float64Array(n).fill(Infinity);
  for (let j = 0; j < n; j++) {
    if (options.lower) lower[j] = options.lower[j] as number;
    if (options.upper) upper[j] = options.upper[j] as number;
    if (Number.isNaN(lower[j]) || Number.isNaN(upper[j]) || (lower[j] as number) > (upper[j] as number)) {
      return fail(m, n, start, 'bad-input', 'bounds', `bounds of parameter ${j} are invalid: [${lower[j]}, ${upper[j]}]`);
    }
  }
  const ftol = options.ftol ?? 1e-15;
  const xtol = options.xtol ?? 1e-13;
  const gtol = options.gtol ?? 1e-15;
  const maxIterations = options.maxIterations ?? 2000;
  const maxEvaluations = options.maxEvaluations ?? 10000;
  const factor = options.stepFactor ?? 100;
  const warnings: string[] = [];

  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const s = start[j] as number;
    if (!Number.isFinite(s)) return fail(m, n, start, 'bad-input', 'start', `start[${j}] is not a finite number`);
    const c = Math.min(Math.max(s, lower[j] as number), upper[j] as number);
    if (c !== s) warnings.push(`start value of parameter ${j} (${s}) moved into its bounds (${c})`);
    x[j] = c;
  }

  const fvec = ws.fvec;
  const fjac = ws.fjac;
  let nfev = 0;

  /** r = √w·(f − y); returns ‖r‖, NaN if any prediction is not finite. */
  const residuals = (p: Float64Array, out: Float64Array): number => {
    nfev++;
    for (let i = 0; i < m; i++) {
      const v = model.value(xs[i] as TX, p);
      if (!Number.isFinite(v)) return Number.NaN;
      out[i] = (sw[i] as number) * (v - (ys[i] as number));
    }
    return enorm(out, m);
  };

  const jacobian = makeJacobian(model, xs, sw, lower, upper);

  let fnorm = residuals(x, fvec);
  if (!Number.isFinite(fnorm)) {
    const r = fail(m, n, x, 'failed', 'start-not-finite', 'the model is not finite at the starting values');
    r.warnings = warnings;
    return r;
  }

  const ipvt = new Int32Array(n);
  const rdiag = new Float64Array(n);
  const acnorm = new Float64Array(n);
  const diag = new Float64Array(n);
  const qtf = new Float64Array(n);
  const wa1 = new Float64Array(n);
  const wa2 = new Float64Array(n);
  const wa3 = new Float64Array(n);
  const sdiag = new Float64Array(n);
  const wa4 = ws.wa4;
  const wqr = new Float64Array(n);
  const trial = new Float64Array(n);
  const active = new Uint8Array(n);

  let par = 0;
  let delta = 0;
  let xnorm = 0;
  let iter = 0;
  let outer = 0;
  let reason = '';
  let status: SolverStatus = 'ok';
  let converged = false;

  outerLoop: for (;;) {
    if (outer >= maxIterations) {
      reason = 'max-iterations';
      status = 'max-iterations';
      break;
    }
    outer++;
    if (!jacobian(x, fjac)) {
      reason = 'jacobian-not-finite';
      status = 'failed';
      break;
    }
    // Freeze parameters on a bound whose descent direction points out of the box.
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let i = 0; i < m; i++) g += (fjac[i + j * m] as number) * (fvec[i] as number);
      const xj = x[j] as number;
      active[j] = (xj <= (lower[j] as number) && g > 0) || (xj >= (upper[j] as number) && g < 0) ? 1 : 0;
      if (active[j]) for (let i = 0; i < m; i++) fjac[i + j * m] = 0;
    }
    qrfac(m, n, fjac, ipvt, rdiag, acnorm, wqr);
    if (outer === 1) {
      for (let j = 0; j < n; j++) diag[j] = acnorm[j] === 0 ? 1 : (acnorm[j] as number);
      for (let j = 0; j < n; j++) wa3[j] = (diag[j] as number) * (x[j] as number);
      xnorm = enorm(wa3, n);
      delta = factor * xnorm;
      if (delta === 0) delta = factor;
    }
    wa4.set(fvec);
    for (let j = 0; j < n; j++) {
      const jj = j + j * m;
      const ajj = fjac[jj] as number;
      if (ajj !== 0) {
        let sum = 0;
        for (let i = j; i < m; i++) sum += (fjac[i + j * m] as number) * (wa4[i] as number);
        const temp = -sum / ajj;
        for (let i = j; i < m; i++) wa4[i] = (wa4[i] as number) + (fjac[i + j * m] as number) * temp;
      }
      fjac[jj] = rdiag[j] as number;
      qtf[j] = wa4[j] as number;
    }
    let gnorm = 0;
    if (fnorm !== 0) {
      for (let j = 0; j < n; j++) {
        const l = ipvt[j] as number;
        const an = acnorm[l] as number;
        if (an !== 0) {
          let sum = 0;
          for (let i = 0; i <= j; i++) sum += (fjac[i + j * m] as number) * ((qtf[i] as number) / fnorm);
          gnorm = Math.max(gnorm, Math.abs(sum / an));
        }
      }
    }
    if (gnorm <= gtol) {
      reason = 'gradient';
      converged = true;
      break;
    }
    for (let j = 0; j < n; j++) diag[j] = Math.max(diag[j] as number, acnorm[j] as number);

    for (;;) {
      par = lmpar(n, fjac, m, ipvt, diag, qtf, delta, par, wa1, sdiag, wa2, wa3);
      let projected = false;
      for (let j = 0; j < n; j++) {
        const xj = x[j] as number;
        let t = xj - (wa1[j] as number);
        if (active[j]) t = xj;
        if (t < (lower[j] as number)) {
          t = lower[j] as number;
          projected = true;
        } else if (t > (upper[j] as number)) {
          t = upper[j] as number;
          projected = true;
        }
        trial[j] = t;
        wa1[j] = t - xj;
        wa3[j] = (diag[j] as number) * (wa1[j] as number);
      }
      const pnorm = enorm(wa3, n);
      if (outer === 1 && iter === 0) delta = Math.min(delta, pnorm);

      const fnorm1 = residuals(trial, wa4);
      let actred = -1;
      if (Number.isFinite(fnorm1) && 0.1 * fnorm1 < fnorm) actred = 1 - (fnorm1 / fnorm) ** 2;

      // Predicted reduction of the linear model along the step actually taken.
      for (let j = 0; j < n; j++) {
        wa3[j] = 0;
      }
      for (let j = 0; j < n; j++) {
        const temp = wa1[ipvt[j] as number] as number;
        for (let i = 0; i <= j; i++) wa3[i] = (wa3[i] as number) + (fjac[i + j * m] as number) * temp;
      }
      let prered: number;
      let dirder: number;
      if (!projected) {
        const temp1 = enorm(wa3, n) / fnorm;
        const temp2 = (Math.sqrt(par) * pnorm) / fnorm;
        prered = temp1 * temp1 + (temp2 * temp2) / 0.5;
        dirder = -(temp1 * temp1 + temp2 * temp2);
      } else {
        let dot = 0;
        let ww = 0;
        for (let i = 0; i < n; i++) {
          dot += (qtf[i] as number) * (wa3[i] as number);
          ww += (wa3[i] as number) * (wa3[i] as number);
        }
        const f2 = fnorm * fnorm;
        prered = -(2 * dot + ww) / f2;
        dirder = dot / f2;
      }
      const ratio = prered > 0 ? actred / prered : 0;

      if (ratio <= 0.25) {
        let temp: number;
        if (actred >= 0) temp = 0.5;
        else temp = dirder < 0 ? (0.5 * dirder) / (dirder + 0.5 * actred) : 0.1;
        if (!Number.isFinite(fnorm1) || 0.1 * fnorm1 >= fnorm || temp < 0.1) temp = 0.1;
        delta = temp * Math.min(delta, pnorm / 0.1);
        par /= temp;
      } else if (par === 0 || ratio >= 0.75) {
        delta = pnorm / 0.5;
        par *= 0.5;
      }

      if (ratio >= 1e-4) {
        x.set(trial);
        for (let j = 0; j < n; j++) wa2[j] = (diag[j] as number) * (x[j] as number);
        fvec.set(wa4);
        xnorm = enorm(wa2, n);
        fnorm = fnorm1;
        iter++;
      }

      const rssTest = Math.abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1;
      const stepTest = delta <= xtol * xnorm;
      if (rssTest || stepTest) {
        reason = rssTest && stepTest ? 'rss+step' : rssTest ? 'rss' : 'step';
        converged = true;
        break outerLoop;
      }
      if (nfev >= maxEvaluations) {
        reason = 'max-evaluations';
        status = 'max-iterations';
        break outerLoop;
      }
      if (
        (Math.abs(actred) <= EPS && prered <= EPS && 0.5 * ratio <= 1) ||
        delta <= EPS * xnorm ||
        gnorm <= EPS ||
        delta === 0 ||
        !Number.isFinite(delta)
      ) {
        // The tolerances asked for more than float64 can give; the current point is as good as it gets.
        reason = 'precision';
        converged = true;
        break outerLoop;
      }
      if (ratio >= 1e-4) break;
    }
  }

  const params = Array.from(x);
  const rss = fnorm * fnorm;
  const atBound: number[] = [];
  for (let j = 0; j < n; j++) {
    if ((x[j] as number) <= (lower[j] as number) || (x[j] as number) >= (upper[j] as number)) atBound.push(j);
  }
  if (atBound.length > 0) warnings.push(`parameter${atBound.length > 1 ? 's' : ''} ${atBound.join(', ')} at a bound`);

  let cov: number[][] | null = null;
  let rank = n;
  if (options.covariance !== false && status !== 'failed') {
    const c = covarianceAt(jacobian, x, m, n, rss, options.absoluteSigma === true, fjac);
    cov = c.cov;
    rank = c.rank;
    if (rank < n) warnings.push(`the Jacobian has rank ${rank} < ${n}: some parameter combinations are not determined by the data`);
  }

  const messages: Record<string, string> = {
    rss: 'converged: relative reduction of the RSS below ftol',
    step: 'converged: relative step size below xtol',
    'rss+step': 'converged: relative RSS reduction and relative step size both below tolerance',
    gradient: 'converged: gradient (cosine between residuals and Jacobian columns) below gtol',
    precision: 'converged to the limit of float64 precision',
    'max-evaluations': `stopped after ${nfev} model evaluations without meeting the convergence tests`,
    'max-iterations': `stopped after ${outer} iterations without meeting the convergence tests`,
    'jacobian-not-finite': 'the Jacobian is not finite at the current parameters',
  };
  return {
    params,
    cov,
    rss,
    n: m,
    converged,
    iterations: iter,
    evaluations: nfev,
    status,
    reason,
    message: messages[reason] ?? reason,
    warnings,
    atBound,
    rank,
  };
}

/**
 * cov = s²·(JᵀWJ)⁻¹ from a pivoted QR of the column-equilibrated weighted Jacobian, so the rank test
 * is independent of the parameters' units. s² = RSS/(n − p) unless `absolute`.
 */
function covarianceAt(
  jacobian: (p: Float64Array, out: Float64Array) => boolean,
  x: Float64Array,
  m: number,
  n: number,
  rss: number,
  absolute: boolean,
  work: Float64Array,
): { cov: number[][]; rank: number } {
  const nanCov = (): number[][] => Array.from({ length: n }, () => new Array<number>(n).fill(Number.NaN));
  if (!jacobian(x, work)) return { cov: nanCov(), rank: 0 };
  const scale = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const s = enorm(work, m, j * m);
    scale[j] = s;
    if (s > 0) for (let i = 0; i < m; i++) work[i + j * m] = (work[i + j * m] as number) / s;
  }
  const ipvt = new Int32Array(n);
  const rdiag = new Float64Array(n);
  const acnorm = new Float64Array(n);
  const wa = new Float64Array(n);
  qrfac(m, n, work, ipvt, rdiag, acnorm, wa);
  for (let j = 0; j < n; j++) work[j + j * m] = rdiag[j] as number;
  const { inv, rank } = invertRtR(n, work, m, ipvt, 1e-12);
  const s2 = absolute ? 1 : m > n ? rss / (m - n) : Number.NaN;
  const cov = inv.map((row, i) =>
    row.map((v, j) => {
      const si = scale[i] as number;
      const sj = scale[j] as number;
      return si > 0 && sj > 0 ? (v * s2) / (si * sj) : Number.NaN;
    }),
  );
  return { cov, rank };
}

/**
 * Weighted Jacobian Jᵢⱼ = √wᵢ·∂f(xᵢ; p)/∂pⱼ into a column-major m×n array: the model's analytic
 * gradient when it has one, else central differences with step h = ε^(1/3)·|pⱼ| (ε^(1/3) when
 * pⱼ = 0), one-sided at a bound so the model is never called outside the box.
 * Returns false if any entry is not finite.
 */
function makeJacobian<TX>(
  model: SolverModel<TX>,
  xs: readonly TX[],
  sw: Float64Array,
  lower: Float64Array,
  upper: Float64Array,
): (p: Float64Array, out: Float64Array) => boolean {
  const m = xs.length;
  const n = lower.length;
  const grad = new Float64Array(n);
  const pTmp = new Float64Array(n);
  const gradientFn = model.gradient;
  if (gradientFn) {
    return (p, out) => {
      for (let i = 0; i < m; i++) {
        gradientFn.call(model, xs[i] as TX, p, grad);
        const s = sw[i] as number;
        for (let j = 0; j < n; j++) {
          const g = grad[j] as number;
          if (!Number.isFinite(g)) return false;
          out[i + j * m] = s * g;
        }
      }
      return true;
    };
  }
  return (p, out) => {
    // Central differences: error O(h²) keeps the stationarity condition accurate to ~1e-10 relative.
    pTmp.set(p);
    for (let j = 0; j < n; j++) {
      const pj = p[j] as number;
      const h = Math.cbrt(EPS) * (pj !== 0 ? Math.abs(pj) : 1);
      let hp = h;
      let hm = h;
      if (pj + hp > (upper[j] as number)) hp = 0;
      if (pj - hm < (lower[j] as number)) hm = 0;
      if (hp === 0 && hm === 0) {
        for (let i = 0; i < m; i++) out[i + j * m] = 0;
        continue;
      }
      for (let i = 0; i < m; i++) {
        pTmp[j] = pj + hp;
        const fp = model.value(xs[i] as TX, pTmp);
        pTmp[j] = pj - hm;
        const fm = model.value(xs[i] as TX, pTmp);
        const d = (sw[i] as number) * ((fp - fm) / (hp + hm));
        if (!Number.isFinite(d)) return false;
        out[i + j * m] = d;
      }
      pTmp[j] = pj;
    }
    return true;
  };
}

/**
 * Covariance of least-squares estimates at given parameters: cov = s²·(JᵀWJ)⁻¹ with
 * s² = RSS/(n − p) (or 1 with `absoluteSigma`), computed from a pivoted QR of the column-equilibrated
 * weighted Jacobian. Directions the data do not determine (|R_jj| ≤ 1e-12·|R_00|) get NaN.
 * @param model the model (analytic gradient or central differences).
 * @param xs predictors; @param ys responses; @param params the estimates.
 * @param options weights (default 1) and absoluteSigma (default false).
 * @returns the p×p covariance (row-major), the weighted RSS and the numerical rank.
 */
export function leastSquaresCovariance<TX>(
  model: SolverModel<TX>,
  xs: readonly TX[],
  ys: ArrayLike<number>,
  params: ArrayLike<number>,
  options: { weights?: ArrayLike<number>; absoluteSigma?: boolean } = {},
): { cov: number[][]; rss: number; rank: number } {
  const m = xs.length;
  const n = params.length;
  const sw = new Float64Array(m);
  let rss = 0;
  const p = Float64Array.from(params);
  for (let i = 0; i < m; i++) {
    sw[i] = Math.sqrt(options.weights ? (options.weights[i] as number) : 1);
    const r = (sw[i] as number) * (model.value(xs[i] as TX, p) - (ys[i] as number));
    rss += r * r;
  }
  const jac = makeJacobian(model, xs, sw, new Float64Array(n).fill(-Infinity), new Float64Array(n).fill(Infinity));
  const c = covarianceAt(jac, p, m, n, rss, options.absoluteSigma === true, new Float64Array(m * n));
  return { cov: c.cov, rss, rank: c.rank };
}
