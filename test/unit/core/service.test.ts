import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFor } from '../../helpers/api';
import { checkIntegrity, snapshot, tempWorkspace } from '../../helpers/workspace';

let ws: ReturnType<typeof tempWorkspace>;
let api: ReturnType<typeof apiFor>;
beforeEach(async () => {
  ws = tempWorkspace();
  api = apiFor(ws);
  await api.call('benchmarks/upsert', { name: 'MMLU', unit: 'percent', floor: 25, ceiling: 100, category: 'knowledge' });
  await api.call('benchmarks/upsert', { name: 'GSM8K', unit: 'fraction' });
  await api.call('models/upsert', { name: 'Alpha-1', organization: 'Aurora', releaseDate: '2024-03-01', trainingComputeFlop: 1e24 });
});
afterEach(() => ws.dispose());

describe('the API through the dispatcher', () => {
  it('rejects an unknown method by name', async () => {
    const r = await api.raw('models/explode', {});
    expect(r).toEqual({ ok: false, error: { code: 'unknown-method', message: 'There is no API method "models/explode".' } });
  });

  it('names the field and the problem of a malformed argument', async () => {
    const r = await api.raw('models/upsert', { name: '', releaseDate: '2024-13-01', parameters: -5 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-argument');
    const issues = r.error.details?.issues ?? [];
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'name', message: 'must not be empty' },
        { path: 'releaseDate', message: 'is not a real calendar date' },
        { path: 'parameters', message: 'must be greater than 0' },
      ]),
    );
    expect(r.error.message).toMatch(/^Invalid argument to models\/upsert: /);
  });

  it('refuses unknown fields instead of silently dropping them', async () => {
    const r = await api.raw('models/upsert', { name: 'X', paramters: 7e9 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify(r.error.details?.issues)).toMatch(/paramters/);
  });

  it('writes a pasted batch whole, or not at all with an issue per bad cell', async () => {
    const before = snapshot(ws.db);
    const bad = await api.raw('results/upsertMany', {
      rows: [
        { model: 'Alpha-1', benchmark: 'MMLU', score: 70 },
        { model: 'Nobody', benchmark: 'MMLU', score: 71 },
        { model: 'Alpha-1', benchmark: 'Nope', score: 0.5 },
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.details?.issues).toEqual([
      { path: 'rows.1.model', message: expect.stringMatching(/unknown model "Nobody"/) },
      { path: 'rows.2.benchmark', message: expect.stringMatching(/unknown benchmark "Nope"/) },
    ]);
    expect(snapshot(ws.db)).toEqual(before);
    const good = await api.call('results/upsertMany', {
      rows: [
        { model: 'Alpha-1', benchmark: 'MMLU', score: 70, shots: 5 },
        { model: 'alpha-1 ', benchmark: 'gsm8k', score: 0.55, cot: true },
      ],
    });
    expect(good).toMatchObject({ add: 2, update: 0, reject: 0 });
  });

  it('keeps the history of every edit and restores a deleted result exactly', async () => {
    const { ids } = await api.call('results/upsertMany', { rows: [{ model: 'Alpha-1', benchmark: 'MMLU', score: 70, source: 'paper' }] });
    const id = ids[0]!;
    const updated = await api.call('results/update', { id, patch: { score: 72.5, stderr: 0.4 } });
    expect(updated).toMatchObject({ score: 72.5, stderr: 0.4, source: 'paper' });
    const history = await api.call('results/history', { id });
    expect(history.map((h) => h.action)).toEqual(['insert', 'update']);
    expect(history[1]).toMatchObject({ oldValue: { score: 70 }, newValue: { score: 72.5 }, changedBy: 'tester' });
    const { deleted } = await api.call('results/delete', { ids: [id] });
    expect(deleted[0]).toMatchObject({ id, score: 72.5 });
    expect((await api.call('results/query', {})).total).toBe(0);
    await api.call('results/restore', { ids: [id] });
    const back = await api.call('results/query', {});
    expect(back.rows[0]).toEqual(deleted[0]);
  });

  it('logs a release with its scores in one transaction', async () => {
    const r = await api.call('releases/log', {
      model: { name: 'Beta-2', organization: 'Northwind', releaseDate: '2025-01-15', parameters: 7e10 },
      results: [
        { benchmark: 'MMLU', score: 80.1, shots: 5 },
        { benchmark: 'GSM8K', score: 0.9, cot: true },
      ],
    });
    expect(r.model).toMatchObject({ name: 'Beta-2', organization: 'Northwind', resultCount: 2 });
    expect(r.summary.add).toBe(2);
  });

  it('logs nothing of a release when one of its scores is bad', async () => {
    const before = snapshot(ws.db);
    const r = await api.raw('releases/log', {
      model: { name: 'Gamma' },
      results: [{ benchmark: 'MMLU', score: 80 }, { benchmark: 'Missing', score: 1 }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.details?.issues).toEqual([{ path: 'results.1.benchmark', message: expect.stringMatching(/unknown benchmark/) }]);
    expect(snapshot(ws.db)).toEqual(before);
  });

  it('filters, sorts and pages results', async () => {
    await api.call('models/upsert', { name: 'Beta-2' });
    await api.call('results/upsertMany', {
      rows: [
        { model: 'Alpha-1', benchmark: 'MMLU', score: 60 },
        { model: 'Beta-2', benchmark: 'MMLU', score: 80 },
        { model: 'Beta-2', benchmark: 'GSM8K', score: 0.7 },
      ],
    });
    const mmlu = (await api.call('benchmarks/list', {})).find((b) => b.name === 'MMLU')!;
    const q = await api.call('results/query', { benchmarkIds: [mmlu.id], sort: { field: 'score', dir: 'desc' }, limit: 1 });
    expect(q.total).toBe(2);
    expect(q.rows.map((r) => r.model)).toEqual(['Beta-2']);
    const search = await api.call('results/query', { search: 'gsm' });
    expect(search.rows.map((r) => r.benchmark)).toEqual(['GSM8K']);
    // LIKE wildcards in the search text are taken literally.
    expect((await api.call('results/query', { search: '%' })).total).toBe(0);
  });

  it('refuses to rename a model onto another model', async () => {
    await api.call('models/upsert', { name: 'Beta-2' });
    const alpha = (await api.call('models/list', {})).find((m) => m.name === 'Alpha-1')!;
    const r = await api.raw('models/upsert', { id: alpha.id, name: 'beta-2' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', details: { issues: [{ path: 'name' }] } } });
  });

  it('adds, edits and deletes subtasks of a benchmark', async () => {
    const mmlu = (await api.call('benchmarks/list', {})).find((b) => b.name === 'MMLU')!;
    const st = await api.call('subtasks/upsert', { benchmarkId: mmlu.id, name: 'abstract_algebra', itemCount: 100 });
    await api.call('subtasks/upsert', { id: st.id, benchmarkId: mmlu.id, name: 'abstract_algebra', floor: 25 });
    expect((await api.call('benchmarks/get', { id: mmlu.id })).subtasks).toEqual([
      { id: st.id, benchmarkId: mmlu.id, name: 'abstract_algebra', weight: null, itemCount: 100, floor: 25 },
    ]);
    await api.call('subtasks/delete', { id: st.id });
    expect((await api.call('benchmarks/get', { id: mmlu.id })).subtasks).toEqual([]);
  });

  it('leaves integrity_check and foreign_key_check clean and the data unchanged after every rejected call', async () => {
    const before = snapshot(ws.db);
    const bad: [string, unknown][] = [
      ['models/upsert', { name: 42 }],
      ['models/delete', { id: 999 }],
      ['benchmarks/upsert', { name: 'B', floor: 1, ceiling: 1 }],
      ['benchmarks/upsert', { name: 'B', unit: 'fraction', ceiling: 100 }],
      ['subtasks/upsert', { benchmarkId: 999, name: 's' }],
      ['results/update', { id: 999, patch: { score: 1 } }],
      ['results/update', { id: 1, patch: { score: Number.NaN } }],
      ['results/delete', { ids: [] }],
      ['results/restore', { ids: [12345] }],
      ['results/upsertMany', { rows: [{ model: 'Alpha-1', benchmark: 'MMLU', score: 'high' }] }],
      ['import/apply', { fileName: 'x.csv', content: 'a,b\n1,2\n' }],
      ['import/apply', { fileName: 'x.csv', content: '' }],
      ['export/table', { kind: 'everything' }],
      ['workspace/info', null],
    ];
    for (const [method, arg] of bad) {
      const r = await api.raw(method, arg);
      if (method === 'workspace/info') continue; // null means {} and is fine
      expect(r.ok, `${method} should be refused`).toBe(false);
      if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
    }
    expect(snapshot(ws.db)).toEqual(before);
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('exports results that import back unchanged', async () => {
    await api.call('results/upsertMany', {
      rows: [
        { model: 'Alpha-1', benchmark: 'MMLU', subtask: null, score: 70.2, stderr: 0.5, n: 14042, shots: 5, cot: false, source: '=HYPERLINK("x")', sourceKind: 'lab-reported', evaluatedOn: '2024-03-02' },
        { model: 'Alpha-1', benchmark: 'GSM8K', score: 0.8, passK: 1, testTimeCompute: 32000, effort: 'high' },
      ],
    });
    const csv = await api.call('export/table', { kind: 'results', format: 'csv' });
    expect(csv.content).toContain(`'=HYPERLINK`);
    const before = snapshot(ws.db);
    const tsv = await api.call('export/table', { kind: 'results', format: 'tsv' });
    // The neutralized formula is a different source text, so only the GSM8K row re-imports as unchanged.
    const again = await api.call('import/preview', { fileName: 'results.tsv', content: tsv.content });
    expect(again.counts).toMatchObject({ unchanged: 1, add: 1 });
    expect(snapshot(ws.db)).toEqual(before);
  });
});
