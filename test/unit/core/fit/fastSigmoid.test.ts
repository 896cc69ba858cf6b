import { describe, expect, it } from 'vitest';
import { bootstrapFit } from '../../../../src-main/core/fit/bootstrap';
import { BootstrapPool } from '../../../../src-main/core/fit/bootstrapRunner';
import { choleskyCovariance, createSigmoidScratch, solveSigmoid, sweep, sweepRss } from '../../../../src-main/core/fit/fastSigmoid';
import type { FastKind, SigmoidProblem } from '../../../../src-main/core/fit/fastSigmoid';
import { fitCurve } from '../../../../src-main/core/fit/fitCurve';
import type { CurvePoint } from '../../../../src-main/core/fit/fitCurve';
import { FORMS } from '../../../../src-main/core/fit/forms';
import { leastSquaresCovariance, solveLeastSquares } from '../../../../src-main/core/fit/lm';
import type { SolverModel } from '../../../../src-main/core/fit/lm';
import { mulberry32, normalFrom } from '../../../../src-main/core/fit/rng';

const OPTS = { ftol: 1e-10, xtol: 1e-9, gtol: 1e-15, maxIterations: 400 };

function reduced(kind: FastKind, full: Float64Array, free: number[]): SolverModel<number> {
  const form = kind === 0 ? FORMS.logistic : FORMS.gompertz;
  const p = new Float64Array(full);
  const g = new Float64Array(4);
  return {
    value(x, q) {
      free.forEach((idx, j) => (p[idx] = q[j] as number));
      return form.value(x, p);
    },
    gradient(x, q, out) {
      free.forEach((idx, j) => (p[idx] = q[j] as number));
      form.gradient(x, p, g);
      free.forEach((idx, j) => (out[j] = g[idx] as number));
    },
  };
}

function problem(seed: number, kind: FastKind, free: number[], weighted: boolean): { prob: SigmoidProblem; start: number[]; w: number[] } {
  const rand = mulberry32(seed);
  const z = normalFrom(rand);
  const truth = [0.2, 0.85, 0.8 + 2 * rand(), 2019 + 4 * rand()];
  const n = 20 + Math.floor(60 * rand());
  const xs = Array.from({ length: n }, () => 2015 + 10 * rand());
  const form = kind === 0 ? FORMS.logistic : FORMS.gompertz;
  const ys = xs.map((x) => form.value(x, truth) + 0.02 * z());
  const w = xs.map(() => (weighted ? 0.5 + 2 * rand() : 1));
  const full = Float64Array.from(truth);
  const lower = [-1, 0, 0, 2000].filter((_, i) => free.includes(i));
  const upper = [1, 2, 20, 2040].filter((_, i) => free.includes(i));
  const start = [0.1, 0.9, 1, 2020].filter((_, i) => free.includes(i));
  return { prob: { kind, xs, ys, sw: Float64Array.from(w, Math.sqrt), full, free, lower, upper }, start, w };
}

