import { describe, expect, it } from 'vitest';
import type { BenchmarkUnit } from '../../../../src-main/common/domain';
import { settingKey } from '../../../../src-main/common/domain';
import { RuleContext } from '../../../../src-main/core/flags/context';
import { Snapshot } from '../../../../src-main/core/flags/derive';
import type { FlagInputs, InputBenchmark, InputModel, InputResult } from '../../../../src-main/core/flags/inputs';
import { checkAggregates } from '../../../../src-main/core/flags/rules/aggregateMismatch';
import { checkConflictingReports } from '../../../../src-main/core/flags/rules/conflictingReports';
import { checkDates } from '../../../../src-main/core/flags/rules/dateAnomaly';
import { checkImpossibleValues } from '../../../../src-main/core/flags/rules/impossibleValue';
import { checkOrdering } from '../../../../src-main/core/flags/rules/ordering';
import { checkpointOf, checkRegressions, checkTrainingRegressions } from '../../../../src-main/core/flags/rules/regression';
import { checkUnitSlips, compareVersions, versionOf } from '../../../../src-main/core/flags/rules/unitSlip';
import { checkAboveTrend } from '../../../../src-main/core/flags/rules/aboveTrend';
import { checkSurprises } from '../../../../src-main/core/flags/rules/surprising';
import { checkSizeSurprises, sizeFromName } from '../../../../src-main/core/flags/rules/sizeSurprise';
import { runChecks } from '../../../../src-main/core/flags/run';

/** A small hand-built workspace snapshot: no SQL, so every rule is tested as the pure function it is. */
class Builder {
  models: InputModel[] = [];
  benchmarks: InputBenchmark[] = [];
  results: InputResult[] = [];
  model(name: string, releaseDate: string | null = '2024-01-01', family: string | null = null): number {
    const id = this.models.length + 1;
    this.models.push({ id, name, family, releaseDate });
    return id;
  }
  bench(name: string, opts: Partial<Omit<InputBenchmark, 'id' | 'name' | 'subtasks'>> & { subtasks?: { name: string; weight?: number | null; itemCount?: number | null; floor?: number | null }[] } = {}): number {
    const id = this.benchmarks.length + 1;
    const unit: BenchmarkUnit = opts.unit ?? 'percent';
    this.benchmarks.push({
      id,
      name,
      unit,
      floor: opts.floor ?? 0,
      ceiling: opts.ceiling ?? (unit === 'fraction' ? 1 : 100),
      higherIsBetter: opts.higherIsBetter ?? true,
      releaseDate: opts.releaseDate ?? null,
      itemCount: opts.itemCount ?? null,
      subtasks: (opts.subtasks ?? []).map((s, i) => ({ id: id * 100 + i, benchmarkId: id, name: s.name, weight: s.weight ?? null, itemCount: s.itemCount ?? null, floor: s.floor ?? null })),
    });
    return id;
  }
  sub(benchmarkId: number, name: string): number {
    return this.benchmarks[benchmarkId - 1]!.subtasks.find((s) => s.name === name)!.id;
  }
  result(modelId: number, benchmarkId: number, score: number, r: Partial<InputResult> = {}): number {
    const id = this.results.length + 1;
    const setting = { shots: r.shots ?? null, cot: r.cot ?? null, passK: r.passK ?? null, testTimeCompute: r.testTimeCompute ?? null, effort: r.effort ?? null };
    this.results.push({
      id,
      modelId,
      benchmarkId,
      subtaskId: r.subtaskId ?? null,
      ...setting,
      settingKey: settingKey(setting),
      score,
      stderr: r.stderr ?? null,
      n: r.n ?? null,
      source: r.source ?? 'paper',
      sourceKind: r.sourceKind ?? null,
      evaluatedOn: r.evaluatedOn ?? null,
      run: r.run ?? null,
    });
    return id;
  }
  inputs(): FlagInputs {
    return { models: this.models, benchmarks: this.benchmarks, results: this.results, confirmedBad: [], today: '2026-01-01' };
  }
  ctx(): RuleContext {
    return new RuleContext(new Snapshot(this.inputs()));
  }
}

