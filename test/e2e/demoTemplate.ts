/**
 * The demo workspace with its analyses already computed, made once per Playwright run (global-setup.ts) and copied
 * into each test that asks for the demo (the `loadDemo` fixture). Loading the demo through the API in every test
 * recomputed the same fits in each: the dashboard, every benchmark page's fit and bootstrap, its forecasts (seconds
 * of CPU on these 2-core machines, taken from the browser beside it; bench/scale.ts times such fits,
 * docs/performance.md, Scale). Cached fits are keyed by their inputs, so a copy
 * answers exactly what a fresh computation would. Tests of loading the demo itself, or of a refit doing its work,
 * still load it through the API or the welcome screen.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ApiInput, ApiOutputs, Method } from '../../src-main/common/api';
import { createDispatcher } from '../../src-main/core/dispatch';
import { createHandlers } from '../../src-main/core/service';
import { closeWorkspace, openWorkspaceFile } from '../../src-main/core/workspace';

export const DEMO_TEMPLATE = path.resolve(__dirname, '..', '..', 'test-results', 'e2e', 'demo-template.headroom');

/** Write the demo workspace to DEMO_TEMPLATE and compute what its views ask for first. */
export async function buildDemoTemplate(): Promise<void> {
  mkdirSync(path.dirname(DEMO_TEMPLATE), { recursive: true });
  for (const f of [DEMO_TEMPLATE, `${DEMO_TEMPLATE}-wal`, `${DEMO_TEMPLATE}-shm`]) rmSync(f, { force: true });
  const ws = openWorkspaceFile(DEMO_TEMPLATE);
  const dispatch = createDispatcher(createHandlers(() => ws), (msg) => console.error(msg));
  const call = async <M extends Method>(method: M, arg: ApiInput<M>): Promise<ApiOutputs[M]> => {
    const env = await dispatch(method, arg, { user: 'e2e-template' });
    if (!env.ok) throw new Error(`${method} failed while building the demo template: ${env.error.message}`);
    return env.value as ApiOutputs[M];
  };
  try {
    await call('workspace/loadDemo', {});
    // The dashboard's two requests (views/Overview.svelte), then each benchmark page's first two (pages/BenchmarkPage.svelte).
    await call('dashboard/summary', { threshold: 0.9, resamples: 0 });
    await call('dashboard/summary', { threshold: 0.9 });
    for (const b of await call('benchmarks/list', {})) {
      await call('fits/series', { benchmarkId: b.id, axis: 'date', form: 'logistic', points: 'all', threshold: 0.9, resamples: 200 });
      await call('forecasts/list', { benchmarkIds: [b.id], includeSubtasks: true, axis: 'date', threshold: 0.9, form: 'logistic', resamples: 100 });
    }
    ws.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    closeWorkspace(ws);
  }
}

/** Put a copy of the template at `file` (which must not be open). */
export function copyDemoTemplate(file: string): void {
  for (const f of [`${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  copyFileSync(DEMO_TEMPLATE, file);
}
