import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import catalogJson from '../../../../data/benchmark-catalog.json';
import {
  BENCHMARK_CATALOG,
  CatalogError,
  catalogKey,
  findCatalogEntry,
  parseBenchmarkCatalog,
} from '../../../../src-main/core/catalog/benchmarkCatalog';
import { readDelimited } from '../../../../src-main/core/importers/delimited';
import { EPOCH_EXTERNAL } from '../../../../src-main/core/importers/epoch';
import { splitRow } from '../../../../src-main/core/importers/markdown';
import { sharedData } from '../../../helpers/sharedData';

const entries = BENCHMARK_CATALOG.entries;
const byName = new Map(entries.map((e) => [e.name, e]));
const clone = (): { entries: Record<string, unknown>[] } & Record<string, unknown> => structuredClone(catalogJson) as never;

/** The entry a name resolves to, by canonical name (undefined when none). */
const found = (name: string): string | undefined => findCatalogEntry(name)?.name;

describe('the shipped benchmark catalog', () => {
  it('validates: every field of every entry, and the catalog-wide rules', () => {
    expect(() => parseBenchmarkCatalog(catalogJson)).not.toThrow();
    expect(BENCHMARK_CATALOG.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(BENCHMARK_CATALOG.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('holds at least 60 entries with unique names', () => {
    expect(entries.length).toBeGreaterThanOrEqual(60);
    expect(byName.size).toBe(entries.length);
  });

  it('gives every entry at least one http(s) source', () => {
    for (const e of entries) {
      expect(e.sources.length, e.name).toBeGreaterThan(0);
      for (const s of e.sources) expect(new URL(s).protocol, `${e.name}: ${s}`).toMatch(/^https?:$/);
    }
  });

  it('maps no name or alias to two entries', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const e of entries) {
      for (const spelling of [e.name, ...e.aliases]) {
        const key = catalogKey(spelling);
        expect(key, `${e.name}: "${spelling}"`).not.toBe('');
        const other = owner.get(key);
        if (other !== undefined && other !== e.name) clashes.push(`"${spelling}" (${e.name}) ~ ${other}`);
        owner.set(key, e.name);
      }
    }
    expect(clashes).toEqual([]);
    // And the lookup agrees: each spelling finds its own entry.
    for (const e of entries) for (const spelling of [e.name, ...e.aliases]) expect(found(spelling), spelling).toBe(e.name);
  });

  it('names another existing entry in every fresh twin, with a reason', () => {
    for (const e of entries) {
      for (const twin of e.freshTwins) {
        expect(byName.has(twin.name), `${e.name} → ${twin.name}`).toBe(true);
        expect(twin.name).not.toBe(e.name);
        expect(twin.reason.length, `${e.name} → ${twin.name}`).toBeGreaterThan(10);
      }
    }
    expect(byName.get('GSM8K')!.freshTwins.map((t) => t.name)).toContain('GSM1k');
    expect(byName.get('HumanEval')!.freshTwins.map((t) => t.name)).toEqual(expect.arrayContaining(['LiveCodeBench', 'HumanEval+']));
    expect(byName.get('MMLU')!.freshTwins.map((t) => t.name)).toEqual(expect.arrayContaining(['MMLU-Pro', 'GPQA', 'MMLU-Redux']));
  });

  it('keeps floors and ceilings within the range of the unit, the floor below the ceiling', () => {
    for (const e of entries) {
      const { unit, floor, ceiling } = e.scale;
      const bound = unit === 'fraction' ? 1 : unit === 'percent' ? 100 : Infinity;
      if (unit !== 'points') expect(ceiling, `${e.name}: only points may be unbounded`).not.toBeNull();
      if (ceiling !== null) expect(ceiling, e.name).toBeLessThanOrEqual(bound);
      if (floor !== null) {
        expect(floor, e.name).toBeGreaterThanOrEqual(0);
        expect(floor, e.name).toBeLessThan(ceiling ?? Infinity);
      }
      // A floor or ceiling nobody could state is explained next to it.
      if (floor === null || ceiling === null) expect(e.notes, e.name).toBeTruthy();
    }
  });

  it('puts the chance floor at 1/options for uniform multiple choice and at 0 for free-form answers', () => {
    const floors: [string, number][] = [
      ['MMLU', 0.25], ['ARC-Challenge', 0.25], ['ARC-Easy', 0.25], ['GPQA', 0.25], ['GPQA Diamond', 0.25], ['HellaSwag', 0.25],
      ['OpenBookQA', 0.25], ['BoolQ', 0.5], ['Winogrande', 0.5], ['PIQA', 0.5], ['MMLU-Pro', 0.1], ['CommonsenseQA', 0.2],
      ['ANLI', 1 / 3], ['SimpleBench', 1 / 6], ['GSM8K', 0], ['MATH', 0], ['HumanEval', 0], ['SWE-bench Verified', 0],
    ];
    for (const [name, floor] of floors) expect(byName.get(name)!.scale.floor, name).toBeCloseTo(floor, 12);
    // Ratings have no chance level and no ceiling; a time horizon starts at 0 minutes and has no ceiling.
    expect(byName.get('Chatbot Arena')!.scale).toEqual({ unit: 'points', floor: null, ceiling: null });
    expect(byName.get('METR time horizon')!.scale).toEqual({ unit: 'points', floor: 0, ceiling: null });
  });

  it('gives item counts only for per-item accuracy over a fixed set, and the well-known ones exactly', () => {
    for (const e of entries) if (e.itemCount !== null) expect(e.granularity, e.name).toBe('per-item');
    const counts: [string, number | null][] = [
      ['GSM8K', 1319], ['HumanEval', 164], ['HumanEval+', 164], ['GPQA Diamond', 198], ['GPQA Main', 448], ['MATH-500', 500],
      ['MATH', 5000], ['MATH level 5', 1324], ['SWE-bench Verified', 500], ['MMLU-Pro', 12032], ['AIME 2025', 30],
      // Averaged or continuous headlines, or several item sets under one name: no count.
      ['MMLU', null], ['TruthfulQA', null], ['XWinograd', null], ['Chatbot Arena', null], ['GPQA', null], ['MGSM', null],
    ];
    for (const [name, n] of counts) expect(byName.get(name)!.itemCount, name).toBe(n);
    expect(byName.get('MMLU')!.granularity).toBe('averaged');
    expect(byName.get('Chatbot Arena')!.granularity).toBe('continuous');
  });

  it('covers the benchmarks people track', () => {
    const tracked = [
      'MMLU', 'MMLU-Pro', 'GPQA', 'GPQA Diamond', 'GSM8K', 'GSM1k', 'MATH', 'MATH level 5', 'MATH-500', 'HellaSwag',
      'ARC Challenge', 'ARC Easy', 'Winogrande', 'BoolQ', 'HumanEval', 'MBPP', 'LiveCodeBench', 'SWE-bench Verified',
      'FrontierMath', 'BBH', 'TruthfulQA', 'LAMBADA', 'PIQA', 'OpenBookQA', 'TriviaQA', 'DROP', 'AIME', 'ARC-AGI', 'HLE',
      "Humanity's Last Exam", 'MMMU', 'Chatbot Arena Elo', 'MT-Bench', 'MGSM', 'SimpleQA', 'IFEval', 'MuSR', 'OTIS Mock AIME',
      'Aider polyglot', 'LiveBench', 'OSWorld', 'SciQ', 'XWinograd', 'NaturalQuestions', 'SQuAD', 'RACE', 'CommonsenseQA',
      'Big-Bench Hard', 'MMLU-Redux', 'GPQA Main', 'HumanEval+', 'MBPP+', 'WebArena', 'Terminal-Bench', 'GAIA', 'τ-bench',
      'tau-bench', 'METR time horizon', 'VideoMME', 'MathVista',
    ];
    expect(tracked.filter((n) => !found(n))).toEqual([]);
  });

  it('writes release dates as YYYY-MM-DD, or YYYY-MM when only the month is known', () => {
    for (const e of entries) if (e.releaseDate !== null) expect(e.releaseDate, e.name).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
    expect(byName.get('GSM8K')!.releaseDate).toBe('2021-10-27');
    expect(byName.get('MMLU')!.releaseDate).toBe('2020-09-07');
  });
});

describe('loading a broken catalog', () => {
  const failure = (data: unknown): CatalogError => {
    try {
      parseBenchmarkCatalog(data);
    } catch (e) {
      if (e instanceof CatalogError) return e;
      throw e;
    }
    throw new Error('the catalog loaded');
  };

  it('fails with the entry and the field named', () => {
    const data = clone();
    const gsm = data.entries.find((e) => e.name === 'GSM8K')!;
    (gsm.scale as Record<string, unknown>).floor = 1.5;
    gsm.releaseDate = '2021-02-30';
    const err = failure(data);
    expect(err.message).toContain('entry "GSM8K" scale.floor');
    expect(err.message).toContain('entry "GSM8K" releaseDate: is not a real calendar date');
    expect(err.issues).toEqual(expect.arrayContaining([expect.objectContaining({ entry: 'GSM8K', path: 'scale.floor' })]));
  });

  it('refuses an entry without a source, an unknown field, or an unknown category', () => {
    const data = clone();
    data.entries[0]!.sources = [];
    data.entries[1]!.extra = true;
    data.entries[2]!.category = 'vibes';
    const err = failure(data);
    const where = err.issues.map((i) => `${i.entry} ${i.path}`);
    expect(where).toContain(`${String(data.entries[0]!.name)} sources`);
    expect(where).toContain(`${String(data.entries[1]!.name)} `);
    expect(where).toContain(`${String(data.entries[2]!.name)} category`);
  });

  it('refuses an alias that another entry already answers to, and a fresh twin that is not an entry', () => {
    const data = clone();
    const gsm1k = data.entries.find((e) => e.name === 'GSM1k')!;
    (gsm1k.aliases as string[]).push('gsm_8k');
    const mmlu = data.entries.find((e) => e.name === 'MMLU')!;
    (mmlu.freshTwins as unknown[]).push({ name: 'MMLU-Ultra', reason: 'does not exist' });
    const err = failure(data);
    expect(err.message).toContain('entry "GSM1k" aliases.');
    expect(err.message).toContain('"gsm_8k" also matches entry "GSM8K"');
    expect(err.message).toContain('entry "MMLU" freshTwins.3.name: "MMLU-Ultra" is not the name of an entry');
  });

  it('refuses a fraction ceiling above 1, an unbounded percent benchmark and an item count on an averaged metric', () => {
    const data = clone();
    const set = (name: string, f: (e: Record<string, unknown>) => void) => f(data.entries.find((e) => e.name === name)!);
    set('HumanEval', (e) => ((e.scale as Record<string, unknown>).ceiling = 100));
    set('BoolQ', (e) => (e.scale = { unit: 'percent', floor: 50, ceiling: null }));
    set('MMLU', (e) => (e.itemCount = 14042));
    const where = failure(data).issues.map((i) => `${i.entry} ${i.path}`);
    expect(where).toEqual(expect.arrayContaining(['HumanEval scale.ceiling', 'BoolQ scale.ceiling', 'MMLU itemCount']));
  });
});

describe('finding an entry by name', () => {
  it('matches names and aliases ignoring case, spaces, underscores, hyphens and shot counts', () => {
    const cases: [string, string][] = [
      ['MMLU', 'MMLU'], ['mmlu', 'MMLU'], ['hendrycksTest', 'MMLU'], ['MMLU (5-shot)', 'MMLU'], ['MMLU 5-shot', 'MMLU'],
      ['MMLU%', 'MMLU'], ['arc_challenge', 'ARC-Challenge'], ['ARC-C', 'ARC-Challenge'], ['ARC Challenge', 'ARC-Challenge'],
      ['arc challenge (25-shot)', 'ARC-Challenge'], ['Winogrande', 'Winogrande'], ['winogrande', 'Winogrande'],
      ['hellaswag', 'HellaSwag'], ['HellaSwag (10-shot)', 'HellaSwag'], ['GSM8K', 'GSM8K'], ['gsm8k', 'GSM8K'],
      ['GSM-8K (8-shot)', 'GSM8K'], ['gsm8k_cot_zeroshot', 'GSM8K'], ['bbh_cot_fewshot', 'BIG-Bench Hard'],
      ['Big Bench Hard (3-shot)', 'BIG-Bench Hard'], ['swe_bench_verified', 'SWE-bench Verified'], ['Humanity’s Last Exam', "Humanity's Last Exam"],
      ['  GPQA   diamond ', 'GPQA Diamond'], ['GPQA [^8]', 'GPQA'], ['DROP[^5]<br>(F1, 3-shot)', 'DROP'], ['zero-shot MMLU', 'MMLU'],
    ];
    for (const [name, entry] of cases) expect(found(name), name).toBe(entry);
  });

  it('keeps near-miss benchmarks apart', () => {
    const groups = [
      ['ARC-Easy', 'ARC-Challenge', 'ARC-AGI', 'ARC-AGI-2'],
      ['GSM8K', 'GSM1k', 'GSM-Symbolic', 'MGSM'],
      ['MATH', 'MATH-500', 'MATH level 5'],
      ['GPQA', 'GPQA Diamond', 'GPQA Main', 'GPQA Extended'],
      ['HumanEval', 'HumanEval+'],
      ['MBPP', 'MBPP+'],
      ['MMLU', 'MMLU-Pro', 'MMLU-Redux', 'MMMLU', 'MMMU'],
      ['SWE-bench', 'SWE-bench Lite', 'SWE-bench Verified'],
      ['AIME', 'AIME 2024', 'AIME 2025', 'OTIS Mock AIME 2024-2025'],
      ['CommonsenseQA', 'CommonsenseQA 2.0'],
      ['FrontierMath', 'FrontierMath Tiers 1-3 public', 'FrontierMath Tier 4', 'FrontierMath Tier 4 public'],
      ['MixEval', 'MixEval-Hard'],
      ['Terminal-Bench', 'Terminal-Bench 2.0'],
    ];
    for (const group of groups) {
      const got = group.map(found);
      expect(got, group.join(' / ')).toEqual(group);
    }
    const spellings: [string, string][] = [
      ['arc_easy', 'ARC-Easy'], ['ARC-E', 'ARC-Easy'], ['ARC-C', 'ARC-Challenge'], ['ARC-AGI-1', 'ARC-AGI'], ['arc_agi_2', 'ARC-AGI-2'],
      ['gsm1k', 'GSM1k'], ['MATH500', 'MATH-500'], ['MATH Lvl 5', 'MATH level 5'], ['leaderboard_math_hard', 'MATH level 5'],
      ['gpqa_diamond', 'GPQA Diamond'], ['gpqa_main', 'GPQA Main'], ['humaneval_plus', 'HumanEval+'], ['HumanEval Plus', 'HumanEval+'],
      ['MBPPPlus', 'MBPP+'], ['FrontierMath-2025-02-28-Public', 'FrontierMath Tiers 1-3 public'],
      ['FrontierMath-2025-02-28-Private', 'FrontierMath'], ['MixEval_MMLU', ''], ['MixEval_TriviaQA', ''],
    ];
    for (const [name, entry] of spellings) expect(found(name) ?? '', name).toBe(entry);
  });

  it('finds nothing for unknown names, for decoration alone, and for ambiguous names', () => {
    for (const name of ['', '   ', '5-shot', '%', 'Model', 'Prompt', 'ARC', 'Winograd', 'Toolbench', 'MMLU-Ultra'])
      expect(found(name), JSON.stringify(name)).toBeUndefined();
  });
});

// ------------------------------------------------------------------------------------------------------------------
// Every benchmark name in the real files of ../shared/data, read from the files themselves.

const csv = (file: string) => readDelimited(path.basename(file), readFileSync(file, 'utf8'));
const column = (file: string, name: string): string[] => {
  const t = csv(file);
  const i = t.headers.indexOf(name);
  if (i < 0) throw new Error(`${file}: no column ${name}`);
  return t.rows.map((r) => (r.cells[i] ?? '').trim()).filter(Boolean);
};
const csvFiles = (folder: string) =>
  readdirSync(sharedData(folder))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => sharedData(folder, f));
const unique = (names: string[]) => [...new Set(names)];

/**
 * Names in ../shared/data that are deliberately not matched to a catalog entry, each with the reason. Each pattern
 * must match at least one real name (no stale exclusions), and the lookup must return nothing for every name it
 * matches (an excluded name never silently lands on the wrong entry).
 */
const NOT_IN_CATALOG: { pattern: RegExp; reason: string }[] = [
  // obsscaling base_llm_benchmark_eval*.csv: 'Winograd' is their Winogrande column (the paper's table), but the bare
  // name also means the Winograd Schema Challenge (WSC273). Matching it would merge two benchmarks; the import asks.
  { pattern: /^Winograd$/, reason: 'ambiguous: Winogrande in obsscaling, the Winograd Schema Challenge elsewhere' },
  // BenchBench toolbench_240829_tools.csv: its numbers come from SambaNova's ToolBench (entry "ToolBench (SambaNova)"),
  // but the bare name also means OpenBMB's ToolBench (ToolLLM), a different benchmark.
  { pattern: /^Toolbench$/, reason: 'ambiguous: SambaNova ToolBench or OpenBMB ToolBench' },
  // BenchBench livebench_240829_holistic.csv: LiveBench's category averages (subtasks of LiveBench).
  { pattern: /^LB_/, reason: 'LiveBench category sub-scores' },
  // BenchBench mixeval_240829_holistic.csv: MixEval's per-source sub-scores; MixEval_MMLU is MixEval's mixture of
  // MMLU-like questions, not MMLU's score, so it must not match MMLU.
  { pattern: /^MixEval_/, reason: 'MixEval sub-scores' },
  // obsscaling base_llm_post_training_eval.csv: the 27 BBH subtasks (bbh_fewshot_<task>, bbh_cot_fewshot_<task>); the
  // *_overall columns are BBH itself and are matched.
  { pattern: /^bbh_(cot_)?fewshot_(?!overall$)/, reason: 'BIG-Bench Hard subtasks' },
  // obsscaling instruct_llm_agent_eval.csv: per-environment scores of AgentBench (ABench-Code_OS, ...) and AgentBoard
  // (ABoard-Game_JC_PR, ...); ABench-OA and ABoard-Avg_PR are the benchmarks' headlines and are matched.
  { pattern: /^ABench-(?!OA$)/, reason: 'AgentBench environment sub-scores' },
  { pattern: /^ABoard-(?!Avg_)/, reason: 'AgentBoard environment sub-scores' },
  // obsscaling instruct_llm_agent_eval.csv: AgentBoard's success rate, a second metric of AgentBoard; the entry
  // describes its progress rate, and one entry holds one headline metric.
  { pattern: /^ABoard-Avg_SR$/, reason: 'AgentBoard success rate (the entry is progress rate)' },
];
const excluded = (name: string) => NOT_IN_CATALOG.some((x) => x.pattern.test(name));

/** Checks that every name is found or excluded; returns the names per outcome for the assertions and the report. */
function audit(names: string[]): { missing: string[]; excludedFound: string[]; matched: Map<string, string> } {
  const matched = new Map<string, string>();
  const missing: string[] = [];
  const excludedFound: string[] = [];
  for (const name of unique(names)) {
    const entry = findCatalogEntry(name);
    if (excluded(name)) {
      if (entry) excludedFound.push(`${name} → ${entry.name}`);
    } else if (entry) matched.set(name, entry.name);
    else missing.push(name);
  }
  return { missing, excludedFound, matched };
}

const EPOCH = 'epoch_benchmark_stitching';
const epochNames = () => {
  const optim = column(sharedData(EPOCH, 'benchmark_optim.csv'), 'benchmark');
  const runs = column(sharedData(EPOCH, 'benchmarks_runs.csv'), 'task');
  const slugs = readdirSync(sharedData(EPOCH))
    .map((f) => /^external_benchmark_(.+)\.csv$/.exec(f)?.[1])
    .filter((s): s is string => !!s);
  return { optim, runs, slugs };
};

const BENCHBENCH = 'benchbench_leaderboards';
const benchbenchNames = () => csvFiles(BENCHBENCH).flatMap((f) => csv(f).headers.filter((h) => h !== 'model'));

const OBSSCALING = 'obsscaling';
const OBS_METADATA = new Set(['Model', 'Model Family', 'Model Size (B)', 'Pretraining Data Size (T)', 'FLOPs (1E21)']);
/**
 * obsscaling's benchmark columns. The post-training table's columns are lm-evaluation-harness
 * "<task>_<shots>_exact_match,<filter>[,norm]" composites; the benchmark name in them is the task.
 */
const obsscalingNames = () =>
  csvFiles(OBSSCALING).flatMap((f) =>
    csv(f)
      .headers.filter((h) => !OBS_METADATA.has(h))
      .map((h) => {
        const m = /^(.+?)_\d+_exact_match,/.exec(h);
        if (path.basename(f) === 'base_llm_post_training_eval.csv' && !m) throw new Error(`unexpected post-training column ${h}`);
        return m ? m[1]! : h;
      }),
  );

const SIMPLE_EVALS = 'openai_simple_evals';
/** Header cells after "Model | Prompt" of every results table in the README and its 26 historical versions, as written. */
const simpleEvalsHeaders = () => {
  const files = [sharedData(SIMPLE_EVALS, 'README.md'), ...readdirSync(sharedData(SIMPLE_EVALS, 'readme_history')).map((f) => sharedData(SIMPLE_EVALS, 'readme_history', f))];
  const headers: string[] = [];
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split(/\r?\n/)) {
      const cells = splitRow(line).map((c) => c.trim());
      if (cells[0] === 'Model' && cells[1] === 'Prompt') headers.push(...cells.slice(2).filter(Boolean));
    }
  }
  return headers;
};