describe('impossible-value', () => {
  it('flags a score above the ceiling, below zero, outside the unit range, not k/n, and a zero stderr', () => {
    const b = new Builder();
    const m = b.model('m');
    const gq = b.bench('GQ', { floor: 25, ceiling: 92, itemCount: 198 });
    const thirty = b.bench('Thirty', { itemCount: 30 });
    const frac = b.bench('Frac', { unit: 'fraction' });
    const above = b.result(m, gq, 94.4, { n: 198 });
    const neg = b.result(m, thirty, -3.2);
    // Five other models' results on Thirty lie on its k/30 grid, so the benchmark is plain per-item accuracy.
    for (const [i, k] of [3, 7, 11, 19, 23].entries()) b.result(b.model(`g${i}`), thirty, Math.round((k / 30) * 1000) / 10);
    const kn = b.result(m, thirty, 75, { source: 'other' });
    const zero = b.result(m, gq, 60.1, { stderr: 0, source: 'other' });
    const range = b.result(m, frac, 1.7);
    const flags = checkImpossibleValues(b.ctx());
    const kinds = (id: number) => flags.filter((f) => f.resultIds.includes(id)).map((f) => f.evidence.details?.['kind']);
    expect(kinds(above)).toEqual(['above-ceiling']);
    expect(kinds(neg)).toEqual(['below-zero']);
    expect(kinds(kn)).toEqual(['not-k-of-n']);
    expect(kinds(zero)).toContain('stderr-zero');
    expect(kinds(range)).toEqual(['out-of-range']);
    expect(flags.find((f) => f.resultIds.includes(neg))!.severity).toBe('high');
  });

  it('judges k/n only where the benchmark\'s own results lie on the grid: never on averaged scores such as a macro average', () => {
    const b = new Builder();
    const avg = b.bench('Averaged', { itemCount: 30 });
    // Scores of a mean over subjects or samples: printed precisely enough to tell, and off the k/30 grid.
    const ids = [41.3, 57.9, 63.4, 72.2, 38.8, 49.1].map((x, i) => b.result(b.model(`a${i}`), avg, x));
    expect(checkImpossibleValues(b.ctx()).filter((f) => f.evidence.details?.['kind'] === 'not-k-of-n')).toEqual([]);
    // The same scores once five of six lie on the grid: the one off it is flagged.
    const g = new Builder();
    const q = g.bench('Counted', { itemCount: 30 });
    for (const [i, k] of [5, 9, 13, 17, 21].entries()) g.result(g.model(`c${i}`), q, Math.round((k / 30) * 1000) / 10);
    const off = g.result(g.model('off'), q, 57.9);
    const flags = checkImpossibleValues(g.ctx()).filter((f) => f.evidence.details?.['kind'] === 'not-k-of-n');
    expect(flags.map((f) => f.resultIds)).toEqual([[off]]);
    expect(ids.length).toBe(6);
  });

  it('accepts k/n scores, binomial stderrs and chance-level noise', () => {
    const b = new Builder();
    const m = b.model('m');
    const q = b.bench('Q', { floor: 25, itemCount: 200 });
    b.result(m, q, 60.5, { stderr: 3.46 });
    b.result(m, q, 23.5, { source: 'x', stderr: 3.0 });
    expect(checkImpossibleValues(b.ctx())).toEqual([]);
  });

  it('flags a stderr far from the binomial for its item count', () => {
    const b = new Builder();
    const m = b.model('m');
    const q = b.bench('Q', { itemCount: 1000 });
    b.result(m, q, 50, { stderr: 0.1 });
    const f = checkImpossibleValues(b.ctx());
    expect(f.map((x) => x.evidence.details?.['kind'])).toEqual(['stderr-binomial']);
    expect(f[0]!.evidence.expected).toBeCloseTo(1.581, 3);
  });
});

