/**
 * Precision on real data: anomalies planted into real public tables (../shared/data) are each found by their own rule,
 * and the untouched results raise nothing above low severity that the clean table did not already raise. The tables
 * are imported once through the API, as a user would import them; the plants are made on the snapshot the checks read
 * (FlagInputs), so every case runs the real rules in milliseconds.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FlagRule } from '../../../../src-main/common/flags';
import { loadFlagInputs, type FlagInputs, type InputResult } from '../../../../src-main/core/flags/inputs';
import { runChecks, type CheckedFlag } from '../../../../src-main/core/flags/run';
import { apiFor } from '../../../helpers/api';
import { sharedData } from '../../../helpers/sharedData';
import { tempWorkspace } from '../../../helpers/workspace';

async function importTable(...parts: string[]): Promise<FlagInputs> {
  const ws = tempWorkspace();
  try {
    const api = apiFor(ws);
    const file = sharedData(...parts);
    await api.call('import/apply', { fileName: parts[parts.length - 1]!, content: readFileSync(file, 'utf8') });
    return loadFlagInputs(ws.db, '2026-01-01');
  } finally {
    ws.dispose();
  }
}

/** A copy of the snapshot whose results and models can be changed without touching the original. */
function copy(inputs: FlagInputs): FlagInputs {
  return { ...inputs, models: inputs.models.map((m) => ({ ...m })), results: inputs.results.map((r) => ({ ...r })) };
}

const benchId = (inputs: FlagInputs, name: string): number => {
  const b = inputs.benchmarks.find((x) => x.name === name);
  if (!b) throw new Error(`no benchmark ${name} among ${inputs.benchmarks.map((x) => x.name).join(', ')}`);
  return b.id;
};
const modelId = (inputs: FlagInputs, name: string): number => {
  const m = inputs.models.find((x) => x.name === name);
  if (!m) throw new Error(`no model ${name}`);
  return m.id;
};
const resultOf = (inputs: FlagInputs, model: string, bench: string): InputResult => {
  const r = inputs.results.find((x) => x.modelId === modelId(inputs, model) && x.benchmarkId === benchId(inputs, bench) && x.subtaskId === null);
  if (!r) throw new Error(`no result of ${model} on ${bench}`);
  return r;
};

const medium = (flags: readonly CheckedFlag[]) => flags.filter((f) => f.severity !== 'low');
/** What a flag is about, independent of result ids planted copies may add. */
const about = (f: CheckedFlag) => `${f.rule}|${f.identity}`;

/**
 * Plant one anomaly, run every check, and return the flags on the planted results and the medium-or-higher flags on
 * untouched results that the clean table did not raise.
 */
function plant(clean: FlagInputs, cleanFlags: readonly CheckedFlag[], change: (x: FlagInputs) => number[]): { hits: CheckedFlag[]; collateral: CheckedFlag[] } {
  const x = copy(clean);
  const planted = new Set(change(x));
  const flags = runChecks(x).flags;
  const before = new Set(medium(cleanFlags).map(about));
  return {
    hits: flags.filter((f) => f.subjectResultIds.some((id) => planted.has(id))),
    collateral: medium(flags).filter((f) => !f.subjectResultIds.some((id) => planted.has(id)) && !before.has(about(f))),
  };
}

const rules = (fs: readonly CheckedFlag[]): FlagRule[] => [...new Set(fs.map((f) => f.rule))].sort();
const describeFlags = (fs: readonly CheckedFlag[]) => fs.map((f) => `${f.severity} ${f.rule}: ${f.message.slice(0, 160)}`).join('\n');

