import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, openView, test } from './fixtures';

/** The left navigation's views (VIEWS in src-renderer/src/lib/app.svelte.ts, which runs only under Svelte). */
const VIEWS = ['Dashboard', 'Results', 'Log release', 'Benchmarks', 'Models', 'Import/Export', 'Compare', 'Reports', 'Flags'];

/**
 * Everything the page logged as an error: console errors (a failed resource load, a CSP directive the browser
 * ignores, an uncaught promise) and uncaught exceptions. Started before the first navigation, so the page's own
 * load (favicon, index.html's meta tags) is covered too.
 */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() !== 'error') return;
    // Playwright itself tries to run its helper script in every frame; in the Reports view's preview (a sandboxed
    // srcdoc iframe without scripts, as the report has none) Chromium logs that as blocked. A plain browser never
    // logs it (microsoft/playwright#33343), so it is the driver's, not the app's.
    if (m.location().url === 'about:srcdoc' && m.text().startsWith("Blocked script execution in 'about:srcdoc'")) return;
    errors.push(`${m.text()} (${m.location().url || 'page'})`);
  };
  page.on('console', onConsole);
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

test('every view opens over the demo workspace with nothing logged as an error in the console', async ({ page, url, loadDemo }) => {
  const errors = collectErrors(page);
  await loadDemo();
  await page.goto(url);
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Benchmarks overview' })).toBeVisible({ timeout: 30_000 });
  for (const view of VIEWS) {
    await openView(page, view);
    await page.waitForLoadState('networkidle');
  }
  // A benchmark's and a model's own page (charts drawn live).
  await openView(page, 'Benchmarks');
  await page.getByRole('region', { name: 'Benchmark list' }).getByRole('button').nth(1).click();
  await openView(page, 'Models');
  await page.getByRole('region', { name: 'Model list' }).getByRole('button').nth(1).click();
  // Let late requests (the favicon, lazily loaded chunks, the dashboard's background refresh) land.
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
});
