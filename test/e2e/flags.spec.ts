// The flags inbox on the demo workspace: recompute, filter, look at the evidence, dismiss, confirm, fix a value,
// undo; and the model page's list of its flags.
import type { Locator, Page } from '@playwright/test';
import type { Flag } from '../../src-main/common/flags';
import { type DirectCall, expect, openView, schemes, snap, snapEl, test } from './fixtures';

/** Demo workspace, the Flags view, and one recompute through the button. */
async function openFlags(loadDemo: () => Promise<void>, app: Page): Promise<void> {
  await loadDemo();
  await app.reload();
  await expect(app.getByTestId('dashboard-table')).toBeVisible({ timeout: 30_000 });
  await openView(app, 'Flags');
  await expect(app.getByText('No flags yet')).toBeVisible();
  await app.getByRole('button', { name: 'Recompute' }).click();
  await expect(app.getByTestId('flags-summary')).toContainText('raised', { timeout: 30_000 });
  await expect(app.getByTestId('flag-item').first()).toBeVisible();
}

async function gale3Conflict(call: DirectCall): Promise<Flag> {
  const f = (await call('flags/list', { rule: 'conflicting-reports' })).find((x) => x.model === 'gale-3' && x.benchmark === 'CompMath');
  if (!f) throw new Error('the demo has no gale-3 CompMath conflict');
  return f;
}

async function openGale3(app: Page): Promise<Locator> {
  await app.getByLabel('Rule').selectOption('conflicting-reports');
  await app.getByRole('option').filter({ hasText: 'gale-3 · CompMath' }).click();
  const detail = app.getByTestId('flag-detail');
  await expect(detail).toContainText('52.8');
  await expect(detail).toContainText('22.1');
  return detail;
}

