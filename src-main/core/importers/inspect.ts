/**
 * Inspect AI evaluation logs: the JSON log (an EvalLog: version, status, eval, plan, results, stats, samples) and
 * the .eval archive (a zip whose header.json is the EvalLog without samples, written when the run finishes, plus
 * summaries.json, reductions.json, samples/*.json and _journal/). One row per log: the task is the benchmark, the
 * model the model, and the first scorer's main metric (accuracy, else mean, else its first metric) the score, with
 * its stderr metric; the item count is results.completed_samples (else the number of sample summaries).
 * Field names follow inspect_ai's src/inspect_ai/log/_log.py and log/_recorders/eval.py.
 */
import { unzipSync } from 'fflate';
import { ApiError } from '../../common/errors';
import { isRecord, jsonLine, jsonPath, lastSegment, numText, parseJson, RESULT_TABLE_COLUMNS, TableBuilder, type ConvertedTable, type ImportArg, type ImportFile } from './convert';

const MAIN_METRICS = ['accuracy', 'mean', 'score', 'pass_at_1', 'f1'];
const SPREAD_METRICS = new Set(['stderr', 'std', 'var', 'bootstrap_stderr']);

/** Does this parsed JSON look like an Inspect EvalLog? */
export function isInspectLog(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && isRecord(doc.eval) && typeof doc.eval.task === 'string' && typeof doc.eval.model === 'string' && 'status' in doc;
}

/** Read the members of a zip archive, refusing a damaged or truncated one with a message naming the file. */
function unzip(file: ImportFile): Record<string, Uint8Array> {
  try {
    return unzipSync(file.bytes ?? new Uint8Array());
  } catch (e) {
    throw new ApiError(
      'bad-input',
      `${file.fileName}: the .eval archive cannot be read (${e instanceof Error ? e.message : String(e)}); the file may be truncated or damaged.`,
    );
  }
}

export function isEvalArchive(members: Record<string, Uint8Array>): boolean {
  return 'header.json' in members || '_journal/start.json' in members;
}

/** Convert an .eval archive: header.json carries the results; summaries.json counts samples when results do not. */
export function convertInspectArchive(file: ImportFile, req: ImportArg): ConvertedTable {
  const members = unzip(file);
  if (!isEvalArchive(members)) {
    throw new ApiError('bad-input', `${file.fileName}: a zip archive, but not an Inspect .eval log (it has no header.json): ${Object.keys(members).slice(0, 5).join(', ')}.`);
  }
  const header = members['header.json'];
  if (!header) {
    throw new ApiError(
      'bad-input',
      `${file.fileName}: the evaluation has not finished (the archive has _journal/start.json but no header.json with results); import it when the run has ended.`,
      { place: 'header.json' },
    );
  }
  const headerText = new TextDecoder('utf-8').decode(header);
  const doc = parseJson(`${file.fileName}: header.json`, headerText);
  if (!isInspectLog(doc)) throw new ApiError('bad-input', `${file.fileName}: header.json is not an Inspect EvalLog (eval.task and eval.model are missing).`);
  let summaries: number | null = null;
  const summariesBytes = members['summaries.json'];
  if (summariesBytes) {
    const s = parseJson(`${file.fileName}: summaries.json`, new TextDecoder('utf-8').decode(summariesBytes));
    if (Array.isArray(s)) summaries = s.length;
  }
  return convertInspectLog({ ...file, text: headerText }, doc, req, { member: 'header.json', summaries });
}

/** A name Inspect's own tests use as a stand-in ("..."): no letter or digit, so it names nothing. */
const isPlaceholder = (name: string): boolean => !/[\p{L}\p{N}]/u.test(name);

/** Refuse a log whose model or task is a placeholder, unless --set gives what it lacks; the message names both. */
function refusePlaceholders(fileName: string, modelId: string, task: string, req: ImportArg): void {
  const missing: string[] = [];
  const options: string[] = [];
  if (isPlaceholder(modelId) && !req.constants?.model?.trim()) {
    missing.push(`eval.model is ${JSON.stringify(modelId)}`);
    options.push('--set model=NAME');
  }
  if (isPlaceholder(task) && !req.constants?.benchmark?.trim()) {
    missing.push(`eval.task is ${JSON.stringify(task)}`);
    options.push('--set benchmark=NAME');
  }
  if (missing.length) {
    throw new ApiError('bad-input', `${fileName}: ${missing.join(' and ')}, which names nothing. Give ${missing.length > 1 ? 'them' : 'it'} with ${options.join(' ')}.`, {
      place: 'eval',
    });
  }
}

/**
 * Why a log's score covers only part of its task, each as a sentence (empty for a complete run): a run that did not
 * finish (status cancelled, error, started), a --limit or --sample-id run (fewer samples than the dataset has), and
 * samples that failed or went unscored.
 */
function partialReasons(log: Record<string, unknown>, ev: Record<string, unknown>, config: Record<string, unknown>, n: number | null, epochs: number): string[] {
  const out: string[] = [];
  const status = String(log.status);
  if (status !== 'success') out.push(`the run's status is "${status}": its scores cover only the samples that finished`);
  const dataset = isRecord(ev.dataset) ? ev.dataset : {};
  const size = typeof dataset.samples === 'number' ? dataset.samples : null;
  const limit = config.limit;
  const limited = typeof limit === 'number' || Array.isArray(limit);
  if (n !== null && size !== null && n < size) {
    out.push(`${limited ? 'a --limit run: ' : ''}${n} of the dataset's ${size} samples`);
  } else if (limited && size === null) {
    out.push(`a --limit run (limit ${JSON.stringify(limit)}); the dataset's size is not recorded`);
  }
  const results = isRecord(log.results) ? log.results : {};
  if (typeof results.total_samples === 'number' && typeof results.completed_samples === 'number' && results.completed_samples < results.total_samples) {
    out.push(`${results.completed_samples} of ${results.total_samples} sample runs completed${epochs > 1 ? ` (${epochs} epochs)` : ''}`);
  }
  const scores = Array.isArray(results.scores) ? results.scores.filter(isRecord) : [];
  const unscored = scores[0]?.unscored_samples;
  if (typeof unscored === 'number' && unscored > 0) out.push(`${unscored} samples were not scored`);
  return out;
}

