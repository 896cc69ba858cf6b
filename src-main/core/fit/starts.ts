/**
 * Starting values (docs/methods.md, "Starting values and multi-start"): the transform start of the
 * logistic and Gompertz, the coarse start grid every form falls back to on ambiguous data, and the
 * exact solution of the linear parameters (floor and ceiling, or E and A) at a given curve shape that
 * both rely on.
 */
import { accumulate, shapeOf, sweepRss } from './fastSigmoid';
import type { SigmoidProblem } from './fastSigmoid';
import type { PointStats } from './inputs';
import type { FitScratch } from './scratch';
import type { Setup } from './setup';

/** What the starts read: the form's setup, the points (in `st`) and their weights. */
export interface StartInput {
  setup: Setup;
  st: PointStats;
  w: readonly number[];
}

/** Which of the two linear parameters a setup fits, and the values and bounds that go with them. */
export interface LinearSpec {
  /** Power law: u = 1 and (a, b) = (E, A); otherwise u = 1 − s and (a, b) = (floor, ceiling). */
  isPow: boolean;
  /** Positions of a and b in the free vector, −1 when fixed. */
  ja: number;
  jb: number;
  /** Their values when fixed (read only then). */
  a0: number;
  b0: number;
  /** Bounds of the free vector. */
  lower: readonly number[];
  upper: readonly number[];
}

/** The {@link LinearSpec} of a setup. */
export function linearSpec(s: Setup): LinearSpec {
  return {
    isPow: s.form.name === 'power',
    ja: s.freeIdx.indexOf(0),
    jb: s.freeIdx.indexOf(1),
    a0: s.full[0] as number,
    b0: s.full[1] as number,
    lower: s.lower,
    upper: s.upper,
  };
}

/**
 * The linear parameters given the curve's unit shape sᵢ: y ≈ a·uᵢ + b·sᵢ with u = 1 − s and
 * (a, b) = (floor, ceiling) for sigmoids, u = 1 and (a, b) = (E, A) for the power law, by weighted
 * least squares over the free ones (`lin`: which are free, the fixed values of the others), clamped
 * to their bounds. When both are free and the 2×2 system is singular (|det| ≤ 1e-10·Σwu²·Σws²), a
 * single level a = Σwuy/Σwu² is used (b = a for sigmoids, b = 0 for the power law). Writes (a, b)
 * into `out` and returns Σw(y − a·u − b·s)², expanded from the same sums so no second pass over the
 * curve is needed.
 */
export function linearPart(shape: Float64Array, ys: readonly number[], w: readonly number[], lin: LinearSpec, out: Float64Array): number {
  const { isPow, ja, jb, a0, b0 } = lin;
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
  if (ja >= 0) a = Math.min(Math.max(a, lin.lower[ja] as number), lin.upper[ja] as number);
  if (jb >= 0) b = Math.min(Math.max(b, lin.lower[jb] as number), lin.upper[jb] as number);
  out[0] = ja >= 0 ? a : a0;
  out[1] = jb >= 0 ? b : b0;
  return syy - 2 * a * say - 2 * b * sby + a * a * saa + 2 * a * b * sab + b * b * sbb;
}

/**
 * Starting vectors (free parameters only) by a coarse grid over the nonlinear parameters, with the
 * linear ones (floor and ceiling, or E and A) solved by weighted least squares at each node and
 * clamped to their bounds ({@link linearPart}). The grid: for the power law α ∈ {0.03 … 3} (13
 * values); for sigmoids k ∈ {2, 6, 20}/Δx × x0 ∈ x_min + {−0.4, 0, 0.2, …, 1, 1.4}·Δx, × ν ∈ {0.3, 1, 3}
 * for Richards. Returns the best node, then up to `count − 1` further nodes that are not grid
 * neighbours of a better one and whose RSS is within `ambiguity`× the best: only data that leave
 * competing basins cost extra solver runs. Nodes whose RSS is not finite are skipped.
 */
