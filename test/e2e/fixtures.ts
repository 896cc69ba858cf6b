/**
 * Each test gets its own temporary workspace and an in-process Headroom server over it (the same dispatcher the
 * desktop app uses), plus `call` to seed and check the database directly, bypassing the UI.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiInput, ApiOutputs, Method } from '../../src-main/common/api';
import { createDispatcher } from '../../src-main/core/dispatch';
import { createHandlers } from '../../src-main/core/service';
import { closeWorkspace, openWorkspaceFile } from '../../src-main/core/workspace';
import { startServer } from '../../src-main/server/http';
import { chromiumPrinter } from '../../src-main/print/chromium';

const ROOT = path.resolve(__dirname, '..', '..');

/** Typed direct access to the API behind the server; throws with the server's message on failure. */
export type DirectCall = <M extends Method>(method: M, arg: ApiInput<M>) => Promise<ApiOutputs[M]>;

export interface HeadroomFixtures {
  /** The running server over this test's fresh workspace. */
  server: { url: string; call: DirectCall };
  /** The server's URL (ends with "/"). */
  url: string;
  /** Direct API access for seeding and checking the database. */
  call: DirectCall;
  /** The page, opened on the app and waiting until the shell is shown. */
  app: Page;
}

export const test = base.extend<HeadroomFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern for fixtures
  server: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'headroom-e2e-'));
    const ws = openWorkspaceFile(path.join(dir, 'e2e-workspace.headroom'));
    const dispatch = createDispatcher(createHandlers(() => ws, { printPdf: chromiumPrinter('/usr/bin/chromium') }), (msg) => console.error(msg));
    const running = await startServer({ call: dispatch, rendererDir: path.join(ROOT, 'out', 'renderer'), port: 0, user: 'e2e' });
    const call: DirectCall = async (method, arg) => {
      const env = await dispatch(method, arg, { user: 'e2e-seed' });
      if (!env.ok) throw new Error(`${method} failed: ${env.error.message}`);
      return env.value as never;
    };
    await use({ url: running.url, call });
    await running.close();
    closeWorkspace(ws);
    rmSync(dir, { recursive: true, force: true });
  },
  url: async ({ server }, use) => use(server.url),
  call: async ({ server }, use) => use(server.call),
  app: async ({ page, url }, use) => {
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(url);
    await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Save a screenshot of the current view for looking at (test-results/screenshots/<name>.png). */
export async function snap(page: Page, name: string): Promise<void> {
  const dir = path.join(ROOT, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** Paste TSV text as a spreadsheet would, onto `selector` (a ClipboardEvent with a DataTransfer). */
export async function pasteText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).evaluate((el, t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
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
