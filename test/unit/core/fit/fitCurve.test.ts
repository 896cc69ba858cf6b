import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFit, fitCurve, fitForm, inverseFit } from '../../../../src-main/core/fit/fitCurve';
import { pointWeights } from '../../../../src-main/core/fit/inputs';
import { aicc } from '../../../../src-main/core/fit/verdict';
import type { CurvePoint } from '../../../../src-main/core/fit/fitCurve';
import { FORMS } from '../../../../src-main/core/fit/forms';
import { mulberry32, normalFrom } from '../../../../src-main/core/fit/rng';

function generate(
  form: 'logistic' | 'gompertz' | 'richards',
  p: number[],
  opts: { n?: number; sd?: number; seed?: number; x0?: number; x1?: number } = {},
): CurvePoint[] {
  const rand = mulberry32(opts.seed ?? 7);
  const z = normalFrom(rand);
  const n = opts.n ?? 50;
  const a = opts.x0 ?? 2016;
  const b = opts.x1 ?? 2026;
  const out: CurvePoint[] = [];
  for (let i = 0; i < n; i++) {
    const x = a + ((b - a) * i) / (n - 1);
    out.push({ x, y: FORMS[form].value(x, p) + (opts.sd ?? 0.01) * z() });
  }
  return out;
}