export function gridStarts(input: StartInput, count: number, ambiguity: number): number[][] {
  const { setup: s, st, w } = input;
  const { xs, ys } = st;
  const { form, freeIdx } = s;
  const full = new Float64Array(s.full);
  const m = xs.length;
  const shape = new Float64Array(m);
  const isPow = form.name === 'power';
  const lin = linearSpec(s);
  const a0 = full[0] as number;
  const b0 = full[1] as number;
  const cand: { rss: number; p: number[]; gi: number[] }[] = [];
  const ab = new Float64Array(2);
  const evaluate = (gi: number[]): void => {
    const rss = linearPart(shape, ys, w, lin, ab);
    if (!Number.isFinite(rss)) return;
    if (lin.ja >= 0) full[0] = ab[0] as number;
    if (lin.jb >= 0) full[1] = ab[1] as number;
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

/** What {@link transformStart} reads besides the {@link StartInput}. */
export interface TransformInput extends StartInput {
  /** The fast path's problem: the form (kind), the points, √wᵢ and whether every weight is 1. */
  prob: SigmoidProblem;
  /** Whether higher is better (the curve rises). */
  up: boolean;
  /** Its per-point arrays, and where the start and its accumulator are left. */
  scratch: FitScratch;
}

/** A transform start and the curve's accumulator there. */
export interface TransformStart {
  /** The free-parameter vector. */
  start: number[];
  /**
   * JᵀWJ, JᵀWr and RSS at the start (see accumulate in fastSigmoid.ts), so the solver need not evaluate
   * the curve there again; null when not finite. The scratch's array: valid until its next fit.
   */
  acc: Float64Array | null;
}

/** Rounds of the transform start when the floor or ceiling is fitted (each refines them). */
const TRANSFORM_ROUNDS = 2;

/** Points whose normalised score h lies outside (H_LO, H_HI) are left out of the transform's regression. */
const H_LO = 0.02;
const H_HI = 0.98;

/**
 * Starting values for the logistic or Gompertz from a linearising transform: with the floor f and
 * ceiling c fixed or guessed (the data's extreme y plus 5 % of the y range beyond it), h = (y − f)/(c − f)
 * gives z = logit(h) (logistic) or −ln(−ln h) (Gompertz), and z = k·(x − x0) is linear in x. A
 * weighted regression of z on x over the points with 0.02 < h < 0.98 (weights wᵢ·(dh/dz)², the delta
 * method) gives k and x0; the free floor/ceiling are then solved exactly for that shape
 * ({@link linearPart}). With a free floor or ceiling this runs twice, the second round from the first
 * round's f, c and curve (a degenerate second round keeps the first round's start). Returns the start
 * and the accumulator there, or null when the regression is degenerate (fewer than 3 usable points,
 * no spread in x, or a slope ≤ 0).
 */
export function transformStart(t: TransformInput): TransformStart | null {
  const { setup: s, st, prob, scratch } = t;
  const { freeIdx, lower, upper } = s;
  const lin = linearSpec(s);
  const jk = freeIdx.indexOf(2);
  const jx = freeIdx.indexOf(3);
  const margin = 0.05 * st.yspan;
  let f = levelStart(lin.ja, t.up ? st.ymin - margin : st.ymax + margin, lin.a0, lin);
  let c = levelStart(lin.jb, t.up ? st.ymax + margin : st.ymin - margin, lin.b0, lin);
  const xc = st.xmin;
  let k = 0;
  let x0 = 0;
  const rounds = lin.ja >= 0 || lin.jb >= 0 ? TRANSFORM_ROUNDS : 1;
  for (let round = 0; round < rounds; round++) {
    const span = c - f;
    if (!(Math.abs(span) > 0)) return null;
    transformScores(t, f, span, round > 0);
    const line = transformLine(st.xs, scratch, xc);
    if (!line) {
      if (round > 0) break;
      return null;
    }
    const kNew = Math.min(Math.max(line.slope, lower[jk] as number), upper[jk] as number);
    if (!(kNew > 0)) return null;
    k = kNew;
    x0 = Math.min(Math.max(xc - line.intercept / k, lower[jx] as number), upper[jx] as number);
    shapeOf(prob.kind, st.xs, k, x0, scratch.shape, scratch.ds);
    // The free floor/ceiling solved exactly for this shape; the next round uses them.
    const rss = linearPart(scratch.shape, st.ys, t.w, lin, scratch.ab);
    if (!Number.isFinite(rss)) return null;
    f = scratch.ab[0] as number;
    c = scratch.ab[1] as number;
  }
  return startWithAccumulator(t, lin, f, c, k, x0);
}

/** A linear parameter's first value: its fixed value, or `guess` clamped into its bounds. */
function levelStart(j: number, guess: number, fixed: number, lin: LinearSpec): number {
  return j >= 0 ? Math.min(Math.max(guess, lin.lower[j] as number), lin.upper[j] as number) : fixed;
}

/**
 * The transformed scores zᵢ and their regression weights wᵢ·(dh/dz)² into the scratch (−1 for a point
 * left out), for floor f and span c − f. dh/dz is h(1 − h) (logistic) or −h·ln h (Gompertz), taken
 * at the previous round's curve once there is one (less noisy than the observed h). This loop holds
 * the log calls and {@link transformLine} the sums (see shapeOf in fastSigmoid.ts for why).
 */
function transformScores(t: TransformInput, f: number, span: number, reweight: boolean): void {
  const { zs, wz, shape } = t.scratch;
  const ys = t.st.ys;
  const w = t.w;
  const kind = t.prob.kind;
  const m = ys.length;
  for (let i = 0; i < m; i++) {
    const h = ((ys[i] as number) - f) / span;
    if (!(h > H_LO && h < H_HI)) {
      wz[i] = -1;
      continue;
    }
    const hw = reweight ? (shape[i] as number) : h;
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
}

/**
 * Weighted least-squares line z ≈ slope·(x − xc) + intercept over the points with a weight ≥ 0 (see
 * {@link transformScores}); x is centred on xc (the data's smallest x) to keep the sums well
 * conditioned. Null when fewer than 3 points are used, x has no spread (det ≤ 1e-12·Σw·Σwx²), or the
 * slope is not a finite number > 0.
 */
function transformLine(xs: readonly number[], scratch: FitScratch, xc: number): { slope: number; intercept: number } | null {
  const { zs, wz } = scratch;
  const m = xs.length;
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
  const det = sw0 * swxx - swx * swx;
  const slope = (sw0 * swxz - swx * swz) / det;
  if (used < 3 || !(det > 1e-12 * sw0 * swxx) || !(slope > 0) || !Number.isFinite(slope)) return null;
  return { slope, intercept: (swz - slope * swx) / sw0 };
}

/**
 * The start (f, c, k, x0) as a free vector, with the accumulator there: the scratch's shape and ds/dz
 * hold the curve at (k, x0), which f and c were solved for, so one pass without transcendental calls
 * gives it.
 */
function startWithAccumulator(t: TransformInput, lin: LinearSpec, f: number, c: number, k: number, x0: number): TransformStart {
  const { scratch } = t;
  const p = scratch.startP;
  p[0] = f;
  p[1] = c;
  p[2] = k;
  p[3] = x0;
  const accOk = Number.isFinite(accumulate(t.prob, p, scratch.shape, scratch.ds, scratch.startAcc, lin.ja >= 0));
  return { start: startVector(t.setup.freeIdx, f, c, k, x0), acc: accOk ? scratch.startAcc : null };
}

/** The free-parameter vector of (f, c, k, x0) for the free indices `freeIdx` (0 floor, 1 ceiling, 2 k, 3 x0). */
function startVector(freeIdx: readonly number[], f: number, c: number, k: number, x0: number): number[] {
  const v: number[] = [];
  for (const idx of freeIdx) v.push(idx === 0 ? f : idx === 1 ? c : idx === 2 ? k : x0);
  return v;
}

/**
 * Of several starts (free vectors), the index of the one with the lowest RSS at its start (each
 * clamped into the bounds first), by one RSS-only sweep each; 0 for a single start. The first of
 * equal ones wins.
 */
export function lowestStart(cands: readonly (readonly number[])[], setup: Setup, prob: SigmoidProblem): number {
  if (cands.length <= 1) return 0;
  const { freeIdx, lower, upper } = setup;
  let first = 0;
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
  return first;
}
