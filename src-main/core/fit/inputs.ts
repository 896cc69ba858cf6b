/**
 * Input checks of a fit: one pass over the points gathers what every input rule needs, then the rules
 * run in their documented order (docs/methods.md, "Statuses and their thresholds"); and the weights.
 */
import { emptyFit } from './fitTypes';
import type { CurveFit, CurvePoint, FitOptions, WeightScheme } from './fitTypes';
import { FORMS } from './forms';
import type { FormName } from './forms';
import { onesOf } from './scratch';
import type { FitScratch } from './scratch';

/** One fit's inputs as fitForm received them, and the warnings the fit collects on the way. */
export interface FitRequest {
  formName: FormName;
  points: readonly CurvePoint[];
  opts: FitOptions;
  scratch: FitScratch;
  /** Notes about kept input (points beyond a fixed bound, shared x, missing se...), in the order found. */
  warnings: string[];
}

/** What the checks learn about the points, used by every later stage. */
export interface PointStats {
  xmin: number;
  xmax: number;
  xspan: number;
  ymin: number;
  ymax: number;
  yspan: number;
  distinctX: number;
  /** Point indices in x order, or null when the points are already sorted by x. */
  order: number[] | null;
  /** The points' x and y, in the caller's order (the scratch's arrays: valid until its next fit). */
  xs: number[];
  ys: number[];
}

/**
 * Number of fitted parameters of a form: 4 for the logistic and Gompertz, 5 for Richards, less one for
 * a fixed floor and one for a fixed ceiling; the power law fits A and α, and E unless the ceiling
 * fixes it (it has no floor).
 */
export function freeParamCount(formName: FormName, opts: FitOptions): number {
  return formName === 'power'
    ? 2 + (typeof opts.ceiling === 'number' ? 0 : 1)
    : FORMS[formName].paramNames.length - (typeof opts.floor === 'number' ? 1 : 0) - (typeof opts.ceiling === 'number' ? 1 : 0);
}

/** The statistics plus the tallies the input rules read. */
interface PointScan {
  st: PointStats;
  /** The fixed floor and ceiling the scores were checked against (the power law has no floor). */
  fixedF: number | undefined;
  fixedC: number | undefined;
  /** Index of the first score outside `scoreRange`, or −1. */
  badRange: number;
  /** Scores beyond the fixed ceiling, and beyond the fixed floor, by more than rounding. */
  outsideC: number;
  outsideF: number;
}

/**
 * Reads the points once: checks that every x and y is a finite number (x > 0 for the power law),
 * copies them into the scratch's x/y arrays (reused when the length matches: overwritten, and nothing
 * keeps them past a fit), and gathers the ranges, the x order and distinct x count, the first score
 * outside `scoreRange`, and how many scores lie beyond a fixed floor or ceiling: beyond the ceiling
 * when dir·(y − c) > eps, beyond the floor when dir·(f − y) > eps, with dir = ±1 by direction and
 * eps = 1e-12·|value| (rounding, not noise).
 * @returns the scan, or a 'bad-input' fit naming the first point that is not a number.
 */
