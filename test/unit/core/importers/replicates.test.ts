import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeries } from '../../../../src-main/core/saturation/series';
import { sharedData } from '../../../helpers/sharedData';
import { setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

const stored = () =>
  t.rows(`SELECT m.name AS model, r.score, r.run, r.setting_key AS setting FROM results r JOIN models m ON m.id = r.model_id ORDER BY r.id`);

describe('replicates in one file', () => {
  it('keeps one result per seed when the file has a seed column', async () => {
    const s = await t.apply('seeds.csv', 'model,benchmark,score,seed\nA,Quiz,0.50,1\nA,Quiz,0.54,2\nA,Quiz,0.52,3\nB,Quiz,0.7,1\n');
    expect(s.add).toBe(4);
    expect(stored().map((r) => [r.model, r.score, r.run])).toEqual([
      ['A', 0.5, '1'],
      ['A', 0.54, '2'],
      ['A', 0.52, '3'],
      ['B', 0.7, '1'],
    ]);
  });

  it('keeps a model listed twice with other scores as two runs, says so once, and keeps only the later row when told', async () => {
    const content = 'model,benchmark,score\nA,Quiz,0.5\nB,Quiz,0.6\nA,Quiz,0.56\nA,Quiz,0.5\n';
    const p = await t.preview('twice.csv', content);
    expect(p.counts).toMatchObject({ add: 3, unchanged: 0 });
    expect(p.repeated).toBe(1);
    expect(p.decisions.find((d) => d.id === 'replicates')).toMatchObject({ kind: 'replicates', chosen: 'keep', count: 1, message: expect.stringMatching(/line 4 repeats line 2/) });
    // One summary line per kind of repeat, not one warning per row.
    expect(p.warnings.filter((w) => /repeat/.test(w))).toEqual([expect.stringMatching(/^1 row repeat an earlier row exactly and add nothing \(line 5 repeats line 2\)/)]);
    await t.apply('twice.csv', content);
    expect(stored().map((r) => [r.model, r.score, r.run, r.setting])).toEqual([
      ['A', 0.5, null, ''],
      ['B', 0.6, null, ''],
      ['A', 0.56, 'run 2', 'run=run 2'],
    ]);
    // Importing the same file again adds nothing: each run meets its own stored result.
    const again = await t.preview('twice.csv', `${content}A,Quiz,0.5\n`);
    expect(again.counts).toMatchObject({ add: 0, update: 0 });
  });

  it('with "latest", a repeated row replaces the earlier one as before', async () => {
    const s = await t.apply('twice.csv', 'model,benchmark,score\nA,Quiz,0.5\nA,Quiz,0.56\n', { choices: { replicates: 'latest' } });
    // The later row lands on the result the earlier one adds: one result added, nothing stored before updated.
    expect(s).toMatchObject({ add: 1, update: 0, repeated: 1 });
    expect(stored().map((r) => r.score)).toEqual([0.56]);
  });

  it('fits and frontiers see the mean of a model’s runs, with their spread as its stderr', async () => {
    await t.apply('m.csv', 'model,release_date\nA,2023-01-01\nB,2024-01-01\n');
    await t.apply('seeds.csv', 'model,benchmark,score,seed\nA,Quiz,0.50,1\nA,Quiz,0.54,2\nA,Quiz,0.52,3\nB,Quiz,0.7,1\n');
    const bench = t.one("SELECT id FROM benchmarks WHERE name = 'Quiz'") as { id: number };
    const points = loadSeries(t.ws.db, bench.id, null, 'date', true);
    const a = points.find((p) => p.model === 'A')!;
    expect(a.y).toBeCloseTo(0.52, 12);
    // s = 0.02, three runs: 0.02 / √3.
    expect(a.stderr).toBeCloseTo(0.02 / Math.sqrt(3), 12);
    expect(points.find((p) => p.model === 'B')!.y).toBe(0.7);
  });
});

describe('repeated rows of a file that dates its rows', () => {
  it('are newer reports of one result (the later kept) when an ignored column dates or versions the rows, as a README history does', async () => {
    const content = 'readme_date,model,benchmark,score\n2024-04-11,A,Quiz,0.50\n2024-05-13,A,Quiz,0.52\n';
    const p = await t.preview('history.csv', content);
    expect(p.decisions.find((d) => d.id === 'replicates')).toMatchObject({ chosen: 'latest', suggested: 'latest', message: expect.stringMatching(/column "readme_date"/) });
    await t.apply('history.csv', content);
    expect(stored().map((r) => r.score)).toEqual([0.52]);
  });

  it("say nothing will update on a first import into an empty workspace: simple-evals' README history", async () => {
    const content = readFileSync(sharedData('openai_simple_evals', 'simple_evals_readme_history_long.csv'), 'utf8');
    const p = await t.preview('simple_evals_readme_history_long.csv', content);
    // Every row is new to the workspace: the repeats land on results their earlier rows add.
    expect(p.counts.update).toBe(0);
    expect(p.counts.unchanged).toBe(0);
    expect(p.counts.add + p.repeated + p.counts.reject).toBe(p.totalRows);
    expect(p.repeated).toBeGreaterThan(3000);
    // One grouped line per kind of repeat, with its count and examples, never one per row.
    const repeatLines = p.warnings.filter((w) => /repeat/.test(w));
    expect(repeatLines).toHaveLength(2);
    for (const w of repeatLines) expect(w).toMatch(/^\d+ rows repeat .*\(line \d+ repeats line \d+; .*…\)\.$/);
    const s = await t.apply('simple_evals_readme_history_long.csv', content);
    expect({ add: s.add, update: s.update }).toEqual({ add: p.counts.add, update: 0 });
    expect(t.rows('SELECT COUNT(*) AS n FROM results')[0]).toEqual({ n: p.counts.add });
  });
});