describe('unit-slip', () => {
  it('reads a percentage typed into a fraction benchmark as a slip', () => {
    const b = new Builder();
    const m = b.model('m');
    const f = b.bench('F', { unit: 'fraction', floor: 0.25, ceiling: 0.98 });
    b.result(m, f, 97.5);
    const flags = checkUnitSlips(b.ctx());
    expect(flags).toHaveLength(1);
    expect(flags[0]!.severity).toBe('high');
    expect(flags[0]!.evidence.details?.['asIfConverted']).toBe(0.975);
  });

  it('reads a fraction typed into a percent benchmark as a slip when another source gives the percentage', () => {
    const b = new Builder();
    const m = b.model('m');
    const p = b.bench('P', { itemCount: 164 });
    b.result(m, p, 36.6, { source: 'lab' });
    const slip = b.result(m, p, 0.36, { source: 'leaderboard' });
    const flags = checkUnitSlips(b.ctx());
    expect(flags.map((f) => f.resultIds)).toEqual([[slip]]);
  });

  it('does not call a genuinely tiny percentage a slip', () => {
    const b = new Builder();
    const m = b.model('m');
    const p = b.bench('Hard');
    b.result(m, p, 0.6, { source: 'lab' });
    b.result(m, p, 0.9, { source: 'other' });
    expect(checkUnitSlips(b.ctx())).toEqual([]);
  });

  it('flags releases whose dates follow the decimal reading of their versions (v1.10 before v1.9)', () => {
    expect(versionOf('gizmo-v1.10')).toEqual({ prefix: 'gizmo-v', version: '1.10', suffix: '' });
    expect(compareVersions('1.10', '1.9')).toBeGreaterThan(0);
    const b = new Builder();
    b.model('gizmo-v1.9', '2024-06-01', 'Gizmo');
    const later = b.model('gizmo-v1.10', '2024-02-01', 'Gizmo');
    b.model('gizmo-v1.2', '2023-01-01', 'Gizmo');
    const flags = checkUnitSlips(b.ctx());
    expect(flags).toHaveLength(1);
    expect(flags[0]!.modelId).toBe(later);
    expect(flags[0]!.message).toMatch(/compared as numbers/);
  });

  it('leaves version sequences alone when dates follow the version order', () => {
    const b = new Builder();
    b.model('gizmo-v1.9', '2024-01-01', 'Gizmo');
    b.model('gizmo-v1.10', '2024-06-01', 'Gizmo');
    b.model('nimbus-5', '2025-01-01', 'Nimbus');
    b.model('nimbus-5.5', '2025-06-01', 'Nimbus');
    expect(checkUnitSlips(b.ctx())).toEqual([]);
  });
});

describe('date-anomaly', () => {
  it('flags results dated before the model or the benchmark was released, and in the future', () => {
    const b = new Builder();
    const m = b.model('m', '2024-10-22');
    const q = b.bench('Q', { releaseDate: '2024-01-01' });
    const early = b.result(m, q, 50, { evaluatedOn: '2024-09-07', sourceKind: 'third-party' });
    const beforeBench = b.result(b.model('old', '2023-01-01'), q, 40, { evaluatedOn: '2023-06-01' });
    const future = b.result(m, q, 50, { evaluatedOn: '2027-01-01', source: 'x' });
    b.result(m, q, 50, { evaluatedOn: '2024-11-01', source: 'fine' });
    const flags = checkDates(b.ctx());
    expect(flags.find((f) => f.resultIds[0] === early)!.severity).toBe('high');
    expect(flags.find((f) => f.resultIds[0] === beforeBench)!.evidence.details?.['kind']).toBe('before-benchmark-release');
    expect(flags.find((f) => f.resultIds[0] === future)!.evidence.details?.['kind']).toBe('in-the-future');
    expect(flags).toHaveLength(3);
  });
});

