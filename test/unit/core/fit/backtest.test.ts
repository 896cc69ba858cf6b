import { describe, expect, it } from 'vitest';
import { backtest } from '../../../../src-main/core/fit/backtest';
import type { CurvePoint } from '../../../../src-main/core/fit/fitCurve';
import { logistic } from '../../../../src-main/core/fit/forms';
import { mulberry32, normalFrom } from '../../../../src-main/core/fit/rng';

function series(): CurvePoint[] {
  const rand = mulberry32(21);
  const z = normalFrom(rand);
  return Array.from({ length: 60 }, () => {
    const x = 2017 + 9 * rand();
    return { x, y: Math.min(1, Math.max(0.2, logistic.value(x, [0.25, 0.97, 1.1, 2021.5]) + 0.015 * z())) };
  });
}

describe('backtest', () => {
  const pts = series();

  it('scores predictions by horizon with covariance intervals and compares saturation dates', () => {
    const r = backtest(pts, { floor: 0.25, ceiling: 1, fitOptions: { floor: 0.25, ceiling: 1 } });
    expect(r.interval).toBe('covariance');
    expect(r.cutoffs.length).toBeGreaterThan(5);
    expect(r.cutoffs[1]!.cutoff - r.cutoffs[0]!.cutoff).toBeCloseTo(0.5, 12);
    const h1 = r.byHorizon.find((h) => h.horizon === 1)!;
    expect(h1.count).toBeGreaterThan(3);
    expect(h1.mae).toBeGreaterThanOrEqual(0);
    expect(h1.mae).toBeLessThan(0.5);
    expect(h1.coverage).toBeGreaterThanOrEqual(0);
    expect(h1.coverage).toBeLessThanOrEqual(1);
    expect(r.actualSaturation).not.toBeNull();
    expect(r.saturationErrors.length).toBeGreaterThan(0);
    for (const c of r.cutoffs) for (const p of c.predictions) expect(p.x).toBeLessThanOrEqual(Math.max(...pts.map((q) => q.x)) + 1e-9);
  });

  it('can use bootstrap intervals instead', () => {
    const r = backtest(pts, { floor: 0.25, ceiling: 1, fitOptions: { floor: 0.25, ceiling: 1 }, interval: 'bootstrap', resamples: 20, step: 2 });
    expect(r.interval).toBe('bootstrap');
    const scored = r.cutoffs.flatMap((c) => c.predictions);
    expect(scored.length).toBeGreaterThan(0);
    for (const p of scored) expect(p.lo).toBeLessThanOrEqual(p.hi);
  });

  it('returns no cutoffs when there are too few points', () => {
    const r = backtest(pts.slice(0, 5), { floor: 0.25, ceiling: 1 });
    expect(r.cutoffs).toEqual([]);
    expect(r.byHorizon.every((h) => h.count === 0)).toBe(true);
  });
});
