import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScaleChoice, planUnits, ScoreTally, writtenUnit } from '../../../../src-main/core/importers/units';
import { tempWorkspace } from '../../../helpers/workspace';
import { directImport } from './importHelpers';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => ws.dispose());

const { apply, preview } = directImport(() => ws);
const scores = (benchmark: string) =>
  (ws.db.prepare('SELECT r.score FROM results r JOIN benchmarks b ON b.id = r.benchmark_id WHERE b.name = ? ORDER BY r.id').all(benchmark) as { score: number }[]).map((r) => r.score);
const bench = (name: string) => ws.db.prepare('SELECT unit, floor, ceiling, bounded FROM benchmarks WHERE name = ?').get(name);

function tally(values: number[], percentCells = 0): ScoreTally {
  const t = new ScoreTally();
  values.forEach((v, i) => t.add(i + 2, v, String(v)));
  for (let i = 0; i < percentCells; i++) t.addPercentCell();
  return t;
}

/** A long-format file: `n` models, each with one score per benchmark from `value(model, benchmark)`. */
function file(benchmarks: string[], n: number, value: (m: number, b: string) => string): string {
  const lines = ['model,benchmark,score'];
  for (const b of benchmarks) for (let m = 0; m < n; m++) lines.push(`model-${m},${b},${value(m, b)}`);
  return lines.join('\n');
}

describe('how a column writes its scores', () => {
  it('follows the median of the plain values, not any single value', () => {
    expect(writtenUnit(tally([0.5, 0.6, 0.7, 80.2]))).toBe('fraction');
    expect(writtenUnit(tally([55, 61, 0.7, 72]))).toBe('percent');
    expect(writtenUnit(tally([1210, 1302, 1250, 99]))).toBe('points');
    expect(writtenUnit(tally([], 3))).toBe('percent');
    expect(writtenUnit(tally([]))).toBeNull();
  });

  it('reads unit choices, including a points range and no upper bound', () => {
    expect(parseScaleChoice('fraction')).toEqual({ unit: 'fraction', floor: 0, ceiling: 1 });
    expect(parseScaleChoice('points:0:10')).toEqual({ unit: 'points', floor: 0, ceiling: 10 });
    expect(parseScaleChoice('points:800:')).toEqual({ unit: 'points', floor: 800, ceiling: null });
    expect(parseScaleChoice('points:5:5')).toBeNull();
    expect(parseScaleChoice('kelvin')).toBeNull();
  });

  it('plans nothing to change when the file writes a stored benchmark in its own unit', () => {
    const r = planUnits({ name: 'Q', tally: tally([0.4, 0.5]), formatUnit: undefined, existing: { unit: 'fraction', floor: 0, ceiling: 1 }, defaults: null, choice: undefined });
    expect(r.decision).toBeNull();
    expect(r.plan.plainFactor).toBe(1);
  });
});

