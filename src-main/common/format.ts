/**
 * How Headroom writes numbers and names for people, in one place for the app, its CSV downloads and the PDF report,
 * so that the same score reads the same everywhere (a fraction 0.979 is "97.9%" on the dashboard and in the report),
 * and no internal name (a status like "not-enough-data", a rule id, a threshold key) reaches a reader.
 */
import type { FitSummary, ForecastSummary } from './analysis';
import type { FlagRule } from './flags';

/**
 * A score in its benchmark's unit, with the unit written: `fraction` (0–1) as a percentage with one decimal
 * (0.979 → "97.9%"), `percent` (0–100) the same way (97.9 → "97.9%"), `points` (ratings, 0–10 scales) as the
 * number with up to three significant digits below 1,000 and whole thousands-separated numbers from there, then
 * "pts" (2420 → "2,420 pts", 7.45 → "7.45 pts"). A standard error in the same unit reads the same way. Missing,
 * NaN or infinite values are "—". Any other unit is written as the number and the unit's name.
 */
export function formatScore(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (unit === 'fraction') return `${(value * 100).toFixed(1)}%`;
  if (unit === 'percent') return `${value.toFixed(1)}%`;
  const n = Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(Number(value.toPrecision(3)));
  return `${n} ${unit === 'points' ? 'pts' : unit}`;
}

/** A fit's status as a reader says it. */
export const FIT_STATUS_LABELS: Record<FitSummary['status'], string> = {
  ok: 'ok',
  'not-enough-data': 'not enough data',
  'not-identifiable': 'not identifiable',
  failed: 'fit failed',
  'bad-input': 'unusable data',
};

/** A label for any fit status, including a candidate form's (free text): known ones from FIT_STATUS_LABELS. */
export function fitStatusLabel(status: string): string {
  return (FIT_STATUS_LABELS as Record<string, string>)[status] ?? status.replace(/-/g, ' ');
}

/** A forecast's status as a reader says it. */
export const FORECAST_STATUS_LABELS: Record<ForecastSummary['status'], string> = {
  saturated: 'saturated',
  forecast: 'forecast',
  'no-crossing': 'no crossing within 20 years',
  unavailable: 'no forecast',
};

/** Display names of the inconsistency checks, for the app's filters and chips and the report. */
export const FLAG_RULE_LABELS: Record<FlagRule, string> = {
  'surprising-failure': 'Surprising failure',
  'surprising-success': 'Surprising success',
  ordering: 'Subtask ordering',
  'conflicting-reports': 'Conflicting reports',
  'impossible-value': 'Impossible value',
  regression: 'Regression',
  'aggregate-mismatch': 'Aggregate mismatch',
  'unit-slip': 'Unit slip',
  'date-anomaly': 'Date anomaly',
  'above-trend': 'Above trend',
};

/** The display name of a rule given by its id (a report's flags carry the id as text). */
export function flagRuleLabel(rule: string): string {
  return (FLAG_RULE_LABELS as Record<string, string>)[rule] ?? rule.replace(/-/g, ' ');
}

const THRESHOLD_LABELS: Record<string, string> = {
  z: 'flagged from |z|',
  zHigh: 'high severity from |z|',
  gap: 'flagged from a headroom gap of',
  gapHigh: 'high severity from a headroom gap of',
  ratioLow: 'stated / expected stderr below',
  ratioHigh: 'stated / expected stderr above',
  reversal: 'flagged from a reversal of',
  reversalHigh: 'high severity from a reversal of',
  easierBy: 'easier subtask ahead by at least',
  excess: 'flagged from an excess of',
  excessHigh: 'high severity from an excess of',
  minDropOfSpan: 'smallest drop (share of the range)',
  minDifferenceOfSpan: 'smallest difference (share of the range)',
  minPoints: 'fewest points',
  minFrontier: 'fewest frontier records',
  minSpread: 'smallest spread (share of the range)',
};

/** A rule threshold's key (a flag's evidence.thresholds) as words: "zHigh" → "high severity from |z|". */
export function thresholdLabel(key: string): string {
  return THRESHOLD_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
