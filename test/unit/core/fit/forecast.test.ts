import { describe, expect, it } from 'vitest';
import { bootstrapFit } from '../../../../src-main/core/fit/bootstrap';
import { fitCurve } from '../../../../src-main/core/fit/fitCurve';
import type { CurvePoint } from '../../../../src-main/core/fit/fitCurve';
import { forecastSaturation, saturationTarget } from '../../../../src-main/core/fit/forecast';
import { logistic } from '../../../../src-main/core/fit/forms';
import { mulberry32, normalFrom } from '../../../../src-main/core/fit/rng';

function data(xEnd: number, trueCeiling = 1): CurvePoint[] {
  const z = normalFrom(mulberry32(4));
  return Array.from({ length: 30 }, (_, i) => {
    const x = 2017 + ((xEnd - 2017) * i) / 29;
    return { x, y: Math.min(1, logistic.value(x, [0.25, trueCeiling, 1.2, 2022]) + 0.01 * z()) };
  });
}

describe('forecastSaturation', () => {
  it('computes the target a fraction of the way from floor to ceiling, direction aware', () => {
    expect(saturationTarget(0.25, 1, 0.9)).toBeCloseTo(0.925, 12);
    expect(saturationTarget(10, 0, 0.9)).toBeCloseTo(1, 12);
  });

  it('forecasts the crossing of a curve that has not yet saturated, with a bootstrap interval and time from release', () => {
    const pts = data(2022.5);
    const fit = fitCurve(pts, { floor: 0.25, ceiling: 1 });
    const target = saturationTarget(0.25, 1);
    const boot = bootstrapFit(pts, fit, { resamples: 60, crossings: { saturation: target }, fitOptions: { floor: 0.25, ceiling: 1 } });
    const f = forecastSaturation(pts, fit, { floor: 0.25, ceiling: 1, bootstrap: boot, releasedAt: 2016.5 });
    expect(f.status).toBe('forecast');
    // Truth: 2022 + ln(0.9/0.1... of the rise)/1.2 = 2022 + ln(9)/1.2.
    expect(f.crossingX!).toBeCloseTo(2022 + Math.log(9) / 1.2, 0);
    expect(f.interval![0]).toBeLessThan(f.crossingX!);
    expect(f.interval![1]).toBeGreaterThan(f.crossingX!);
    expect(f.timeToSaturation!).toBeCloseTo(f.crossingX! - 2016.5, 12);
  });

  it('says saturated since the first frontier point past the threshold', () => {
    const pts = data(2027);
    const fit = fitCurve(pts, { floor: 0.25, ceiling: 1 });
    const f = forecastSaturation(pts, fit, { floor: 0.25, ceiling: 1, releasedAt: 2017 });
    expect(f.status).toBe('saturated');
    const first = pts.filter((p) => p.y >= 0.925).sort((a, b) => a.x - b.x)[0]!;
    expect(f.saturatedSince).toBe(first.x);
    expect(f.timeToSaturation).toBeCloseTo(first.x - 2017, 12);
  });

  it('without a fit yet says saturated from the observations alone, or not fitted yet', () => {
    const saturated = data(2027);
    const withFit = forecastSaturation(saturated, fitCurve(saturated, { floor: 0.25, ceiling: 1 }), { floor: 0.25, ceiling: 1, releasedAt: 2017 });
    expect(forecastSaturation(saturated, null, { floor: 0.25, ceiling: 1, releasedAt: 2017 })).toEqual(withFit);
    const open = data(2022.5);
    const f = forecastSaturation(open, null, { floor: 0.25, ceiling: 1 });
    expect(f.status).toBe('unavailable');
    expect(f.message).toBe('not fitted yet');
    expect(f.crossingX).toBeNull();
  });

  it('reports no crossing when the fitted ceiling stays below the threshold', () => {
    const pts = data(2027, 0.8);
    const fit = fitCurve(pts, { floor: 0.25 });
    const f = forecastSaturation(pts, fit, { floor: 0.25, ceiling: 1 });
    expect(f.status).toBe('no-crossing');
  });

  it('reports no crossing beyond the horizon and unavailable for a bad fit', () => {
    const pts = data(2022.5);
    const fit = fitCurve(pts, { floor: 0.25, ceiling: 1 });
    expect(forecastSaturation(pts, fit, { floor: 0.25, ceiling: 1, horizon: 0.1 }).status).toBe('no-crossing');
    const bad = fitCurve(pts.slice(0, 2), { floor: 0.25, ceiling: 1 });
    const f = forecastSaturation(pts.slice(0, 2), bad, { floor: 0.25, ceiling: 1 });
    expect(f.status).toBe('unavailable');
    expect(f.message).toMatch(/not-enough-data/);
  });
});