test.describe('flags inbox', () => {
  for (const scheme of schemes('dark')) {
    test(`a dismissed conflict keeps its note and stays dismissed when the flags are recomputed (${scheme} theme)`, async ({ app, call, loadDemo }) => {
      await app.emulateMedia({ colorScheme: scheme });
      await openFlags(loadDemo, app);
      const openHigh = (await call('flags/list', { status: 'open', minSeverity: 'high' })).length;
      expect(openHigh).toBeGreaterThan(0);
      await expect(app.getByTestId('flags-badge')).toHaveText(String(openHigh));

      const detail = await openGale3(app);
      await expect(app.getByTestId('flag-item')).toHaveCount(2);
      await expect(app.locator('[data-testid=flag-chart][data-ready=true]')).toBeVisible();
      await expect(detail.getByRole('table', { name: 'Flag values' })).toContainText('OpenScore leaderboard');
      await snap(app, `flags-conflict-${scheme}`);

      await detail.getByRole('button', { name: 'Dismiss…' }).click();
      const dialog = app.getByRole('dialog', { name: 'Dismiss this flag' });
      await dialog.getByRole('button', { name: 'Dismiss', exact: true }).click();
      await expect(dialog.getByRole('alert')).toContainText('note is required');
      await dialog.getByLabel('Why is the value fine?').fill('Different answer extraction on the leaderboard; both are right for their harness.');
      await snap(app, `flags-dismiss-dialog-${scheme}`);
      await dialog.getByRole('button', { name: 'Dismiss', exact: true }).click();
      await expect(dialog).toBeHidden();
      await expect(detail.getByTestId('flag-status')).toHaveText('dismissed');
      await expect(detail.getByTestId('flag-note')).toContainText('Different answer extraction');
      await expect(app.getByTestId('flags-badge')).toHaveText(String(openHigh - 1));

      let stored = await gale3Conflict(call);
      expect(stored.status).toBe('dismissed');
      expect(stored.note).toContain('answer extraction');

      await app.getByRole('button', { name: 'Recompute' }).click();
      await expect(app.getByTestId('flags-summary')).toContainText('1 kept as resolved', { timeout: 30_000 });
      stored = await gale3Conflict(call);
      expect(stored.status).toBe('dismissed');
      await app.getByLabel('Status').selectOption('dismissed');
      await expect(app.getByTestId('flag-item')).toHaveCount(1);
      await expect(detail.getByTestId('flag-status')).toHaveText('dismissed');
      await snap(app, `flags-dismissed-${scheme}`);
    });
  }

  test('confirming a conflict marks the chosen report bad, leaves it out of the benchmark fit, and undo reopens it', async ({ app, call, loadDemo }) => {
    await openFlags(loadDemo, app);
    const detail = await openGale3(app);
    const flag = await gale3Conflict(call);
    const values = detail.getByRole('table', { name: 'Flag values' });
    // The suspect (the leaderboard's 22.1) starts ticked, the lab's 52.8 not; the own run in another setting is context only.
    await expect(values.getByRole('checkbox', { name: /Mark 22\.1 from/ })).toBeChecked();
    await expect(values.getByRole('checkbox', { name: /Mark 52\.8 from/ })).not.toBeChecked();
    await expect(values.getByRole('checkbox')).toHaveCount(2);

    await detail.getByRole('button', { name: 'Confirm (1 bad)' }).click();
    await expect(detail.getByTestId('flag-status')).toHaveText('confirmed bad');
    const stored = await gale3Conflict(call);
    expect(stored.status).toBe('confirmed');
    expect(stored.badResultIds).toEqual(flag.subjectResultIds);

    const fit = await call('fits/series', { benchmarkId: flag.benchmarkId ?? 0, axis: 'date', resamples: 0 });
    expect(fit.excluded).toContainEqual(expect.objectContaining({ model: 'gale-3', y: 22.1, reason: 'confirmed as bad' }));
    await snap(app, 'flags-confirmed');

    await app.locator('body').press('Control+z');
    await expect(detail.getByTestId('flag-status')).toHaveText('open');
    expect((await gale3Conflict(call)).status).toBe('open');
    const refit = await call('fits/series', { benchmarkId: flag.benchmarkId ?? 0, axis: 'date', resamples: 0 });
    expect(refit.excluded.filter((e) => e.reason === 'confirmed as bad')).toEqual([]);
  });

  test('fixing a value in place rechecks the workspace and the flag becomes fixed; undo writes the old value back', async ({ app, call, loadDemo }) => {
    await openFlags(loadDemo, app);
    // 97.5 in a fraction benchmark: a unit slip (which explains the out-of-range value, so only the slip is raised).
    await app.getByLabel('Rule').selectOption('unit-slip');
    await app.getByRole('option').filter({ hasText: 'nimbus-3 · ClozeStory' }).click();
    const detail = app.getByTestId('flag-detail');
    await expect(detail).toContainText('97.5');
    await detail.getByRole('button', { name: 'Fix value 97.5 of nimbus-3' }).click();
    await detail.getByLabel('New score').fill('0.975');
    await snap(app, 'flags-fix-value');
    await detail.getByLabel('New score').press('Enter');
    await expect(detail.getByTestId('flag-status')).toHaveText('fixed', { timeout: 30_000 });
    const flag = (await call('flags/list', { rule: 'unit-slip' })).find((f) => f.model === 'nimbus-3');
    expect(flag?.status).toBe('fixed');
    const id = flag?.resultIds[0] ?? 0;
    const score = async () => (await call('results/query', { modelIds: [flag?.modelId ?? 0], limit: 10_000 })).rows.find((r) => r.id === id)?.score;
    expect(await score()).toBe(0.975);

    await app.locator('body').press('Control+z');
    await expect.poll(score).toBe(97.5);
  });

  test('every rule with a chart draws its evidence, and the model page lists the model’s flags', async ({ app, loadDemo }) => {
    await openFlags(loadDemo, app);
    await app.getByLabel('Severity').selectOption('high');
    const cases: [string, string, string][] = [
      ['surprising-failure', 'nimbus-5 · ArithBench', 'flags-surprising-failure'],
      ['above-trend', 'tess-math-7b · OlympiadSprint', 'flags-above-trend'],
      ['ordering', 'lattice-7 · LogicGrid / 3x3 grids', 'flags-ordering'],
      ['regression', 'meridian-5 · GradeMath', 'flags-regression'],
    ];
    for (const [rule, subject, shot] of cases) {
      await app.getByLabel('Rule').selectOption(rule);
      await app.getByRole('option').filter({ hasText: subject }).first().click();
      await expect(app.locator('[data-testid=flag-chart][data-ready=true]')).toBeVisible();
      await snapEl(app.getByTestId('flag-detail'), shot);
    }
    await app.getByLabel('Rule').selectOption('aggregate-mismatch');
    await app.getByRole('option').filter({ hasText: 'kestrel-5 · CompMath' }).click();
    await expect(app.getByTestId('flag-chart')).toHaveCount(0);
    await expect(app.getByRole('table', { name: 'Flag values' }).locator('tbody tr')).toHaveCount(8);
    await snapEl(app.getByTestId('flag-detail'), 'flags-aggregate-mismatch');

    // Arrow keys move through the list.
    await app.getByLabel('Rule').selectOption('');
    await app.getByRole('listbox', { name: 'Flags' }).focus();
    await app.keyboard.press('Home');
    const first = await app.getByTestId('flag-item').first().getAttribute('data-flag-id');
    await expect(app.getByTestId('flag-item').first()).toHaveAttribute('aria-selected', 'true');
    await app.keyboard.press('ArrowDown');
    await expect(app.getByTestId('flag-item').nth(1)).toHaveAttribute('aria-selected', 'true');
    expect(first).not.toBeNull();

    await app.getByLabel('Rule').selectOption('conflicting-reports');
    await app.getByRole('option').filter({ hasText: 'gale-3 · CompMath' }).click();
    await app.getByTestId('flag-detail').getByRole('button', { name: 'gale-3', exact: true }).click();
    const list = app.getByTestId('model-flags');
    await expect(list).toContainText('Conflicting reports');
    await expect(list).toContainText('Surprising failure');
    await list.scrollIntoViewIfNeeded();
    await snap(app, 'flags-model-page');
    await list.getByRole('button', { name: 'Surprising failure' }).click();
    await expect(app.getByTestId('flag-detail')).toContainText('gale-3');
    await expect(app.getByTestId('flag-detail')).toContainText('Surprising failure');
  });
});
