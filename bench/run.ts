/**
 * `npm run bench`: every benchmark in turn, each printing its figures next to a reference measured in the same run.
 * Pick some by name: `npm run bench -- fit import`. Figures are for comparison within a run on the same machine;
 * this is never a pass/fail test.
 */
import os from 'node:os';
import { headlines, headlineTable } from './headline';

type Bench = { name: string; what: string; load: () => Promise<{ main: () => unknown }> };

const BENCHES: Bench[] = [
  { name: 'fit', what: 'fitter µs per fit vs scipy curve_fit; whole-workspace refit with and without bootstrap', load: () => import('./fit') },
  { name: 'import', what: '1M-row CSV import rows/s vs sqlite3 .import', load: () => import('./import') },
  { name: 'forecast', what: 'frontier forecast vs the previous default and naive baselines on rolling origins of real data; forecasts at 100k results', load: () => import('./forecast') },
  { name: 'validRow', what: 'per-row result checks compiled from RESULT_RULES vs walking the table and zod', load: () => import('./validRow') },
  { name: 'capability', what: 'capability model fit time at 1,000 models × 200 benchmarks', load: () => import('./capability') },
  { name: 'renderer', what: 'dashboard time to interactive and filter redraw at 100k results (Chromium)', load: () => import('./renderer') },
  { name: 'report', what: '40-benchmark PDF report build and print time', load: () => import('./report') },
  { name: 'jobs', what: 'event-loop block and API latency during a 200k-row import: main thread vs background job; time to cancel', load: () => import('./jobs') },
  { name: 'flags-precision', what: 'flags by rule and severity on every real table of ../shared/data, and their share of results', load: () => import('./flagsPrecision') },
  { name: 'scale', what: 'import rate, API latency p50/p95 and peak RSS at 10k, 100k and 1M results', load: () => import('./scale') },
];

async function run(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length) {
    process.stderr.write(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.map((b) => b.name).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const cpus = os.cpus();
  process.stdout.write(
    `Headroom benchmarks — ${new Date().toISOString()}\nmachine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
  );
  for (const b of BENCHES) {
    if (wanted.length && !wanted.includes(b.name)) continue;
    process.stdout.write(`\n=== ${b.name}: ${b.what} ===\n`);
    const started = Date.now();
    try {
      const mod = await b.load();
      await mod.main();
    } catch (e) {
      process.stdout.write(`${b.name} failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
    process.stdout.write(`(${b.name} took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  const list = headlines();
  if (list.length) {
    process.stdout.write(`\n=== summary (load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}) ===\n${headlineTable(list)}\n`);
  }
}

void run();
