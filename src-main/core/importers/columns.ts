/**
 * The columns of Headroom's three long-format tables (results, models, benchmarks), the synonyms that other files
 * use for them, and how a file's headers are mapped and its kind told apart.
 */
import type { TableKind } from '../../common/schemas';

export const RESULT_COLUMNS = [
  'model', 'benchmark', 'subtask', 'score', 'stderr', 'n', 'shots', 'cot', 'pass_k', 'test_time_compute', 'effort',
  'source', 'source_kind', 'date', 'notes', 'partial', 'run',
] as const;
export const MODEL_COLUMNS = [
  'model', 'organization', 'family', 'release_date', 'parameters', 'training_compute_flop', 'training_tokens', 'open_weights',
  'aliases', 'notes',
] as const;
export const BENCHMARK_COLUMNS = [
  'benchmark', 'subtask', 'category', 'metric', 'unit', 'higher_is_better', 'floor', 'ceiling', 'ceiling_reason',
  'human_baseline', 'release_date', 'items', 'weight', 'version', 'description', 'aliases',
] as const;

export const COLUMNS: Record<TableKind, readonly string[]> = {
  results: RESULT_COLUMNS,
  models: MODEL_COLUMNS,
  benchmarks: BENCHMARK_COLUMNS,
};

/** Every column name any table knows; a mapping may target only these (or '' to ignore). */
export const ALL_COLUMNS = [...new Set([...RESULT_COLUMNS, ...MODEL_COLUMNS, ...BENCHMARK_COLUMNS])];

/** Other spellings seen in the wild (normalized form → canonical column). */
const SYNONYMS: Record<string, string> = {
  model_name: 'model',
  benchmark_name: 'benchmark',
  task: 'benchmark',
  dataset: 'benchmark',
  subset: 'subtask',
  sub_task: 'subtask',
  accuracy: 'score',
  acc: 'score',
  value: 'score',
  std_err: 'stderr',
  se: 'stderr',
  standard_error: 'stderr',
  pass_at_k: 'pass_k',
  k: 'pass_k',
  ttc: 'test_time_compute',
  thinking_tokens: 'test_time_compute',
  reasoning_effort: 'effort',
  seed: 'run',
  replicate: 'run',
  trial: 'run',
  run_id: 'run',
  source_url: 'source',
  url: 'source',
  source_link: 'source',
  kind: 'source_kind',
  evaluated_on: 'date',
  eval_date: 'date',
  org: 'organization',
  organisation: 'organization',
  developer: 'organization',
  lab: 'organization',
  released: 'release_date',
  release: 'release_date',
  params: 'parameters',
  num_params: 'parameters',
  training_compute: 'training_compute_flop',
  compute_flop: 'training_compute_flop',
  tokens: 'training_tokens',
  open: 'open_weights',
  item_count: 'items',
  human: 'human_baseline',
  chance: 'floor',
  higher_better: 'higher_is_better',
};

/** Lower case, runs of non-alphanumerics to one underscore: "Training compute (FLOP)" → "training_compute_flop". */
export function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/**
 * Map each file header to a Headroom column: an explicit user mapping first (value '' means ignore), then the
 * header's own normalized name, then a known synonym. Two headers never map to the same column: the first wins and
 * the later one is reported as ignored.
 */
export function mapHeaders(headers: string[], userMapping: Record<string, string> = {}): { mapping: Record<string, string>; ignored: string[] } {
  const mapping: Record<string, string> = {};
  const used = new Set<string>();
  const ignored: string[] = [];
  for (const h of headers) {
    let target: string | undefined;
    if (Object.prototype.hasOwnProperty.call(userMapping, h)) target = userMapping[h];
    else {
      const n = normalizeHeader(h);
      target = (ALL_COLUMNS as string[]).includes(n) ? n : SYNONYMS[n];
    }
    if (target && (ALL_COLUMNS as string[]).includes(target) && !used.has(target)) {
      mapping[h] = target;
      used.add(target);
    } else ignored.push(h);
  }
  return { mapping, ignored };
}

/**
 * Header texts written more than once that name a Headroom column (e.g. two "score" columns), with their 1-based
 * positions. Columns are read by header name, so only one of them could be read; the import refuses such a file.
 */
export function repeatedHeaders(headers: string[], userMapping: Record<string, string> = {}): { header: string; positions: number[] }[] {
  const at = new Map<string, number[]>();
  headers.forEach((h, i) => {
    if (h.trim() !== '') at.set(h, [...(at.get(h) ?? []), i + 1]);
  });
  return [...at]
    .filter(([h, positions]) => positions.length > 1 && Object.keys(mapHeaders([h], userMapping).mapping).length > 0)
    .map(([header, positions]) => ({ header, positions }));
}

/**
 * Tell the three tables apart by their (mapped) columns: a score makes it results; benchmark traits (floor,
 * ceiling, metric, category, higher_is_better, items, unit) without a model make it benchmarks; model traits
 * (organization, release date, parameters, compute, tokens, family) make it models. null when none fits.
 */
export function detectKind(columns: Set<string>): TableKind | null {
  if (columns.has('score')) return 'results';
  const benchTraits = ['floor', 'ceiling', 'metric', 'category', 'higher_is_better', 'items', 'unit', 'human_baseline', 'ceiling_reason'];
  if (columns.has('benchmark') && !columns.has('model') && benchTraits.some((c) => columns.has(c))) return 'benchmarks';
  const modelTraits = ['organization', 'family', 'release_date', 'parameters', 'training_compute_flop', 'training_tokens', 'open_weights'];
  if (columns.has('model') && modelTraits.some((c) => columns.has(c))) return 'models';
  return null;
}
