import { describe, expect, it } from 'vitest';
import type { DataOrigin } from '../../../../src-main/common/domain';
import { originBadge } from '../../../../src-renderer/src/lib/origin';

const origin = (o: Partial<DataOrigin>): DataOrigin => ({ kind: 'empty', parts: [], label: 'x', asOf: null, sources: [], refreshedOn: null, ...o });

describe('top bar badge', () => {
  it('names made-up data whenever the demo is part of the workspace', () => {
    expect(originBadge(origin({ kind: 'demo', parts: ['demo'] }))).toMatchObject({ text: 'synthetic demo data', tone: 'warn' });
    expect(originBadge(origin({ kind: 'mixed', parts: ['demo', 'user'] }))).toMatchObject({ text: 'part synthetic demo data', tone: 'warn' });
  });

  it('dates public data, says when the user added their own, and shows nothing for own data alone', () => {
    expect(originBadge(origin({ kind: 'public', parts: ['public'], asOf: '2025-12-03' }))).toMatchObject({ text: 'public data · as of 2025-12-03', tone: 'accent' });
    expect(originBadge(origin({ kind: 'mixed', parts: ['public', 'user'], asOf: '2025-12-03' }))?.text).toBe('public data · as of 2025-12-03 + your own');
    expect(originBadge(origin({ kind: 'user', parts: ['user'] }))).toBeNull();
    expect(originBadge(origin({}))).toBeNull();
  });
});
