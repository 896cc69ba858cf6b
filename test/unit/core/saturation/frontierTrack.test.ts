import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMeta } from '../../../../src-main/core/db/repositories/meta';
import { forecastBacktest, workspaceTrack } from '../../../../src-main/core/saturation/frontierTrack';
import { seriesContext } from '../../../../src-main/core/saturation/series';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

let ws: ReturnType<typeof tempWorkspace>;
let api: ReturnType<typeof apiFor>;
beforeEach(() => {
  ws = tempWorkspace();
  api = apiFor(ws);
});
afterEach(() => ws.dispose());

async function seed(name: string, start: number): Promise<void> {
  await api.call('benchmarks/upsert', { name, unit: 'fraction', floor: 0, ceiling: 1 });
  const rows = [];
  for (let i = 0; i < 12; i++) {
    const year = 2020 + Math.floor((start + i * 5) / 12);
    const month = String(1 + ((start + i * 5) % 12)).padStart(2, '0');
    await api.call('models/upsert', { name: `${name}-m${i}`, releaseDate: `${year}-${month}-01` });
    rows.push({ model: `${name}-m${i}`, benchmark: name, score: Math.min(0.95, 0.2 + 0.06 * i + (i % 3 === 0 ? 0.05 : 0)), source: 'own run' });
  }
  await api.call('results/upsertMany', { rows });
}

describe("the workspace's track record", () => {
  it('is stored under the data fingerprint, read back by the next batch, and recomputed after a write', async () => {
    await seed('Alpha', 0);
    await seed('Beta', 3);
    const first = workspaceTrack(ws.db, seriesContext(ws.db));
    expect(first.pooled.byHorizon[0]!.count).toBeGreaterThan(0);
    const stored = getMeta(ws.db, 'frontier-track:1:0.9/0.8');
    expect(stored).not.toBeNull();
    expect(workspaceTrack(ws.db, seriesContext(ws.db))).toEqual(first);
    await seed('Gamma', 6);
    const after = workspaceTrack(ws.db, seriesContext(ws.db));
    expect(Object.keys(after.bySeries).length).toBe(3);
    expect(after.fingerprint).not.toBe(first.fingerprint);
    // The API answer is the same track, named by benchmark.
    const bt = forecastBacktest(ws.db);
    expect(bt.benchmarks.map((b) => b.benchmark).sort()).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(bt.pooled).toEqual(after.pooled);
  });
});
