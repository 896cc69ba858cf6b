/**
 * The jobs layer end to end through the dispatcher (as IPC and HTTP call it): an import applied in a worker thread
 * reports growing progress, a cancelled one leaves the workspace exactly as it was, the main thread keeps answering
 * while it runs, and every argument is checked at the boundary.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../../src-main/common/jobs';
import { apiFor } from '../../../helpers/api';
import { checkIntegrity, tempWorkspace } from '../../../helpers/workspace';
import type { Db } from '../../../../src-main/core/db/open';

/** A results CSV of `rows` distinct results (300 models × up to 400 benchmarks). */
function bigCsv(rows: number, tag = 'x'): string {
  const lines = ['model,benchmark,score,source'];
  for (let i = 0; i < rows; i++) {
    lines.push(`model-${tag}-${i % 300},bench-${tag}-${Math.floor(i / 300)},${((i * 7919) % 1000) / 1000},paper`);
  }
  return lines.join('\n');
}

/** Row counts, a checksum of the results table's full contents and of the schema (a big import drops indexes and triggers). */
function fingerprint(db: Db) {
  const h = createHash('sha256');
  for (const row of db.prepare('SELECT * FROM results ORDER BY id').iterate()) h.update(JSON.stringify(row));
  const schema = createHash('sha256').update(JSON.stringify(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all())).digest('hex');
  const count = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return {
    results: count('results'),
    models: count('models'),
    benchmarks: count('benchmarks'),
    imports: count('imports'),
    history: count('result_history'),
    checksum: h.digest('hex'),
    schema,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Api = ReturnType<typeof apiFor>;

async function waitFor(api: Api, jobId: string, until: (s: JobStatus) => boolean, seen: JobStatus[] = [], timeoutMs = 120_000): Promise<JobStatus> {
  const t0 = Date.now();
  for (;;) {
    const s = await api.call('jobs/status', { jobId });
    seen.push(s);
    if (until(s)) return s;
    if (Date.now() - t0 > timeoutMs) throw new Error(`job ${jobId} still ${s.state} (${s.phase}) after ${timeoutMs} ms`);
    await sleep(20);
  }
}

const finished = (s: JobStatus) => s.state === 'done' || s.state === 'failed' || s.state === 'cancelled';

let disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
});

function setup() {
  const ws = tempWorkspace();
  disposers.push(() => ws.dispose());
  return { ws, api: apiFor(ws) };
}

