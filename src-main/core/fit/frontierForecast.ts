/**
 * The saturation forecast on the release-date axis: a model of the frontier (the best result so far), not of the
 * cloud of all results, with predictive intervals calibrated on the workspace's own rolling-origin history.
 *
 * Everything runs in headroom units u = (y − f) / (c − f) ∈ [0, 1] (f the benchmark's floor, c its ceiling; a
 * lower-is-better metric has c < f and needs no other code path), and on the logit scale z = ln(u / (1 − u)) with u
 * clamped to [ε, 1 − ε], ε = {@link EPS}, where a constant drift means a saturating (logistic) trend.
 *
 * Model (the "record drift" forecast), at an origin t (the as-of date):
 *   F(t) the frontier: max u over results with x ≤ t. Records are the points that raised it.
 *   d  = max(0, (z(F(t)) − z(u₁)) / (t − x₁)), the frontier's average logit gain per year since its first record
 *        (x₁, u₁): records are the random part, d is how far and how often they jumped on average, time since the last
 *        record included (a frontier that stalls loses drift). Needs ≥ 2 records and t − x₁ ≥ {@link MIN_SPAN} years;
 *        otherwise the workspace's pooled drift (the median d of the other series at t) answers.
 *   ẑ(t + h) = z(F(t)) + W·d·h, with damping W = {@link DAMPING} (progress slows: the raw drift overshoots).
 * Interval: split-conformal by horizon. The residuals r = z(actual frontier at t + h) − ẑ(t + h) of every rolling
 * origin of every series in the workspace give, per horizon H ∈ {@link HORIZONS}, the empirical quantiles
 * q_p(H) (the ⌈(n + 1)·p⌉-th smallest of n); the predictive band at level L is
 *   [ẑ + q_{(1−L)/2}(h), ẑ + q_{(1+L)/2}(h)] around the centre ẑ (residuals are skewed: records jump up),
 * mapped back to u and clipped to [F(t), 1] (the frontier never falls). Between calibrated horizons q is linear in h,
 * from 0 at h = 0, and beyond the last one it grows in proportion to h.
 * Crossing of u* = q (the saturation threshold, as a share of the range): the centre crosses z(u*) at h*; the interval
 * is [first h where the upper band reaches u*, first h where the lower band does], because the frontier is monotone:
 * P(T ≤ t + h) = P(F(t + h) ≥ u*). An end that does not come within {@link MAX_YEARS} years is null ("not within").
 * The origin is never before the series' last point, so a crossing interval never starts before the data.
 */
import type { CrossingScore, HorizonScore, TrackRecord } from '../../common/analysis';
import { bestSoFar, frontierPoints } from './axes';

export type { CrossingScore, HorizonScore, TrackRecord };

/** Clamp for the logit: a frontier within 0.5 % of the floor or ceiling counts as 0.5 % away. */
export const EPS = 0.005;
/**
 * Share of the raw record drift carried forward: progress slows as a benchmark fills, and the first record is often an
 * old, weak model. Chosen on Epoch's development set (docs/methods.md, Frontier forecast): 0.5 gives the lowest
 * frontier error at 6–12 months, 0.7 the lowest crossing-date error; 0.6 sits between.
 */
export const DAMPING = 0.6;
/** Fewest years between the first record and the origin for a series' own drift. */
export const MIN_SPAN = 0.25;
/** Horizons (years) at which residuals are collected and intervals calibrated. */
export const HORIZONS = [0.5, 1, 2] as const;
/** Spacing of rolling origins (years). */
export const ORIGIN_STEP = 0.5;
/** Fewest residuals at a horizon for its own quantiles; fewer borrow the per-year residuals of every horizon. */
export const MIN_CAL = 20;
/** Fewest points known at an origin for a series to be forecast there (in a backtest). */
export const MIN_KNOWN = 3;
/** Forecasts and crossing ends beyond this many years are "not within". */
export const MAX_YEARS = 20;