describe('conflicting-reports', () => {
  it('flags 52.8% and 22.1% for the same model from different sources, even when one does not state its shots', () => {
    const b = new Builder();
    const m = b.model('Baichuan 2 13B');
    const g = b.bench('GSM8K', { itemCount: 1319 });
    b.result(m, g, 52.8, { shots: 4, source: 'Baichuan 2 paper' });
    b.result(m, g, 52.8, { shots: 8, source: 'Qwen report' });
    const low = b.result(m, g, 22.1, { source: 'Yi paper' });
    const flags = checkConflictingReports(b.ctx());
    expect(flags).toHaveLength(1);
    expect(flags[0]!.subjectResultIds).toEqual([low]);
    expect(flags[0]!.evidence.values.map((v) => v.score).sort()).toEqual([22.1, 52.8, 52.8]);
    expect(flags[0]!.evidence.notes?.[0]).toMatch(/do(es)? not state/);
  });

  it('does not compare different stated settings, nor reports within their combined uncertainty', () => {
    const b = new Builder();
    const m = b.model('m');
    const g = b.bench('G', { itemCount: 1000 });
    b.result(m, g, 50, { shots: 0, source: 'a' });
    b.result(m, g, 70, { shots: 8, source: 'b' });
    b.result(m, g, 71.5, { shots: 8, source: 'c' });
    expect(checkConflictingReports(b.ctx())).toEqual([]);
  });

  it('uses a default uncertainty of 3% of the scale when neither stderr nor n is known, and says so', () => {
    const b = new Builder();
    const m = b.model('m');
    const g = b.bench('G');
    b.result(m, g, 50, { source: 'a' });
    b.result(m, g, 60, { source: 'b' });
    expect(checkConflictingReports(b.ctx())).toEqual([]);
    b.result(m, g, 80, { source: 'c' });
    const flags = checkConflictingReports(b.ctx());
    expect(flags).toHaveLength(1);
    expect(flags[0]!.severity).not.toBe('high');
    expect(flags[0]!.evidence.notes?.join(' ')).toMatch(/±3%/);
  });
});

describe('regression', () => {
  it('flags a later family member far below its predecessor in the same setting and source', () => {
    const b = new Builder();
    const old = b.model('tess-2', '2023-07-18', 'Tess');
    const neu = b.model('tess-3', '2024-04-18', 'Tess');
    const q = b.bench('LexiQA', { itemCount: 8000 });
    b.result(old, q, 83.9, { shots: 5 });
    const bad = b.result(neu, q, 75.9, { shots: 5 });
    const flags = checkRegressions(b.ctx());
    expect(flags).toHaveLength(1);
    expect(flags[0]!.subjectResultIds).toEqual([bad]);
    expect(flags[0]!.severity).toBe('high');
  });

  it('ignores small drops, other settings and models without a family', () => {
    const b = new Builder();
    const old = b.model('a-1', '2023-01-01', 'A');
    const neu = b.model('a-2', '2024-01-01', 'A');
    const q = b.bench('Q', { itemCount: 500 });
    b.result(old, q, 80, { shots: 5 });
    b.result(neu, q, 79, { shots: 5 });
    b.result(neu, q, 40, { shots: 0 });
    const x = b.model('x', '2022-01-01');
    const y = b.model('y', '2023-01-01');
    b.result(x, q, 90);
    b.result(y, q, 10);
    expect(checkRegressions(b.ctx())).toEqual([]);
  });
});

describe('aggregate-mismatch', () => {
  it('flags an aggregate that is not the weighted mean of its subtasks, within rounding otherwise', () => {
    const b = new Builder();
    const m = b.model('m');
    const q = b.bench('Q', { subtasks: [{ name: 'a', weight: 0.25, itemCount: 100 }, { name: 'b', weight: 0.75, itemCount: 300 }] });
    b.result(m, q, 60, { subtaskId: b.sub(q, 'a') });
    b.result(m, q, 80, { subtaskId: b.sub(q, 'b') });
    b.result(m, q, 75);
    b.result(m, q, 60, { subtaskId: b.sub(q, 'a'), source: 'r2' });
    b.result(m, q, 80, { subtaskId: b.sub(q, 'b'), source: 'r2' });
    const agg = b.result(m, q, 80.5, { source: 'r2' });
    const flags = checkAggregates(b.ctx());
    expect(flags.map((f) => f.subjectResultIds)).toEqual([[agg]]);
    expect(flags[0]!.evidence.expected).toBe(75);
    expect(flags[0]!.evidence.difference).toBe(5.5);
    expect(flags[0]!.severity).toBe('high');
  });
});

