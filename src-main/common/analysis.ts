/**
 * Wire shapes of fits and forecasts (plain JSON: NaN and ±Infinity travel as null). The numeric code that makes
 * them lives in src-main/core/fit; these types are what the renderer and the CLI see.
 */

export const AXES = ['date', 'compute', 'parameters', 'ttc', 'capability'] as const;
/** Release date (decimal years), log10 training FLOP, log10 parameters, log10 test-time compute, capability θ. */
export type Axis = (typeof AXES)[number];

export const FIT_FORMS = ['logistic', 'gompertz', 'richards', 'auto'] as const;
export type FitFormChoice = (typeof FIT_FORMS)[number];

export const AXIS_LABELS: Record<Axis, string> = {
  date: 'Release date',
  compute: 'Training compute (log10 FLOP)',
  parameters: 'Parameters (log10)',
  ttc: 'Test-time compute (log10 tokens)',
  capability: 'Capability index (θ, sd units)',
};

/** One model's point in a series. */
export interface SeriesPoint {
  modelId: number;
  model: string;
  organization: string | null;
  /** Axis value: decimal year or log10 of the quantity. */
  x: number;
  /** Score in the benchmark's unit (the best of the model's results in the series). */
  y: number;
  stderr: number | null;
  n: number | null;
  source: string;
  sourceKind: string | null;
  setting: string;
  releaseDate: string | null;
}

export interface FitSummary {
  form: string;
  params: Record<string, number | null>;
  se: Record<string, number | null>;
  rss: number | null;
  aicc: number | null;
  n: number;
  converged: boolean;
  iterations: number;
  status: 'ok' | 'not-enough-data' | 'not-identifiable' | 'failed' | 'bad-input';
  message: string;
  warnings: string[];
  fixed: { floor?: number; ceiling?: number };
  xRange: [number | null, number | null];
  candidates?: { form: string; status: string; aicc: number | null; rss: number | null }[];
}

/** What the frontier forecast adds to a forecast (core/fit/forecast.ts forecastFrontier); the same in core and on the wire. */
export interface ForecastExtras {
  /** 'frontier': the record-drift model of the best result so far (release-date axis); 'curve': the fitted curve's crossing. */
  method?: 'frontier' | 'curve';
  /** Two-sided level of `interval` and `path` (frontier method). */
  level?: number;
  /** The x the frontier forecast starts from: the workspace's latest result date, never before this series' last point. */
  origin?: number | null;
  /** Where the frontier's drift came from: its own records, the median of the workspace's other benchmarks, or nowhere. */
  driftSource?: 'own' | 'pooled' | 'none' | null;
  /** Why the crossing or the interval's late end is not within the horizon ("not within 20 years: …"); null when it is. */
  openEnd?: string | null;
  /** The predicted frontier from the origin on (metric units) with its calibrated band. */
  path?: { x: number[]; value: number[]; low: (number | null)[]; high: (number | null)[] } | null;
  /** This benchmark's rolling-origin track record of this forecast against the naive baselines. */
  track?: TrackRecord | null;
  /** The frontier model at the origin: F(origin) as a share of the range, and the damped logit drift per year. */
  state?: { best: number; drift: number } | null;
}

export interface ForecastSummary extends ForecastExtras {
  status: 'saturated' | 'forecast' | 'no-crossing' | 'unavailable';
  message: string;
  threshold: number;
  /** The score at which the benchmark counts as saturated: floor + q·(ceiling − floor). */
  targetY: number;
  crossingX: number | null;
  /** Bootstrap interval of the crossing; hi null when some resampled curves never cross. */
  interval: [number | null, number | null] | null;
  saturatedSince: number | null;
  bestObserved: { x: number; y: number } | null;
  timeToSaturation: number | null;
  timeToSaturationInterval: [number | null, number | null] | null;
  warnings: string[];
}

/** Summary of one method over some cases. */
export interface HorizonScore {
  horizon: number;
  count: number;
  /** Mean |predicted − actual|, headroom units (share of the range). */
  mae: number | null;
  /** Mean predicted − actual. */
  bias: number | null;
  flatMae: number | null;
  flatBias: number | null;
  linearMae: number | null;
  linearBias: number | null;
  /** Share of cases whose interval held the truth, over `covered` cases that had an interval. */
  coverage: number | null;
  withInterval: number;
}

