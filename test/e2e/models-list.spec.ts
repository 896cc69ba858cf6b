import { expect, openView, snap, test } from './fixtures';

// The models list at the window sizes analysts use: every column whole, none cut off or hidden behind a scrollbar.

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  test(`the models list shows every column unclipped at ${size.width}×${size.height}`, async ({ app, loadDemo }) => {
    await loadDemo();
    await app.setViewportSize(size);
    await app.reload();
    await openView(app, 'Models');
    const list = app.getByRole('region', { name: 'Model list' });
    await expect(list.getByRole('row').nth(5)).toBeVisible();
    await list.getByRole('button').nth(1).click();
    const clipped = await list.evaluate((el) => {
      const scroll = el.querySelector('.scroll') as HTMLElement;
      const out: string[] = [];
      if (scroll.scrollWidth > scroll.clientWidth + 1) out.push(`list scrolls sideways by ${scroll.scrollWidth - scroll.clientWidth}px`);
      const right = scroll.getBoundingClientRect().right;
      for (const c of el.querySelectorAll('th, td')) {
        const cell = c as HTMLElement;
        if (cell.getBoundingClientRect().right > right + 1) out.push(`"${cell.textContent}" ends outside the list`);
        if (cell.scrollWidth > cell.clientWidth + 1) out.push(`"${cell.textContent}" is cut`);
      }
      return out.slice(0, 10);
    });
    expect(clipped).toEqual([]);
    await snap(app, `models-list-${size.width}`);
  });
}