describe('jobs: import in a worker thread', () => {
  it('applies a large file with growing progress and the same outcome as import/apply', async () => {
    const { ws, api } = setup();
    const started = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'big.csv', content: bigCsv(30_000) } });
    expect(['queued', 'running']).toContain(started.state);
    expect(started.title).toBe('Import big.csv');
    const seen: JobStatus[] = [];
    const end = await waitFor(api, started.jobId, finished, seen);
    expect(end.state, end.message).toBe('done');
    const summary = end.result as { add: number; reject: number; importId: number };
    expect(summary.add).toBe(30_000);
    expect(summary.reject).toBe(0);
    expect(fingerprint(ws.db).results).toBe(30_000);
    // Progress is reported and never goes back within a phase.
    const writing = seen.filter((s) => s.phase === 'writing rows');
    expect(writing.length).toBeGreaterThan(0);
    for (let i = 1; i < writing.length; i++) expect(writing[i]!.done).toBeGreaterThanOrEqual(writing[i - 1]!.done);
    expect(writing.at(-1)!.total).toBe(30_000);
    expect(writing.at(-1)!.message).toMatch(/of 30,000 rows/);
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
    // The list shows it, without the result.
    const listed = await api.call('jobs/list', {});
    expect(listed[0]).toMatchObject({ jobId: started.jobId, state: 'done' });
    expect(listed[0]!.result).toBeUndefined();
  });

  it('a preview job answers what import/preview answers, and writes nothing', async () => {
    const { ws, api } = setup();
    const content = bigCsv(5_000);
    const before = fingerprint(ws.db);
    const s = await api.call('jobs/start', { method: 'import/preview', arg: { fileName: 'p.csv', content, sampleSize: 5 } });
    const end = await waitFor(api, s.jobId, finished);
    expect(end.state).toBe('done');
    const direct = await api.call('import/preview', { fileName: 'p.csv', content, sampleSize: 5 });
    expect(end.result).toEqual(direct);
    expect(fingerprint(ws.db)).toEqual(before);
  });

  it('cancelling rolls the whole import back: counts, results checksum and integrity unchanged', async () => {
    const { ws, api } = setup();
    // Something to lose: a first import, then a second big file that also updates some of its rows.
    await api.call('import/apply', { fileName: 'first.csv', content: bigCsv(2_000, 'x') });
    const before = fingerprint(ws.db);
    const content = `${bigCsv(150_000, 'y')}\n${bigCsv(2_000, 'x').split('\n').slice(1).map((l) => l.replace(/,paper$/, ',paper').replace(/,0\.(\d+),/, ',0.5,')).join('\n')}`;
    const s = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'second.csv', content } });
    const seen: JobStatus[] = [];
    // Well into the writing pass (a big import has dropped indexes and triggers by then, to build them again at the end).
    const writing = await waitFor(api, s.jobId, (x) => finished(x) || (x.phase === 'writing rows' && x.done >= x.total / 2), seen);
    expect(writing.state).toBe('running');
    const t0 = performance.now();
    const asked = await api.call('jobs/cancel', { jobId: s.jobId });
    expect(asked.phase).toBe('cancelling');
    const end = await waitFor(api, s.jobId, finished);
    const cancelMs = performance.now() - t0;
    expect(end.state).toBe('cancelled');
    expect(end.message).toMatch(/nothing was written/);
    expect(fingerprint(ws.db)).toEqual(before);
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
    console.log(`cancel → cancelled in ${cancelMs.toFixed(0)} ms (at ${writing.done} of ${writing.total} rows)`);
    expect(cancelMs).toBeLessThan(5_000);
    // The workspace takes writes again once the job has stopped.
    await expect(api.call('models/upsert', { name: 'after-cancel' })).resolves.toMatchObject({ name: 'after-cancel' });
  });

  it('the main thread keeps answering while an import job runs; writes are refused at once', async () => {
    const { ws, api } = setup();
    await api.call('import/apply', { fileName: 'seed.csv', content: bigCsv(1_000, 's') });
    const s = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'big.csv', content: bigCsv(150_000) } });
    await waitFor(api, s.jobId, (x) => finished(x) || x.phase === 'writing rows');
    const latencies: number[] = [];
    let refused = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const q = await api.call('results/query', { limit: 10 });
      latencies.push(performance.now() - t0);
      expect(q.total).toBe(1_000); // the snapshot before the import commits
      const w = await api.raw('models/upsert', { name: `during-${i}` });
      if (!w.ok) {
        expect(w.error.code).toBe('unavailable');
        refused++;
      }
      const st = await api.call('jobs/status', { jobId: s.jobId });
      if (finished(st)) break;
      await sleep(30);
    }
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)]!;
    console.log(`results/query during an import job: median ${median.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms over ${latencies.length} calls; ${refused} writes refused`);
    expect(median).toBeLessThan(250);
    expect(refused).toBeGreaterThan(0);
    // Calls that only cache what they compute still answer (the cache write is skipped while the lock is held).
    const st = await api.call('jobs/status', { jobId: s.jobId });
    if (st.state === 'running') {
      const dash = await api.raw('dashboard/summary', { threshold: 0.77, resamples: 0 });
      expect(dash.ok, JSON.stringify(dash)).toBe(true);
    }
    const end = await waitFor(api, s.jobId, finished);
    expect(end.state).toBe('done');
    expect(fingerprint(ws.db).results).toBe(151_000);
  });
});

