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
  it('ignores case, spacing and punctuation in the compact key, but not a decimal point between digits', () => {
    expect(compactKey('LLaMA-2 7B     ')).toBe(compactKey('Llama 2 (7B)'));
    expect(compactKey('GPT-4o')).toBe('gpt4o');
    // facebook/opt-13b was once merged into facebook/opt-1.3b.
    expect(compactKey('opt-1.3b')).not.toBe(compactKey('opt-13b'));
    expect(compactKey('pythia-1.4b')).toBe(compactKey('Pythia 1.4B'));
  });

  it('removes date snapshots written -2024-05-13, _20240513 or -20241022', () => {
    expect(stripDateSuffix('gpt-4o-2024-05-13')).toBe('gpt-4o');
    expect(stripDateSuffix('gpt-4o_20240513')).toBe('gpt-4o');
    expect(stripDateSuffix('claude-3-5-sonnet-20241022')).toBe('claude-3-5-sonnet');
    expect(stripDateSuffix('gpt-4-0314')).toBe('gpt-4-0314');
  });

  it('turns reasoning-effort and token-budget suffixes into settings by the documented API conventions only', () => {
    expect(splitSettingSuffix('o3-2025-04-16_high')).toEqual({ base: 'o3-2025-04-16', effort: 'high', testTimeCompute: null });
    expect(splitSettingSuffix('claude-3-7-sonnet-20250219_32K')).toEqual({ base: 'claude-3-7-sonnet-20250219', effort: null, testTimeCompute: 32000 });
    expect(splitSettingSuffix('gemini-2.5-flash-preview-09-2025_16k')).toMatchObject({ base: 'gemini-2.5-flash-preview-09-2025', testTimeCompute: 16000 });
    expect(splitSettingSuffix('o3-mini-high')).toEqual({ base: 'o3-mini', effort: 'high', testTimeCompute: null });
    expect(splitSettingSuffix('o4-mini-low')).toEqual({ base: 'o4-mini', effort: 'low', testTimeCompute: null });
  });

  it('keeps sizes, context lengths and model names that merely end like a setting whole', () => {
    // Each of these was once split into a model and a setting, merging different models.
    for (const name of ['gpt2-medium', 'phi-1_5_chat_32k', 'mistral-medium', 'Mistral-7B_high', 'llama-3-8b_8k', 't5-large', 'bloom_1k']) {
      expect(splitSettingSuffix(name), name).toEqual({ base: name, effort: null, testTimeCompute: null });
    }
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

  it('lists normalized and fuzzy matches as unsure with candidates, and merges none of them without a choice', async () => {
    const p = await t.preview('a.csv', 'model,benchmark,score\nLLaMA-2 7B,MMLU,45\ngpt-4o-2024-05-13,MMLU%,87\nQwen/Qwen2-72B-Instruct,MMLU,80\n');
    expect(p.unsure).toEqual([
      { kind: 'model', name: 'LLaMA-2 7B', candidates: [{ id: 2, name: 'Llama 2 (7B)', score: 1 }], suggestion: 'create', reason: expect.stringMatching(/case, spacing or punctuation/) },
      { kind: 'model', name: 'gpt-4o-2024-05-13', candidates: [{ id: 1, name: 'GPT-4o', score: 0.9 }], suggestion: 'create', reason: expect.stringMatching(/dated snapshot/) },
    ]);
    expect(p.created.models).toEqual(['LLaMA-2 7B', 'gpt-4o-2024-05-13', 'Qwen/Qwen2-72B-Instruct']);
    // "MMLU%" is MMLU to the benchmark catalog: its results go to the stored MMLU, and the preview says so.
    expect(p.decisions.find((d) => d.id === 'name:benchmark:MMLU%')).toMatchObject({ kind: 'name', chosen: 'catalog', message: expect.stringMatching(/stored benchmark MMLU/) });
  });

  it('proposes the same model under another source’s spelling: a Hugging Face id, the same words in another order', async () => {
    t.ws.db.prepare("INSERT INTO models (name) VALUES ('Qwen2 Instruct (72B)'), ('opt-1.3b')").run();
    const p = await t.preview('a.csv', 'model,benchmark,score\nQwen/Qwen2-72B-Instruct,MMLU,80\nfacebook/opt-13b,MMLU,30\n');
    expect(p.unsure).toEqual([
      { kind: 'model', name: 'Qwen/Qwen2-72B-Instruct', candidates: [{ id: 3, name: 'Qwen2 Instruct (72B)', score: 0.95 }], suggestion: 'create', reason: expect.any(String) },
    ]);
    expect(p.created.models.sort()).toEqual(['Qwen/Qwen2-72B-Instruct', 'facebook/opt-13b']);
  });

  it('lists every setting read from a name suffix, and keeps the name whole when told', async () => {
    const content = 'model,benchmark,score\no3-mini-high,MMLU,86.9\ngpt2-medium,MMLU,30\n';
    const p = await t.preview('a.csv', content);
    expect(p.decisions.filter((d) => d.kind === 'suffix').map((d) => [d.subject, d.chosen])).toEqual([['o3-mini-high', 'setting']]);
    expect(p.created.models.sort()).toEqual(['gpt2-medium', 'o3-mini']);
    const whole = await t.preview('a.csv', content, { choices: { 'suffix:o3-mini-high': 'name' } });
    expect(whole.created.models.sort()).toEqual(['gpt2-medium', 'o3-mini-high']);
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
