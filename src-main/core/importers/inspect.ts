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
      `${file.fileName}: ${prefix}the log has no scores (status "${status}"${isRecord(log.error) ? `: ${String(log.error.message ?? '')}` : ''}); nothing to import.`,
      { place: `${prefix}results.scores` },
    );
  }
  if (status !== 'success') t.warn(`${file.fileName}: the run's status is "${status}"; its scores cover only the samples that finished.`);

  const modelId = String(ev.model);
  const model = req.constants?.model?.trim() || lastSegment(modelId);
  const task = String(ev.task);
  const benchmark = req.constants?.benchmark?.trim() || lastSegment(task);
  const created = typeof ev.created === 'string' ? ev.created.slice(0, 10) : null;
  const gen = isRecord(ev.model_generate_config) ? ev.model_generate_config : {};
  const effort = typeof gen.reasoning_effort === 'string' ? gen.reasoning_effort : null;
  const ttc = typeof gen.reasoning_tokens === 'number' ? gen.reasoning_tokens : null;
  const n = typeof results?.completed_samples === 'number' && results.completed_samples > 0 ? results.completed_samples : (opts.summaries ?? null);
  const config = isRecord(ev.config) ? ev.config : {};
  const notes = [
    `inspect ${String(ev.task_version ?? '')}`.trim(),
    modelId !== model ? `model ${modelId}` : null,
    typeof config.epochs === 'number' && config.epochs > 1 ? `${config.epochs} epochs` : null,
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
    },
    { place: `${prefix}${jsonPath(valuePath)}`, labels: { score: `${scorer}.${main}` } },
  );
  if (scores.length > 1) {
    t.warn(`${file.fileName}: kept scorer ${scorer}; the log also has ${scores.slice(1).map((s) => String(s.name)).join(', ')} (import again with --set metric=NAME to pick a metric).`);
  }
  return t.done('inspect', 'results', Object.keys(log));
}