/** One point of a series in headroom units: x a decimal year, u ∈ [0, 1] (share of the range, direction aware). */
export interface UPoint {
  x: number;
  u: number;
}

/** A series as the frontier forecast sees it. */
export interface FrontierSeries {
  id: string;
  name: string;
  /** Sorted by x. */
  points: UPoint[];
}

export function logit(u: number): number {
  const c = Math.min(1 - EPS, Math.max(EPS, u));
  return Math.log(c / (1 - c));
}
export function expit(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** y → u for a benchmark with floor f and ceiling c, clamped to [0, 1]. */
export function toHeadroom(y: number, floor: number, ceiling: number): number {
  return Math.min(1, Math.max(0, (y - floor) / (ceiling - floor)));
}

/** The frontier's own drift at origin t (logit per year, undamped), or null when it has too little history. */
export function ownDrift(points: readonly UPoint[], t: number): number | null {
  let first: UPoint | null = null;
  let best = -Infinity;
  let records = 0;
  for (const p of points) {
    if (p.x > t) break;
    if (p.u > best) {
      best = p.u;
      records++;
      first ??= p;
    }
  }
  if (!first || records < 2 || t - first.x < MIN_SPAN) return null;
  return Math.max(0, (logit(best) - logit(first.u)) / (t - first.x));
}

/** Median of the series' own drifts at t (the cross-benchmark drift a series without its own history borrows). */
export function pooledDrift(series: readonly FrontierSeries[], t: number): number | null {
  // A series that borrows has no own drift, so it is never part of the median it borrows.
  const ds: number[] = [];
  for (const s of series) {
    const d = ownDrift(s.points, t);
    if (d !== null) ds.push(d);
  }
  if (!ds.length) return null;
  ds.sort((a, b) => a - b);
  const m = ds.length >> 1;
  return ds.length % 2 ? ds[m]! : (ds[m - 1]! + ds[m]!) / 2;
}

/** The frontier model at one origin: what the forecast extrapolates. */
export interface FrontierState {
  origin: number;
  /** F(origin), headroom units; NaN when nothing is known. */
  best: number;
  /** Damped drift W·d, logit per year. */
  drift: number;
  /** Where d came from: the series' own records, the workspace's other series, or nowhere (flat). */
  driftSource: 'own' | 'pooled' | 'none';
}

export function frontierState(points: readonly UPoint[], origin: number, pooled: number | null): FrontierState {
  const best = bestSoFar(points.map((p) => ({ x: p.x, y: p.u })), origin);
  const own = ownDrift(points, origin);
  const d = own ?? pooled;
  return { origin, best, drift: DAMPING * (d ?? 0), driftSource: own !== null ? 'own' : pooled !== null ? 'pooled' : 'none' };
}

/** ẑ(origin + h) before calibration. */
function rawZ(s: FrontierState, h: number): number {
  return logit(s.best) + s.drift * h;
}

/** Residuals by horizon (sorted), the calibration of the intervals; plain JSON. */
export interface FrontierCalibration {
  horizons: number[];
  /** residuals[i]: sorted z(actual) − ẑ at horizons[i]. */
  residuals: number[][];
  /** Every residual divided by its horizon (per year), sorted: the fallback for a horizon with few residuals. */
  perYear: number[];
  /** The median own drift of the workspace's series at the data end (undamped), for series without their own. */
  pooledDrift: number | null;
}

/** The ⌈(n + 1)·p⌉-th smallest of sorted xs (split-conformal quantile), clamped to the ends; NaN when empty. */
export function conformalQuantile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (!n) return Number.NaN;
  const k = Math.min(n, Math.max(1, Math.ceil((n + 1) * p)));
  return sorted[k - 1]!;
}

/**
 * q_p(·): the calibrated residual quantile as a function of the horizon h (see the module comment); NaN without
 * calibration. The knots are computed once, so a scan over many horizons costs one interpolation per step.
 */
