/**
 * Fitting one series of (x, y) points with a built-in curve form: the orchestration of the stages in
 * inputs.ts (checks, weights), setup.ts (bounds), starts.ts (starting values), the two solvers
 * (fastSigmoid.ts, lm.ts) and verdict.ts (clear transition, identifiability, AICc, form choice). See
 * docs/methods.md for every rule and threshold.
 */
import { choleskyCovariance, solveSigmoid } from './fastSigmoid';
import type { FastKind, SigmoidProblem, SigmoidResult } from './fastSigmoid';
import { emptyFit } from './fitTypes';
import type { CurveFit, CurvePoint, FitOptions } from './fitTypes';
import { FORMS } from './forms';
import type { CurveForm, FormName } from './forms';
import { fitWeights, freeParamCount, scanPoints } from './inputs';
import type { FitRequest, PointStats } from './inputs';
import { leastSquaresCovariance, solveLeastSquares } from './lm';
import type { SolverModel, SolverResult } from './lm';
import { createFitScratch, pointArrays } from './scratch';
import type { FitScratch } from './scratch';
import { buildSetup, reducedModel } from './setup';
import type { Setup } from './setup';
import { gridStarts, lowestStart, transformStart } from './starts';
import { aicc, chooseForm, clearTransition, judgeIdentifiability } from './verdict';

export { createFitScratch } from './scratch';
export type { FitScratch } from './scratch';
export type { CurveFit, CurvePoint, FitOptions, FitStatus, WeightScheme } from './fitTypes';

/** Tolerances of both solvers for curve fits (docs/methods.md, "Convergence tests"). */
const FAST_OPTIONS: Readonly<{ ftol: number; xtol: number; gtol: number; maxIterations: number }> = { ftol: 1e-10, xtol: 1e-9, gtol: 1e-15, maxIterations: 400 };

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
  return chooseForm(
    forms.map((f) => fitForm(f, points, options, scratch)),
    points.length,
  );
}

/**
 * Fits one curve form to points by weighted least squares.
 *
 * Pipeline: input checks → weights → bounds → for the logistic and Gompertz, the transform start (and
 * any `extraStarts`) on the fast solver, which stands alone when it shows a clear transition →
 * otherwise grid starts (linear parameters solved exactly at each node) and Levenberg–Marquardt from
 * the `multiStart` best distinct nodes (plus `extraStarts`) → keep the lowest RSS → covariance with
 * at-bound parameters held fixed → identifiability verdict.
 * @param formName 'logistic' | 'gompertz' | 'richards' | 'power'.
 * @param points observations; x in axis units, y in the metric's unit.
 * @param options see {@link FitOptions}.
 * @param scratch work arrays to reuse (see {@link createFitScratch}); a caller fitting many series
 * passes one. Default: new ones for this fit.
 * @returns a {@link CurveFit}; never throws (unexpected errors become status 'failed').
 */
export function fitForm(formName: FormName, points: readonly CurvePoint[], options: FitOptions = {}, scratch: FitScratch = createFitScratch()): CurveFit {
  try {
    return fitFormUnsafe({ formName, points, opts: options, scratch, warnings: [] });
  } catch (e) {
    return emptyFit(formName, 'failed', `unexpected error while fitting: ${e instanceof Error ? e.message : String(e)}`, points.length);
  }
}

function fitFormUnsafe(req: FitRequest): CurveFit {
  const problem = prepare(req);
  if ('status' in problem) return problem;
  const search = searchStarts(problem);
  if ('status' in search) return search;
  return finish(problem, search);
}

/** A form's fitting problem once the input has passed its checks. */
interface FitProblem {
  req: FitRequest;
  form: CurveForm;
  st: PointStats;
  w: number[];
  setup: Setup;
  /** Names of the fitted parameters, in the solver's order. */
  freeNames: string[];
  /** `extraStarts` as free vectors (those with a finite value for every fitted parameter). */
  extras: number[][];
  /** The fast solver's problem (logistic and Gompertz), else null. */
  prob: SigmoidProblem | null;
}

/**
 * Input checks, weights and bounds (each may end the fit with its status), then the extra starts and
 * the fast solver's problem (√wᵢ in the scratch).
 */
