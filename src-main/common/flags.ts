/**
 * Wire shapes of inconsistency flags and of the capability model (plain JSON), and the schemas of their API
 * arguments. The checks themselves live in src-main/core/flags; the joint fit in src-main/core/capability.
 */
import { z } from 'zod';

export const FLAG_RULES = [
  'surprising-failure',
  'surprising-success',
  'ordering',
  'conflicting-reports',
  'impossible-value',
  'regression',
  'aggregate-mismatch',
  'unit-slip',
  'date-anomaly',
  'above-trend',
] as const;
/** The name of a check. Each flag is raised by exactly one rule. */
export type FlagRule = (typeof FLAG_RULES)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
/** How sure the check is that something is wrong, and how much it would change an analysis. */
export type Severity = (typeof SEVERITIES)[number];

export const FLAG_STATUSES = ['open', 'confirmed', 'dismissed', 'fixed'] as const;
/**
 * open: raised and not looked at; confirmed: the analyst agrees the value is bad (fits leave its results out);
 * dismissed: the analyst says the value is fine; fixed: the data changed and the problem is gone.
 */
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

/** One result as a flag shows it: enough to draw it and to say where it came from. */
export interface FlagValue {
  resultId: number;
  model: string;
  benchmark: string;
  subtask: string | null;
  /** Score in the benchmark's own unit. */
  score: number;
  /** The standard error the check used (stated, binomial from n, or the default), in the benchmark's unit. */
  se: number;
  /** Where `se` came from. */
  seBasis: 'stated' | 'binomial' | 'default';
  stderr: number | null;
  n: number | null;
  source: string;
  sourceKind: string | null;
  /** Human text of the setting, e.g. "5-shot, CoT". */
  setting: string;
  evaluatedOn: string | null;
  /** Expected score (benchmark unit) from the capability model or the trend, when the rule has one. */
  expected?: number | null;
}

/** A model's other scores next to what the capability model expects, for a small observed-vs-expected chart. */
export interface ExpectedPoint {
  resultId: number;
  benchmark: string;
  subtask: string | null;
  /** Normalized headroom (score − floor)/(ceiling − floor), observed and expected. */
  observed: number;
  expected: number;
  /** Standardized residual in logit units. */
  z: number;
}

/**
 * The numbers behind a flag. Every rule fills `values` (the results it is about) and the fields that apply;
 * `unit`, `floor` and `ceiling` let a chart place the values on the benchmark's scale.
 */
export interface FlagEvidence {
  unit: string;
  floor: number;
  ceiling: number;
  values: FlagValue[];
  /** Expected value in the benchmark's unit (capability prediction, trend, weighted mean, predecessor ...). */
  expected?: number | null;
  /** Standardized distance between observed and expected (the test statistic the severity rests on). */
  z?: number | null;
  /** Difference observed − expected in the benchmark's unit. */
  difference?: number | null;
  /** The uncertainty the difference was measured against, in the benchmark's unit. */
  tolerance?: number | null;
  /** The thresholds the rule applied, for the explanation. */
  thresholds?: Record<string, number>;
  /** Free-form rule-specific numbers (weights, version strings, dates, fit parameters ...). */
  details?: Record<string, unknown>;
  /** For capability-based rules: the model's other results against the model's expectation. */
  modelScores?: ExpectedPoint[];
  /** For above-trend: the frontier trend the value is compared with, sampled for drawing (x in decimal years). */
  trend?: { x: number[]; y: number[]; frontier: { x: number; y: number; model: string }[] } | null;
  /** Caveats: "stderr unknown, assumed ±3 points" and similar. */
  notes?: string[];
  /** How sure the check is, 0–1 (see flagConfidence); the inbox sorts by severity × confidence. */
  confidence?: number;
}

/** Weight of a severity in the expected value of a look: a high flag is worth three medium ones, nine low ones. */
export const SEVERITY_WEIGHT: Record<Severity, number> = { low: 1, medium: 3, high: 9 };

/**
 * How sure a flag's check is, from 0.3 to 1: 1 for a value no evaluation can produce (outside the unit's range, below
 * zero, a unit slip between fraction and percent); else min(1, |z|/8) when the rule measured a z (z = 4, a typical
 * threshold, is 0.5; z ≥ 8 is certain), 0.5 without one; plus 0.1·log2(results) for a flag that merges several
 * results of one cause (each adds evidence), capped at 1 and floored at 0.3.
 */
