import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { solveLeastSquares } from '../../../../src-main/core/fit/lm';
import { sharedData } from '../../../helpers/sharedData';
import { NELSON_MODEL, NIST_MODELS, digits, parseNistDat } from './nistProblems';
import type { NistDataset } from './nistProblems';

const dir = sharedData('nist_strd');
const datasets: NistDataset[] = readdirSync(dir)
  .filter((f) => f.endsWith('.dat'))
  .sort()
  .map((f) => parseNistDat(path.basename(f, '.dat'), readFileSync(path.join(dir, f), 'utf8')));

function solve(ds: NistDataset, start: number[], finiteDifferences: boolean) {
  if (ds.name === 'Nelson') {
    const model = finiteDifferences ? { value: NELSON_MODEL.value } : NELSON_MODEL;
    const xs = ds.rows.map((r) => [r[1]!, r[2]!] as const);
    return solveLeastSquares(model, xs, ds.rows.map((r) => Math.log(r[0]!)), start);
  }
  const m = NIST_MODELS[ds.name];
  if (!m) throw new Error(`no model for ${ds.name}`);
  const model = finiteDifferences ? { value: m.value } : m;
  return solveLeastSquares(model, ds.rows.map((r) => r[1]!), ds.rows.map((r) => r[0]!), start);
}

describe('NIST StRD nonlinear regression', () => {
  it('finds all 22 problems in the shared data folder', () => {
    expect(datasets).toHaveLength(22);
  });

  for (const ds of datasets) {
    for (const [label, start] of [
      ['Start 1', ds.start1],
      ['Start 2', ds.start2],
    ] as const) {
      for (const fd of [false, true]) {
        it(`reaches the certified RSS and parameters of ${ds.name} from ${label} with ${fd ? 'finite-difference' : 'analytic'} derivatives`, () => {
          const r = solve(ds, start, fd);
          expect(r.converged).toBe(true);
          if (ds.name === 'Lanczos1') {
            // Certified 1.43e-25 is below float64 reproducibility (SOURCE.txt): absolute tolerance.
            expect(Math.abs(r.rss - ds.certifiedRss)).toBeLessThan(1e-20);
          } else {
            expect(digits(r.rss, ds.certifiedRss)).toBeGreaterThanOrEqual(9);
          }
          for (let i = 0; i < ds.certified.length; i++) {
            expect(digits(r.params[i]!, ds.certified[i]!), `b${i + 1}`).toBeGreaterThanOrEqual(6);
          }
        });
      }
    }
    it(`matches the certified standard deviations of ${ds.name} to 3 digits`, () => {
      const r = solve(ds, ds.start2, false);
      if (ds.name === 'Lanczos1') return; // its residuals are rounding noise, so are its certified SDs
      for (let i = 0; i < ds.certified.length; i++) {
        expect(digits(Math.sqrt(r.cov![i]![i]!), ds.certifiedSd[i]!)).toBeGreaterThanOrEqual(3);
      }
    });
  }
});
