/**
 * `npm run bench -- flags-precision`: each real table of ../shared/data imported with no options into a fresh
 * workspace (as a new user would: `headroom import <file or folder>`), flags recomputed, and the flags counted by rule
 * and severity with their share of the workspace's results. Writes every flag of every table to
 * test-results/flags-precision.json, for the hand-checked sample docs/methods.md ("Flags", "Precision on real
 * data") reports. Then `headroom flags` (recompute and print, the CLI in a child process, its start included) on the
 * generated 100k-result workspace of bench/scale.ts, against the target of 10 s. Not a pass/fail test: the
 * planted-anomaly test (test/unit/core/flags/planted.test.ts) is.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Flag, FlagRule, Severity } from '../src-main/common/flags';
import { importRequestsFor } from '../src-main/cli/importFiles';
import { createDispatcher } from '../src-main/core/dispatch';
import { createHandlers } from '../src-main/core/service';
import { closeWorkspace, openWorkspaceFile } from '../src-main/core/workspace';
import { generateWorkspaceCsv, SCALE_SHAPES } from '../test/helpers/generatedWorkspace';
import { headline } from './headline';

const DATA = path.resolve(__dirname, '..', '..', 'shared', 'data');

/** The real tables: a name and the files or folders imported into one workspace. */
export const REAL_TABLES: { name: string; paths: string[] }[] = [
  { name: 'obsscaling base models (148 × 8)', paths: ['obsscaling/base_llm_benchmark_eval.csv'] },
  { name: 'obsscaling, all six tables', paths: ['obsscaling'] },
  { name: 'HF Open LLM v2 (BenchBench)', paths: ['benchbench_leaderboards/hf_open_llm_v2_240829_holistic.csv'] },
  { name: 'BenchBench, all 20 leaderboards', paths: ['benchbench_leaderboards'] },
  { name: 'Epoch benchmark stitching folder', paths: ['epoch_benchmark_stitching'] },
  { name: 'Pythia/OPT/BLOOM lm-eval files', paths: ['pythia_lm_eval_json'] },
  { name: 'simple-evals (README history)', paths: ['openai_simple_evals'] },
  { name: 'lm-eval harness format samples', paths: ['lm_eval_harness_format'] },
];

export interface TableFlags {
  name: string;
  results: number;
  flags: Flag[];
  byRuleSeverity: Partial<Record<FlagRule, Record<Severity, number>>>;
  bySeverity: Record<Severity, number>;
  /** Results covered by medium-or-higher flags, over all results. */
  mediumShare: number;
  recomputeMs: number;
}

/** Import one table into a fresh workspace and recompute its flags. */
export async function flagsOfTable(t: { name: string; paths: string[] }): Promise<TableFlags> {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-flags-'));
  const ws = openWorkspaceFile(path.join(dir, 'ws.db'));
  const dispatch = createDispatcher(createHandlers(() => ws));
  const call = async (method: string, arg: unknown): Promise<unknown> => {
    const env = await dispatch(method, arg, { user: 'bench' });
    if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
    return env.value;
  };
  try {
    for (const p of t.paths) {
      for (const req of importRequestsFor(path.join(DATA, p))) {
        try {
          await call('import/apply', req);
        } catch {
          // A file no format reads (a SOURCE note, a benchmark list) is skipped, as `headroom import` reports it.
        }
      }
    }
    const results = (ws.db.prepare('SELECT COUNT(*) AS n FROM results WHERE benchmark_id IN (SELECT id FROM benchmarks WHERE bounded = 1)').get() as { n: number }).n;
    const t0 = performance.now();
    await call('flags/recompute', {});
    const recomputeMs = performance.now() - t0;
    const flags = (await call('flags/list', {})) as Flag[];
    const byRuleSeverity: TableFlags['byRuleSeverity'] = {};
    const bySeverity: Record<Severity, number> = { low: 0, medium: 0, high: 0 };
    const covered = new Set<number>();
    for (const f of flags) {
      const r = (byRuleSeverity[f.rule] ??= { low: 0, medium: 0, high: 0 });
      r[f.severity]++;
      bySeverity[f.severity]++;
      if (f.severity !== 'low') for (const id of f.subjectResultIds) covered.add(id);
    }
    return { name: t.name, results, flags, byRuleSeverity, bySeverity, mediumShare: results ? covered.size / results : 0, recomputeMs };
  } finally {
    closeWorkspace(ws);
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

export async function main(): Promise<void> {
  const out: TableFlags[] = [];
  for (const t of REAL_TABLES) {
    const r = await flagsOfTable(t);
    out.push(r);
    process.stdout.write(
      `\n${r.name}: ${r.results} results, ${r.flags.length} flags (high ${r.bySeverity.high}, medium ${r.bySeverity.medium}, low ${r.bySeverity.low}); ` +
        `results under a medium+ flag: ${pct(r.mediumShare)}; recompute ${r.recomputeMs.toFixed(0)} ms\n`,
    );
    for (const [rule, s] of Object.entries(r.byRuleSeverity)) {
      process.stdout.write(`  ${rule.padEnd(20)} high ${String(s.high).padStart(4)}  medium ${String(s.medium).padStart(4)}  low ${String(s.low).padStart(4)}\n`);
    }
    headline({ bench: 'flags-precision', measure: `${r.name}: medium+ share`, value: pct(r.mediumShare), reference: 'target ≤ 1%' });
  }
  const dir = path.resolve(__dirname, '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'flags-precision.json'),
    JSON.stringify(out.map((r) => ({ ...r, flags: r.flags.map((f) => ({ rule: f.rule, severity: f.severity, model: f.model, benchmark: f.benchmark, subtask: f.subtask, message: f.message, results: f.subjectResultIds.length })) })), null, 2),
  );
  process.stdout.write(`\nevery flag: test-results/flags-precision.json\n`);
  await cliAt100k();
}

/** `headroom flags` on the generated 100k-result workspace: wall time of the CLI, twice (a second run finds the flags stored). */
async function cliAt100k(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-flags-100k-'));
  const file = path.join(dir, 'ws.db');
  try {
    const ws = openWorkspaceFile(file);
    const dispatch = createDispatcher(createHandlers(() => ws));
    const g = generateWorkspaceCsv(SCALE_SHAPES['100k']);
    for (const [kind, content] of [['benchmarks', g.benchmarks], ['models', g.models], ['results', g.results]] as const) {
      const env = await dispatch('import/apply', { fileName: `${kind}.csv`, content, kind }, { user: 'bench' });
      if (!env.ok) throw new Error(env.error.message);
    }
    closeWorkspace(ws);
    const bin = path.resolve(__dirname, '..', 'bin', 'headroom.cjs');
    for (const run of ['first', 'second']) {
      const t = performance.now();
      const out = spawnSync(process.execPath, [bin, 'flags', '--db', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
      const s = (performance.now() - t) / 1000;
      if (out.status !== 0) throw new Error(`headroom flags failed: ${out.stderr}`);
      const flags = (out.stdout.match(/^#\d+ /gm) ?? []).length;
      process.stdout.write(`headroom flags on ${g.resultCount.toLocaleString('en-US')} results (${run} run): ${s.toFixed(1)} s wall, ${flags} flags printed\n`);
      headline({ bench: 'flags-precision', measure: `headroom flags, ${g.resultCount.toLocaleString('en-US')} results (${run} run)`, value: `${s.toFixed(1)} s`, reference: 'target 10 s', ratio: `${(10 / s).toFixed(1)}× under` });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
