/**
 * The problem one form poses once the input has passed its checks: which parameters are fitted, their
 * bounds, the fixed values (docs/methods.md, "Bounds (free parameters)"), and the model over the
 * fitted parameters alone that the QR solver and the covariance use.
 */
import type { CurveFit, FitOptions } from './fitTypes';
import { FORMS } from './forms';
import type { CurveForm, FormName } from './forms';
import type { PointStats } from './inputs';
import type { SolverModel } from './lm';

/** A form's fitting problem: the full parameter vector with the fixed values in place, and the free ones' bounds. */
export interface Setup {
  form: CurveForm;
  /** Every parameter of the form; the free entries are placeholders (0) until a start fills them. */
  full: Float64Array;
  /** Indices into `full` of the fitted parameters, in the order of the solver's vector. */
  freeIdx: number[];
  /** Bounds of the fitted parameters, in the same order. */
  lower: number[];
  upper: number[];
  fixed: CurveFit['fixed'];
}

/** The setup's arrays while they are being filled. */
type Building = Omit<Setup, 'form'>;

function building(form: CurveForm): Building {
  return { full: new Float64Array(form.paramNames.length), freeIdx: [], lower: [], upper: [], fixed: {} };
}

/**
 * Power law y = E + A·(x/x_ref)^(−α): x_ref is the geometric mean of the data's x (fixed); E is fixed
 * by a fixed ceiling, else bounded by [y_max, hi or y_max + 10Δy] rising, [lo or y_min − 10Δy, y_min]
 * falling (or `ceilingBounds`); A ≤ 0 rising, ≥ 0 falling; α ∈ [0, 10].
 */
function powerSetup(b: Building, opts: FitOptions, st: PointStats): void {
  const up = opts.higherIsBetter !== false;
  const range = opts.scoreRange;
  const ceilOpt = opts.ceiling ?? 'free';
  let logSum = 0;
  for (const x of st.xs) logSum += Math.log(x);
  const xRef = Math.exp(logSum / st.xs.length);
  b.full[3] = xRef;
  b.fixed.xRef = xRef;
  if (ceilOpt === 'free') {
    const cb = opts.ceilingBounds;
    b.freeIdx.push(0);
    b.lower.push(cb ? cb[0] : up ? st.ymax : (range?.[0] ?? st.ymin - 10 * st.yspan));
    b.upper.push(cb ? cb[1] : up ? (range?.[1] ?? st.ymax + 10 * st.yspan) : st.ymin);
  } else {
    b.full[0] = ceilOpt;
    b.fixed.ceiling = ceilOpt;
  }
  b.freeIdx.push(1, 2);
  b.lower.push(up ? -Infinity : 0, 0);
  b.upper.push(up ? 0 : Infinity, 10);
}

/**
 * Logistic, Gompertz and Richards, higher is better (mirrored when lower is better): floor ∈
 * [lo or y_min − Δy, y_max], ceiling ∈ [y_min, hi or y_max + Δy] (lo, hi: the score range; or
 * `floorBounds`/`ceilingBounds`), each unless fixed; k ∈ [0, 200/Δx]; x0 ∈ [x_min − 2Δx, x_max + 2Δx];
 * Richards' ν ∈ [0.05, 20].
 */
function sigmoidSetup(b: Building, formName: FormName, opts: FitOptions, st: PointStats): void {
  const up = opts.higherIsBetter !== false;
  const range = opts.scoreRange;
  const floorOpt = opts.floor ?? 'free';
  const ceilOpt = opts.ceiling ?? 'free';
  if (floorOpt === 'free') {
    const fb = opts.floorBounds;
    b.freeIdx.push(0);
    b.lower.push(fb ? fb[0] : up ? (range?.[0] ?? st.ymin - st.yspan) : st.ymin);
    b.upper.push(fb ? fb[1] : up ? st.ymax : (range?.[1] ?? st.ymax + st.yspan));
  } else {
    b.full[0] = floorOpt;
    b.fixed.floor = floorOpt;
  }
  if (ceilOpt === 'free') {
    const cb = opts.ceilingBounds;
    b.freeIdx.push(1);
    b.lower.push(cb ? cb[0] : up ? st.ymin : (range?.[0] ?? st.ymin - st.yspan));
    b.upper.push(cb ? cb[1] : up ? (range?.[1] ?? st.ymax + st.yspan) : st.ymax);
  } else {
    b.full[1] = ceilOpt;
    b.fixed.ceiling = ceilOpt;
  }
  b.freeIdx.push(2, 3);
  b.lower.push(0, st.xmin - 2 * st.xspan);
  b.upper.push(200 / st.xspan, st.xmax + 2 * st.xspan);
  if (formName === 'richards') {
    b.freeIdx.push(4);
    b.lower.push(0.05);
    b.upper.push(20);
  }
}

/**
 * The fitting problem of `formName` on points with statistics `st`: fixed values, free parameters and
 * their bounds (see powerSetup and sigmoidSetup above).
 * @returns the setup, or an error naming a sigmoid parameter whose bounds are empty (lower > upper,
 * or NaN: given bounds can be crossed; the power law's are not checked).
 */
export function buildSetup(formName: FormName, opts: FitOptions, st: PointStats): Setup | { error: string } {
  const form = FORMS[formName];
  const b = building(form);
  if (formName === 'power') {
    powerSetup(b, opts, st);
    return { form, full: b.full, freeIdx: b.freeIdx, lower: b.lower, upper: b.upper, fixed: b.fixed };
  }
  sigmoidSetup(b, formName, opts, st);
  for (let j = 0; j < b.lower.length; j++) {
    if (!((b.lower[j] as number) <= (b.upper[j] as number))) {
      return { error: `the bounds of ${form.paramNames[b.freeIdx[j] as number]} are empty: [${b.lower[j]}, ${b.upper[j]}]` };
    }
  }
  return { form, full: b.full, freeIdx: b.freeIdx, lower: b.lower, upper: b.upper, fixed: b.fixed };
}

/** A solver model over the free parameters only, writing them into a copy of the full-vector template. */
export function reducedModel(form: CurveForm, template: Float64Array, freeIdx: readonly number[]): SolverModel<number> {
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
