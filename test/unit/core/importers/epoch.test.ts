import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EPOCH_EXTERNAL } from '../../../../src-main/core/importers/epoch';
import { sharedData } from '../../../helpers/sharedData';
import { checkIntegrity } from '../../../helpers/workspace';
import { read, setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

const epoch = (f: string) => sharedData('epoch_benchmark_stitching', f);

describe('Epoch AI CSVs', () => {
  it('reads benchmarks_runs.csv: "score±stderr" strings, reasoning-effort and token-budget suffixes as settings', async () => {
    const p = await t.preview('benchmarks_runs.csv', read(epoch('benchmarks_runs.csv')));
    expect(p.format).toBe('epoch-runs');
    expect(p.totalRows).toBe(541);
    expect(p.counts.reject).toBe(0);
    expect(p.counts.add + p.counts.update).toBe(541);
    await t.apply('benchmarks_runs.csv', read(epoch('benchmarks_runs.csv')));
    // gpt-5.1_medium: model gpt-5.1, effort medium, stderr from "choice:0.85±0.02".
    expect(t.one(`SELECT r.score, r.stderr, r.effort, r.evaluated_on, b.name AS benchmark FROM results r JOIN models m ON m.id = r.model_id
      JOIN benchmarks b ON b.id = r.benchmark_id WHERE m.name = 'gpt-5.1' AND r.effort = 'medium' AND b.name = 'GPQA diamond'`)).toEqual({
      score: 0.85, stderr: 0.02, effort: 'medium', evaluated_on: '2025-11-17', benchmark: 'GPQA diamond',
    });
    // o3-2025-04-16 at three efforts is one model with three settings.
    expect(t.rows(`SELECT DISTINCT r.effort FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'o3-2025-04-16' ORDER BY r.effort`).map((r) => r.effort)).toEqual(
      expect.arrayContaining(['high', 'low', 'medium']),
    );
    // claude-3-7-sonnet-20250219_32K: a thinking budget of 32,000 tokens.
    expect(t.rows(`SELECT DISTINCT r.test_time_compute AS ttc FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'claude-3-7-sonnet-20250219' ORDER BY 1`).map((r) => r.ttc)).toEqual([null, 16000, 32000, 64000]);
    expect(t.one("SELECT count(*) AS c FROM models WHERE name LIKE '%\\_high' ESCAPE '\\' OR name LIKE '%\\_32K' ESCAPE '\\'")).toEqual({ c: 0 });
  });

  it('reads model_versions.csv as models with release dates', async () => {
    const s = await t.apply('model_versions.csv', read(epoch('model_versions.csv')));
    expect(s.kind).toBe('models');
    expect(s.add).toBeGreaterThan(500);
    expect(t.one("SELECT release_date, family FROM models WHERE name = 'ministral-8b-2410'")).toEqual({ release_date: '2024-10-16', family: 'Ministral 8B' });
  });

  it('reads benchmark_optim.csv as benchmarks with release dates written YYYY/MM/DD', async () => {
    const s = await t.apply('benchmark_optim.csv', read(epoch('benchmark_optim.csv')));
    expect(s).toMatchObject({ kind: 'benchmarks', add: 42, reject: 0 });
    expect(t.one("SELECT release_date FROM benchmarks WHERE name = 'Aider polyglot'")).toEqual({ release_date: '2024-12-21' });
  });

  it('knows every external leaderboard file of the published folder', () => {
    const slugs = readdirSync(sharedData('epoch_benchmark_stitching')).filter((f) => f.startsWith('external_benchmark_')).map((f) => f.slice(19, -4));
    expect(slugs.length).toBe(37);
    for (const s of slugs) expect(EPOCH_EXTERNAL[s], s).toBeDefined();
  });

  it('imports all 37 external leaderboards without a mapping, naming the benchmark after the file, every row accounted for', async () => {
    const files = readdirSync(sharedData('epoch_benchmark_stitching')).filter((f) => f.startsWith('external_benchmark_'));
    for (const f of files) {
      const content = read(epoch(f));
      const p = await t.preview(f, content);
      expect(p.format, f).toBe('epoch-external');
      for (const r of p.rejected) expect(r.reason.length, `${f} line ${r.line}`).toBeGreaterThan(5);
      const s = await t.apply(f, content);
      expect(s.add + s.update + s.unchanged + s.reject + s.repeated, f).toBe(p.totalRows);
    }
    expect(t.one("SELECT unit, ceiling FROM benchmarks WHERE name = 'MMLU'")).toEqual({ unit: 'percent', ceiling: 100 });
    // Benchmarks the catalog knows take its name (METR → METR time horizon), with the file's spelling as an alias.
    expect(t.one("SELECT unit, bounded FROM benchmarks WHERE name = 'METR time horizon'")).toEqual({ unit: 'points', bounded: 0 });
    expect(t.one("SELECT b.name FROM benchmark_aliases a JOIN benchmarks b ON b.id = a.benchmark_id WHERE a.alias = 'METR'")).toEqual({ name: 'METR time horizon' });
    // ARC AI2's two columns are two benchmarks: the Challenge set and the Easy set.
    expect((t.one("SELECT count(*) AS c FROM results r JOIN benchmarks b ON b.id = r.benchmark_id WHERE b.name = 'ARC-Easy'") as { c: number }).c).toBeGreaterThan(50);
    expect(t.one("SELECT count(*) AS c FROM subtasks s JOIN benchmarks b ON b.id = s.benchmark_id WHERE b.name = 'ARC-Challenge'")).toEqual({ c: 0 });
    expect(checkIntegrity(t.ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('keeps the four MMLU reports of Llama 2 7B under several spellings apart by source, on one model', async () => {
    // Oddity: "Llama 2 (7B)", "LLAMA 2 7B", "LLaMA 2 7B     " (trailing spaces), "LLaMA 2-7B" ... with 44.4–45.8.
    await t.apply('external_benchmark_mmlu.csv', read(epoch('external_benchmark_mmlu.csv')));
    const rows = t.rows(`SELECT r.score, r.shots, r.source FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id
      WHERE m.name = 'Llama-2-7b' AND b.name = 'MMLU' ORDER BY r.score`);
    expect(rows.map((r) => r.score)).toEqual(expect.arrayContaining([44.4, 45.3, 45.7, 45.8]));
    expect(new Set(rows.map((r) => r.source)).size).toBe(rows.length);
  });

  it('keeps a model reported at 52.8% and 22.1% on GSM8K by different sources as two results', async () => {
    await t.apply('external_benchmark_gsm8k.csv', read(epoch('external_benchmark_gsm8k.csv')));
    const rows = t.rows(`SELECT r.score, r.source FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'Baichuan-2-13B-Base' ORDER BY r.score`);
    expect(rows.map((r) => r.score)).toEqual(expect.arrayContaining([22.1, 52.8]));
    expect(rows.find((r) => r.score === 22.1)?.source).toMatch(/^Yi: Open Foundation Models/);
  });

  it('reads "25-shot" and "few" in the Shots column', async () => {
    await t.apply('external_benchmark_arc_ai2.csv', read(epoch('external_benchmark_arc_ai2.csv')));
    expect(t.one(`SELECT r.shots FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'Yi-6B' AND r.subtask_id IS NULL`)).toEqual({ shots: 25 });
  });

  it('links leaderboard results to model_versions release dates through the API id', async () => {
    await t.apply('model_versions.csv', read(epoch('model_versions.csv')));
    const s = await t.apply('external_benchmark_weirdml.csv', read(epoch('external_benchmark_weirdml.csv')));
    // One row names no model at all (line 69): rejected with the reason.
    expect(s.rejected).toEqual([{ line: 69, column: 'Model version', reason: 'model is empty; it is required', place: 'column "Accuracy"' }]);
    // gpt-5-2025-08-07_high is the model gpt-5-2025-08-07 (with a release date) at high effort.
    expect(t.one(`SELECT m.release_date, r.effort FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'gpt-5-2025-08-07' AND r.effort = 'high'`)).toEqual({
      release_date: expect.stringMatching(/^2025-08/),
      effort: 'high',
    });
  });
});
