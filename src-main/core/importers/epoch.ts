/**
 * Epoch AI's benchmark data (epoch-research/benchmark-stitching, data/):
 * - benchmarks_runs.csv: Epoch's own evaluation runs. "task" is the benchmark, "model" an API id whose suffix
 *   carries the setting ("o3-2025-04-16_high", "claude-3-7-sonnet-20250219_32K"), "Best score (across scorers)" the
 *   score in [0, 1], "Scores" the per-scorer "name:0.85±0.02" strings that give the stderr.
 * - external_benchmark_<name>.csv: one leaderboard per file, with its own column names ("EM", "Score", "Percent
 *   correct", ...) and scores written "77.0%". The benchmark is named after the file; the score column, the
 *   subtask columns and the unit come from the table below, so no mapping is needed.
 * - model_versions.csv: model versions with release dates (a models table).
 * - benchmark_optim.csv: benchmarks with release dates (a benchmarks table).
 */
import type { BenchmarkUnit } from '../../common/domain';
import { BENCHMARK_COLUMNS, MODEL_COLUMNS } from './columns';
import { RESULT_TABLE_COLUMNS, TableBuilder, type ConvertedTable, type ImportArg, type ImportFile } from './convert';
import { readDelimited, type DelimitedTable } from './delimited';
import { splitSettingSuffix } from './resolve';

interface ExternalConfig {
  benchmark: string;
  /** Column with the headline score. */
  score: string;
  unit: BenchmarkUnit;
  higherIsBetter?: boolean;
  stderr?: string;
  /** Extra score columns that are subtasks: column → subtask name. */
  subtasks?: Record<string, string>;
  /** Extra score columns that are benchmarks of their own: column → benchmark name (ARC's Easy set beside Challenge). */
  others?: Record<string, string>;
  /** Columns describing the agent or scaffold, kept in notes (and in the source, since they change the result). */
  scaffold?: string;
}

const pct = (cols: string[], strip: RegExp = / progress$| score$/i): Record<string, string> =>
  Object.fromEntries(cols.map((c) => [c, c.replace(strip, '').trim()]));