export function convertInspectLog(
  file: ImportFile,
  log: Record<string, unknown>,
  req: ImportArg,
  opts: { member?: string; summaries?: number | null } = {},
): ConvertedTable {
  const text = file.text ?? '';
  const t = new TableBuilder(RESULT_TABLE_COLUMNS);
  const ev = log.eval as Record<string, unknown>;
  const prefix = opts.member ? `${opts.member}: ` : '';
  const status = String(log.status);
  const results = isRecord(log.results) ? log.results : null;
  const scores = results && Array.isArray(results.scores) ? results.scores.filter(isRecord) : [];
  if (!scores.length) {
    throw new ApiError(
      'bad-input',
      `${file.fileName}: ${prefix}the log has no scores (status "${status}"${isRecord(log.error) ? `: ${String(log.error.message ?? '')}` : ''}); nothing to import. ` +
        'Score it first (inspect score LOG), then import the scored log.',
      { place: `${prefix}results.scores` },
    );
  }
  const modelId = String(ev.model);
  const task = String(ev.task);
  refusePlaceholders(file.fileName, modelId, task, req);
  const model = req.constants?.model?.trim() || lastSegment(modelId);
  const benchmark = req.constants?.benchmark?.trim() || lastSegment(task);
  const created = typeof ev.created === 'string' ? ev.created.slice(0, 10) : null;
  const gen = isRecord(ev.model_generate_config) ? ev.model_generate_config : {};
  const effort = typeof gen.reasoning_effort === 'string' ? gen.reasoning_effort : null;
  const ttc = typeof gen.reasoning_tokens === 'number' ? gen.reasoning_tokens : null;
  const config = isRecord(ev.config) ? ev.config : {};
  // Inspect counts samples × epochs in total_samples and completed_samples (each epoch scores every sample again);
  // the item count is the number of samples.
  const epochs = typeof config.epochs === 'number' && config.epochs >= 1 ? config.epochs : 1;
  const completed = typeof results?.completed_samples === 'number' && results.completed_samples > 0 ? results.completed_samples : (opts.summaries ?? null);
  const n = completed === null ? null : Math.max(1, Math.floor(completed / epochs));
  const partial = partialReasons(log, ev, config, n, epochs);
  for (const reason of partial) t.warn(`${file.fileName}: ${reason}; the score is not comparable with a full run.`);
  const packages = isRecord(ev.packages) ? ev.packages : {};
  const notes = [
    ev.task_version !== undefined && ev.task_version !== null ? `task version ${String(ev.task_version)}` : null,
    typeof packages.inspect_ai === 'string' ? `inspect_ai ${packages.inspect_ai}` : null,
    modelId !== model ? `model ${modelId}` : null,
    epochs > 1 ? `${epochs} epochs` : null,
    typeof ev.run_id === 'string' ? `run ${ev.run_id}` : null,
  ].filter(Boolean);

  const score = scores[0]!;
  const metrics = isRecord(score.metrics) ? score.metrics : {};
  const names = Object.keys(metrics);
  const wanted = req.constants?.metric?.trim();
  const main = (wanted ? names.find((m) => m === wanted) : undefined) ?? MAIN_METRICS.find((m) => names.includes(m)) ?? names.find((m) => !SPREAD_METRICS.has(m));
  const scorer = String(score.name ?? score.scorer ?? 'score');
  if (!main) {
    throw new ApiError('bad-input', `${file.fileName}: ${prefix}scorer ${scorer} reports no metric${wanted ? ` called "${wanted}"` : ''}.`, {
      place: `${prefix}results.scores[0].metrics`,
    });
  }
  const mainMetric = metrics[main];
  const stderrMetric = metrics.stderr;
  const valuePath = ['results', 'scores', 0, 'metrics', main, 'value'];
  t.traits(benchmark, { unit: 'fraction', metric: main });
  t.add(
    jsonLine(text, ['results', 'scores', 'metrics', main]),
    {
      model,
      benchmark,
      score: isRecord(mainMetric) ? numText(mainMetric.value) : null,
      stderr: isRecord(stderrMetric) ? numText(stderrMetric.value) : null,
      n,
      effort,
      test_time_compute: ttc,
      source: req.constants?.source?.trim() || file.fileName,
      source_kind: 'own-run',
      date: created,
      notes: [`scorer ${scorer}, metric ${main}`, ...notes].join('; '),
      partial: partial.join('; ') || null,
    },
    { place: `${prefix}${jsonPath(valuePath)}`, labels: { score: `${scorer}.${main}` } },
  );
  if (scores.length > 1) {
    t.warn(`${file.fileName}: kept scorer ${scorer}; the log also has ${scores.slice(1).map((s) => String(s.name)).join(', ')} (import again with --set metric=NAME to pick a metric).`);
  }
  return t.done('inspect', 'results', Object.keys(log));
}
