// Import preview beyond the columns: names the resolver is unsure of, the diff of a changed re-import with
// removeMissing, and binary .eval archives sent as base64.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { expect, openView, schemes, snap, test } from './fixtures';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'importers');

function tempFile(name: string, content: string | Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'headroom-import-')), name);
  writeFileSync(file, content);
  return file;
}

test.describe('import name resolution and re-imports', () => {
  for (const scheme of schemes('light')) {
    test(`choosing merge for loosely matching names imports onto the existing model and remembers the spellings (${scheme} theme)`, async ({ app, call }) => {
      await app.emulateMedia({ colorScheme: scheme });
      const model = await call('models/upsert', { name: 'nimbus-5', organization: 'Aurora Labs', releaseDate: '2025-08-07' });
      await call('benchmarks/upsert', { name: 'MMLU', unit: 'fraction', floor: 0.25, ceiling: 1 });
      await call('benchmarks/upsert', { name: 'GSM8K', unit: 'percent' });
      const file = tempFile('nimbus.csv', ['model,benchmark,score', 'Nimbus 5,MMLU,0.81', 'nimbus-5-2025-10-01,GSM8K,91.5', ''].join('\n'));
      await app.reload();
      await openView(app, 'Import/Export');
      await app.getByLabel('Choose a file…').setInputFiles(file);

      const unsure = app.getByRole('table', { name: 'Unsure names' });
      await expect(unsure.locator('tbody tr')).toHaveCount(2);
      await expect(app.getByTestId('import-format')).toHaveText('headroom-csv');
      await expect(unsure).toContainText('only in case, spacing or punctuation');
      // Nothing is merged without a choice: both are created until the analyst says otherwise.
      await expect(app.getByLabel('Import model Nimbus 5 as')).toHaveValue('create');
      await expect(app.getByLabel('Import model nimbus-5-2025-10-01 as')).toHaveValue('create');
      await expect(app.getByText('Will be created')).toBeVisible();

      // "Merge the likely ones" merges the same-letters spelling (100 %), not the dated snapshot (90 %).
      await app.getByRole('button', { name: 'Merge the likely ones (1)' }).click();
      await expect(app.getByLabel('Import model Nimbus 5 as')).toHaveValue(`merge:${model.id}`);
      await app.getByLabel('Import model nimbus-5-2025-10-01 as').selectOption(`merge:${model.id}`);
      await expect(app.getByText('Will be created')).toBeHidden();
      await expect(app.getByLabel('Import model nimbus-5-2025-10-01 as')).toHaveValue(`merge:${model.id}`);
      await snap(app, scheme === 'light' ? 'import-unsure' : 'import-unsure-dark');

      await app.getByRole('button', { name: 'Apply import' }).click();
      await expect(app.getByRole('status', { name: 'Import summary' })).toContainText('2 added');
      await expect(app.getByRole('status', { name: 'Import summary' })).toContainText('2 names remembered as aliases');
      const after = await call('models/get', { id: model.id });
      expect(after.aliases).toEqual(expect.arrayContaining(['Nimbus 5', 'nimbus-5-2025-10-01']));
      expect((await call('models/list', {})).map((m) => m.name)).toEqual(['nimbus-5']);
      expect((await call('results/query', {})).rows.map((r) => r.model)).toEqual(['nimbus-5', 'nimbus-5']);
    });
  }

  test('re-importing a changed file shows what it adds, changes and no longer has, and can remove the missing results', async ({ app, call }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'headroom-reimport-'));
    const file = path.join(dir, 'board.csv');
    writeFileSync(file, ['model,benchmark,score', 'Alpha-1,MMLU,0.61', 'Beta-2,MMLU,0.72', 'Gamma-3,MMLU,0.55', ''].join('\n'));
    await openView(app, 'Import/Export');
    await app.getByLabel('Choose a file…').setInputFiles(file);
    await expect(app.getByLabel('Preview counts')).toContainText('3will add');
    await app.getByRole('button', { name: 'Apply import' }).click();
    await expect(app.getByRole('status', { name: 'Import summary' })).toContainText('3 added');
    await app.getByRole('button', { name: 'Import another file' }).click();

    writeFileSync(file, ['model,benchmark,score', 'Alpha-1,MMLU,0.61', 'Beta-2,MMLU,0.74', 'Delta-4,MMLU,0.8', ''].join('\n'));
    await app.getByLabel('Choose a file…').setInputFiles(file);
    const diff = app.getByTestId('import-diff');
    await expect(diff).toContainText('1 added');
    await expect(diff).toContainText('1 changed');
    await expect(diff).toContainText('1 no longer in the file');
    await expect(diff.getByRole('table', { name: 'Removed rows' })).toContainText('Gamma-3');
    await expect(diff.getByRole('table', { name: 'Changed rows' })).toContainText('Beta-2');
    await expect(diff.getByRole('table', { name: 'Added rows' })).toContainText('Delta-4');
    await diff.getByLabel('Also remove the 1 result no longer in the file').check();
    await snap(app, 'import-diff');
    await app.getByRole('button', { name: 'Apply import' }).click();
    await expect(app.getByRole('status', { name: 'Import summary' })).toContainText('1 removed');
    const rows = (await call('results/query', {})).rows.map((r) => [r.model, r.score]).sort();
    expect(rows).toEqual([
      ['Alpha-1', 0.61],
      ['Beta-2', 0.74],
      ['Delta-4', 0.8],
    ]);
  });

  test('an Inspect .eval archive is read as bytes and imported', async ({ app, call }) => {
    const members = ['header.json', 'summaries.json', 'reductions.json', '_journal/start.json'];
    const files: Record<string, Uint8Array> = {};
    for (const m of members) files[m] = new Uint8Array(readFileSync(path.join(FIXTURES, 'inspect', 'eval-archive', m)));
    const file = tempFile('2025-03-04_mmlu-pro.eval', zipSync(files));
    await openView(app, 'Import/Export');
    await app.getByLabel('Choose a file…').setInputFiles(file);
    await expect(app.getByTestId('import-format')).toHaveText('inspect');
    await expect(app.getByLabel('Preview counts')).toContainText('1will add');
    await app.getByRole('button', { name: 'Apply import' }).click();
    await expect(app.getByRole('status', { name: 'Import summary' })).toContainText('1 added');
    // mmlu_pro is MMLU-Pro to the benchmark catalog.
    expect((await call('results/query', {})).rows).toEqual([expect.objectContaining({ model: 'claude-3-7-sonnet-20250219', benchmark: 'MMLU-Pro' })]);
  });
});
