import { describe, expect, it } from 'vitest';
import { cancelWhen } from '../../../../src-main/common/progress';
import { bootstrapFit, percentile } from '../../../../src-main/core/fit/bootstrap';
import { fitCurve } from '../../../../src-main/core/fit/fitCurve';
import type { CurvePoint } from '../../../../src-main/core/fit/fitCurve';
import { logistic } from '../../../../src-main/core/fit/forms';
import { mulberry32, normalFrom } from '../../../../src-main/core/fit/rng';

function data(seed = 11): CurvePoint[] {
  const z = normalFrom(mulberry32(seed));
  return Array.from({ length: 40 }, (_, i) => {
    const x = 2017 + (7 * i) / 39;
    return { x, y: logistic.value(x, [0.25, 0.9, 1.3, 2021]) + 0.02 * z() };
  });
}

describe('bootstrapFit', () => {
  const pts = data();
  const fit = fitCurve(pts, { floor: 0.25 });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = bootstrapFit(pts, fit, { resamples: 30, seed: 5, fitOptions: { floor: 0.25 } });
    const b = bootstrapFit(pts, fit, { resamples: 30, seed: 5, fitOptions: { floor: 0.25 } });
    const c = bootstrapFit(pts, fit, { resamples: 30, seed: 6, fitOptions: { floor: 0.25 } });
    expect(a).toEqual(b);
    expect(a.params.x0).not.toEqual(c.params.x0);
  });

  it('gives bands that contain the fitted curve and intervals for parameters and crossings', () => {
    const r = bootstrapFit(pts, fit, { resamples: 100, seed: 1, crossings: { sat: 0.835 }, fitOptions: { floor: 0.25 } });
    expect(r.completed).toBe(100);
    const mid = r.grid.findIndex((x) => x >= 2021);
    expect(r.band.lo[mid]!).toBeLessThan(r.band.hi[mid]!);
    expect(r.params.x0!.lo).toBeLessThan(fit.params.x0!);
    expect(r.params.x0!.hi).toBeGreaterThan(fit.params.x0!);
    // The percentile interval of x0 is close to ±1.645 covariance standard errors.
    const width = r.params.x0!.hi - r.params.x0!.lo;
    expect(width / (2 * 1.645 * fit.se.x0!)).toBeGreaterThan(0.5);
    expect(width / (2 * 1.645 * fit.se.x0!)).toBeLessThan(2);
    expect(r.derived.sat!.lo).toBeLessThan(r.derived.sat!.hi);
  });

  it('reports progress and stops when cancelled', () => {
    const seen: number[] = [];
    let stop = false;
    const r = bootstrapFit(pts, fit, { resamples: 50, fitOptions: { floor: 0.25 } }, {
      cancel: cancelWhen(() => stop),
      progress: {
        report: (phase, done, total) => {
          seen.push(done);
          expect(phase).toBe('resampling');
          expect(total).toBe(50);
          if (done === 10) stop = true;
        },
      },
    });
    expect(r.cancelled).toBe(true);
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(r.completed + r.failed).toBe(10);
  });

  it('counts crossings that never happen as +Infinity', () => {
    const r = bootstrapFit(pts, fit, { resamples: 20, crossings: { never: 0.99 }, fitOptions: { floor: 0.25, ceiling: 'free' } });
    expect(r.derived.never!.hi).toBe(Infinity);
    expect(r.derived.never!.finiteFraction).toBeLessThan(1);
  });
});

describe('percentile', () => {
  it('interpolates linearly between order statistics', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
    expect(Number.isNaN(percentile([], 0.5))).toBe(true);
  });
});
