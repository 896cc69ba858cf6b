/**
 * Writing the public workspace to a file (`headroom public --db FILE`, the first run of `serve` and the desktop app),
 * over a two-file stand-in for data/public so it runs in a blink: the file appears only when complete, an existing
 * file is never touched, and a failed build leaves nothing behind.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../../src-main/core/db/open';
import { writePublicWorkspaceFile } from '../../../../src-main/core/public/build';
import { dataOrigin } from '../../../../src-main/core/public/origin';
import { apiFor } from '../../../helpers/api';
import { tempWorkspace } from '../../../helpers/workspace';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/public');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'headroom-public-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writing the public workspace to a file', () => {
  it('writes a complete workspace under the name given, with its sources and dates, and nothing else beside it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'nested', 'p.headroom');
    const summary = writePublicWorkspaceFile(file, undefined, null, FIXTURE);
    expect(summary.counts).toMatchObject({ models: 2, benchmarks: 2, results: 3 });
    expect(readdirSync(path.dirname(file))).toEqual(['p.headroom']);
    const db = openWorkspace(file);
    try {
      expect(dataOrigin(db)).toMatchObject({ kind: 'public', asOf: '2025-01-31', label: 'Public benchmark results from Tiny source, as of 2025-01-31' });
      expect(db.prepare("SELECT release_date FROM models WHERE name = 'beta-2'").pluck().get()).toBe('2024-09-15');
      // MMLU's chance floor comes from the benchmark catalog (0.25 on a fraction scale).
      expect(db.prepare("SELECT floor FROM benchmarks WHERE name = 'MMLU'").pluck().get()).toBe(0.25);
      expect(db.prepare("SELECT value FROM workspace_meta WHERE key = 'name'").pluck().get()).toBe('Public benchmark results');
    } finally {
      db.close();
    }
  });

  it('refuses a file that exists, leaving it as it was', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mine.headroom');
    writeFileSync(file, 'not a workspace');
    expect(() => writePublicWorkspaceFile(file, undefined, null, FIXTURE)).toThrow(/already exists/);
    expect(readdirSync(dir)).toEqual(['mine.headroom']);
  });

  it('leaves no file behind when a source file cannot be read', () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    cpSync(FIXTURE, data, { recursive: true });
    rmSync(path.join(data, 'tiny', 'results.csv'));
    const file = path.join(dir, 'out', 'p.headroom');
    expect(() => writePublicWorkspaceFile(file, undefined, null, data)).toThrow(/results\.csv/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it('is loaded by the API only into an empty workspace, which it leaves as it was otherwise', async () => {
    const ws = tempWorkspace();
    try {
      const api = apiFor(ws);
      await api.call('benchmarks/upsert', { name: 'Mine' });
      await expect(api.call('workspace/loadPublic', {})).rejects.toThrow(/only be loaded into an empty workspace/);
      expect((await api.call('workspace/info', {})).counts).toMatchObject({ benchmarks: 1, results: 0 });
      expect(await api.call('workspace/publicSources', {})).toMatchObject({ asOf: '2025-12-03', sources: [{ name: 'Epoch AI' }, { name: 'OpenAI simple-evals' }] });
    } finally {
      ws.dispose();
    }
  });
});
