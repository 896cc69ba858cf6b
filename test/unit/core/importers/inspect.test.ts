/** Inspect AI logs taken from inspect_ai's own tests (../shared/data/tool_outputs/inspect, see its SOURCE.txt). */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedData } from '../../../helpers/sharedData';
import { snapshot } from '../../../helpers/workspace';
import { read, setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

const real = (f: string) => sharedData('tool_outputs', 'inspect', f);
const base64 = (f: string) => readFileSync(real(f)).toString('base64');
const result = () =>
  t.one(`SELECT m.name AS model, b.name AS benchmark, r.score, r.stderr, r.n, r.evaluated_on, r.notes
    FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id`);

describe('Inspect AI logs from its own repository', () => {
  it('counts samples, not samples × epochs: 2 samples run for 2 epochs are n = 2', async () => {
    await t.apply('log_streaming.eval', base64('log_streaming.eval'), { encoding: 'base64' });
    expect(result()).toMatchObject({ model: 'Meta-Llama-3-1-405B-Instruct-jqf', benchmark: 'popularity', score: 0.75, stderr: 0.25, n: 2 });
    expect(result()?.notes).toMatch(/2 epochs/);
  });

  it('warns that a --limit run covers 2 of the dataset\'s 100 samples', async () => {
    const p = await t.preview('log_streaming.eval', base64('log_streaming.eval'), { encoding: 'base64' });
    expect(p.warnings.some((w) => /^log_streaming\.eval: a --limit run: 2 of the dataset's 100 samples/.test(w))).toBe(true);
    await t.apply('log_streaming.eval', base64('log_streaming.eval'), { encoding: 'base64' });
    expect(t.one('SELECT partial FROM results')).toEqual({ partial: "a --limit run: 2 of the dataset's 100 samples" });
  });

  it('marks a cancelled run as partial, and a complete run of the whole dataset as not', async () => {
    await t.apply('cancelled.json', read(real('2025-05-12T20-28-13-04-00_popularity.json')));
    expect(String(t.one('SELECT partial FROM results')?.partial)).toMatch(/^the run's status is "cancelled": its scores cover only the samples that finished; a --limit run: 3 of the dataset's 100 samples$/);
    await t.apply('complete.json', read(real('2024-11-05T13-31-45-05-00_input-task_8zXjbRzCWrL9GXiXo2vus9.json')));
    expect(t.one("SELECT partial FROM results WHERE source = 'complete.json'")).toEqual({ partial: null });
  });

  it('calls the task version a task version in the notes, and names the inspect_ai version', async () => {
    await t.apply('log_read_sample.json', read(real('log_read_sample.json')));
    const notes = String(result()?.notes);
    expect(notes).toMatch(/task version 0/);
    expect(notes).toMatch(/inspect_ai 0\.3\.95/);
    expect(notes).not.toMatch(/inspect 0\b/);
  });

  it('refuses a log whose model and task are placeholders ("..."), naming both options', async () => {
    const f = 'log_tool_call_error.json';
    const before = snapshot(t.ws.db);
    const env = await t.raw(f, read(real(f)));
    expect(env).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/^log_tool_call_error\.json: eval\.model is "\.\.\.".*eval\.task is "\.\.\.".*--set model=NAME.*--set benchmark=NAME/) },
    });
    expect(snapshot(t.ws.db)).toEqual(before);
    const s = await t.apply(f, read(real(f)), { constants: { model: 'm', benchmark: 'b' } });
    expect(s).toMatchObject({ add: 1, reject: 0 });
  });
});