describe('units in a results import', () => {
  it('keeps a fraction column whole when one value is written as 1.07 and another as 80.2, and names both', () => {
    // The real failure: one outlier made the whole column "percent" and divided 145 good scores by 100.
    const content = file(['ARC-C', 'Winograd'], 40, (m, b) => (b === 'ARC-C' && m === 7 ? '1.07' : b === 'Winograd' && m === 3 ? '80.2' : `0.${50 + m}`));
    const p = preview(content);
    expect(p.counts.add).toBe(80);
    const created = p.decisions.filter((d) => d.kind === 'new-benchmark');
    // ARC-C is ARC-Challenge to the benchmark catalog, which gives its chance floor (4-way multiple choice).
    expect(created.map((d) => [d.subject, d.chosen, d.count])).toEqual([
      ['ARC-Challenge', 'fraction', 0],
      ['Winograd', 'fraction', 0],
    ]);
    expect(created[0]!.message).toMatch(/fraction \(0\.25–1\).*floor and ceiling from the benchmark catalog \(ARC-Challenge/);
    expect(p.warnings.find((w) => w.startsWith('ARC-Challenge'))).toMatch(/1 value does not fit that \(line 9: 1\.07\)/);
    expect(p.warnings.find((w) => w.startsWith('Winograd'))).toMatch(/80\.2/);
    apply(content);
    expect(bench('ARC-Challenge')).toEqual({ unit: 'fraction', floor: 0.25, ceiling: 1, bounded: 1 });
    const arc = scores('ARC-Challenge');
    expect(arc[0]).toBe(0.5);
    expect(arc[7]).toBe(1.07);
    expect(scores('Winograd')[3]).toBe(80.2);
  });

  it('converts a percent file into a stored fraction benchmark only as a listed decision, and keeps values as written when told', () => {
    apply('model,benchmark,score\nA,Quiz,0.5\nB,Quiz,0.6');
    const content = 'model,benchmark,score\nC,Quiz,71.5\nD,Quiz,64\nE,Quiz,0.9';
    const p = preview(content);
    const d = p.decisions.find((x) => x.id === 'unit:quiz')!;
    expect(d).toMatchObject({ kind: 'unit', chosen: 'convert', suggested: 'convert', count: 3 });
    expect(d.message).toMatch(/stored in fractions .* writes its scores as percentages .* 3 values are divided by 100/);
    apply(content);
    expect(scores('Quiz').slice(2)).toEqual([0.715, 0.64, 0.009]);
    apply('model,benchmark,score\nF,Quiz,55', { choices: { 'unit:quiz': 'as-written' } });
    expect(scores('Quiz').at(-1)).toBe(55);
  });

  it('converts cells written with % cell by cell, whatever the column holds', () => {
    apply('model,benchmark,score\nA,Quiz,0.5');
    apply('model,benchmark,score\nB,Quiz,61.0%\nC,Quiz,0.7');
    expect(scores('Quiz')).toEqual([0.5, 0.61, 0.7]);
  });

  it('creates an Elo column as points with no upper bound, and a judge column on the scale the analyst chooses', () => {
    const elo = file(['Arena'], 6, (m) => String(1100 + 37 * m));
    const p = preview(elo);
    expect(p.decisions[0]).toMatchObject({ id: 'unit:arena', kind: 'new-benchmark', chosen: 'points:0:' });
    apply(elo);
    expect(bench('Arena')).toMatchObject({ unit: 'points', bounded: 0 });
    expect(scores('Arena')[0]).toBe(1100);
    const judge = file(['MT-Judge'], 5, (m) => String(6 + m * 0.5));
    expect(preview(judge).decisions[0]!.chosen).toBe('percent');
    apply(judge, { choices: { 'unit:mt-judge': 'points:0:10' } });
    expect(bench('MT-Judge')).toEqual({ unit: 'points', floor: 0, ceiling: 10, bounded: 1 });
    expect(scores('MT-Judge')).toEqual([6, 6.5, 7, 7.5, 8]);
  });

  it('can create a new benchmark in another unit than the file writes, converting the values and saying how many', () => {
    const content = file(['Quiz'], 4, (m) => String(40 + m));
    const p = preview(content, { choices: { 'unit:quiz': 'fraction' } });
    expect(p.decisions[0]).toMatchObject({ chosen: 'fraction', suggested: 'percent', count: 4 });
    expect(p.decisions[0]!.message).toMatch(/4 values are divided by 100/);
    apply(content, { choices: { 'unit:quiz': 'fraction' } });
    expect(scores('Quiz')).toEqual([0.4, 0.41, 0.42, 0.43]);
  });
});

describe('a bare Date column in a results table', () => {
  it("is each model's release date when every model has one date on all its rows, and the preview says so", async () => {
    const content = 'model,benchmark,score,Date\nA,Quiz,0.5,2024-03-01\nA,Trivia,0.6,2024-03-01\nB,Quiz,0.7,2024-09-15\nB,Trivia,0.8,2024-09-15\n';
    const p = preview(content);
    expect(p.decisions.find((d) => d.id === 'date:Date')).toMatchObject({ kind: 'date', chosen: 'release', suggested: 'release' });
    apply(content);
    expect(ws.db.prepare('SELECT name, release_date FROM models ORDER BY name').all()).toEqual([
      { name: 'A', release_date: '2024-03-01' },
      { name: 'B', release_date: '2024-09-15' },
    ]);
    expect(ws.db.prepare('SELECT count(*) AS c FROM results WHERE evaluated_on IS NOT NULL').get()).toEqual({ c: 0 });
  });

  it('is the evaluation date when a model has several, or when the analyst says so', async () => {
    const varying = 'model,benchmark,score,Date\nA,Quiz,0.5,2024-03-01\nA,Trivia,0.6,2024-05-01\n';
    expect(preview(varying).decisions.find((d) => d.id === 'date:Date')?.chosen).toBe('evaluated');
    const constant = 'model,benchmark,score,Date\nA,Quiz,0.5,2024-03-01\nA,Trivia,0.6,2024-03-01\n';
    apply(constant, { choices: { 'date:Date': 'evaluated' } });
    expect(ws.db.prepare('SELECT evaluated_on FROM results ORDER BY id').all()).toEqual([{ evaluated_on: '2024-03-01' }, { evaluated_on: '2024-03-01' }]);
    expect(ws.db.prepare('SELECT release_date FROM models').get()).toEqual({ release_date: null });
  });
});