describe('jobs: queue, refit and arguments', () => {
  it('refits in a worker with progress per series; a cancelled refit keeps the fits it finished and touches no result', async () => {
    const { ws, api } = setup();
    await api.call('workspace/loadDemo', {});
    const before = fingerprint(ws.db);
    const s = await api.call('jobs/start', { method: 'fits/refit', arg: { resamples: 20 } });
    const seen: JobStatus[] = [];
    const end = await waitFor(api, s.jobId, finished, seen);
    expect(end.state, end.message).toBe('done');
    const fitting = seen.filter((x) => x.phase === 'fitting');
    expect(fitting.length).toBeGreaterThan(0);
    expect((end.result as { rows: unknown[] }).rows.length).toBe(fitting.at(-1)!.total);
    // Now cached: the dashboard answers with the same rows.
    const dash = await api.call('dashboard/summary', { resamples: 20 });
    expect(dash.rows.map((r) => r.benchmarkId)).toEqual((end.result as { rows: { benchmarkId: number }[] }).rows.map((r) => r.benchmarkId));

    // A cold refit (other resamples), cancelled after the first series. Asking again while it runs follows the same job.
    const cold = await api.call('jobs/start', { method: 'fits/refit', arg: { resamples: 60 } });
    const again = await api.call('jobs/start', { method: 'fits/refit', arg: { resamples: 60 } });
    expect(again.jobId).toBe(cold.jobId);
    await waitFor(api, cold.jobId, (x) => finished(x) || (x.phase === 'fitting' && x.done >= 1));
    await api.call('jobs/cancel', { jobId: cold.jobId });
    const stopped = await waitFor(api, cold.jobId, finished);
    expect(['cancelled', 'done']).toContain(stopped.state);
    if (stopped.state === 'cancelled') {
      const kept = (ws.db.prepare("SELECT count(*) AS n FROM fit_cache WHERE series_key LIKE '%/60'").get() as { n: number }).n;
      expect(kept).toBeGreaterThan(0);
    }
    expect(fingerprint(ws.db)).toEqual(before);
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('a refit asked for again after a write starts anew instead of following the one begun on the old data', async () => {
    const { api } = setup();
    await api.call('workspace/loadDemo', {});
    // The first refit holds at its first progress report (the job gate, see jobWorker.ts) so it is surely still
    // running when the write lands and the same refit is asked for again.
    const dir = mkdtempSync(path.join(tmpdir(), 'headroom-gate-'));
    const gate = path.join(dir, 'gate');
    writeFileSync(gate, 'fitting');
    process.env.HEADROOM_JOB_GATE = gate;
    try {
      const first = await api.call('jobs/start', { method: 'fits/refit', arg: { resamples: 10 } });
      await waitFor(api, first.jobId, (x) => finished(x) || x.phase === 'fitting');
      const same = await api.call('jobs/start', { method: 'fits/refit', arg: { resamples: 10 } });
      expect(same.jobId).toBe(first.jobId);
      await api.call('benchmarks/upsert', { name: 'LateBench', category: 'knowledge', unit: 'fraction', floor: 0.25 });
      const after = await api.call('jobs/start', { method: 'fits/refit', arg: { resamples: 10 } });
      expect(after.jobId).not.toBe(first.jobId);
      rmSync(gate);
      const end = await waitFor(api, after.jobId, finished);
      expect(end.state, end.message).toBe('done');
      expect((end.result as { rows: { name: string }[] }).rows.map((r) => r.name)).toContain('LateBench');
      expect((await waitFor(api, first.jobId, finished)).state).toBe('done');
    } finally {
      delete process.env.HEADROOM_JOB_GATE;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a refit runs beside an import (two lanes); both finish', async () => {
    const { ws, api } = setup();
    await api.call('workspace/loadDemo', {});
    const imp = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'big.csv', content: bigCsv(60_000) } });
    const refit = await api.call('jobs/start', { method: 'fits/refit', arg: { resamples: 10 } });
    expect(refit.state).toBe('running');
    const [a, b] = await Promise.all([waitFor(api, imp.jobId, finished), waitFor(api, refit.jobId, finished)]);
    expect(a.state, a.message).toBe('done');
    expect(b.state, b.message).toBe('done');
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('runs jobs one at a time; a queued job cancels at once', async () => {
    const { ws, api } = setup();
    const a = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'a.csv', content: bigCsv(20_000, 'a') } });
    const b = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'b.csv', content: bigCsv(100, 'b') } });
    const c = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'c.csv', content: bigCsv(100, 'c') } });
    expect(b.state).toBe('queued');
    const cc = await api.call('jobs/cancel', { jobId: c.jobId });
    expect(cc.state).toBe('cancelled');
    expect((await waitFor(api, a.jobId, finished)).state).toBe('done');
    expect((await waitFor(api, b.jobId, finished)).state).toBe('done');
    expect(fingerprint(ws.db).results).toBe(20_100);
  });

  it('checks every argument with zod and names unknown jobs', async () => {
    const { api } = setup();
    const bad = [
      ['jobs/start', { method: 'import/delete', arg: {} }],
      ['jobs/start', { method: 'models/list', arg: {} }],
      ['jobs/start', { method: 'import/apply', arg: { fileName: '', content: 'x' } }],
      ['jobs/start', { method: 'import/apply', arg: { fileName: 'a.csv', content: 'x' }, extra: 1 }],
      ['jobs/start', { method: 'fits/refit', arg: { resamples: -1 } }],
      ['jobs/status', { jobId: 'nope' }],
      ['jobs/cancel', {}],
      ['jobs/list', { all: true }],
    ] as const;
    for (const [m, arg] of bad) {
      const r = await api.raw(m, arg);
      expect(r.ok, `${m} ${JSON.stringify(arg)}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid-argument');
    }
    const unknown = await api.raw('jobs/status', { jobId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toBe('not-found');
    // A report job without a printer fails as the direct call does.
    const pdf = await api.call('jobs/start', { method: 'reports/pdf', arg: { options: {} } });
    const failed = await waitFor(api, pdf.jobId, finished);
    expect(failed.state).toBe('failed');
    expect(failed.error?.code).toBe('unavailable');
  });

  it('a job that fails reports the error and writes nothing', async () => {
    const { ws, api } = setup();
    const before = fingerprint(ws.db);
    const s = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'odd.csv', content: 'foo,bar\n1,2' } });
    const end = await waitFor(api, s.jobId, finished);
    expect(end.state).toBe('failed');
    expect(end.error?.code).toBe('bad-input');
    expect(fingerprint(ws.db)).toEqual(before);
  });
});

describe('jobs: in this thread', () => {
  it('an in-memory workspace (no second connection possible) runs its jobs in this thread, with the same outcome', async () => {
    const { openWorkspace } = await import('../../../../src-main/core/db/open');
    const db = openWorkspace(':memory:');
    disposers.push(() => db.close());
    const api = apiFor({ db, path: ':memory:' });
    const s = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'm.csv', content: bigCsv(20_000) } });
    const end = await waitFor(api, s.jobId, finished);
    expect(end.state, end.message).toBe('done');
    expect(fingerprint(db).results).toBe(20_000);
    // The import's cancel check runs in this thread too: a job cancelled before its first turn writes nothing.
    const t = await api.call('jobs/start', { method: 'import/apply', arg: { fileName: 'n.csv', content: bigCsv(20_000, 'n') } });
    await api.call('jobs/cancel', { jobId: t.jobId });
    const stopped = await waitFor(api, t.jobId, finished);
    expect(stopped.state).toBe('cancelled');
    expect(fingerprint(db).results).toBe(20_000);
  });
});

describe('jobs: writes beside a refit', () => {
  it('a write in the main thread waits for the refit worker’s cache writes instead of failing with SQLITE_BUSY', async () => {
    const { api } = setup();
    await api.call('workspace/loadDemo', {});
    const s = await api.call('jobs/start', { method: 'fits/refit', arg: { resamples: 40 } });
    // flags/recompute reads the whole workspace before it writes: a cache write committed by the worker in between
    // used to fail the upgrade of its read transaction to a write one.
    // A few writes, spaced as an analyst's would be (back to back they would starve the worker of the lock).
    let writes = 0;
    while (writes < 8 && !finished(await api.call('jobs/status', { jobId: s.jobId }))) {
      await api.call('flags/recompute', {});
      writes++;
      await sleep(150);
    }
    expect(writes).toBeGreaterThan(0);
    const end = await waitFor(api, s.jobId, finished);
    expect(end.state, end.message).toBe('done');
  });
});
