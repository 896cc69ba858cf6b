/**
 * Small statistics helpers for intervals.
 */
import { FORMS } from './forms';
import type { CurveFit } from './fitCurve';

/**
 * Quantile of the standard normal distribution, Φ⁻¹(p), by Acklam's rational approximation
 * (relative error < 1.2e-9 over (0, 1)). Returns −∞ at 0, +∞ at 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  const poly = (co: number[], x: number): number => co.reduce((s, v) => s * x + v, 0);
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * Standard error of the fitted curve's value at x by the delta method: se(ŷ(x)) = √(gᵀ·Σ·g), with g
 * the gradient of the curve with respect to the fitted parameters at x and Σ their covariance.
 * A confidence statement about the curve, not about a new observation. NaN without a covariance.
 */
export function curveStandardError(fit: Pick<CurveFit, 'form' | 'params' | 'freeParams' | 'cov'>, x: number): number {
  const cov = fit.cov;
  if (!cov) return Number.NaN;
  const form = FORMS[fit.form];
  const p = form.paramNames.map((nm) => fit.params[nm] ?? Number.NaN);
  const g = new Float64Array(p.length);
  form.gradient(x, p, g);
  const gf = fit.freeParams.map((nm) => g[form.paramNames.indexOf(nm)] as number);
  let v = 0;
  for (let i = 0; i < gf.length; i++) {
    for (let j = 0; j < gf.length; j++) {
      const cij = cov[i]?.[j] ?? Number.NaN;
      // A parameter on a bound has NaN covariance: it contributes nothing rather than poisoning the sum.
      if (Number.isNaN(cij) && (gf[i] === 0 || gf[j] === 0)) continue;
      v += (gf[i] as number) * cij * (gf[j] as number);
    }
  }
  return Math.sqrt(Math.max(0, v));
}

/**
 * Pearson's correlation r = Σ(xᵢ − x̄)(yᵢ − ȳ) / √(Σ(xᵢ − x̄)² · Σ(yᵢ − ȳ)²) of two equally long samples, used to
 * report how well a fit recovers known parameters. NaN when either sample is constant or the samples are empty.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = Math.min(x.length, y.length);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
