import { expect, openView, test } from './fixtures';

// Units on every number, written the same in the app and the report, and no internal name shown to a reader.

const INTERNAL = ['not-enough-data', 'not-identifiable', 'aggregate-mismatch', 'conflicting-reports', 'threshold zHigh', 'zHigh', ' · cached'];

test("the dashboard's current best carries its benchmark's unit, written as the PDF report writes it", async ({ app, call, loadDemo }) => {
  await loadDemo();
  await app.reload();
  const rows = app.getByTestId('dashboard-row');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  const best = await rows.locator('td.best .num-inline').allInnerTexts();
  expect(best.length).toBeGreaterThan(10);
  for (const b of best) expect(b).toMatch(/^-?[\d,.]+(%| pts)$/);
  const cloze = (await rows.filter({ hasText: 'ClozeStory' }).locator('td.best .num-inline').innerText()).trim();
  // The report's saturation table writes the same benchmark's best the same way.
  const report = await call('reports/html', { options: { sections: ['table'] } });
  const row = /<tr>(?:(?!<\/tr>).)*ClozeStory(?:(?!<\/tr>).)*<\/tr>/s.exec(report.html)?.[0] ?? '';
  expect(row).toContain(`<td class="num">${cloze}</td>`);
  expect(cloze).toMatch(/%$/);
});

test('no internal status, rule or threshold name reaches the benchmark page or the flags view', async ({ app, call, loadDemo }) => {
  await loadDemo();
  await call('flags/recompute', {});
  await app.reload();
  await expect(app.getByTestId('dashboard-row').first()).toBeVisible({ timeout: 30_000 });
  await app.getByTestId('dashboard-row').filter({ hasText: 'ClozeStory' }).click();
  await expect(app.getByTestId('fit-status')).toBeVisible({ timeout: 30_000 });
  await expect(app.getByRole('table', { name: 'Forecasts of this benchmark' })).toBeVisible({ timeout: 30_000 });
  const page = await app.locator('main').innerText();
  for (const name of INTERNAL) expect(page, name).not.toContain(name);

  await openView(app, 'Flags');
  const list = app.getByRole('listbox', { name: 'Flags' });
  await expect(list.getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  // Open a few flags of rules whose evidence carries thresholds.
  for (const label of ['Surprising', 'Subtask ordering', 'Aggregate mismatch']) {
    const opt = list.getByRole('option').filter({ hasText: label }).first();
    if ((await opt.count()) === 0) continue;
    await opt.click();
    const text = await app.locator('main').innerText();
    for (const name of INTERNAL) expect(text, `${label}: ${name}`).not.toContain(name);
  }
});