function prepare(req: FitRequest): FitProblem | CurveFit {
  const { formName, points, opts, scratch } = req;
  const form = FORMS[formName];
  const st = scanPoints(req, freeParamCount(formName, opts));
  if ('status' in st) return st;
  if (formName === 'power' && typeof opts.floor === 'number') req.warnings.push('the power law has no floor; the fixed floor is ignored');
  const w = fitWeights(req);
  if (!Array.isArray(w)) return w;
  const setup = buildSetup(formName, opts, st);
  if ('error' in setup) return emptyFit(formName, 'bad-input', setup.error, points.length);
  const freeNames = setup.freeIdx.map((i) => form.paramNames[i] as string);
  const extras: number[][] = [];
  for (const extra of opts.extraStarts ?? []) {
    const p = freeNames.map((nm) => extra[nm]);
    if (p.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) extras.push(p);
  }
  const fastKind: FastKind | -1 = formName === 'logistic' ? 0 : formName === 'gompertz' ? 1 : -1;
  let prob: SigmoidProblem | null = null;
  if (fastKind !== -1) {
    pointArrays(scratch, w.length);
    const sw = scratch.sw;
    const unit = (opts.weights ?? 'none') === 'none';
    if (unit) sw.fill(1, 0, w.length);
    else for (let i = 0; i < w.length; i++) sw[i] = Math.sqrt(w[i] as number);
    prob = { kind: fastKind, xs: st.xs, ys: st.ys, sw, unitWeights: unit, full: setup.full, free: setup.freeIdx, lower: setup.lower, upper: setup.upper };
  }
  return { req, form, st, w, setup, freeNames, extras, prob };
}

/** The solver runs of one fit so far. */
interface StartSearch {
  /** The QR solver's model over the free parameters, made on first use. */
  model: SolverModel<number> | null;
  /** The lowest-RSS result so far, and its accumulator when the fast solver produced it. */
  best: SolverResult | null;
  bestAcc: Float64Array | null;
  /** Solver iterations over all runs (a fast run that fell back to QR counts both). */
  iterations: number;
  /** A solver's 'bad-input' message, which ends the fit. */
  badInput: string | null;
}

/** A search that found a result. */
interface FoundSearch extends StartSearch {
  best: SolverResult;
}

/**
 * One solver run from `start` (free vector): the fast solver when `useFast` and the form has one
 * (from `startAcc`, the accumulator at exactly `start`, when given), falling back to the QR solver when
 * it declines or does not converge. A result with a finite RSS lower than the best's by more than
 * 1e-12 (relative) becomes the best; a fast result's accumulator is copied into the scratch with it.
 */
function runStart(p: FitProblem, search: StartSearch, start: readonly number[], useFast: boolean, startAcc: Float64Array | null): void {
  const { prob, setup, st, w } = p;
  const scratch = p.req.scratch;
  const sr: SigmoidResult | null = prob && useFast ? solveSigmoid(prob, start, FAST_OPTIONS, scratch.sigmoid, { start: startAcc, result: scratch.solveAcc }) : null;
  let r: SolverResult | null = sr;
  const fast = sr !== null && sr.converged;
  if (!fast) {
    if (r) search.iterations += r.iterations;
    search.model ??= reducedModel(p.form, setup.full, setup.freeIdx);
    r = solveLeastSquares(search.model, st.xs, st.ys, start, {
      weights: w,
      lower: setup.lower,
      upper: setup.upper,
      covariance: false,
      ftol: FAST_OPTIONS.ftol,
      xtol: FAST_OPTIONS.xtol,
      maxIterations: FAST_OPTIONS.maxIterations,
      scratch: scratch.lm,
    });
  }
  const res = r as SolverResult;
  search.iterations += res.iterations;
  if (res.status === 'bad-input') search.badInput = res.message;
  if (Number.isFinite(res.rss) && (search.best === null || res.rss < search.best.rss * (1 - 1e-12))) {
    search.best = res;
    search.bestAcc = null;
    if (fast && sr) {
      scratch.bestAcc.set(sr.acc);
      search.bestAcc = scratch.bestAcc;
    }
  }
}

/**
 * The fast path's first run (logistic and Gompertz): the transform start and the extra starts
 * compete, and the one with the lowest RSS at its start is solved first, from the transform start's
 * own accumulator when it wins.
 * @returns whether that run shows a clear transition (then no grid is needed), or a 'bad-input' fit.
 */
function fastFirstRun(p: FitProblem, prob: SigmoidProblem, search: StartSearch): boolean | CurveFit {
  const { req, setup, st, w, extras } = p;
  const ts = transformStart({ setup, st, w, prob, up: req.opts.higherIsBetter !== false, scratch: req.scratch });
  const t = ts ? ts.start : null;
  const cands = t ? [...extras, t] : extras;
  if (cands.length === 0) return false;
  const first = lowestStart(cands, setup, prob);
  runStart(p, search, cands[first] as number[], true, cands[first] === t && ts ? ts.acc : null);
  if (search.badInput) return emptyFit(req.formName, 'bad-input', search.badInput, req.points.length, req.warnings);
  const b = search.best;
  return b !== null && Number.isFinite(req.opts.ambiguity ?? 3) && clearTransition(b, p, prob.kind);
}

