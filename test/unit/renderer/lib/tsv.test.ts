import { describe, expect, it } from 'vitest';
import { headerlessResultColumns, looksNumeric, parseTsv, pastedColumns } from '../../../../src-renderer/src/lib/tsv';

const columnsOf = (text: string) => pastedColumns(parseTsv(text), headerlessResultColumns).columns;

describe('pasted results without a header row', () => {
  it('reads three columns as model, benchmark, score', () => {
    expect(columnsOf('gale-5\tArithBench\t95.5')).toEqual(['model', 'benchmark', 'score']);
  });

  it('reads four columns as model, benchmark, subtask, score when the third is not a number', () => {
    expect(columnsOf('gale-5\tArithBench\tadd\t95.5\ngale-5\tArithBench\tmul\t91')).toEqual(['model', 'benchmark', 'subtask', 'score']);
  });

  it('reads four columns as model, benchmark, score, stderr when the third is a number in every row', () => {
    expect(columnsOf('gale-5\tArithBench\t95.5\t0.4\ngale-6\tArithBench\t97 %\t')).toEqual(['model', 'benchmark', 'score', 'stderr']);
  });

  it('keeps the subtask order when the third column is empty (a block with the subtask left blank)', () => {
    expect(columnsOf('gale-5\tArithBench\t\t95.5')).toEqual(['model', 'benchmark', 'subtask', 'score']);
  });

  it('tells numbers as spreadsheets show them from names', () => {
    for (const n of ['95.5', '-0.3', '.5', '1e-3', '97.9 %', '1,234.5', '95,5', '+2']) expect(looksNumeric(n), n).toBe(true);
    for (const t of ['add', 'n/a', '-', '', 'gsm8k', '5-shot', '%']) expect(looksNumeric(t), t).toBe(false);
  });

  it('still maps a block with a header row by its names', () => {
    expect(columnsOf('score\tbenchmark\tmodel\n0.9\tHumanEval\tBeta-2')).toEqual(['score', 'benchmark', 'model']);
  });
});
