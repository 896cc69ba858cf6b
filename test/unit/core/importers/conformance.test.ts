/**
 * Conformance with the evaluation tools' own output files: every file in ../shared/data/tool_outputs (walked, so a
 * file added there is covered without touching this test) either imports with no options, storing exactly the
 * results this test reads from the file itself, or is refused with a message that names the file, what is missing
 * and the option (or the other file) that supplies it. The expected values come from the small readers below,
 * written from the tools' formats, never from the importer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importRequestsFor } from '../../../../src-main/cli/importFiles';
import { findCatalogEntry } from '../../../../src-main/core/catalog/benchmarkCatalog';
import { apiFor } from '../../../helpers/api';
import { sharedData } from '../../../helpers/sharedData';
import { snapshot, tempWorkspace } from '../../../helpers/workspace';

const ROOT = sharedData('tool_outputs');

/** One stored result as the test expects it. `partial`: whether the file says the evaluation covered only part of it. */
interface Row {
  model: string;
  benchmark: string;
  subtask: string | null;
  metric: string;
  /** The benchmark's unit: scores are stored in it as the file writes them. */
  unit: 'fraction' | 'percent' | 'points';
  score: number;
  stderr: number | null;
  n: number | null;
  shots: number | null;
  date: string | null;
  cot: null;
  passK: null;
  ttc: number | null;
  effort: string | null;
  partial: boolean;
}

type Expected = { rows: Row[] } | { refused: { missing: RegExp; remedy: RegExp } };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const lastSegment = (id: string) => id.split('/').filter(Boolean).at(-1) ?? id;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const row = (r: Partial<Row> & Pick<Row, 'model' | 'benchmark' | 'metric' | 'score'>): Row => ({
  unit: 'fraction', subtask: null, stderr: null, n: null, shots: null, date: null, cot: null, passK: null, ttc: null, effort: null, partial: false, ...r,
});

/** Every file under the folder, skipping the licences and SOURCE.txt that travel with the data. */
function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) return walk(p);
      return /^(LICENSE|SOURCE)/.test(name) ? [] : [p];
    });
}

// ---- lm-evaluation-harness: results JSON (README "Saving results"; lm_eval/evaluator.py, loggers/evaluation_tracker.py)

/** The documented metric preference (docs/formats.md); filters in the harness's order. */
const LM_PREFERRED = ['acc', 'exact_match', 'em', 'f1', 'mc2', 'pass@1', 'acc_norm', 'mc1', 'bleu', 'pct_stereotype'];
const LM_FILTERS = ['none', 'strict-match', 'flexible-extract'];
const LM_PROPORTIONS = ['acc', 'acc_norm', 'exact_match', 'em', 'f1', 'mc1', 'mc2', 'pass@1', 'pct_stereotype'];