describe('ordering', () => {
  it('flags an easy subtask failed while harder ones pass, judging difficulty by other models when there is no capability fit', () => {
    const b = new Builder();
    const q = b.bench('Arith', { subtasks: [{ name: 'compare', itemCount: 100 }, { name: 'multiply', itemCount: 500 }, { name: 'divide', itemCount: 500 }] });
    for (let i = 0; i < 4; i++) {
      const m = b.model(`m${i}`);
      b.result(m, q, 95, { subtaskId: b.sub(q, 'compare') });
      b.result(m, q, 60 + i, { subtaskId: b.sub(q, 'multiply') });
      b.result(m, q, 40 + i, { subtaskId: b.sub(q, 'divide') });
    }
    const strong = b.model('strong');
    const bad = b.result(strong, q, 48, { subtaskId: b.sub(q, 'compare') });
    b.result(strong, q, 97, { subtaskId: b.sub(q, 'multiply') });
    b.result(strong, q, 95, { subtaskId: b.sub(q, 'divide') });
    const flags = checkOrdering(b.ctx());
    expect(flags).toHaveLength(1);
    expect(flags[0]!.subjectResultIds).toEqual([bad]);
    expect(flags[0]!.evidence.details?.['difficultyFrom']).toBe("other models' mean scores");
  });
});

/** A workspace drawn from the capability model: 30 models × 12 benchmarks, 500 items each, exactly on the curve. */
function modelWorkspace(): { b: Builder; models: number[]; benches: number[] } {
  const b = new Builder();
  const models: number[] = [];
  const benches: number[] = [];
  for (let j = 0; j < 12; j++) benches.push(b.bench(`B${j}`, { itemCount: 500 }));
  for (let i = 0; i < 30; i++) {
    const theta = -2 + (4 * i) / 29;
    const m = b.model(`model-${i}`, `20${10 + Math.floor(i / 3)}-0${1 + (i % 3)}-15`);
    models.push(m);
    benches.forEach((bid, j) => {
      const d = -1.5 + (3 * j) / 11;
      const p = 1 / (1 + Math.exp(-1.7 * (theta - d)));
      b.result(m, bid, Math.round(p * 500) / 5, { n: 500 });
    });
  }
  return { b, models, benches };
}

describe('surprising-failure', () => {
  it('flags a strong model failing an easy benchmark, with its other scores and expectations as evidence', () => {
    const { b, models, benches } = modelWorkspace();
    const strong = models[28]!;
    const r = b.results.find((x) => x.modelId === strong && x.benchmarkId === benches[0])!;
    r.score = 48;
    const flags = checkSurprises(b.ctx());
    expect(flags.map((f) => [f.rule, f.resultIds[0]])).toEqual([['surprising-failure', r.id]]);
    expect(flags[0]!.severity).toBe('high');
    expect(flags[0]!.evidence.expected).toBeGreaterThan(95);
    expect(flags[0]!.evidence.modelScores!.length).toBe(11);
  });

  it('raises nothing on data that follows the model', () => {
    const { b } = modelWorkspace();
    expect(runChecks(b.inputs()).flags.filter((f) => f.rule.startsWith('surprising'))).toEqual([]);
  });
});

describe('above-trend', () => {
  it('flags a model far above the frontier trend at its release date', () => {
    const b = new Builder();
    const q = b.bench('Olympiad');
    const years = [2020, 2021, 2022, 2023, 2024, 2025, 2026];
    years.forEach((y, i) => {
      const m = b.model(`frontier-${y}`, `${y}-06-01`);
      b.result(m, q, Math.round(1000 / (1 + Math.exp(-1.2 * (i - 3.5)))) / 10);
    });
    const small = b.model('tiny-math', '2021-09-01');
    const r = b.result(small, q, 80);
    const flags = checkAboveTrend(b.ctx());
    expect(flags.map((f) => f.resultIds)).toEqual([[r]]);
    expect(flags[0]!.evidence.trend!.frontier.length).toBeGreaterThanOrEqual(4);
  });
});