export function residualQuantileFn(cal: FrontierCalibration, p: number): (h: number) => number {
  const at: { h: number; q: number }[] = [];
  cal.horizons.forEach((H, i) => {
    const r = cal.residuals[i]!;
    if (r.length >= MIN_CAL) at.push({ h: H, q: conformalQuantile(r, p) });
    else if (cal.perYear.length >= MIN_CAL) at.push({ h: H, q: H * conformalQuantile(cal.perYear, p) });
  });
  return (h) => {
    if (!at.length || !(h >= 0)) return Number.NaN;
    let prev = { h: 0, q: 0 };
    for (const a of at) {
      if (h <= a.h) return prev.q + ((a.q - prev.q) * (h - prev.h)) / (a.h - prev.h);
      prev = a;
    }
    return (prev.q * h) / prev.h;
  };
}

/** q_p(h) at one horizon. */
export function residualQuantile(cal: FrontierCalibration, h: number, p: number): number {
  return residualQuantileFn(cal, p)(h);
}

/** The predicted frontier at origin + h: centre and band (headroom units). Without calibration the band is null. */
export function predictFrontier(s: FrontierState, h: number, cal: FrontierCalibration | null, level: number): { value: number; low: number | null; high: number | null } {
  const z = rawZ(s, h);
  const clip = (u: number) => Math.min(1, Math.max(s.best, u));
  if (!cal) return { value: clip(expit(z)), low: null, high: null };
  const lo = residualQuantile(cal, h, (1 - level) / 2);
  const hi = residualQuantile(cal, h, (1 + level) / 2);
  const value = clip(expit(z));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { value, low: null, high: null };
  const low = clip(expit(z + lo));
  const high = clip(expit(z + hi));
  // The centre is ẑ (it forecasts better than the residual median: docs/methods.md); kept inside its own band when
  // the residuals are all of one sign.
  return { value: Math.min(high, Math.max(low, value)), low, high };
}

/** Weekly scan for the first h ≤ MAX_YEARS at which fn(h) ≥ target; null when it never does. */
function firstReach(fn: (h: number) => number, target: number): number | null {
  const step = 7 / 365.25;
  let prevH = 0;
  let prev = fn(0);
  if (prev >= target) return 0;
  for (let h = step; h <= MAX_YEARS + 1e-9; h += step) {
    const v = fn(h);
    if (v >= target) return prevH + ((target - prev) / (v - prev)) * (h - prevH);
    prevH = h;
    prev = v;
  }
  return null;
}

/** The crossing of the threshold uStar: centre and interval ends in years after the origin (null: not within MAX_YEARS). */
export interface CrossingForecast {
  h: number | null;
  lo: number | null;
  hi: number | null;
}

export function predictCrossing(s: FrontierState, uStar: number, cal: FrontierCalibration | null, level: number): CrossingForecast {
  const zs = logit(uStar);
  const centre = firstReach((h) => rawZ(s, h), zs);
  if (!cal || !Number.isFinite(residualQuantile(cal, 1, 0.5))) return { h: centre, lo: null, hi: null };
  const qHi = residualQuantileFn(cal, (1 + level) / 2);
  const qLo = residualQuantileFn(cal, (1 - level) / 2);
  const lo = firstReach((h) => rawZ(s, h) + qHi(h), zs);
  const hi = firstReach((h) => rawZ(s, h) + qLo(h), zs);
  // As for the frontier: the centre stays inside its interval when the residuals are all of one sign.
  const h = Math.min(Math.max(centre ?? Infinity, lo ?? -Infinity), hi ?? Infinity);
  return { h: Number.isFinite(h) ? h : null, lo, hi };
}

/**
 * The linear-trend baseline: a least-squares line u = a + b·x through the records of the two years before t, clipped
 * to [F(t), 1]. Returns the line (b = 0 and a = F(t) with fewer than 2 such records).
 */
