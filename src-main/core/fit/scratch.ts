/**
 * The fitter's work memory, owned by the caller: {@link createFitScratch} makes one, and every fit
 * that is handed it reuses its arrays instead of allocating its own. Typed arrays longer than 64
 * bytes live off the V8 heap and cost about as much to allocate and collect as a small fit's
 * arithmetic (bench/fit.ts measures the fits that reuse one scratch, as the app's loops do).
 *
 * Nothing in a scratch carries over from one fit to the next: every entry a fit reads it has written
 * first, so a fit gives the same result with a fresh scratch or one used before
 * (test/unit/core/fit/interleaved.test.ts). A scratch must not be shared by fits that run at the same
 * time; fitting is synchronous and calls no user code, so one per thread (or per loop) is enough.
 */
import { ACC_LEN, createSigmoidScratch } from './fastSigmoid';
import type { SigmoidScratch } from './fastSigmoid';
import { createLmScratch } from './lm';
import type { LmScratch } from './lm';

/** Work arrays of the curve fitter; see the module comment. */
export interface FitScratch {
  /** The fast solver's work arrays (fastSigmoid.ts). */
  sigmoid: SigmoidScratch;
  /** The QR solver's work arrays by problem size (lm.ts). */
  lm: LmScratch;
  /**
   * Per-point arrays, all of one length ≥ the points of the fit (see {@link pointArrays}): √wᵢ for
   * the fast path, and the transform start's curve shape sᵢ, ds/dz, transformed score zᵢ and its
   * regression weight.
   */
  sw: Float64Array;
  shape: Float64Array;
  ds: Float64Array;
  zs: Float64Array;
  wz: Float64Array;
  /** The transform start as a full vector [f, c, k, x0], and the accumulator there (see accumulate in fastSigmoid.ts). */
  startP: Float64Array;
  startAcc: Float64Array;
  /** Where each fast solve leaves its accumulator, and the best start's copy of it. */
  solveAcc: Float64Array;
  bestAcc: Float64Array;
  /** The two linear parameters solved at a curve shape (floor and ceiling, or E and A). */
  ab: Float64Array;
  /** The points' x and y in the caller's order, reused when the next fit has as many points. */
  xs: number[];
  ys: number[];
  /** Unit weights, shared by the unweighted fits of one length (nothing writes to a weight vector). */
  ones: number[];
}

/** A new {@link FitScratch}, its per-point arrays sized for 64 points (grown on demand). */
export function createFitScratch(): FitScratch {
  return {
    sigmoid: createSigmoidScratch(),
    lm: createLmScratch(),
    sw: new Float64Array(64),
    shape: new Float64Array(64),
    ds: new Float64Array(64),
    zs: new Float64Array(64),
    wz: new Float64Array(64),
    startP: new Float64Array(4),
    startAcc: new Float64Array(ACC_LEN),
    solveAcc: new Float64Array(ACC_LEN),
    bestAcc: new Float64Array(ACC_LEN),
    ab: new Float64Array(2),
    xs: [],
    ys: [],
    ones: [],
  };
}

/**
 * Makes the per-point arrays at least m long (doubling, so a run of growing series reallocates
 * rarely). Their contents are not kept.
 */
export function pointArrays(s: FitScratch, m: number): void {
  if (s.sw.length >= m) return;
  const len = Math.max(m, 2 * s.sw.length);
  s.sw = new Float64Array(len);
  s.shape = new Float64Array(len);
  s.ds = new Float64Array(len);
  s.zs = new Float64Array(len);
  s.wz = new Float64Array(len);
}

/** n unit weights: the scratch's own array, replaced when its length differs. Callers never write to it. */
export function onesOf(s: FitScratch, n: number): number[] {
  if (s.ones.length !== n) {
    const ones: number[] = [];
    for (let i = 0; i < n; i++) ones.push(1);
    s.ones = ones;
  }
  return s.ones;
}