/**
 * Every start a fit needs: the fast path's first run, then, unless it showed a clear transition (and
 * for the other forms always), the extra starts and the grid's with the QR solver (the fast one with
 * `fastGrid`), so the result is never worse than without the fast path.
 * @returns the search with a best result, or a 'bad-input' or 'failed' fit.
 */
function searchStarts(p: FitProblem): FoundSearch | CurveFit {
  const { req, extras } = p;
  const { formName, opts, warnings } = req;
  const n = req.points.length;
  const search: StartSearch = { model: null, best: null, bestAcc: null, iterations: 0, badInput: null };
  let needGrid = true;
  if (p.prob) {
    const clear = fastFirstRun(p, p.prob, search);
    if (typeof clear !== 'boolean') return clear;
    needGrid = !clear;
  }
  if (needGrid) {
    const count = Math.max(1, opts.multiStart ?? 3);
    const starts = [...extras, ...gridStarts(p, count, opts.ambiguity ?? 3)];
    if (starts.length === 0 && search.best === null) return emptyFit(formName, 'failed', 'no starting values give a finite curve', n, warnings);
    for (const start of starts) {
      runStart(p, search, start, opts.fastGrid === true, null);
      if (search.badInput) return emptyFit(formName, 'bad-input', search.badInput, n, warnings);
    }
  }
  if (!search.best) return emptyFit(formName, 'failed', 'the solver failed from every starting point', n, warnings);
  return search as FoundSearch;
}

/**
 * The covariance of the fitted parameters with those on a bound held fixed (a bound is information
 * the data did not give): from the fast solver's JᵀWJ by Cholesky when it is well conditioned and no
 * parameter is on a bound, else by the pivoted QR with its rank test; rows and columns of at-bound
 * parameters are NaN, and so are their standard errors.
 * @param full the full parameter vector at the solution.
 */
function fitCovariance(p: FitProblem, best: SolverResult, bestAcc: Float64Array | null, full: Float64Array, se: Record<string, number>): number[][] {
  const { setup, freeNames, st, w } = p;
  const { freeIdx } = setup;
  const inner = best.atBound.length === 0 ? freeIdx : freeIdx.filter((_, j) => !best.atBound.includes(j));
  const chol = bestAcc && inner.length > 0 ? choleskyCovariance(bestAcc, { idx: inner, rss: best.rss, m: p.req.points.length, nFit: inner.length }, p.req.scratch.sigmoid) : null;
  let cov: number[][];
  if (chol && inner.length === freeIdx.length) cov = chol;
  else cov = freeNames.map(() => freeNames.map(() => Number.NaN));
  if (inner.length > 0 && cov !== chol) {
    const c = chol ?? leastSquaresCovariance(reducedModel(p.form, full, inner), st.xs, st.ys, inner.map((i) => full[i] as number), { weights: w }).cov;
    inner.forEach((ia, a) => {
      const ja = freeIdx.indexOf(ia);
      inner.forEach((ib, b) => {
        const jb = freeIdx.indexOf(ib);
        cov[ja]![jb] = c[a]![b]!;
      });
    });
  }
  freeNames.forEach((nm, j) => {
    se[nm] = best.atBound.includes(j) ? Number.NaN : Math.sqrt(cov[j]?.[j] ?? Number.NaN);
  });
  return cov;
}

/** The result from the best run: parameters, covariance, AICc, status, and the identifiability verdict. */
function finish(p: FitProblem, search: FoundSearch): CurveFit {
  const { req, form, setup, freeNames, st, w } = p;
  const { opts, warnings } = req;
  const n = req.points.length;
  const best = search.best;
  const full = new Float64Array(setup.full);
  setup.freeIdx.forEach((idx, j) => (full[idx] = best.params[j] as number));
  const params: Record<string, number> = {};
  form.paramNames.forEach((nm, i) => (params[nm] = full[i] as number));
  const se: Record<string, number> = {};
  for (const nm of form.paramNames) se[nm] = 0;
  const atBound = best.atBound.map((j) => freeNames[j] as string);
  const cov = opts.skipCovariance ? null : fitCovariance(p, best, search.bestAcc, full, se);
  if (atBound.length > 0) warnings.push(`at a bound: ${atBound.join(', ')} (its standard error is not reported)`);

  let sumLogW = 0;
  if ((opts.weights ?? 'none') !== 'none') for (let i = 0; i < w.length; i++) sumLogW += Math.log(w[i] as number);
  const result: CurveFit = {
    form: req.formName,
    params,
    se,
    freeParams: freeNames,
    cov,
    rss: best.rss,
    aicc: aicc(best.rss, n, setup.freeIdx.length, sumLogW),
    n,
    converged: best.converged,
    iterations: search.iterations,
    status: 'ok',
    message: 'ok',
    // An exact-size copy: the result is kept, and an array grown by push reserves 16 slots.
    warnings: warnings.length > 0 ? warnings.slice() : warnings,
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
