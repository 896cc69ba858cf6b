import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFor } from '../../../helpers/api';
import { seedGsm8kConflict } from '../../../helpers/conflict';
import { tempWorkspace } from '../../../helpers/workspace';

describe('fits and results confirmed as bad', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let api: ReturnType<typeof apiFor>;

  beforeEach(async () => {
    ws = tempWorkspace();
    api = apiFor(ws);
    await seedGsm8kConflict(api);
  });
  afterEach(() => ws.dispose());

  it('names a confirmed result in a cached fit even when it was not the model’s best and the points are unchanged', async () => {
    const bench = (await api.call('benchmarks/list', {}))[0]!;
    const before = await api.call('fits/series', { benchmarkId: bench.id, axis: 'date', resamples: 0 });
    expect(before.excluded).toEqual([]);
    await api.call('flags/recompute', {});
    const [flag] = await api.call('flags/list', {});
    const low = flag!.evidence.values.find((v) => v.score === 22.1)!.resultId;
    await api.call('flags/resolve', { id: flag!.id, action: 'confirm', resultIds: [low] });
    const after = await api.call('fits/series', { benchmarkId: bench.id, axis: 'date', resamples: 0 });
    expect(after.excluded).toContainEqual(expect.objectContaining({ model: 'Baichuan 2 13B', y: 22.1, reason: 'confirmed as bad' }));
    await api.call('flags/resolve', { id: flag!.id, action: 'reopen' });
    expect((await api.call('fits/series', { benchmarkId: bench.id, axis: 'date', resamples: 0 })).excluded).toEqual([]);
  });
});