export function linearTrend(points: readonly UPoint[], t: number): { best: number; a: number; b: number } {
  const known = points.filter((p) => p.x <= t).map((p) => ({ x: p.x, y: p.u }));
  const F = bestSoFar(known, t);
  const rec = frontierPoints(known).filter((p) => p.x >= t - 2);
  if (rec.length < 2) return { best: F, a: F, b: 0 };
  const mx = rec.reduce((a, p) => a + p.x, 0) / rec.length;
  const my = rec.reduce((a, p) => a + p.y, 0) / rec.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of rec) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  return { best: F, a: my - b * mx, b };
}

/** The linear baseline's frontier at t + h. */
export function linearAt(line: { best: number; a: number; b: number }, x: number): number {
  return Math.min(1, Math.max(line.best, line.a + line.b * x));
}

/** Where the linear baseline reaches uStar after t (decimal year), or null when not within MAX_YEARS. */
export function linearCrossing(line: { best: number; a: number; b: number }, t: number, uStar: number): number | null {
  if (line.best >= uStar) return t;
  if (!(line.b > 0)) return null;
  const x = Math.max(t, (uStar - line.a) / line.b);
  return x - t <= MAX_YEARS ? x : null;
}

/** Origins every ORIGIN_STEP years back from the data end, while at least a year of history precedes them. */
export function defaultOrigins(series: readonly FrontierSeries[], dataEnd: number): number[] {
  let start = Infinity;
  for (const s of series) if (s.points.length) start = Math.min(start, s.points[0]!.x);
  const out: number[] = [];
  for (let t = dataEnd - HORIZONS[0]; t >= start + 1; t -= ORIGIN_STEP) out.unshift(t);
  return out;
}

/** One scored forecast of a backtest: series, origin, horizon, the method and both baselines against the truth. */
export interface BacktestCase {
  series: string;
  origin: number;
  horizon: number;
  actual: number;
  predicted: number;
  /** z(actual) − ẑ, the residual the calibration uses. */
  residual: number;
  low: number | null;
  high: number | null;
  flat: number;
  linear: number;
}

/** One crossing forecast of a backtest, for a series not yet saturated at the origin that crossed by the data end or whose interval closed before it. */
export interface CrossingCase {
  series: string;
  origin: number;
  /** Decimal years; null = not within MAX_YEARS. */
  predicted: number | null;
  low: number | null;
  high: number | null;
  /** First x at which the frontier reached the threshold; null if not by the data end. */
  actual: number | null;
  /** The linear baseline's crossing (null: its line never gets there within MAX_YEARS). */
  linear: number | null;
}

/**
 * Every rolling-origin case of every series: at origin t, the series' points with x ≤ t (models released before t)
 * forecast the frontier at t + h for each horizon with t + h ≤ dataEnd, and its crossing. No calibration here: the
 * raw ẑ and its residual (see {@link scoreCases} for the intervals).
 */
export function rollingCases(series: readonly FrontierSeries[], origins: readonly number[], dataEnd: number, uStar: number, horizons: readonly number[] = HORIZONS): { cases: BacktestCase[]; states: { series: string; state: FrontierState; actualCrossing: number | null; linear: number | null }[] } {
  const cases: BacktestCase[] = [];
  const states: { series: string; state: FrontierState; actualCrossing: number | null; linear: number | null }[] = [];
  // Everything a forecast reads is on the records (the frontier of the points known at t is the records before t),
  // which are far fewer than the points: the backtest walks those.
  const recs = series.map((s) => ({ ...s, points: records(s.points), all: s.points }));
  for (const t of origins) {
    const pooled = pooledDrift(recs, t);
    for (const s of recs) {
      if (countUpTo(s.all, t) < MIN_KNOWN) continue;
      const state = frontierState(s.points, t, pooled);
      const line = linearTrend(s.points, t);
      const reached = s.points.find((p) => p.u >= uStar);
      const actualCrossing = reached && reached.x <= dataEnd ? reached.x : null;
      if (state.best < uStar) states.push({ series: s.id, state, actualCrossing, linear: linearCrossing(line, t, uStar) });
      for (const h of horizons) {
        if (t + h > dataEnd + 1e-9) continue;
        const actual = bestUpTo(s.points, t + h);
        const z = rawZ(state, h);
        cases.push({
          series: s.id,
          origin: t,
          horizon: h,
          actual,
          predicted: Math.min(1, Math.max(state.best, expit(z))),
          residual: logit(actual) - z,
          low: null,
          high: null,
          flat: state.best,
          linear: linearAt(line, t + h),
        });
      }
    }
  }
  return { cases, states };
}

