import { beforeAll, describe, expect, it } from 'vitest';
import type { CapabilityReport } from '../../../../src-main/common/flags';
import { capabilityIndex } from '../../../../src-main/core/capability/workspace';
import { writeDemo } from '../../../../src-main/core/demo/generate';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

describe('the capability model over a workspace', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let api: ReturnType<typeof apiFor>;
  let report: CapabilityReport;

  beforeAll(async () => {
    ws = tempWorkspace();
    ws.db.transaction(() => writeDemo(ws.db))();
    api = apiFor(ws);
    report = await api.call('capability/fit', {});
    return () => ws.dispose();
  });

  it('fits every demo model and benchmark (and subtask) and orders models by the hidden truth', () => {
    expect(report.converged).toBe(true);
    expect(report.models.length).toBeGreaterThanOrEqual(60);
    expect(report.items.length).toBeGreaterThan(50);
    const theta = (name: string) => report.models.find((m) => m.model === name)!.theta;
    // Within a family, each release is more capable than the one before.
    expect(theta('nimbus-1')).toBeLessThan(theta('nimbus-3'));
    expect(theta('nimbus-3')).toBeLessThan(theta('nimbus-5'));
    expect(theta('tess-small-1')).toBeLessThan(theta('tess-small-4'));
    for (const m of report.models) expect(m.se).toBeGreaterThan(0);
    for (const i of report.items) expect(i.slope).toBeGreaterThan(0);
    // Easier subtasks get lower difficulty.
    const d = (sub: string) => report.items.find((i) => i.subtask === sub)!.difficulty;
    expect(d('numeric comparison')).toBeLessThan(d('long division'));
    expect(d('8k tokens')).toBeLessThan(d('1M tokens'));
  });

  it('serves θ as a fitting axis: capabilityIndex and fits/series on the capability axis', async () => {
    const idx = capabilityIndex(ws.db);
    expect(idx.size).toBe(report.models.length);
    const bench = (await api.call('benchmarks/list', {})).find((b) => b.name === 'GradeMath')!;
    const fit = await api.call('fits/series', { benchmarkId: bench.id, axis: 'capability', resamples: 0 });
    expect(fit.axis).toBe('capability');
    expect(fit.points.length).toBeGreaterThan(20);
    for (const p of fit.points) expect(p.x).toBeCloseTo(idx.get(p.modelId)!.theta, 10);
    expect(fit.fit.status).toBe('ok');
  });
});
