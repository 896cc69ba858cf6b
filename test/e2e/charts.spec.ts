// The analysis views: saturation dashboard, benchmark page, model page and compare, on the demo workspace, on a
// generated workspace of 50 benchmarks and 1,000 models, and on real public data (obsscaling, Epoch AI).
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { generateWorkspaceCsv } from '../helpers/generatedWorkspace';
import { sharedData } from '../helpers/sharedData';
import { soakOr } from '../helpers/soak';
import { expect, openView, schemes, snap, snapEl, test } from './fixtures';

/** Wait until a chart has drawn its current option. */
async function chartReady(page: Page, testid: string): Promise<Locator> {
  const c = page.locator(`[data-testid=${testid}][data-ready=true]`).first();
  await expect(c).toBeVisible({ timeout: 30_000 });
  return c;
}

async function openDemo(loadDemo: () => Promise<void>, app: Page): Promise<void> {
  await loadDemo();
  await app.reload();
  await expect(app.getByTestId('dashboard-table')).toBeVisible({ timeout: 30_000 });
}

for (const scheme of schemes('light')) {
  test(`the dashboard lists every demo benchmark with its status, forecast and frontier in the ${scheme} theme`, async ({ app, loadDemo }) => {
    await app.emulateMedia({ colorScheme: scheme });
    await openDemo(loadDemo, app);
    const rows = app.getByTestId('dashboard-row');
    await expect(rows).toHaveCount(17);
    await expect(app.getByTestId('dashboard-table')).toContainText('saturating');
    await expect(app.getByTestId('dashboard-table')).toContainText('saturated');
    await expect(rows.first().locator('svg')).toBeVisible();
    await chartReady(app, 'heatmap-chart');
    await chartReady(app, 'since-release-chart');
    await snap(app, `dashboard-${scheme}`);
    await snapEl(app.getByTestId('heatmap-chart'), `dashboard-heatmap-${scheme}`);
    await snapEl(app.getByTestId('since-release-chart'), `dashboard-since-release-${scheme}`);
  });

  test(`the benchmark page shows points, frontier, fit, band, forecast and subtasks in the ${scheme} theme`, async ({ app, loadDemo }) => {
    await app.emulateMedia({ colorScheme: scheme });
    await openDemo(loadDemo, app);
    await app.getByTestId('dashboard-row').filter({ hasText: 'LongHaystack' }).click();
    await expect(app.getByTestId('benchmark-page')).toBeVisible();
    await chartReady(app, 'benchmark-chart');
    await expect(app.getByTestId('fit-status')).toHaveText('ok');
    await expect(app.getByTestId('forecast-text')).toContainText('forecast');
    await expect(app.getByRole('table', { name: 'Fitted parameters' })).toContainText('x0');
    await expect(app.getByTestId('subtask-chart')).toHaveCount(5, { timeout: 30_000 });
    await expect(app.getByTestId('subtask-chart').first()).toContainText(/k = [\d.]+/);
    await expect(app.getByRole('table', { name: 'Forecasts of this benchmark' }).locator('tbody tr')).toHaveCount(6, { timeout: 30_000 });
    await snap(app, `benchmark-page-${scheme}`);
    await snapEl(app.getByRole('region', { name: 'Subtasks' }), `benchmark-subtasks-${scheme}`);
  });
}

test('the dashboard sorts by column, filters by category and opens a benchmark page that Esc leaves', async ({ app, loadDemo }) => {
  await openDemo(loadDemo, app);
  const names = () => app.getByTestId('dashboard-row').locator('td.name').allInnerTexts();
  await app.getByRole('button', { name: /^Benchmark( [▲▼])?$/ }).click();
  const sorted = await names();
  expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b)));
  await app.getByRole('button', { name: /^Benchmark( [▲▼])?$/ }).click();
  expect(await names()).toEqual([...sorted].reverse());
  await app.getByRole('button', { name: /^Headroom left( [▲▼])?$/ }).click();
  await expect(app.getByRole('columnheader', { name: 'Headroom left' })).toHaveAttribute('aria-sort', 'ascending');

  await app.getByLabel('Category').selectOption('math');
  await expect(app.getByTestId('dashboard-row')).toHaveCount(5);
  for (const t of await app.getByTestId('dashboard-row').locator('td:nth-child(2)').allInnerTexts()) expect(t).toBe('math');
  await chartReady(app, 'heatmap-chart');

  await app.getByTestId('dashboard-row').first().focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('benchmark-page')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('dashboard-table')).toBeVisible();
  await expect(app.getByLabel('Category')).toHaveValue('math');
});