describe('flags on real tables with planted anomalies (obsscaling: 148 base models × 8 benchmarks)', () => {
  let clean: FlagInputs;
  let cleanFlags: CheckedFlag[];
  let nextId: number;

  beforeAll(async () => {
    clean = await importTable('obsscaling', 'base_llm_benchmark_eval.csv');
    cleanFlags = runChecks(clean).flags;
    nextId = Math.max(...clean.results.map((r) => r.id)) + 1;
  });

  it('raises medium-or-higher flags on at most 1% of the clean table\'s results', () => {
    const covered = new Set(medium(cleanFlags).flatMap((f) => f.subjectResultIds));
    expect(clean.results.length).toBeGreaterThan(1000);
    expect(covered.size / clean.results.length, describeFlags(medium(cleanFlags))).toBeLessThanOrEqual(0.01);
  });

  it('finds a percent slip (a fraction written as a percentage) as a unit slip, and nothing else', () => {
    const { hits, collateral } = plant(clean, cleanFlags, (x) => {
      const r = resultOf(x, 'meta-llama/Llama-2-13b-hf', 'MMLU');
      r.score = Math.round(r.score * 1000) / 10;
      return [r.id];
    });
    expect(rules(hits), describeFlags(hits)).toEqual(['unit-slip']);
    expect(hits[0]!.severity).toBe('high');
    expect(collateral, describeFlags(collateral)).toEqual([]);
  });

  it('finds a tenfold error (a misplaced decimal point) as a unit slip', () => {
    const { hits, collateral } = plant(clean, cleanFlags, (x) => {
      const r = resultOf(x, 'meta-llama/Llama-2-70b-hf', 'GSM8K');
      r.score = r.score / 10;
      return [r.id];
    });
    expect(rules(hits), describeFlags(hits)).toEqual(['unit-slip']);
    expect(hits[0]!.evidence.details?.['kind']).toBe('tenfold');
    expect(collateral, describeFlags(collateral)).toEqual([]);
  });

  it('finds a copied score (a strong model\'s score pasted into a small model\'s row) as a surprising success', () => {
    const { hits, collateral } = plant(clean, cleanFlags, (x) => {
      const r = resultOf(x, 'EleutherAI/pythia-410m-deduped', 'GSM8K');
      r.score = resultOf(x, 'meta-llama/Llama-2-70b-hf', 'GSM8K').score;
      return [r.id];
    });
    expect(rules(hits), describeFlags(hits)).toEqual(['surprising-success']);
    expect(collateral, describeFlags(collateral)).toEqual([]);
  });

  it('finds a mis-mapped column (a second leaderboard whose MMLU column holds HellaSwag) as one conflicting-reports flag for its source', () => {
    const { hits, collateral } = plant(clean, cleanFlags, (x) => {
      const ids: number[] = [];
      const mmlu = benchId(x, 'MMLU');
      const hella = benchId(x, 'HellaSwag');
      const models = x.models.slice(0, 40);
      for (const m of models) {
        const h = x.results.find((r) => r.modelId === m.id && r.benchmarkId === hella && r.subtaskId === null);
        const own = x.results.find((r) => r.modelId === m.id && r.benchmarkId === mmlu && r.subtaskId === null);
        if (!h || !own) continue;
        // The mirror leaderboard reports HellaSwag under MMLU, and its other columns faithfully.
        const id = nextId++;
        x.results.push({ ...own, id, score: h.score, source: 'mirror leaderboard' });
        ids.push(id);
      }
      return ids;
    });
    expect(rules(hits), describeFlags(hits)).toEqual(['conflicting-reports']);
    const merged = hits.filter((f) => f.evidence.details?.['cause'] === 'source');
    expect(merged, describeFlags(hits)).toHaveLength(1);
    expect(merged[0]!.subjectResultIds.length).toBeGreaterThanOrEqual(15);
    expect(collateral, describeFlags(collateral)).toEqual([]);
  });

  it('finds a contaminated 7B model with frontier-level scores as a surprising success for its size (read from its name)', () => {
    const { hits, collateral } = plant(clean, cleanFlags, (x) => {
      const id = Math.max(...x.models.map((m) => m.id)) + 1;
      x.models.push({ id, name: 'acme/contaminated-7b', family: null, releaseDate: null, parameters: null, trainingComputeFlop: null });
      const ids: number[] = [];
      for (const b of x.benchmarks) {
        const best = x.results.filter((r) => r.benchmarkId === b.id && r.subtaskId === null).reduce((a, r) => (r.score > a.score ? r : a));
        const rid = nextId++;
        x.results.push({ ...best, id: rid, modelId: id, source: 'acme' });
        ids.push(rid);
      }
      return ids;
    });
    const size = hits.filter((f) => f.evidence.details?.['kind'] === 'size');
    expect(size, describeFlags(hits)).toHaveLength(1);
    expect(size[0]!.evidence.details?.['fromName']).toBe(true);
    expect(rules(hits), describeFlags(hits)).toEqual(['surprising-success']);
    expect(collateral, describeFlags(collateral)).toEqual([]);
  });
});

describe('flags on a real table with a fresh twin (simple-evals: MMLU and GPQA)', () => {
  let clean: FlagInputs;
  let cleanFlags: CheckedFlag[];

  beforeAll(async () => {
    clean = await importTable('openai_simple_evals', 'README.md');
    cleanFlags = runChecks(clean).flags;
  });

  it('flags no model for its MMLU−GPQA gap on the clean table', () => {
    expect(cleanFlags.filter((f) => f.evidence.details?.['kind'] === 'fresh-twin')).toEqual([]);
  });

  it('finds a model whose MMLU is far above what its GPQA predicts as a surprising success against the fresh twin', () => {
    const { hits, collateral } = plant(clean, cleanFlags, (x) => {
      const gpqa = benchId(x, 'GPQA');
      const mmlu = benchId(x, 'MMLU');
      // The model with the lowest GPQA among those with both scores: its MMLU raised to the best MMLU in the table.
      const both = x.results.filter((r) => r.benchmarkId === gpqa && x.results.some((o) => o.modelId === r.modelId && o.benchmarkId === mmlu));
      const weakest = both.reduce((a, r) => (r.score < a.score ? r : a));
      const target = x.results.filter((r) => r.modelId === weakest.modelId && r.benchmarkId === mmlu);
      const top = Math.max(...x.results.filter((r) => r.benchmarkId === mmlu).map((r) => r.score));
      for (const r of target) r.score = top;
      return target.map((r) => r.id);
    });
    const twin = hits.filter((f) => f.evidence.details?.['kind'] === 'fresh-twin');
    expect(twin, describeFlags(hits)).toHaveLength(1);
    expect(twin[0]!.evidence.details?.['twin']).toBe('GPQA');
    expect(rules(hits), describeFlags(hits)).toEqual(['surprising-success']);
    expect(collateral, describeFlags(collateral)).toEqual([]);
  });
});
