// The charts held to Our World in Data's grapher and Epoch's Benchmarking Hub (issue 19, items 4, 5 and 10): distinct
// lines named by labels that never overlap, one entity picked out with the rest greyed, benchmark-chart labels off the
// curve and off each other, exports that carry their title and source, a theme the user picks, and the dashboard
// table as tall as the window. Label boxes are measured in the SVG the live chart draws (charts/Chart.svelte draws
// with ECharts' SVG renderer below 1,500 items, so every label is an element the browser can measure).
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Box {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  fill: string;
  opacity: number;
  rotated: boolean;
}

async function openDemo(loadDemo: () => Promise<void>, app: Page): Promise<void> {
  await loadDemo();
  await app.reload();
  await expect(app.getByTestId('dashboard-table')).toBeVisible({ timeout: 30_000 });
}

/** The chart made live (the pointer over it) and drawn; its SVG. */
async function liveSvg(page: Page, testid: string): Promise<Locator> {
  const chart = page.getByTestId(testid);
  await chart.locator('.canvas-wrap').hover({ position: { x: 5, y: 5 } });
  await expect(chart).toHaveAttribute('data-live', 'true');
  await expect(page.locator(`[data-testid=${testid}][data-ready=true]`)).toBeVisible({ timeout: 30_000 });
  const svg = chart.locator('.canvas:not(.picture) svg').first();
  await expect(svg).toBeVisible();
  return svg;
}

/** Every visible text of a chart's SVG with its box on the page, colour, opacity and whether it is turned. */
async function textBoxes(svg: Locator): Promise<Box[]> {
  return svg.evaluate((root) =>
    [...root.querySelectorAll('text')]
      .filter((t) => (t.textContent ?? '').trim() !== '' && t.getAttribute('display') !== 'none' && t.getAttribute('visibility') !== 'hidden' && Number(t.getAttribute('opacity') ?? 1) > 0)
      .map((t) => {
        const r = t.getBoundingClientRect();
        const m = (t.getAttribute('transform') ?? '').match(/matrix\(([^)]*)\)/);
        const rotated = !!m && Math.abs(Number((m[1] ?? '').split(/[ ,]+/)[1] ?? 0)) > 0.01;
        return { text: (t.textContent ?? '').trim(), x: r.x, y: r.y, w: r.width, h: r.height, fill: t.getAttribute('fill') ?? '', opacity: Number(t.getAttribute('fill-opacity') ?? 1), rotated };
      }),
  );
}

/** Pairs of boxes that overlap by more than half a pixel each way. */
function overlapping(boxes: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i] as Box;
      const b = boxes[j] as Box;
      const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (dx > 0.5 && dy > 0.5) out.push(`"${a.text}" × "${b.text}"`);
    }
  return out;
}

test.describe('the frontiers since release chart', () => {
  test('names every benchmark in its own colour with labels that never overlap, and greys the others out when one is picked', async ({ app, call, loadDemo }) => {
    await openDemo(loadDemo, app);
    // The benchmarks with a release date (one of the demo's has none, and no line).
    const names = (await call('benchmarks/list', {})).filter((b) => b.releaseDate && b.resultCount > 0).map((b) => b.name);
    expect(names.length).toBeGreaterThan(12);
    const svg = await liveSvg(app, 'since-release-chart');
    const boxes = await textBoxes(svg);
    const labels = boxes.filter((b) => names.includes(b.text));
    // The demo has more benchmarks than the palette has colours: every label shown, each palette colour used.
    expect(labels.map((l) => l.text).sort()).toEqual([...names].sort());
    expect(new Set(labels.map((l) => l.fill)).size).toBe(Math.min(12, names.length));
    expect(overlapping(boxes)).toEqual([]);

    // A dashboard row under the pointer picks its line out: its label keeps its colour, every other one is greyed.
    const picked = labels.find((l) => l.text === 'LongHaystack') as Box;
    await app.getByTestId('dashboard-row').filter({ hasText: 'LongHaystack' }).hover();
    await expect.poll(async () => (await textBoxes(svg)).filter((b) => names.includes(b.text) && b.opacity < 1).length).toBe(names.length - 1);
    const after = (await textBoxes(svg)).filter((b) => names.includes(b.text));
    expect(after.find((b) => b.text === 'LongHaystack')?.fill).toBe(picked.fill);
    expect(new Set(after.filter((b) => b.text !== 'LongHaystack').map((b) => b.fill)).size).toBe(1);
    // The pointer leaving gives every line its colour back.
    await app.getByRole('heading', { name: 'Saturation dashboard' }).hover();
    await expect.poll(async () => (await textBoxes(svg)).filter((b) => names.includes(b.text) && b.opacity < 1).length).toBe(0);
  });
});

