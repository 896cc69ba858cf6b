import { describe, expect, it } from 'vitest';
import { cancelWhen } from '../../../../src-main/common/progress';
import { bootstrapFit } from '../../../../src-main/core/fit/bootstrap';
import { locateWorkerEntry, runBootstrapInWorker } from '../../../../src-main/core/fit/bootstrapRunner';
import { fitCurve } from '../../../../src-main/core/fit/fitCurve';
import type { CurvePoint } from '../../../../src-main/core/fit/fitCurve';
import { logistic } from '../../../../src-main/core/fit/forms';
import { mulberry32, normalFrom } from '../../../../src-main/core/fit/rng';

const z = normalFrom(mulberry32(9));
const pts: CurvePoint[] = Array.from({ length: 40 }, (_, i) => {
  const x = 2017 + (7 * i) / 39;
  return { x, y: logistic.value(x, [0.25, 0.9, 1.3, 2021]) + 0.02 * z() };
});
const fit = fitCurve(pts, { floor: 0.25 });
const spec = { resamples: 60, seed: 3, crossings: { sat: 0.85 }, fitOptions: { floor: 0.25 } };

describe('runBootstrapInWorker', () => {
  it('finds the TypeScript worker entry when running from source', () => {
    const loc = locateWorkerEntry();
    expect(loc?.entry).toMatch(/bootstrapWorker\.ts$/);
    expect(loc?.register).toMatch(/tsx/);
  });

  it('reports progress and returns the same result as the in-thread run with the same seed', async () => {
    const progress: number[] = [];
    const r = await runBootstrapInWorker(pts, fit, spec, { progress: { report: (_p, d) => progress.push(d) }, progressEvery: 10 });
    expect(progress).toEqual([10, 20, 30, 40, 50, 60]);
    expect(r).toEqual(bootstrapFit(pts, fit, spec));
  });

  it('stops early when cancelled', async () => {
    const controller = new AbortController();
    const r = await runBootstrapInWorker(pts, fit, { ...spec, resamples: 100000 }, {
      cancel: cancelWhen(() => controller.signal.aborted),
      progressEvery: 5,
      progress: {
        report: (_p, d) => {
          if (d >= 20) controller.abort();
        },
      },
    });
    expect(r.cancelled).toBe(true);
    expect(r.completed + r.failed).toBeLessThan(100000);
  });

  it('falls back to the in-thread run on request', async () => {
    const r = await runBootstrapInWorker(pts, fit, spec, { mode: 'in-thread' });
    expect(r).toEqual(bootstrapFit(pts, fit, spec));
  });
});
