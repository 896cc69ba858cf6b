/** Inspect AI, HELM and OpenCompass, from fixtures written to their published formats (see test/fixtures/importers/README.md). */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshot } from '../../../helpers/workspace';
import { evalArchive, FIXTURES, read, setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

const HELM_RUN = 'mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2';
const helmFile = (f: string) => path.join(FIXTURES, 'helm', HELM_RUN, f);
const result = () =>
  t.one(`SELECT m.name AS model, b.name AS benchmark, s.name AS subtask, r.score, r.stderr, r.n, r.shots, r.test_time_compute AS ttc, r.evaluated_on, r.source_place
    FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id`);

describe('Inspect AI logs', () => {
  it('reads a JSON EvalLog: task, model without provider, accuracy with its stderr, completed samples', async () => {
    const s = await t.apply('2025-03-04_gpqa.json', read(path.join(FIXTURES, 'inspect', 'eval-log.json')));
    expect(s).toMatchObject({ format: 'inspect', add: 1, reject: 0 });
    expect(result()).toEqual({
      model: 'gpt-4o-2024-08-06', benchmark: 'GPQA Diamond', subtask: null, score: 0.5151515151515151, stderr: 0.03560960046091282, n: 198, shots: null, ttc: null,
      evaluated_on: '2025-03-04', source_place: 'results.scores[0].metrics.accuracy.value',
    });
  });

  it('reads an .eval archive sent as base64: header.json results, the reasoning budget as test-time compute', async () => {
    const content = evalArchive('eval-archive', ['header.json', 'summaries.json', 'reductions.json', '_journal/start.json']);
    const s = await t.apply('2025-03-04_mmlu-pro.eval', content, { encoding: 'base64' });
    expect(s).toMatchObject({ format: 'inspect', add: 1 });
    expect(result()).toMatchObject({ model: 'claude-3-7-sonnet-20250219', benchmark: 'MMLU-Pro', score: 0.6666666666666666, n: 3, ttc: 16000, source_place: 'header.json: results.scores[0].metrics.accuracy.value' });
    expect(t.one('SELECT i.file_name, length(i.content_hash) AS h, i.format FROM imports i')).toEqual({ file_name: '2025-03-04_mmlu-pro.eval', h: 64, format: 'inspect' });
  });

  it('refuses an archive of a run that has not finished, and a truncated archive, leaving the workspace unchanged', async () => {
    const before = snapshot(t.ws.db);
    const unfinished = await t.raw('run.eval', evalArchive('eval-unfinished', ['_journal/start.json']), { encoding: 'base64' });
    expect(unfinished).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/^run\.eval: the evaluation has not finished/) } });
    const full = Buffer.from(evalArchive('eval-archive', ['header.json', 'summaries.json']), 'base64');
    const truncated = await t.raw('cut.eval', full.subarray(0, Math.floor(full.length * 0.6)).toString('base64'), { encoding: 'base64' });
    expect(truncated).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/^cut\.eval: the \.eval archive cannot be read .*truncated or damaged/) } });
    const asText = await t.raw('x.eval', 'PK garbage');
    expect(asText).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/must be sent as bytes/) } });
    expect(snapshot(t.ws.db)).toEqual(before);
  });
});

describe('HELM run outputs', () => {
  it('reads stats.json with its run spec: scenario args as subtask, max_train_instances as shots, test split without perturbation', async () => {
    const s = await t.apply(`${HELM_RUN}/stats.json`, read(helmFile('stats.json')), {
      companions: [{ fileName: `${HELM_RUN}/run_spec.json`, content: read(helmFile('run_spec.json')) }],
    });
    expect(s).toMatchObject({ format: 'helm', add: 1 });
    // n is the num_instances stat; a Stat's count is the number of trials and its stddev their spread: no stderr.
    expect(result()).toMatchObject({ model: 'gpt2', benchmark: 'mmlu', subtask: 'anatomy', score: 0.3, stderr: null, n: 10, shots: 5 });
  });

  it('takes the model and scenario from the run folder name when run_spec.json is not sent', async () => {
    await t.apply(`${HELM_RUN}/stats.json`, read(helmFile('stats.json')));
    expect(result()).toMatchObject({ model: 'gpt2', benchmark: 'mmlu', subtask: 'anatomy', score: 0.3 });
  });

  it('refuses a stats.json that cannot name its model, and a run spec on its own', async () => {
    const before = snapshot(t.ws.db);
    expect(await t.raw('stats.json', read(helmFile('stats.json')))).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/^stats\.json: a HELM stats\.json does not name its model/) } });
    expect(await t.raw('run_spec.json', read(helmFile('run_spec.json')))).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/run spec holds no scores/) } });
    expect(snapshot(t.ws.db)).toEqual(before);
  });
});

describe('OpenCompass summary CSV', () => {
  it('reads one result per dataset and model, in percent, skipping "-" cells and datasets without results', async () => {
    const f = 'summary_20240521_101500.csv';
    const p = await t.preview(f, read(path.join(FIXTURES, 'opencompass', f)));
    expect(p.format).toBe('opencompass');
    expect(p.warnings).toContain('line 4: dataset ceval has no results (every cell is "-"); skipped.');
    const s = await t.apply(f, read(path.join(FIXTURES, 'opencompass', f)));
    expect(s).toMatchObject({ add: 7, reject: 0 });
    expect(t.one(`SELECT r.score, b.unit, b.metric FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id
      WHERE m.name = 'qwen1.5-7b-hf' AND b.name = 'humaneval'`)).toEqual({ score: 36.59, unit: 'percent', metric: 'humaneval_pass@1' });
  });

  it('rejects a cell that is not a number, naming line and model column', async () => {
    const s = await t.apply('summary.csv', 'dataset,version,metric,mode,m1\nmmlu,4d595a,accuracy,gen,oops\n');
    expect(s.rejected).toEqual([{ line: 2, column: 'm1', reason: '"oops" is not a number', value: 'oops', place: 'row mmlu, column m1' }]);
  });
});