test.describe('the benchmark chart', () => {
  test('keeps its labels off the curve and off each other, level, with one label per year and a legend that does not page', async ({ app, loadDemo }) => {
    await openDemo(loadDemo, app);
    // OlympiadSprint's forecast interval ends in June 2029, past the last round year of its axis.
    await app.getByTestId('dashboard-row').filter({ hasText: 'OlympiadSprint' }).click();
    const svg = await liveSvg(app, 'benchmark-chart');
    const boxes = await textBoxes(svg);
    expect(overlapping(boxes)).toEqual([]);
    // Only the y axis' name is turned on its side: the forecast's date stands level, above the plot.
    expect(boxes.filter((b) => b.rotated).map((b) => b.text.replace(/\(.*\)/, '(unit)'))).toEqual(['Score (unit)']);
    const forecast = boxes.find((b) => b.text.startsWith('forecast '));
    expect(forecast).toBeTruthy();

    // The threshold is named right of the plot, past the end of its dashed line (not on the curve or the band).
    const threshold = boxes.find((b) => b.text.startsWith('threshold')) as Box;
    expect(threshold).toBeTruthy();
    const lineEnd = await svg.evaluate((root, colour) => Math.max(...[...root.querySelectorAll('path')].filter((p) => p.getAttribute('stroke') === colour && p.getAttribute('stroke-dasharray')).map((p) => p.getBoundingClientRect().right)), threshold.fill);
    expect(threshold.x).toBeGreaterThanOrEqual(lineEnd);

    // The date axis names each year once (not "2029  Jun 2029").
    const years = boxes.map((b) => /^(?:[A-Z][a-z]{2} )?(\d{4})$/.exec(b.text)?.[1]).filter((y): y is string => !!y);
    expect(years.length).toBeGreaterThan(2);
    expect(new Set(years).size).toBe(years.length);

    // The organizations' legend wraps instead of paging: every organization is listed, and nothing reads "1/2".
    const legend = app.getByRole('list', { name: /^Legend of / });
    await expect(legend.getByRole('button')).not.toHaveCount(0);
    expect(boxes.filter((b) => /^\d+\/\d+$/.test(b.text))).toEqual([]);
  });

  // One page load for two checks of LongHaystack's chart (each test's demo load and first draw take seconds).
  test('picks out one organization from its legend and greys every other point; exported, it carries its title, subtitle, source and date', async ({ app, loadDemo }) => {
    await openDemo(loadDemo, app);
    await app.getByTestId('dashboard-row').filter({ hasText: 'LongHaystack' }).click();
    const svg = await liveSvg(app, 'benchmark-chart');
    const entry = app.getByRole('list', { name: /^Legend of / }).getByRole('button').first();
    const colour = await entry.locator('.swatch').evaluate((s) => getComputedStyle(s).backgroundColor);
    const points = () =>
      svg.evaluate((root) =>
        [...root.querySelectorAll('path')].map((p) => ({ fill: p.getAttribute('fill') ?? '', opacity: Number(p.getAttribute('fill-opacity') ?? 1) })).filter((p) => p.fill !== 'none'),
      );
    const before = await points();
    await entry.hover();
    await expect.poll(async () => (await points()).filter((p) => p.opacity < 0.5).length).toBeGreaterThan(10);
    // The picked organization's points keep their colour (ECharts lightens it a little for the picked state).
    const channels = (c: string) => (/^#([0-9a-f]{6})$/i.test(c) ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) : (c.match(/\d+/g) ?? []).slice(0, 3).map(Number));
    const near = (a: string, b: string) => channels(a).reduce((d, v, i) => d + Math.abs(v - (channels(b)[i] ?? 0)), 0) < 90;
    expect((await points()).filter((p) => p.opacity >= 0.5 && near(p.fill, colour)).length).toBeGreaterThan(0);
    // Clicking hides its points; clicking again shows them.
    await entry.click();
    await expect(entry).toHaveAttribute('aria-pressed', 'false');
    await entry.click();
    await expect(entry).toHaveAttribute('aria-pressed', 'true');
    expect(before.length).toBeGreaterThan(0);

    // Exported as a picture (SVG and PNG), the chart carries its title, subtitle, source line and date.
    const chart = app.getByTestId('benchmark-chart');
    const today = new Date().toISOString().slice(0, 10);

    const svgDl = app.waitForEvent('download');
    await chart.getByRole('button', { name: /as SVG/ }).click();
    const svgText = readFileSync(await (await svgDl).path(), 'utf8');
    expect(svgText).toContain('LongHaystack: scores against release date');
    expect(svgText).toMatch(/\d+ models · \d+ records/);
    expect(svgText).toContain('Source: Headroom workspace “Synthetic demo workspace” (synthetic demo data)');
    expect(svgText).toContain(`exported ${today}`);
    expect(svgText).toContain('Fitted curve');

    const pngDl = app.waitForEvent('download');
    await chart.getByRole('button', { name: /as PNG/ }).click();
    const png = readFileSync(await (await pngDl).path());
    // PNG header: width and height (big-endian) at bytes 16 and 20; drawn at twice the CSS size.
    const box = (await chart.locator('.canvas-wrap').boundingBox()) as { width: number; height: number };
    expect(png.readUInt32BE(16)).toBe(Math.round(box.width * 2));
    // Taller than the chart by the title, subtitle and source bands.
    expect(png.readUInt32BE(20) / 2).toBeGreaterThan(box.height + 60);
  });
});

test.describe('the model chart', () => {
  test('picks out the benchmark under the pointer and greys the others', async ({ app, loadDemo }) => {
    await openDemo(loadDemo, app);
    await app.getByTestId('dashboard-row').first().getByRole('button').click();
    const svg = await liveSvg(app, 'model-chart');
    const bars = () => svg.evaluate((root) => [...root.querySelectorAll('path')].map((p) => ({ fill: p.getAttribute('fill') ?? '', opacity: Number(p.getAttribute('fill-opacity') ?? 1), box: p.getBoundingClientRect().toJSON() as DOMRect })));
    // The bars: the widest filled shapes of one colour.
    const all = await bars();
    const accent = all.filter((b) => b.fill !== 'none' && b.box.height > 6 && b.box.height < 14 && b.box.width > 20);
    expect(accent.length).toBeGreaterThan(3);
    const bar = accent[0] as (typeof accent)[number];
    await app.mouse.move(bar.box.x + bar.box.width / 2, bar.box.y + bar.box.height / 2);
    await expect.poll(async () => (await bars()).filter((b) => b.opacity < 0.5 && b.box.height > 6 && b.box.height < 14).length).toBeGreaterThanOrEqual(accent.length - 1);
  });
});

test.describe('themes', () => {
  // One demo load for both theme checks (each test's demo load and first draw take seconds).
  test('the heatmap gives each cell the same colour in the light and the dark theme; the theme the user picks wins over the system setting and is remembered after a reload', async ({ app, loadDemo }) => {
    await openDemo(loadDemo, app);
    const cells = async () => {
      await expect(app.locator('[data-testid=heatmap-chart][data-ready=true] .picture svg')).toBeVisible({ timeout: 30_000 });
      return app
        .getByTestId('heatmap-chart')
        .locator('.picture svg')
        .evaluate((root) => Object.fromEntries([...root.querySelectorAll('path[ecmeta_series_index="0"]')].map((p) => [p.getAttribute('ecmeta_data_index'), p.getAttribute('fill')])));
    };
    await app.emulateMedia({ colorScheme: 'light' });
    const light = await cells();
    expect(Object.keys(light).length).toBeGreaterThan(50);
    await app.emulateMedia({ colorScheme: 'dark' });
    await expect(app.locator('[data-testid=heatmap-chart] .picture svg path[ecmeta_series_index="0"]').first()).not.toHaveAttribute('stroke', 'rgb(255, 255, 255)');
    expect(await cells()).toEqual(light);

    await app.emulateMedia({ colorScheme: 'light' });
    const bg = () => app.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(246, 247, 249)');
    const pick = app.getByLabel('Theme');
    await pick.selectOption('dark');
    await expect.poll(bg).toBe('rgb(20, 23, 27)');
    // The charts follow: the heatmap's cells are edged with the dark panel colour.
    await expect(app.locator('[data-testid=heatmap-chart] .picture svg path[ecmeta_series_index="0"]').first()).toHaveAttribute('stroke', 'rgb(27, 31, 36)', { timeout: 30_000 });
    await app.reload();
    await expect(app.getByTestId('dashboard-table')).toBeVisible({ timeout: 30_000 });
    await expect(app.getByLabel('Theme')).toHaveValue('dark');
    expect(await bg()).toBe('rgb(20, 23, 27)');
    // Back to the system's setting: light again here, and dark when the system turns dark.
    await app.getByLabel('Theme').selectOption('system');
    await expect.poll(bg).toBe('rgb(246, 247, 249)');
    await app.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(bg).toBe('rgb(20, 23, 27)');
  });
});

test.describe('the dashboard table', () => {
  test('takes the height of the window instead of a fixed box', async ({ app, loadDemo }) => {
    await app.setViewportSize({ width: 1440, height: 1200 });
    await openDemo(loadDemo, app);
    const wrap = app.getByTestId('dashboard-table').locator('xpath=..');
    // Every demo row fits a window this tall: the box does not scroll.
    await expect(app.getByTestId('dashboard-row')).toHaveCount(17);
    expect(await wrap.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
    // A short window gives it less room, not a fixed 540 px: it ends within the window.
    await app.setViewportSize({ width: 1024, height: 700 });
    await expect.poll(() => wrap.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(560);
    const box = (await wrap.boundingBox()) as { y: number; height: number };
    expect(box.height).toBeGreaterThan(400);
  });
});