export function flagConfidence(rule: FlagRule, evidence: Pick<FlagEvidence, 'z' | 'details'>, results: number): number {
  const kind = String(evidence.details?.['kind'] ?? '');
  if (['out-of-range', 'below-zero', 'percent-as-fraction', 'fraction-as-percent'].includes(kind) || (rule === 'impossible-value' && kind === 'above-ceiling')) return 1;
  const base = typeof evidence.z === 'number' && Number.isFinite(evidence.z) ? Math.min(1, Math.abs(evidence.z) / 8) : 0.5;
  const merged = results > 1 && evidence.details?.['cause'] ? 0.1 * Math.log2(results) : 0;
  return Math.round(Math.max(0.3, Math.min(1, base + merged)) * 1000) / 1000;
}

/** Expected value of looking at a flag: SEVERITY_WEIGHT × confidence (the inbox's order, highest first). */
export function flagPriority(f: { severity: Severity; evidence: Pick<FlagEvidence, 'confidence'> }): number {
  return SEVERITY_WEIGHT[f.severity] * (f.evidence.confidence ?? 0.5);
}

export interface Flag {
  id: number;
  rule: FlagRule;
  severity: Severity;
  modelId: number | null;
  model: string | null;
  benchmarkId: number | null;
  benchmark: string | null;
  subtaskId: number | null;
  subtask: string | null;
  /** Every result the flag is about. */
  resultIds: number[];
  /** The results that would be marked bad by confirming (the suspicious side of the comparison). */
  subjectResultIds: number[];
  message: string;
  evidence: FlagEvidence;
  /** Hash of the rule and the data values the flag is about; a different fingerprint means the data changed. */
  fingerprint: string;
  status: FlagStatus;
  note: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  createdAt: string;
  /** The results marked bad when the flag was confirmed (empty unless status is 'confirmed'). */
  badResultIds: number[];
}

/** What `flags/check` found: the flags each row would raise if saved (rows by their index in the request). */
export interface FlagCheckResult {
  flags: { row: number; rule: FlagRule; severity: Severity; kind: string; message: string }[];
}

/** What `flags/recompute` did. */
export interface FlagRecomputeSummary {
  /** Flags raised by this run (open, plus kept dismissed or confirmed ones whose data did not change). */
  raised: number;
  open: number;
  /** Dismissed or confirmed flags kept as they were (same fingerprint). */
  kept: number;
  /** Dismissed or confirmed flags reopened because their data changed. */
  reopened: number;
  /** Flags marked fixed because their data changed and the problem is gone. */
  fixed: number;
  byRule: Partial<Record<FlagRule, number>>;
  bySeverity: Record<Severity, number>;
  capability: { models: number; items: number; observations: number; iterations: number; converged: boolean } | null;
  elapsedMs: number;
}

/** One model's capability θ (standard units: mean 0, sd 1 over the workspace's models) with its standard error. */
export interface CapabilityModelRow {
  modelId: number;
  model: string;
  theta: number;
  se: number;
  /** Results that entered the fit. */
  n: number;
  /** Robust spread of the model's residuals in logit units. */
  residualSd: number;
}

/** One benchmark (or subtask) of the capability model: difficulty d (θ units) and slope a (logit per θ unit). */
export interface CapabilityItemRow {
  benchmarkId: number;
  benchmark: string;
  subtaskId: number | null;
  subtask: string | null;
  difficulty: number;
  slope: number;
  n: number;
}

export interface CapabilityReport {
  models: CapabilityModelRow[];
  items: CapabilityItemRow[];
  observations: number;
  /** Misfit spread τ in logit units (beyond sampling error). */
  tau: number;
  iterations: number;
  converged: boolean;
  elapsedMs: number;
}

export const flagsListRequest = z
  .object({
    rule: z.enum(FLAG_RULES).optional(),
    minSeverity: z.enum(SEVERITIES).optional(),
    benchmarkId: z.number().int().min(1).optional(),
    modelId: z.number().int().min(1).optional(),
    status: z.enum(FLAG_STATUSES).optional(),
  })
  .strict();

export const flagsResolveRequest = z
  .object({
    id: z.number().int().min(1),
    action: z.enum(['confirm', 'dismiss', 'reopen']),
    note: z.string().trim().max(10_000).nullable().optional(),
    /** For confirm: which of the flag's results are bad (default: the flag's subject results). */
    resultIds: z.array(z.number().int().min(1)).max(10_000).optional(),
  })
  .strict();
