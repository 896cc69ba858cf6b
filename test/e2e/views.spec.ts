import { expect, openView, schemes, snap, test } from './fixtures';

// Screenshots of every view over the demo workspace, in both themes, for looking at (test-results/screenshots).
for (const scheme of schemes('dark')) {
  test(`every view renders over the demo workspace in the ${scheme} theme`, async ({ app }) => {
    await app.emulateMedia({ colorScheme: scheme });
    await app.getByRole('button', { name: 'Load demo workspace' }).click();
    await expect(app.getByTestId('demo-badge')).toBeVisible();
    // The dashboard's first summary fits every benchmark; the in-process server (and this test's driver, in the
    // same process) is busy meanwhile, so the success toast may already be gone. Dismiss it if it is still there.
    await expect(app.getByRole('table', { name: 'Benchmarks overview' })).toBeVisible({ timeout: 30_000 });
    const dismiss = app.getByRole('button', { name: 'Dismiss notice' });
    // It may time out between the check and the click: then there is nothing to dismiss.
    if (await dismiss.isVisible()) await dismiss.click({ timeout: 3_000 }).catch(() => undefined);
    await snap(app, `view-overview-${scheme}`);

    await openView(app, 'Results');
    await expect(app.locator('[data-testid=results-grid] .tabulator-row').first()).toBeVisible();
    await app.locator('[data-testid=results-grid] .tabulator-row').nth(2).locator('[tabulator-field=benchmark]').click();
    await expect(app.getByRole('complementary', { name: 'History of the selected result' })).toContainText('insert');
    await snap(app, `view-results-${scheme}`);

    await openView(app, 'Log release');
    await expect(app.locator('[data-testid=release-grid] .tabulator-row').first()).toBeVisible();
    await snap(app, `view-log-release-${scheme}`);

    await openView(app, 'Benchmarks');
    await app.getByRole('region', { name: 'Benchmark list' }).getByRole('button').nth(1).click();
    await snap(app, `view-benchmarks-${scheme}`);

    await openView(app, 'Models');
    await app.getByRole('region', { name: 'Model list' }).getByRole('button').nth(1).click();
    await snap(app, `view-models-${scheme}`);

    await openView(app, 'Import/Export');
    await snap(app, `view-import-${scheme}`);
  });
}
