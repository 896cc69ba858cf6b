/**
 * Robust statistics the rules learn a workspace's own spread with: the median, the scaled median absolute deviation
 * and the Theil–Sen line. Each resists the outliers the rules look for, so a planted or contaminated value cannot
 * widen the yardstick it is measured with.
 */

/** Median of the values (not modified); NaN for none. Even counts average the two middle values. */
export function median(xs: readonly number[]): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/**
 * Robust standard deviation 1.4826·median(|x − c|) about a centre c (default the median): equals σ for normal data,
 * and moves little when up to half the values are outliers. 0 for all-equal values, NaN for none.
 */
export function madSd(xs: readonly number[], centre: number = median(xs)): number {
  return 1.4826 * median(xs.map((x) => Math.abs(x - centre)));
}

/**
 * Theil–Sen line y = a + b·x: b the median of the slopes of all pairs with distinct x, a the median of y − b·x.
 * Breakdown point about 29%: a few far-off points cannot tilt it. O(n²) pairs (n up to a few thousand models).
 * With no pair of distinct x the slope is 0 and a the median of y.
 */
export function theilSen(xs: readonly number[], ys: readonly number[]): { a: number; b: number } {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = xs[j]! - xs[i]!;
      if (Math.abs(dx) > 1e-9) slopes.push((ys[j]! - ys[i]!) / dx);
    }
  }
  const b = slopes.length ? median(slopes) : 0;
  return { a: median(ys.map((y, i) => y - b * xs[i]!)), b };
}
