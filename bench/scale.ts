/**
 * Scale: how the API behaves as the workspace grows, through the real in-process API (createHandlers +
 * createDispatcher). For 10k, 100k and 1M results (1M takes the longest by far: docs/performance.md, Scale, gives each
 * size's import and cold dashboard times), each size in its own Node process on a fresh
 * workspace so that its peak resident memory is its own:
 *   - the generated workspace (test/helpers/generatedWorkspace.ts) imported with 'import/apply' (benchmarks, models,
 *     results files), timed as rows/s;
 *   - latency p50/p95 over CALLS calls (default 20) of 'fits/series' for one benchmark page (date axis, 200
 *     resamples; the first call cold, reported on its own, then warm), 'dashboard/summary' (threshold 0.9; first call
 *     cold, then warm), 'results/query' (one benchmark, sorted by score, a page of 200 rows at varying offsets),
 *     'benchmarks/list' and 'models/list';
 *   - the process's peak RSS (resourceUsage().maxRSS).
 * fits/series is measured before dashboard/summary so that its cold call is really cold (the dashboard fits and
 * caches every series).
 *
 * Shapes: 10k = 20 benchmarks × 250 models × 40 results (each model takes every benchmark in 2 settings);
 * 100k = 50 × 1,000 × 100; 1M = 200 × 2,500 × 400. The generator makes no subtasks and at most 2 results per
 * model and benchmark, so the 1M workspace has 2,500 models rather than 1,000 × 200 with subtasks.
 *
 *   npx tsx bench/scale.ts                  # 10k, 100k and 1M
 *   SCALE_1M=0 npx tsx bench/scale.ts       # skip 1M (10k and 100k are quick)
 *   SIZES=10k npx tsx bench/scale.ts        # a comma-separated choice of 10k, 100k, 1M
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDispatcher } from '../src-main/core/dispatch';
import { createHandlers } from '../src-main/core/service';
import { closeWorkspace, openWorkspaceFile } from '../src-main/core/workspace';
import { generateWorkspaceCsv, SCALE_SHAPES, type GeneratedSize } from '../test/helpers/generatedWorkspace';
import { headline } from './headline';

const SHAPES: Record<string, GeneratedSize> = SCALE_SHAPES;

const CALLS = Number(process.env.CALLS ?? 20);

interface Lat {
  p50: number;
  p95: number;
}

interface SizeRun {
  size: string;
  shape: GeneratedSize;
  results: number;
  generateS: number;
  importS: number;
  rowsPerS: number;
  fitsCold: number;
  fitsWarm: Lat;
  dashCold: number;
  dashWarm: Lat;
  query: Lat;
  benchList: Lat;
  modelList: Lat;
  peakRss: number;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

const lat = (xs: number[]): Lat => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) });

/** One size in this process (the child side). */
async function child(size: string): Promise<SizeRun> {
  const shape = SHAPES[size];
  if (!shape) throw new Error(`unknown size ${size}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-scale-'));
  const ws = openWorkspaceFile(path.join(dir, 'scale.headroom'));
  const dispatch = createDispatcher(createHandlers(() => ws));
  const call = async (method: string, arg: unknown): Promise<unknown> => {
    const env = await dispatch(method, arg, { user: 'bench' });
    if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
    return env.value;
  };
  const timed = async (method: string, arg: unknown): Promise<number> => {
    const t = performance.now();
    await call(method, arg);
    return performance.now() - t;
  };
  const repeat = async (n: number, f: (i: number) => Promise<number>): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(await f(i));
    return out;
  };
  try {
    let t = performance.now();
    const g = generateWorkspaceCsv(shape);
    const generateS = (performance.now() - t) / 1000;
    t = performance.now();
    await call('import/apply', { fileName: 'benchmarks.csv', content: g.benchmarks, kind: 'benchmarks' });
    await call('import/apply', { fileName: 'models.csv', content: g.models, kind: 'models' });
    await call('import/apply', { fileName: 'results.csv', content: g.results, kind: 'results' });
    const importS = (performance.now() - t) / 1000;

    const benches = (await call('benchmarks/list', {})) as { id: number; name: string }[];
    const page = benches[Math.floor(benches.length / 2)] ?? benches[0];
    if (!page) throw new Error('no benchmarks after import');
    const fitArg = { benchmarkId: page.id, axis: 'date', resamples: 200 };
    const fitsCold = await timed('fits/series', fitArg);
    const fitsWarm = await repeat(CALLS, () => timed('fits/series', fitArg));

    const dashArg = { threshold: 0.9 };
    const dashCold = await timed('dashboard/summary', dashArg);
    const dashWarm = await repeat(CALLS, () => timed('dashboard/summary', dashArg));

    const query = await repeat(CALLS, (i) =>
      timed('results/query', {
        benchmarkIds: [benches[i % benches.length]!.id],
        level: 'aggregate',
        sort: { field: 'score', dir: 'desc' },
        limit: 200,
        offset: (i % 3) * 200,
      }),
    );
    const benchList = await repeat(CALLS, () => timed('benchmarks/list', {}));
    const modelList = await repeat(CALLS, () => timed('models/list', {}));

    return {
      size,
      shape,
      results: g.resultCount,
      generateS,
      importS,
      rowsPerS: g.resultCount / importS,
      fitsCold,
      fitsWarm: lat(fitsWarm),
      dashCold,
      dashWarm: lat(dashWarm),
      query: lat(query),
      benchList: lat(benchList),
      modelList: lat(modelList),
      peakRss: process.resourceUsage().maxRSS * 1024,
    };
  } finally {
    closeWorkspace(ws);
    rmSync(dir, { recursive: true, force: true });
  }
}

function spawnChild(size: string): SizeRun {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', size], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`child ${size} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as SizeRun;
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : v >= 10 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
const pp = (l: Lat) => `${ms(l.p50)} / ${ms(l.p95)}`;

export function main(): void {
  const all = process.env.SCALE_1M === '0' ? ['10k', '100k'] : ['10k', '100k', '1M'];
  const sizes = process.env.SIZES ? process.env.SIZES.split(',').map((s) => s.trim()) : all;
  const runs: SizeRun[] = [];
  for (const size of sizes) {
    const t = performance.now();
    const r = spawnChild(size);
    runs.push(r);
    const s = r.shape;
    console.log(
      `${size}: ${s.benchmarks} benchmarks × ${s.models.toLocaleString('en-US')} models, ${r.results.toLocaleString('en-US')} results ` +
        `(generated in ${r.generateS.toFixed(2)} s; whole size took ${((performance.now() - t) / 1000).toFixed(1)} s)`,
    );
  }
  if (!process.env.SIZES && process.env.SCALE_1M === '0') console.log('1M: skipped (SCALE_1M=0; unset it to run 1M)');

  const rows: [string, (r: SizeRun) => string][] = [
    ['results', (r) => r.results.toLocaleString('en-US')],
    ['import/apply (3 files)', (r) => `${r.importS.toFixed(2)} s`],
    ['import rate', (r) => `${Math.round(r.rowsPerS).toLocaleString('en-US')} rows/s`],
    ['fits/series 200 resamples, cold', (r) => ms(r.fitsCold)],
    ['fits/series warm p50 / p95', (r) => pp(r.fitsWarm)],
    ['dashboard/summary, cold', (r) => ms(r.dashCold)],
    ['dashboard/summary warm p50 / p95', (r) => pp(r.dashWarm)],
    ['results/query 200 rows p50 / p95', (r) => pp(r.query)],
    ['benchmarks/list p50 / p95', (r) => pp(r.benchList)],
    ['models/list p50 / p95', (r) => pp(r.modelList)],
    ['peak RSS', (r) => `${Math.round(r.peakRss / 1e6)} MB`],
  ];
  const w0 = Math.max(...rows.map(([l]) => l.length));
  const cells = rows.map(([, f]) => runs.map(f));
  const w = Math.max(8, ...cells.flat().map((c) => c.length), ...runs.map((r) => r.size.length));
  console.log('');
  console.log(`${'measure'.padEnd(w0)}  ${runs.map((r) => r.size.padStart(w)).join('  ')}`);
  rows.forEach(([label], i) => console.log(`${label.padEnd(w0)}  ${cells[i]!.map((c) => c.padStart(w)).join('  ')}`));
  console.log(`(p50 / p95 over ${CALLS} calls each; each size in its own process on a fresh workspace)`);
  for (const r of runs) {
    headline({ bench: 'scale', measure: `${r.size}: import rate (3 files through the API)`, value: `${Math.round(r.rowsPerS).toLocaleString('en-US')} rows/s` });
    headline({ bench: 'scale', measure: `${r.size}: dashboard/summary cold / warm p95`, value: `${ms(r.dashCold)} / ${ms(r.dashWarm.p95)}` });
    headline({ bench: 'scale', measure: `${r.size}: benchmark page (fits/series) cold / warm p95`, value: `${ms(r.fitsCold)} / ${ms(r.fitsWarm.p95)}` });
    headline({ bench: 'scale', measure: `${r.size}: peak RSS`, value: `${Math.round(r.peakRss / 1e6)} MB` });
  }
  console.log(
    '\nThe other figures (fit vs scipy, import vs sqlite3 .import, capability fit, renderer time to interactive, report printing) ' +
      'come from `npm run bench -- fit import capability renderer report`.',
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const i = process.argv.indexOf('--child');
  if (i >= 0) {
    child(process.argv[i + 1] ?? '')
      .then((r) => console.log(JSON.stringify(r)))
      .catch((e: unknown) => {
        console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
        process.exit(1);
      });
  } else main();
}
