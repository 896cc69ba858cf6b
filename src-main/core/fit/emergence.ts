/**
 * Emergence: how abruptly a subtask's score rises with compute.
 */
import { createFitScratch, evaluateFit, fitCurve } from './fitCurve';
import type { CurveFit, CurvePoint, FitOptions, FitStatus } from './fitCurve';
import { midpointOf } from './forms';

/**
 * Breakthrough score of a logistic with rate k per decade: the fraction of the whole rise (c − f)
 * that happens within the one order of magnitude of compute centred on the midpoint x0:
 * B = σ(k/2) − σ(−k/2) = 2σ(k/2) − 1 = tanh(k/4), since σ(a) − σ(−a) = tanh(a/2).
 * 0 for a flat line (k = 0), → 1 for a step; k = 4.39 per decade (10 %→90 % within one decade) gives
 * B = 0.80. Dimensionless.
 * @param kPerDecade logistic rate k on a log10-compute axis (per decade), ≥ 0.
 */
export function logisticBreakthrough(kPerDecade: number): number {
  return Math.tanh(Math.abs(kPerDecade) / 4);
}

/**
 * Breakthrough score of any fitted sigmoid: (ŷ(m + w/2) − ŷ(m − w/2)) / (c − f), with m the curve's
 * midpoint (where it is halfway) and w the window width (1 decade by default). Equals
 * {@link logisticBreakthrough} for the logistic.
 */
export function breakthroughScore(fit: Pick<CurveFit, 'form' | 'params'>, window = 1): number {
  const p = fit.params;
  const rise = (p.ceiling ?? Number.NaN) - (p.floor ?? Number.NaN);
  const m = midpointOf(fit.form, p);
  return (evaluateFit(fit, m + window / 2) - evaluateFit(fit, m - window / 2)) / rise;
}

/** One subtask's series against log10 compute. */
export interface EmergenceSeries {
  key: string;
  /** x = log10 compute (FLOP), y = score. */
  points: CurvePoint[];
  /** Chance level of the subtask, fixed as the floor when given. */
  floor?: number;
  /** Ceiling, fixed when given (default: fitted). */
  ceiling?: number;
}

/** Ranked emergence result for one subtask. */
export interface EmergenceRank {
  key: string;
  status: FitStatus;
  message: string;
  /** Logistic rate per decade of compute. */
  kPerDecade: number | null;
  /** Standard error of k. */
  kSe: number | null;
  /** tanh(k/4), in [0, 1]. */
  breakthrough: number | null;
  /** log10 compute at the midpoint. */
  x0: number | null;
  fit: CurveFit;
}

/**
 * Fits a logistic against log10 compute to every subtask and ranks them from smooth to abrupt by
 * breakthrough score tanh(k/4) (ties by k). Subtasks whose fit is not 'ok' come last, in input order,
 * with null scores. A k on its upper bound (a step sharper than the data spacing) keeps its
 * status and scores ≈ 1.
 * @param series subtasks; `floor` fixes the chance level, `ceiling` fixes the ceiling.
 * @param options extra fit options (form is forced to 'logistic').
 */
export function rankEmergence(series: readonly EmergenceSeries[], options: FitOptions = {}): EmergenceRank[] {
  const scratch = createFitScratch();
  const ranked = series.map((s): EmergenceRank => {
    const fit = fitCurve(s.points, { ...options, form: 'logistic', floor: s.floor ?? options.floor ?? 'free', ceiling: s.ceiling ?? options.ceiling ?? 'free' }, scratch);
    const ok = fit.status === 'ok';
    const k = fit.params.k;
    return {
      key: s.key,
      status: fit.status,
      message: fit.message,
      kPerDecade: ok && k !== undefined ? k : null,
      kSe: ok ? (fit.se.k ?? null) : null,
      breakthrough: ok && k !== undefined ? logisticBreakthrough(k) : null,
      x0: ok ? (fit.params.x0 ?? null) : null,
      fit,
    };
  });
  const good = ranked.filter((r) => r.breakthrough !== null);
  const bad = ranked.filter((r) => r.breakthrough === null);
  good.sort((a, b) => (a.breakthrough as number) - (b.breakthrough as number) || (a.kPerDecade as number) - (b.kPerDecade as number));
  return [...good, ...bad];
}
