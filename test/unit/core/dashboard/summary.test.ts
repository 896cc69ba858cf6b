import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSummary } from '../../../../src-main/common/dashboard';
import { saturationStatus } from '../../../../src-main/core/dashboard/summary';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

let ws: ReturnType<typeof tempWorkspace>;
let summary: DashboardSummary;

beforeAll(async () => {
  ws = tempWorkspace();
  const api = apiFor(ws);
  await api.call('workspace/loadDemo', {});
  summary = await api.call('dashboard/summary', { asOf: '2026-11-26', resamples: 20 });
});
afterAll(() => ws.dispose());

describe('the saturation dashboard on the demo workspace', () => {
  it('has one row per benchmark with its current best and the model that holds it', () => {
    expect(summary.rows.length).toBe(17);
    for (const r of summary.rows) {
      expect(r.best).not.toBeNull();
      expect(r.headroomLeft).not.toBeNull();
      expect(r.sparkline.x.length).toBeGreaterThan(0);
    }
  });

  it('calls the old reading benchmarks saturated and the agent benchmark not saturated', () => {
    const status = Object.fromEntries(summary.rows.map((r) => [r.name, r.status]));
    expect(status.ReadComp).toBe('saturated');
    expect(status.ClozeStory).toBe('saturated');
    expect(['open', 'saturating']).toContain(status.WebAgentArena);
  });

  it('keeps the frontier free of impossible values left out of the fit', () => {
    const gradqa = summary.rows.find((r) => r.name === 'GradQA-Hard')!;
    expect(gradqa.best!.score).toBeLessThanOrEqual(gradqa.ceiling);
  });

  it('builds a heatmap of quarters with normalized frontier values', () => {
    expect(summary.heatmap.benchmarks.length).toBe(17);
    expect(summary.heatmap.quarters.at(-1)).toBe('2026 Q4');
    for (const row of summary.heatmap.values) {
      expect(row.length).toBe(summary.heatmap.quarters.length);
      const seen = row.filter((v): v is number => v !== null);
      // The frontier never goes down.
      for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    }
  });

  it('plots each frontier against years since its benchmark was released', () => {
    expect(summary.sinceRelease.length).toBe(17);
    // Models released before the benchmark can appear at negative x: they were evaluated on it later.
    for (const s of summary.sinceRelease) {
      expect(s.y.length).toBe(s.x.length);
      for (let i = 1; i < s.x.length; i++) expect(s.x[i]!).toBeGreaterThan(s.x[i - 1]!);
    }
  });
});

describe('saturation status', () => {
  const base = { message: '', threshold: 0.9, targetY: 0.9, interval: null, saturatedSince: null, bestObserved: null, timeToSaturation: null, timeToSaturationInterval: null, warnings: [] };
  it('calls a crossing within the horizon saturating and a later one open', () => {
    expect(saturationStatus({ ...base, status: 'forecast', crossingX: 2027 }, true, 2026, 2)).toBe('saturating');
    expect(saturationStatus({ ...base, status: 'forecast', crossingX: 2030 }, true, 2026, 2)).toBe('open');
    expect(saturationStatus({ ...base, status: 'unavailable', crossingX: null }, false, 2026, 2)).toBe('no-trend');
    expect(saturationStatus({ ...base, status: 'saturated', crossingX: null }, true, 2026, 2)).toBe('saturated');
  });
});

describe('the dashboard cache', () => {
  it('answers an unchanged workspace from the cache and recomputes after any change', async () => {
    const w = tempWorkspace();
    try {
      const api = apiFor(w);
      await api.call('workspace/loadDemo', {});
      const first = await api.call('dashboard/summary', { asOf: '2026-11-26', resamples: 0 });
      const again = await api.call('dashboard/summary', { asOf: '2026-11-26', resamples: 0 });
      expect(again).toEqual(first);
      // Served from the cache: the stored copy is there under the current fingerprint.
      expect(w.db.prepare("SELECT count(*) AS c FROM workspace_meta WHERE key LIKE 'dashboard-cache:%'").get()).toEqual({ c: 1 });
      const web = first.rows.find((r) => r.name === 'WebAgentArena')!;
      await api.call('releases/log', {
        model: { name: 'late-agent', releaseDate: '2026-10-01' },
        results: [{ benchmark: 'WebAgentArena', score: Math.min(web.ceiling, web.best!.score + 5) }],
      });
      const after = await api.call('dashboard/summary', { asOf: '2026-11-26', resamples: 0 });
      expect(after.rows.find((r) => r.name === 'WebAgentArena')!.best!.model).toBe('late-agent');
    } finally {
      w.dispose();
    }
  });
});
