// Direct labels in one column: as near their lines' last values as they can be, never overlapping.
import { describe, expect, it } from 'vitest';
import { dodgeLabels } from '../../../../src-renderer/src/charts/labelLayout';

/** Smallest distance between two placed labels. */
function minGap(ys: (number | null)[]): number {
  const s = ys.filter((y): y is number => y !== null).sort((a, b) => a - b);
  let m = Infinity;
  for (let i = 1; i < s.length; i++) m = Math.min(m, (s[i] ?? 0) - (s[i - 1] ?? 0));
  return m;
}

describe('dodgeLabels', () => {
  it('leaves labels that are already apart where they are', () => {
    expect(dodgeLabels([10, 50, 90], 14, 0, 100)).toEqual([10, 50, 90]);
  });

  it('spreads labels that share a value evenly around it', () => {
    const ys = dodgeLabels([50, 50, 50], 10, 0, 100);
    expect([...ys].sort()).toEqual([40, 50, 60]);
  });

  it('keeps a crowd at the top inside the range, stacked downwards', () => {
    const ys = dodgeLabels([100, 100, 99, 98, 100], 14, 0, 100);
    expect(Math.max(...(ys as number[]))).toBeLessThanOrEqual(100);
    expect(minGap(ys)).toBeGreaterThanOrEqual(14 - 1e-9);
  });

  it('never places two labels closer than the gap, on random crowds', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(rand() * 30);
      const wanted = Array.from({ length: n }, () => rand() * 300);
      const ys = dodgeLabels(wanted, 13, 0, 300);
      expect(minGap(ys)).toBeGreaterThanOrEqual(13 - 1e-9);
      for (const y of ys) {
        if (y === null) continue;
        expect(y).toBeGreaterThanOrEqual(-1e-9);
        expect(y).toBeLessThanOrEqual(300 + 1e-9);
      }
    }
  });

  it('leaves out the labels of lowest priority when the column cannot hold them all', () => {
    // 0–20 holds 3 labels 10 apart; the two with the largest priority numbers go.
    const ys = dodgeLabels([5, 6, 7, 8, 9], 10, 0, 20, [4, 0, 3, 1, 2]);
    expect(ys.filter((y) => y === null)).toHaveLength(2);
    expect(ys[0]).toBeNull();
    expect(ys[2]).toBeNull();
    expect(minGap(ys)).toBeGreaterThanOrEqual(10 - 1e-9);
  });

  it('gives no position to a label without a value', () => {
    expect(dodgeLabels([Number.NaN, 5], 2, 0, 10)).toEqual([null, 5]);
  });
});