function readPoints(req: FitRequest): PointScan | CurveFit {
  const { formName, points, opts, scratch } = req;
  const n = points.length;
  const isPow = formName === 'power';
  const up = opts.higherIsBetter !== false;
  const dir = up ? 1 : -1;
  const range = opts.scoreRange;
  const rlo = range ? Math.min(range[0], range[1]) : -Infinity;
  const rhi = range ? Math.max(range[0], range[1]) : Infinity;
  const fixedF = typeof opts.floor === 'number' && !isPow ? opts.floor : undefined;
  const fixedC = typeof opts.ceiling === 'number' ? opts.ceiling : undefined;
  const cv = fixedC ?? Number.NaN;
  const fv = fixedF ?? Number.NaN;
  const epsC = 1e-12 * Math.max(Math.abs(cv), 1e-300);
  const epsF = 1e-12 * Math.max(Math.abs(fv), 1e-300);
  let outsideC = 0;
  let outsideF = 0;
  let badRange = -1;
  const fresh = scratch.xs.length !== n;
  const xs = fresh ? [] : scratch.xs;
  const ys = fresh ? [] : scratch.ys;
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
    // Sorted data (the usual case) count their distinct x here; otherwise after sorting (xOrder).
    if (i > 0) {
      if (x < prev) sorted = false;
      else if (x !== prev) distinctX++;
    }
    prev = x;
    if ((y < rlo || y > rhi) && badRange < 0) badRange = i;
    if (dir * (y - cv) > epsC) outsideC++;
    if (dir * (fv - y) > epsF) outsideF++;
  }
  scratch.xs = xs;
  scratch.ys = ys;
  let order: number[] | null = null;
  if (!sorted) {
    const o = xOrder(xs);
    order = o.order;
    distinctX = o.distinctX;
  }
  const st: PointStats = { xmin, xmax, xspan: xmax - xmin, ymin, ymax, yspan: ymax - ymin, distinctX, order, xs, ys };
  return { st, fixedF, fixedC, badRange, outsideC, outsideF };
}

/** The point indices of unsorted data in x order (shared with the noise estimate), and the distinct x counted along it. */
function xOrder(xs: readonly number[]): { order: number[]; distinctX: number } {
  const n = xs.length;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (xs[a] as number) - (xs[b] as number));
  let distinctX = 1;
  for (let t = 1; t < n; t++) if (xs[order[t] as number] !== xs[order[t - 1] as number]) distinctX++;
  return { order, distinctX };
}

/** 'bad-input' when a fixed floor or ceiling is not a finite number, or the ceiling is on the wrong side of the floor. */
function checkFixedValues(req: FitRequest): CurveFit | null {
  const { formName, opts } = req;
  const n = req.points.length;
  const up = opts.higherIsBetter !== false;
  if (typeof opts.floor === 'number' && !Number.isFinite(opts.floor)) return emptyFit(formName, 'bad-input', `the fixed floor is ${opts.floor}; it must be a finite number`, n);
  if (typeof opts.ceiling === 'number' && !Number.isFinite(opts.ceiling)) return emptyFit(formName, 'bad-input', `the fixed ceiling is ${opts.ceiling}; it must be a finite number`, n);
  if (typeof opts.floor === 'number' && typeof opts.ceiling === 'number' && formName !== 'power') {
    const f = opts.floor;
    const c = opts.ceiling;
    if (up ? c <= f : c >= f) {
      return emptyFit(formName, 'bad-input', `ceiling ${c} must be ${up ? 'above' : 'below'} floor ${f} for a metric where ${up ? 'higher' : 'lower'} is better`, n);
    }
  }
  return null;
}

/** 'bad-input' when a score lies outside `scoreRange` (a unit mix-up). */
function checkScoreRange(req: FitRequest, scan: PointScan): CurveFit | null {
  const range = req.opts.scoreRange;
  if (!range || scan.badRange < 0) return null;
  const i = scan.badRange;
  return emptyFit(
    req.formName,
    'bad-input',
    `point ${i} has y = ${scan.st.ys[i]}, outside the score range [${range[0]}, ${range[1]}] (a unit mix-up, such as percent against fraction?)`,
    req.points.length,
  );
}

/**
 * The scale against which "far outside" a fixed value v is judged: the fixed rise |c − f| if both are
 * fixed, else the score range's width, else the larger of the data's y span and |v|.
 */
function outsideScale(scan: PointScan, range: FitOptions['scoreRange'], v: number): number {
  const { fixedF, fixedC } = scan;
  return fixedF !== undefined && fixedC !== undefined ? Math.abs(fixedC - fixedF) : range ? Math.abs(range[1] - range[0]) : Math.max(scan.st.yspan, Math.abs(v));
}

/**
 * Scores beyond a fixed ceiling, then floor: further than `outsideTolerance` (default 0.25) of
 * {@link outsideScale} is 'bad-input' (check the units); closer, the points are kept as noise with a
 * warning. sign·dir·(y − v) > 0 means y is on the far side of the bound; its largest value over the
 * points comes from ymax or ymin, so only a rejected input pays for a second pass (to name the first
 * point that is too far out).
 */