export interface CrossingScore {
  /** Cases whose frontier crossed by the data end. */
  crossed: number;
  /** Mean |predicted − actual| in years over crossed cases the method gave a date for; and how many. */
  mae: number | null;
  dated: number;
  /** Mean predicted − actual (years). */
  bias: number | null;
  linearMae: number | null;
  linearDated: number;
  /** Share of determinable cases (crossed, or the interval closed before the data end) inside the interval. */
  coverage: number | null;
  determinable: number;
}

/** The workspace's backtest of the date-axis frontier forecast (forecasts/backtest; `headroom backtest --json`). */
export interface ForecastBacktest {
  threshold: number;
  level: number;
  /** Rolling origins (decimal years) and the date the data ends (the latest release date with a result). */
  origins: number[];
  dataEnd: number;
  pooled: TrackRecord;
  benchmarks: { benchmarkId: number; benchmark: string; track: TrackRecord }[];
}

export interface TrackRecord {
  level: number;
  byHorizon: HorizonScore[];
  crossing: CrossingScore;
  /** True when the method's MAE is above the flat baseline's at every horizon it was scored on (and it was scored). */
  worseThanFlat: boolean;
}



export interface SeriesFit {
  benchmark: {
    id: number;
    name: string;
    unit: string;
    floor: number;
    ceiling: number;
    higherIsBetter: boolean;
    humanBaseline: number | null;
    releaseDate: string | null;
    category: string | null;
  };
  subtask: { id: number; name: string } | null;
  axis: Axis;
  pointsMode: 'all' | 'frontier';
  points: SeriesPoint[];
  frontier: SeriesPoint[];
  /** Points left out of the fit because no curve within the benchmark's range can produce them. */
  excluded: { modelId: number; model: string; y: number; reason: string }[];
  fit: FitSummary;
  /** The fitted curve sampled for drawing. */
  curve: { x: number[]; y: number[] };
  /** Bootstrap percentile band of the curve, when resamples > 0 and the fit is ok. */
  band: { x: number[]; lo: (number | null)[]; hi: (number | null)[] } | null;
  forecast: ForecastSummary;
  resamples: number;
  cached: boolean;
  computedAt: string;
}

/** One row of the forecast table: a benchmark (or subtask) on one axis. */
export interface ForecastRow {
  benchmarkId: number;
  benchmark: string;
  subtaskId: number | null;
  subtask: string | null;
  category: string | null;
  axis: Axis;
  points: number;
  fitStatus: FitSummary['status'];
  form: string;
  forecast: ForecastSummary;
  /** Crossing as a calendar date (date axis only). */
  crossingDate: string | null;
  intervalDates: [string | null, string | null] | null;
  saturatedSinceDate: string | null;
  /**
   * The predicted frontier (best score by that date, the benchmark's unit) at each asked-for date with its predictive
   * interval at the request's level (frontier forecasts, release-date axis; a date before the origin gives the
   * observed best, low = high = value). Only when the request asks (`at`).
   */
  frontierAt?: { date: string; value: number | null; low: number | null; high: number | null }[];
}

/**
 * A deep copy of `value` as it would come back from JSON, with NaN and ±Infinity as null: what the cache stores and
 * the transports send is then exactly what the caller got. Equal to
 * `JSON.parse(JSON.stringify(value, nonFiniteToNull))` for plain data (undefined object members dropped, undefined
 * array items, functions and symbols in arrays as null, Dates as ISO strings), but built directly, without the
 * text in between (the round trip through text was a tenth of a cold dashboard's time).
 */
export function jsonSafe<T>(value: T): T {
  return copyJson(value, false) as T;
}

function copyJson(v: unknown, inArray: boolean): unknown {
  switch (typeof v) {
    case 'number':
      // -0 prints as 0.
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object': {
      if (v === null) return null;
      const withJson = v as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === 'function') return copyJson(withJson.toJSON(), inArray);
      if (Array.isArray(v)) {
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) out[i] = copyJson(v[i], true);
        return out;
      }
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const c = copyJson((v as Record<string, unknown>)[k], false);
        if (c === undefined) continue;
        // A key named __proto__ is an own member after JSON.parse; plain assignment would set the prototype.
        if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
        else out[k] = c;
      }
      return out;
    }
    default:
      // undefined, functions and symbols: left out of objects, null in arrays (and undefined at the top, as JSON.stringify).
      return inArray ? null : undefined;
  }
}
