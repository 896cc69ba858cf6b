/**
 * The saturation dashboard: one row per benchmark (current best, normalized headroom left, status, forecast with
 * interval, time from release to saturation, sparkline), a benchmarks × quarters heatmap of normalized frontier
 * values, and every benchmark's normalized frontier against time since its release.
 */
import type { DashboardRow, DashboardSummary, SaturationStatus } from '../../common/dashboard';
import { createHash } from 'node:crypto';
import { listBenchmarks } from '../db/repositories/benchmarks';
import { dataFingerprint, getMeta, setMeta } from '../db/repositories/meta';
import type { Db } from '../db/open';
import { fromDecimalYear, toDecimalYear } from '../fit/axes';
import { frontierAt, normalized } from '../frontier/frontier';
import { seriesFit, type Progress } from '../saturation/fits';

export interface DashboardRequest {
  threshold?: number;
  /** Decimal-year horizon within which a forecast crossing counts as "saturating". Default 2. */
  horizonYears?: number;
  /** As-of date (YYYY-MM-DD); default today. */
  asOf?: string;
  resamples?: number;
  category?: string;
  /** Only these benchmarks (the report builder's selection); combined with category when both are given. */
  benchmarkIds?: readonly number[];
}

/** Status from a forecast: see SaturationStatus for the rules. */
export function saturationStatus(f: DashboardRow['forecast'], fitOk: boolean, now: number, horizonYears: number): SaturationStatus {
  if (f.status === 'saturated') return 'saturated';
  if (f.status === 'forecast' && f.crossingX !== null) return f.crossingX <= now + horizonYears ? 'saturating' : 'open';
  if (f.status === 'no-crossing' && fitOk) return 'open';
  return 'no-trend';
}

function quarterLabel(q: number): string {
  return `${Math.floor(q)} Q${Math.round((q - Math.floor(q)) * 4) + 1}`;
}

/**
 * The dashboard, from a cache kept in the workspace when nothing it depends on has changed (see dataFingerprint):
 * opening the app on an unchanged workspace answers at once instead of re-reading every benchmark's fit.
 */
export function cachedDashboardSummary(db: Db, req: DashboardRequest = {}, progress: Progress = {}): DashboardSummary {
  const resolved = { ...req, asOf: req.asOf ?? new Date().toISOString().slice(0, 10) };
  const key = `dashboard-cache:${createHash('sha256').update(JSON.stringify(resolved)).digest('hex').slice(0, 32)}`;
  const fingerprint = dataFingerprint(db);
  const hit = getMeta(db, key);
  if (hit) {
    const parsed = JSON.parse(hit) as { fingerprint: string; summary: DashboardSummary };
    if (parsed.fingerprint === fingerprint) return parsed.summary;
  }
  const summary = dashboardSummary(db, resolved, progress);
  if (!progress.signal?.aborted) setMeta(db, key, JSON.stringify({ fingerprint, summary }));
  return summary;
}

export function dashboardSummary(db: Db, req: DashboardRequest = {}, progress: Progress = {}): DashboardSummary {
  const threshold = req.threshold ?? 0.9;
  const asOf = req.asOf ?? new Date().toISOString().slice(0, 10);
  const now = toDecimalYear(asOf);
  const horizon = req.horizonYears ?? 2;
  const wanted = req.benchmarkIds ? new Set(req.benchmarkIds) : null;
  const benchmarks = listBenchmarks(db).filter(
    (b) => (!req.category || (b.category ?? '').toLowerCase() === req.category.toLowerCase()) && (!wanted || wanted.has(b.id)),
  );
  const rows: DashboardRow[] = [];
  const fronts: { name: string; release: number | null; floor: number; ceiling: number; front: { x: number; y: number }[] }[] = [];
  benchmarks.forEach((b, i) => {
    if (progress.signal?.aborted) return;
    const f = seriesFit(db, { benchmarkId: b.id, axis: 'date', threshold, resamples: req.resamples ?? 100 });
    progress.onProgress?.(i + 1, benchmarks.length);
    // The frontier is drawn from values a curve can produce; impossible values are the flags' business.
    const excluded = new Set(f.excluded.map((e) => e.modelId));
    const front = f.frontier.filter((p) => !excluded.has(p.modelId));
    const last = front[front.length - 1];
    const date = (x: number | null) => (x === null ? null : fromDecimalYear(x));
    const release = b.releaseDate ? toDecimalYear(b.releaseDate) : null;
    rows.push({
      benchmarkId: b.id,
      name: b.name,
      category: b.category,
      unit: b.unit,
      floor: b.floor,
      ceiling: b.ceiling,
      higherIsBetter: b.higherIsBetter,
      humanBaseline: b.humanBaseline,
      releaseDate: b.releaseDate,
      resultCount: b.resultCount,
      modelCount: f.points.length,
      best: last ? { score: last.y, model: last.model, modelId: last.modelId, date: last.releaseDate } : null,
      headroomLeft: last ? 1 - normalized(last.y, b.floor, b.ceiling) : null,
      status: saturationStatus(f.forecast, f.fit.status === 'ok', now, horizon),
      forecast: f.forecast,
      crossingDate: date(f.forecast.crossingX),
      intervalDates: f.forecast.interval ? [date(f.forecast.interval[0]), date(f.forecast.interval[1])] : null,
      saturatedSinceDate: date(f.forecast.saturatedSince),
      yearsToSaturation: f.forecast.timeToSaturation,
      sparkline: { x: front.map((p) => p.x), y: front.map((p) => normalized(p.y, b.floor, b.ceiling)), models: front.map((p) => p.model) },
    });
    fronts.push({ name: b.name, release, floor: b.floor, ceiling: b.ceiling, front });
  });

  // Quarters from the earliest frontier point to the as-of date.
  const first = Math.min(...fronts.flatMap((f) => f.front.map((p) => p.x)), now);
  const quarters: number[] = [];
  for (let q = Math.floor(first * 4) / 4; q <= now; q += 0.25) quarters.push(q);
  const heatmap = {
    quarters: quarters.map(quarterLabel),
    benchmarks: fronts.map((f) => f.name),
    values: fronts.map((f) =>
      quarters.map((q) => {
        const v = frontierAt(f.front, q + 0.25);
        return v === null ? null : normalized(v, f.floor, f.ceiling);
      }),
    ),
  };
  const sinceRelease = fronts
    .filter((f) => f.release !== null && f.front.length > 0)
    .map((f) => ({
      benchmark: f.name,
      releaseYear: f.release as number,
      x: f.front.map((p) => p.x - (f.release as number)),
      y: f.front.map((p) => normalized(p.y, f.floor, f.ceiling)),
    }));
  return { asOf, threshold, rows, heatmap, sinceRelease };
}
