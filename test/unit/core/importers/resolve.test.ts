import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compactKey, splitSettingSuffix, stripDateSuffix } from '../../../../src-main/core/importers/resolve';
import { snapshot } from '../../../helpers/workspace';
import { setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

describe('name normalization', () => {
  it('ignores case, spacing and punctuation in the compact key', () => {
    expect(compactKey('LLaMA-2 7B     ')).toBe(compactKey('Llama 2 (7B)'));
    expect(compactKey('GPT-4o')).toBe('gpt4o');
  });

  it('removes date snapshots written -2024-05-13, _20240513 or -20241022', () => {
    expect(stripDateSuffix('gpt-4o-2024-05-13')).toBe('gpt-4o');
    expect(stripDateSuffix('gpt-4o_20240513')).toBe('gpt-4o');
    expect(stripDateSuffix('claude-3-5-sonnet-20241022')).toBe('claude-3-5-sonnet');
    expect(stripDateSuffix('gpt-4-0314')).toBe('gpt-4-0314');
  });

  it('turns reasoning-effort and token-budget suffixes into settings', () => {
    const none = () => false;
    expect(splitSettingSuffix('o3-2025-04-16_high', none)).toEqual({ base: 'o3-2025-04-16', effort: 'high', testTimeCompute: null });
    expect(splitSettingSuffix('claude-3-7-sonnet-20250219_32K', none)).toEqual({ base: 'claude-3-7-sonnet-20250219', effort: null, testTimeCompute: 32000 });
    // A hyphen suffix is a setting only when the base is a known model: "mistral-medium" alone is a model name.
    expect(splitSettingSuffix('o3-mini-high', (b) => b === 'o3-mini')).toEqual({ base: 'o3-mini', effort: 'high', testTimeCompute: null });
    expect(splitSettingSuffix('mistral-medium', none)).toEqual({ base: 'mistral-medium', effort: null, testTimeCompute: null });
  });
});

describe('name resolution in imports', () => {
  beforeEach(() => {
    t.ws.db.prepare("INSERT INTO models (name) VALUES ('GPT-4o'), ('Llama 2 (7B)')").run();
    t.ws.db.prepare("INSERT INTO model_aliases (alias, model_id) VALUES ('gpt4-omni', 1)").run();
    t.ws.db.prepare("INSERT INTO benchmarks (name, unit) VALUES ('MMLU', 'percent')").run();
  });

  it('matches exact names and aliases silently, whatever the case and trailing spaces', async () => {
    const p = await t.preview('a.csv', 'model,benchmark,score\ngpt-4o  ,mmlu,80\nGPT4-OMNI,MMLU ,81\n');
    expect(p.unsure).toEqual([]);
    expect(p.created.models).toEqual([]);
    expect(p.created.benchmarks).toEqual([]);
  });

  it('lists normalized and fuzzy matches as unsure with candidates, merging same-letter spellings by default', async () => {
    const p = await t.preview('a.csv', 'model,benchmark,score\nLLaMA-2 7B,MMLU,45\ngpt-4o-2024-05-13,MMLU%,87\n');
    expect(p.unsure).toEqual([
      { kind: 'model', name: 'LLaMA-2 7B', candidates: [{ id: 2, name: 'Llama 2 (7B)', score: 1 }], suggestion: 'merge', reason: expect.stringMatching(/case, spacing or punctuation/) },
      { kind: 'model', name: 'gpt-4o-2024-05-13', candidates: [{ id: 1, name: 'GPT-4o', score: 0.9 }], suggestion: 'create', reason: expect.stringMatching(/dated snapshot/) },
      { kind: 'benchmark', name: 'MMLU%', candidates: [{ id: 1, name: 'MMLU', score: 1 }], suggestion: 'merge', reason: expect.any(String) },
    ]);
    expect(p.created.models).toEqual(['gpt-4o-2024-05-13']);
  });

  it('follows the choices made in the preview and remembers merges as aliases', async () => {
    const resolutions = {
      'model:LLaMA-2 7B': { action: 'create' as const },
      'model:gpt-4o-2024-05-13': { action: 'merge' as const, targetId: 1 },
      'benchmark:MMLU%': { action: 'skip' as const },
    };
    const s = await t.apply('a.csv', 'model,benchmark,score\nLLaMA-2 7B,MMLU,45\ngpt-4o-2024-05-13,MMLU,87\nGPT-4o,MMLU%,88\n', { resolutions });
    expect(s).toMatchObject({ add: 2, reject: 1, aliasesAdded: 1 });
    expect(s.rejected[0]).toMatchObject({ line: 4, column: 'benchmark', reason: expect.stringMatching(/skipped: you chose to skip it/) });
    expect(t.rows('SELECT name FROM models ORDER BY id').map((r) => r.name)).toEqual(['GPT-4o', 'Llama 2 (7B)', 'LLaMA-2 7B']);
    expect(t.one("SELECT model_id FROM model_aliases WHERE alias = 'gpt-4o-2024-05-13'")).toEqual({ model_id: 1 });
    // Next time the dated name is an exact (alias) hit: nothing to ask.
    const again = await t.preview('b.csv', 'model,benchmark,score\ngpt-4o-2024-05-13,MMLU,87.5\n');
    expect(again.unsure).toEqual([]);
  });

  it('does not remember anything from a preview', async () => {
    const before = snapshot(t.ws.db);
    await t.preview('a.csv', 'model,benchmark,score\nLLaMA-2 7B,MMLU,45\n');
    expect(snapshot(t.ws.db)).toEqual(before);
  });

  it('never treats models with different numbers as close spellings', async () => {
    const p = await t.preview('a.csv', 'model,benchmark,score\nLlama 2 (13B),MMLU,55\n');
    expect(p.unsure).toEqual([]);
  });
});
