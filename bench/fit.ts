/**
 * Fitting speed and accuracy benchmark: `npx tsx bench/fit.ts` (or import and call `main()`).
 *
 * Part 1: µs per fit for a 3-parameter logistic (floor fixed) on 60 points over 2,000 generated
 * series, next to scipy's curve_fit on the same series in the same run (spawned python3,
 * bench/fit_scipy.py), with the ratio and an RSS comparison series by series. Ours is timed as
 *   - fitCurve: the full pipeline (input checks, automatic starts, multi-start when the data are
 *     ambiguous, covariance, statuses), headline figure, timed as the app ships it: fit/fitCurve.ts
 *     bundled by esbuild (CommonJS, no keepNames, as electron-vite's main build) and evaluated with
 *     node:vm outside tsx's loader, whose transform wraps every function in a `__name(...)` call
 *     (see loadBundledFitCurve); the same fitCurve as tsx loads it is timed too, for comparison;
 *   - the fast solver from scipy's p0 (plus covariance), and the general QR solver from p0.
 * Each of ours gets WARMUP untimed warm-up passes over all series (V8 compiles the hot code), then
 * PASSES timed passes; scipy gets SCIPY_PASSES timed passes, one python3 process each (20-fit
 * warm-up), run between fitCurve's timed passes so both meet the same load. Medians are
 * reported as wall time, process CPU time and the main thread's CPU time (the machine is shared:
 * CPU time is steadier than wall time; process CPU also counts V8's background GC and compiler
 * threads, the main thread's does not; scipy runs in one thread).
 *
 * Part 2 (skipped with FIT_WORKSPACE=0): a synthetic 1,000-model × 200-benchmark × 2,000-subtask
 * workspace (2,200 series): every series fitted in this thread (the bundled fitCurve), then a
 * 200-resample bootstrap of every series on a pool of 2 worker threads (BootstrapPool), all measured;
 * plus the single-thread bootstrap rate on every 22nd series, from which the one-thread total is
 * extrapolated (and labelled so).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { bootstrapFit } from '../src-main/core/fit/bootstrap';
import { BootstrapPool } from '../src-main/core/fit/bootstrapRunner';
import { ACC_LEN, choleskyCovariance, createSigmoidScratch, solveSigmoid } from '../src-main/core/fit/fastSigmoid';
import type { SigmoidProblem } from '../src-main/core/fit/fastSigmoid';
import { createFitScratch, fitCurve } from '../src-main/core/fit/fitCurve';
import type { CurveFit, CurvePoint } from '../src-main/core/fit/fitCurve';
import { logistic } from '../src-main/core/fit/forms';
import { createLmScratch, solveLeastSquares } from '../src-main/core/fit/lm';
import type { SolverModel } from '../src-main/core/fit/lm';
import { mulberry32, normalFrom } from '../src-main/core/fit/rng';
import { headline } from './headline';

const FLOOR = 0.25;
/** Timed passes: medians of 9 steady the figures on a shared machine. */
const PASSES = 9;
/** Untimed passes (of 2,000 fits) first: fitCurve's code settles only after 3–4 of them. */
const WARMUP = 5;
const SCIPY_PASSES = 5;

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

