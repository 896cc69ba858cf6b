/** Partial evaluations (a --limit run, a cancelled run) are left out of fits, frontiers and the dashboard by default. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

describe('fits, frontiers and the dashboard with partial evaluations', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let api: ReturnType<typeof apiFor>;
  let benchmarkId: number;

  beforeEach(async () => {
    ws = tempWorkspace();
    api = apiFor(ws);
    benchmarkId = (await api.call('benchmarks/upsert', { name: 'QA', unit: 'fraction' })).id;
    const models = ['m2021', 'm2022', 'm2023', 'm2024', 'm2025'];
    for (const [i, name] of models.entries()) await api.call('models/upsert', { name, releaseDate: `${2021 + i}-06-01` });
    await api.call('results/upsertMany', {
      rows: [
        { model: 'm2021', benchmark: 'QA', score: 0.3 },
        { model: 'm2022', benchmark: 'QA', score: 0.4 },
        { model: 'm2023', benchmark: 'QA', score: 0.5 },
        { model: 'm2024', benchmark: 'QA', score: 0.6 },
        { model: 'm2024', benchmark: 'QA', score: 0.62, source: 'a full rerun' },
        // Two examples that happened to be right: the best score of the series, and meaningless.
        { model: 'm2025', benchmark: 'QA', score: 1, n: 2, source: 'limit run', partial: '--limit 2: at most 2 items' },
      ],
    });
  });
  afterEach(() => ws.dispose());

  it('leaves a partial result out of a series fit and its frontier, and says so in the warnings', async () => {
    const fit = await api.call('fits/series', { benchmarkId, axis: 'date', resamples: 0 });
    expect(fit.points.map((p) => p.model)).toEqual(['m2021', 'm2022', 'm2023', 'm2024']);
    expect(fit.points.find((p) => p.model === 'm2024')?.y).toBe(0.62);
    expect(fit.frontier.map((p) => p.model)).not.toContain('m2025');
    expect(fit.fit.warnings).toContain('left out m2025 (1): partial evaluation (--limit 2: at most 2 items)');
    // Partial results are not "excluded" points: those would hide the model's other results on the dashboard.
    expect(fit.excluded).toEqual([]);
  });

  it('takes partial results in when asked', async () => {
    const fit = await api.call('fits/series', { benchmarkId, axis: 'date', resamples: 0, includePartial: true });
    expect(fit.points.map((p) => p.model)).toEqual(['m2021', 'm2022', 'm2023', 'm2024', 'm2025']);
  });

  it('does not show a partial result as the dashboard\'s current best', async () => {
    const summary = await api.call('dashboard/summary', { asOf: '2026-01-01', resamples: 0 });
    expect(summary.rows[0]?.best).toMatchObject({ model: 'm2024', score: 0.62 });
  });

  it('refits when a result becomes partial (the cached fit is not reused)', async () => {
    const before = await api.call('fits/series', { benchmarkId, axis: 'date', resamples: 0 });
    expect(before.points).toHaveLength(4);
    const [m2023] = (await api.call('results/query', { search: 'm2023' })).rows;
    await api.call('results/update', { id: m2023!.id, patch: { partial: 'the run was cancelled' } });
    const after = await api.call('fits/series', { benchmarkId, axis: 'date', resamples: 0 });
    expect(after.cached).toBe(false);
    expect(after.points.map((p) => p.model)).toEqual(['m2021', 'm2022', 'm2024']);
    await api.call('results/update', { id: m2023!.id, patch: { partial: null } });
    expect((await api.call('fits/series', { benchmarkId, axis: 'date', resamples: 0 })).points).toHaveLength(4);
  });
});