describe('benchmark names in the real data of ../shared/data', () => {
  it("finds every benchmark of Epoch AI's benchmark list, its own runs and its external leaderboards", () => {
    const { optim, runs, slugs } = epochNames();
    expect(optim.length).toBe(42); // SOURCE.txt says 41; the file also lists METR
    expect(slugs.length).toBe(37);
    // The importer names each external leaderboard (external_benchmark_arc_ai2.csv → "ARC AI2"); both spellings count.
    const importerNames = slugs.map((s) => EPOCH_EXTERNAL[s]?.benchmark ?? '').filter(Boolean);
    expect(importerNames.length).toBe(37);
    const a = audit([...optim, ...runs, ...slugs, ...importerNames]);
    expect(a.missing).toEqual([]);
    expect(a.excludedFound).toEqual([]);
    expect(a.matched.get('ARC AI2')).toBe('ARC-Challenge');
    expect(a.matched.get('GPQA diamond')).toBe('GPQA Diamond');
    expect(a.matched.get('FrontierMath-Tier-4-2025-07-01-Public')).toBe('FrontierMath Tier 4 public');
    expect(a.matched.get('METR')).toBe('METR time horizon');
    expect(a.matched.get('os_world')).toBe('OSWorld');
  });

  it('finds every benchmark column of the BenchBench leaderboards, apart from the listed sub-scores and ambiguous names', () => {
    const names = benchbenchNames();
    const a = audit(names);
    expect(a.missing).toEqual([]);
    expect(a.excludedFound).toEqual([]);
    expect(a.matched.get('arena_elo')).toBe('Chatbot Arena');
    expect(a.matched.get('helm_mmlu')).toBe('MMLU');
    expect(a.matched.get('mmlu_pro')).toBe('MMLU-Pro');
    expect(a.matched.get('MixEval-Hard')).toBe('MixEval-Hard');
    expect(a.matched.get('LiveCodeBench_Pass@1')).toBe('LiveCodeBench');
  });

  it('finds every benchmark column of the obsscaling tables, apart from the listed sub-scores and ambiguous names', () => {
    const names = obsscalingNames();
    const a = audit(names);
    expect(a.missing).toEqual([]);
    expect(a.excludedFound).toEqual([]);
    expect(a.matched.get('ARC-C')).toBe('ARC-Challenge');
    expect(a.matched.get('leaderboard_math_hard')).toBe('MATH level 5');
    expect(a.matched.get('leaderboard_gpqa')).toBe('GPQA');
    expect(a.matched.get('gsm8k_cot_self_consistency')).toBe('GSM8K');
    expect(a.matched.get('bbh_cot_fewshot_overall')).toBe('BIG-Bench Hard');
    expect(a.matched.get('ABench-OA')).toBe('AgentBench');
    expect(a.matched.get('Arena-Elo')).toBe('Chatbot Arena');
  });

  it('finds every benchmark header of the simple-evals README tables, in every README version, as written', () => {
    const headers = simpleEvalsHeaders();
    expect(headers.length).toBeGreaterThan(100);
    const long = column(sharedData(SIMPLE_EVALS, 'simple_evals_readme_history_long.csv'), 'benchmark');
    // The multilingual results page names its benchmark only in its heading ("Multilingual MMLU Benchmark Results");
    // the markdown importer drops the trailing "Benchmark Results".
    const heading = /^#\s+(.+)$/m.exec(readFileSync(sharedData(SIMPLE_EVALS, 'multilingual_mmlu_benchmark_results.md'), 'utf8'))![1]!;
    const multilingual = heading.replace(/\s+(benchmark\s+)?results?$/i, '').trim();
    const a = audit([...headers, ...long, multilingual]);
    expect(a.missing).toEqual([]);
    expect(a.excludedFound).toEqual([]);
    expect(a.matched.get('DROP[^5]<br>(F1, 3-shot)')).toBe('DROP');
    expect(a.matched.get('GPQA%')).toBe('GPQA');
    expect(a.matched.get('MATH [^6]')).toBe('MATH');
    expect(a.matched.get('Multilingual MMLU')).toBe('MMMLU');
  });

  it('excludes only names that really occur in the data, and nothing it excludes is found', () => {
    const all = unique([...benchbenchNames(), ...obsscalingNames()]);
    for (const x of NOT_IN_CATALOG) {
      const hits = all.filter((n) => x.pattern.test(n));
      expect(hits.length, `${x.pattern} (${x.reason}) matches no real name`).toBeGreaterThan(0);
      for (const n of hits) expect(findCatalogEntry(n), n).toBeUndefined();
    }
  });
});

