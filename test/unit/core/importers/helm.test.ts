/** HELM run folders from stanford-crfm/helm's published outputs (../shared/data/tool_outputs/helm, see its SOURCE.txt). */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedData } from '../../../helpers/sharedData';
import { read, setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

const BBQ = 'bbq:subject=all,method=multiple_choice_joint,model=anthropic_claude-3-5-sonnet-20240620';
const runFile = (run: string, f: string) => sharedData('tool_outputs', 'helm', run, f);
/** A run folder as `headroom import FOLDER` sends it: stats.json with its run_spec.json. */
const importRun = (run: string) =>
  t.apply(`${run}/stats.json`, read(runFile(run, 'stats.json')), { companions: [{ fileName: `${run}/run_spec.json`, content: read(runFile(run, 'run_spec.json')) }] });
const results = () =>
  t.rows(`SELECT m.name AS model, b.name AS benchmark, b.metric, s.name AS subtask, r.score, r.stderr, r.n, r.shots FROM results r
    JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id ORDER BY b.name`);

describe('HELM run folders from its published outputs', () => {
  it('takes n from num_instances (100), not from count (the number of trials, 1), and gives no stderr it cannot know', async () => {
    await importRun(BBQ);
    expect(results()).toEqual([{ model: 'claude-3-5-sonnet-20240620', benchmark: 'bbq', metric: 'exact_match', subtask: null, score: 0.93, stderr: null, n: 100, shots: 0 }]);
  });

  it('reads the safety runs, whose main metric is the judges\' mean score (art_score, harm_bench_score, sst_score, xst_score)', async () => {
    const runs = readdirSync(sharedData('tool_outputs', 'helm')).filter((d) => d !== BBQ && !d.includes('.'));
    expect(runs).toHaveLength(4);
    for (const run of runs) expect(await importRun(run), run).toMatchObject({ add: 1, reject: 0 });
    expect(results()).toEqual([
      { model: 'claude-3-5-sonnet-20240620', benchmark: 'anthropic_red_team', metric: 'art_score', subtask: null, score: 0.99625, stderr: null, n: 100, shots: 0 },
      { model: 'claude-3-5-sonnet-20240620', benchmark: 'harm_bench', metric: 'harm_bench_score', subtask: null, score: 0.96, stderr: null, n: 100, shots: 0 },
      { model: 'claude-3-5-sonnet-20240620', benchmark: 'simple_safety_tests', metric: 'sst_score', subtask: null, score: 1, stderr: null, n: 100, shots: 0 },
      { model: 'claude-3-5-sonnet-20240620', benchmark: 'xstest', metric: 'xst_score', subtask: null, score: 0.9675, stderr: null, n: 100, shots: 0 },
    ]);
  });

  it('reads a stats.json sent without its run spec from the run folder in its name', async () => {
    const s = await t.apply(`/data/runs/${BBQ}/stats.json`, read(runFile(BBQ, 'stats.json')));
    expect(s).toMatchObject({ add: 1, reject: 0 });
    expect(results()).toEqual([{ model: 'claude-3-5-sonnet-20240620', benchmark: 'bbq', metric: 'exact_match', subtask: null, score: 0.93, stderr: null, n: 100, shots: null }]);
    expect(path.basename(BBQ)).toBe(BBQ);
  });
});
