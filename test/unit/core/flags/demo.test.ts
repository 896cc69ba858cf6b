import { beforeAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../../../src-main/common/flags';
import { PLANTED, writeDemo, type PlantedCase } from '../../../../src-main/core/demo/generate';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

/** A flag is expected when it names the model and benchmark (and subtask, where given) of a planted case whose rule or alsoMatches is the flag's rule. */
function explains(p: PlantedCase, f: Flag): boolean {
  return f.model === p.model && f.benchmark === p.benchmark && (p.subtask === undefined || f.subtask === p.subtask) && (p.rule === f.rule || (p.alsoMatches as string[]).includes(f.rule));
}

describe('flags on the demo workspace (precision first)', () => {
  let flags: Flag[] = [];

  beforeAll(async () => {
    const ws = tempWorkspace();
    ws.db.transaction(() => writeDemo(ws.db))();
    const api = apiFor(ws);
    await api.call('flags/recompute', {});
    flags = await api.call('flags/list', {});
    return () => ws.dispose();
  });

  it('finds every planted inconsistency with its own rule', () => {
    const missed = PLANTED.filter((p) => !flags.some((f) => f.rule === p.rule && explains(p, f))).map((p) => `${p.rule} ${p.model} ${p.benchmark} ${p.subtask ?? ''}`);
    expect(missed).toEqual([]);
  });

  it('finds the 9.11-vs-9.8 failure and the 52.8 / 22.1 conflict with high severity', () => {
    const nine = flags.find((f) => f.rule === 'surprising-failure' && f.subtask === 'numeric comparison');
    expect(nine?.severity).toBe('high');
    expect(nine?.evidence.expected).toBeGreaterThan(95);
    expect(nine?.evidence.modelScores?.length).toBeGreaterThan(5);
    const conflict = flags.find((f) => f.rule === 'conflicting-reports' && f.model === 'gale-3');
    expect(conflict?.severity).toBe('high');
    expect(conflict?.evidence.values.filter((v) => conflict.resultIds.includes(v.resultId)).map((v) => v.score).sort()).toEqual([22.1, 52.8]);
  });

  it('raises no high-severity flag that no planted case explains', () => {
    const unexplained = flags.filter((f) => f.severity === 'high' && !PLANTED.some((p) => explains(p, f)));
    expect(unexplained.map((f) => `${f.rule} ${f.model} ${f.benchmark} ${f.subtask ?? ''}: ${f.message}`)).toEqual([]);
  });

  it('raises no medium- or low-severity flag that no planted case explains either', () => {
    const unexplained = flags.filter((f) => !PLANTED.some((p) => explains(p, f)));
    expect(unexplained.map((f) => `${f.severity} ${f.rule} ${f.model} ${f.benchmark} ${f.subtask ?? ''}: ${f.message}`)).toEqual([]);
  });
});
