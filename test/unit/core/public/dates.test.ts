/**
 * Models without release dates (core/public/dates.ts): counted per benchmark and overall, and filled in one step from
 * the model list shipped in data/public (Epoch AI's model_versions.csv), writing only the dates that were empty.
 */
import { describe, expect, it } from 'vitest';
import { apiFor } from '../../../helpers/api';
import { workspacesPerTest } from '../../../helpers/workspace';

const { workspace } = workspacesPerTest();

// Baichuan-7B is in Epoch AI's list (2023-06-01); my-own-model is not; dated-model has a date of its own.
const RESULTS = 'model,benchmark,score\nBaichuan-7B,GSM8K,0.3\nBaichuan-7B,MMLU,0.4\nmy-own-model,GSM8K,0.5\ndated-model,GSM8K,0.6\n';

async function seeded() {
  const ws = workspace();
  const api = apiFor(ws);
  await api.call('import/apply', { fileName: 'mine.csv', content: RESULTS });
  await api.call('models/upsert', { name: 'dated-model', releaseDate: '2020-01-01' });
  return { ws, api };
}

describe('missing release dates', () => {
  it('counts the undated models with results, overall and on one benchmark, and how many the shipped list dates', async () => {
    const { api } = await seeded();
    expect(await api.call('models/missingDates', {})).toMatchObject({ models: 2, results: 3, modelsWithResults: 3, fillable: 1, listName: 'Epoch AI' });
    const mmlu = (await api.call('benchmarks/list', {})).find((b) => b.name === 'MMLU')!;
    expect(await api.call('models/missingDates', { benchmarkId: mmlu.id })).toMatchObject({ models: 1, results: 1, modelsWithResults: 1, fillable: 1 });
  });

  it('lists what it would fill, then fills only the empty dates the list gives', async () => {
    const { api } = await seeded();
    const dry = await api.call('models/fillDates', { dryRun: true });
    expect(dry.filled).toEqual([{ model: 'Baichuan-7B', date: '2023-06-01', listedAs: 'Baichuan-7B' }]);
    expect((await api.call('models/list', {})).find((m) => m.name === 'Baichuan-7B')?.releaseDate).toBeNull();
    await api.call('models/fillDates', {});
    const models = new Map((await api.call('models/list', {})).map((m) => [m.name, m]));
    expect(models.get('Baichuan-7B')?.releaseDate).toBe('2023-06-01');
    expect(models.get('my-own-model')?.releaseDate).toBeNull();
    expect(models.get('dated-model')?.releaseDate).toBe('2020-01-01');
    // Nothing else of the model changed (the list's family and notes were not written).
    expect(models.get('Baichuan-7B')?.family ?? null).toBeNull();
    expect(await api.call('models/missingDates', {})).toMatchObject({ models: 1, fillable: 0 });
  });

  it('finds a model by an alias the list knows', async () => {
    const { api } = await seeded();
    const mine = (await api.call('models/list', {})).find((m) => m.name === 'my-own-model')!;
    await api.call('models/upsert', { id: mine.id, name: mine.name, aliases: ['gpt-4-0613'] });
    const dry = await api.call('models/fillDates', { dryRun: true });
    expect(dry.filled.map((f) => `${f.model} ${f.listedAs}`)).toContain('my-own-model gpt-4-0613');
  });
});
