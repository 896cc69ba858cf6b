import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRequestsFor, isBinary } from '../../../src-main/cli/importFiles';
import { sharedData } from '../../helpers/sharedData';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'importers');

describe('files for headroom import', () => {
  it('sends a HELM run folder as stats.json with its run_spec.json, named by folder', () => {
    const reqs = importRequestsFor(path.join(FIXTURES, 'helm'));
    expect(reqs.map((r) => r.fileName)).toEqual(['helm/mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2/stats.json']);
    expect(reqs[0]!.companions?.map((c) => c.fileName)).toEqual(['helm/mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2/run_spec.json']);
  });

  it('imports every recognised file of a data folder and skips SOURCE and LICENSE', () => {
    const reqs = importRequestsFor(sharedData('lm_eval_harness_format'));
    expect(reqs.map((r) => path.basename(r.fileName)).sort()).toEqual([
      'v0.3style_arc_challenge-v2.0-res.json',
      'v0.3style_lambada_openai-v2.0-res.json',
      'v0.4_cpu_group_regression_expected.json',
      'v0.4_cpu_regression_expected.json',
      'v0.4_results_2025-01-21T00-40-03.356274__gemma-2-2b_steered_mmlu_abstract_algebra.json',
    ]);
  });

  it('sends a stats.json given on its own as a folder import would: named with its run folder, with its run_spec.json', () => {
    const run = 'bbq:subject=all,method=multiple_choice_joint,model=anthropic_claude-3-5-sonnet-20240620';
    const reqs = importRequestsFor(sharedData('tool_outputs', 'helm', run, 'stats.json'));
    expect(reqs.map((r) => r.fileName)).toEqual([`${run}/stats.json`]);
    expect(reqs[0]!.companions?.map((c) => c.fileName)).toEqual([`${run}/run_spec.json`]);
    // The same names as importing the folder, so both ways store one result under one source.
    const folder = importRequestsFor(sharedData('tool_outputs', 'helm', run));
    expect(folder.map((r) => r.fileName)).toEqual(reqs.map((r) => r.fileName));
  });

  it('tells binary files from text', () => {
    expect(isBinary(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toBe(true);
    expect(isBinary(Buffer.from('model,benchmark\n'))).toBe(false);
    expect(isBinary(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe(true);
  });
});