describe('fast path for the logistic and Gompertz', () => {
  const cases: [FastKind, number[], boolean][] = [
    [0, [1, 2, 3], false],
    [0, [0, 1, 2, 3], false],
    [0, [2, 3], true],
    [1, [1, 2, 3], true],
    [1, [0, 1, 2, 3], false],
  ];
  for (const [kind, free, weighted] of cases) {
    it(`matches the QR solver (${kind === 0 ? 'logistic' : 'Gompertz'}, free ${free.join(',')}, ${weighted ? 'weighted' : 'unweighted'}) in RSS, parameters and covariance`, () => {
      const scratch = createSigmoidScratch();
      for (let seed = 1; seed <= 8; seed++) {
        const { prob, start, w } = problem(seed * 31 + kind, kind, free, weighted);
        const fast = solveSigmoid(prob, start, OPTS, scratch);
        expect(fast).not.toBeNull();
        expect(fast!.converged).toBe(true);
        const model = reduced(kind, prob.full, free);
        const qr = solveLeastSquares(model, prob.xs, prob.ys, start, { weights: w, lower: prob.lower, upper: prob.upper, ftol: 1e-13, xtol: 1e-13 });
        expect(Math.abs(fast!.rss - qr.rss) / qr.rss).toBeLessThan(1e-9);
        fast!.params.forEach((v, j) => expect(Math.abs(v - qr.params[j]!)).toBeLessThan(1e-4 * (Math.abs(qr.params[j]!) + 1)));
        if (fast!.atBound.length > 0) continue;
        const chol = choleskyCovariance(fast!.acc, { idx: free, rss: fast!.rss, m: prob.xs.length, nFit: free.length }, scratch);
        expect(chol).not.toBeNull();
        const ref = leastSquaresCovariance(model, prob.xs, prob.ys, fast!.params, { weights: w }).cov;
        for (let a = 0; a < free.length; a++) {
          for (let b = 0; b < free.length; b++) {
            const scale = Math.sqrt(ref[a]![a]! * ref[b]![b]!);
            expect(Math.abs(chol![a]![b]! - ref[a]![b]!)).toBeLessThan(1e-7 * scale);
          }
        }
      }
    });
  }

  it('accumulates the same RSS as a plain sum of squares', () => {
    const { prob } = problem(5, 0, [1, 2, 3], true);
    const acc = new Float64Array(15);
    const rss = sweep(prob, prob.full, acc, true, createSigmoidScratch());
    let ref = 0;
    prob.xs.forEach((x, i) => (ref += (prob.sw[i]! * (FORMS.logistic.value(x, prob.full) - prob.ys[i]!)) ** 2));
    expect(rss).toBeCloseTo(ref, 14);
    expect(acc[14]).toBe(rss);
    expect(sweepRss(prob, prob.full)).toBeCloseTo(ref, 14);
  });

  it('declines an ill-conditioned covariance (the caller uses the pivoted QR)', () => {
    // Two identical columns: JᵀWJ is singular.
    const acc = new Float64Array(15);
    acc[0] = 4; // A00
    acc[1] = 4; // A01
    acc[4] = 4; // A11
    acc[7] = 1; // A22
    const scratch = createSigmoidScratch();
    expect(choleskyCovariance(acc, { idx: [0, 1, 2], rss: 1, m: 10, nFit: 3 }, scratch)).toBeNull();
    expect(choleskyCovariance(acc, { idx: [1, 2], rss: 1, m: 10, nFit: 2 }, scratch)).not.toBeNull();
  });

  it('returns null (QR fallback) for starts that are not finite', () => {
    const { prob } = problem(3, 0, [1, 2, 3], false);
    expect(solveSigmoid(prob, [Number.NaN, 1, 2020], OPTS, createSigmoidScratch())).toBeNull();
  });

  it('gives the same fits with and without the start grid on clearly determined data', () => {
    const rand = mulberry32(77);
    const z = normalFrom(rand);
    for (let s = 0; s < 40; s++) {
      const c = 0.7 + 0.3 * rand();
      const k = 0.5 + 2.5 * rand();
      const x0 = 2019 + 4 * rand();
      const pts: CurvePoint[] = Array.from({ length: 50 }, () => {
        const x = 2016 + 10 * rand();
        return { x, y: FORMS.logistic.value(x, [0.25, c, k, x0]) + 0.02 * z() };
      });
      const quick = fitCurve(pts, { floor: 0.25 });
      const thorough = fitCurve(pts, { floor: 0.25, ambiguity: Infinity, multiStart: 6 });
      expect(quick.rss).toBeLessThanOrEqual(thorough.rss * (1 + 1e-9));
      expect(quick.status).toBe(thorough.status);
      // Both stop within the tolerances (ftol 1e-10), so the estimates agree to about 1e-5.
      expect(Math.abs(quick.se.k! - thorough.se.k!) / thorough.se.k!).toBeLessThan(1e-3);
    }
  });

  it('keeps a Gompertz fit with a free floor as good as the grid search', () => {
    const rand = mulberry32(78);
    const z = normalFrom(rand);
    for (let s = 0; s < 20; s++) {
      const pts: CurvePoint[] = Array.from({ length: 40 }, () => {
        const x = 2016 + 10 * rand();
        return { x, y: FORMS.gompertz.value(x, [0.1, 0.9, 1.2, 2020]) + 0.03 * z() };
      });
      const quick = fitCurve(pts, { form: 'gompertz' });
      const thorough = fitCurve(pts, { form: 'gompertz', ambiguity: Infinity, multiStart: 6 });
      expect(quick.rss).toBeLessThanOrEqual(thorough.rss * (1 + 1e-9));
    }
  });
});

describe('BootstrapPool', () => {
  it('runs several bootstraps on 2 workers with the same results as in-thread', async () => {
    const z = normalFrom(mulberry32(4));
    const sets = [0.9, 1.4, 2.2].map((k) =>
      Array.from({ length: 30 }, (_, i) => {
        const x = 2017 + (7 * i) / 29;
        return { x, y: FORMS.logistic.value(x, [0.25, 0.9, k, 2021]) + 0.02 * z() };
      }),
    );
    const spec = { resamples: 25, seed: 5, fitOptions: { floor: 0.25 } };
    const fits = sets.map((p) => fitCurve(p, { floor: 0.25 }));
    const pool = new BootstrapPool(2);
    try {
      const results = await Promise.all(sets.map((p, i) => pool.run(p, fits[i]!, spec)));
      results.forEach((r, i) => expect(r).toEqual(bootstrapFit(sets[i]!, fits[i]!, spec)));
    } finally {
      await pool.close();
    }
  });
});
