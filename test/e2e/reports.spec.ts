import { readFileSync } from 'node:fs';
import { expect, openView, seedBasic, snap, test } from './fixtures';

test('the report builder previews the chosen benchmarks and exports a PDF', async ({ app, loadDemo }) => {
  // Two report builds and a PDF print in a second Chromium: on a shared 2-core machine under heavy load (load
  // average 18–22, measured 2026-12-07) this alone took over the default 60 s. The steps wait on results, not time;
  // slow() only widens the safety net so a busy machine does not fail a correct run.
  test.slow();
  await loadDemo();
  await app.reload();
  await openView(app, 'Reports');
  const builder = app.getByRole('form', { name: 'Report builder' });
  await expect(builder).toBeVisible();

  // The first preview covers every benchmark.
  const frame = app.frameLocator('iframe[title="Report preview"]');
  await expect(frame.getByRole('heading', { name: 'Benchmark saturation report' })).toBeVisible({ timeout: 45_000 });
  await expect(app.getByTestId('report-info')).toContainText('17 benchmarks');

  await builder.getByLabel('Title').fill('Agents review');
  await builder.getByLabel('Author').fill('E2E Tester');
  await builder.getByLabel('Chosen benchmarks').check();
  await expect(builder.getByText('Choose at least one benchmark.')).toBeVisible();
  await builder.getByLabel('Filter benchmarks').fill('Repo');
  await builder.getByRole('list', { name: 'Benchmarks to report' }).getByLabel('RepoFix').check();
  await builder.getByLabel('Filter benchmarks').fill('');
  await builder.getByRole('list', { name: 'Benchmarks to report' }).getByLabel('CodeDuel').check();
  await expect(app.getByTestId('report-info')).toContainText('preview out of date');
  await builder.getByRole('button', { name: 'Update preview' }).click();

  await expect(app.getByTestId('report-info')).toContainText('2 benchmarks', { timeout: 30_000 });
  await expect(frame.getByRole('heading', { name: 'Agents review' })).toBeVisible();
  await expect(frame.getByRole('heading', { name: /^RepoFix/ })).toBeVisible();
  await expect(frame.getByRole('heading', { name: /^CodeDuel/ })).toBeVisible();
  await expect(frame.getByRole('heading', { name: /^LexiQA/ })).toHaveCount(0);
  // Charts are inline SVG in the sandboxed document.
  await expect(frame.locator('section[data-section^="benchmark-"] figure svg')).toHaveCount(2);
  await frame.getByRole('heading', { name: /^RepoFix/ }).scrollIntoViewIfNeeded();
  await snap(app, 'reports-builder');

  const download = app.waitForEvent('download', { timeout: 120_000 });
  await builder.getByRole('button', { name: 'Export PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Agents-review.pdf');
  const bytes = readFileSync(await file.path());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.toString('latin1')).toContain('/Author <FEFF');
  await expect(app.getByText(/Exported Agents-review\.pdf \(\d+ pages\)/)).toBeVisible();
});

test('the report builder refuses a report without sections before asking the server', async ({ app, call }) => {
  // A small workspace: the builder's first preview of the whole demo costs seconds this check does not need.
  await seedBasic(call);
  await app.reload();
  await openView(app, 'Reports');
  const builder = app.getByRole('form', { name: 'Report builder' });
  for (const label of ['Summary', 'Saturation table', 'Benchmark pages', 'Frontier heatmap', 'Flags and evidence', 'Methods', 'Provenance']) {
    await builder.getByLabel(label, { exact: true }).uncheck();
  }
  await expect(builder.getByText('Choose at least one section.')).toBeVisible();
  await expect(builder.getByRole('button', { name: 'Export PDF' })).toBeDisabled();
});
