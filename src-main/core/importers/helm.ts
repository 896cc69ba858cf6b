/**
 * Stanford HELM run outputs: a run folder holds run_spec.json ({ name, scenario_spec: { class_name, args },
 * adapter_spec: { model, max_train_instances, ... }, metric_specs, groups }) and stats.json (a list of Stat:
 * { name: { name, split, sub_split?, perturbation? }, count, sum, sum_squared, min, max, mean, variance, stddev }).
 * One row per run: the run spec's scenario is the benchmark (its args, e.g. subject=anatomy, the subtask), the
 * adapter's model the model, max_train_instances the shots, and the main metric's mean on the test split (valid when
 * there is no test split), without perturbation, the score. A Stat aggregates over trials, not instances: its count
 * is the number of trials (num_train_trials, usually 1) and its stddev the spread between trials, so the item count
 * is the num_instances stat and there is no stderr to read (per-instance values are in per_instance_stats.json).
 * Field names follow stanford-crfm/helm src/helm/benchmark/metrics/statistic.py, metric_name.py, run_spec.py and
 * basic_metrics.py (InstancesPerSplitMetric); the safety metrics' names follow metrics/*_metrics.py.
 */
import { ApiError } from '../../common/errors';
import { isRecord, jsonLine, lastSegment, parseJson, RESULT_TABLE_COLUMNS, TableBuilder, type ConvertedTable, type ImportArg, type ImportFile } from './convert';

const MAIN_METRICS = ['exact_match', 'quasi_exact_match', 'prefix_exact_match', 'f1_score', 'math_equiv_chain_of_thought', 'pass', 'rouge_l', 'bleu_4', 'safety_score'];

/**
 * The main stat of a model-judged metric (HELM's safety runs: AnthropicRedTeamScoreMetric, HarmBenchScoreMetric,
 * SimpleSafetyTestsScoreMetric, XSTestScoreMetric): each writes `<p>_score`, the mean of its judges, beside one
 * `<p>_<judge>_score` per judge (art_score with art_gpt_score and art_claude_score). The judges' mean is the score.
 */
function judgesMeanStat(names: Set<string>): string | undefined {
  for (const name of names) {
    if (!name.endsWith('_score')) continue;
    const prefix = name.slice(0, -'score'.length);
    const judges = [...names].filter((other) => other !== name && other.startsWith(prefix) && other.endsWith('_score'));
    if (judges.length >= 1) return name;
  }
  return undefined;
}

/** Does this parsed JSON look like a HELM stats.json (a list of Stat)? */
export function isHelmStats(doc: unknown): doc is Record<string, unknown>[] {
  return Array.isArray(doc) && doc.length > 0 && doc.every((s) => isRecord(s) && isRecord(s.name) && typeof s.name.name === 'string' && typeof s.count === 'number');
}

export function isHelmRunSpec(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && typeof doc.name === 'string' && isRecord(doc.scenario_spec) && isRecord(doc.adapter_spec);
}

interface RunInfo {
  model: string | null;
  benchmark: string | null;
  subtask: string | null;
  shots: number | null;
  name: string | null;
}

/** "mmlu:subject=anatomy,method=multiple_choice_joint,model=openai_gpt2" → benchmark mmlu, subject anatomy. */
function fromRunName(name: string): RunInfo {
  const [scenario = '', rest = ''] = name.split(':');
  const args: Record<string, string> = {};
  for (const part of rest.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) args[part.slice(0, i)] = part.slice(i + 1);
  }
  const { model, method: _method, ...others } = args;
  const sub = subtaskOf(Object.values(others));
  return { model: model ? lastSegment(model.replace(/_/, '/')) : null, benchmark: scenario || null, subtask: sub, shots: null, name };
}

/** The scenario's arguments as a subtask ("anatomy"); "all" (bbq:subject=all) is the whole benchmark. */
function subtaskOf(values: string[]): string | null {
  const kept = values.filter((v) => v !== '' && v.toLowerCase() !== 'all');
  return kept.length ? kept.join(', ') : null;
}

function fromRunSpec(spec: Record<string, unknown>): RunInfo {
  const info = fromRunName(String(spec.name));
  const adapter = spec.adapter_spec as Record<string, unknown>;
  const scenario = spec.scenario_spec as Record<string, unknown>;
  const args = isRecord(scenario.args) ? scenario.args : {};
  const argValues = Object.values(args).filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  return {
    model: typeof adapter.model === 'string' ? lastSegment(adapter.model) : info.model,
    benchmark: info.benchmark,
    subtask: argValues.length ? subtaskOf(argValues) : info.subtask,
    shots: typeof adapter.max_train_instances === 'number' ? adapter.max_train_instances : null,
    name: String(spec.name),
  };
}

