/**
 * The row checks derived from RESULT_RULES (src-main/common/resultRules.ts), per row of an import: the importer's fast
 * check and the writer's check as compiled from the table, next to the same checks walking the table row by row (the
 * fallback where code cannot be compiled) and to zod's resultInput.safeParse (what every row would cost without the
 * fast check). Rows are shaped as the importer builds them (bench/import.ts's file: settings, a source, a kind and a
 * date on every row; the writer's rows made by toResolved). Each variant runs 1,000,000 calls per round, in alternating
 * order, and is timed in process CPU time (steadier than wall time on a shared machine); ratios are of the medians.
 *
 *   npx tsx bench/validRow.ts            # ROUNDS=15 by default
 */
import os from 'node:os';
import path from 'node:path';
import { ALL_FIELDS, CHECKED_FIELDS, columnOf, passesResultRules, storedRuleFailure, walkCheck, type ResultRow } from '../src-main/common/resultRules';
import { resultInput } from '../src-main/common/schemas';
import type { ResolvedResult } from '../src-main/core/db/repositories/results';
import { toResolved, type ResultArg } from '../src-main/core/ingest/results';
import { headline } from './headline';

const CALLS = 1_000_000;
/** Rows cycled through (a power of two): enough to leave the checks no single shape or value to settle on. */
const POOL = 4096;

/** Candidates as importResults builds them: a run column on one row in 50, no partial column. */
function candidates(): ResultRow[] {
  const kinds = ['lab-reported', 'third-party', 'own-run'] as const;
  return Array.from({ length: POOL }, (_, i) => {
    const run = i % 50 === 0 ? 'run 2' : null;
    return {
      model: `llama-${i % 1000}-7b`,
      benchmark: `Bench-${String(i % 200).padStart(3, '0')}`,
      subtask: i % 5 ? `task-${i % 10}` : null,
      score: 0.2 + (i % 997) / 1300,
      stderr: 0.005 + (i % 13) / 1000,
      n: 500 + (i % 7) * 100,
      shots: i % 3 ? 5 : 0,
      cot: i % 2 === 0,
      passK: null,
      testTimeCompute: null,
      effort: null,
      source: `bench-suite-${i % 4}`,
      sourceKind: kinds[i % 3]!,
      evaluatedOn: `2024-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      notes: null,
      ...(run !== null ? { run } : {}),
    };
  });
}

/** The same rows as the writer is handed them (toResolved, as the importer calls it). */
function resolved(rows: ResultRow[]): ResolvedResult[] {
  const opts = { createMissing: true, user: 'bench', importId: 1 };
  return rows.map((r, i) => toResolved(r as ResultArg, i + 2, { modelId: 1 + (i % 1000), benchmarkId: 1 + (i % 200), subtaskId: r.subtask === null ? null : 1 }, opts));
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU ms per CALLS calls of each variant (the writer's variants, named `stored`, on the resolved rows), one entry per round. */
function measure<R>(variants: Record<string, (row: R) => unknown>, rows: readonly R[], rounds: number, resolvedRows: readonly R[]): Record<string, number[]> {
  const names = Object.keys(variants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const input = (n: string) => (n === 'stored' ? resolvedRows : rows);
  let sink = 0;
  for (const n of names) for (let i = 0; i < 200_000; i++) if (variants[n]!(input(n)[i & (POOL - 1)]!)) sink++;
  for (let k = 0; k < rounds; k++) {
    for (const n of k % 2 ? [...names].reverse() : names) {
      const f = variants[n]!;
      const data = input(n);
      // zod takes some 3 µs a row: a tenth of the calls, scaled.
      const calls = n === 'zod' ? CALLS / 10 : CALLS;
      const t = cpuMs();
      for (let i = 0; i < calls; i++) if (f(data[i & (POOL - 1)]!)) sink++;
      times[n]!.push(((cpuMs() - t) * CALLS) / calls);
    }
  }
  if (sink === -1) console.log('');
  return times;
}

const median = (a: readonly number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const ratio = (a: readonly number[], b: readonly number[]) => median(a) / median(b);

export function main(): void {
  const rounds = Number(process.env.ROUNDS ?? 15);
  const rows = candidates();
  const walkedFast = walkCheck(ALL_FIELDS, 'rule', true, () => false);
  const walkedStored = walkCheck<string | null>(CHECKED_FIELDS, 'stored', null, columnOf);
  // The compiled checks first, on their own: the walk and zod call isCalendarDate and isTrimmedSpace too, and the type
  // feedback they leave there would slow the compiled checks below what an import sees (which calls zod rarely).
  const compiled = measure(
    { fast: passesResultRules as (r: ResultRow | ResolvedResult) => unknown, stored: (r: ResultRow | ResolvedResult) => storedRuleFailure(r) === null },
    rows, rounds, resolved(rows),
  );
  const others = measure(
    { fast: walkedFast as (r: ResultRow | ResolvedResult) => unknown, stored: (r: ResultRow | ResolvedResult) => walkedStored(r) === null, zod: (r: ResultRow | ResolvedResult) => resultInput.safeParse(r).success },
    rows, rounds, resolved(rows),
  );
  const fast = { compiled: compiled.fast!, walked: others.fast!, 'zod safeParse': others.zod! };
  const stored = { compiled: compiled.stored!, walked: others.stored! };
  const line = (name: string, t: number[], extra = '') =>
    console.log(`  ${name.padEnd(40)} ${median(t).toFixed(1).padStart(7)} ms per 1M rows (best ${Math.min(...t).toFixed(1)})${extra}`);
  console.log(`row checks derived from RESULT_RULES, CPU time, ${rounds} rounds (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}):`);
  line('fast check, compiled (passesResultRules)', fast.compiled!);
  line('fast check, walking the table', fast.walked!, `   ${ratio(fast.walked!, fast.compiled!).toFixed(1)}× the compiled`);
  line('zod resultInput.safeParse', fast['zod safeParse']!, `   ${ratio(fast['zod safeParse']!, fast.compiled!).toFixed(0)}× the compiled`);
  line('writer check, compiled (storedRuleFailure)', stored.compiled!);
  line('writer check, walking the table', stored.walked!, `   ${ratio(stored.walked!, stored.compiled!).toFixed(1)}× the compiled`);
  headline({
    bench: 'validRow',
    measure: 'result row checks, CPU ns per row: fast check / writer check (compiled from RESULT_RULES)',
    value: `${median(fast.compiled!).toFixed(0)} / ${median(stored.compiled!).toFixed(0)} ns`,
    reference: `zod safeParse ${median(fast['zod safeParse']!).toFixed(0)} ns; walking the table ${median(fast.walked!).toFixed(0)} / ${median(stored.walked!).toFixed(0)} ns`,
    ratio: `${ratio(fast['zod safeParse']!, fast.compiled!).toFixed(0)}× faster than zod, ${ratio(fast.walked!, fast.compiled!).toFixed(1)}× than walking`,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) main();
