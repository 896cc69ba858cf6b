/**
 * Judging fits: whether a fit from the transform start shows a clear transition (else the start grid
 * runs too), whether the data identify the curve, the AICc, and the choice among forms for 'auto'.
 * See docs/methods.md ("Ambiguity rule", "AICc and auto", "Statuses and their thresholds").
 */
import type { FastKind } from './fastSigmoid';
import { emptyFit } from './fitTypes';
import type { CurveFit, FitOptions } from './fitTypes';
import { midpointOf } from './forms';
import type { FormName } from './forms';
import type { PointStats } from './inputs';
import type { SolverResult } from './lm';
import type { StartInput } from './starts';

const SIGMOID_FORMS: readonly FormName[] = ['logistic', 'gompertz', 'richards'];

/** Smallest weighted R² = 1 − RSS/Σw(y − ȳ)² for a "clear" fit. */
const MIN_R2 = 0.8;

/** Largest ratio of the fit's residual variance to the neighbour-difference noise estimate for a "clear" fit. */
const LACK_OF_FIT = 4;

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
 * @param r the solver's result over the free parameters of `input.setup`.
 * @param kind 0 logistic, 1 Gompertz (where 10 %, 50 % and 90 % of the rise lie in z = k(x − x0)).
 */
export function clearTransition(r: SolverResult, input: StartInput, kind: FastKind): boolean {
  const { setup: s, st, w } = input;
  const { xs, ys } = st;
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
 * Why the data do not pin down a power law, or null when they do: a zero, undetermined or on-bound
 * exponent α (se(α) > α), or the irreducible term E on its bound.
 */
function powerReason(fit: CurveFit, atBound: readonly string[]): string | null {
  const p = fit.params;
  const a = p.alpha ?? 0;
  if (atBound.includes('alpha') || !(a > 0) || (fit.se.alpha ?? 0) > a) {
    return `the exponent alpha = ${a.toPrecision(3)} ± ${(fit.se.alpha ?? Number.NaN).toPrecision(3)} is not distinguishable from zero`;
  }
  if (atBound.includes('E')) return `the irreducible term E hit its bound (${(p.E ?? Number.NaN).toPrecision(4)}): the data do not show where the curve levels off`;
  return null;
}

/**
 * Why the data do not pin down a sigmoid, or null when they do, checked in this order: the halfway
 * point more than `maxMidpointOutside`·Δx outside the data (or x0 on its bound); se(x0) >
 * `maxSeX0`·Δx; k = 0 on its bound; the rise |c − f| within 2 standard errors of zero; a fitted floor
 * or ceiling whose standard error exceeds the whole rise.
 */
function sigmoidReason(fit: CurveFit, atBound: readonly string[], opts: FitOptions, st: PointStats): string | null {
  const p = fit.params;
  const maxOut = (opts.maxMidpointOutside ?? 1) * st.xspan;
  const mid = midpointOf(fit.form, p);
  if (atBound.includes('x0') || mid < st.xmin - maxOut || mid > st.xmax + maxOut) {
    return `the midpoint (${mid.toPrecision(6)}) lies far outside the data (x from ${st.xmin} to ${st.xmax}): the transition is not in the data`;
  }
  const seX0 = fit.se.x0 ?? 0;
  if (seX0 > (opts.maxSeX0 ?? 1) * st.xspan) {
    return `the midpoint's standard error (${seX0.toPrecision(3)}) exceeds ${opts.maxSeX0 ?? 1}× the x range (${st.xspan.toPrecision(3)})`;
  }
  if (atBound.includes('k') && (p.k ?? 0) <= 0) return 'the rate k is 0: the data show no transition';
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
      return `the rise from floor to ceiling (${rise.toPrecision(3)}) is within 2 standard errors (${seRise.toPrecision(3)}) of zero: the data show no transition`;
    }
  }
  for (const nm of ['floor', 'ceiling'] as const) {
    const s = fit.se[nm] ?? 0;
    if (fit.freeParams.includes(nm) && s > rise) {
      return `the ${nm} (${(p[nm] ?? Number.NaN).toPrecision(4)} ± ${s.toPrecision(3)}) is not determined: its standard error exceeds the whole rise`;
    }
  }
  return null;
}

/**
 * Sets status 'not-identifiable' (with the reason) when the data do not pin the curve down: a singular
 * covariance for a parameter not on a bound, then the form's own tests ({@link powerReason},
 * {@link sigmoidReason}). A sigmoid that passes gets warnings for k on its upper bound and for a
 * ceiling on its bound.
 * @param atBound names of the fitted parameters that ended on a bound.
 */
export function judgeIdentifiability(fit: CurveFit, atBound: string[], opts: FitOptions, st: PointStats): void {
  const undetermined = fit.freeParams.filter((nm) => !atBound.includes(nm) && !Number.isFinite(fit.se[nm] ?? Number.NaN));
  const reason =
    undetermined.length > 0
      ? `the data do not determine ${undetermined.join(', ')} (singular covariance)`
      : fit.form === 'power'
        ? powerReason(fit, atBound)
        : sigmoidReason(fit, atBound, opts, st);
  if (reason !== null) {
    fit.status = 'not-identifiable';
    fit.message = reason;
    return;
  }
  if (fit.form === 'power') return;
  if (atBound.includes('k')) fit.warnings.push('the rate k hit its upper bound: the transition is sharper than the data spacing resolves');
  if (SIGMOID_FORMS.includes(fit.form) && atBound.includes('ceiling')) {
    fit.warnings.push('the ceiling sits on its bound; it acts as fixed there');
  }
}

/**
 * Form selection for 'auto': the fit with the lowest AICc among those with status 'ok' (the first of
 * equal ones); when none is ok with an AICc, the first ok fit, else the logistic's, else the first;
 * with every candidate's form, status, AICc and RSS listed on the result.
 * @returns the chosen fit (a copy), or 'bad-input' when no forms were tried.
 */
export function chooseForm(fits: readonly CurveFit[], n: number): CurveFit {
  const ok = fits.filter((f) => f.status === 'ok' && f.aicc !== null);
  let chosen: CurveFit | undefined;
  if (ok.length > 0) chosen = ok.reduce((a, b) => ((b.aicc as number) < (a.aicc as number) ? b : a));
  else chosen = fits.find((f) => f.status === 'ok') ?? fits.find((f) => f.form === 'logistic') ?? fits[0];
  if (!chosen) return emptyFit('logistic', 'bad-input', 'no forms to try', n);
  return { ...chosen, candidates: fits.map((f) => ({ form: f.form, status: f.status, aicc: f.aicc, rss: f.rss })) };
}