/** The 3-parameter logistic for the general solver, without allocations per call. */
const full4 = new Float64Array(4);
const grad4 = new Float64Array(4);
const threeParam: SolverModel<number> = {
  value: (x, p) => {
    full4[0] = FLOOR;
    full4[1] = p[0] as number;
    full4[2] = p[1] as number;
    full4[3] = p[2] as number;
    return logistic.value(x, full4);
  },
  gradient: (x, p, out) => {
    full4[0] = FLOOR;
    full4[1] = p[0] as number;
    full4[2] = p[1] as number;
    full4[3] = p[2] as number;
    logistic.gradient(x, full4, grad4);
    out[0] = grad4[1] as number;
    out[1] = grad4[2] as number;
    out[2] = grad4[3] as number;
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

interface Timing<T> {
  /** Median wall µs per item over the passes. */
  us: number;
  /** Median process-CPU µs per item (user + system; includes any other thread of this process). */
  cpuUs: number;
  /**
   * Median µs per item that this (the main) thread spent running, from the kernel's per-thread
   * scheduler statistics (Linux /proc/self/task/<pid>/schedstat, nanoseconds); NaN elsewhere. Unlike
   * process CPU it leaves out V8's background threads (concurrent GC marking, parallel scavenge
   * helpers, the optimising compiler), and unlike wall time it leaves out time spent descheduled.
   */
  threadUs: number;
  passes: number[];
  /** Wall µs per item of the first (cold) pass. */
  coldUs: number;
  value: T;
}

/** Nanoseconds the main thread has run so far (see Timing.threadUs), or NaN when unavailable. */
function threadRunNs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return ((s[Math.floor(h)] as number) + (s[Math.ceil(h)] as number)) / 2;
};

/**
 * WARMUP untimed passes (the first one's wall time is kept as `coldUs`), then `passes` timed passes;
 * medians per item. V8 needs a few thousand fits to compile the pipeline with TurboFan and settle its
 * object shapes (a few deoptimise-and-recompile rounds of background compile; the cold first pass this bench
 * prints shows their cost, docs/methods.md, "Speed").
 */
function timePasses<T>(items: number, passes: number, fn: () => T, warmup = WARMUP, after?: (pass: number) => void): Timing<T> {
  const t0 = performance.now();
  let value = fn();
  const coldUs = ((performance.now() - t0) * 1000) / items;
  for (let r = 1; r < warmup; r++) value = fn();
  const walls: number[] = [];
  const cpus: number[] = [];
  const threads: number[] = [];
  for (let r = 0; r < passes; r++) {
    const c0 = process.cpuUsage();
    const n0 = threadRunNs();
    const t0 = performance.now();
    value = fn();
    const ms = performance.now() - t0;
    const n1 = threadRunNs();
    const cu = process.cpuUsage(c0);
    walls.push((ms * 1000) / items);
    cpus.push((cu.user + cu.system) / items);
    threads.push((n1 - n0) / 1000 / items);
    after?.(r);
  }
  return { us: median(walls), cpuUs: median(cpus), threadUs: median(threads), passes: walls, coldUs, value };
}

function compare(ours: number[], ref: (number | null)[]): string {
  let notWorse = 0;
  let better = 0;
  let worse = 0;
  let refFailed = 0;
  let worst = 0;
  ours.forEach((r, i) => {
    const s = ref[i];
    if (s === null || s === undefined) {
      refFailed++;
      return;
    }
    if (r <= s * (1 + 1e-9)) notWorse++;
    else {
      worse++;
      worst = Math.max(worst, (r - s) / s);
    }
    if (r < s * (1 - 1e-9)) better++;
  });
  return `RSS ≤ scipy·(1 + 1e-9) on ${notWorse} (of which lower by > 1e-9 rel.: ${better}), higher on ${worse}${worse ? ` (worst +${(worst * 100).toPrecision(3)} %)` : ''}; scipy failed on ${refFailed}`;
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

const fmt = (t: Timing<unknown>): string =>
  `${t.us.toFixed(1)} µs/fit wall (CPU ${t.cpuUs.toFixed(1)}, main thread ${t.threadUs.toFixed(1)}; passes ${t.passes.map((v) => v.toFixed(0)).join('/')}; cold first pass ${t.coldUs.toFixed(0)})`;

/**
 * fitCurve as the app ships it: src-main/core/fit/fitCurve.ts and its imports bundled by esbuild into
 * one CommonJS file (platform node, no keepNames, no minification; electron-vite's main build is
 * esbuild's transform plus a rollup bundle, also without keepNames) and evaluated with node:vm, so
 * tsx's loader never sees it. Under tsx every function otherwise runs inside esbuild's keepNames
 * `__name(...)` wrappers. Null when esbuild cannot be loaded (it comes with tsx).
 */
async function loadBundledFitCurve(): Promise<{ fitCurve: typeof fitCurve; createFitScratch: typeof createFitScratch } | null> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  const entry = path.join(__dirname, '../src-main/core/fit/fitCurve.ts');
  const out = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
  const code = out.outputFiles[0]?.text;
  if (!code) return null;
  const mod: { exports: { fitCurve?: typeof fitCurve; createFitScratch?: typeof createFitScratch } } = { exports: {} };
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: 'fitCurve.bundle.cjs' }) as (
    e: unknown,
    r: NodeJS.Require,
    m: unknown,
    f: string,
    d: string,
  ) => void;
  wrapper(mod.exports, require, mod, entry, path.dirname(entry));
  const { fitCurve: fit, createFitScratch: create } = mod.exports;
  return fit && create ? { fitCurve: fit, createFitScratch: create } : null;
}

