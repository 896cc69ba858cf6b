import type { Page } from '@playwright/test';
import { expect, openView, seedBasic, snap, test } from './fixtures';

// The Log release grid by keyboard alone, as in a spreadsheet: a visible focus ring, Tab to the next cell, Enter
// down the column, typed text in the focused cell, and the "rows filled" counter following along.

const GRID = '[data-testid=release-grid]';

function cell(page: Page, benchmark: string, field: string) {
  return page
    .locator(`${GRID} .tabulator-row`)
    .filter({ has: page.locator('[tabulator-field=benchmark] .cell-value', { hasText: new RegExp(`^${benchmark}$`) }) })
    .locator(`[tabulator-field=${field}]`);
}

/** The grid cell that holds the keyboard focus (the cell itself or its open editor): benchmark and field. */
async function focused(page: Page): Promise<{ benchmark: string; field: string; ring: string } | null> {
  return page.evaluate(() => {
    const c = document.activeElement?.closest('.tabulator-cell');
    if (!(c instanceof HTMLElement)) return null;
    const row = c.closest('.tabulator-row');
    const style = getComputedStyle(c);
    return {
      benchmark: row?.querySelector('[tabulator-field=benchmark] .cell-value')?.textContent ?? '',
      field: c.getAttribute('tabulator-field') ?? '',
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 ? 'outline' : style.boxShadow !== 'none' ? 'shadow' : 'none',
    };
  });
}

test('the Log release grid works by keyboard: focus ring, Tab to the next cell, Enter down, typing in the focused cell, counter updated', async ({ app, call }) => {
  await seedBasic(call);
  await app.reload();
  await openView(app, 'Log release');
  const counter = app.getByText(/of \d+ rows filled/);
  await expect(counter).toHaveText(/^0 of 3 rows filled/);

  await cell(app, 'GSM8K', 'score').click();
  expect(await focused(app)).toMatchObject({ benchmark: 'GSM8K', field: 'score' });
  expect((await focused(app))?.ring).not.toBe('none');
  await app.keyboard.type('77');
  await app.keyboard.press('Enter');
  // Enter commits and moves down the column.
  await expect(cell(app, 'GSM8K', 'score')).toHaveText('77');
  await expect.poll(() => focused(app)).toMatchObject({ benchmark: 'HumanEval', field: 'score' });
  await expect(counter).toHaveText(/^1 of 3 rows filled/);
  await app.keyboard.type('0.5');
  // Tab commits and moves to the next cell of the row.
  await app.keyboard.press('Tab');
  await expect(cell(app, 'HumanEval', 'score')).toHaveText('0.5');
  await expect.poll(() => focused(app)).toMatchObject({ benchmark: 'HumanEval', field: 'stderr' });
  await expect(counter).toHaveText(/^2 of 3 rows filled/);
  await app.keyboard.press('Shift+Tab');
  await expect.poll(() => focused(app)).toMatchObject({ benchmark: 'HumanEval', field: 'score' });
  await snap(app, 'log-release-keyboard');
  // Nothing landed anywhere else.
  await expect(cell(app, 'GSM8K', 'testTimeCompute')).toHaveText('');
  await expect(cell(app, 'HumanEval', 'testTimeCompute')).toHaveText('');
});