export function convertHelmStats(file: ImportFile, stats: Record<string, unknown>[], req: ImportArg): ConvertedTable {
  const text = file.text ?? '';
  const t = new TableBuilder(RESULT_TABLE_COLUMNS);
  // The run spec: a run_spec.json sent along, else the run folder's name (HELM names the folder after the run spec).
  let run: RunInfo | null = null;
  const specFile = (req.companions ?? []).find((c) => /(^|[\\/])run_spec\.json$/.test(c.fileName));
  if (specFile) {
    const spec = parseJson(specFile.fileName, specFile.content);
    if (!isHelmRunSpec(spec)) throw new ApiError('bad-input', `${specFile.fileName}: not a HELM run spec (name, scenario_spec and adapter_spec are missing).`);
    run = fromRunSpec(spec);
  } else {
    const dir = file.fileName.split(/[\\/]/).slice(-2, -1)[0];
    if (dir && dir.includes(':')) run = fromRunName(dir);
  }
  const model = req.constants?.model?.trim() || run?.model || null;
  const benchmark = req.constants?.benchmark?.trim() || run?.benchmark || null;
  if (!model || !benchmark) {
    throw new ApiError(
      'bad-input',
      `${file.fileName}: a HELM stats.json does not name its model and scenario. Import the run folder (with run_spec.json), ` +
        'or give them with --set model=NAME --set benchmark=NAME.',
    );
  }
  const wanted = req.constants?.metric?.trim();
  const plain = stats.filter((s) => {
    const n = s.name as Record<string, unknown>;
    return !n.perturbation && !n.sub_split;
  });
  const splitRank = (s: Record<string, unknown>) => {
    const split = (s.name as Record<string, unknown>).split;
    return split === 'test' ? 0 : split === 'valid' ? 1 : 2;
  };
  const candidates = (name: string) => plain.filter((s) => (s.name as Record<string, unknown>).name === name).sort((a, b) => splitRank(a) - splitRank(b));
  const plainNames = new Set(plain.map((s) => String((s.name as Record<string, unknown>).name)));
  const metricName = wanted ?? MAIN_METRICS.find((m) => candidates(m).length > 0) ?? judgesMeanStat(plainNames);
  const stat = metricName ? candidates(metricName)[0] : undefined;
  if (!stat || !metricName) {
    throw new ApiError(
      'bad-input',
      `${file.fileName}: no ${wanted ? `"${wanted}"` : 'main'} metric among the stats (looked for ${wanted ?? `${MAIN_METRICS.join(', ')} and a judged <name>_score`}); give one with --set metric=NAME.`,
    );
  }
  const index = stats.indexOf(stat);
  const split = String((stat.name as Record<string, unknown>).split ?? '');
  const instances = candidates('num_instances').find((s) => (s.name as Record<string, unknown>).split === split);
  const n = instances && typeof instances.mean === 'number' && instances.mean >= 1 ? Math.round(instances.mean) : null;
  const trials = typeof stat.count === 'number' ? stat.count : null;
  t.traits(benchmark, { unit: 'fraction', metric: metricName });
  t.add(
    jsonLine(text, [metricName]),
    {
      model,
      benchmark,
      subtask: req.constants?.subtask?.trim() || run?.subtask || null,
      score: typeof stat.mean === 'number' ? String(stat.mean) : stat.mean === null ? '' : String(stat.mean),
      // The Stat's stddev is the spread between trials, not the sampling error of the score: no stderr.
      stderr: null,
      n,
      shots: run?.shots ?? null,
      source: req.constants?.source?.trim() || file.fileName,
      source_kind: 'third-party',
      notes: `HELM ${metricName} (${split} split)${trials !== null && trials > 1 ? `, mean of ${trials} trials` : ''}${run?.name ? `; run ${run.name}` : ''}`,
    },
    { place: `[${index}] ${metricName} ${split}`, labels: { score: `${metricName}.mean` } },
  );
  return t.done('helm', 'results', ['name', 'count', 'sum', 'sum_squared', 'min', 'max', 'mean', 'variance', 'stddev']);
}
