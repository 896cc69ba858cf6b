/**
 * EleutherAI lm-evaluation-harness results JSON, both the v0.4 layout (results with "acc,none" / "acc_stderr,none"
 * keys, groups, group_subtasks, n-shot, n-samples, config) and the older flat one ("acc", "acc_stderr", config
 * with num_fewshot). One row per task: a group is the benchmark and its tasks are subtasks; a task outside any group
 * is its own benchmark, except the MMLU families (hendrycksTest-*, mmlu_*), which become MMLU subtasks.
 * Per-sample files (samples_<task>_<time>.jsonl) sent as companions give item counts when n-samples is absent.
 */
import { ApiError } from '../../common/errors';
import {
  isRecord,
  jsonLine,
  jsonPath,
  lastSegment,
  numText,
  RESULT_TABLE_COLUMNS,
  TableBuilder,
  type ConvertedTable,
  type ImportArg,
  type ImportFile,
} from './convert';

/** Metrics tried first, in order, when a task reports several; the rest are listed in a warning. */
const PREFERRED_METRICS = ['acc', 'exact_match', 'em', 'f1', 'mc2', 'pass@1', 'acc_norm', 'mc1', 'bleu', 'pct_stereotype'];
/** Metrics that are proportions in [0, 1]; anything else (perplexity, bits per byte) is stored as points. */
const PROPORTIONS = new Set(['acc', 'acc_norm', 'exact_match', 'em', 'f1', 'mc1', 'mc2', 'pass@1', 'pct_stereotype', 'acc_mutual_info', 'brier_score']);
const LOWER_IS_BETTER = /perplexity|ppl|bits_per_byte|likelihood_difference|brier|bpb/;
const NOT_METRICS = new Set(['alias', 'name', 'sample_len', 'sample_count', 'samples', ' ']);
const FILTER_ORDER = ['none', 'strict-match', 'flexible-extract'];

/** Does this parsed JSON look like an lm-eval results file? */
export function isLmEvalResults(doc: unknown): doc is Record<string, unknown> {
  if (!isRecord(doc) || !isRecord(doc.results)) return false;
  const tasks = Object.values(doc.results);
  if (!tasks.length || !tasks.every(isRecord)) return false;
  return ['versions', 'config', 'n-shot', 'group_subtasks', 'configs', 'higher_is_better'].some((k) => k in doc);
}

interface MetricValue {
  metric: string;
  filter: string;
  key: string;
  value: unknown;
  stderrKey: string | null;
  stderr: unknown;
}

function metricsOf(task: Record<string, unknown>): MetricValue[] {
  const out: MetricValue[] = [];
  for (const [key, value] of Object.entries(task)) {
    const [metric = '', filter = 'none'] = key.split(',');
    if (NOT_METRICS.has(metric) || metric.endsWith('_stderr') || isRecord(value)) continue;
    const stderrKey = key.includes(',') ? `${metric}_stderr,${filter}` : `${metric}_stderr`;
    out.push({ metric, filter, key, value, stderrKey: stderrKey in task ? stderrKey : null, stderr: task[stderrKey] });
  }
  return out;
}

function pickMetric(list: MetricValue[], wanted: string | undefined): MetricValue | null {
  const byFilter = (a: MetricValue, b: MetricValue) => {
    const fa = FILTER_ORDER.indexOf(a.filter);
    const fb = FILTER_ORDER.indexOf(b.filter);
    return (fa < 0 ? 99 : fa) - (fb < 0 ? 99 : fb);
  };
  const sorted = [...list].sort(byFilter);
  if (wanted) return sorted.find((m) => m.metric === wanted || m.key === wanted) ?? null;
  for (const p of PREFERRED_METRICS) {
    const m = sorted.find((x) => x.metric === p);
    if (m) return m;
  }
  return sorted[0] ?? null;
}

/**
 * model_args as the harness records them: a string "pretrained=EleutherAI/pythia-70m,revision=step143000" (older
 * versions and the command line) or a dict {"pretrained": ...} (newer versions, and simple_evaluate called from
 * Python) → { pretrained: ..., revision: ... }. Empty, null or anything else → {}.
 */
