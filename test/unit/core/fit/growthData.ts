/**
 * Seeded noisy growth curves shared by the fit tests and by the scipy reference computation
 * (see growthCurves.test.ts for how the reference RSS literals were produced).
 */
import { mulberry32, normalFrom } from '../../../../src-main/core/fit/rng';

export interface GrowthCase {
  name: string;
  x: number[];
  y: number[];
}

/** Five growth curves: logistic and Richards truths, uneven x, Gaussian noise; fully determined by the seed. */
export function growthCases(): GrowthCase[] {
  const rand = mulberry32(20240315);
  const z = normalFrom(rand);
  const cases: GrowthCase[] = [];
  const truths = [
    { name: 'logistic-mid', f: 0.25, c: 0.92, k: 1.1, x0: 2021, nu: 1, n: 40, sd: 0.03 },
    { name: 'logistic-early', f: 0.25, c: 0.85, k: 0.9, x0: 2023, nu: 1, n: 30, sd: 0.02 },
    { name: 'richards-skew', f: 0.0, c: 0.95, k: 1.4, x0: 2020.5, nu: 0.4, n: 50, sd: 0.025 },
    { name: 'richards-late', f: 0.1, c: 0.8, k: 2.0, x0: 2021.5, nu: 2.5, n: 35, sd: 0.03 },
    { name: 'logistic-noisy', f: 0.5, c: 0.97, k: 1.5, x0: 2021.2, nu: 1, n: 25, sd: 0.05 },
  ];
  for (const t of truths) {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < t.n; i++) {
      const xi = 2017 + 8 * rand();
      const base = t.f + (t.c - t.f) / (1 + t.nu * Math.exp(-t.k * (xi - t.x0))) ** (1 / t.nu);
      x.push(xi);
      y.push(base + t.sd * z());
    }
    cases.push({ name: t.name, x, y });
  }
  return cases;
}
