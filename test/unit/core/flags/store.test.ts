import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmedBadResultIds } from '../../../../src-main/core/flags/inputs';
import { dashboardPrecomputeIdle } from '../../../../src-main/core/dashboard/summary';
import { BACKGROUND_FLAGS_MAX_RESULTS, flagsRecomputeIdle } from '../../../../src-main/core/flags/store';
import { apiFor } from '../../../helpers/api';
import { seedGsm8kConflict } from '../../../helpers/conflict';
import { tempWorkspace } from '../../../helpers/workspace';

describe('flags: recompute, resolve and fix', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let api: ReturnType<typeof apiFor>;
  let low: number;

  beforeEach(async () => {
    ws = tempWorkspace();
    api = apiFor(ws);
    low = (await seedGsm8kConflict(api))[1]!;
  });
  afterEach(() => ws.dispose());

  it('raises a conflict, keeps it dismissed while its data stay the same, and reopens it when they change', async () => {
    const first = await api.call('flags/recompute', {});
    expect(first.byRule).toEqual({ 'conflicting-reports': 1 });
    const [flag] = await api.call('flags/list', { rule: 'conflicting-reports' });
    expect(flag!.status).toBe('open');
    // Two reports and no capability expectation to tell which is off: both are suspects.
    expect(flag!.subjectResultIds).toEqual([low - 1, low]);
    expect(flag!.evidence.values.map((v) => [v.score, v.seBasis])).toEqual([
      [52.8, 'binomial'],
      [22.1, 'binomial'],
    ]);

    const dismissed = await api.call('flags/resolve', { id: flag!.id, action: 'dismiss', note: 'different answer extraction' });
    expect(dismissed).toMatchObject({ status: 'dismissed', resolvedBy: 'tester', note: 'different answer extraction' });
    const again = await api.call('flags/recompute', {});
    expect(again.kept).toBe(1);
    expect((await api.call('flags/list', {}))[0]).toMatchObject({ id: flag!.id, status: 'dismissed' });
    expect(await api.call('flags/list', { status: 'open' })).toEqual([]);

    await api.call('results/update', { id: low, patch: { score: 22.4 } });
    const third = await api.call('flags/recompute', {});
    expect(third.reopened).toBe(1);
    expect((await api.call('flags/list', {}))[0]).toMatchObject({ id: flag!.id, status: 'open', note: 'different answer extraction' });
  });

  it('confirming marks the suspicious result bad, fits leave it out, and fixing the value marks the flag fixed', async () => {
    await api.call('flags/recompute', {});
    const [flag] = await api.call('flags/list', {});
    const confirmed = await api.call('flags/resolve', { id: flag!.id, action: 'confirm', resultIds: [low], note: 'Yi paper used a broken extractor' });
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.badResultIds).toEqual([low]);
    expect([...confirmedBadResultIds(ws.db)]).toEqual([low]);
    const bench = (await api.call('benchmarks/list', {}))[0]!;
    const fit = await api.call('fits/series', { benchmarkId: bench.id, axis: 'date', resamples: 0 });
    expect(fit.excluded).toContainEqual(expect.objectContaining({ model: 'Baichuan 2 13B', y: 22.1, reason: 'confirmed as bad' }));

    // Still confirmed after a recompute with unchanged data.
    expect((await api.call('flags/recompute', {})).kept).toBe(1);

    // The analyst corrects the value through the normal edit path (history kept); the problem is gone.
    await api.call('results/update', { id: low, patch: { score: 52.6 } });
    const after = await api.call('flags/recompute', {});
    expect(after.fixed).toBe(1);
    expect((await api.call('flags/list', {}))[0]).toMatchObject({ id: flag!.id, status: 'fixed' });
    expect(confirmedBadResultIds(ws.db).size).toBe(0);
    expect((await api.call('results/history', { id: low })).length).toBe(2);
  });

  it('refuses to confirm results that are not part of the flag, and reopens on request', async () => {
    await api.call('flags/recompute', {});
    const [flag] = await api.call('flags/list', {});
    const bad = await api.raw('flags/resolve', { id: flag!.id, action: 'confirm', resultIds: [999] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    await api.call('flags/resolve', { id: flag!.id, action: 'confirm' });
    const reopened = await api.call('flags/resolve', { id: flag!.id, action: 'reopen' });
    expect(reopened).toMatchObject({ status: 'open', badResultIds: [], resolvedAt: null });
    expect(await api.raw('flags/resolve', { id: 12345, action: 'dismiss' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('deletes an open flag whose problem disappears without its data changing', async () => {
    await api.call('flags/recompute', {});
    // Deleting the low report removes the conflict: its data changed (a result is gone), so the flag is fixed.
    await api.call('results/delete', { ids: [low] });
    expect((await api.call('flags/recompute', {})).fixed).toBe(1);
    expect(await api.call('flags/list', { status: 'open' })).toEqual([]);
  });

  it('filters the list by rule, severity, benchmark, model and status', async () => {
    await api.call('results/upsertMany', { rows: [{ model: 'model-a', benchmark: 'GSM8K', score: 130, source: 'typo' }], createMissing: false });
    await api.call('flags/recompute', {});
    const all = await api.call('flags/list', {});
    expect(new Set(all.map((f) => f.rule))).toEqual(new Set(['conflicting-reports', 'impossible-value']));
    expect((await api.call('flags/list', { rule: 'impossible-value' })).every((f) => f.rule === 'impossible-value')).toBe(true);
    const high = await api.call('flags/list', { minSeverity: 'high' });
    expect(high.every((f) => f.severity === 'high')).toBe(true);
    const model = (await api.call('models/list', {})).find((m) => m.name === 'model-a')!;
    expect((await api.call('flags/list', { modelId: model.id })).map((f) => f.rule)).toEqual(['impossible-value']);
    expect(await api.call('flags/list', { status: 'dismissed' })).toEqual([]);
    expect(await api.raw('flags/list', { minSeverity: 'extreme' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});

describe('flags at the moment of entry', () => {
  it('says what values would raise before they are saved (negative score, above the ceiling, tenfold jump) and writes nothing', async () => {
    const ws = tempWorkspace();
    try {
      const api = apiFor(ws);
      await api.call('benchmarks/upsert', { name: 'QA', unit: 'percent', floor: 25, ceiling: 92 });
      await api.call('results/upsertMany', { rows: [{ model: 'm1', benchmark: 'QA', score: 61.2, source: 'paper' }], createMissing: true });
      const before = await api.call('results/query', {});
      const { flags } = await api.call('flags/check', {
        model: { name: 'new-model' },
        rows: [
          { benchmark: 'QA', score: -5, source: 'typed' },
          { benchmark: 'QA', score: 97, source: 'blog' },
          { benchmark: 'QA', score: 70 },
        ],
      });
      expect(flags.map((f) => [f.row, f.kind])).toEqual([
        [0, 'below-zero'],
        [1, 'above-ceiling'],
      ]);
      // A tenfold jump against the stored value of the same cell.
      const jump = await api.call('flags/check', { rows: [{ model: 'm1', benchmark: 'QA', score: 6.12, source: 'paper' }] });
      expect(jump.flags.map((f) => [f.row, f.rule, f.kind])).toEqual([[0, 'unit-slip', 'tenfold']]);
      expect(jump.flags[0]!.message).not.toContain('being entered');
      expect(await api.call('results/query', {})).toEqual(before);
      expect((await api.call('models/list', {})).map((m) => m.name)).toEqual(['m1']);
    } finally {
      ws.dispose();
    }
  });

  it('lists in an import\'s preview the flags its values would raise, one line per cause', async () => {
    const ws = tempWorkspace();
    try {
      const api = apiFor(ws);
      await api.call('benchmarks/upsert', { name: 'QA', unit: 'fraction', floor: 0.25 });
      const rows = ['m1,QA,0.61', 'm2,QA,-0.2', 'm3,QA,71.5', 'm4,QA,64.2', 'm5,QA,58.9', 'm6,QA,0.7'];
      const preview = await api.call('import/preview', { fileName: 'qa.csv', content: `model,benchmark,score,source\n${rows.map((r) => `${r},sheet`).join('\n')}\n` });
      expect(preview.flags?.bySeverity.high).toBe(4);
      expect(preview.flags?.sample.map((f) => [f.rule, f.results])).toEqual([
        ['impossible-value', 1],
        ['unit-slip', 3],
      ]);
      expect(await api.call('results/query', {})).toMatchObject({ total: 0 });
    } finally {
      ws.dispose();
    }
  });

  it('records the flag of a value saved anyway, in the background after the write', async () => {
    const ws = tempWorkspace();
    try {
      const api = apiFor(ws, { precomputeDashboard: true });
      await api.call('benchmarks/upsert', { name: 'QA', unit: 'percent', floor: 25 });
      await api.call('releases/log', { model: { name: 'typo-model' }, results: [{ benchmark: 'QA', score: -5 }] });
      await flagsRecomputeIdle(ws.db);
      const flags = await api.call('flags/list', {});
      expect(flags.map((f) => [f.rule, f.model, f.evidence.details?.['kind']])).toEqual([['impossible-value', 'typo-model', 'below-zero']]);
      await dashboardPrecomputeIdle(ws.db);
    } finally {
      ws.dispose();
    }
  });

  it('leaves a workspace above BACKGROUND_FLAGS_MAX_RESULTS to the inbox Recompute, which still finds the value', async () => {
    const ws = tempWorkspace();
    try {
      const api = apiFor(ws, { precomputeDashboard: true });
      const lines = ['model,benchmark,score,source'];
      for (let i = 0; i < BACKGROUND_FLAGS_MAX_RESULTS; i++) lines.push(`m-${i % 500},B-${Math.floor(i / 500)},${0.3 + ((i * 37) % 60) / 100},sheet`);
      lines.push('typo-model,B-0,-5,sheet');
      await api.call('import/apply', { fileName: 'big.csv', content: lines.join('\n') });
      await flagsRecomputeIdle(ws.db);
      expect(await api.call('flags/list', {})).toEqual([]);
      await api.call('flags/recompute', {});
      expect((await api.call('flags/list', {})).some((f) => f.rule === 'impossible-value' && f.model === 'typo-model')).toBe(true);
      await dashboardPrecomputeIdle(ws.db);
    } finally {
      ws.dispose();
    }
  });
});
