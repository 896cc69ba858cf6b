/** Wire shapes of the saturation dashboard (plain JSON). */
import type { ForecastSummary } from './analysis';

export const SATURATION_STATUSES = ['saturated', 'saturating', 'open', 'no-trend'] as const;
/**
 * saturated: the frontier has passed the threshold. saturating: the forecast crossing is within the horizon
 * (default 2 years from the as-of date). open: a trend exists but the crossing is further away or never.
 * no-trend: no usable fit (too few points, or not identifiable).
 */
export type SaturationStatus = (typeof SATURATION_STATUSES)[number];

export interface DashboardRow {
  benchmarkId: number;
  name: string;
  category: string | null;
  unit: string;
  floor: number;
  ceiling: number;
  higherIsBetter: boolean;
  humanBaseline: number | null;
  releaseDate: string | null;
  resultCount: number;
  modelCount: number;
  best: { score: number; model: string; modelId: number; date: string | null } | null;
  /** 1 − (best − floor)/(ceiling − floor): how much of the range is left. */
  headroomLeft: number | null;
  status: SaturationStatus;
  forecast: ForecastSummary;
  crossingDate: string | null;
  intervalDates: [string | null, string | null] | null;
  saturatedSinceDate: string | null;
  /** Years from the benchmark's release to its saturation (observed or forecast). */
  yearsToSaturation: number | null;
  /** The state-of-the-art records: x decimal year, y normalized. */
  sparkline: { x: number[]; y: number[]; models: string[] };
}

export interface DashboardSummary {
  asOf: string;
  threshold: number;
  /**
   * True in the first answer to a `frontiersOnly` request on a workspace whose fits are not cached: best, headroom,
   * frontiers and 'saturated' come from the observations; every other row's status is 'no-trend' with the forecast
   * "not fitted yet" until the same request without `frontiersOnly` answers.
   */
  forecastsPending: boolean;
  rows: DashboardRow[];
  /** Quarter labels ("2023 Q1") and, per benchmark row, the normalized frontier at each quarter's end (null before any result). */
  heatmap: { quarters: string[]; benchmarks: string[]; values: (number | null)[][] };
  /** Each benchmark's normalized frontier against years since the benchmark's release. */
  sinceRelease: { benchmark: string; releaseYear: number; x: number[]; y: number[] }[];
}