/** Per file slug (external_benchmark_<slug>.csv). Checked against every file in the published data folder. */
export const EPOCH_EXTERNAL: Record<string, ExternalConfig> = {
  aider_polyglot: { benchmark: 'Aider polyglot', score: 'Percent correct', unit: 'percent' },
  anli: { benchmark: 'ANLI', score: 'Score', unit: 'percent', subtasks: { R1: 'R1', R2: 'R2', R3: 'R3' } },
  arc_agi: { benchmark: 'ARC-AGI', score: 'Score', unit: 'percent' },
  // AI2's ARC: the Challenge and Easy sets are two benchmarks (different questions, different difficulty), not a
  // benchmark and its subtask.
  arc_ai2: { benchmark: 'ARC-Challenge', score: 'Challenge score', unit: 'percent', others: { 'Easy score': 'ARC-Easy' } },
  balrog: {
    benchmark: 'Balrog', score: 'Average progress', unit: 'percent', stderr: 'Average Standard error',
    subtasks: pct(['BabyAI progress', 'Crafter progress', 'TextWorld progress', 'BabalsAI progress', 'MiniHack progress', 'NetHack progress']),
  },
  bbh: { benchmark: 'BBH', score: 'Average', unit: 'percent' },
  boolq: { benchmark: 'BoolQ', score: 'Score', unit: 'percent' },
  cadeval: { benchmark: 'CadEval', score: 'Overall pass (%)', unit: 'percent', scaffold: 'Prompt' },
  csqa2: { benchmark: 'CSQA2', score: 'Score', unit: 'percent' },
  cybench: { benchmark: 'Cybench', score: 'Unguided % Solved', unit: 'percent', subtasks: { 'Subtask-Guided % Solved': 'Subtask-guided' } },
  deepresearch: { benchmark: 'DeepResearch Bench', score: 'Average score', unit: 'percent', scaffold: 'Agent' },
  factorio_learning_environment: { benchmark: 'Factorio learning environment', score: 'Lab Success %', unit: 'percent', scaffold: 'Tools' },
  fictionlivebench: {
    benchmark: 'Fiction.LiveBench', score: '120k token score', unit: 'percent',
    subtasks: pct(['0 token score', '400 token score', '1k token score', '2k token score', '4k token score', '8k token score', '16k token score', '32k token score', '60k token score', '192k token score'], / score$/),
  },
  geobench: { benchmark: 'GeoBench', score: 'ACW Country %', unit: 'percent', scaffold: 'Tools', subtasks: { 'Photos Country %': 'Photos', 'AVW Country %': 'AVW', 'Rural Country %': 'Rural', 'Urban Country %': 'Urban' } },
  gsm8k: { benchmark: 'GSM8K', score: 'EM', unit: 'percent' },
  gso_bench: { benchmark: 'GSO-Bench', score: 'Score OPT@1', unit: 'percent', scaffold: 'Scaffold', subtasks: { 'Score OPT@10': 'OPT@10' } },
  hellaswag: { benchmark: 'HellaSwag', score: 'Overall accuracy', unit: 'percent' },
  lambada: { benchmark: 'LAMBADA', score: 'Score', unit: 'percent' },
  lech_mazur_writing: { benchmark: 'Lech Mazur Writing', score: 'Mean score', unit: 'points' },
  livebench: {
    benchmark: 'LiveBench', score: 'Global average', unit: 'percent',
    subtasks: pct(['Reasoning average', 'Coding average', 'Mathematics average', 'Data analysis average', 'Language average', 'IF Average'], / average$/i),
  },
  mcbench: { benchmark: 'MCBench', score: 'Win rate', unit: 'percent' },
  metr: { benchmark: 'METR', score: 'Time horizon', unit: 'points' },
  mmlu: { benchmark: 'MMLU', score: 'EM', unit: 'percent' },
  openbookqa: { benchmark: 'OpenBookQA', score: 'Accuracy', unit: 'percent' },
  os_world: { benchmark: 'OSWorld', score: 'Score', unit: 'percent', scaffold: 'Agent' },
  osuniverse: {
    benchmark: 'OSUniverse', score: 'Weighted Score', unit: 'percent', scaffold: 'Agent',
    subtasks: { Paper: 'Paper', Wood: 'Wood', Bronze: 'Bronze', Silver: 'Silver', Gold: 'Gold' },
  },
  piqa: { benchmark: 'PIQA', score: 'Score', unit: 'percent' },
  scienceqa: { benchmark: 'ScienceQA', score: 'Score', unit: 'percent' },
  simple_bench: { benchmark: 'SimpleBench', score: 'Score (AVG@5)', unit: 'percent' },
  superglue: { benchmark: 'SuperGLUE', score: 'Score', unit: 'percent' },
  terminal_bench: { benchmark: 'Terminal Bench', score: 'Accuracy mean', unit: 'percent', stderr: 'Accuracy SE', scaffold: 'Agent' },
  the_agent_company: { benchmark: 'The Agent Company', score: '% Score', unit: 'percent', subtasks: { '% Resolved': 'Resolved' } },
  triviaqa: { benchmark: 'TriviaQA', score: 'EM', unit: 'percent' },
  videomme: {
    benchmark: 'VideoMME', score: 'Overall (no subtitles)', unit: 'percent',
    subtasks: pct(['Overall (with subtitles)', 'Short videos (no subtitles)', 'Short videos (with subtitles)', 'Medium videos (no subtitles)', 'Medium videos (with subtitles)', 'Long videos (no subtitles)', 'Long videos (with subtitles)'], /$^/),
  },
  vpct: { benchmark: 'VPCT', score: 'Correct', unit: 'percent' },
  weirdml: { benchmark: 'WeirdML', score: 'Accuracy', unit: 'percent' },
  winogrande: { benchmark: 'Winogrande', score: 'Accuracy', unit: 'percent' },
};

const GUESS_SCORE = /^(em|score|accuracy|average|percent correct|overall accuracy|mean score|correct)$/i;

/** external_benchmark_mmlu.csv → "mmlu"; null for other names. */
export function epochExternalSlug(fileName: string): string | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const m = /^external_benchmark_(.+)\.csv$/i.exec(base);
  return m ? m[1]!.toLowerCase() : null;
}

export function isEpochExternal(fileName: string, headers: string[]): boolean {
  return epochExternalSlug(fileName) !== null && headers.includes('Model version') && headers.some((h) => /^Source link/.test(h));
}

export function isEpochRuns(headers: string[]): boolean {
  return headers.includes('task') && headers.includes('model') && headers.includes('Best score (across scorers)');
}

export function isEpochModels(headers: string[]): boolean {
  return headers[0] === 'id' && headers.includes('Model') && headers.includes('Version release date');
}

export function isEpochBenchmarks(headers: string[]): boolean {
  return headers[0] === 'benchmark' && headers.includes('benchmark_release_date');
}

/** "5", "25-shot", "0\n" → "5"/"25"/"0"; "few" → "" with a note; anything else is passed on for the cell parser to judge. */
function shotsText(raw: string): { shots: string; note: string | null } {
  const t = raw.trim();
  const m = /^(\d+)(?:[- ]?shots?)?$/i.exec(t);
  if (m) return { shots: m[1]!, note: null };
  if (/^few(-shot)?$/i.test(t)) return { shots: '', note: 'few-shot (count not stated)' };
  return { shots: t, note: null };
}

