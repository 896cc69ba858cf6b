import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => ws.dispose());

describe('benchmarks without an upper bound', () => {
  it('raise no flag against a placeholder ceiling and are left out of saturation forecasts and the dashboard', async () => {
    const api = apiFor(ws);
    // An Elo column: created unbounded by the import (points, no ceiling).
    const rows = ['model,benchmark,score,release_date'];
    for (let i = 0; i < 12; i++) rows.push(`m${i},Arena,${1000 + 40 * i},20${15 + Math.floor(i / 2)}-0${1 + (i % 2)}-01`);
    await api.call('import/apply', { fileName: 'models.csv', content: `model,release_date\n${rows.slice(1).map((r) => `${r.split(',')[0]},${r.split(',')[3]}`).join('\n')}\n` });
    await api.call('import/apply', { fileName: 'elo.csv', content: `${rows.map((r) => r.split(',').slice(0, 3).join(',')).join('\n')}\n` });
    const bench = (await api.call('benchmarks/list', {}))[0]!;
    expect(bench).toMatchObject({ name: 'Arena', unit: 'points', bounded: false });
    await api.call('flags/recompute', {});
    expect(await api.call('flags/list', {})).toEqual([]);
    expect(await api.call('forecasts/list', { resamples: 0 })).toEqual([]);
    expect((await api.call('dashboard/summary', { resamples: 0 })).rows).toEqual([]);
  });
});
