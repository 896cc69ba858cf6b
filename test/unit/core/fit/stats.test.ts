import { describe, expect, it } from 'vitest';
import { curveStandardError, normalQuantile, pearson } from '../../../../src-main/core/fit/stats';

describe('stats', () => {
  it('inverts the standard normal CDF', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644853627, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(Number.isNaN(normalQuantile(2))).toBe(true);
  });

  it('propagates the covariance to the curve by the delta method', () => {
    // Only the ceiling is uncertain: se(ŷ(x)) = σ(k(x − x0))·se(c).
    const fit = { form: 'logistic' as const, params: { floor: 0, ceiling: 1, k: 1, x0: 0 }, freeParams: ['ceiling'], cov: [[0.04]] };
    expect(curveStandardError(fit, 0)).toBeCloseTo(0.5 * 0.2, 12);
    expect(Number.isNaN(curveStandardError({ ...fit, cov: null }, 0))).toBe(true);
  });
});

describe('pearson', () => {
  it('is 1 for a perfect line, −1 for a falling one and NaN for a constant sample', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
  });
});