function cellOf(table: DelimitedTable, row: string[], header: string): string {
  const i = table.headers.indexOf(header);
  return i < 0 ? '' : (row[i] ?? '');
}

export function convertEpochExternal(file: ImportFile, req: ImportArg): ConvertedTable {
  const table = readDelimited(file.fileName, file.text ?? '');
  const slug = epochExternalSlug(file.fileName) ?? '';
  const baseName = file.fileName.split(/[\\/]/).pop() ?? file.fileName;
  let cfg = EPOCH_EXTERNAL[slug];
  const t = new TableBuilder(RESULT_TABLE_COLUMNS);
  if (!cfg) {
    // A leaderboard published after this table was written: take the first score-like column and say so.
    const score = table.headers.find((h) => GUESS_SCORE.test(h.trim()));
    const benchmark = slug.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
    cfg = { benchmark, score: score ?? table.headers[2] ?? '', unit: 'percent' };
    t.warn(`${file.fileName}: not one of the known Epoch AI leaderboards; read "${cfg.score}" as the score of ${benchmark}. Check it, or map the columns yourself.`);
  }
  const benchmark = req.constants?.benchmark?.trim() || cfg.benchmark;
  t.traits(benchmark, { unit: cfg.unit, ...(cfg.higherIsBetter !== undefined ? { higherIsBetter: cfg.higherIsBetter } : {}) });
  for (const other of Object.values(cfg.others ?? {})) t.traits(other, { unit: cfg.unit });
  for (const row of table.rows) {
    const c = (h: string) => cellOf(table, row.cells, h).trim();
    // The API id ("Model version") links to model_versions.csv and its release dates; the display name is the fallback.
    const version = c('Model version');
    const display = c('Name') || c('Model') || c('Agent');
    const model = version || display;
    const shots = shotsText(c('Shots'));
    const scaffold = cfg.scaffold ? c(cfg.scaffold) : '';
    const sourceName = c('Source');
    const link = c('Source link') || c('Source link (site from table)');
    // Without a Source cell the file is the source: its own name, not the folder it was unpacked into, so a newer copy
    // of the folder under another name meets the same results again instead of adding them.
    const source = [sourceName || link || baseName, scaffold && scaffold.toLowerCase() !== 'none' ? `${cfg.scaffold}: ${scaffold}` : ''].filter(Boolean).join(' · ');
    const notes = [display && display !== model ? `listed as "${display}"` : null, shots.note, link && link !== source ? link : null, c('Notes') || null]
      .filter(Boolean)
      .join('; ');
    const base = { model, benchmark, shots: shots.shots, source, source_kind: 'third-party', notes: notes.slice(0, 2000) };
    const mainRaw = c(cfg.score);
    if (mainRaw) {
      t.add(row.line, { ...base, score: mainRaw, stderr: cfg.stderr ? c(cfg.stderr) : '' }, { place: `column "${cfg.score}"`, labels: { score: cfg.score, model: version ? 'Model version' : display ? 'Name' : 'Model version' } });
    }
    for (const [col, sub] of Object.entries(cfg.subtasks ?? {})) {
      const raw = c(col);
      if (!raw) continue;
      const stderrCol = col.replace(/ progress$/, ' Standard error');
      t.add(row.line, { ...base, subtask: sub, score: raw, stderr: stderrCol !== col ? c(stderrCol) : '' }, { place: `column "${col}"`, labels: { score: col } });
    }
    for (const [col, other] of Object.entries(cfg.others ?? {})) {
      const raw = c(col);
      if (raw) t.add(row.line, { ...base, benchmark: other, score: raw }, { place: `column "${col}"`, labels: { score: col } });
    }
    if (!mainRaw && ![...Object.keys(cfg.subtasks ?? {}), ...Object.keys(cfg.others ?? {})].some((col) => c(col))) {
      t.warn(`line ${row.line}: ${model || '(no model)'} has no score in ${cfg.score}; skipped.`);
    }
  }
  // Columns read into more than one place (a display name into notes when the API id names the model) show where
  // they go first; the readings list the rest.
  for (const [header, column] of [['Name', 'model'], ['Model', 'model'], ['Agent', 'model'], ['Model version', 'model'], ['Shots', 'shots'], ['Source', 'source'], ['Source link', 'notes'], ['Source link (site from table)', 'notes'], ['Notes', 'notes']] as const) {
    if (table.headers.includes(header)) t.reads(header, column);
  }
  if (cfg.stderr) t.reads(cfg.stderr, 'stderr');
  if (cfg.scaffold) t.reads(cfg.scaffold, 'notes');
  return t.done('epoch-external', 'results', table.headers);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "17 November 2025 4:28pm" → "2025-11-17"; other text is passed on unchanged for the date parser to judge. */
export function epochDate(raw: string): string {
  const m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})/.exec(raw.trim());
  if (!m) return raw.trim();
  const month = MONTHS.indexOf(m[2]!.toLowerCase());
  if (month < 0) return raw.trim();
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

