import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

let ws: ReturnType<typeof tempWorkspace>;
let api: ReturnType<typeof apiFor>;

/** A logistic in calendar time: floor 25, ceiling 100, midpoint 2023.0, 1.2 per year. */
const truth = (year: number) => 25 + 75 / (1 + Math.exp(-1.2 * (year - 2023)));

async function seed(benchmark: string, years: number[], score: (y: number) => number): Promise<number> {
  const b = await api.call('benchmarks/upsert', { name: benchmark, unit: 'percent', floor: 25, ceiling: 100, releaseDate: '2019-06-01' });
  for (const [i, y] of years.entries()) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    const date = `${Math.floor(y)}-${month}-15`;
    await api.call('releases/log', {
      model: { name: `${benchmark}-model-${i}`, releaseDate: date, trainingComputeFlop: 10 ** (22 + (y - 2019) * 0.6) },
      results: [{ benchmark, score: Math.round(score(y + (Number(month) - 0.5) / 12) * 10) / 10 }],
    });
  }
  return b.id;
}

beforeEach(() => {
  ws = tempWorkspace();
  api = apiFor(ws);
});
afterEach(() => ws.dispose());

describe('series fits over the workspace', () => {
  it('recovers the midpoint of a logistic in calendar time, and forecasts the frontier crossing after the last point', async () => {
    const years = [2019, 2019.5, 2020, 2020.5, 2021, 2021.5, 2022, 2022.2, 2022.5, 2022.8, 2023, 2023.3];
    const id = await seed('Quiz', years, truth);
    const f = await api.call('fits/series', { benchmarkId: id, axis: 'date', resamples: 60 });
    expect(f.fit.status).toBe('ok');
    expect(f.fit.params.x0).toBeCloseTo(2023, 0);
    expect(f.band?.x.length).toBe(81);
    expect(f.curve.x.length).toBe(121);
    // The saturation forecast is the frontier's: 92.5 = 25 + 0.9·75, reached after the last result (2023-12), and
    // with one benchmark the workspace has too little history to calibrate an interval, which it says.
    expect(f.forecast.method).toBe('frontier');
    expect(f.forecast.status).toBe('forecast');
    expect(f.forecast.targetY).toBeCloseTo(92.5, 9);
    expect(f.forecast.crossingX!).toBeGreaterThan(f.forecast.origin!);
    expect(f.forecast.origin!).toBeGreaterThanOrEqual(Math.max(...f.points.map((p) => p.x)));
    expect(f.forecast.crossingX!).toBeLessThan(2026.5);
    expect(f.forecast.interval).toBeNull();
    expect(f.forecast.warnings.join(' ')).toMatch(/too little history in this workspace to calibrate an interval/);
  });

  it('forecasts a frontier already near the line within months, not years late like a curve through the field', async () => {
    // The field improves slowly (most models are small), while the best model is already at 86.7 of 100 in early
    // 2026: the line (90) is months away for the frontier, years away for a curve through every result.
    await api.call('benchmarks/upsert', { name: 'Sprint', unit: 'percent', floor: 0, ceiling: 100, releaseDate: '2023-01-01' });
    const rows: [string, number][] = [];
    for (let i = 0; i < 24; i++) rows.push([`${2023 + Math.floor(i / 8)}-${String(1 + (i % 8)).padStart(2, '0')}-10`, 20 + i * 1.2 + (i % 3) * 4]);
    const front: [string, number][] = [['2023-03-01', 45], ['2023-11-01', 58], ['2024-06-01', 70], ['2025-02-01', 79], ['2025-09-01', 84], ['2026-02-01', 86.7]];
    for (const [i, [date, score]] of [...rows, ...front].entries()) {
      await api.call('releases/log', { model: { name: `sprint-${i}`, releaseDate: date }, results: [{ benchmark: 'Sprint', score }] });
    }
    const id = (await api.call('benchmarks/list', {})).find((b) => b.name === 'Sprint')!.id;
    const f = await api.call('fits/series', { benchmarkId: id, axis: 'date', resamples: 0 });
    const last = Math.max(...f.points.map((p) => p.x));
    expect(f.forecast.status).toBe('forecast');
    expect(f.forecast.crossingX! - last).toBeGreaterThan(0);
    expect(f.forecast.crossingX! - last).toBeLessThan(1);
    // The curve through every result, still drawn as the view of the field, is years behind.
    expect(f.fit.status).toBe('ok');
    expect(f.curve.y[f.curve.x.findIndex((x) => x >= last)]!).toBeLessThan(75);
  });

  it('says saturated since the first frontier point past the threshold', async () => {
    const id = await seed('Old', [2019, 2020, 2021, 2022, 2023, 2024, 2025], (y) => truth(y + 3));
    const f = await api.call('fits/series', { benchmarkId: id, axis: 'date', resamples: 0 });
    expect(f.forecast.status).toBe('saturated');
    expect(f.forecast.saturatedSince).not.toBeNull();
    const table = await api.call('forecasts/list', { axis: 'date', resamples: 0 });
    expect(table[0]).toMatchObject({ benchmark: 'Old', forecast: { status: 'saturated' } });
    expect(table[0]!.saturatedSinceDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('reports not enough data instead of a curve for three points; the frontier still has a trend to forecast', async () => {
    const id = await seed('Tiny', [2020, 2021, 2022], truth);
    const f = await api.call('fits/series', { benchmarkId: id, axis: 'date' });
    expect(f.fit.status).toBe('not-enough-data');
    expect(f.curve.x).toEqual([]);
    expect(f.forecast.method).toBe('frontier');
    expect(f.forecast.driftSource).toBe('own');
    const c = await api.call('fits/series', { benchmarkId: id, axis: 'compute' });
    expect(c.forecast.method).toBe('curve');
    expect(c.forecast.status).not.toBe('forecast');
  });

  it('serves an unchanged series from the cache and refits it when a result changes', async () => {
    const id = await seed('Cached', [2019, 2020, 2021, 2021.5, 2022, 2022.5, 2023], truth);
    const first = await api.call('fits/series', { benchmarkId: id, axis: 'date', resamples: 20 });
    expect(first.cached).toBe(false);
    const second = await api.call('fits/series', { benchmarkId: id, axis: 'date', resamples: 20 });
    expect(second.cached).toBe(true);
    expect(second.fit).toEqual(first.fit);
    await api.call('releases/log', { model: { name: 'late', releaseDate: '2024-02-01' }, results: [{ benchmark: 'Cached', score: 80 }] });
    const third = await api.call('fits/series', { benchmarkId: id, axis: 'date', resamples: 20 });
    expect(third.cached).toBe(false);
    expect(third.points.length).toBe(first.points.length + 1);
  });

  it('fits against log10 training compute', async () => {
    const id = await seed('Compute', [2019, 2019.5, 2020, 2020.5, 2021, 2021.5, 2022, 2022.5, 2023, 2023.5], truth);
    const f = await api.call('fits/series', { benchmarkId: id, axis: 'compute', resamples: 0 });
    expect(f.points.every((p) => p.x > 21 && p.x < 27)).toBe(true);
    expect(f.fit.status).toBe('ok');
  });

  it('refuses a threshold outside (0, 1) by name', async () => {
    const r = await api.raw('fits/series', { benchmarkId: 1, axis: 'date', threshold: 1.5 });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-argument', details: { issues: [{ path: 'threshold' }] } } });
  });
});
