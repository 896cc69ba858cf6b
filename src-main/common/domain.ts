/**
 * Domain types shared by the main process and the renderer. Plain JSON only: dates are ISO strings
 * (YYYY-MM-DD for calendar dates, full ISO for timestamps), missing values are null.
 */

export const SOURCE_KINDS = ['lab-reported', 'third-party', 'own-run'] as const;
/** Who produced a number: the model's lab, someone else, or the analyst's own evaluation run. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const BENCHMARK_UNITS = ['fraction', 'percent', 'points'] as const;
/** The unit scores of a benchmark are stored in: 0–1, 0–100, or anything else (Elo, dollars, minutes). */
export type BenchmarkUnit = (typeof BENCHMARK_UNITS)[number];

export interface Organization {
  id: number;
  name: string;
  url: string | null;
  modelCount: number;
}

export interface Model {
  id: number;
  name: string;
  family: string | null;
  organizationId: number | null;
  organization: string | null;
  releaseDate: string | null;
  /** Parameter count (not billions). */
  parameters: number | null;
  /** Training compute in FLOP (not 1e21 units). */
  trainingComputeFlop: number | null;
  trainingTokens: number | null;
  openWeights: boolean | null;
  notes: string | null;
  aliases: string[];
  resultCount: number;
}

export interface Subtask {
  id: number;
  benchmarkId: number;
  name: string;
  weight: number | null;
  itemCount: number | null;
  /** This subtask's own chance floor, where it differs from the benchmark's. */
  floor: number | null;
}

export interface Benchmark {
  id: number;
  name: string;
  version: string | null;
  category: string | null;
  metric: string;
  unit: BenchmarkUnit;
  higherIsBetter: boolean;
  /** Chance level, in the benchmark's unit. */
  floor: number;
  /** Best reachable score, in the benchmark's unit (below 100% when labels are wrong); a placeholder when not bounded. */
  ceiling: number;
  /** False for a scale with no top (an Elo rating, a time horizon): no headroom, no saturation forecast. */
  bounded: boolean;
  ceilingReason: string | null;
  humanBaseline: number | null;
  releaseDate: string | null;
  itemCount: number | null;
  description: string | null;
  aliases: string[];
  subtasks: Subtask[];
  resultCount: number;
}

/** How a result was obtained. null means "not stated". */
export interface Setting {
  shots: number | null;
  cot: boolean | null;
  passK: number | null;
  /** Test-time compute budget (e.g. thinking tokens per item). */
  testTimeCompute: number | null;
  /** Reasoning-effort label, e.g. "high". */
  effort: string | null;
  /**
   * Which run among replicates of the same evaluation (a seed, "run 2"); null for the only or the first run. Part of
   * the setting's key, so replicates are kept side by side; analyses use their mean (saturation/series.ts).
   */
  run?: string | null;
}

export interface Result extends Setting {
  id: number;
  modelId: number;
  model: string;
  benchmarkId: number;
  benchmark: string;
  subtaskId: number | null;
  subtask: string | null;
  score: number;
  stderr: number | null;
  n: number | null;
  source: string;
  sourceKind: SourceKind | null;
  evaluatedOn: string | null;
  importId: number | null;
  sourceLine: number | null;
  /** Where in the imported file the row came from when a line cannot say it (JSON path, markdown cell). */
  sourcePlace: string | null;
  /**
   * Why the result covers only part of its benchmark (a --limit run, a cancelled run, failed samples), null when it is
   * complete or not known to be partial. Fits, frontiers and the dashboard leave partial results out by default.
   */
  partial: string | null;
  notes: string | null;
  loggedAt: string;
  loggedBy: string | null;
  updatedAt: string;
}

export interface ResultHistoryEntry {
  id: number;
  resultId: number;
  action: 'insert' | 'update' | 'delete';
  oldValue: Record<string, unknown> | null;
  newValue: Record<string, unknown> | null;
  changedAt: string;
  changedBy: string | null;
}

/** Where a workspace's data came from; a workspace can hold several (importing your file into the demo). */
export type DataPart = 'public' | 'demo' | 'user';

/** A published source of the public part, as data/public/sources.json names it. */
export interface PublicSourceRef {
  name: string;
  title: string;
  url: string;
  license: string;
  /** Date of the source's snapshot (YYYY-MM-DD). */
  date: string;
}

/**
 * What a workspace's data is, derived from what it holds (core/public/origin.ts), so every label stays true after an
 * import or an edit: the public starter data (with its sources and as-of date), the synthetic demo, the user's own
 * data, or a mixture of them.
 */
export interface DataOrigin {
  kind: 'empty' | DataPart | 'mixed';
  /** The parts present, in the order public, demo, user. */
  parts: DataPart[];
  /** One line saying what the data is, for the top bar, the dashboard and the report. */
  label: string;
  /** As-of date of the public part's snapshot (YYYY-MM-DD); null without a public part. */
  asOf: string | null;
  /** The public part's sources; empty without one. */
  sources: PublicSourceRef[];
  /** Day of the latest import of a newer copy of a public source's files (YYYY-MM-DD); null when never refreshed. */
  refreshedOn: string | null;
}

export interface WorkspaceInfo {
  path: string;
  name: string;
  /** True when the workspace holds synthetic demo data (alone or mixed with other data): it is labelled as such. */
  isDemo: boolean;
  /** What the data is: public, demo, the user's own, or a mixture (see DataOrigin). */
  origin: DataOrigin;
  schemaVersion: number;
  counts: { organizations: number; models: number; benchmarks: number; subtasks: number; results: number };
}

/** Canonical text of a setting, used in the natural key of a result. Empty string: nothing stated. */
export function settingKey(s: Setting): string {
  const parts: string[] = [];
  if (s.shots !== null) parts.push(`shots=${s.shots}`);
  if (s.cot !== null) parts.push(`cot=${s.cot ? 1 : 0}`);
  if (s.passK !== null) parts.push(`pass@${s.passK}`);
  if (s.testTimeCompute !== null) parts.push(`ttc=${s.testTimeCompute}`);
  if (s.effort !== null && s.effort !== '') parts.push(`effort=${s.effort.toLowerCase()}`);
  if (s.run) parts.push(`run=${s.run}`);
  return parts.join(';');
}

/** Human text of a setting for tables and tooltips, e.g. "5-shot, CoT, pass@1". */
export function describeSetting(s: Setting): string {
  const parts: string[] = [];
  if (s.shots !== null) parts.push(`${s.shots}-shot`);
  if (s.cot !== null) parts.push(s.cot ? 'CoT' : 'no CoT');
  if (s.passK !== null) parts.push(`pass@${s.passK}`);
  if (s.testTimeCompute !== null) parts.push(`${s.testTimeCompute.toLocaleString('en-US')} TTC`);
  if (s.effort) parts.push(`${s.effort} effort`);
  if (s.run) parts.push(s.run);
  return parts.length ? parts.join(', ') : 'default';
}
