import { afterEach, describe, expect, it } from 'vitest';
import type { WorkspaceInfo } from '../../../../src-main/common/domain';
import { createDispatcher } from '../../../../src-main/core/dispatch';
import { PLANTED } from '../../../../src-main/core/demo/generate';
import { createHandlers } from '../../../../src-main/core/service';
import { checkIntegrity, tempWorkspace } from '../../../helpers/workspace';

describe('workspace/loadDemo', () => {
  let ws: ReturnType<typeof tempWorkspace> | null = null;
  afterEach(() => ws?.dispose());

  it('fills an empty workspace with the demo and reports it as a demo', async () => {
    ws = tempWorkspace();
    const w = ws;
    const call = createDispatcher(createHandlers(() => w));
    const env = await call('workspace/loadDemo', {});
    expect(env.ok).toBe(true);
    if (!env.ok) return;
    const info = env.value as WorkspaceInfo;
    expect(info.isDemo).toBe(true);
    expect(info.name).toBe('Synthetic demo workspace');
    expect(info.counts.models).toBeGreaterThanOrEqual(60);
    expect(info.counts.benchmarks).toBeGreaterThanOrEqual(15);
    expect(info.counts.results).toBeGreaterThanOrEqual(2000);
    expect(PLANTED.length).toBeGreaterThan(0);
    expect(checkIntegrity(w.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('refuses with conflict when the workspace is not empty, and writes nothing', async () => {
    ws = tempWorkspace();
    const w = ws;
    const call = createDispatcher(createHandlers(() => w));
    const added = await call('models/upsert', { name: 'my-own-model' });
    expect(added.ok).toBe(true);
    const env = await call('workspace/loadDemo', {});
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('conflict');
    const counts = w.db.prepare('SELECT (SELECT count(*) FROM models) m, (SELECT count(*) FROM results) r').get();
    expect(counts).toEqual({ m: 1, r: 0 });
  });

  it('refuses a second load into a demo workspace', async () => {
    ws = tempWorkspace();
    const w = ws;
    const call = createDispatcher(createHandlers(() => w));
    expect((await call('workspace/loadDemo', {})).ok).toBe(true);
    const again = await call('workspace/loadDemo', {});
    expect(again.ok ? null : again.error.code).toBe('conflict');
  });
});
