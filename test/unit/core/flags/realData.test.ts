import { beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../../../src-main/common/flags';
import { apiFor } from '../../../helpers/api';
import { importEpochTable } from '../../../helpers/realBenchmarks';
import { tempWorkspace } from '../../../helpers/workspace';

describe('flags on real leaderboard data (Epoch benchmark tables, ../shared/data)', () => {
  let flags: Flag[] = [];

  beforeAll(async () => {
    const ws = tempWorkspace();
    const api = apiFor(ws);
    const gsm = await importEpochTable(api, 'external_benchmark_gsm8k.csv', 'GSM8K', { itemCount: 1319 });
    const mmlu = await importEpochTable(api, 'external_benchmark_mmlu.csv', 'MMLU', { floor: 25, itemCount: 14042 });
    expect(gsm.added).toBeGreaterThan(200);
    expect(mmlu.added).toBeGreaterThan(200);
    await api.call('flags/recompute', {});
    flags = await api.call('flags/list', {});
    return () => ws.dispose();
  });

  it('flags Baichuan 2 13B on GSM8K, reported at 52.8% and at 22.1% by different sources, as conflicting reports', () => {
    const f = flags.find((x) => x.rule === 'conflicting-reports' && x.benchmark === 'GSM8K' && x.model === 'Baichuan-2-13B-Base');
    expect(f, flags.map((x) => `${x.rule} ${x.model}`).join('\n')).toBeDefined();
    const involved = f!.evidence.values.filter((v) => f!.resultIds.includes(v.resultId));
    expect(involved.map((v) => v.score)).toContain(22.1);
    expect(involved.map((v) => v.score)).toContain(52.8);
    const suspect = f!.evidence.values.find((v) => v.resultId === f!.subjectResultIds[0]);
    expect(suspect?.score).toBe(22.1);
    expect(suspect?.source).toBe('http://arxiv.org/abs/2403.04652');
  });

  it('raises only conflicts on two benchmarks, where the capability model has too little breadth to expect anything', () => {
    expect(new Set(flags.map((f) => f.rule))).toEqual(new Set(['conflicting-reports']));
    expect(flags.length).toBeLessThan(30);
  });
});
