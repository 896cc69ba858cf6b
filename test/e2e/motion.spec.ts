// The app follows the system's motion preference: charts animate when motion is allowed and are drawn in their
// final state at once when the user prefers reduced motion (the setting every other browser test runs with; see
// playwright.config.ts).
import { expect, test } from './fixtures';

async function benchmarkChartMotion(app: import('@playwright/test').Page): Promise<string | null> {
  await app.getByTestId('dashboard-row').first().click();
  const chart = app.locator('[data-testid=benchmark-chart]');
  await expect(chart).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  return chart.getAttribute('data-motion');
}

test.describe('with motion allowed', () => {
  test.use({ reducedMotion: 'no-preference' });
  test('charts animate', async ({ app, loadDemo }) => {
    await loadDemo();
    await app.reload();
    expect(await benchmarkChartMotion(app)).toBe('full');
  });
});

test('with reduced motion, charts are drawn without animation', async ({ app, loadDemo }) => {
  await loadDemo();
  await app.reload();
  expect(await benchmarkChartMotion(app)).toBe('reduced');
});
