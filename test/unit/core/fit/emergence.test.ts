import { describe, expect, it } from 'vitest';
import { breakthroughScore, logisticBreakthrough, rankEmergence } from '../../../../src-main/core/fit/emergence';
import type { CurvePoint } from '../../../../src-main/core/fit/fitCurve';
import { logistic } from '../../../../src-main/core/fit/forms';
import { mulberry32, normalFrom } from '../../../../src-main/core/fit/rng';

function subtask(k: number, seed: number): CurvePoint[] {
  const z = normalFrom(mulberry32(seed));
  return Array.from({ length: 40 }, (_, i) => {
    const x = 20 + (6 * i) / 39;
    return { x, y: logistic.value(x, [0.25, 0.9, k, 23]) + 0.01 * z() };
  });
}

describe('emergence', () => {
  it('derives the logistic breakthrough score as tanh(k/4)', () => {
    const fit = { form: 'logistic' as const, params: { floor: 0.25, ceiling: 0.9, k: 3, x0: 23 } };
    expect(breakthroughScore(fit)).toBeCloseTo(logisticBreakthrough(3), 12);
    expect(logisticBreakthrough(0)).toBe(0);
    expect(logisticBreakthrough(2 * Math.log(9))).toBeCloseTo(Math.tanh(Math.log(9) / 2), 12);
  });

  it('ranks subtasks from smooth to abrupt and puts unfittable ones last', () => {
    const ranked = rankEmergence([
      { key: 'abrupt', points: subtask(8, 1), floor: 0.25 },
      { key: 'flat', points: subtask(0.5, 2).map((p) => ({ x: p.x, y: 0.25 })), floor: 0.25 },
      { key: 'smooth', points: subtask(1, 3), floor: 0.25 },
      { key: 'middle', points: subtask(3, 4), floor: 0.25 },
    ]);
    expect(ranked.map((r) => r.key)).toEqual(['smooth', 'middle', 'abrupt', 'flat']);
    expect(ranked[0]!.kPerDecade).toBeCloseTo(1, 0);
    expect(ranked[3]!.breakthrough).toBeNull();
    expect(ranked[3]!.status).toBe('not-identifiable');
  });
});
