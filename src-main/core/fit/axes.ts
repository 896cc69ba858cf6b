/**
 * Axis helpers: calendar dates as decimal years, and the running state-of-the-art frontier.
 */

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * A date as a decimal year: year + (days since 1 January, 00:00 UTC) / (days in that year).
 * So 2024-01-01 → 2024.0 and 2024-07-02 → 2024.5 (2024 has 366 days). Time of day counts when given.
 * @param date an ISO date ('2024-03-15', '2024-03-15T12:00:00Z') or a Date. Date-only strings are
 * read as UTC midnight.
 * @returns the decimal year, or NaN for an unparseable date.
 */
export function toDecimalYear(date: string | Date): number {
  const d = typeof date === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(date.trim()) ? `${date.trim()}T00:00:00Z` : date) : date;
  const t = d.getTime();
  if (!Number.isFinite(t)) return Number.NaN;
  const y = d.getUTCFullYear();
  const start = Date.UTC(y, 0, 1);
  const days = isLeap(y) ? 366 : 365;
  return y + (t - start) / (days * 86400000);
}

/**
 * The ISO calendar date (YYYY-MM-DD, UTC) of a decimal year, rounded to the nearest day; the inverse
 * of {@link toDecimalYear}.
 * @param year decimal year, e.g. 2024.2.
 * @returns the date string, or '' when `year` is not finite or beyond what Date can hold.
 */
export function fromDecimalYear(year: number): string {
  if (!Number.isFinite(year)) return '';
  const y = Math.floor(year);
  const days = isLeap(y) ? 366 : 365;
  const ms = Date.UTC(y, 0, 1) + Math.round((year - y) * days) * 86400000;
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) return '';
  return d.toISOString().slice(0, 10);
}

/**
 * The frontier (state of the art over x): the points that set a new best-so-far when walked in
 * increasing x. A point enters if its y is strictly better than every point at smaller x; among
 * points sharing an x, only the best can enter. Points with non-finite x or y are skipped.
 * @param points anything with numeric x and y (extra fields are kept).
 * @param higherIsBetter true (default) for accuracy-like scores, false for losses and error rates.
 * @returns the record-setting points in x order (a new array; inputs are not modified).
 */
export function frontierPoints<T extends { x: number; y: number }>(points: readonly T[], higherIsBetter = true): T[] {
  const dir = higherIsBetter ? 1 : -1;
  const sorted = points
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.x - b.p.x || dir * (b.p.y - a.p.y) || a.i - b.i);
  const out: T[] = [];
  let best = -Infinity;
  for (const { p } of sorted) {
    const v = dir * p.y;
    if (v > best) {
      out.push(p);
      best = v;
    }
  }
  return out;
}

/**
 * Running best-so-far value at x: max (or min when lower is better) of y over points with
 * x' ≤ x. NaN when no point is at or before x.
 */
export function bestSoFar(points: readonly { x: number; y: number }[], x: number, higherIsBetter = true): number {
  let best = Number.NaN;
  for (const p of points) {
    if (!(p.x <= x) || !Number.isFinite(p.y)) continue;
    if (Number.isNaN(best) || (higherIsBetter ? p.y > best : p.y < best)) best = p.y;
  }
  return best;
}
