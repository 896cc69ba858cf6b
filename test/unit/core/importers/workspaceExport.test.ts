import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFor } from '../../../helpers/api';
import { sharedData } from '../../../helpers/sharedData';
import { snapshot, tempWorkspace } from '../../../helpers/workspace';

let a: ReturnType<typeof tempWorkspace>;
let b: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  a = tempWorkspace();
  b = tempWorkspace();
});
afterEach(() => {
  a.dispose();
  b.dispose();
});

async function fill(ws: ReturnType<typeof tempWorkspace>) {
  const api = apiFor(ws);
  const epoch = (f: string) => readFileSync(sharedData('epoch_benchmark_stitching', f), 'utf8');
  await api.call('import/apply', { fileName: 'model_versions.csv', content: epoch('model_versions.csv') });
  await api.call('import/apply', { fileName: 'external_benchmark_mmlu.csv', content: epoch('external_benchmark_mmlu.csv') });
  await api.call('import/apply', { fileName: 'benchmarks_runs.csv', content: epoch('benchmarks_runs.csv') });
  const lm = readFileSync(sharedData('pythia_lm_eval_json', 'opt__opt-125m.json'), 'utf8');
  await api.call('import/apply', { fileName: 'opt.json', content: lm });
  const { rows } = await api.call('results/query', { limit: 3 });
  await api.call('results/update', { id: rows[0]!.id, patch: { score: 0.5 } });
  await api.call('results/delete', { ids: [rows[1]!.id] });
  return api;
}

describe('whole-workspace export', () => {
  it('imports back into an empty workspace with every table identical', async () => {
    const src = await fill(a);
    const out = await src.call('export/workspace', {});
    expect(out.fileName).toBe('workspace.headroom.json');
    const res = await apiFor(b).call('import/workspace', { content: out.content });
    expect(res.tables.results).toBeGreaterThan(800);
    // Every table, every column, timestamps included: the import copies rows rather than recomputing them.
    expect(snapshot(b.db)).toEqual(snapshot(a.db));
  });

  it('refuses to load into a workspace that has data, leaving it unchanged', async () => {
    const src = await fill(a);
    const out = await src.call('export/workspace', {});
    await apiFor(b).call('import/apply', { fileName: 'x.csv', content: 'model,benchmark,score\nM,Q,0.5\n' });
    const before = snapshot(b.db);
    expect(await apiFor(b).raw('import/workspace', { content: out.content })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await apiFor(b).raw('import/workspace', { content: '{"format":"other"}' })).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(snapshot(b.db)).toEqual(before);
  });
});

describe('table export as JSON', () => {
  it('exports a filtered view of results as JSON objects with typed values', async () => {
    const api = await fill(a);
    const bench = (await api.call('benchmarks/list', {})).find((x) => x.name === 'GPQA diamond')!;
    const out = await api.call('export/table', { kind: 'results', format: 'json', query: { benchmarkIds: [bench.id] } });
    expect(out.fileName).toBe('results.json');
    const rows = JSON.parse(out.content) as Record<string, unknown>[];
    expect(rows.length).toBe(out.rows);
    expect(rows.every((r) => r.benchmark === 'GPQA diamond' && typeof r.score === 'number')).toBe(true);
    expect(Object.keys(rows[0]!)).toEqual(['model', 'benchmark', 'subtask', 'score', 'stderr', 'n', 'shots', 'cot', 'pass_k', 'test_time_compute', 'effort', 'source', 'source_kind', 'date', 'notes', 'partial', 'run']);
  });

  it('exports models and benchmarks as JSON too', async () => {
    const api = await fill(a);
    const models = JSON.parse((await api.call('export/table', { kind: 'models', format: 'json' })).content) as { model: string }[];
    expect(models.some((m) => m.model === 'opt-125m')).toBe(true);
  });
});