test('the dashboard charts appear as pictures drawn in a worker and turn interactive when the pointer reaches them', async ({ app, loadDemo }) => {
  await openDemo(loadDemo, app);
  const heat = await chartReady(app, 'heatmap-chart');
  const lines = await chartReady(app, 'since-release-chart');
  // Still pictures: ECharts' SVG from the worker, holding the benchmark names, and no live chart yet.
  await expect(heat).toHaveAttribute('data-live', 'false');
  await expect(heat.locator('.picture svg')).toContainText('LongHaystack');
  await expect(heat.locator('.canvas:not(.picture) > *')).toHaveCount(0);

  // A filter redraws the picture (the worker again); the table has answered at once.
  await app.getByLabel('Category').selectOption('math');
  await expect(app.getByTestId('dashboard-row')).toHaveCount(5);
  await expect(heat.locator('.picture svg')).not.toContainText('LongHaystack');
  await expect(heat).toHaveAttribute('data-ready', 'true');

  // The pointer arriving makes the heatmap live: an interactive chart (ECharts' SVG renderer in the page) with
  // tooltips naming the benchmark under the pointer.
  const box = (await heat.locator('.canvas-wrap').boundingBox())!;
  await app.mouse.move(box.x + box.width * 0.7, box.y + 14);
  await expect(heat).toHaveAttribute('data-live', 'true');
  await expect(heat.locator('.canvas:not(.picture) svg').first()).toBeVisible();
  await expect(heat.locator('.picture')).toHaveCount(0);
  await app.mouse.move(box.x + box.width * 0.7 + 3, box.y + 16);
  await expect(heat.locator('.canvas-wrap')).toContainText('headroom left', { timeout: 10_000 });

  // The other chart's toolbar works before the pointer has been over its plot: exporting makes it live first.
  await expect(lines).toHaveAttribute('data-live', 'false');
  const png = app.waitForEvent('download');
  await lines.getByRole('button', { name: /as PNG/ }).click();
  expect((await png).suggestedFilename()).toMatch(/\.png$/);
  await expect(lines).toHaveAttribute('data-live', 'true');
});

test('the benchmark page switches axis, form, points and threshold, shows its data and exports PNG and SVG', async ({ app, loadDemo }) => {
  await openDemo(loadDemo, app);
  await app.getByTestId('dashboard-row').filter({ hasText: 'CompMath' }).click();
  await chartReady(app, 'benchmark-chart');
  await app.getByLabel('Axis').selectOption('compute');
  await chartReady(app, 'benchmark-chart');
  await expect(app.getByTestId('benchmark-chart')).toContainText('training compute');
  await app.getByLabel('Curve').selectOption('auto');
  await expect(app.getByRole('complementary', { name: 'Fit summary' })).toContainText('Forms tried', { timeout: 30_000 });
  await app.getByLabel('Points').selectOption('frontier');
  await app.getByLabel('Threshold').selectOption('0.95');
  await chartReady(app, 'benchmark-chart');
  await expect(app.getByRole('complementary', { name: 'Fit summary' })).toContainText('95% of the range');

  const chart = app.getByTestId('benchmark-chart');
  await chart.getByRole('button', { name: /Show data/ }).click();
  const table = chart.getByRole('table', { name: /Data of/ });
  await expect(table.locator('tbody tr').first()).toBeVisible();
  await expect(table).toContainText('e2');

  const png = app.waitForEvent('download');
  await chart.getByRole('button', { name: /as PNG/ }).click();
  expect((await png).suggestedFilename()).toMatch(/\.png$/);
  const svgDl = app.waitForEvent('download');
  await chart.getByRole('button', { name: /as SVG/ }).click();
  const svg = await svgDl;
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  const text = readFileSync(await svg.path(), 'utf8');
  expect(text).toContain('<svg');
  expect(text).toContain('Fitted curve');
});

