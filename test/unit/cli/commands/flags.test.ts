import { describe, expect, it } from 'vitest';
import { runFlagsCommand } from '../../../../src-main/cli/commands/flags';
import { main } from '../../../../src-main/cli/main';
import { closeWorkspace } from '../../../../src-main/core/workspace';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), readFile: () => '' },
  };
}

async function workspaceWithConflict(): Promise<{ file: string; dispose: () => void }> {
  const ws = tempWorkspace();
  const api = apiFor(ws);
  await api.call('benchmarks/upsert', { name: 'GSM8K', unit: 'percent', itemCount: 1319 });
  await api.call('results/upsertMany', {
    createMissing: true,
    rows: [
      { model: 'Baichuan 2 13B', benchmark: 'GSM8K', score: 52.8, shots: 4, source: 'Baichuan 2 paper' },
      { model: 'Baichuan 2 13B', benchmark: 'GSM8K', score: 22.1, source: 'Yi paper' },
      { model: 'other', benchmark: 'GSM8K', score: 130, source: 'typo' },
    ],
  });
  closeWorkspace(ws);
  return { file: ws.path, dispose: () => ws.dispose() };
}

describe('headroom flags', () => {
  it('recomputes and prints every flag with its rule, severity, place, message and evidence', async () => {
    const w = await workspaceWithConflict();
    const t = io();
    expect(await runFlagsCommand(['--db', w.file], t.io)).toBe(0);
    expect(t.out.stdout).toMatch(/\[medium\] conflicting-reports {2}Baichuan 2 13B \/ GSM8K/);
    expect(t.out.stdout).toMatch(/evidence: 52\.8 ± 1\.37\d* \(binomial\) \[Baichuan 2 paper, 4-shot\]; 22\.1 ± 1\.14\d* \(binomial\) \[Yi paper\]/);
    expect(t.out.stdout).toMatch(/note: The settings differ only where one source does not state them/);
    expect(t.out.stdout).toMatch(/\[high\] impossible-value {2}other \/ GSM8K/);
    expect(t.out.stdout).toMatch(/2 flags shown \(high 1, medium 1, low 0\)/);
    w.dispose();
  });

  it('filters by rule and minimum severity and prints JSON', async () => {
    const w = await workspaceWithConflict();
    const t = io();
    expect(await main(['flags', '--db', w.file, '--min-severity', 'high', '--json'], t.io)).toBe(0);
    const parsed = JSON.parse(t.out.stdout) as { flags: { rule: string }[]; summary: { raised: number } };
    expect(parsed.flags.map((f) => f.rule)).toEqual(['impossible-value']);
    expect(parsed.summary.raised).toBe(2);
    const t2 = io();
    expect(await main(['flags', '--db', w.file, '--rule', 'conflicting-reports', '--no-recompute'], t2.io)).toBe(0);
    expect(t2.out.stdout).toMatch(/1 flag shown/);
    w.dispose();
  });

  it('refuses unknown rules, severities and missing workspaces with a usage error', async () => {
    const t = io();
    expect(await main(['flags', '--rule', 'nonsense'], t.io)).toBe(2);
    expect(t.out.stderr).toMatch(/--rule must be one of/);
    expect(await main(['flags', '--min-severity', 'extreme'], t.io)).toBe(2);
    expect(await main(['flags', '--db', '/nonexistent/x.db'], t.io)).toBe(2);
    expect(t.out.stderr).toMatch(/no such workspace/);
  });
});
