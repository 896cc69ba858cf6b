import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../src-main/cli/main';
import { sharedData } from '../../../helpers/sharedData';
import { tempWorkspace } from '../../../helpers/workspace';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), readFile: () => '' },
  };
}

describe('headroom import', () => {
  it('ends a folder import that stored some files and refused others with a summary naming which is which, and exits 1', async () => {
    const ws = tempWorkspace();
    ws.db.close();
    try {
      const t = io();
      const folder = sharedData('tool_outputs', 'lm_eval');
      expect(await main(['import', folder, '--db', ws.path], t.io)).toBe(1);
      const summary = t.out.stdout.slice(t.out.stdout.indexOf('headroom import: '));
      expect(summary).toMatch(/^headroom import: \d+ of 15 files imported, \d+ skipped \(not a table Headroom can read\), \d+ refused \(nothing was written from a refused file\)\n/);
      expect(summary).toMatch(/\n {2}imported {2}lm_eval\/h_steer_pythia\.json\n/);
      expect(summary).toMatch(/\n {2}refused {3}lm_eval\/boolq-v1-res\.json: .*does not name its model.*--set model=NAME/);
      expect(path.basename(folder)).toBe('lm_eval');
    } finally {
      ws.dispose();
    }
  });

  it("imports Epoch AI's whole folder with no options: the one file that is not a table of results, models or benchmarks is skipped and listed, and it exits 0", async () => {
    const ws = tempWorkspace();
    ws.db.close();
    try {
      const t = io();
      expect(await main(['import', sharedData('epoch_benchmark_stitching'), '--db', ws.path], t.io)).toBe(0);
      const summary = t.out.stdout.slice(t.out.stdout.indexOf('headroom import: '));
      expect(summary).toMatch(/^headroom import: 40 of 41 files imported, 1 skipped \(not a table Headroom can read\), 0 refused\n/);
      expect(summary).toMatch(/\n {2}skipped {3}epoch_benchmark_stitching\/distilled_models\.csv: cannot tell which table/);
      expect(t.out.stderr).toBe('');
    } finally {
      ws.dispose();
    }
  }, 120_000);

  it('prints no summary for a single file', async () => {
    const ws = tempWorkspace();
    ws.db.close();
    try {
      const t = io();
      expect(await main(['import', sharedData('tool_outputs', 'lm_eval', 'h_steer_pythia.json'), '--db', ws.path], t.io)).toBe(0);
      expect(t.out.stdout).not.toMatch(/files imported/);
    } finally {
      ws.dispose();
    }
  });
});