describe('fitCurve', () => {
  it('recovers the parameters of a generated logistic with fixed floor', () => {
    const pts = generate('logistic', [0.25, 0.9, 1.2, 2021], { sd: 0.01 });
    const r = fitCurve(pts, { form: 'logistic', floor: 0.25 });
    expect(r.status).toBe('ok');
    expect(r.params.ceiling).toBeCloseTo(0.9, 1);
    expect(Math.abs(r.params.k! - 1.2)).toBeLessThan(4 * r.se.k!);
    expect(Math.abs(r.params.x0! - 2021)).toBeLessThan(4 * r.se.x0!);
    expect(r.fixed).toEqual({ floor: 0.25 });
    expect(r.se.floor).toBe(0);
    expect(r.freeParams).toEqual(['ceiling', 'k', 'x0']);
  });

  it('recovers the parameters of a generated logistic with floor and ceiling free', () => {
    const pts = generate('logistic', [0.3, 0.95, 1.5, 2021], { sd: 0.005, n: 80 });
    const r = fitCurve(pts, { form: 'logistic' });
    expect(r.status).toBe('ok');
    expect(r.params.floor).toBeCloseTo(0.3, 2);
    expect(r.params.ceiling).toBeCloseTo(0.95, 2);
    expect(r.params.k).toBeCloseTo(1.5, 1);
    expect(r.params.x0).toBeCloseTo(2021, 1);
  });

  it('recovers a generated Gompertz and Richards curve', () => {
    const g = fitCurve(generate('gompertz', [0.1, 0.9, 0.8, 2020.5], { sd: 0.005 }), { form: 'gompertz', floor: 0.1 });
    expect(g.status).toBe('ok');
    expect(g.params.k).toBeCloseTo(0.8, 1);
    expect(g.params.x0).toBeCloseTo(2020.5, 1);
    const r = fitCurve(generate('richards', [0, 1, 1.5, 2021, 0.5], { sd: 0.002, n: 120 }), { form: 'richards', floor: 0, ceiling: 1 });
    expect(r.status).toBe('ok');
    expect(r.params.nu).toBeCloseTo(0.5, 1);
    expect(r.params.k).toBeCloseTo(1.5, 1);
  });

  it('fits a decreasing metric (lower is better) with the same formulas', () => {
    const pts = generate('logistic', [0.8, 0.05, 1, 2021], { sd: 0.01 });
    const r = fitCurve(pts, { form: 'logistic', floor: 0.8, higherIsBetter: false });
    expect(r.status).toBe('ok');
    expect(r.params.ceiling).toBeCloseTo(0.05, 1);
    expect(r.params.k).toBeGreaterThan(0);
  });

  it('fits a power law with an irreducible term', () => {
    const rand = normalFrom(mulberry32(3));
    const pts: CurvePoint[] = [];
    for (let i = 0; i < 40; i++) {
      const x = 10 ** (19 + (6 * i) / 39);
      pts.push({ x, y: 1.7 + 3 * (x / 1e22) ** -0.15 + 0.005 * rand() });
    }
    const r = fitCurve(pts, { form: 'power', higherIsBetter: false });
    expect(r.status).toBe('ok');
    expect(r.params.E).toBeCloseTo(1.7, 0);
    expect(r.params.alpha).toBeCloseTo(0.15, 1);
    expect(evaluateFit(r, 1e22)).toBeCloseTo(4.7, 1);
  });

  it('chooses among forms by AICc with form auto', () => {
    const pts = generate('gompertz', [0, 1, 1.2, 2021], { sd: 0.003, n: 80 });
    const r = fitCurve(pts, { form: 'auto', floor: 0, ceiling: 1 });
    expect(r.status).toBe('ok');
    expect(r.candidates).toHaveLength(3);
    const best = Math.min(...r.candidates!.filter((c) => c.status === 'ok').map((c) => c.aicc!));
    expect(r.aicc).toBe(best);
    expect(['gompertz', 'richards']).toContain(r.form);
  });

  it('weights points by 1/se² and by binomial variance', () => {
    const w = pointWeights([{ x: 0, y: 0.5, se: 0.1 }, { x: 1, y: 0.5, se: 0.2 }], 'se');
    expect('weights' in w).toBe(true);
    if ('weights' in w) {
      expect(w.weights[0]).toBeCloseTo(100, 10);
      expect(w.weights[1]).toBeCloseTo(25, 10);
    }
    const b = pointWeights([{ x: 0, y: 1, n: 100 }, { x: 1, y: 0.5, n: 100 }], 'binomial');
    expect('weights' in b).toBe(true);
    if ('weights' in b) {
      expect(Number.isFinite(b.weights[0]!)).toBe(true);
      expect(b.weights[0]!).toBeGreaterThan(b.weights[1]!);
      expect(b.weights[1]).toBeCloseTo(100 / (0.5 * 0.5), 6);
    }
    const bad = pointWeights([{ x: 0, y: 1, se: 0 }], 'se');
    expect('error' in bad && bad.error).toMatch(/se = 0/);
  });

  it('computes AICc from the Gaussian log-likelihood', () => {
    // n = 10, RSS = 2, 3 curve parameters: K = 4; AIC = 10 ln(2π·0.2) + 10 + 8.
    const expected = 10 * Math.log(2 * Math.PI * 0.2) + 10 + 8 + (2 * 4 * 5) / 5;
    expect(aicc(2, 10, 3)).toBeCloseTo(expected, 12);
    expect(aicc(2, 5, 3)).toBeNull();
  });

  it('keeps the fitted curve the same under a shift of x (property)', () => {
    const pts = generate('logistic', [0.25, 0.9, 1.2, 2021], { sd: 0.01, n: 30 });
    const base = fitCurve(pts, { form: 'logistic', floor: 0.25 });
    fc.assert(
      fc.property(fc.double({ min: -500, max: 500, noNaN: true }), (shift) => {
        const r = fitCurve(
          pts.map((p) => ({ x: p.x + shift, y: p.y })),
          { form: 'logistic', floor: 0.25 },
        );
        expect(r.status).toBe('ok');
        expect(Math.abs(r.rss - base.rss) / base.rss).toBeLessThan(1e-6);
        expect(r.params.x0! - shift).toBeCloseTo(base.params.x0!, 4);
      }),
      { numRuns: 25 },
    );
  });

  it('inverts the fitted curve at a y between floor and ceiling', () => {
    const fit = { form: 'richards' as const, params: { floor: 0, ceiling: 1, k: 2, x0: 3, nu: 0.7 } };
    const x = inverseFit(fit, 0.8);
    expect(evaluateFit(fit, x)).toBeCloseTo(0.8, 12);
    expect(Number.isNaN(inverseFit(fit, 1.2))).toBe(true);
  });
});