describe('training curves and replicates', () => {
  it('reads a checkpoint\'s run and step from name@revision, and no step from a hash or a date', () => {
    expect(checkpointOf('pythia-160m@step143000')).toEqual({ base: 'pythia-160m', step: 143000 });
    expect(checkpointOf('olmo-7b@stage1-step5000-tokens21B')).toEqual({ base: 'olmo-7b', step: 5000 });
    expect(checkpointOf('run@1000')).toEqual({ base: 'run', step: 1000 });
    expect(checkpointOf('model@3f2a9c1')).toBeNull();
    expect(checkpointOf('gpt-4o@2024-05-13')).toBeNull();
    expect(checkpointOf('plain-model')).toBeNull();
  });

  it('compares checkpoints along training: a drop between steps is a regression, never a conflicting report', () => {
    const b = new Builder();
    const q = b.bench('Q', { unit: 'fraction', itemCount: 2000 });
    const scores = [0.31, 0.42, 0.5, 0.31, 0.58];
    const ids = scores.map((s, i) => b.result(b.model(`run-1b@step${(i + 1) * 1000}`, null, 'run'), q, s, { source: 'harness A' }));
    const flags = runChecks(b.inputs()).flags;
    expect(flags.filter((f) => f.rule === 'conflicting-reports')).toEqual([]);
    const training = checkTrainingRegressions(b.ctx());
    expect(training.map((f) => f.subjectResultIds)).toEqual([[ids[3]]]);
    expect(training[0]!.evidence.details?.['previousStep']).toBe(3000);
    expect(flags.some((f) => f.rule === 'regression' && f.subjectResultIds.includes(ids[3]!))).toBe(true);
  });

  it('never pairs replicates (seeds) of one source as conflicting reports', () => {
    const b = new Builder();
    const m = b.model('m');
    const q = b.bench('Q', { unit: 'fraction', itemCount: 500 });
    for (const [i, s] of [0.41, 0.52, 0.47].entries()) b.result(m, q, s, { source: 'own run', run: `seed ${i}` });
    expect(checkConflictingReports(b.ctx())).toEqual([]);
    expect(checkRegressions(b.ctx())).toEqual([]);
  });
});

describe('surprising success by size', () => {
  it('reads a size from a model name: 7b, 8x22B, 1.3B, 160m; an active count after a letter and version numbers are not sizes', () => {
    expect(sizeFromName('meta-llama/Llama-2-7b-hf')).toBe(7e9);
    expect(sizeFromName('Mixtral-8x22B-v0.1')).toBe(176e9);
    expect(sizeFromName('pythia-1.3B')).toBeCloseTo(1.3e9);
    expect(sizeFromName('pythia-160m@step143000')).toBe(1.6e8);
    expect(sizeFromName('Qwen3-235B-A22B')).toBe(235e9);
    expect(sizeFromName('gpt-3.5-turbo')).toBeNull();
    expect(sizeFromName('gpt-4o')).toBeNull();
  });

  it('flags a 7B model with frontier-level scores, and no model that follows the size trend', () => {
    const b = new Builder();
    const benches = ['A', 'B', 'C', 'D', 'E', 'F'].map((n, i) => ({ id: b.bench(n, { unit: 'fraction', floor: 0.25, itemCount: 1000 }), d: -1 + i * 0.4 }));
    const sizes = [0.1, 0.3, 0.5, 1, 1.4, 2.8, 3, 6.9, 7, 8, 12, 13, 30, 34, 65, 70, 180];
    const score = (theta: number, d: number) => Math.round((0.25 + 0.75 / (1 + Math.exp(-(theta - d)))) * 1000) / 1000;
    for (const [i, s] of sizes.entries()) {
      const m = b.model(`m${i}-${s}b`);
      const theta = -2 + 1.2 * Math.log10(s) + (i % 3 === 0 ? 0.15 : i % 3 === 1 ? -0.15 : 0);
      for (const x of benches) b.result(m, x.id, score(theta, x.d));
    }
    const cheat = b.model('contaminated-7b');
    for (const x of benches) b.result(cheat, x.id, score(1.5, x.d));
    const flags = checkSizeSurprises(b.ctx());
    expect(flags.map((f) => f.modelId)).toEqual([cheat]);
    expect(flags[0]!.evidence.details?.['fromName']).toBe(true);
  });
});
