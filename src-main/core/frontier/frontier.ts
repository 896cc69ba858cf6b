/**
 * Capability frontiers: the state of the art over time (the running best, with the model that set each record) and
 * the Pareto front of score against compute (the best score reached with at most that much compute). Both are the
 * same walk, "keep the points that beat everything to their left", over different x axes; the names say which
 * question each answers.
 */
import { frontierPoints } from '../fit/axes';

export interface FrontierPoint {
  x: number;
  y: number;
}

/**
 * The records: points that beat every point at a smaller x (direction aware). On a date axis this is the state of
 * the art over time; each record keeps its extra fields (model name, source), so the caller can say who set it.
 * Ties at the same x keep only the best; non-finite points are skipped.
 */
export function records<T extends FrontierPoint>(points: readonly T[], higherIsBetter = true): T[] {
  return frontierPoints(points, higherIsBetter);
}

/**
 * The Pareto front of score against compute: for each compute level (x = log10 FLOP), the best score any model
 * reached with at most that compute. Returned as the corner points of the staircase, in increasing x.
 */
export function paretoFront<T extends FrontierPoint>(points: readonly T[], higherIsBetter = true): T[] {
  return frontierPoints(points, higherIsBetter);
}

/**
 * The frontier's value at x: the best y among points with x' ≤ x, or null before the first point.
 * `front` must be the output of {@link records} (sorted by x, each better than the last).
 */
export function frontierAt(front: readonly FrontierPoint[], x: number): number | null {
  let best: number | null = null;
  for (const p of front) {
    if (p.x > x) break;
    best = p.y;
  }
  return best;
}

/**
 * Normalized headroom used: (y − floor) / (ceiling − floor), so 0 is chance and 1 is the ceiling whatever the
 * benchmark's unit or direction (a lower-is-better benchmark has ceiling < floor and the formula still holds).
 * Not clamped: values outside [0, 1] show impossible or below-chance results.
 */
export function normalized(y: number, floor: number, ceiling: number): number {
  return (y - floor) / (ceiling - floor);
}