describe('fitCurve on bad and degenerate input', () => {
  const good = generate('logistic', [0.25, 0.9, 1.2, 2021], { n: 20 });

  it('reports NaN and infinite values as bad input naming the point', () => {
    const r = fitCurve([...good, { x: Number.NaN, y: 0.5 }], { floor: 0.25 });
    expect(r.status).toBe('bad-input');
    expect(r.message).toMatch(/point 20 has x = NaN/);
    const r2 = fitCurve([...good, { x: 2022, y: Infinity }], { floor: 0.25 });
    expect(r2.status).toBe('bad-input');
    expect(r2.message).toMatch(/y = Infinity/);
  });

  it('reports fewer distinct x than parameters as not enough data', () => {
    const r = fitCurve(
      [
        { x: 1, y: 0.3 },
        { x: 1, y: 0.4 },
        { x: 2, y: 0.6 },
        { x: 2, y: 0.7 },
      ],
      { floor: 0.25 },
    );
    expect(r.status).toBe('not-enough-data');
    expect(r.message).toMatch(/2 distinct x values cannot determine 3 parameters/);
  });

  it('reports fewer points than parameters plus one as not enough data', () => {
    const r = fitCurve(good.slice(0, 3), { floor: 0.25 });
    expect(r.status).toBe('not-enough-data');
    expect(fitCurve([], {}).status).toBe('not-enough-data');
  });

  it('fits data with duplicate x values and says so', () => {
    const dup = [...good, ...good.map((p) => ({ x: p.x, y: p.y + 0.005 }))];
    const r = fitCurve(dup, { floor: 0.25 });
    expect(r.status).toBe('ok');
    expect(r.warnings.join(' ')).toMatch(/share an x value/);
  });

  it('reports all-equal y as not identifiable', () => {
    const r = fitCurve(good.map((p) => ({ x: p.x, y: 0.5 })), { floor: 0.25 });
    expect(r.status).toBe('not-identifiable');
    expect(r.message).toMatch(/all 20 y values are equal/);
  });

  it('reports values beyond the fixed ceiling or outside the score range as bad input', () => {
    const r = fitCurve([...good, { x: 2025, y: 1.3 }], { floor: 0.25, ceiling: 1 });
    expect(r.status).toBe('bad-input');
    expect(r.message).toMatch(/far above the fixed ceiling 1/);
    const r2 = fitCurve(good.map((p) => ({ x: p.x, y: p.y * 100 })), { floor: 0.25, scoreRange: [0, 1] });
    expect(r2.status).toBe('bad-input');
    expect(r2.message).toMatch(/outside the score range/);
  });

  it('keeps a score a little below the floor as noise but refuses one far below it', () => {
    const r = fitCurve([...good, { x: 2016.1, y: 0.23 }], { floor: 0.25, ceiling: 1 });
    expect(r.status).toBe('ok');
    expect(r.warnings.join(' ')).toMatch(/below the fixed floor/);
    const r2 = fitCurve([...good, { x: 2016.1, y: -0.5 }], { floor: 0.25, ceiling: 1 });
    expect(r2.status).toBe('bad-input');
  });

  it('refuses a ceiling on the wrong side of the floor', () => {
    expect(fitCurve(good, { floor: 0.9, ceiling: 0.25 }).status).toBe('bad-input');
  });

  it('reports a transition outside the data as not identifiable instead of a wild curve', () => {
    // Only the flat start of a curve whose rise happens years later.
    const early = generate('logistic', [0.25, 0.9, 1.2, 2030], { x0: 2016, x1: 2020, sd: 0.01, n: 30 });
    const r = fitCurve(early, { floor: 0.25 });
    expect(r.status).toBe('not-identifiable');
    expect(r.message.length).toBeGreaterThan(10);
  });

  it('reports a power law on non-positive x as bad input', () => {
    const r = fitCurve([{ x: 0, y: 3 }, ...good.map((p) => ({ x: p.x - 2000, y: p.y }))], { form: 'power' });
    expect(r.status).toBe('bad-input');
    expect(r.message).toMatch(/x > 0/);
  });

  it('never throws on random input (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.double(), y: fc.double() }), { maxLength: 12 }),
        fc.constantFrom('logistic', 'gompertz', 'richards', 'power', 'auto') ,
        (pts, form) => {
          const r = fitForm(form === 'auto' ? 'logistic' : form, pts, {});
          expect(['ok', 'not-enough-data', 'not-identifiable', 'failed', 'bad-input']).toContain(r.status);
          expect(typeof r.message).toBe('string');
        },
      ),
      { numRuns: 200 },
    );
  });
});