function checkBeyondFixed(req: FitRequest, scan: PointScan): CurveFit | null {
  const { opts, warnings } = req;
  const { st } = scan;
  const up = opts.higherIsBetter !== false;
  const dir = up ? 1 : -1;
  const tolFrac = opts.outsideTolerance ?? 0.25;
  for (let b = 0; b < 2; b++) {
    const v = b === 0 ? scan.fixedC : scan.fixedF;
    if (v === undefined) continue;
    const sign = b === 0 ? 1 : -1;
    const name = b === 0 ? 'ceiling' : 'floor';
    const tol = tolFrac * outsideScale(scan, opts.scoreRange, v);
    const side = (sign === 1) === up ? 'above' : 'below';
    const maxBeyond = sign * dir > 0 ? st.ymax - v : v - st.ymin;
    if (maxBeyond > tol) {
      const ys = st.ys;
      let far = 0;
      while (!(sign * dir * ((ys[far] as number) - v) > tol)) far++;
      return emptyFit(req.formName, 'bad-input', `point ${far} has y = ${ys[far]}, far ${side} the fixed ${name} ${v} (more than ${tolFrac} of the range): check the units`, req.points.length);
    }
    const outsideCount = b === 0 ? scan.outsideC : scan.outsideF;
    // Joined rather than a template literal: V8 builds a template as a tree of string pieces, which
    // the kept result would carry (about 300 bytes instead of about 100).
    if (outsideCount > 0) warnings.push([outsideCount, outsideCount > 1 ? ' points ' : ' point ', side, ' the fixed ', name, ' ', v, ', kept as noise'].join(''));
  }
  return null;
}

/**
 * 'not-enough-data' with fewer distinct x than fitted parameters or no degree of freedom left
 * (n < p + 1); 'not-identifiable' when all y are equal (to 1e-12 relative). Shared x values are kept
 * with a warning.
 */
function checkCounts(req: FitRequest, st: PointStats, nFree: number): CurveFit | null {
  const { formName, warnings } = req;
  const n = req.points.length;
  const { distinctX, ymin, ymax } = st;
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
  return null;
}

/**
 * Reads the points once ({@link readPoints}), then applies the input rules in their documented order
 * (docs/methods.md, "Statuses and their thresholds") from the figures gathered there instead of a pass
 * over the points for each rule: the fixed values, the score range, scores beyond a fixed bound, then
 * the counts.
 * @param nFree the number of fitted parameters ({@link freeParamCount}).
 * @returns the statistics, or a fit with status 'bad-input', 'not-enough-data' or 'not-identifiable'
 * when a rule rejects the input (warnings about kept points are appended to `req.warnings`).
 */
export function scanPoints(req: FitRequest, nFree: number): PointStats | CurveFit {
  if (req.points.length === 0) return emptyFit(req.formName, 'not-enough-data', 'no points to fit', 0);
  const scan = readPoints(req);
  if ('status' in scan) return scan;
  return checkFixedValues(req) ?? checkScoreRange(req, scan) ?? checkBeyondFixed(req, scan) ?? checkCounts(req, scan.st, nFree) ?? scan.st;
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

/**
 * The fit's weights by `opts.weights` (default 'none': the scratch's shared unit weights, which no
 * one writes to; unweighted fits of equal-length series are the common case), their warnings
 * appended to `req.warnings`.
 * @returns the weights, or a 'bad-input' fit naming the first bad se or n.
 */
export function fitWeights(req: FitRequest): number[] | CurveFit {
  const { points, opts } = req;
  const scheme = opts.weights ?? 'none';
  if (scheme === 'none') return onesOf(req.scratch, points.length);
  const wr = pointWeights(points, scheme, opts.scoreRange ?? [0, 1]);
  if ('error' in wr) return emptyFit(req.formName, 'bad-input', wr.error, points.length);
  req.warnings.push(...wr.warnings);
  return wr.weights;
}
