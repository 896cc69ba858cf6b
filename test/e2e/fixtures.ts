/**
 * Each test gets its own temporary workspace and an in-process Headroom server over it (the same dispatcher the
 * desktop app uses), plus `call` to seed and check the database directly, bypassing the UI.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiInput, ApiOutputs, Method } from '../../src-main/common/api';
import { createDispatcher } from '../../src-main/core/dispatch';
import { createHandlers } from '../../src-main/core/service';
import { closeWorkspace, openWorkspaceFile } from '../../src-main/core/workspace';
import { startServer } from '../../src-main/server/http';
import { chromiumPrinter } from '../../src-main/print/chromium';
import { SOAK } from '../helpers/soak';
import { copyDemoTemplate } from './demoTemplate';

const ROOT = path.resolve(__dirname, '..', '..');

/** Typed direct access to the API behind the server; throws with the server's message on failure. */
export type DirectCall = <M extends Method>(method: M, arg: ApiInput<M>) => Promise<ApiOutputs[M]>;

export interface HeadroomFixtures {
  /** The running server over this test's fresh workspace. */
  server: { url: string; call: DirectCall; loadDemo: () => Promise<void> };
  /** The server's URL (ends with "/"). */
  url: string;
  /** Direct API access for seeding and checking the database. */
  call: DirectCall;
  /** The page, opened on the app and waiting until the shell is shown. */
  app: Page;
  /**
   * Replace this test's workspace with a copy of the demo whose fits are already computed (demoTemplate.ts); reload
   * the page afterwards. What `workspace/loadDemo` writes, without recomputing the same fits in every test.
   */
  loadDemo: () => Promise<void>;
}

export const test = base.extend<HeadroomFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern for fixtures
  server: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'headroom-e2e-'));
    const file = path.join(dir, 'e2e-workspace.headroom');
    // The handlers read the workspace through a getter, so loadDemo can swap in another file at the same path.
    let ws = openWorkspaceFile(file);
    const dispatch = createDispatcher(createHandlers(() => ws, { printPdf: chromiumPrinter('/usr/bin/chromium') }), (msg) => console.error(msg));
    const running = await startServer({ call: dispatch, rendererDir: path.join(ROOT, 'out', 'renderer'), port: 0, user: 'e2e' });
    const call: DirectCall = async (method, arg) => {
      const env = await dispatch(method, arg, { user: 'e2e-seed' });
      if (!env.ok) throw new Error(`${method} failed: ${env.error.message}`);
      return env.value as never;
    };
    const loadDemo = async () => {
      // A job's worker has its own connection to the file: let any job the page started finish before the swap.
      for (let i = 0; i < 200 && (await call('jobs/list', {})).some((j) => j.state === 'queued' || j.state === 'running'); i++) await new Promise((r) => setTimeout(r, 50));
      closeWorkspace(ws);
      copyDemoTemplate(file);
      ws = openWorkspaceFile(file);
    };
    await use({ url: running.url, call, loadDemo });
    await running.close();
    closeWorkspace(ws);
    rmSync(dir, { recursive: true, force: true });
  },
  url: async ({ server }, use) => use(server.url),
  call: async ({ server }, use) => use(server.call),
  loadDemo: async ({ server }, use) => use(server.loadDemo),
  app: async ({ page, url }, use) => {
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(url);
    await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
    await use(page);
  },
});

export { expect };

/**
 * Screenshots for a person to look at (test-results/screenshots/<name>.png) are taken only when asked for:
 * HEADROOM_SCREENSHOTS=1, or npm run test:soak. No test reads them, so npm test does not spend its time on them.
 */
export const SCREENSHOTS = SOAK || process.env.HEADROOM_SCREENSHOTS === '1';
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** Save a screenshot of the current view for looking at (when SCREENSHOTS). */
export async function snap(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Save a screenshot of one element (a chart below the fold) for looking at (when SCREENSHOTS). */
export async function snapEl(el: Locator, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await el.scrollIntoViewIfNeeded();
  await el.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Paste TSV text as a spreadsheet would, onto `selector` (a ClipboardEvent with a DataTransfer). */
export async function pasteText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).evaluate((el, t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}

/**
 * The colour schemes a themed test runs in: both in npm run test:soak, one in npm test (each file names the one it
 * keeps, so that between the files both themes are still drawn on every change).
 */
export function schemes(quick: 'light' | 'dark'): readonly ('light' | 'dark')[] {
  return SOAK ? ['light', 'dark'] : [quick];
}

/** Go to a view through the left navigation. */
export async function openView(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: new RegExp(`^${label}`) }).click();
}

/** A small workspace: two benchmarks (one with subtasks), two models, a few results. */
export async function seedBasic(call: DirectCall): Promise<void> {
  await call('benchmarks/upsert', { name: 'MMLU', category: 'knowledge', unit: 'fraction', floor: 0.25, ceiling: 1 });
  await call('benchmarks/upsert', { name: 'GSM8K', category: 'math', unit: 'percent' });
  await call('benchmarks/upsert', { name: 'HumanEval', category: 'code', unit: 'fraction' });
  const mmlu = (await call('benchmarks/list', {})).find((b) => b.name === 'MMLU');
  if (mmlu) await call('subtasks/upsert', { benchmarkId: mmlu.id, name: 'abstract_algebra' });
  await call('models/upsert', { name: 'Alpha-1', organization: 'Acme', releaseDate: '2023-03-01' });
  await call('models/upsert', { name: 'Beta-2', organization: 'Globex', releaseDate: '2024-05-01' });
  await call('results/upsertMany', {
    rows: [
      { model: 'Alpha-1', benchmark: 'MMLU', score: 0.61, source: 'paper' },
      { model: 'Beta-2', benchmark: 'MMLU', score: 0.78, source: 'paper' },
      { model: 'Alpha-1', benchmark: 'GSM8K', score: 41.5, source: 'paper' },
    ],
  });
}