test('the benchmark page shows one frontier forecast in the Fit panel and the Forecasts table, drawn with its band, beside its track record', async ({ app, loadDemo }) => {
  await openDemo(loadDemo, app);
  // The dashboard says, per benchmark, whether the forecast beat "stays flat" in its backtest.
  const row = app.getByTestId('dashboard-row').filter({ hasText: 'OlympiadSprint' });
  await expect(row.getByTestId('track-badge')).toHaveText(/^(beats flat|worse than flat|mixed vs flat)$/);
  await expect(row.getByTestId('track-badge')).toHaveAttribute('title', /^Backtest \(past cut-offs\), mean error as a share of the range, this forecast vs "stays flat": 6 months [\d.]+% vs [\d.]+% \(\d+\)/);
  await row.click();
  await chartReady(app, 'benchmark-chart');
  await expect(app.getByTestId('forecast-text')).toContainText('The frontier (best so far');
  const panel = (await app.getByTestId('forecast-interval').innerText()).replace(/^\s*\d+% interval\s*/, '').trim();
  expect(panel).toMatch(/^\d{4}-\d{2}-\d{2} – (\d{4}-\d{2}-\d{2}|not within 20 years)$/);
  const whole = app.getByRole('table', { name: 'Forecasts of this benchmark' }).locator('tbody tr').filter({ hasText: 'Whole benchmark' });
  await expect(whole.locator('td').nth(5)).toHaveText(panel, { timeout: 30_000 });
  // Another curve or points mode changes the view of the field, not the saturation forecast.
  await app.getByLabel('Points').selectOption('frontier');
  await chartReady(app, 'benchmark-chart');
  await expect(app.getByTestId('forecast-interval')).toContainText(panel);
  await expect(app.getByTestId('track-record')).toContainText('Flat');
  await snap(app, 'benchmark-page-frontier-forecast');
});

test('a benchmark with too few results says so plainly in the fit summary', async ({ app, call }) => {
  await call('benchmarks/upsert', { name: 'TinyBench', category: 'math', unit: 'fraction', releaseDate: '2023-01-01' });
  await call('models/upsert', { name: 'Solo-1', organization: 'Acme', releaseDate: '2023-06-01' });
  await call('models/upsert', { name: 'Solo-2', organization: 'Acme', releaseDate: '2024-06-01' });
  await call('results/upsertMany', { rows: [{ model: 'Solo-1', benchmark: 'TinyBench', score: 0.3, source: 'paper' }, { model: 'Solo-2', benchmark: 'TinyBench', score: 0.5, source: 'paper' }] });
  await app.reload();
  await app.getByTestId('dashboard-row').filter({ hasText: 'TinyBench' }).click();
  await expect(app.getByTestId('fit-status')).toHaveText('not enough data');
  await snap(app, 'benchmark-page-not-enough-data');
});

test('the dashboard shows a clear empty state on an empty workspace', async ({ app, call }) => {
  await call('benchmarks/upsert', { name: 'EmptyBench', unit: 'fraction' });
  await app.reload();
  await expect(app.getByText('No results yet — log a release or import a file')).toBeVisible();
  await snap(app, 'dashboard-empty');
});

