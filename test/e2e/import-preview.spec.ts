import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sharedData } from '../helpers/sharedData';
import { expect, snap, test } from './fixtures';

// What the import preview shows for real files: the columns as the reader uses them, counts that speak of the
// workspace (not of rows repeating each other), and a panel that holds any file name.

test("an Epoch AI leaderboard shows each column where its reader puts it (GSM8K's Name → model, EM → score)", async ({ app }) => {
  await app.getByRole('button', { name: 'Import a file' }).click();
  await app.getByLabel('Choose a file…').setInputFiles(sharedData('epoch_benchmark_stitching', 'external_benchmark_gsm8k.csv'));
  await expect(app.getByTestId('import-format')).toHaveText('epoch-external');
  const selected = (h: string) => app.getByLabel(`Map column ${h}`, { exact: true }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
  await expect.poll(() => selected('Name')).toBe('model');
  expect(await selected('EM')).toBe('score');
  expect(await selected('Source')).toBe('source');
  expect(await selected('Shots')).toBe('shots');
  expect(await selected('id')).toBe('— not used —');
  // The sample rows use the same columns the mapping shows.
  const sample = app.getByRole('table', { name: 'Sample rows' });
  await expect(sample.getByRole('columnheader', { name: 'model', exact: true })).toBeVisible();
  await expect(sample.getByRole('columnheader', { name: 'score', exact: true })).toBeVisible();
  await snap(app, 'import-epoch-gsm8k');
});

test("a first import of simple-evals' README history says nothing will update and groups its repeated rows", async ({ app }) => {
  await app.getByRole('button', { name: 'Import a file' }).click();
  await app.getByLabel('Choose a file…').setInputFiles(sharedData('openai_simple_evals', 'simple_evals_readme_history_long.csv'));
  const counts = app.getByLabel('Preview counts');
  await expect(counts).toContainText('0will update');
  await expect(counts).toContainText('0unchanged');
  await expect(counts).toContainText(/\d{4}repeat earlier rows/);
  // One grouped line per kind of repeat (count and examples), not a banner per row.
  const repeatNotes = app.locator('.warn-box', { hasText: 'repeat' });
  await expect(repeatNotes).toHaveCount(2);
  await expect(repeatNotes.first()).toContainText(/^\d+ rows repeat .*line \d+ repeats line \d+/);
  const page = await app.evaluate(() => document.documentElement.scrollHeight);
  expect(page).toBeLessThan(4000);
  await snap(app, 'import-simple-evals-history');
});

test('a 244-character file name stays inside the import panel', async ({ app }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-long-'));
  const name = `${'a_very_long_leaderboard_export_'.repeat(8).slice(0, 240)}.csv`;
  expect(name).toHaveLength(244);
  const file = path.join(dir, name);
  writeFileSync(file, 'model,benchmark,score\nAlpha-1,MMLU,0.61\n');
  await app.setViewportSize({ width: 1024, height: 700 });
  await app.getByRole('button', { name: 'Import a file' }).click();
  await app.getByLabel('Choose a file…').setInputFiles(file);
  await expect(app.getByLabel('Preview counts')).toBeVisible();
  const panel = app.getByRole('region', { name: 'Import a file' });
  const overflow = await panel.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const box = await panel.boundingBox();
  for (const el of await app.getByRole('button', { name: 'Apply import' }).or(app.getByTitle(name)).all()) {
    const b = await el.boundingBox();
    expect(b!.x + b!.width).toBeLessThanOrEqual(box!.x + box!.width);
  }
  await snap(app, 'import-long-file-name');
});
