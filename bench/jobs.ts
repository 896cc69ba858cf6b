/**
 * Responsiveness during a big import: the same 200,000-row CSV applied through `import/apply` (in the main thread, as
 * the CLI does) and as a background job (`jobs/start`, a worker thread), with a probe calling a cheap method
 * (`models/get`) every 20 ms and a 10 ms timer measuring how long the main thread's event loop was blocked at a time.
 * Then the time from `jobs/cancel` to the job reported as cancelled (rolled back), with the import at about a third.
 *
 *   npx tsx bench/jobs.ts              # 200,000 rows
 *   ROWS=500000 npx tsx bench/jobs.ts
 *
 * Figures are for comparison within one run on the same machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JobStatus } from '../src-main/common/jobs';
import { createDispatcher } from '../src-main/core/dispatch';
import { createHandlers } from '../src-main/core/service';
import { closeWorkspace, openWorkspaceFile } from '../src-main/core/workspace';
import { headline } from './headline';

function csv(rows: number): string {
  const lines = ['model,benchmark,score,source'];
  for (let i = 0; i < rows; i++) lines.push(`Model-${i % 400},Bench-${Math.floor(i / 400)},${((i * 7919) % 1000) / 1000},paper`);
  return lines.join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-jobs-'));
  const ws = openWorkspaceFile(path.join(dir, 'ws.headroom'));
  const dispatch = createDispatcher(createHandlers(() => ws));
  const call = async <T>(method: string, arg: unknown): Promise<T> => {
    const env = await dispatch(method, arg, { user: 'bench' });
    if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
    return env.value as T;
  };
  return { call, dispose: () => (closeWorkspace(ws), rmSync(dir, { recursive: true, force: true })) };
}

/** Runs `work` while probing: the longest event-loop block and the probe calls' latencies. */
async function probed(call: ReturnType<typeof workspace>['call'], work: () => Promise<void>) {
  await call('models/upsert', { name: 'probe-model' });
  const lat: number[] = [];
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 10);
    last = now;
  }, 10);
  let stop = false;
  const probe = (async () => {
    while (!stop) {
      const t0 = performance.now();
      await call('models/get', { id: 1 });
      lat.push(performance.now() - t0);
      await sleep(20);
    }
  })();
  const t0 = performance.now();
  await work();
  const wall = performance.now() - t0;
  stop = true;
  await probe;
  clearInterval(timer);
  lat.sort((a, b) => a - b);
  return { wall, longest, answered: lat.length, median: lat[Math.floor(lat.length / 2)] ?? NaN, max: lat.at(-1) ?? NaN };
}

async function waitFor(call: ReturnType<typeof workspace>['call'], jobId: string, until: (s: JobStatus) => boolean): Promise<JobStatus> {
  for (;;) {
    const s = await call<JobStatus>('jobs/status', { jobId });
    if (until(s)) return s;
    await sleep(10);
  }
}
const ended = (s: JobStatus) => s.state !== 'queued' && s.state !== 'running';

export async function main(): Promise<void> {
  const rows = Number(process.env.ROWS ?? 200_000);
  const content = csv(rows);
  const arg = { fileName: 'big.csv', content };
  const line = (label: string, r: Awaited<ReturnType<typeof probed>>) =>
    process.stdout.write(
      `${label.padEnd(28)} ${(r.wall / 1000).toFixed(2).padStart(6)} s   longest event-loop block ${r.longest.toFixed(0).padStart(5)} ms   ` +
        `probe answered ${String(r.answered).padStart(4)}× (median ${r.median.toFixed(1)} ms, max ${r.max.toFixed(0)} ms)\n`,
    );
  process.stdout.write(`${rows.toLocaleString('en-US')} rows, ${(content.length / 2 ** 20).toFixed(1)} MiB\n`);

  const a = workspace();
  const direct = await probed(a.call, async () => void (await a.call('import/apply', arg)));
  line('import/apply (main thread)', direct);
  a.dispose();

  const b = workspace();
  const asJob = await probed(b.call, async () => {
    const s = await b.call<JobStatus>('jobs/start', { method: 'import/apply', arg });
    const end = await waitFor(b.call, s.jobId, ended);
    if (end.state !== 'done') throw new Error(`job ${end.state}: ${end.message}`);
  });
  line('jobs/start import/apply', asJob);
  b.dispose();
  headline({
    bench: 'jobs',
    measure: `longest main-thread block during a ${rows.toLocaleString('en-US')}-row import`,
    value: `${asJob.longest.toFixed(0)} ms as a job (${asJob.answered} probe calls answered)`,
    reference: `${direct.longest.toFixed(0)} ms in the main thread (${direct.answered} answered)`,
  });

  const c = workspace();
  const s = await c.call<JobStatus>('jobs/start', { method: 'import/apply', arg });
  const at = await waitFor(c.call, s.jobId, (x) => ended(x) || (x.phase === 'writing rows' && x.done >= x.total / 3));
  const t0 = performance.now();
  await c.call('jobs/cancel', { jobId: s.jobId });
  const end = await waitFor(c.call, s.jobId, ended);
  const rowsLeft = (await c.call<{ total: number }>('results/query', { limit: 1 })).total;
  process.stdout.write(
    `cancel at ${at.done.toLocaleString('en-US')} of ${at.total.toLocaleString('en-US')} rows → ${end.state} in ${(performance.now() - t0).toFixed(0)} ms; ` +
      `results after: ${rowsLeft}\n`,
  );
  headline({ bench: 'jobs', measure: 'cancel an import at a third → rolled back', value: `${(performance.now() - t0).toFixed(0)} ms (${end.state}, ${rowsLeft} results left)` });
  c.dispose();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) void main();
