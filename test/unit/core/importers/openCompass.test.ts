/** OpenCompass summaries from open-compass/opencompass (../shared/data/tool_outputs/opencompass, see its SOURCE.txt). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedData } from '../../../helpers/sharedData';
import { read, setup } from './importHelpers';

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});
afterEach(() => t.ws.dispose());

const real = (f: string) => read(sharedData('tool_outputs', 'opencompass', f));
const stored = (ws: ReturnType<typeof setup>) =>
  ws.rows(`SELECT m.name AS model, b.name AS benchmark, b.unit, b.metric, s.name AS subtask, r.score, r.notes FROM results r
    JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id
    ORDER BY b.name, m.name`);

describe('OpenCompass summaries', () => {
  it('reads the .md summary as OpenCompass, exactly as the CSV of the same run: one benchmark per dataset, no rejections', async () => {
    const p = await t.preview('summary_musr_10models.md', real('summary_musr_10models.md'));
    expect(p.format).toBe('opencompass');
    const md = await t.apply('summary_musr_10models.md', real('summary_musr_10models.md'));
    expect(md).toMatchObject({ add: 40, reject: 0 });
    const other = setup();
    try {
      await other.apply('summary_musr_10models.csv', real('summary_musr_10models.csv'));
      expect(stored(t)).toEqual(stored(other));
    } finally {
      other.ws.dispose();
    }
    expect(t.rows('SELECT name FROM benchmarks ORDER BY name').map((r) => r.name)).toEqual([
      'musr_average', 'musr_murder_mysteries', 'musr_object_placements', 'musr_team_allocation',
    ]);
    expect(t.one("SELECT r.score, b.unit, b.metric, r.source_line FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id WHERE m.name = 'gemma-2-27b-it-turbomind' AND b.name = 'musr_team_allocation'"))
      .toEqual({ score: 41.2, unit: 'percent', metric: 'accuracy', source_line: 5 });
  });

  it('reads the plain-text table of the quick-start docs (tabulate columns under a line of dashes)', async () => {
    const p = await t.preview('summary_quickstart_2models.txt', real('summary_quickstart_2models.txt'));
    expect(p.format).toBe('opencompass');
    await t.apply('summary_quickstart_2models.txt', real('summary_quickstart_2models.txt'));
    expect(stored(t).map(({ model, benchmark, score, notes }) => ({ model, benchmark, score, notes }))).toEqual([
      { model: 'opt125m', benchmark: 'siqa', score: 12.44, notes: 'OpenCompass accuracy (gen), prompt e78df3' },
      { model: 'opt350m', benchmark: 'siqa', score: 21.55, notes: 'OpenCompass accuracy (gen), prompt e78df3' },
      { model: 'opt125m', benchmark: 'winograd', score: 49.82, notes: 'OpenCompass accuracy (ppl), prompt b6c7ed' },
      { model: 'opt350m', benchmark: 'winograd', score: 51.23, notes: 'OpenCompass accuracy (ppl), prompt b6c7ed' },
    ]);
  });

  it('reads the first table of a whole summary_<time>.txt (tabulate, csv, markdown and raw sections)', async () => {
    // The layout of DefaultSummarizer._output_to_file (opencompass/summarizers/default.py) around the docs' table.
    const table = real('summary_quickstart_2models.txt').trimEnd();
    const csv = 'dataset,version,metric,mode,opt350m,opt125m\nsiqa,e78df3,accuracy,gen,21.55,12.44\nwinograd,b6c7ed,accuracy,ppl,51.23,49.82';
    const text = `20240521_101500\ntabulate format\n${'^'.repeat(128)}\n${table}\n${'$'.repeat(128)}\n\n${'-'.repeat(128)} THIS IS A DIVIDER ${'-'.repeat(128)}\n\ncsv format\n${'^'.repeat(128)}\n${csv}\n${'$'.repeat(128)}\n\nraw format\n${'^'.repeat(128)}\n-------------------------------\nModel: opt350m\nsiqa: {'accuracy': 21.55}\n${'$'.repeat(128)}\n`;
    const s = await t.apply('summary_20240521_101500.txt', text);
    expect(s).toMatchObject({ format: 'opencompass', add: 4, reject: 0 });
    expect(t.one("SELECT r.source_line FROM results r JOIN benchmarks b ON b.id = r.benchmark_id WHERE b.name = 'winograd' LIMIT 1")).toEqual({ source_line: 7 });
  });
});
