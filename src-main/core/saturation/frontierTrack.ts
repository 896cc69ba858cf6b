/**
 * The workspace's own track record of the frontier forecast: every bounded benchmark's release-date series in
 * headroom units, the rolling-origin backtest of exactly the forecast the app shows (fit/frontierForecast.ts), and
 * the residual calibration every live forecast's interval uses. Computed once per batch (kept in the SeriesContext)
 * because it reads every benchmark's series.
 */
import { createHash } from 'node:crypto';
import { jsonSafe, type ForecastBacktest } from '../../common/analysis';
import type { Db } from '../db/open';
import { cacheWrite } from '../db/busy';
import { dataFingerprint, getMeta, setMeta } from '../db/repositories/meta';
import { listBenchmarks } from '../db/repositories/benchmarks';
import { frontierBacktest, MIN_CAL, toHeadroom, type FrontierBacktest, type FrontierSeries } from '../fit/frontierForecast';
import { saturationTarget } from '../fit/forecast';
import { seriesPoints } from './fits';
import { seriesContext, type SeriesContext } from './series';

/** Every bounded benchmark's aggregate release-date series, as the frontier forecast reads it (usable points). */
export function workspaceFrontierSeries(db: Db, ctx: SeriesContext): FrontierSeries[] {
  const out: FrontierSeries[] = [];
  for (const b of listBenchmarks(db)) {
    if (!b.bounded) continue;
    const sp = seriesPoints(db, { benchmarkId: b.id, axis: 'date' }, ctx);
    if (!sp.usable.length || sp.floorValue === b.ceiling) continue;
    const points = sp.usable.map((p) => ({ x: p.x, u: toHeadroom(p.y, sp.floorValue, b.ceiling) })).sort((a, c) => a.x - c.x);
    out.push({ id: String(b.id), name: b.name, points });
  }
  return out;
}

/** A backtest without its per-case lists (what forecasts and reports keep), with a fingerprint for cache keys. */
export type WorkspaceTrack = Omit<FrontierBacktest, 'cases' | 'crossings'> & {
  /** False when the workspace has fewer than MIN_CAL resolved cases: forecasts then have no interval. */
  calibrated: boolean;
  /** Hash of the calibration (cache keys of fits depend on it). */
  fingerprint: string;
};

/**
 * The workspace's frontier backtest at threshold q and interval level, once per context (a batch of fits shares it).
 * Origins every half year back from the data end (the latest release date with a result), while a year of history
 * precedes them.
 */
export function workspaceTrack(db: Db, ctx: SeriesContext, threshold = 0.9, level = 0.8): WorkspaceTrack {
  const key = `${threshold}/${level}`;
  const hit = ctx.frontierTracks.get(key);
  if (hit) return hit;
  // Kept in the workspace under the data fingerprint (as the dashboard's cache): a benchmark page asks for one fit,
  // and reading every series again for it would cost more than the fit (bench/forecast.ts times it at 100k results).
  const metaKey = `frontier-track:${TRACK_VERSION}:${key}`;
  const data = dataFingerprint(db);
  const stored = getMeta(db, metaKey);
  const parsed = stored ? (JSON.parse(stored) as { data: string; track: WorkspaceTrack }) : null;
  if (parsed && parsed.data === data) {
    ctx.frontierTracks.set(key, parsed.track);
    return parsed.track;
  }
  const bt = frontierBacktest(workspaceFrontierSeries(db, ctx), { uStar: saturationTarget(0, 1, threshold), level });
  const { cases: _cases, crossings: _crossings, ...rest } = bt;
  const calibrated = bt.calibration.perYear.length >= MIN_CAL;
  const fingerprint = createHash('sha256').update(JSON.stringify([rest.calibration, rest.dataEnd, rest.bySeries])).digest('hex').slice(0, 24);
  // Through JSON, so a fresh track and a stored one are the same values (no Infinity, no undefined).
  const track = jsonSafe<WorkspaceTrack>({ ...rest, calibrated, fingerprint });
  ctx.frontierTracks.set(key, track);
  // Skipped while an import job holds the write lock (db/busy.ts).
  cacheWrite(() => setMeta(db, metaKey, JSON.stringify({ data, track })));
  return track;
}

/** Bump when the backtest or what it stores changes: older stored tracks are then ignored. */
const TRACK_VERSION = 1;

/** The workspace's track record as the API gives it: pooled and per benchmark (benchmarks with scored cases). */
export function forecastBacktest(db: Db, req: { threshold?: number; level?: number } = {}): ForecastBacktest {
  const threshold = req.threshold ?? 0.9;
  const level = req.level ?? 0.8;
  const track = workspaceTrack(db, seriesContext(db), threshold, level);
  const names = new Map(listBenchmarks(db).map((b) => [String(b.id), b.name]));
  return {
    threshold,
    level,
    origins: track.origins,
    dataEnd: track.dataEnd,
    pooled: track.pooled,
    benchmarks: Object.entries(track.bySeries).map(([id, t]) => ({ benchmarkId: Number(id), benchmark: names.get(id) ?? id, track: t })),
  };
}