/** "choice:0.85±0.02" (several scorers separated by commas) → the stderr of the scorer whose value is the best score. */
function stderrFromScores(scores: string, best: number): string {
  let chosen: string | null = null;
  let bestDiff = Infinity;
  for (const m of scores.matchAll(/([\w-]+):\s*([\d.]+)\s*±\s*([\d.]+)/g)) {
    const diff = Math.abs(Number(m[2]) - best);
    if (diff < bestDiff) {
      bestDiff = diff;
      chosen = m[3]!;
    }
  }
  return chosen ?? '';
}

export function convertEpochRuns(file: ImportFile, req: ImportArg): ConvertedTable {
  const table = readDelimited(file.fileName, file.text ?? '');
  const t = new TableBuilder(RESULT_TABLE_COLUMNS);
  for (const row of table.rows) {
    const c = (h: string) => cellOf(table, row.cells, h).trim();
    const status = c('Status');
    if (status && status !== 'Success') {
      t.reject({ line: row.line, column: 'Status', reason: `run status is "${status}", not Success`, value: status });
      continue;
    }
    const best = c('Best score (across scorers)');
    const scores = c('Scores');
    t.traits(c('task'), { unit: 'fraction' });
    t.add(
      row.line,
      {
        model: c('model'),
        benchmark: c('task'),
        score: best,
        stderr: stderrFromScores(scores, Number(best)),
        source: req.constants?.source?.trim() || 'Epoch AI benchmarking hub',
        source_kind: 'third-party',
        date: epochDate(c('started_at')),
        notes: [`run ${c('id')}`, scores ? `scores ${scores}` : null, c('task version') ? `task version ${c('task version')}` : null, c('log viewer') || c('logs') || null]
          .filter(Boolean)
          .join('; '),
      },
      { place: 'column "Best score (across scorers)"', labels: { model: 'model', benchmark: 'task', score: 'Best score (across scorers)', stderr: 'Scores', date: 'started_at' } },
    );
  }
  for (const h of ['id', 'task version', 'log viewer', 'logs']) if (table.headers.includes(h)) t.reads(h, 'notes');
  return t.done('epoch-runs', 'results', table.headers);
}

export function convertEpochModels(file: ImportFile): ConvertedTable {
  const table = readDelimited(file.fileName, file.text ?? '');
  const t = new TableBuilder(MODEL_COLUMNS);
  for (const row of table.rows) {
    const c = (h: string) => cellOf(table, row.cells, h).trim();
    const display = c('Unique display name') || c('Display name');
    // "gpt-5-2025-08-07_high" is the model gpt-5-2025-08-07 run at high effort: the effort is a setting of results.
    const model = splitSettingSuffix(c('id')).base;
    t.add(
      row.line,
      {
        model,
        family: c('Model'),
        release_date: c('Version release date'),
        // Display names are kept in notes, not as aliases: several versions share one display name.
        notes: [display ? `shown as "${display}"` : '', c('Notes'), c('Link')].filter(Boolean).join('; ').slice(0, 2000),
      },
      { labels: { model: 'id', family: 'Model', release_date: 'Version release date' } },
    );
  }
  for (const h of ['Unique display name', 'Display name', 'Notes', 'Link']) if (table.headers.includes(h)) t.reads(h, 'notes');
  return t.done('epoch-models', 'models', table.headers);
}

export function convertEpochBenchmarks(file: ImportFile): ConvertedTable {
  const table = readDelimited(file.fileName, file.text ?? '');
  const t = new TableBuilder(BENCHMARK_COLUMNS);
  for (const row of table.rows) {
    const c = (h: string) => cellOf(table, row.cells, h).trim();
    const kinds = [c('is_coding') === 'TRUE' ? 'coding' : null, c('is_math') === 'TRUE' ? 'math' : null].filter(Boolean).join(', ');
    t.add(
      row.line,
      { benchmark: c('benchmark'), release_date: c('benchmark_release_date'), category: kinds || '', description: c('source') },
      { labels: { benchmark: 'benchmark', release_date: 'benchmark_release_date', description: 'source' } },
    );
  }
  for (const h of ['is_coding', 'is_math']) if (table.headers.includes(h)) t.reads(h, 'category');
  return t.done('epoch-benchmarks', 'benchmarks', table.headers);
}
