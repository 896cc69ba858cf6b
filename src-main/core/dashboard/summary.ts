/**
 * The saturation dashboard: one row per benchmark (current best, normalized headroom left, status, forecast with
 * interval, time from release to saturation, sparkline), a benchmarks × quarters heatmap of normalized frontier
 * values, and every benchmark's normalized frontier against time since its release.
 */
import { backgroundJob } from '../background';
import type { DashboardRow, DashboardSummary, SaturationStatus } from '../../common/dashboard';
import { createHash } from 'node:crypto';
import { listBenchmarks } from '../db/repositories/benchmarks';
import { dataFingerprint, getMeta, setMeta } from '../db/repositories/meta';
import { cacheWrite } from '../db/busy';
import type { Db } from '../db/open';
import { fromDecimalYear, toDecimalYear } from '../fit/axes';
import { frontierAt, normalized } from '../frontier/frontier';
import type { SeriesFit } from '../../common/analysis';
import type { Benchmark } from '../../common/domain';
import { BootstrapPool } from '../fit/bootstrapRunner';
import { forecastSaturation } from '../fit/forecast';
import { seriesFit, seriesFitWith, seriesPoints } from '../saturation/fits';
import { untracked, type Progress, type WorkContext } from '../../common/progress';
import { seriesContext } from '../saturation/series';

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
  /**
   * When the fits are not cached, answer at once with what needs no fit (see frontiersOnly below) instead of
   * waiting for them; when they are cached, the full answer as usual.
   */
  frontiersOnly?: boolean;
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
 * opening the app on an unchanged workspace answers at once instead of re-reading every benchmark's fit. The cache
 * holds what the fits give (each benchmark's frontier and forecast), not the rows, because the rows depend on the
 * as-of date too: the next day's first open re-assembles them in milliseconds instead of missing the cache.
 * Fits in this thread, reporting ('fitting', benchmarks done, benchmarks); once cancelled it stops between benchmarks
 * (each series' fit is cached as it finishes) and returns the rows done, without caching the summary.
 */
export function cachedDashboardSummary(db: Db, req: DashboardRequest = {}, work: WorkContext = untracked): DashboardSummary {
  const c = summaryCache(db, req);
  if (c.hit) return assemble(c.hit.benchmarks, c.hit.fits, c.resolved);
  const { benchmarks, fits } = fitAll(db, c.resolved, work);
  if (!work.cancel.cancelled()) c.store({ benchmarks, fits });
  return assemble(benchmarks, fits, c.resolved);
}

/**
 * The same as {@link cachedDashboardSummary}, but the bootstraps run on a pool of worker threads and this thread
 * yields between benchmarks, so other calls (opening a benchmark, editing a result) are answered while the
 * intervals of a cold workspace are computed. This is what the app's dashboard uses. Not cancellable: see
 * computeSummaryAsync.
 */
export async function cachedDashboardSummaryAsync(db: Db, req: DashboardRequest = {}, progress?: Progress): Promise<DashboardSummary> {
  const c = summaryCache(db, req);
  if (c.hit) return assemble(c.hit.benchmarks, c.hit.fits, c.resolved);
  if (req.frontiersOnly) {
    const first = frontiersOnly(db, c.resolved);
    return assemble(first.benchmarks, first.fits, c.resolved, true);
  }
  // One computation per workspace and request at a time: a second caller (a reloaded page, a second window) waits
  // for the one already running instead of starting another that would compete with it for the same cores.
  let running = inFlight.get(db);
  if (!running) inFlight.set(db, (running = new Map()));
  // The shared work gives the fits; each caller assembles them for its own as-of date and horizon (not in the key).
  const flightKey = `${c.key}|${c.fingerprint}`;
  let work = running.get(flightKey);
  if (!work) {
    work = computeSummaryAsync(db, c, progress).finally(() => running.delete(flightKey));
    running.set(flightKey, work);
  }
  const { benchmarks, fits } = await work;
  return assemble(benchmarks, fits, c.resolved);
}

const inFlight = new WeakMap<Db, Map<string, Promise<CachedFits>>>();

/**
 * Fit every selected benchmark, bootstraps on two worker threads. A caller that goes away does not stop it: each
 * series' fit is cached as it finishes, so the work is never wasted, and the next request finds it done.
 */
async function computeSummaryAsync(db: Db, c: ReturnType<typeof summaryCache>, progress: Progress | undefined): Promise<CachedFits> {
  const { benchmarks, threshold, resamples } = selection(db, c.resolved);
  const pool = resamples > 0 ? new BootstrapPool(2) : null;
  try {
    const fits: Promise<SeriesFit>[] = [];
    let done = 0;
    const ctx = seriesContext(db);
    for (const b of benchmarks) {
      // The workspace was closed (the app quit or switched workspace): stop; Promise.all below reports it.
      if (!db.open) break;
      const f = seriesFitWith(
        db,
        { benchmarkId: b.id, axis: 'date', threshold, resamples },
        (points, fit, spec) => (pool ? pool.run(points, fit, spec) : Promise.reject(new Error('no bootstrap was asked for'))),
        ctx,
      ).then((r) => {
        progress?.report('fitting', ++done, benchmarks.length);
        return r;
      });
      // A failed fit is reported by Promise.all below; until then it must not count as an unhandled rejection
      // (which ends a Node process) while this loop waits for the next benchmark.
      f.catch(() => undefined);
      fits.push(f);
      // Let queued requests in between two benchmarks' fits.
      await new Promise<void>((r) => setImmediate(r));
    }
    if (!db.open) throw new Error('The workspace was closed while its dashboard was being computed.');
    const slim = (await Promise.all(fits)).map(slimFit);
    // The workspace may have changed while the bootstraps ran; store only what matches the data now.
    if (dataFingerprint(db) === c.fingerprint) c.store({ benchmarks, fits: slim });
    return { benchmarks, fits: slim };
  } finally {
    await pool?.close();
  }
}

/** What the dashboard uses of a benchmark's date-axis fit: kept in the summary cache (a few KB per benchmark). */
interface SlimFit {
  frontier: SeriesFit['frontier'];
  /** Models left out of the fit (impossible values, confirmed as bad): not drawn on the frontier. */
  excludedModels: number[];
  modelCount: number;
  forecast: SeriesFit['forecast'];
  fitOk: boolean;
}

function slimFit(f: SeriesFit): SlimFit {
  // The frontier forecast needs no curve: its 'no-crossing' is a trend too ('open'), whatever the curve fit did.
  return {
    frontier: f.frontier,
    excludedModels: f.excluded.map((e) => e.modelId),
    modelCount: f.points.length,
    forecast: f.forecast,
    fitOk: f.fit.status === 'ok' || (f.forecast.method === 'frontier' && f.forecast.driftSource !== 'none'),
  };
}

interface CachedFits {
  benchmarks: Benchmark[];
  fits: SlimFit[];
}

/** Bump when SlimFit or the way it is computed changes: older cache entries are then ignored. */
const CACHE_VERSION = 3;

function summaryCache(db: Db, req: DashboardRequest) {
  const resolved = { ...req, asOf: req.asOf ?? new Date().toISOString().slice(0, 10) };
  // The key leaves out what only assemble() uses (as-of date, horizon): those re-assemble from the same fits.
  const keyed = { v: CACHE_VERSION, threshold: req.threshold, resamples: req.resamples, category: req.category, benchmarkIds: req.benchmarkIds };
  const key = `dashboard-cache:${createHash('sha256').update(JSON.stringify(keyed)).digest('hex').slice(0, 32)}`;
  const fingerprint = dataFingerprint(db);
  const stored = getMeta(db, key);
  const parsed = stored ? (JSON.parse(stored) as { fingerprint: string; cached: CachedFits }) : null;
  return {
    key,
    resolved,
    fingerprint,
    hit: parsed && parsed.fingerprint === fingerprint && parsed.cached ? parsed.cached : null,
    // Skipped while an import job holds the write lock (db/busy.ts).
    store: (cached: CachedFits) => cacheWrite(() => setMeta(db, key, JSON.stringify({ fingerprint, cached }))),
  };
}

/** The benchmarks a request covers, and its threshold and resamples with defaults applied. */
function selection(db: Db, req: DashboardRequest) {
  const wanted = req.benchmarkIds ? new Set(req.benchmarkIds) : null;
  // A benchmark without an upper bound (an Elo rating, a time horizon) has no headroom: it never saturates.
  const benchmarks = listBenchmarks(db).filter(
    (b) => b.bounded && (!req.category || (b.category ?? '').toLowerCase() === req.category.toLowerCase()) && (!wanted || wanted.has(b.id)),
  );
  return { benchmarks, threshold: req.threshold ?? 0.9, resamples: req.resamples ?? 100 };
}

/** The dashboard computed now, without the summary cache (the fit cache still applies). */
export function dashboardSummary(db: Db, req: DashboardRequest = {}, work: WorkContext = untracked): DashboardSummary {
  const { benchmarks, fits } = fitAll(db, req, work);
  return assemble(benchmarks, fits, req);
}

/**
 * What the dashboard can show before any fit (a cold workspace: caches deleted, or a big import just written while
 * its background precompute runs): each benchmark's frontier with the same points left out as a fit would, and a
 * forecast from the observations alone ('saturated' when the frontier has passed the threshold, else "not fitted
 * yet"). Reading the series is a fraction of fitting them (the cold case of bench/renderer.ts; docs/performance.md,
 * Renderer). Never cached.
 */
function frontiersOnly(db: Db, req: DashboardRequest): CachedFits {
  const { benchmarks, threshold } = selection(db, req);
  const ctx = seriesContext(db);
  const fits = benchmarks.map((b): SlimFit => {
    const sp = seriesPoints(db, { benchmarkId: b.id, axis: 'date' }, ctx);
    const releasedAt = b.releaseDate ? toDecimalYear(b.releaseDate) : undefined;
    const forecast = forecastSaturation(
      sp.usable.map((p) => ({ x: p.x, y: p.y })),
      null,
      { floor: sp.floorValue, ceiling: b.ceiling, threshold, ...(releasedAt !== undefined ? { releasedAt } : {}) },
    );
    return { frontier: sp.frontier, excludedModels: sp.excluded.map((e) => e.modelId), modelCount: sp.all.length, forecast, fitOk: false };
  });
  return { benchmarks, fits };
}

/** Each selected benchmark's date-axis fit, in this thread; stops early (fewer fits) when cancelled. */
function fitAll(db: Db, req: DashboardRequest, work: WorkContext): CachedFits {
  const { benchmarks, threshold, resamples } = selection(db, req);
  const fits: SlimFit[] = [];
  const ctx = seriesContext(db);
  for (const [i, b] of benchmarks.entries()) {
    if (work.cancel.cancelled()) break;
    fits.push(slimFit(seriesFit(db, { benchmarkId: b.id, axis: 'date', threshold, resamples }, untracked, ctx)));
    work.progress.report('fitting', i + 1, benchmarks.length);
  }
  return { benchmarks: benchmarks.slice(0, fits.length), fits };
}

/** Rows, heatmap and since-release curves from each benchmark's date-axis fit (`fits[i]` is `benchmarks[i]`'s), as of `req.asOf`. */
function assemble(benchmarks: Benchmark[], fits: SlimFit[], req: DashboardRequest, forecastsPending = false): DashboardSummary {
  const threshold = req.threshold ?? 0.9;
  const asOf = req.asOf ?? new Date().toISOString().slice(0, 10);
  const now = toDecimalYear(asOf);
  const horizon = req.horizonYears ?? 2;
  const rows: DashboardRow[] = [];
  const fronts: { name: string; release: number | null; floor: number; ceiling: number; front: { x: number; y: number }[] }[] = [];
  benchmarks.forEach((b, i) => {
    const f = fits[i]!;
    // The frontier is drawn from values a curve can produce; impossible values are the flags' business.
    const excluded = new Set(f.excludedModels);
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
      modelCount: f.modelCount,
      best: last ? { score: last.y, model: last.model, modelId: last.modelId, date: last.releaseDate } : null,
      headroomLeft: last ? 1 - normalized(last.y, b.floor, b.ceiling) : null,
      status: saturationStatus(f.forecast, f.fitOk, now, horizon),
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
  return { asOf, threshold, forecastsPending, rows, heatmap, sinceRelease };
}

/** The requests the last schedule asked for, per connection (the app always asks for the dashboard's own two). */
const precomputeRequests = new WeakMap<Db, readonly DashboardRequest[]>();
const precompute = backgroundJob(async (db) => {
  for (const r of precomputeRequests.get(db) ?? []) {
    if (!db.open) return;
    try {
      await cachedDashboardSummaryAsync(db, r);
    } catch {
      // Reported by the dashboard's own request, which computes the same thing.
    }
  }
});

/**
 * Compute and cache the dashboard in the background, `delayMs` after the last write: the next time the dashboard
 * is opened (now, or when the app is started again) it is answered from the cache instead of fitting every
 * benchmark while the analyst waits. `requests` are the ones the dashboard makes (point forecasts first, then
 * intervals). Runs one at a time per workspace; a write during a run asks for another run after it. Failures are
 * left for the dashboard's own request to report. Cheap when nothing changed: each request is then a cache hit.
 */
export function scheduleDashboardPrecompute(db: Db, requests: readonly DashboardRequest[], delayMs = 300): void {
  precomputeRequests.set(db, requests);
  precompute.schedule(db, delayMs);
}

/** Resolves when no precompute is pending or running for `db` (for tests and benches). */
export async function dashboardPrecomputeIdle(db: Db): Promise<void> {
  await precompute.idle(db);
}