/** What bench/fit_scipy.py prints for one run (here always one timed pass). */
interface ScipyPass {
  us_per_fit: number;
  cpu_us_per_fit: number;
  thread_us_per_fit: number;
  passes: number[];
  rss: (number | null)[];
  failed: number;
  scipy: string;
}

/** One timed scipy pass over the series in `file` (a python3 process); an error message when it cannot run. */
function scipyPass(file: string): ScipyPass | string {
  const py = spawnSync('python3', [path.join(__dirname, 'fit_scipy.py'), file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (py.error || py.status !== 0) return py.error?.message ?? py.stderr.trim().split('\n').pop() ?? `exit status ${py.status}`;
  return JSON.parse(py.stdout) as ScipyPass;
}

/** Runs the benchmark and prints its figures. */
export async function main(): Promise<void> {
  const series = generate(2000, 60, 42);
  const pts = series.map((s) => s.x.map((x, i) => ({ x, y: s.y[i] as number })));

  const bundled = await loadBundledFitCurve();
  const shipped = bundled?.fitCurve ?? fitCurve;
  // One scratch for every fit, as the app's loops keep one (a bootstrap, a workspace refit).
  const shippedScratch = bundled ? bundled.createFitScratch() : createFitScratch();
  const tsxScratch = createFitScratch();
  // scipy's passes run between fitCurve's timed passes (one python3 process per pass, which times
  // itself), so that both meet the same phases of a shared machine's load.
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-'));
  const file = path.join(dir, 'series.json');
  writeFileSync(file, JSON.stringify({ floor: FLOOR, repeats: 1, series }));
  const scipyPasses: ScipyPass[] = [];
  let scipyError: string | null = null;
  const full = timePasses(
    series.length,
    PASSES,
    () => pts.map((p) => shipped(p, { floor: FLOOR }, shippedScratch)),
    WARMUP,
    (pass) => {
      if (pass >= SCIPY_PASSES || scipyError !== null) return;
      const r = scipyPass(file);
      if (typeof r === 'string') scipyError = r;
      else scipyPasses.push(r);
    },
  );
  const viaTsx = bundled ? timePasses(series.length, PASSES, () => pts.map((p) => fitCurve(p, { floor: FLOOR }, tsxScratch))) : null;
  const oursFull = full.value.map((f) => f.rss);
  const statuses = new Map<string, number>();
  for (const f of full.value) statuses.set(f.status, (statuses.get(f.status) ?? 0) + 1);

  // The fast solver from scipy's p0, with the same bounds fitCurve would use, plus the covariance.
  const sw = new Float64Array(60).fill(1);
  // One scratch and one result accumulator for all series, as a caller fitting many series keeps them.
  const scratch = createSigmoidScratch();
  const acc = new Float64Array(ACC_LEN);
  const fast = timePasses(series.length, PASSES, () =>
    series.map((s) => {
      const xspan = (s.x[s.x.length - 1] as number) - (s.x[0] as number);
      const ymin = Math.min(...s.y);
      const ymax = Math.max(...s.y);
      const prob: SigmoidProblem = {
        kind: 0,
        xs: s.x,
        ys: s.y,
        sw,
        full: Float64Array.of(FLOOR, 0, 0, 0),
        free: [1, 2, 3],
        lower: [ymin, 0, (s.x[0] as number) - 2 * xspan],
        upper: [ymax + (ymax - ymin), 200 / xspan, (s.x[s.x.length - 1] as number) + 2 * xspan],
      };
      const r = solveSigmoid(prob, s.p0, { ftol: 1e-10, xtol: 1e-9, gtol: 1e-15, maxIterations: 400 }, scratch, { result: acc });
      if (r) r.cov = choleskyCovariance(r.acc, { idx: [1, 2, 3], rss: r.rss, m: 60, nFit: 3 }, scratch);
      return r;
    }),
  );
  const oursFast = fast.value.map((r, i) => (r?.converged ? rssOf(series[i] as Series, r.params[0] as number, r.params[1] as number, r.params[2] as number) : Number.NaN));

  const lmScratch = createLmScratch();
  const qr = timePasses(series.length, PASSES, () =>
    series.map((s) => solveLeastSquares(threeParam, s.x, s.y, s.p0, { ftol: 1e-10, xtol: 1e-9, covariance: true, scratch: lmScratch })),
  );
  const oursQr = qr.value.map((r, i) => (r.converged ? rssOf(series[i] as Series, r.params[0] as number, r.params[1] as number, r.params[2] as number) : Number.NaN));

  console.log(`Headroom fit benchmark: 3-parameter logistic (floor fixed at ${FLOOR}), 60 points, 2,000 seeded series; medians of ${PASSES} passes after ${WARMUP} warm-up passes`);
  console.log(
    `  ours, fitCurve (automatic starts, multi-start when ambiguous, covariance, statuses), ${bundled ? 'bundled by esbuild as shipped' : 'as loaded by tsx (esbuild unavailable)'}: ${fmt(full)}; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  if (viaTsx) console.log(`  ours, the same fitCurve as loaded by tsx (__name wrappers):                          ${fmt(viaTsx)}`);
  console.log(`  ours, fast solver from scipy's p0 (+ covariance):                                   ${fmt(fast)}`);
  console.log(`  ours, general QR solver (lm.ts) from scipy's p0 (+ covariance):                    ${fmt(qr)}`);

  try {
    const first = scipyPasses[0];
    if (scipyError !== null || !first) {
      console.log(`  scipy reference unavailable (python3 with scipy not found or failed: ${scipyError ?? 'no pass ran'}); ours only.`);
    } else {
      const ref = {
        us_per_fit: median(scipyPasses.map((r) => r.us_per_fit)),
        cpu_us_per_fit: median(scipyPasses.map((r) => r.cpu_us_per_fit)),
        thread_us_per_fit: median(scipyPasses.map((r) => r.thread_us_per_fit)),
        passes: scipyPasses.map((r) => r.us_per_fit),
        rss: first.rss,
        scipy: first.scipy,
      };
      console.log(
        `  scipy ${ref.scipy} curve_fit (method lm, finite differences, from p0):             ${ref.us_per_fit.toFixed(1)} µs/fit wall (CPU ${ref.cpu_us_per_fit.toFixed(1)}, thread ${ref.thread_us_per_fit.toFixed(1)}; passes ${ref.passes.map((v) => v.toFixed(0)).join('/')}), ${scipyPasses.length} passes, each between two of fitCurve's`,
      );
      const ratio = (t: Timing<unknown>): string =>
        `${(ref.us_per_fit / t.us).toFixed(1)}× (CPU ${(ref.cpu_us_per_fit / t.cpuUs).toFixed(1)}×, thread ${(ref.thread_us_per_fit / t.threadUs).toFixed(1)}×)`;
      console.log(
        `  speed ratio scipy/ours: fitCurve ${ratio(full)}${viaTsx ? ` (under tsx ${ratio(viaTsx)})` : ''}, fast solver from p0 ${ratio(fast)}, QR solver from p0 ${ratio(qr)} (goal ≥ 10×, for fitCurve)`,
      );
      console.log(`  accuracy, fitCurve:    ${compare(oursFull, ref.rss)}`);
      headline({
        bench: 'fit',
        measure: 'fitCurve µs/fit (3-param logistic, 60 points; wall / thread CPU)',
        value: `${full.us.toFixed(1)} / ${full.threadUs.toFixed(1)} µs`,
        reference: `scipy curve_fit ${ref.us_per_fit.toFixed(1)} / ${ref.thread_us_per_fit.toFixed(1)} µs`,
        ratio: `${(ref.us_per_fit / full.us).toFixed(1)}× / ${(ref.thread_us_per_fit / full.threadUs).toFixed(1)}× faster (goal 10×); ${compare(oursFull, ref.rss)}`,
      });
      console.log(`  accuracy, fast solver: ${compare(oursFast, ref.rss)}`);
      console.log(`  accuracy, QR solver:   ${compare(oursQr, ref.rss)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (process.env.FIT_WORKSPACE === '0') return;
  const ws = workspace(7);
  const sizes = ws.map((s) => s.length);
  const all = timePasses(1, 3, () => ws.map((s) => shipped(s, { floor: FLOOR }, shippedScratch)));
  const fits = all.value;
  const wsStatuses = new Map<string, number>();
  for (const f of fits) wsStatuses.set(f.status, (wsStatuses.get(f.status) ?? 0) + 1);
  console.log(`Workspace: 1,000 models × 200 benchmarks × 2,000 subtasks = ${ws.length} series, ${sizes.reduce((a, b) => a + b, 0)} points (15–300 per series)`);
  console.log(
    `  fit every series (logistic, floor fixed, covariance): ${(all.us / 1e6).toFixed(3)} s wall (CPU ${(all.cpuUs / 1e6).toFixed(3)} s; median of 3 passes after ${WARMUP} warm-up passes), measured; statuses ${JSON.stringify(Object.fromEntries(wsStatuses))}`,
  );

  const spec = { resamples: 200, fitOptions: { floor: FLOOR } };
  // One thread, on every 22nd series: the per-thread rate.
  const sampleEvery = 22;
  const subset = ws.map((s, i) => ({ s, f: fits[i] as CurveFit })).filter((_, i) => i % sampleEvery === 0);
  const t1 = performance.now();
  for (const { s, f } of subset) bootstrapFit(s, f, spec);
  const oneMs = performance.now() - t1;
  const oneEst = (oneMs / subset.length) * ws.length;
  // Every series, on a pool of 2 worker threads.
  const pool = new BootstrapPool(2);
  try {
    // Warm the workers up (thread start, tsx registration, JIT) on a few series, untimed.
    await Promise.all(ws.slice(0, 8).map((s, i) => pool.run(s, fits[i] as CurveFit, { ...spec, resamples: 20 })));
    const t2 = performance.now();
    const results = await Promise.all(ws.map((s, i) => pool.run(s, fits[i] as CurveFit, spec)));
    const poolMs = performance.now() - t2;
    const refits = results.reduce((a, r) => a + r.completed + r.failed, 0);
    const failed = results.reduce((a, r) => a + r.failed, 0);
    headline({ bench: 'fit', measure: `refit every series of the workspace (${ws.length})`, value: `${(all.us / 1e6).toFixed(2)} s` });
    headline({ bench: 'fit', measure: 'the same + 200-resample bootstrap (2 workers)', value: `${((all.us / 1000 + poolMs) / 1000).toFixed(1)} s` });
    console.log(
      `  + 200-resample bootstrap of every series on 2 worker threads: ${(poolMs / 1000).toFixed(1)} s wall, measured in full (${refits} refits, ${failed} not fitted; ${((poolMs * 1000) / refits).toFixed(1)} µs per refit of wall time); fit + bootstrap ${((all.us / 1000 + poolMs) / 1000).toFixed(1)} s`,
    );
  } finally {
    await pool.close();
  }
  console.log(
    `  the same bootstrap on one thread: ${(oneEst / 1000).toFixed(1)} s — extrapolated from ${subset.length} of ${ws.length} series (every ${sampleEvery}th; ${(oneMs / 1000).toFixed(2)} s measured)`,
  );
}

if (require.main === module) void main();
