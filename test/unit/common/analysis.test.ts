import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSafe } from '../../../src-main/common/analysis';

const viaText = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x)));

/** Plain data with the values JSON treats specially mixed in: non-finite numbers, undefined, Dates, -0. */
const messy = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.double(),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, undefined, null, true, false),
    fc.string(),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('jsonSafe', () => {
  it('gives the same value as a JSON round trip with non-finite numbers as null', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), messy, { maxKeys: 6 }), (v) => {
        expect(jsonSafe(v)).toStrictEqual(viaText(v));
      }),
      { numRuns: 500 },
    );
  });

  it('turns NaN and infinities into null and drops undefined members', () => {
    expect(jsonSafe({ a: Number.NaN, b: [Infinity, undefined, 1], c: undefined, d: { e: -Infinity } })).toStrictEqual({ a: null, b: [null, null, 1], d: { e: null } });
  });

  it('does not share structure with its input', () => {
    const input = { points: [{ x: 1 }] };
    const out = jsonSafe(input);
    out.points[0]!.x = 2;
    expect(input.points[0]!.x).toBe(1);
  });
});
