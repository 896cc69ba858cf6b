import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, openView, snap, test } from './fixtures';

test.describe('import and export', () => {
  test('importing a CSV with bad rows explains each rejection with line, column and reason', async ({ app, call }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'headroom-import-'));
    const file = path.join(dir, 'scores.csv');
    writeFileSync(
      file,
      [
        'model,benchmark,score,stderr,date,comment',
        'Alpha-1,MMLU,0.61,0.01,2024-01-02,first',
        'Beta-2,MMLU,abc,,2024-01-02,second',
        'Gamma-3,MMLU,0.7,,2024-13-01,third',
        ',MMLU,0.3,,,fourth',
        'Beta-2,GSM8K,55.5,,,fifth',
      ].join('\n') + '\n',
    );
    await app.getByRole('button', { name: 'Import a file' }).click();
    await app.getByLabel('Choose a file…').setInputFiles(file);

    const counts = app.getByLabel('Preview counts');
    await expect(counts).toContainText('2will add');
    await expect(counts).toContainText('3rejected');
    const rejected = app.getByRole('table', { name: 'Rejected rows' });
    await expect(rejected.getByRole('row')).toHaveCount(4);
    await expect(rejected.getByRole('row').nth(1)).toContainText(['3', 'score', '"abc" is not a number', 'abc'].join(''));
    await expect(rejected.getByRole('row').nth(2)).toContainText('4date');
    await expect(rejected.getByRole('row').nth(2)).toContainText('is not a real calendar date');
    await expect(rejected.getByRole('row').nth(3)).toContainText('5model');
    await expect(app.getByText('Will be created')).toBeVisible();

    // Map the ignored "comment" column onto notes: the preview is run again with it.
    await app.getByLabel('Map column comment').selectOption('notes');
    await expect(app.getByRole('table', { name: 'Sample rows' })).toContainText('first');
    await snap(app, 'import-preview');

    await app.getByRole('button', { name: 'Apply import' }).click();
    await expect(app.getByRole('status', { name: 'Import summary' })).toContainText('2 added');
    const rows = (await call('results/query', {})).rows;
    expect(rows.map((r) => [r.model, r.benchmark, r.score, r.notes]).sort()).toEqual([
      ['Alpha-1', 'MMLU', 0.61, 'first'],
      ['Beta-2', 'GSM8K', 55.5, 'fifth'],
    ]);
    await snap(app, 'import-summary');
  });

  test('exporting results downloads a CSV file', async ({ app, call }) => {
    await call('results/upsertMany', { rows: [{ model: 'Alpha-1', benchmark: 'MMLU', score: 0.61 }], createMissing: true });
    await app.reload();
    await openView(app, 'Import/Export');
    const download = app.waitForEvent('download');
    await app.getByRole('button', { name: 'Export results' }).click();
    const d = await download;
    expect(d.suggestedFilename()).toMatch(/\.csv$/);
    const text = await (await d.createReadStream()).toArray();
    const content = Buffer.concat(text as Buffer[]).toString('utf8');
    expect(content).toContain('Alpha-1');
    expect(content.split('\n')[0]).toContain('score');
  });
});
