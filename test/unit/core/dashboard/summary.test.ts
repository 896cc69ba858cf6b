import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSummary } from '../../../../src-main/common/dashboard';
import { cachedDashboardSummaryAsync, dashboardPrecomputeIdle, saturationStatus } from '../../../../src-main/core/dashboard/summary';
import { dataFingerprint } from '../../../../src-main/core/db/repositories/meta';
import type { HandlerDeps } from '../../../../src-main/core/service';
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

/** A fresh workspace with the demo loaded through the API (handlers built with `deps`); deleted after `fn`. */
async function withDemo(fn: (w: ReturnType<typeof tempWorkspace>, api: ReturnType<typeof apiFor>) => Promise<void>, deps: HandlerDeps = {}): Promise<void> {
  const w = tempWorkspace();
  try {
    const api = apiFor(w, deps);
    await api.call('workspace/loadDemo', {});
    await fn(w, api);
  } finally {
    w.dispose();
  }
}

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
    await withDemo(async (w, api) => {
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
    });
  });
});

describe('the dashboard cache across days', () => {
  it('re-assembles another as-of date from the cached fits without fitting again', async () => {
    await withDemo(async (w, api) => {
      const today = await api.call('dashboard/summary', { asOf: '2026-11-26', resamples: 0 });
      const fitsBefore = w.db.prepare('SELECT count(*) AS c, max(computed_at) AS t FROM fit_cache').get();
      const later = await api.call('dashboard/summary', { asOf: '2031-01-01', resamples: 0 });
      expect(later.asOf).toBe('2031-01-01');
      // Same fits, nothing refit, one cache entry for both dates.
      expect(w.db.prepare('SELECT count(*) AS c, max(computed_at) AS t FROM fit_cache').get()).toEqual(fitsBefore);
      expect(w.db.prepare("SELECT count(*) AS c FROM workspace_meta WHERE key LIKE 'dashboard-cache:%'").get()).toEqual({ c: 1 });
      expect(later.rows.map((r) => [r.name, r.forecast])).toEqual(today.rows.map((r) => [r.name, r.forecast]));
      // What depends on the date does change: the heatmap runs to the new date.
      expect(later.heatmap.quarters.length).toBeGreaterThan(today.heatmap.quarters.length);
    });
  });
});

describe('a frontiers-only request', () => {
  it('answers a workspace without cached fits from the frontiers alone, fitting and caching nothing', async () => {
    await withDemo(async (w, api) => {
      const fitCount = () => w.db.prepare('SELECT count(*) AS c FROM fit_cache').get();
      const cacheCount = () => w.db.prepare("SELECT count(*) AS c FROM workspace_meta WHERE key LIKE 'dashboard-cache:%'").get();
      const fitsBefore = fitCount();
      const first = await api.call('dashboard/summary', { asOf: '2026-11-26', resamples: 0, frontiersOnly: true });
      expect(first.forecastsPending).toBe(true);
      expect(fitCount()).toEqual(fitsBefore);
      expect(cacheCount()).toEqual({ c: 0 });

      const full = await api.call('dashboard/summary', { asOf: '2026-11-26', resamples: 0 });
      expect(full.forecastsPending).toBe(false);
      // What needs no fit is the same: best, headroom, frontier, heatmap, frontiers since release.
      const noFit = (s: DashboardSummary) => ({
        rows: s.rows.map((r) => [r.name, r.best, r.headroomLeft, r.modelCount, r.sparkline]),
        heatmap: s.heatmap,
        sinceRelease: s.sinceRelease,
      });
      expect(noFit(first)).toEqual(noFit(full));
      // Saturated comes from the observations; everything else waits for its fit.
      const saturated = full.rows.filter((r) => r.status === 'saturated');
      expect(saturated.length).toBeGreaterThan(0);
      expect(full.rows.some((r) => r.status === 'saturating')).toBe(true);
      first.rows.forEach((r, i) => {
        const f = full.rows[i]!;
        if (f.status === 'saturated') {
          expect(r.status).toBe('saturated');
          expect(r.saturatedSinceDate).toBe(f.saturatedSinceDate);
        } else {
          expect(r.status).toBe('no-trend');
          expect(r.forecast.message).toBe('not fitted yet');
        }
      });

      // Once the fits are cached, the same request gives the full answer.
      const again = await api.call('dashboard/summary', { asOf: '2026-11-26', resamples: 0, frontiersOnly: true });
      expect(again).toEqual(full);
    });
  });
});

