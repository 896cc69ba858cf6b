/**
 * The fitter's public data types (options in, result out) and the empty result every early return
 * builds. Kept apart so the stages of a fit (inputs.ts, setup.ts, starts.ts, verdict.ts) and the
 * orchestration (fitCurve.ts, which re-exports these types) share them without importing one another.
 */
import type { FormName } from './forms';

/** One observation: a model's score y at axis value x (decimal year, log10 FLOP...). */
export interface CurvePoint {
  /** Axis value (units of the axis: decimal years, log10 FLOP, ...). */
  x: number;
  /** Score in the benchmark's own unit. */
  y: number;
  /** Standard error of y (same unit as y), when known. */
  se?: number | null;
  /** Number of items behind y (for binomial weights), when known. */
  n?: number | null;
}

/** How points are weighted. */
export type WeightScheme = 'none' | 'se' | 'binomial';

/** Options for {@link fitCurve}. */
export interface FitOptions {
  /** Curve form, or 'auto' to choose by AICc among `autoForms`. Default 'logistic'. */
  form?: FormName | 'auto';
  /** Fixed floor value (e.g. the benchmark's chance level) or 'free' to fit it. Default 'free'. */
  floor?: number | 'free';
  /** Fixed ceiling value (best reachable score) or 'free'. For 'power' a fixed ceiling fixes E. Default 'free'. */
  ceiling?: number | 'free';
  /** Bounds for a free floor. Default: see docs/methods.md ("Bounds"). */
  floorBounds?: readonly [number, number];
  /** Bounds for a free ceiling. */
  ceilingBounds?: readonly [number, number];
  /** Whether higher scores are better (the curve rises). Default true. */
  higherIsBetter?: boolean;
  /** The metric's possible range [lo, hi] (e.g. [0, 1] or [0, 100]); scores outside it are bad input. Default: none, except [0, 1] for binomial weights. */
  scoreRange?: readonly [number, number];
  /** Weighting: 'none' (default), 'se' (w = 1/se²) or 'binomial' (se² = p̃(1 − p̃)/n). */
  weights?: WeightScheme;
  /** Number of distinct starting points run through the solver. Default 3. */
  multiStart?: number;
  /**
   * A further grid start is run only when its grid RSS is within this factor of the best node's
   * (competing basins). Default 3; Infinity always runs `multiStart` starts.
   */
  ambiguity?: number;
  /** Forms tried by 'auto'. Default ['logistic', 'gompertz', 'richards']. */
  autoForms?: readonly FormName[];
  /**
   * How far beyond a fixed floor or ceiling (as a fraction of the floor-to-ceiling range) a score may
   * lie and still count as noise (kept, with a warning) rather than bad input. Default 0.25.
   */
  outsideTolerance?: number;
  /** Largest distance of the midpoint outside the data's x range, in multiples of the range, before 'not-identifiable'. Default 1. */
  maxMidpointOutside?: number;
  /** Largest standard error of x0, in multiples of the x range, before 'not-identifiable'. Default 1. */
  maxSeX0?: number;
  /** Extra starting parameter records tried in addition to the automatic ones (the bootstrap passes the full-data fit). */
  extraStarts?: readonly Record<string, number>[];
  /** Skip the covariance (the bootstrap does not need it). Default false. */
  skipCovariance?: boolean;
  /**
   * Logistic and Gompertz: also run the start grid of ambiguous data with the fast solver instead of
   * the QR solver (lm.ts). Faster, but from the same start the two may settle in different local
   * minima, so a single fit could come out worse than the QR path's. Default false; the bootstrap
   * sets it (a resample's fit only needs to be as good on average).
   */
  fastGrid?: boolean;
}

/** Outcome of a fit. */
export type FitStatus = 'ok' | 'not-enough-data' | 'not-identifiable' | 'failed' | 'bad-input';

/** The result of a curve fit: plain JSON (NaN becomes null when serialised). */
export interface CurveFit {
  form: FormName;
  /** Every parameter of the form by name, fixed ones included. */
  params: Record<string, number>;
  /** Standard error of each parameter (0 for fixed ones, NaN where undetermined). */
  se: Record<string, number>;
  /** Names of the fitted parameters, the row/column order of `cov`. */
  freeParams: string[];
  /** Covariance of the fitted parameters s²·(JᵀWJ)⁻¹, or null. */
  cov: number[][] | null;
  /** Weighted residual sum of squares. */
  rss: number;
  /** Small-sample corrected AIC (null when n ≤ k + 1). */
  aicc: number | null;
  /** Number of points used. */
  n: number;
  converged: boolean;
  iterations: number;
  status: FitStatus;
  message: string;
  warnings: string[];
  /** Parameters held fixed and their values. */
  fixed: { floor?: number; ceiling?: number; xRef?: number };
  /** Range of the data's x, for plotting and extrapolation checks. */
  xRange: [number, number];
  /** With form 'auto': each form tried, its status and AICc. */
  candidates?: { form: FormName; status: FitStatus; aicc: number | null; rss: number }[];
}

/**
 * A result with no parameters: what a fit returns when it stops before the solver (bad input, too few
 * points, no rise) or when the solver fails from every start.
 * @param n the number of points given.
 * @param warnings notes gathered so far (the array itself is kept, not copied).
 */
export function emptyFit(form: FormName, status: FitStatus, message: string, n: number, warnings: string[] = []): CurveFit {
  return {
    form,
    params: {},
    se: {},
    freeParams: [],
    cov: null,
    rss: Number.NaN,
    aicc: null,
    n,
    converged: false,
    iterations: 0,
    status,
    message,
    warnings,
    fixed: {},
    xRange: [Number.NaN, Number.NaN],
  };
}