function parseModelArgs(args: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(args)) {
    for (const [k, v] of Object.entries(args)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v).trim();
    return out;
  }
  if (typeof args !== 'string') return out;
  for (const part of args.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** A model_name worth reading: not empty and not a file the harness was pointed at (a steering CSV, a local path). */
function usableModelName(v: unknown): string | null {
  if (typeof v !== 'string' || !v.trim()) return null;
  return v.startsWith('/') || /\.(csv|json|txt)$/i.test(v) ? null : v.trim();
}

/**
 * The model an lm-eval file was run on: --set model, else the pretrained model id (model_args as a string or a
 * dict), else model_args' model= (the API backends: openai-chat-completions, local-completions, ...), else
 * model_name, else a wrapper named with its base model (config.model with base_name=). config.model alone is never
 * the model: it is the harness's backend ("hf", "vllm") or the class of a model object passed from Python, so a file
 * that names nothing else is refused (the reason says what it has).
 */
function modelOf(doc: Record<string, unknown>, req: ImportArg): { name: string | null; notes: string[]; missing: string } {
  const notes: string[] = [];
  const constant = req.constants?.model?.trim();
  const config = isRecord(doc.config) ? doc.config : {};
  const args = parseModelArgs(config.model_args);
  if (args.revision) notes.push(`revision ${args.revision}`);
  const backend = typeof config.model === 'string' && config.model.trim() ? config.model.trim() : null;
  if (constant) return { name: constant, notes, missing: '' };
  if (args.pretrained) {
    // A local checkpoint folder names the model only by its last segment; keep the whole path in the notes.
    if (args.pretrained.startsWith('/')) notes.push(`pretrained ${args.pretrained}`);
    // A revision other than the default is a checkpoint of its own (Pythia's step1000 ... step143000): a model of
    // its own, named "<model>@<revision>", so a training run's checkpoints are never merged or taken for
    // conflicting reports of one model.
    const revision = args.revision && args.revision !== 'main' ? `@${args.revision}` : '';
    return { name: `${lastSegment(args.pretrained)}${revision}`, notes, missing: '' };
  }
  if (args.model) return { name: lastSegment(args.model), notes, missing: '' };
  const modelName = usableModelName(doc.model_name);
  if (modelName) return { name: lastSegment(modelName), notes, missing: '' };
  if (backend && args.base_name) return { name: `${backend} (${args.base_name})`, notes, missing: '' };
  const argsText = config.model_args === undefined || config.model_args === null || config.model_args === '' ? 'empty' : JSON.stringify(config.model_args);
  const missing = backend
    ? `config.model "${backend}" is the harness's model backend, not the model, and config.model_args (${argsText}) have no pretrained= or model=`
    : 'no config.model_args pretrained=…, model_name or config.model';
  return { name: null, notes, missing };
}

/** Task → item count from per-sample companion files samples_<task>_<timestamp>.jsonl (one line per item). */
function sampleCounts(req: ImportArg): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of req.companions ?? []) {
    const base = c.fileName.split(/[\\/]/).pop() ?? c.fileName;
    const m = /^samples_(.+?)_\d{4}-\d{2}-\d{2}T[\d\-.:]+\.jsonl$/.exec(base) ?? /^samples_(.+)\.jsonl$/.exec(base);
    if (!m) continue;
    const lines = c.content.split('\n').filter((l) => l.trim()).length;
    counts.set(m[1]!, lines);
  }
  return counts;
}

/**
 * Refuse JSON that has lm-eval's top-level keys but not its results: a `results` entry holding tasks rather than
 * metrics is the layout of the harness's own test expectations (params, tasks, results, n_samples), not a file the
 * harness writes, and reading it as one would make each group a task.
 */
function refuseNonResults(fileName: string, results: Record<string, Record<string, unknown>>): void {
  for (const [task, entry] of Object.entries(results)) {
    const values = Object.values(entry);
    if (values.length && values.every(isRecord)) {
      throw new ApiError(
        'bad-input',
        `${fileName}: not a results file the harness writes: results.${task} holds tasks, not metrics (${Object.keys(entry).slice(0, 3).join(', ')}, ...). ` +
          'Import the results_<date>.json that lm_eval --output_path writes.',
        { place: `results.${task}` },
      );
    }
  }
}

