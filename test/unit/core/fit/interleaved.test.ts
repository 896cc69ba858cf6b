import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrapFit } from '../../../../src-main/core/fit/bootstrap';
import { createFitScratch, fitCurve } from '../../../../src-main/core/fit/fitCurve';
import type { CurvePoint, FitOptions } from '../../../../src-main/core/fit/fitCurve';
import { FORMS } from '../../../../src-main/core/fit/forms';
import { createLmScratch, solveLeastSquares } from '../../../../src-main/core/fit/lm';
import type { SolverModel } from '../../../../src-main/core/fit/lm';
import { mulberry32, normalFrom } from '../../../../src-main/core/fit/rng';

/** Noisy points of a form at x drawn from [a, b) (or from the given xs), unsorted unless asked. */
function series(form: 'logistic' | 'gompertz', p: number[], n: number, seed: number, opts: { gap?: boolean; sorted?: boolean; se?: boolean } = {}): CurvePoint[] {
  const rand = mulberry32(seed);
  const z = normalFrom(rand);
  const pts: CurvePoint[] = [];
  for (let i = 0; i < n; i++) {
    // With a gap, no point lies in the last third before the midpoint: the data leave competing basins.
    let x = 2016 + 10 * rand();
    if (opts.gap && x > 2019 && x < 2021.5) x -= 3;
    pts.push({ x, y: FORMS[form].value(x, p) + 0.02 * z(), ...(opts.se ? { se: 0.01 + 0.03 * rand() } : {}) });
  }
  if (opts.sorted) pts.sort((a, b) => a.x - b.x);
  return pts;
}

/**
 * Fits that exercise every piece of state a fit could leave behind: the fast path with the floor fixed
 * and unit weights (the solver starts from the transform start's accumulator), free floor and ceiling
 * with weights (two transform rounds, √w scratch), ambiguous data (the start grid and the QR solver),
 * the Gompertz, 'auto' (Richards on the QR solver), the power law, and input the checks reject part-way
 * through reading it. Equal lengths on purpose (buffers reused by length) and different ones.
 */
const CASES: { name: string; points: CurvePoint[]; options: FitOptions }[] = [
  { name: 'logistic, floor fixed', points: series('logistic', [0.25, 0.9, 1.4, 2021], 60, 1, { sorted: true }), options: { floor: 0.25 } },
  { name: 'logistic, same length, other data', points: series('logistic', [0.25, 0.8, 0.9, 2020], 60, 2, { sorted: true }), options: { floor: 0.25 } },
  { name: 'logistic, free floor and ceiling, se weights, unsorted', points: series('logistic', [0.2, 0.85, 1.1, 2021], 45, 3, { se: true }), options: { weights: 'se' } },
  { name: 'logistic, ambiguous (gap in x)', points: series('logistic', [0.25, 0.9, 2.5, 2020.5], 30, 4, { gap: true }), options: { floor: 0.25 } },
  { name: 'Gompertz, free floor', points: series('gompertz', [0.1, 0.9, 1.2, 2020], 40, 5), options: { form: 'gompertz' } },
  { name: 'auto', points: series('logistic', [0.25, 0.95, 1.3, 2021], 60, 6), options: { form: 'auto', floor: 0.25 } },
  {
    name: 'power law',
    points: Array.from({ length: 30 }, (_, i) => ({ x: 1 + i * 3, y: 0.2 + 0.5 * (1 + i * 3) ** -0.4 + 0.002 * Math.sin(i) })),
    options: { form: 'power', higherIsBetter: false },
  },
  {
    name: 'rejected after reading part of the points',
    points: series('logistic', [0.25, 0.9, 1.4, 2021], 60, 7).map((p, i) => (i === 40 ? { x: p.x, y: Number.NaN } : p)),
    options: { floor: 0.25 },
  },
];

describe('fits do not pass state to one another', () => {
  it('fits A, then B, then A again with one shared scratch and gets the same A as with a fresh scratch, bit for bit', () => {
    // A (the power law) runs on the QR solver only, B on the fast path: nothing of B's may reach A.
    const a = CASES[6];
    const b = CASES[2];
    const alone = fitCurve(a!.points, a!.options, createFitScratch());
    const shared = createFitScratch();
    const first = fitCurve(a!.points, a!.options, shared);
    fitCurve(b!.points, b!.options, shared);
    const again = fitCurve(a!.points, a!.options, shared);
    expect(first).toStrictEqual(alone);
    expect(again).toStrictEqual(alone);
  });

  it('gives bit-identical results for each series whatever was fitted before it in the same scratch', () => {
    const fresh = CASES.map((c) => fitCurve(c.points, c.options, createFitScratch()));
    expect(fresh.map((f) => f.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'bad-input']);
    // Every case after every other case (and after itself), in both directions, all in one scratch.
    const shared = createFitScratch();
    for (let a = 0; a < CASES.length; a++) {
      for (let b = 0; b < CASES.length; b++) {
        const ca = CASES[a]!;
        const cb = CASES[b]!;
        fitCurve(cb.points, cb.options, shared);
        expect(fitCurve(ca.points, ca.options, shared), `${ca.name} after ${cb.name}`).toStrictEqual(fresh[a]);
      }
    }
  });

  it('gives the same bootstrap when other fits run between its resamples (the generator pauses there)', () => {
    const pts = CASES[0]!.points;
    const fit = fitCurve(pts, { floor: 0.25 });
    const spec = { resamples: 20, seed: 3, fitOptions: { floor: 0.25 }, crossings: { saturation: 0.85 } };
    const alone = bootstrapFit(pts, fit, spec);
    const others = CASES.slice(2);
    let i = 0;
    const interleaved = bootstrapFit(pts, fit, spec, {
      progress: {
        report: () => {
          const c = others[i++ % others.length]!;
          fitCurve(c.points, c.options);
        },
      },
    });
    expect(interleaved).toStrictEqual(alone);
    expect(alone.completed).toBeGreaterThan(15);
  });
});

describe('the QR solver with a kept scratch', () => {
  it('gives bit-identical results with work arrays kept from other solves as with new ones', () => {
    const model: SolverModel<number> = { value: (x, p) => FORMS.logistic.value(x, p), gradient: (x, p, out) => FORMS.logistic.gradient(x, p, out) };
    const problems = [1, 2, 3, 1].map((c) => CASES[c]!.points.filter((p) => Number.isFinite(p.y)));
    const solve = (pts: CurvePoint[], scratch?: ReturnType<typeof createLmScratch>) =>
      solveLeastSquares(model, pts.map((p) => p.x), pts.map((p) => p.y), [0.2, 0.9, 1, 2020], { ftol: 1e-10, xtol: 1e-9, ...(scratch ? { scratch } : {}) });
    const scratch = createLmScratch();
    // The last problem is the first again (60 points): it runs in the arrays the first one left.
    const kept = problems.map((pts) => solve(pts, scratch));
    const fresh = problems.map((pts) => solve(pts));
    expect(kept).toStrictEqual(fresh);
    expect(kept[0]).toStrictEqual(kept[3]);
    expect(kept.every((r) => r.converged)).toBe(true);
  });
});

describe('the fitting engine', () => {
  it('keeps no mutable state at module level (no top-level let, no buffers or maps made at load)', () => {
    const dir = path.join(__dirname, '../../../../src-main/core/fit');
    const offending: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      readFileSync(path.join(dir, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^(export )?(let|var) /.test(line) || /^(export )?const \w+(: [^=]+)? = (new |Array\.from\()/.test(line)) offending.push(`${file}:${i + 1}: ${line}`);
        });
    }
    expect(offending).toEqual([]);
  });
});
