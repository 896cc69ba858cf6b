import { describe, expect, it } from 'vitest';
import { forecastFrontier, frontierAt } from '../../../../src-main/core/fit/forecast';
import {
  calibrationFrom,
  conformalQuantile,
  frontierBacktest,
  MAX_YEARS,
  type FrontierCalibration,
  type FrontierSeries,
} from '../../../../src-main/core/fit/frontierForecast';
import { mulberry32 } from '../../../../src-main/core/fit/rng';

/** A calibration with the given residual quantiles at every horizon (logit units), 40 cases each. */
function flatCalibration(lo: number, hi: number, pooledDrift: number | null = null): FrontierCalibration {
  const r = Array.from({ length: 40 }, (_v, i) => lo + ((hi - lo) * i) / 39);
  return { horizons: [0.5, 1, 2], residuals: [r, r.map((x) => 2 * x), r.map((x) => 4 * x)], perYear: r.map((x) => 2 * x), pooledDrift };
}

/**
 * Synthetic benchmarks whose frontier is a record process: models arrive about every two months, each scoring a
 * logistic trend in time plus noise, so new records come irregularly.
 */
function syntheticSeries(count: number, seed: number): FrontierSeries[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, (_v, b) => {
    const start = 2018 + rand() * 4;
    const k = 0.6 + rand() * 1.2;
    const mid = start + 1.5 + rand() * 4;
    const points = [];
    for (let x = start; x < 2026; x += 0.05 + rand() * 0.25) {
      const trend = 1 / (1 + Math.exp(-k * (x - mid)));
      points.push({ x, u: Math.min(1, Math.max(0, trend - 0.25 * rand())) });
    }
    return { id: String(b), name: `B${b}`, points };
  });
}

