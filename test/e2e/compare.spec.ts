import { expect, openView, snap, test } from './fixtures';

// The Compare view's model picker: a list over the chart that reads as one line per model and gets out of the way.

test('the Compare picker shows one aligned line per model and closes on Escape and on a click outside it', async ({ app, loadDemo }) => {
  await loadDemo();
  await app.setViewportSize({ width: 1024, height: 700 });
  await app.reload();
  await openView(app, 'Compare');
  const search = app.locator('#compare-search');
  await search.fill('gale');
  await search.press('Enter');
  const list = app.getByRole('listbox', { name: 'Models' });
  await expect(list).toBeVisible();
  await search.fill('');
  const options = list.getByRole('option');
  expect(await options.count()).toBeGreaterThan(5);
  // Each option: its checkbox centred on the name's line, the name on one line.
  const rows = await options.evaluateAll((els) =>
    els.map((li) => {
      const box = li.querySelector('input')!.getBoundingClientRect();
      const name = li.querySelector('.option-name');
      const n = name!.getBoundingClientRect();
      return { name: name!.textContent, offset: Math.abs(box.top + box.height / 2 - (n.top + n.height / 2)), lines: Math.round(n.height / parseFloat(getComputedStyle(name!).lineHeight || '18')) };
    }),
  );
  for (const r of rows) {
    expect(r.offset, `${r.name}: checkbox off the name's line`).toBeLessThanOrEqual(2);
    expect(r.lines, `${r.name}: name wrapped`).toBeLessThanOrEqual(1);
  }
  await snap(app, 'compare-picker-open');

  await app.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(search).toBeFocused();

  // Escape from a checkbox inside the list closes it too.
  await search.click();
  await expect(list).toBeVisible();
  await options.first().getByRole('checkbox').focus();
  await app.keyboard.press('Escape');
  await expect(list).toBeHidden();

  // A click anywhere outside (the heading, the chart) closes it.
  await search.click();
  await expect(list).toBeVisible();
  await app.getByRole('heading', { name: 'Compare models' }).click();
  await expect(list).toBeHidden();
  await expect(app.getByRole('button', { name: /^Remove gale/ }).first()).toBeVisible();
});
