// Real leaderboards as they come: a wide table (one row per model, a column per benchmark) imports with no mapping,
// every reading of the file is listed with the values it changes, and a reading can be changed before applying.
import { sharedData } from '../helpers/sharedData';
import { expect, snap, test } from './fixtures';

test('a wide leaderboard lists how each column is read, and a changed reading changes what is imported', async ({ app, call }) => {
  await app.getByRole('button', { name: 'Import a file' }).click();
  await app.getByLabel('Choose a file…').setInputFiles(sharedData('benchbench_leaderboards', 'livebench_240829_holistic.csv'));
  const readings = app.getByRole('table', { name: 'Readings of the file' });
  await expect(readings).toContainText('Column "LB_Coding" is read as subtask "Coding" of livebench_240725');
  await expect(readings).toContainText('"livebench_240725" is LiveBench in the benchmark catalog');
  await expect(app.getByTestId('import-format')).toHaveText('wide');
  const counts = app.getByLabel('Preview counts');
  await expect(counts).toContainText('490will add');
  await snap(app, 'import-wide-readings');

  // Leave the coding column out: 70 fewer results, and the reading says so.
  await app.getByLabel('Reading of LB_Coding').selectOption('ignore');
  await expect(counts).toContainText('420will add');
  await expect(readings).toContainText('Column "LB_Coding" is read as ignored (you chose to ignore it)');
  await app.getByRole('button', { name: 'Apply import' }).click();
  await expect(app.getByRole('status', { name: 'Import summary' })).toContainText('420 added');
  const bench = (await call('benchmarks/list', {})).find((b) => b.name === 'LiveBench');
  expect(bench?.subtasks.map((s) => s.name).sort()).toEqual(['Data_Analysis', 'IF', 'Language', 'Mathematics', 'Reasoning']);
});

test('a table with model sizes and compute in stated units shows the conversions and the model attributes it sets', async ({ app, call }) => {
  await app.getByRole('button', { name: 'Import a file' }).click();
  await app.getByLabel('Choose a file…').setInputFiles(sharedData('obsscaling', 'base_llm_benchmark_eval.csv'));
  const readings = app.getByRole('table', { name: 'Readings of the file' });
  await expect(readings).toContainText('Column "FLOPs (1E21)" is read as the model\'s training compute (FLOP), × 10^21');
  await expect(app.getByTestId('import-attributes')).toContainText('148 models updated');
  await snap(app, 'import-wide-attributes');
  await app.getByRole('button', { name: 'Apply import' }).click();
  await expect(app.getByRole('status', { name: 'Import summary' })).toBeVisible();
  // "Model Size (B)" 7.0 is 7 × 10^9 parameters; "FLOPs (1E21)" 84.0 is 8.4 × 10^22 FLOP.
  const m = (await call('models/list', {})).find((x) => x.name === 'meta-llama/Llama-2-7b-hf');
  expect(m).toMatchObject({ parameters: 7e9, trainingComputeFlop: 8.4e22, family: 'Llama-2' });
});
