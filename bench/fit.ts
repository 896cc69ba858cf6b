/**
 * Fitting speed and accuracy benchmark: `npx tsx bench/fit.ts` (or import and call `main()`).
 * Prints µs per fit for a 3-parameter logistic (floor fixed) on 60 points over 2,000 generated
 * series next to scipy's curve_fit on the same series (spawned python3, bench/fit_scipy.py), and
 * the time to fit a synthetic 1,000-model × 200-benchmark × 2,000-subtask workspace with and
 * without a 200-resample bootstrap.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrapFit } from '../src-main/core/fit/bootstrap';
import { fitCurve } from '../src-main/core/fit/fitCurve';
import type { CurvePoint } from '../src-main/core/fit/fitCurve';
import { logistic } from '../src-main/core/fit/forms';
import { solveLeastSquares } from '../src-main/core/fit/lm';
import type { SolverModel } from '../src-main/core/fit/lm';
import { mulberry32, normalFrom } from '../src-main/core/fit/rng';

const FLOOR = 0.25;

interface Series {
  x: number[];
  y: number[];
  p0: [number, number, number];
}

function generate(count: number, n: number, seed: number): Series[] {
  const rand = mulberry32(seed);
  const z = normalFrom(rand);
  const out: Series[] = [];
  for (let s = 0; s < count; s++) {
    const c = 0.7 + 0.3 * rand();
    const k = 0.5 + 2.5 * rand();
    const x0 = 2019 + 4 * rand();
    const x = Array.from({ length: n }, () => 2016 + 10 * rand()).sort((a, b) => a - b);
    const y = x.map((xi) => logistic.value(xi, [FLOOR, c, k, x0]) + 0.02 * z());
    // The start a user of curve_fit would write: ceiling at the best score, unit rate, middle of the data.
    const p0: [number, number, number] = [Math.max(...y), 1, x[Math.floor(n / 2)] as number];
    out.push({ x, y, p0 });
  }
  return out;
}

const threeParam: SolverModel<number> = {
  value: (x, p) => logistic.value(x, [FLOOR, p[0] as number, p[1] as number, p[2] as number]),
  gradient: (x, p, out) => {
    const g = new Float64Array(4);
    logistic.gradient(x, [FLOOR, p[0] as number, p[1] as number, p[2] as number], g);
    out[0] = g[1] as number;
    out[1] = g[2] as number;
    out[2] = g[3] as number;
  },
};

function rssOf(s: Series, c: number, k: number, x0: number): number {
  let r = 0;
  for (let i = 0; i < s.x.length; i++) {
    const d = logistic.value(s.x[i] as number, [FLOOR, c, k, x0]) - (s.y[i] as number);
    r += d * d;
  }
  return r;
}

function timeIt<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function compare(ours: number[], ref: (number | null)[]): string {
  let better = 0;
  let equal = 0;
  let worse = 0;
  let refFailed = 0;
  let worst = 0;
  ours.forEach((r, i) => {
    const s = ref[i];
    if (s === null || s === undefined) {
      refFailed++;
      return;
    }
    const rel = (r - s) / s;
    if (rel < -1e-9) better++;
    else if (rel > 1e-9) {
      worse++;
      worst = Math.max(worst, rel);
    } else equal++;
  });
  return `RSS vs scipy: lower on ${better}, equal (±1e-9 rel.) on ${equal}, higher on ${worse}${worse ? ` (worst +${(worst * 100).toPrecision(3)} %)` : ''}, scipy failed on ${refFailed}`;
}

function workspace(seed: number): CurvePoint[][] {
  // 200 benchmarks (each reported by 15–300 of the 1,000 models) and 2,000 subtasks (15–120 models each).
  const rand = mulberry32(seed);
  const z = normalFrom(rand);
  const series: CurvePoint[][] = [];
  for (let s = 0; s < 2200; s++) {
    const n = s < 200 ? 15 + Math.floor(285 * rand()) : 15 + Math.floor(105 * rand());
    const c = 0.6 + 0.4 * rand();
    const k = 0.3 + 3 * rand();
    const x0 = 2018 + 7 * rand();
    const pts: CurvePoint[] = [];
    for (let i = 0; i < n; i++) {
      const x = 2015 + 10 * rand();
      pts.push({ x, y: Math.min(1, Math.max(0, logistic.value(x, [FLOOR, c, k, x0]) + 0.03 * z())) });
    }
    series.push(pts);
  }
  return series;
}

/** Runs the benchmark and prints its figures. */
export function main(): void {
  const series = generate(2000, 60, 42);
  const pts = series.map((s) => s.x.map((x, i) => ({ x, y: s.y[i] as number })));
  for (let i = 0; i < 200; i++) fitCurve(pts[i] as CurvePoint[], { floor: FLOOR });

  const full = timeIt(() => pts.map((p) => fitCurve(p, { floor: FLOOR })));
  const usFull = (full.ms * 1000) / series.length;
  const oursFull = full.value.map((f) => f.rss);
  const statuses = new Map<string, number>();
  for (const f of full.value) statuses.set(f.status, (statuses.get(f.status) ?? 0) + 1);

  const bare = timeIt(() =>
    series.map((s) => solveLeastSquares(threeParam, s.x, s.y, s.p0, { ftol: 1e-10, xtol: 1e-9, covariance: true })),
  );
  const usBare = (bare.ms * 1000) / series.length;
  const oursBare = bare.value.map((r, i) => (r.converged ? rssOf(series[i] as Series, r.params[0] as number, r.params[1] as number, r.params[2] as number) : Number.NaN));

  console.log('Headroom fit benchmark: 3-parameter logistic (floor fixed at 0.25), 60 points, 2,000 seeded series');
  console.log(`  ours, fitCurve (automatic grid starts, multi-start when ambiguous, covariance, statuses): ${usFull.toFixed(1)} µs/fit; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  console.log(`  ours, bare solver from the same p0 as scipy (covariance included):                       ${usBare.toFixed(1)} µs/fit`);

  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-'));
  try {
    const file = path.join(dir, 'series.json');
    writeFileSync(file, JSON.stringify({ floor: FLOOR, series }));
    const py = spawnSync('python3', [path.join(__dirname, 'fit_scipy.py'), file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (py.error || py.status !== 0) {
      console.log(`  scipy reference unavailable (python3 with scipy not found or failed: ${py.error?.message ?? py.stderr.trim().split('\n').pop()}); ours only.`);
    } else {
      const ref = JSON.parse(py.stdout) as { us_per_fit: number; rss: (number | null)[]; failed: number; scipy: string };
      console.log(`  scipy ${ref.scipy} curve_fit (method lm, finite differences, from p0):                        ${ref.us_per_fit.toFixed(1)} µs/fit`);
      console.log(`  speed ratio scipy/ours: full pipeline ${(ref.us_per_fit / usFull).toFixed(2)}×, bare solver ${(ref.us_per_fit / usBare).toFixed(2)}× (goal ≥ 10×)`);
      console.log(`  accuracy, full pipeline: ${compare(oursFull, ref.rss)}`);
      console.log(`  accuracy, bare solver:   ${compare(oursBare, ref.rss)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const ws = workspace(7);
  const sizes = ws.map((s) => s.length);
  const all = timeIt(() => ws.map((s) => fitCurve(s, { floor: FLOOR })));
  console.log(`Workspace: 1,000 models × 200 benchmarks × 2,000 subtasks = ${ws.length} series, ${sizes.reduce((a, b) => a + b, 0)} points (15–300 per series)`);
  console.log(`  fit every series (logistic, floor fixed): ${(all.ms / 1000).toFixed(2)} s`);
  const sampleEvery = 22;
  const subset = ws.map((s, i) => ({ s, f: all.value[i] })).filter((_, i) => i % sampleEvery === 0);
  const boot = timeIt(() => subset.forEach(({ s, f }) => f && bootstrapFit(s, f, { resamples: 200, fitOptions: { floor: FLOOR } })));
  const est = (boot.ms / subset.length) * ws.length;
  console.log(
    `  with a 200-resample bootstrap per series: ${((all.ms + est) / 1000).toFixed(1)} s on one thread — extrapolated from ${subset.length} of ${ws.length} series (every ${sampleEvery}th; ${(boot.ms / 1000).toFixed(1)} s measured), not run in full`,
  );
}

if (require.main === module) main();
