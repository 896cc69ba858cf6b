/**
 * Long work in the background: a big import (30,000 rows; 200,000 in npm run test:soak) is previewed and applied as
 * jobs (worker thread), the jobs tray shows its phase, a progress bar, elapsed time and Cancel; other calls keep
 * answering meanwhile; cancelling leaves the workspace's results exactly as they were.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TOKEN_HEADER, TOKEN_META } from '../../src-main/common/http';
import { soakOr } from '../helpers/soak';
import type { Locator, Page } from '@playwright/test';
import { expect, snap, test } from './fixtures';

const ROWS = soakOr(30_000, 200_000);

function bigCsv(rows: number): string {
  const lines = ['model,benchmark,score,source'];
  for (let i = 0; i < rows; i++) lines.push(`Model-${i % 400},Bench-${Math.floor(i / 400)},${((i * 7919) % 1000) / 1000},paper`);
  return `${lines.join('\n')}\n`;
}

test('a big import shows progress, keeps the app responsive and cancels without writing anything', async ({ app, call }) => {
  test.setTimeout(240_000);
  await call('results/upsertMany', {
    rows: [
      { model: 'Alpha-1', benchmark: 'MMLU', score: 0.61 },
      { model: 'Beta-2', benchmark: 'MMLU', score: 0.72 },
    ],
    createMissing: true,
  });
  const before = await call('results/query', { limit: 1_000 });
  expect(before.total).toBe(2);

  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-jobs-'));
  const file = path.join(dir, 'big.csv');
  writeFileSync(file, bigCsv(ROWS));

  // Each job holds in its worker at its first progress report of a phase until the test lets it go (HEADROOM_JOB_GATE,
  // see core/jobs/jobWorker.ts): a fast machine would otherwise finish the preview before the tray shows it, or commit
  // the import before the click on Cancel. The server runs in this process, so the jobs' worker threads see it.
  const gate = path.join(dir, 'gate');
  process.env.HEADROOM_JOB_GATE = gate;
  try {
    writeFileSync(gate, 'reading rows');
    await app.getByRole('button', { name: 'Import a file' }).click();
    await app.getByLabel('Choose a file…').setInputFiles(file);
    // The preview is a job too: it shows in the tray while it reads the file.
    const tray = app.getByRole('region', { name: 'Background jobs' });
    await expect(tray.getByText('Preview big.csv')).toBeVisible({ timeout: 60_000 });
    rmSync(gate);
    await expect(app.getByLabel('Preview counts')).toContainText(`${ROWS}will add`, { timeout: 120_000 });

    writeFileSync(gate, 'writing rows');
    await applyHoldAndCancel(app, tray);
  } finally {
    delete process.env.HEADROOM_JOB_GATE;
    rmSync(dir, { recursive: true, force: true });
  }
  const after = await call('results/query', { limit: 1_000 });
  expect(after.total).toBe(2);
  expect(after.rows.map((r) => [r.model, r.score])).toEqual(before.rows.map((r) => [r.model, r.score]));
  // The preview is still there: applying again is one click.
  await expect(app.getByRole('button', { name: 'Apply import' })).toBeEnabled();
});

/** Apply the previewed import, watch its progress and the API's latency while it runs, then cancel it. */
async function applyHoldAndCancel(app: Page, tray: Locator): Promise<void> {
  await app.getByRole('button', { name: 'Apply import' }).click();
  const job = tray.getByTestId('job').filter({ hasText: 'Import big.csv' });
  await expect(job).toBeVisible({ timeout: 30_000 });
  await expect(job).toContainText('Writing rows', { timeout: 60_000 });
  const bar = job.getByRole('progressbar');
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(job).toContainText(`of ${ROWS.toLocaleString('en-US')} rows`);
  await expect(job).toContainText(/\d+:\d\d/);

  // The API answers other calls over HTTP while the import runs in its worker thread.
  const latencies = await app.evaluate(async ({ header, meta }) => {
    const token = document.querySelector<HTMLMetaElement>(`meta[name="${meta}"]`)?.content ?? '';
    const out: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      const res = await fetch('./api/results/query', { method: 'POST', headers: { 'content-type': 'application/json', [header]: token }, body: '{"limit":5}' });
      const body = (await res.json()) as { ok: boolean; value: { total: number } };
      if (!body.ok) throw new Error('query failed during the import');
      out.push(performance.now() - t0);
    }
    return out;
  }, { header: TOKEN_HEADER, meta: TOKEN_META });
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`results/query over HTTP during the import job: median ${sorted[4]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
  expect(sorted[4]!).toBeLessThan(500);
  await snap(app, 'jobs-import-progress');

  const t0 = Date.now();
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job).toHaveCount(0, { timeout: 30_000 });
  console.log(`cancel click → job gone from the tray in ${Date.now() - t0} ms`);
  await expect(app.getByText('Import of big.csv cancelled; nothing was written.')).toBeVisible();
}

test('the dashboard refits in the background with progress; a reload finds running jobs; cancel keeps finished fits', async ({ app, call }) => {
  test.setTimeout(180_000);
  await call('workspace/loadDemo', {});
  const counts = (await call('workspace/info', {})).counts;
  // Each refit holds at its first progress report until let go (HEADROOM_JOB_GATE; see the import test above): a
  // quiet machine fits the demo before the tray would show the job at all.
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-jobs-'));
  const gate = path.join(dir, 'gate');
  process.env.HEADROOM_JOB_GATE = gate;
  try {
    writeFileSync(gate, 'fitting');
    await app.reload();
    // Point forecasts first; then the intervals, as a refit job in the tray.
    await expect(app.getByRole('table', { name: 'Benchmarks overview' })).toBeVisible({ timeout: 60_000 });
    const tray = app.getByRole('region', { name: 'Background jobs' });
    const refit = tray.getByTestId('job').filter({ hasText: 'Refit saturation curves' });
    await expect(refit).toContainText(/Fitting curves — \d+ of 17 series/, { timeout: 60_000 });
    await snap(app, 'jobs-refit-progress');
    rmSync(gate);
    await expect(refit).toHaveCount(0, { timeout: 120_000 });

    // A long refit started elsewhere (another window, a script): a reload finds it and follows it in the tray.
    writeFileSync(gate, 'fitting');
    const started = await call('jobs/start', { method: 'fits/refit', arg: { resamples: 2_000 } });
    await app.reload();
    const job = tray.getByTestId('job').filter({ hasText: 'Refit saturation curves (2,000 resamples)' });
    await expect(job).toHaveCount(1, { timeout: 30_000 });
    await expect(job).toContainText(/Fitting curves|Starting/);
    await job.getByRole('button', { name: 'Cancel' }).click();
    await expect(job).toHaveCount(0, { timeout: 60_000 });
    await expect(app.getByText('the fits finished before it stopped are kept').first()).toBeVisible();
    expect((await call('jobs/status', { jobId: started.jobId })).state).toBe('cancelled');
  } finally {
    delete process.env.HEADROOM_JOB_GATE;
    rmSync(dir, { recursive: true, force: true });
  }
  expect((await call('workspace/info', {})).counts).toEqual(counts);
});
