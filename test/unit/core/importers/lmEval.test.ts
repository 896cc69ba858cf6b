import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedData } from '../../../helpers/sharedData';
import { snapshot } from '../../../helpers/workspace';
import { read, setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

const lm = (f: string) => sharedData('lm_eval_harness_format', f);
const pythia = (f: string) => sharedData('pythia_lm_eval_json', f);

describe('lm-evaluation-harness results', () => {
  it('reads a v0.4 file: metric keys with filters, stderr, n-shot, n-samples and the model from config', async () => {
    const f = 'v0.4_results_2025-01-21T00-40-03.356274__gemma-2-2b_steered_mmlu_abstract_algebra.json';
    const p = await t.preview(f, read(lm(f)));
    expect(p.format).toBe('lm-eval');
    expect(p.counts).toEqual({ add: 1, update: 0, unchanged: 0, reject: 0 });
    await t.apply(f, read(lm(f)));
    expect(t.rows(`SELECT m.name AS model, b.name AS benchmark, s.name AS subtask, r.score, r.stderr, r.n, r.shots, r.source_kind, r.evaluated_on, r.source_place
      FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id`)).toEqual([
      {
        model: 'sae_steered_beta (google/gemma-2-2b)',
        benchmark: 'MMLU',
        subtask: 'abstract_algebra',
        score: 0.34,
        stderr: 0.047609522856952344,
        n: 100,
        shots: 0,
        source_kind: 'own-run',
        evaluated_on: '2025-01-21',
        source_place: 'results.mmlu_abstract_algebra["acc,none"]',
      },
    ]);
  });

  it('treats the stderr string "N/A" as no stderr and groups tasks under their group', async () => {
    const f = 'v0.4_cpu_group_regression_expected.json';
    await t.apply(f, read(lm(f)), { constants: { model: 'tiny' } });
    expect(t.rows(`SELECT b.name AS benchmark, s.name AS subtask, r.score, r.stderr, r.n FROM results r
      JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id ORDER BY s.name`)).toEqual([
      { benchmark: 'regression_arc', subtask: null, score: 0.15, stderr: null, n: 20 },
      { benchmark: 'regression_arc', subtask: 'arc_challenge', score: 0, stderr: null, n: 10 },
      { benchmark: 'regression_arc', subtask: 'arc_easy', score: 0.3, stderr: null, n: 10 },
    ]);
  });

  it('warns that a --limit run covers only part of each task', async () => {
    const f = 'v0.4_cpu_regression_expected.json';
    const p = await t.preview(f, read(lm(f)), { constants: { model: 'tiny' } });
    expect(p.warnings.some((w) => /arc_easy: evaluated on 10 of 2376 items/.test(w))).toBe(true);
  });

  it('stores perplexity-only tasks as points where lower is better', async () => {
    const f = 'v0.4_cpu_regression_expected.json';
    await t.apply(f, read(lm(f)), { constants: { model: 'tiny' } });
    expect(t.one("SELECT unit, higher_is_better, metric FROM benchmarks WHERE name = 'wikitext'")).toEqual({ unit: 'points', higher_is_better: 0, metric: 'bits_per_byte' });
    expect(t.one("SELECT unit, higher_is_better FROM benchmarks WHERE name = 'ARC-Easy'")).toEqual({ unit: 'fraction', higher_is_better: 1 });
  });

  it('reads the old flat format ("acc", "acc_stderr") and takes another metric when asked', async () => {
    const f = 'v0.3style_arc_challenge-v2.0-res.json';
    await t.apply(f, read(lm(f)), { constants: { model: 'm', metric: 'acc_norm' } });
    expect(t.one('SELECT score, stderr FROM results')).toEqual({ score: 0.28242320819112626, stderr: 0.01315545688409722 });
  });

  it('refuses a file that names no model, naming the file, and leaves the workspace unchanged', async () => {
    const f = 'v0.3style_lambada_openai-v2.0-res.json';
    const before = snapshot(t.ws.db);
    const env = await t.raw(f, read(lm(f)));
    expect(env).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/v0\.3style_lambada.*does not name its model.*--set model/) } });
    expect(snapshot(t.ws.db)).toEqual(before);
  });

  it('imports every Pythia, OPT and BLOOM file with the model from model_args and the shots from config', async () => {
    const files = readdirSync(sharedData('pythia_lm_eval_json')).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(6);
    for (const f of files) {
      const s = await t.apply(f, read(pythia(f)));
      expect(s.reject).toBe(0);
      expect(s.add).toBeGreaterThan(60);
    }
    const models = t.rows('SELECT name FROM models ORDER BY name').map((r) => r.name);
    expect(models).toEqual(['bloom-560m', 'opt-125m', 'pythia-v1.1-1.4b@step143000', 'pythia-v1.1-12b@step143000', 'pythia-v1.1-70m@step143000']);
    // hendrycksTest-* tasks are MMLU subjects; five-shot and zero-shot runs of one model stay apart by setting.
    expect(t.one(`SELECT count(DISTINCT r.shots) AS c FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id
      WHERE m.name = 'pythia-v1.1-1.4b@step143000' AND b.name = 'MMLU'`)).toEqual({ c: 2 });
    expect(t.one("SELECT count(*) AS c FROM subtasks s JOIN benchmarks b ON b.id = s.benchmark_id WHERE b.name = 'MMLU'")).toEqual({ c: 57 });
    expect(t.one("SELECT r.notes FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'pythia-v1.1-70m@step143000' LIMIT 1")?.notes).toMatch(/revision step143000/);
  });

  it('counts items from per-sample files sent with the results', async () => {
    const content = JSON.stringify({ results: { toy: { 'acc,none': 0.5, 'acc_stderr,none': 0.1, alias: 'toy' } }, 'n-shot': { toy: 0 }, config: { model: 'hf', model_args: 'pretrained=org/toy-1b' } });
    const samples = ['{"doc_id":0}', '{"doc_id":1}', '{"doc_id":2}', '{"doc_id":3}'].join('\n');
    await t.apply('out/results_2025-01-01T00-00-00.json', content, { companions: [{ fileName: 'out/samples_toy_2025-01-01T00-00-00.jsonl', content: samples }] });
    expect(t.one('SELECT n FROM results')).toEqual({ n: 4 });
  });

  it('refuses a truncated results file with the line where it breaks', async () => {
    const f = 'v0.4_cpu_regression_expected.json';
    const text = read(lm(f));
    const before = snapshot(t.ws.db);
    const env = await t.raw(f, text.slice(0, Math.floor(text.length / 2)));
    expect(env).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/v0\.4_cpu_regression_expected\.json, line \d+: not valid JSON \(the file ends in the middle/) } });
    expect(snapshot(t.ws.db)).toEqual(before);
    expect(path.basename(f)).toBe(f);
  });
});