export function convertLmEval(file: ImportFile, doc: Record<string, unknown>, req: ImportArg): ConvertedTable {
  const text = file.text ?? '';
  const t = new TableBuilder(RESULT_TABLE_COLUMNS);
  const results = doc.results as Record<string, Record<string, unknown>>;
  const groups = isRecord(doc.groups) ? doc.groups : {};
  const groupSubtasks = isRecord(doc.group_subtasks) ? doc.group_subtasks : {};
  const nShot = isRecord(doc['n-shot']) ? doc['n-shot'] : {};
  const nSamples = isRecord(doc['n-samples']) ? doc['n-samples'] : {};
  const higher = isRecord(doc.higher_is_better) ? doc.higher_is_better : {};
  const versions = isRecord(doc.versions) ? doc.versions : {};
  const config = isRecord(doc.config) ? doc.config : {};
  const counts = sampleCounts(req);

  refuseNonResults(file.fileName, results);
  const { name: model, notes: modelNotes, missing } = modelOf(doc, req);
  if (!model) {
    throw new ApiError(
      'bad-input',
      `${file.fileName}: this lm-evaluation-harness file does not name its model (${missing}). Give the model with --set model=NAME (constants.model).`,
      { place: 'config' },
    );
  }

  // Every task's top-level group: group_subtasks can nest (mmlu → mmlu_stem → mmlu_abstract_algebra).
  const parent = new Map<string, string>();
  for (const [g, subs] of Object.entries(groupSubtasks)) if (Array.isArray(subs)) for (const s of subs) if (typeof s === 'string' && s !== g) parent.set(s, g);
  const root = (task: string): string => {
    let r = task;
    for (let guard = 0; parent.has(r) && guard < 20; guard++) r = parent.get(r)!;
    return r;
  };
  const isGroup = (task: string) => task in groups || (Array.isArray(groupSubtasks[task]) && (groupSubtasks[task] as unknown[]).length > 0);

  const shotsOf = (task: string): number | null => {
    const v = nShot[task];
    if (typeof v === 'number') return v;
    if (typeof config.num_fewshot === 'number') return config.num_fewshot;
    return null;
  };
  // --limit N (N ≥ 1: at most N items per task) or a fraction (N < 1); null for a full run.
  const limit = typeof config.limit === 'number' && config.limit > 0 ? config.limit : null;
  /** The task's item count, and why its result covers only part of the task (a --limit run), or null. */
  const itemsOf = (task: string, entry: Record<string, unknown>): { n: number | null; partial: string | null } => {
    const s = nSamples[task];
    if (isRecord(s) && typeof s.effective === 'number') {
      if (typeof s.original === 'number' && s.effective < s.original) {
        t.warn(`${task}: evaluated on ${s.effective} of ${s.original} items (a --limit run); the score is not comparable with full runs.`);
        return { n: s.effective, partial: `--limit: ${s.effective} of ${s.original} items` };
      }
      return { n: s.effective, partial: null };
    }
    const c = counts.get(task);
    const n = c ?? (typeof entry.sample_len === 'number' ? entry.sample_len : null);
    if (limit === null) return { n, partial: null };
    // Older files record the limit but not how many items each task had: at most N (or that fraction of them).
    const part = limit >= 1 ? `at most ${limit} items` : `${limit * 100}% of the items`;
    t.warn(`${task}: a --limit run (limit ${limit}): evaluated on ${part}; the score is not comparable with full runs.`);
    return { n: n ?? (limit >= 1 && Number.isInteger(limit) ? limit : null), partial: `--limit ${limit}: ${part}` };
  };

  const wanted = req.constants?.metric?.trim() || undefined;
  const source = req.constants?.source?.trim() || file.fileName;
  const date = typeof doc.date === 'number' ? new Date(doc.date * 1000).toISOString().slice(0, 10) : null;
  const otherMetrics = new Map<string, string[]>();
  const seen = new Set<string>();

  const emit = (task: string, entry: Record<string, unknown>, section: 'results' | 'groups') => {
    if (seen.has(task)) return;
    seen.add(task);
    const metrics = metricsOf(entry);
    const chosen = pickMetric(metrics, wanted);
    const path = [section, task];
    if (!chosen) {
      t.reject({
        line: jsonLine(text, path),
        column: null,
        reason: wanted ? `task ${task} has no metric "${wanted}" (it has ${metrics.map((m) => m.key).join(', ') || 'none'})` : `task ${task} reports no metric`,
        place: jsonPath(path),
      });
      return;
    }
    // Another metric, or the same metric under another filter (gsm8k's strict-match and flexible-extract): named by
    // the key --set metric= takes.
    const others = [...new Set(metrics.filter((m) => m.key !== chosen.key && !(m.metric === chosen.metric && m.filter === chosen.filter)).map((m) => (m.filter === 'none' ? m.metric : m.key)))];
    if (others.length) otherMetrics.set(task, others);

    // Benchmark and subtask: a group is the benchmark; its tasks (and nested groups) are subtasks.
    let benchmark: string;
    let subtask: string | null = null;
    const top = root(task);
    const alias = typeof entry.alias === 'string' ? entry.alias.replace(/^[\s-]+/, '').trim() : '';
    if (top !== task) {
      benchmark = top;
      subtask = alias && alias !== task ? alias : task.startsWith(`${top}_`) ? task.slice(top.length + 1) : task;
    } else if (!isGroup(task) && /^hendrycksTest-/.test(task)) {
      benchmark = 'MMLU';
      subtask = task.slice('hendrycksTest-'.length);
    } else if (!isGroup(task) && /^mmlu_/.test(task)) {
      benchmark = 'MMLU';
      subtask = task.slice('mmlu_'.length);
    } else {
      benchmark = task;
    }
    const hib = isRecord(higher[task]) ? (higher[task] as Record<string, unknown>)[chosen.metric] : undefined;
    const proportion = PROPORTIONS.has(chosen.metric);
    t.traits(benchmark, {
      unit: proportion ? 'fraction' : 'points',
      higherIsBetter: typeof hib === 'boolean' ? hib : !LOWER_IS_BETTER.test(chosen.metric),
      metric: chosen.metric,
    });
    const notes = [
      `lm-eval ${chosen.metric}${chosen.filter !== 'none' ? ` (filter ${chosen.filter})` : ''}`,
      versions[task] !== undefined ? `task version ${String(versions[task])}` : null,
      ...modelNotes,
    ].filter(Boolean);
    const valuePath = [section, task, chosen.key];
    const items = itemsOf(task, entry);
    t.add(
      jsonLine(text, valuePath),
      {
        model,
        benchmark,
        subtask,
        score: numText(chosen.value),
        stderr: chosen.stderrKey ? numText(chosen.stderr) : null,
        n: items.n,
        partial: items.partial,
        shots: shotsOf(task),
        source,
        source_kind: 'own-run',
        date,
        notes: notes.join('; '),
      },
      { place: jsonPath(valuePath), labels: { score: chosen.key, stderr: chosen.stderrKey ?? 'stderr' } },
    );
  };

  for (const [task, entry] of Object.entries(results)) if (isRecord(entry)) emit(task, entry, 'results');
  for (const [task, entry] of Object.entries(groups)) if (isRecord(entry)) emit(task, entry, 'groups');
  if (otherMetrics.size) {
    const list = [...otherMetrics].slice(0, 8).map(([task, ms]) => `${task} (${ms.join(', ')})`);
    t.warn(
      `Each task keeps one metric; also in the file: ${list.join('; ')}${otherMetrics.size > 8 ? `; and ${otherMetrics.size - 8} more tasks` : ''}. ` +
        'Import again with --set metric=NAME (constants.metric) to take another.',
    );
  }
  return t.done('lm-eval', 'results', Object.keys(doc));
}