describe('the background precompute', () => {
  it('caches both dashboard requests after a write, so opening the dashboard then fits nothing', async () => {
    await withDemo(async (w, api) => {
      await dashboardPrecomputeIdle(w.db);
      const entries = () => w.db.prepare("SELECT key, value FROM workspace_meta WHERE key LIKE 'dashboard-cache:%'").all() as { key: string; value: string }[];
      expect(entries()).toHaveLength(2);
      const fingerprint = dataFingerprint(w.db);
      for (const e of entries()) expect((JSON.parse(e.value) as { fingerprint: string }).fingerprint).toBe(fingerprint);
      const fits = w.db.prepare('SELECT count(*) AS c, max(computed_at) AS t FROM fit_cache').get();
      await api.call('dashboard/summary', { threshold: 0.9, resamples: 0 });
      await api.call('dashboard/summary', { threshold: 0.9 });
      expect(w.db.prepare('SELECT count(*) AS c, max(computed_at) AS t FROM fit_cache').get()).toEqual(fits);

      // A later write makes the cache stale; the precompute brings it up to date again.
      const web = (await api.call('benchmarks/list', {})).find((b) => b.name === 'WebAgentArena')!;
      await api.call('releases/log', { model: { name: 'late-agent', releaseDate: '2026-10-01' }, results: [{ benchmark: web.name, score: web.ceiling }] });
      await dashboardPrecomputeIdle(w.db);
      const now = dataFingerprint(w.db);
      expect(now).not.toBe(fingerprint);
      for (const e of entries()) expect((JSON.parse(e.value) as { fingerprint: string }).fingerprint).toBe(now);
    }, { precomputeDashboard: true });
  });

  it('runs when the handlers are built, so a workspace opened without a cache has its dashboard ready soon after', async () => {
    await withDemo(async (w) => {
      const cached = () => w.db.prepare("SELECT count(*) AS c FROM workspace_meta WHERE key LIKE 'dashboard-cache:%'").get();
      expect(cached()).toEqual({ c: 0 });
      apiFor(w, { precomputeDashboard: true });
      await dashboardPrecomputeIdle(w.db);
      expect(cached()).toEqual({ c: 2 });
    });
  });

  it('is not scheduled when the handlers are built without it', async () => {
    await withDemo(async (w) => {
      await new Promise((r) => setTimeout(r, 500));
      expect(w.db.prepare("SELECT count(*) AS c FROM workspace_meta WHERE key LIKE 'dashboard-cache:%'").get()).toEqual({ c: 0 });
    });
  });
});

describe('a workspace closed while its dashboard is computed', () => {
  it('rejects the computation with a plain message and leaves no rejection unhandled', async () => {
    const w = tempWorkspace();
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await apiFor(w).call('workspace/loadDemo', {});
      const computing = cachedDashboardSummaryAsync(w.db, { resamples: 0 });
      computing.catch(() => undefined);
      // Let it fit a benchmark or two, then close the workspace under it (the app quitting or switching files).
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      w.db.close();
      await expect(computing).rejects.toThrow(/closed|not open/);
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      w.dispose();
    }
  });
});

describe('concurrent dashboard requests', () => {
  it('share one computation but each gets its own as-of date', async () => {
    await withDemo(async (w, api) => {
      const [a, b] = await Promise.all([
        api.call('dashboard/summary', { asOf: '2026-11-26', resamples: 0 }),
        api.call('dashboard/summary', { asOf: '2030-06-30', resamples: 0 }),
      ]);
      expect(a.asOf).toBe('2026-11-26');
      expect(b.asOf).toBe('2030-06-30');
      expect(b.heatmap.quarters.at(-1)).toBe('2030 Q2');
    });
  });
});
