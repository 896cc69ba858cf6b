import { describe, expect, it } from 'vitest';
import { bestSoFar, fromDecimalYear, frontierPoints, toDecimalYear } from '../../../../src-main/core/fit/axes';

describe('decimal years', () => {
  it('maps the first of January to a whole year and mid-year to about .5', () => {
    expect(toDecimalYear('2024-01-01')).toBe(2024);
    expect(toDecimalYear('2024-07-02')).toBeCloseTo(2024 + 183 / 366, 12);
    expect(toDecimalYear('2023-03-15')).toBeCloseTo(2023 + 73 / 365, 12);
  });

  it('round-trips dates through decimal years', () => {
    for (const d of ['2020-02-29', '2024-03-15', '1999-12-31', '2031-06-01']) {
      expect(fromDecimalYear(toDecimalYear(d))).toBe(d);
    }
    expect(fromDecimalYear(2024.2)).toBe('2024-03-14');
  });

  it('returns NaN and an empty string for invalid input', () => {
    expect(Number.isNaN(toDecimalYear('not a date'))).toBe(true);
    expect(fromDecimalYear(Number.NaN)).toBe('');
  });
});

describe('frontierPoints', () => {
  const pts = [
    { x: 3, y: 0.5, id: 'c' },
    { x: 1, y: 0.4, id: 'a' },
    { x: 2, y: 0.3, id: 'b' },
    { x: 4, y: 0.7, id: 'd' },
    { x: 4, y: 0.8, id: 'e' },
    { x: 5, y: Number.NaN, id: 'f' },
  ];

  it('keeps only the points that set a new best in x order', () => {
    expect(frontierPoints(pts).map((p) => p.id)).toEqual(['a', 'c', 'e']);
  });

  it('follows the minimum when lower is better', () => {
    expect(frontierPoints(pts, false).map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('gives the running best at any x', () => {
    expect(bestSoFar(pts, 3.5)).toBe(0.5);
    expect(Number.isNaN(bestSoFar(pts, 0))).toBe(true);
  });
});
