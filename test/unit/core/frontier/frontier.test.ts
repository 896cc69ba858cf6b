import { describe, expect, it } from 'vitest';
import { frontierAt, normalized, paretoFront, records } from '../../../../src-main/core/frontier/frontier';

describe('frontiers', () => {
  const pts = [
    { x: 2020, y: 30, model: 'a' },
    { x: 2021, y: 25, model: 'b' },
    { x: 2021.5, y: 50, model: 'c' },
    { x: 2022, y: 50, model: 'd' },
    { x: 2023, y: 70, model: 'e' },
  ];

  it('keeps the record setters of the state of the art, first to reach a level wins', () => {
    expect(records(pts).map((p) => p.model)).toEqual(['a', 'c', 'e']);
  });

  it('walks the other way when lower is better', () => {
    expect(records(pts, false).map((p) => p.model)).toEqual(['a', 'b']);
  });

  it('gives the best score reached with at most that much compute', () => {
    const compute = [
      { x: 24, y: 60 },
      { x: 23, y: 40 },
      { x: 25, y: 55 },
      { x: 22, y: 45 },
    ];
    expect(paretoFront(compute)).toEqual([
      { x: 22, y: 45 },
      { x: 24, y: 60 },
    ]);
  });

  it('reads the frontier at any x, and nothing before its first point', () => {
    const front = records(pts);
    expect(frontierAt(front, 2019)).toBeNull();
    expect(frontierAt(front, 2021.7)).toBe(50);
    expect(frontierAt(front, 2030)).toBe(70);
  });

  it('normalizes headroom for both directions', () => {
    expect(normalized(62.5, 25, 100)).toBe(0.5);
    expect(normalized(20, 100, 0)).toBe(0.8);
  });
});