test('the model page shows normalized scores against the frontier and score against test-time compute', async ({ app, call, loadDemo }) => {
  await openDemo(loadDemo, app);
  const models = await call('models/list', {});
  const reasoning = models.find((m) => m.name.includes('think') || m.name.includes('-r'));
  expect(reasoning).toBeTruthy();
  await app.getByTestId('dashboard-row').first().getByRole('button').click();
  await expect(app.getByTestId('model-page')).toBeVisible();
  await chartReady(app, 'model-chart');
  await expect(app.getByTestId('model-chart')).toContainText('ahead of the earlier frontier');
  await app.getByRole('button', { name: '← Back' }).click();
  await expect(app.getByTestId('dashboard-table')).toBeVisible();

  // A reasoning model (several test-time-compute budgets), reached from the Compare view.
  await openView(app, 'Compare');
  await app.locator('#compare-search').fill(reasoning?.name ?? '');
  await app.locator('#compare-search').press('Enter');
  await app.getByRole('button', { name: 'Done' }).click();
  await app.getByLabel('Selected models').getByRole('button', { name: reasoning?.name ?? '', exact: true }).click();
  await chartReady(app, 'model-chart');
  await chartReady(app, 'ttc-chart');
  await snap(app, 'model-page-light');
  await snapEl(app.getByTestId('ttc-chart'), 'model-page-ttc-light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await chartReady(app, 'model-chart');
  await snap(app, 'model-page-dark');
});

test('the compare view puts the picked models side by side with error bars and a table', async ({ app, loadDemo }) => {
  await openDemo(loadDemo, app);
  await app.keyboard.press('Control+7');
  await expect(app.getByRole('heading', { name: 'Compare models' })).toBeVisible();
  await expect(app.getByText('Pick two or more models to compare')).toBeVisible();
  const search = app.locator('#compare-search');
  for (const n of ['gale-4', 'nimbus-r3', 'strand-3']) {
    await search.fill(n);
    await search.press('Enter');
  }
  await app.getByRole('button', { name: 'Done' }).click();
  await chartReady(app, 'compare-chart');
  const table = app.getByRole('table', { name: 'Comparison' });
  await expect(table.locator('thead th')).toHaveCount(4);
  await expect(table).toContainText('±');
  await app.getByTestId('compare-chart').getByRole('button', { name: /Show data/ }).click();
  await expect(app.getByRole('table', { name: /Data of Best whole-benchmark/ })).toContainText('gale-4');
  await snap(app, 'compare-light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await chartReady(app, 'compare-chart');
  await snap(app, 'compare-dark');
  await app.getByRole('button', { name: 'Remove strand-3' }).click();
  await expect(table.locator('thead th')).toHaveCount(3);
});

test('the help dialog lists the view shortcuts, Esc and the Compare view', async ({ app, loadDemo }) => {
  await openDemo(loadDemo, app);
  await app.keyboard.press('?');
  const dialog = app.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toContainText('Go to Compare');
  await expect(dialog).toContainText('Back from a benchmark or model page');
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

// A big generated workspace: 50 benchmarks (some with long names) and 1,000 models from 40 organizations in
// npm run test:soak, in both themes; npm test draws 20 and 200 in the dark theme.
const BIG = soakOr({ benchmarks: 20, models: 200, schemes: schemes('dark') }, { benchmarks: 50, models: 1000, schemes: schemes('dark') });
test(`${BIG.benchmarks} benchmarks and ${BIG.models.toLocaleString('en-US')} models render on the dashboard, benchmark page and compare view`, async ({ app, call }) => {
  test.setTimeout(180_000);
  const g = generateWorkspaceCsv({ benchmarks: BIG.benchmarks, models: BIG.models, resultsPerModel: 10 });
  await call('import/apply', { fileName: 'benchmarks.csv', content: g.benchmarks, kind: 'benchmarks' });
  await call('import/apply', { fileName: 'models.csv', content: g.models, kind: 'models' });
  const s = await call('import/apply', { fileName: 'results.csv', content: g.results, kind: 'results' });
  expect(s.reject).toBe(0);
  for (const scheme of BIG.schemes) {
    await app.emulateMedia({ colorScheme: scheme });
    await app.reload();
    await expect(app.getByTestId('dashboard-row')).toHaveCount(BIG.benchmarks, { timeout: 60_000 });
    await chartReady(app, 'heatmap-chart');
    await chartReady(app, 'since-release-chart');
    await snap(app, `large-dashboard-${scheme}`);
    await snapEl(app.getByTestId('heatmap-chart'), `large-heatmap-${scheme}`);
    await snapEl(app.getByTestId('since-release-chart'), `large-since-release-${scheme}`);
  }
  // One benchmark every model has taken: a point per model, from 40 organizations.
  await call('benchmarks/upsert', { name: 'CrowdBench', category: 'knowledge', unit: 'fraction', floor: 0.25, releaseDate: '2019-01-01' });
  const models = await call('models/list', {});
  await call('results/upsertMany', {
    rows: models.map((m, i) => {
      const t = m.releaseDate ? Number(m.releaseDate.slice(0, 4)) + Number(m.releaseDate.slice(5, 7)) / 12 : 2022;
      const p = 1 / (1 + Math.exp(-1.3 * (t - 2023))) + ((i * 7919) % 100) / 1000 - 0.05;
      return { model: m.name, benchmark: 'CrowdBench', score: Math.min(1, Math.max(0.25, 0.25 + 0.75 * p)), source: 'generated', sourceKind: (['lab-reported', 'third-party', 'own-run'] as const)[i % 3] };
    }),
  });
  await app.reload();
  await app.getByTestId('dashboard-row').filter({ has: app.locator('td.name', { hasText: /^CrowdBench$/ }) }).click();
  await chartReady(app, 'benchmark-chart');
  await app.getByLabel('Axis').selectOption('compute');
  await chartReady(app, 'benchmark-chart');
  await snap(app, 'large-benchmark-page-dark');
  await app.emulateMedia({ colorScheme: 'light' });
  await chartReady(app, 'benchmark-chart');
  await snap(app, 'large-benchmark-page-light');
  await app.keyboard.press('Escape');

  await openView(app, 'Compare');
  const search = app.locator('#compare-search');
  for (const n of [10, 9, 8, 7, 6, 5].map((k) => `gen-model-${String(BIG.models - k).padStart(4, '0')}`)) {
    await search.fill(n);
    await search.press('Enter');
  }
  await app.getByRole('button', { name: 'Done' }).click();
  await chartReady(app, 'compare-chart');
  await snap(app, 'large-compare-light');
});

/** obsscaling base models: training FLOPs (units of 1e21) and eight benchmark scores, as Headroom CSVs. */
function obsscalingCsv(): { models: string; results: string; benchmarks: string[] } {
  const text = readFileSync(sharedData('obsscaling', 'base_llm_benchmark_eval.csv'), 'utf8').trim().split(/\r?\n/);
  const header = (text[0] ?? '').split(',');
  const benchCols = header.slice(5);
  const models = ['model,family,parameters,training_compute_flop'];
  const results = ['model,benchmark,score,source,source_kind'];
  for (const line of text.slice(1)) {
    const cells = line.split(',');
    const [name, family, sizeB, , flops] = cells;
    if (!name || !flops || !Number.isFinite(Number(flops))) continue;
    models.push(`${name},${family},${Number(sizeB) * 1e9},${Number(flops) * 1e21}`);
    benchCols.forEach((b, i) => {
      const v = cells[5 + i];
      if (v !== undefined && v !== '' && Number.isFinite(Number(v))) results.push(`${name},${b},${v},obsscaling base_llm_benchmark_eval.csv,third-party`);
    });
  }
  return { models: models.join('\n') + '\n', results: results.join('\n') + '\n', benchmarks: benchCols };
}

test('real obsscaling data fits on the training-compute axis', async ({ app, call }) => {
  const o = obsscalingCsv();
  const floors: Record<string, number> = { MMLU: 0.25, 'ARC-C': 0.25, HellaSwag: 0.25, Winograd: 0.5, XWinograd: 0.5 };
  for (const b of o.benchmarks) await call('benchmarks/upsert', { name: b, unit: 'fraction', floor: floors[b] ?? 0, ceiling: 1, category: 'obsscaling' });
  await call('import/apply', { fileName: 'obsscaling-models.csv', content: o.models, kind: 'models' });
  const s = await call('import/apply', { fileName: 'obsscaling-results.csv', content: o.results, kind: 'results' });
  expect(s.add).toBeGreaterThan(500);
  await app.reload();
  await expect(app.getByTestId('dashboard-row')).toHaveCount(o.benchmarks.length, { timeout: 60_000 });
  await snap(app, 'obsscaling-dashboard');
  await app.getByTestId('dashboard-row').filter({ hasText: 'MMLU' }).click();
  await app.getByLabel('Axis').selectOption('compute');
  await chartReady(app, 'benchmark-chart');
  await expect(app.getByTestId('fit-status')).toHaveText('ok');
  await expect(app.getByTestId('benchmark-chart')).toContainText(/1\d\d models/);
  await snap(app, 'obsscaling-mmlu-compute');
  await app.getByLabel('Axis').selectOption('parameters');
  await chartReady(app, 'benchmark-chart');
  await snap(app, 'obsscaling-mmlu-parameters');
});

test('real Epoch AI benchmark runs with model release dates fit on the date axis', async ({ app, call }) => {
  const dir = 'epoch_benchmark_stitching';
  for (const f of ['model_versions.csv', 'benchmarks_runs.csv']) {
    const r = await call('import/apply', { fileName: f, content: readFileSync(sharedData(dir, f), 'utf8') });
    expect(r.reject).toBe(0);
  }
  // Public release dates of the benchmarks, so "since release" has lines to draw.
  const released: Record<string, string> = { 'GPQA diamond': '2023-11-20', 'MATH level 5': '2021-03-05', 'SWE-Bench verified': '2024-08-13', 'OTIS Mock AIME 2024-2025': '2025-02-01' };
  for (const b of await call('benchmarks/list', {})) {
    const date = released[b.name];
    if (date) await call('benchmarks/upsert', { id: b.id, name: b.name, category: 'epoch', unit: b.unit, floor: b.floor, ceiling: b.ceiling, higherIsBetter: b.higherIsBetter, metric: b.metric, releaseDate: date });
  }
  await app.reload();
  await expect(app.getByTestId('dashboard-row').first()).toBeVisible({ timeout: 60_000 });
  await chartReady(app, 'since-release-chart');
  await snap(app, 'epoch-dashboard');
  await snapEl(app.getByTestId('since-release-chart'), 'epoch-since-release');
  await app.getByTestId('dashboard-row').filter({ hasText: 'GPQA diamond' }).click();
  await chartReady(app, 'benchmark-chart');
  await expect(app.getByTestId('fit-status')).toHaveText('ok');
  await expect(app.getByTestId('benchmark-chart')).toContainText('release date');
  await snap(app, 'epoch-gpqa-date');
});
