import { describe, expect, it } from 'vitest';
import { fitSeries, hashSeries, planRefits } from '../../../../src-main/core/fit/planner';

const pts = Array.from({ length: 20 }, (_, i) => ({ x: 2018 + i / 3, y: 0.25 + 0.7 / (1 + Math.exp(-1.5 * (i / 3 - 3))) }));

describe('planner', () => {
  it('hashes content independent of point order and sensitive to values and options', () => {
    const h = hashSeries(pts, { floor: 0.25 });
    expect(hashSeries([...pts].reverse(), { floor: 0.25 })).toBe(h);
    expect(hashSeries(pts.map((p, i) => (i === 3 ? { ...p, y: p.y + 1e-9 } : p)), { floor: 0.25 })).not.toBe(h);
    expect(hashSeries(pts, { floor: 0.2 })).not.toBe(h);
    expect(hashSeries(pts, {})).toMatch(/^[0-9a-f]{14}$/);
  });

  it('refits only changed or new series and lists stale cache entries', () => {
    const a = fitSeries({ key: 'bench/a/date', points: pts, options: { floor: 0.25 } });
    const b = fitSeries({ key: 'bench/b/date', points: pts.slice(0, 10), options: { floor: 0.25 } });
    expect(a.result.status).toBe('ok');
    const cache = new Map([
      [a.key, { hash: a.hash, result: a.result }],
      [b.key, { hash: 'old', result: b.result }],
      ['bench/gone/date', { hash: 'x', result: b.result }],
    ]);
    const plan = planRefits(
      [
        { key: a.key, hash: a.hash },
        { key: b.key, hash: b.hash },
        { key: 'bench/new/date', hash: 'h' },
      ],
      cache,
    );
    expect(plan).toEqual({ refit: ['bench/b/date', 'bench/new/date'], reuse: ['bench/a/date'], stale: ['bench/gone/date'] });
    const plan2 = planRefits([{ key: a.key, hash: a.hash }], { [a.key]: { hash: a.hash } });
    expect(plan2).toEqual({ refit: [], reuse: [a.key], stale: [] });
  });
});
