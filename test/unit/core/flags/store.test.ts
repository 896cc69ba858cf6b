import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmedBadResultIds } from '../../../../src-main/core/flags/inputs';
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