describe('the frontier forecast', () => {
  it('never starts a crossing interval before the last data point, even when the band says it could cross at once', () => {
    // Last result in mid-2025, as-of date earlier (a stale workspace clock): the origin is the last point.
    const points = [
      { x: 2023.0, y: 0.3 },
      { x: 2024.0, y: 0.6 },
      { x: 2025.5, y: 0.86 },
    ];
    const f = forecastFrontier(points, { floor: 0, ceiling: 1, asOf: 2025.0, calibration: flatCalibration(-0.2, 3) });
    expect(f.status).toBe('forecast');
    expect(f.origin).toBe(2025.5);
    expect(f.interval![0]).toBeGreaterThanOrEqual(2025.5);
    expect(f.crossingX!).toBeGreaterThanOrEqual(f.interval![0]);
    expect(f.interval![1]).toBeGreaterThanOrEqual(f.crossingX!);
  });

  it('states "saturated since" the first record past the line, with no crossing forecast', () => {
    const points = [
      { x: 2022, y: 50 },
      { x: 2023, y: 91 },
      { x: 2024, y: 95 },
    ];
    const f = forecastFrontier(points, { floor: 0, ceiling: 100, asOf: 2025, calibration: flatCalibration(-0.5, 1) });
    expect(f.status).toBe('saturated');
    expect(f.saturatedSince).toBe(2023);
    expect(f.crossingX).toBeNull();
    expect(f.interval).toBeNull();
  });

  it('says "not within 20 years" with the reason when the frontier has nothing to go on, and borrows the workspace drift when it can', () => {
    const single = [
      { x: 2024, y: 0.4 },
      { x: 2024.5, y: 0.3 },
    ];
    const alone = forecastFrontier(single, { floor: 0, ceiling: 1, asOf: 2025, calibration: flatCalibration(-0.5, 1, null) });
    expect(alone.status).toBe('no-crossing');
    expect(alone.openEnd).toBe(`not within ${MAX_YEARS} years: the frontier has a single record and the workspace no other benchmark to borrow a trend from`);
    const borrowed = forecastFrontier(single, { floor: 0, ceiling: 1, asOf: 2025, calibration: flatCalibration(-0.5, 1, 1.5) });
    expect(borrowed.status).toBe('forecast');
    expect(borrowed.driftSource).toBe('pooled');
    expect(borrowed.warnings.join(' ')).toMatch(/median of the workspace's other benchmarks/);
  });

  it('gives an open late end as "not within 20 years" with why, when the low end of the band stalls', () => {
    const points = [
      { x: 2023, y: 0.5 },
      { x: 2024, y: 0.6 },
      { x: 2025, y: 0.7 },
    ];
    const f = forecastFrontier(points, { floor: 0, ceiling: 1, asOf: 2025, calibration: flatCalibration(-3, 1) });
    expect(f.status).toBe('forecast');
    expect(f.interval![1]).toBe(Infinity);
    expect(f.openEnd).toMatch(/^the late end is not within 20 years: at the low end of the 80 % band the frontier stalls/);
  });

  it('says beside the forecast when its backtest on this benchmark was worse than "stays flat"', () => {
    const track = {
      level: 0.8,
      byHorizon: [{ horizon: 1, count: 4, mae: 0.08, bias: 0.08, flatMae: 0.02, flatBias: -0.02, linearMae: 0.1, linearBias: 0.1, coverage: 0.5, withInterval: 4 }],
      crossing: { crossed: 0, mae: null, dated: 0, bias: null, linearMae: null, linearDated: 0, coverage: null, determinable: 0 },
      worseThanFlat: true,
    };
    const f = forecastFrontier([{ x: 2023, y: 0.5 }, { x: 2025, y: 0.7 }], { floor: 0, ceiling: 1, asOf: 2025, calibration: flatCalibration(-0.5, 1), track });
    expect(f.warnings).toContain('on this benchmark\'s backtest this forecast did worse than "the frontier stays where it is" (mean error 8.0 % vs 2.0 % of the range at 1 year)');
  });

  it('gives the predicted frontier by a date: the observed best before the origin, the band after it, never below the best so far', () => {
    const points = [
      { x: 2023, y: 40 },
      { x: 2024, y: 60 },
      { x: 2025, y: 70 },
    ];
    const cal = flatCalibration(-1, 1);
    const f = forecastFrontier(points, { floor: 0, ceiling: 100, asOf: 2025, calibration: cal });
    const [before, after] = frontierAt(f, points, { floor: 0, ceiling: 100, calibration: cal, level: 0.8 }, [2024.5, 2026]);
    expect(before).toEqual({ x: 2024.5, value: 60, low: 60, high: 60 });
    expect(after!.low!).toBeGreaterThanOrEqual(70);
    expect(after!.value!).toBeGreaterThan(70);
    expect(after!.high!).toBeGreaterThan(after!.value!);
    expect(after!.high!).toBeLessThanOrEqual(100);
  });

  it('takes the split-conformal quantile, the ⌈(n + 1)p⌉-th smallest residual', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(conformalQuantile(xs, 0.9)).toBe(9);
    expect(conformalQuantile(xs, 0.1)).toBe(1);
    expect(conformalQuantile(xs, 0.5)).toBe(5);
    expect(conformalQuantile([], 0.5)).toBeNaN();
    const cal = calibrationFrom([], null);
    expect(cal.residuals.every((r) => r.length === 0)).toBe(true);
  });

  it('beats "stays flat" on rising record processes, with out-of-sample 80 % intervals holding the truth about 80 % of the time', () => {
    const series = syntheticSeries(30, 7);
    const bt = frontierBacktest(series, { uStar: 0.9, level: 0.8 });
    const at = (h: number) => bt.pooled.byHorizon.find((b) => b.horizon === h)!;
    for (const h of [0.5, 1]) {
      expect(at(h).count).toBeGreaterThan(100);
      expect(at(h).mae!).toBeLessThan(at(h).flatMae!);
      expect(at(h).coverage!).toBeGreaterThan(0.7);
      expect(at(h).coverage!).toBeLessThan(0.92);
    }
    // Every scored crossing interval starts at or after its origin.
    for (const c of bt.crossings) if (c.low !== null) expect(c.low).toBeGreaterThanOrEqual(c.origin);
  });
});
