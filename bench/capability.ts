/**
 * Capability-model speed and recovery: `npx tsx bench/capability.ts` (or import and call `main()`).
 * Generates a synthetic workspace from the model itself (1,000 models × 200 benchmarks, ~75% coverage ≈ 150k
 * results, binomial scores on 50–2,000 items, 1% gross outliers), fits θ, d and a, and prints the fit time, sweeps,
 * time per sweep, the recovery correlation of θ (and d, a), the coverage of θ ± 1.96·se, and the same figures for
 * the reference in the same process: θ as each model's mean empirical logit (what a per-model average gives).
 *
 *   npx tsx bench/capability.ts
 *   MODELS=2000 ITEMS=400 npx tsx bench/capability.ts
 */
import { empiricalLogit, fitCapabilityModel, sigmoid, type CapabilityData } from '../src-main/core/capability/model';
import { mulberry32, normalFrom } from '../src-main/core/fit/rng';
import { pearson } from '../src-main/core/fit/stats';
import { headline } from './headline';


/** Data drawn from the model: θ ~ N(0,1), d ~ N(0,1.2²), a = 1.5·e^N(0,0.3²), misfit τ = 0.3 logit, 1% outliers. */
export function generate(nModels: number, nItems: number, coverage: number, seed: number) {
  const u = mulberry32(seed);
  const z = normalFrom(u);
  const theta = Float64Array.from({ length: nModels }, () => z());
  const d = Float64Array.from({ length: nItems }, () => 1.2 * z());
  const a = Float64Array.from({ length: nItems }, () => 1.5 * Math.exp(0.3 * z()));
  const items = Int32Array.from({ length: nItems }, () => Math.round(50 * 40 ** u()));
  const model: number[] = [];
  const item: number[] = [];
  const y: number[] = [];
  const v: number[] = [];
  for (let m = 0; m < nModels; m++) {
    for (let j = 0; j < nItems; j++) {
      if (u() > coverage) continue;
      const n = items[j]!;
      let p = sigmoid(a[j]! * (theta[m]! - d[j]!) + 0.3 * z());
      if (u() < 0.01) p = u();
      const k = Math.min(n, Math.max(0, Math.round(n * p + z() * Math.sqrt(n * p * (1 - p)))));
      const h = k / n;
      const pt = (k + 0.5) / (n + 1);
      const e = empiricalLogit(h, Math.sqrt((pt * (1 - pt)) / n), n);
      model.push(m);
      item.push(j);
      y.push(e.y);
      v.push(e.v);
    }
  }
  const data: CapabilityData = { nModels, nItems, model: Int32Array.from(model), item: Int32Array.from(item), y: Float64Array.from(y), v: Float64Array.from(v) };
  return { data, theta, d, a };
}

export function main(): void {
  const nModels = Number(process.env['MODELS'] ?? 1000);
  const nItems = Number(process.env['ITEMS'] ?? 200);
  const t0 = performance.now();
  const { data, theta, d, a } = generate(nModels, nItems, 0.75, 2026);
  const genMs = performance.now() - t0;
  const N = data.y.length;

  // Reference in the same process: each model's mean empirical logit.
  const r0 = performance.now();
  const sum = new Float64Array(nModels);
  const cnt = new Float64Array(nModels);
  for (let i = 0; i < N; i++) {
    sum[data.model[i]!]! += data.y[i]!;
    cnt[data.model[i]!]!++;
  }
  const naive = sum.map((s, m) => s / Math.max(1, cnt[m]!));
  const refMs = performance.now() - r0;

  // Warm-up on a small problem so the figure is the steady-state JIT's, then the real fit.
  fitCapabilityModel(generate(100, 20, 0.75, 1).data);
  const f0 = performance.now();
  const fit = fitCapabilityModel(data);
  const fitMs = performance.now() - f0;

  // θ is identified up to the standardization; compare against the truth standardized the same way.
  const mean = theta.reduce((s, x) => s + x, 0) / nModels;
  const sd = Math.sqrt(theta.reduce((s, x) => s + (x - mean) ** 2, 0) / nModels);
  let covered = 0;
  let absErr = 0;
  for (let m = 0; m < nModels; m++) {
    const truth = (theta[m]! - mean) / sd;
    const err = Math.abs(fit.theta[m]! - truth);
    absErr += err;
    if (err <= 1.96 * fit.thetaSe[m]!) covered++;
  }
  const rows = [
    ['observations', N.toLocaleString('en-US'), ''],
    ['generate data', `${genMs.toFixed(0)} ms`, ''],
    ['capability fit', `${fitMs.toFixed(0)} ms`, `${fit.sweeps} sweeps, ${(fitMs / fit.sweeps).toFixed(2)} ms/sweep, converged ${fit.converged}`],
    ['reference (mean logit)', `${refMs.toFixed(1)} ms`, `fit/reference time ratio ${(fitMs / Math.max(refMs, 0.01)).toFixed(0)}×`],
    ['corr(θ̂, θ)', pearson(fit.theta, theta).toFixed(4), `reference ${pearson(naive, theta).toFixed(4)}`],
    ['corr(d̂, d)', pearson(fit.difficulty, d).toFixed(4), ''],
    ['corr(â, a)', pearson(fit.slope, a).toFixed(4), ''],
    ['mean |θ̂ − θ| (sd units)', (absErr / nModels).toFixed(4), ''],
    ['θ ± 1.96·se coverage', `${((100 * covered) / nModels).toFixed(1)}%`, 'Laplace, conditional on items'],
    ['misfit τ (logit)', Math.sqrt(fit.tau2).toFixed(3), 'generated with 0.3'],
  ];
  console.log(`capability model: ${nModels} models × ${nItems} benchmarks`);
  for (const [k, v, note] of rows) console.log(`  ${k!.padEnd(26)} ${v!.padStart(12)}  ${note}`);
  headline({
    bench: 'capability',
    measure: `capability model fit, ${nModels.toLocaleString('en-US')} models × ${nItems} benchmarks (${N.toLocaleString('en-US')} results)`,
    value: `${fitMs.toFixed(0)} ms`,
    reference: `mean-logit baseline ${refMs.toFixed(1)} ms`,
    ratio: `corr(θ̂, θ) ${pearson(fit.theta, theta).toFixed(3)} vs ${pearson(naive, theta).toFixed(3)}`,
  });
}

if (process.argv[1] && /capability\.ts$/.test(process.argv[1])) main();