/** The record-setting points of a series sorted by x (each strictly above every earlier one). */
export function records(points: readonly UPoint[]): UPoint[] {
  return frontierPoints(points.map((p) => ({ x: p.x, y: p.u }))).map((p) => ({ x: p.x, u: p.y }));
}

/** How many of the sorted points have x ≤ t (binary search). */
function countUpTo(points: readonly UPoint[], t: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.x <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The best u up to t from sorted records (the last record at or before t); NaN before the first. */
function bestUpTo(recs: readonly UPoint[], t: number): number {
  const n = countUpTo(recs, t);
  return n ? recs[n - 1]!.u : Number.NaN;
}

/** Calibration from cases (every one of them, or those resolved by some date). */
export function calibrationFrom(cases: readonly BacktestCase[], pooled: number | null, horizons: readonly number[] = HORIZONS): FrontierCalibration {
  return {
    horizons: [...horizons],
    residuals: horizons.map((h) => cases.filter((c) => c.horizon === h).map((c) => c.residual).sort((a, b) => a - b)),
    perYear: cases.map((c) => c.residual / c.horizon).sort((a, b) => a - b),
    pooledDrift: pooled,
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Scores cases (with their intervals already set) and crossing cases. */
export function trackRecord(cases: readonly BacktestCase[], crossings: readonly CrossingCase[], level: number, horizons: readonly number[] = HORIZONS, dataEnd = Infinity): TrackRecord {
  const byHorizon = horizons.map((h): HorizonScore => {
    const cs = cases.filter((c) => c.horizon === h);
    const withIv = cs.filter((c) => c.low !== null && c.high !== null);
    return {
      horizon: h,
      count: cs.length,
      mae: mean(cs.map((c) => Math.abs(c.predicted - c.actual))),
      bias: mean(cs.map((c) => c.predicted - c.actual)),
      flatMae: mean(cs.map((c) => Math.abs(c.flat - c.actual))),
      flatBias: mean(cs.map((c) => c.flat - c.actual)),
      linearMae: mean(cs.map((c) => Math.abs(c.linear - c.actual))),
      linearBias: mean(cs.map((c) => c.linear - c.actual)),
      coverage: withIv.length ? withIv.filter((c) => c.actual >= c.low! - 1e-12 && c.actual <= c.high! + 1e-12).length / withIv.length : null,
      withInterval: withIv.length,
    };
  });
  const crossed = crossings.filter((c) => c.actual !== null);
  const dated = crossed.filter((c) => c.predicted !== null);
  const linDated = crossed.filter((c) => c.linear !== null);
  const determinable = crossings.filter((c) => (c.low !== null || c.high !== null) && (c.actual !== null || (c.high !== null && c.high < dataEnd)));
  const inside = determinable.filter((c) => c.actual !== null && (c.low === null || c.actual >= c.low) && (c.high === null || c.actual <= c.high));
  const scored = byHorizon.filter((b) => b.count > 0 && b.mae !== null && b.flatMae !== null);
  return {
    level,
    byHorizon,
    crossing: {
      crossed: crossed.length,
      mae: mean(dated.map((c) => Math.abs(c.predicted! - c.actual!))),
      dated: dated.length,
      bias: mean(dated.map((c) => c.predicted! - c.actual!)),
      linearMae: mean(linDated.map((c) => Math.abs(c.linear! - c.actual!))),
      linearDated: linDated.length,
      coverage: determinable.length ? inside.length / determinable.length : null,
      determinable: determinable.length,
    },
    worseThanFlat: scored.length > 0 && scored.every((b) => b.mae! > b.flatMae! + 1e-9),
  };
}

/** A whole backtest: pooled and per-series track records, and the calibration every live forecast uses. */
export interface FrontierBacktest {
  level: number;
  origins: number[];
  dataEnd: number;
  pooled: TrackRecord;
  bySeries: Record<string, TrackRecord>;
  /** Calibration from every case (what the live forecasts use). */
  calibration: FrontierCalibration;
  cases: BacktestCase[];
  crossings: CrossingCase[];
}

/**
 * Rolling-origin backtest of exactly the forecast the app shows. Intervals are out of sample: the case at origin t
 * gets the band calibrated on the cases resolved by t (origin' + h ≤ t), as the app would have computed it then.
 * @param series every bounded series of the workspace (headroom units, on the date axis).
 * @param uStar the saturation threshold q (share of the range).
 * @param level two-sided interval level (0.8 by default).
 */
export function frontierBacktest(series: readonly FrontierSeries[], options: { uStar: number; level?: number; dataEnd?: number; origins?: number[] }): FrontierBacktest {
  const level = options.level ?? 0.8;
  let end = -Infinity;
  for (const s of series) for (const p of s.points) end = Math.max(end, p.x);
  const dataEnd = options.dataEnd ?? end;
  const origins = options.origins ?? defaultOrigins(series, dataEnd);
  // Calibration needs cases from before the scored origins: collect from every half year of history.
  const calOrigins = [...new Set([...defaultOrigins(series, dataEnd), ...origins])].sort((a, b) => a - b);
  const { cases: all, states } = rollingCases(series, calOrigins, dataEnd, options.uStar);
  const scoredOrigins = new Set(origins);
  const cases: BacktestCase[] = [];
  const crossings: CrossingCase[] = [];
  const calCache = new Map<number, FrontierCalibration>();
  const calAt = (t: number): FrontierCalibration => {
    let c = calCache.get(t);
    if (!c) {
      c = calibrationFrom(all.filter((k) => k.origin + k.horizon <= t + 1e-9), pooledDrift(series, t));
      calCache.set(t, c);
    }
    return c;
  };
  const stateOf = new Map(states.map((s) => [`${s.series}\u0000${s.state.origin}`, s.state]));
  for (const c of all) {
    if (!scoredOrigins.has(c.origin)) continue;
    const cal = calAt(c.origin);
    const st = stateOf.get(`${c.series}\u0000${c.origin}`) ?? null;
    if (st) {
      const p = predictFrontier(st, c.horizon, cal, level);
      cases.push({ ...c, predicted: p.value, low: p.low, high: p.high });
    } else {
      // Saturated at the origin: the frontier stays where it is (nothing to forecast).
      cases.push({ ...c, low: c.flat, high: 1 });
    }
  }
  for (const s of states) {
    if (!scoredOrigins.has(s.state.origin)) continue;
    const cr = predictCrossing(s.state, options.uStar, calAt(s.state.origin), level);
    const at = (h: number | null) => (h === null ? null : s.state.origin + h);
    crossings.push({ series: s.series, origin: s.state.origin, predicted: at(cr.h), low: at(cr.lo), high: at(cr.hi), actual: s.actualCrossing, linear: s.linear });
  }
  const bySeries: Record<string, TrackRecord> = {};
  for (const s of series) {
    const cs = cases.filter((c) => c.series === s.id);
    if (cs.length) bySeries[s.id] = trackRecord(cs, crossings.filter((c) => c.series === s.id), level, HORIZONS, dataEnd);
  }
  return {
    level,
    origins,
    dataEnd,
    pooled: trackRecord(cases, crossings, level, HORIZONS, dataEnd),
    bySeries,
    calibration: calibrationFrom(all, pooledDrift(series, dataEnd)),
    cases,
    crossings,
  };
}
