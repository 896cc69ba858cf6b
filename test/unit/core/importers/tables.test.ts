import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src-main/common/errors';
import { sharedData } from '../../../helpers/sharedData';
import { checkIntegrity, snapshot, tempWorkspace } from '../../../helpers/workspace';
import { directImport } from './importHelpers';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => ws.dispose());

const { apply, preview } = directImport(() => ws);

const RESULTS = `model,benchmark,subtask,score,stderr,n,shots,cot,pass_k,test_time_compute,source,source_kind,date
Alpha,Quiz,,0.5,0.02,500,5,no,,,https://a.example/paper,lab-reported,2024-01-02
Alpha,Quiz,easy,0.7,,,5,no,,,https://a.example/paper,lab-reported,2024-01-02
Beta,Quiz,,0.6,,,,,,,,,
`;

describe('results import', () => {
  it('previews without writing anything, then applies exactly what the preview promised', () => {
    const before = snapshot(ws.db);
    const p = preview(RESULTS);
    expect(p.kind).toBe('results');
    expect(p.counts).toEqual({ add: 3, update: 0, unchanged: 0, reject: 0 });
    expect(p.created.models.sort()).toEqual(['Alpha', 'Beta']);
    expect(p.created.benchmarks).toEqual(['Quiz']);
    expect(p.created.subtasks).toEqual(['Quiz / easy']);
    expect(snapshot(ws.db)).toEqual(before);
    const s = apply(RESULTS);
    expect({ add: s.add, update: s.update, unchanged: s.unchanged, reject: s.reject }).toEqual(p.counts);
    const rows = ws.db.prepare('SELECT score, stderr, n, shots, cot, source_kind, source_line FROM results ORDER BY id').all();
    expect(rows).toEqual([
      { score: 0.5, stderr: 0.02, n: 500, shots: 5, cot: 0, source_kind: 'lab-reported', source_line: 2 },
      { score: 0.7, stderr: null, n: null, shots: 5, cot: 0, source_kind: 'lab-reported', source_line: 3 },
      { score: 0.6, stderr: null, n: null, shots: null, cot: null, source_kind: null, source_line: 4 },
    ]);
  });

  it("shows each sample row's cells as read, in the file's column order, for added and rejected rows alike", () => {
    const content = `model,benchmark,subtask,score,stderr,n,shots,cot,source,source_kind,date,notes
Alpha,Quiz,easy,77%,n/a,500,5,yes,paper,lab,2024-01-02,first
Beta,Quiz,,0.6,,,,,,,,
Gamma,Quiz,,abc,0.01,10,,,,,,
`;
    const p = preview(content);
    expect(p.counts).toEqual({ add: 2, update: 0, unchanged: 0, reject: 1 });
    const byLine = new Map(p.sample.map((o) => [o.line, o]));
    const alpha = byLine.get(2)!.values;
    expect(alpha).toEqual({
      model: 'Alpha',
      benchmark: 'Quiz',
      subtask: 'easy',
      score: 77,
      stderr: null,
      n: 500,
      shots: 5,
      cot: true,
      source: 'paper',
      source_kind: 'lab-reported',
      date: '2024-01-02',
      notes: 'first',
    });
    expect(Object.keys(alpha)).toEqual(['model', 'benchmark', 'subtask', 'score', 'stderr', 'n', 'shots', 'cot', 'source', 'source_kind', 'date', 'notes']);
    // Empty cells are left out; a rejected row shows the cells it could read and not the one it could not.
    expect(byLine.get(3)!.values).toEqual({ model: 'Beta', benchmark: 'Quiz', score: 0.6 });
    expect(byLine.get(4)).toMatchObject({ action: 'reject', values: { model: 'Gamma', benchmark: 'Quiz', stderr: 0.01, n: 10 } });
    expect(Object.keys(byLine.get(4)!.values)).toEqual(['model', 'benchmark', 'stderr', 'n']);
  });

  it('adds nothing when the same file is imported twice', () => {
    apply(RESULTS);
    const before = snapshot(ws.db);
    const p = preview(RESULTS);
    expect(p.previouslyImportedAt).not.toBeNull();
    const s = apply(RESULTS);
    expect(s).toMatchObject({ add: 0, update: 0, unchanged: 3, reject: 0, importId: null });
    expect(snapshot(ws.db)).toEqual(before);
  });

  it('names the line, column and reason of every rejected row and imports the rest', () => {
    const content = `model,benchmark,score,n,date,source_kind
Good,Quiz,0.5,10,2024-02-03,own-run
,Quiz,0.5,,,
Bad score,Quiz,abc,,,
Bad n,Quiz,0.4,2.5,,
Bad date,Quiz,0.4,,2024-02-30,
Bad kind,Quiz,0.4,,,rumour
Formula,=cmd|' /C calc'!A0,0.4,,,
NaN score,Quiz,NaN,,,
`;
    const s = apply(content);
    expect(s.add).toBe(1);
    expect(s.reject).toBe(7);
    expect(s.rejected).toEqual([
      { line: 3, column: 'model', reason: 'model is empty; it is required' },
      { line: 4, column: 'score', reason: '"abc" is not a number', value: 'abc' },
      { line: 5, column: 'n', reason: '"2.5" is not a whole number', value: '2.5' },
      { line: 6, column: 'date', reason: '"2024-02-30" is not a real calendar date', value: '2024-02-30' },
      { line: 7, column: 'source_kind', reason: '"rumour" is not a source kind (lab-reported, third-party or own-run)', value: 'rumour' },
      expect.objectContaining({ line: 8, column: 'benchmark', reason: expect.stringMatching(/spreadsheet formula/) }),
      { line: 9, column: 'score', reason: '"NaN" is not a number', value: 'NaN' },
    ]);
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('counts lines correctly when a quoted cell spans several lines', () => {
    const content = 'model,benchmark,score,notes\nA,Q,0.1,"two\nlines"\nB,Q,oops,\n';
    const p = preview(content);
    // Line 2 holds A's row and its cell runs on into line 3, so B's row is line 4.
    expect(p.rejected).toEqual([{ line: 4, column: 'score', reason: '"oops" is not a number', value: 'oops' }]);
  });

  it('reads tab-separated files and percent strings into the benchmark unit', () => {
    ws.db.prepare("INSERT INTO benchmarks (name, unit, floor, ceiling) VALUES ('Frac', 'fraction', 0, 1), ('Pct', 'percent', 25, 100)").run();
    const s = apply('model\tbenchmark\tscore\tstderr\nM\tFrac\t77.0%\t1.5%\nM\tPct\t77.0%\t\n');
    expect(s.add).toBe(2);
    const rows = ws.db.prepare('SELECT b.name, r.score, r.stderr FROM results r JOIN benchmarks b ON b.id = r.benchmark_id ORDER BY b.name').all();
    expect(rows).toEqual([
      { name: 'Frac', score: 0.77, stderr: 0.015 },
      { name: 'Pct', score: 77, stderr: null },
    ]);
  });

  it('creates a percent benchmark when a new benchmark is written in percent', () => {
    apply('model,benchmark,score\nM,NewBench,45.5%\n');
    expect(ws.db.prepare("SELECT unit, ceiling FROM benchmarks WHERE name = 'NewBench'").get()).toEqual({ unit: 'percent', ceiling: 100 });
  });

  it('keeps a second report from the same source as a second run, or merges it into an update when told, and keeps reports from other sources apart', () => {
    const content = 'model,benchmark,score,source\nM,Q,0.40,paper\nM ,q,0.45,paper\nM,Q,0.30,blog\n';
    expect(preview(content).counts).toMatchObject({ add: 3, update: 0, reject: 0 });
    const s = apply(content, { choices: { replicates: 'latest' } });
    expect(s).toMatchObject({ add: 2, update: 0, repeated: 1, reject: 0 });
    expect(ws.db.prepare('SELECT source, score FROM results ORDER BY source').all()).toEqual([
      { source: 'blog', score: 0.3 },
      { source: 'paper', score: 0.45 },
    ]);
  });

  it('refuses a file whose kind cannot be told from its headers, naming the headers', () => {
    expect(() => preview('foo,bar\n1,2\n')).toThrow(ApiError);
    expect(() => preview('foo,bar\n1,2\n')).toThrow(/cannot tell which table.*foo, bar/);
  });

  it('refuses text that is not UTF-8 and names the line', () => {
    expect(() => preview('model,benchmark,score\nA,B,0.1\nC\ufffd,B,0.2\n')).toThrow(/line 3: the file is not valid UTF-8/);
  });

  it('refuses a truncated file with an unterminated quote', () => {
    expect(() => preview('model,benchmark,score\nA,B,0.1\n"C,B,0.2\n')).toThrow(/line 3: a quoted cell is never closed/);
  });

  it('leaves the workspace unchanged when an import is refused', () => {
    apply(RESULTS);
    const before = snapshot(ws.db);
    expect(() => apply('model,benchmark\nA,B\n', { kind: 'results' })).toThrow(/needs the column score/);
    expect(snapshot(ws.db)).toEqual(before);
  });
});

describe('models and benchmarks import', () => {
  it('tells the three files apart by their headers and imports models with their organizations', () => {
    const s = apply('model,organization,family,release_date,parameters,training_compute_flop,training_tokens\nM1,Org A,F,2023-05-01,7e9,1.2e23,2e12\nM2,Org A,F,2024-01-01,,,\n');
    expect(s).toMatchObject({ kind: 'models', add: 2 });
    expect(s.created.organizations).toEqual(['Org A']);
    expect(ws.db.prepare('SELECT name, parameters, training_compute_flop FROM models ORDER BY name').all()).toEqual([
      { name: 'M1', parameters: 7e9, training_compute_flop: 1.2e23 },
      { name: 'M2', parameters: null, training_compute_flop: null },
    ]);
    const again = apply('model,organization,release_date\nM2,Org A,2024-02-01\n');
    expect(again).toMatchObject({ kind: 'models', update: 1 });
  });

  it('imports benchmarks and their subtasks and refuses a floor equal to the ceiling', () => {
    const s = apply(
      'benchmark,subtask,category,metric,higher_is_better,floor,ceiling,human_baseline,release_date,items\n' +
        'Quiz,,knowledge,accuracy,true,25,100,89.8,2020-09-07,14042\nQuiz,algebra,,,,25,,,,100\nBroken,,,,,1,1,,,\n',
    );
    expect(s).toMatchObject({ kind: 'benchmarks', add: 2, reject: 1 });
    expect(s.rejected[0]).toMatchObject({ line: 4, column: 'ceiling' });
    expect(ws.db.prepare("SELECT unit, floor, ceiling, item_count FROM benchmarks WHERE name = 'Quiz'").get()).toEqual({
      unit: 'percent',
      floor: 25,
      ceiling: 100,
      item_count: 14042,
    });
  });
});

describe('real data', () => {
  it('imports Epoch AI external MMLU through a column mapping with every row accounted for', () => {
    const file = sharedData('epoch_benchmark_stitching', 'external_benchmark_mmlu.csv');
    const content = readFileSync(file, 'utf8');
    ws.db.prepare("INSERT INTO benchmarks (name, unit, floor, ceiling, category) VALUES ('MMLU', 'percent', 25, 100, 'knowledge')").run();
    const mapping = { id: '', Name: 'model', EM: 'score', 'Model version': '', Shots: 'shots', Source: 'notes', 'Source link': 'source', Notes: '' };
    const p = preview(content, { fileName: 'external_benchmark_mmlu.csv', mapping, constants: { benchmark: 'MMLU' } });
    // SOURCE.txt: 246 rows (some Notes cells span several lines, so the file has more lines than rows).
    expect(p.totalRows).toBe(246);
    expect(p.counts.add + p.counts.update + p.counts.unchanged + p.counts.reject).toBe(p.totalRows);
    expect(p.counts.add).toBeGreaterThan(200);
    for (const r of p.rejected) expect(r.reason.length).toBeGreaterThan(5);
    const s = apply(content, { fileName: 'external_benchmark_mmlu.csv', mapping, constants: { benchmark: 'MMLU' } });
    expect(s.add).toBe(p.counts.add);
    // "77.0%" lands as 77 in a percent benchmark.
    const nova = ws.db.prepare("SELECT r.score FROM results r JOIN models m ON m.id = r.model_id WHERE m.name = 'Amazon Nova Lite'").get();
    expect(nova).toEqual({ score: 77 });
    // The same model spelled with trailing spaces resolves to one model.
    const trailing = content.split('\n').filter((l) => /,[^,]*\S {1,},\d/.test(l));
    for (const l of trailing) {
      const name = l.split(',')[1]!.trim();
      expect(ws.db.prepare('SELECT count(*) AS c FROM models WHERE name = ?').get(name)).toEqual({ c: 1 });
    }
    expect(checkIntegrity(ws.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });
});

describe('the partial column of results files', () => {
  const partialOf = () => ws.db.prepare('SELECT partial FROM results').get();

  it('marks a row partial from its cell, and an empty cell says the evaluation was complete', () => {
    apply('model,benchmark,score,partial\nAlpha,Quiz,0.5,--limit 10\n');
    expect(partialOf()).toEqual({ partial: '--limit 10' });
    expect(apply('model,benchmark,score,partial\nAlpha,Quiz,0.5,\n')).toMatchObject({ update: 1 });
    expect(partialOf()).toEqual({ partial: null });
  });

  it('leaves a stored mark alone when the file has no partial column (it does not say)', () => {
    apply('model,benchmark,score,partial\nAlpha,Quiz,0.5,--limit 10\n');
    expect(apply('model,benchmark,score\nAlpha,Quiz,0.5\n')).toMatchObject({ unchanged: 1 });
    expect(partialOf()).toEqual({ partial: '--limit 10' });
  });

  it('marks every row of a file given --set partial=REASON', () => {
    apply('model,benchmark,score\nAlpha,Quiz,0.5\nBeta,Quiz,0.6\n', { constants: { partial: 'smoke test on 20 items' } });
    expect(ws.db.prepare('SELECT DISTINCT partial FROM results').all()).toEqual([{ partial: 'smoke test on 20 items' }]);
  });
});