function lmEval(text: string): Expected {
  const doc = JSON.parse(text) as Json;
  const results = doc.results as Record<string, Json>;
  // The harness's test expectations nest tasks inside a group's entry: no metric at all there.
  if (Object.values(results).some((e) => Object.values(e).length > 0 && Object.values(e).every(isObj))) {
    return { refused: { missing: /not a results file.*holds tasks, not metrics/, remedy: /Import the results_<date>\.json/ } };
  }
  const config = isObj(doc.config) ? doc.config : {};
  const args: Record<string, unknown> = isObj(config.model_args)
    ? config.model_args
    : Object.fromEntries(String(config.model_args ?? '').split(',').filter((p) => p.includes('=')).map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
  const modelName = typeof doc.model_name === 'string' && doc.model_name && !doc.model_name.startsWith('/') ? doc.model_name : null;
  const id = (args.pretrained as string | undefined) ?? (args.model as string | undefined) ?? modelName;
  if (!id) return { refused: { missing: /does not name its model/, remedy: /--set model=NAME/ } };
  const groups = isObj(doc.groups) ? doc.groups : {};
  const groupSubtasks = isObj(doc.group_subtasks) ? (doc.group_subtasks as Record<string, string[]>) : {};
  const parentOf = (task: string) => Object.keys(groupSubtasks).find((g) => g !== task && groupSubtasks[g]!.includes(task));
  const nShot = isObj(doc['n-shot']) ? doc['n-shot'] : {};
  const nSamples = isObj(doc['n-samples']) ? (doc['n-samples'] as Record<string, { effective: number; original: number }>) : {};
  const limit = num(config.limit);
  const date = typeof doc.date === 'number' ? new Date(doc.date * 1000).toISOString().slice(0, 10) : null;
  const rows: Row[] = [];
  for (const [task, entry] of [...Object.entries(results), ...Object.entries(groups).filter(([g]) => !(g in results))] as [string, Json][]) {
    const keys = Object.keys(entry).filter((k) => k !== 'alias' && !k.split(',')[0]!.endsWith('_stderr'));
    const filterRank = (k: string) => {
      const i = LM_FILTERS.indexOf(k.split(',')[1] ?? 'none');
      return i < 0 ? 99 : i;
    };
    const sorted = [...keys].sort((a, b) => filterRank(a) - filterRank(b));
    const key = LM_PREFERRED.map((m) => sorted.find((k) => k.split(',')[0] === m)).find(Boolean) ?? sorted[0]!;
    const [metric, filter] = key.split(',') as [string, string | undefined];
    const group = parentOf(task);
    const alias = typeof entry.alias === 'string' ? entry.alias.replace(/^[\s-]+/, '') : '';
    const samples = nSamples[task];
    rows.push(
      row({
        model: lastSegment(id),
        benchmark: group ?? task,
        subtask: group ? alias || task : null,
        metric,
        unit: LM_PROPORTIONS.includes(metric) ? 'fraction' : 'points',
        score: entry[key] as number,
        stderr: num(entry[filter === undefined ? `${metric}_stderr` : `${metric}_stderr,${filter}`]),
        n: samples ? samples.effective : limit !== null && limit >= 1 ? limit : null,
        shots: num(nShot[task]) ?? num(config.num_fewshot),
        date,
        partial: samples ? samples.effective < samples.original : limit !== null,
      }),
    );
  }
  return { rows };
}

// ---- Inspect AI: EvalLog JSON, or the .eval zip's header.json (inspect_ai log/_log.py, log/_recorders/eval.py)

function inspect(file: string): Expected {
  let log: Json;
  if (file.endsWith('.eval')) {
    const members = unzipSync(new Uint8Array(readFileSync(file)));
    log = JSON.parse(new TextDecoder().decode(members['header.json'])) as Json;
  } else log = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const ev = log.eval as Json;
  const results = isObj(log.results) ? log.results : {};
  const scores = (Array.isArray(results.scores) ? results.scores : []) as Json[];
  if (!scores.length) return { refused: { missing: /the log has no scores/, remedy: /inspect score LOG/ } };
  const placeholder = (s: string) => !/[a-z0-9]/i.test(s);
  if (placeholder(String(ev.model)) || placeholder(String(ev.task))) return { refused: { missing: /eval\.(model|task) is "\.\.\."/, remedy: /--set model=NAME/ } };
  const metrics = scores[0]!.metrics as Record<string, { value: number }>;
  const metric = ['accuracy', 'mean'].find((m) => m in metrics)!;
  const config = isObj(ev.config) ? ev.config : {};
  const dataset = isObj(ev.dataset) ? ev.dataset : {};
  const n = (results.completed_samples as number) / (num(config.epochs) ?? 1);
  const gen = isObj(ev.model_generate_config) ? ev.model_generate_config : {};
  const size = num(dataset.samples);
  return {
    rows: [
      row({
        model: lastSegment(String(ev.model)),
        benchmark: lastSegment(String(ev.task)),
        metric,
        score: metrics[metric]!.value,
        stderr: metrics.stderr?.value ?? null,
        n,
        date: String(ev.created).slice(0, 10),
        ttc: num(gen.reasoning_tokens),
        effort: typeof gen.reasoning_effort === 'string' ? gen.reasoning_effort : null,
        partial: log.status !== 'success' || (size !== null ? n < size : config.limit !== undefined) || (results.completed_samples as number) < (results.total_samples as number),
      }),
    ],
  };
}

// ---- HELM: a run folder's stats.json and run_spec.json (helm benchmark/run_spec.py, metrics/statistic.py)

function helm(file: string): Expected {
  if (path.basename(file) === 'run_spec.json') return { refused: { missing: /run spec holds no scores/, remedy: /import stats\.json of the same run folder/ } };
  const spec = JSON.parse(readFileSync(path.join(path.dirname(file), 'run_spec.json'), 'utf8')) as Json;
  const stats = JSON.parse(readFileSync(file, 'utf8')) as { name: { name: string; split: string; perturbation?: unknown; sub_split?: unknown }; mean: number }[];
  const test = stats.filter((s) => s.name.split === 'test' && !s.name.perturbation && !s.name.sub_split);
  const names = test.map((s) => s.name.name);
  // A named accuracy metric, else the judges' mean of a model-judged metric (x_score beside x_gpt_score, ...).
  const metric =
    ['exact_match', 'quasi_exact_match', 'prefix_exact_match', 'f1_score'].find((m) => names.includes(m)) ??
    names.find((m) => m.endsWith('_score') && names.some((o) => o !== m && o.startsWith(m.slice(0, -'score'.length)) && o.endsWith('_score')))!;
  const adapter = spec.adapter_spec as Json;
  const args = Object.values((spec.scenario_spec as Json).args as Json).map(String).filter((v) => v !== 'all');
  return {
    rows: [
      row({
        model: lastSegment(String(adapter.model)),
        benchmark: String(spec.name).split(':')[0]!,
        subtask: args.length ? args.join(', ') : null,
        metric,
        score: test.find((s) => s.name.name === metric)!.mean,
        n: test.find((s) => s.name.name === 'num_instances')!.mean,
        shots: num(adapter.max_train_instances),
      }),
    ],
  };
}

// ---- OpenCompass: the summary table as CSV, markdown or tabulate text (opencompass summarizers/default.py)

function openCompass(file: string): Expected {
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const split = file.endsWith('.csv')
    ? (l: string) => l.split(',')
    : file.endsWith('.md')
      ? (l: string) => l.split('|').slice(1, -1).map((c) => c.trim())
      : (l: string) => l.trim().split(/\s+/);
  const body = lines.filter((l) => !/^[\s|-]+$/.test(l));
  const [header, ...data] = body.map(split);
  const rows: Row[] = [];
  for (const cells of data) {
    const [dataset, , metric] = cells as [string, string, string];
    header!.slice(4).forEach((model, i) => {
      const cell = cells[4 + i]!;
      if (cell !== '-') rows.push(row({ model, benchmark: dataset, metric, unit: 'percent', score: Number(cell) }));
    });
  }
  return { rows };
}

function expectedFor(file: string): Expected {
  const tool = path.relative(ROOT, file).split(path.sep)[0];
  if (tool === 'lm_eval') return lmEval(readFileSync(file, 'utf8'));
  if (tool === 'inspect') return inspect(file);
  if (tool === 'helm') return helm(file);
  if (tool === 'opencompass') return openCompass(file);
  throw new Error(`${file}: no reader for the tool folder "${tool}"; add one to this test.`);
}

const sortRows = (rows: Row[]) => [...rows].sort((a, b) => `${a.benchmark}/${a.subtask}/${a.model}`.localeCompare(`${b.benchmark}/${b.subtask}/${b.model}`));

describe('conformance with the evaluation tools\' own output files', () => {
  const files = walk(ROOT);

  it('covers every tool folder of the corpus', () => {
    expect(new Set(files.map((f) => path.relative(ROOT, f).split(path.sep)[0]))).toEqual(new Set(['helm', 'inspect', 'lm_eval', 'opencompass']));
    expect(files.length).toBeGreaterThanOrEqual(47);
  });

  for (const file of files) {
    const name = path.relative(ROOT, file);
    it(`imports ${name} as the file says, or refuses it saying what is missing`, async () => {
      const expected = expectedFor(file);
      const ws = tempWorkspace();
      try {
        const api = apiFor(ws);
        // As `headroom import FILE` sends it: binary as base64, a HELM stats.json with its run folder and run spec.
        const [req] = importRequestsFor(file);
        const before = snapshot(ws.db);
        const preview = await api.raw('import/preview', req);
        const env = await api.raw('import/apply', req);
        if ('refused' in expected) {
          expect(env.ok, `${name} should be refused`).toBe(false);
          const message = env.ok ? '' : env.error.message;
          expect(message.startsWith(req!.fileName), message).toBe(true);
          expect(message).toMatch(expected.refused.missing);
          expect(message).toMatch(expected.refused.remedy);
          expect(snapshot(ws.db)).toEqual(before);
          return;
        }
        expect(env.ok, env.ok ? '' : env.error.message).toBe(true);
        const summary = env.ok ? (env.value as { reject: number }) : null;
        expect(summary?.reject).toBe(0);
        const warnings = preview.ok ? (preview.value as { warnings: string[] }).warnings : [];
        const stored = ws.db
          .prepare(
            `SELECT m.name AS model, b.name AS benchmark, s.name AS subtask, b.metric, b.unit, r.score, r.stderr, r.n, r.shots, r.evaluated_on AS date,
                    r.cot, r.pass_k AS passK, r.test_time_compute AS ttc, r.effort, r.partial IS NOT NULL AS partial
               FROM results r JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id LEFT JOIN subtasks s ON s.id = r.subtask_id`,
          )
          .all() as (Omit<Row, 'partial'> & { partial: number })[];
        // A benchmark the catalog knows is stored under its catalog name (mmlu_0_shot → MMLU), which the preview lists.
        const decisions = preview.ok ? (preview.value as { decisions: { id: string }[] }).decisions : [];
        const catalogName = (b: string) => {
          const c = findCatalogEntry(b)?.name;
          return c && c.toLowerCase() !== b.toLowerCase() ? c : b;
        };
        for (const b of new Set(expected.rows.map((r) => r.benchmark))) {
          if (catalogName(b).toLowerCase() !== b.toLowerCase()) expect(decisions.map((d) => d.id), `${name}: ${b} renamed without a decision`).toContain(`name:benchmark:${b}`);
        }
        expect(sortRows(stored.map((r) => ({ ...r, partial: r.partial === 1 })))).toEqual(sortRows(expected.rows.map((r) => ({ ...r, benchmark: catalogName(r.benchmark) }))));
        // A partial evaluation is imported with a warning, not silently.
        if (expected.rows.some((r) => r.partial)) expect(warnings.some((w) => /limit|status|samples/.test(w)), warnings.join('\n')).toBe(true);
      } finally {
        ws.dispose();
      }
    });
  }
});