/** The harness's own output files (../shared/data/tool_outputs/lm_eval, see its SOURCE.txt). */
const real = (f: string) => sharedData('tool_outputs', 'lm_eval', f);
const stored = () =>
  t.rows(`SELECT m.name AS model, b.name AS benchmark, s.name AS subtask, r.score, r.stderr, r.n, r.shots FROM results r
    JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id ORDER BY b.name, s.name`);

describe('lm-evaluation-harness output files from its own repository', () => {
  it('takes the model from model_args given as a dict (newer harness versions), not the backend name', async () => {
    const f = 'h_allres_2025.json';
    await t.apply(f, read(real(f)));
    // config.model is "vllm"; model_args.pretrained is a local checkpoint folder.
    expect(t.rows('SELECT name FROM models')).toEqual([{ name: 'nl2foam_sft_0__8__1765350318' }]);
  });

  it('refuses a file whose model_args are empty instead of storing the backend ("hf") as the model', async () => {
    const f = 'h_v03_cb.json';
    const before = snapshot(t.ws.db);
    const env = await t.raw(f, read(real(f)));
    expect(env).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/^h_v03_cb\.json: .*"hf" is the harness's model backend.*--set model=NAME/) },
    });
    expect(snapshot(t.ws.db)).toEqual(before);
  });

  it('imports a --limit run (limit 2.0: two examples) with a warning, and n from the limit', async () => {
    const f = 'h_v03_cb.json';
    const p = await t.preview(f, read(real(f)), { constants: { model: 'some-model' } });
    expect(p.warnings.some((w) => /cb: a --limit run \(limit 2\): evaluated on at most 2 items/.test(w))).toBe(true);
    await t.apply(f, read(real(f)), { constants: { model: 'some-model' } });
    expect(stored()).toEqual([{ model: 'some-model', benchmark: 'cb', subtask: null, score: 0.5, stderr: 0.5, n: 2, shots: 4 }]);
    // Marked in provenance, so that fits leave it out.
    expect(t.one('SELECT partial FROM results')).toEqual({ partial: '--limit 2: at most 2 items' });
  });

  it('marks the tasks of a run with n-samples effective < original as partial, and a complete run as not', async () => {
    await t.apply('v0.4_cpu_regression_expected.json', read(lm('v0.4_cpu_regression_expected.json')), { constants: { model: 'tiny' } });
    expect(t.rows("SELECT b.name AS task, r.partial FROM results r JOIN benchmarks b ON b.id = r.benchmark_id WHERE b.name = 'ARC-Easy'")).toEqual([
      { task: 'ARC-Easy', partial: '--limit: 10 of 2376 items' },
    ]);
    await t.apply('h_steer_pythia.json', read(real('h_steer_pythia.json')));
    expect(t.rows("SELECT DISTINCT r.partial FROM results r JOIN benchmarks b ON b.id = r.benchmark_id WHERE b.name = 'steer'")).toEqual([{ partial: null }]);
  });

  it('names the second filter of a task (gsm8k flexible-extract) among the metrics it did not keep', async () => {
    const f = 'h_gsm8k_llama3-8b.json';
    const p = await t.preview(f, read(real(f)));
    expect(p.warnings.some((w) => w.includes('gsm8k_cot_llama (exact_match,flexible-extract)'))).toBe(true);
  });

  it('refuses the leaderboard test expectation file, which is not a results file, saying what it is', async () => {
    const f = 'h_leaderboard_phi3_chat.json';
    const env = await t.raw(f, read(real(f)));
    expect(env).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/^h_leaderboard_phi3_chat\.json: not a results file.*results\.leaderboard_bbh holds tasks, not metrics/) },
    });
  });
});


describe('lm-evaluation-harness checkpoints', () => {
  it('names a checkpoint of a training run as a model of its own, <model>@<revision>, and the default revision plainly', async () => {
    const t = setup();
    try {
      const f = sharedData('pythia_lm_eval_json', 'pythia-v1__pythia-70m__zero-shot__70m_step143000.json');
      await t.apply(path.basename(f), readFileSync(f, 'utf8'));
      expect(t.rows('SELECT DISTINCT m.name FROM results r JOIN models m ON m.id = r.model_id')).toEqual([{ name: 'pythia-v1.1-70m@step143000' }]);
      const doc = JSON.parse(readFileSync(f, 'utf8')) as { config: { model_args: string } };
      doc.config.model_args = 'pretrained=EleutherAI/pythia-v1.1-70m,revision=main';
      await t.apply('main.json', JSON.stringify(doc));
      expect(t.rows('SELECT name FROM models ORDER BY name').map((r) => r.name)).toEqual(['pythia-v1.1-70m', 'pythia-v1.1-70m@step143000']);
    } finally {
      t.ws.dispose();
    }
  });
});
