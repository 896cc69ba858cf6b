import { expect, openView, snap, test } from './fixtures';

test.describe('first run', () => {
  test('the welcome screen offers the public results first, then demo, import and empty, and loading the demo shows the badge', async ({ app, call }) => {
    await expect(app.getByRole('heading', { name: 'Welcome to Headroom' })).toBeVisible();
    // The public benchmark results come first, named with their sources and as-of date (data/public/sources.json).
    const choices = app.locator('.welcome h2');
    await expect(choices.first()).toHaveText('Public benchmark results — Epoch AI and OpenAI simple-evals, as of 2025-12-03');
    await expect(app.getByRole('button', { name: 'Load public benchmark results' })).toBeVisible();
    await expect(choices.nth(1)).toHaveText('Explore a demo');
    await expect(app.getByRole('button', { name: 'Load demo workspace' })).toBeVisible();
    await expect(app.getByRole('button', { name: 'Import a file' })).toBeVisible();
    await expect(app.getByRole('button', { name: 'Start empty' })).toBeVisible();
    await expect(app.getByTestId('demo-badge')).toHaveCount(0);
    await snap(app, 'welcome');

    await app.getByRole('button', { name: 'Load demo workspace' }).click();
    await expect(app.getByTestId('demo-badge')).toHaveText('synthetic demo data');
    await expect(app.getByRole('heading', { name: 'Saturation dashboard' })).toBeVisible();
    const info = await call('workspace/info', {});
    expect(info.isDemo).toBe(true);
    expect(info.counts.results).toBeGreaterThan(0);
    await expect(app.getByRole('table', { name: 'Benchmarks overview' }).getByRole('row')).toHaveCount((await call('benchmarks/list', {})).length + 1);
    await snap(app, 'overview-demo');

    await openView(app, 'Results');
    await expect(app.locator('[data-testid=results-grid] .tabulator-row').first()).toBeVisible();
    await snap(app, 'results-demo');
  });

  test('start empty leads to the benchmarks page and import a file to the importer', async ({ app }) => {
    await app.getByRole('button', { name: 'Start empty' }).click();
    await expect(app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /^Benchmarks/ })).toHaveAttribute('aria-current', 'page');
    await snap(app, 'benchmarks-empty');
    await openView(app, 'Results');
    await expect(app.getByText('No results yet — log a release or import a file')).toBeVisible();
    await snap(app, 'results-empty');
  });

  test('keyboard shortcuts switch views and ? opens the help', async ({ app, call }) => {
    await call('benchmarks/upsert', { name: 'MMLU' });
    await app.reload();
    await app.keyboard.press('Control+2');
    await expect(app.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: /^Results/ })).toHaveAttribute('aria-current', 'page');
    await app.keyboard.press('Control+f');
    await expect(app.getByLabel('Search results')).toBeFocused();
    await app.locator('body').click({ position: { x: 5, y: 500 } });
    await app.keyboard.press('?');
    await expect(app.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await snap(app, 'shortcuts');
  });
});
