/**
 * The fixed cast of the synthetic demo workspace: fictional organizations, model families and benchmarks, plus the
 * hidden "truth" the generator draws scores from (each benchmark's midpoint and steepness, each subtask's difficulty
 * offset). Everything here is invented; names were chosen not to belong to real labs, models or benchmarks.
 */
import type { BenchmarkUnit, Setting } from '../../common/domain';

/** A fictional organization. */
export interface DemoOrganization {
  name: string;
}

/** One model: release date, parameters (billions) and training tokens (trillions); compute is 6·N·D. */
export interface DemoModel {
  name: string;
  release: string;
  paramsB: number;
  tokensT: number;
  aliases?: string[];
}

/**
 * A product line whose members improve monotonically (each is newer and trained with more effective compute than
 * the one before), so "a newer member scores lower" is always a real finding, never an artefact of mixing sizes.
 */
export interface DemoFamily {
  family: string;
  org: string;
  openWeights: boolean;
  /** Reasoning models report every result at three test-time-compute budgets (see EFFORTS). */
  reasoning: boolean;
  models: DemoModel[];
}

/** A subtask with its item count and its difficulty offset in orders of magnitude of effective compute. */
export interface DemoSubtask {
  name: string;
  items: number;
  /** Positive: harder than the benchmark as a whole. */
  delta: number;
  /** Own chance floor, in the benchmark's unit, where it differs from the benchmark's. */
  floor?: number;
}

export type Category = 'knowledge' | 'math' | 'code' | 'reasoning' | 'agents' | 'long-context' | 'multilingual';

export interface DemoBenchmark {
  name: string;
  category: Category;
  metric: string;
  unit: BenchmarkUnit;
  floor: number;
  ceiling: number;
  ceilingReason?: string;
  humanBaseline?: number;
  release: string;
  /** Item count; for benchmarks with subtasks, the sum of theirs. Null for rating-style (points) benchmarks. */
  items: number | null;
  description: string;
  /** Calendar year (decimal) at which the frontier reaches half the headroom. */
  midYear: number;
  /** Logistic steepness per order of magnitude of effective compute. */
  slope: number;
  /** Effective-compute gain (OOM) of chain of thought for a non-reasoning model. */
  cotGain: number;
  /** Effective-compute gain (OOM) per decade of thinking tokens for reasoning models. */
  ttcGain: number;
  /** Standard error of a points score (rating benchmarks only). */
  pointsStderr?: number;
  /** Settings used by the lab, the third-party leaderboard and the analyst's own run (non-reasoning models). */
  lab: Setting;
  third: Setting;
  own: Setting;
  /** Whether the own run reports only subtasks (a probe), not the aggregate. */
  ownSubtasksOnly?: boolean;
  subtasks?: DemoSubtask[];
}

export const ORGANIZATIONS: DemoOrganization[] = [
  { name: 'Aurora Labs' },
  { name: 'Northwind AI' },
  { name: 'Helix Research' },
  { name: 'Cobalt Systems' },
  { name: 'Meridian AI' },
  { name: 'Tessellate' },
  { name: 'Kestrel Labs' },
  { name: 'Open Lattice Collective' },
];

const m = (name: string, release: string, paramsB: number, tokensT: number, aliases?: string[]): DemoModel =>
  aliases ? { name, release, paramsB, tokensT, aliases } : { name, release, paramsB, tokensT };

export const FAMILIES: DemoFamily[] = [
  {
    family: 'Nimbus',
    org: 'Aurora Labs',
    openWeights: false,
    reasoning: false,
    models: [
      m('nimbus-1', '2019-06-10', 1.5, 0.12),
      m('nimbus-2', '2020-06-01', 30, 0.4),
      m('nimbus-3', '2022-03-15', 175, 1),
      m('nimbus-4', '2023-03-14', 500, 4, ['nimbus-4-2023-03-14']),
      m('nimbus-4o', '2024-05-13', 300, 12, ['nimbus-4o-2024-05-13', 'nimbus-4o-2024-08-06']),
      m('nimbus-5', '2025-08-07', 1200, 30, ['nimbus-5-2025-08-07']),
      m('nimbus-5.5', '2026-02-20', 1500, 50),
    ],
  },
  {
    family: 'Nimbus Mini',
    org: 'Aurora Labs',
    openWeights: false,
    reasoning: false,
    models: [
      m('nimbus-mini-1', '2023-07-20', 8, 8),
      m('nimbus-mini-2', '2024-07-18', 12, 15, ['nimbus-mini-2-2024-07-18']),
      m('nimbus-mini-3', '2025-06-10', 20, 30),
      m('nimbus-mini-4', '2026-03-05', 30, 40),
    ],
  },
  {
    family: 'Nimbus Reason',
    org: 'Aurora Labs',
    openWeights: false,
    reasoning: true,
    models: [
      m('nimbus-r1', '2024-09-12', 300, 15, ['nimbus-r1-preview-2024-09-12']),
      m('nimbus-r2', '2025-04-16', 600, 20),
      m('nimbus-r3', '2025-12-04', 1200, 35),
    ],
  },
  {
    family: 'Gale',
    org: 'Northwind AI',
    openWeights: false,
    reasoning: false,
    models: [
      m('gale-1', '2020-02-11', 10, 0.3),
      m('gale-2', '2021-05-18', 70, 1.4),
      m('gale-3', '2022-11-08', 200, 3),
      m('gale-4', '2024-02-29', 400, 10, ['gale-4-2024-02-29']),
      m('gale-4.5', '2025-02-24', 800, 20),
      m('gale-5', '2026-01-15', 1500, 40),
    ],
  },
  {
    family: 'Gale Think',
    org: 'Northwind AI',
    openWeights: false,
    reasoning: true,
    models: [m('gale-think-1', '2025-01-20', 400, 15), m('gale-think-2', '2025-09-30', 900, 25)],
  },
  {
    family: 'Strand',
    org: 'Helix Research',
    openWeights: true,
    reasoning: false,
    models: [
      m('strand-1', '2019-10-02', 3, 0.15),
      m('strand-2', '2020-10-20', 13, 0.5),
      m('strand-3', '2021-12-07', 62, 1.4),
      m('strand-4', '2023-06-13', 180, 3.5),
      m('strand-5', '2024-10-22', 400, 15),
      m('strand-6', '2025-11-18', 700, 30),
    ],
  },
  {
    family: 'Cobalt',
    org: 'Cobalt Systems',
    openWeights: false,
    reasoning: false,
    models: [
      m('cobalt-1', '2022-04-05', 50, 1),
      m('cobalt-2', '2023-05-23', 150, 4),
      m('cobalt-3', '2024-06-20', 300, 12, ['cobalt-3-2024-06-20']),
      m('cobalt-4', '2025-05-14', 600, 25),
      m('cobalt-5', '2026-02-10', 1000, 40),
    ],
  },
  {
    family: 'Meridian',
    org: 'Meridian AI',
    openWeights: false,
    reasoning: false,
    models: [
      m('meridian-1', '2021-03-02', 20, 0.6),
      m('meridian-2', '2022-08-16', 70, 2),
      m('meridian-3', '2023-09-27', 180, 6),
      m('meridian-4', '2024-08-15', 350, 14, ['meridian-4-2024-08-15']),
      m('meridian-5', '2025-07-09', 700, 28),
    ],
  },
  {
    family: 'Meridian Flash',
    org: 'Meridian AI',
    openWeights: false,
    reasoning: false,
    models: [m('meridian-flash-1', '2024-02-15', 15, 10), m('meridian-flash-2', '2025-01-21', 25, 20), m('meridian-flash-3', '2025-10-14', 40, 30)],
  },
  {
    family: 'Tess',
    org: 'Tessellate',
    openWeights: true,
    reasoning: false,
    models: [
      m('tess-1', '2023-02-24', 65, 1.4),
      m('tess-2', '2023-07-18', 70, 2),
      m('tess-3', '2024-04-18', 70, 15),
      m('tess-4', '2024-07-23', 405, 15, ['tess-4-405b']),
      m('tess-5', '2025-04-05', 400, 30),
      m('tess-6', '2026-01-27', 800, 40),
    ],
  },
  {
    family: 'Tess Small',
    org: 'Tessellate',
    openWeights: true,
    reasoning: false,
    models: [
      m('tess-small-1', '2023-02-24', 7, 1),
      m('tess-small-2', '2023-07-18', 7, 2),
      m('tess-small-3', '2024-04-18', 8, 15),
      m('tess-small-4', '2025-04-05', 12, 30),
    ],
  },
  {
    family: 'Tess Math',
    org: 'Tessellate',
    openWeights: true,
    reasoning: false,
    models: [m('tess-math-7b', '2023-10-12', 7, 2.2)],
  },
  {
    family: 'Kestrel',
    org: 'Kestrel Labs',
    openWeights: false,
    reasoning: false,
    models: [
      m('kestrel-1', '2019-08-20', 2.7, 0.2),
      m('kestrel-2', '2020-09-15', 20, 0.4),
      m('kestrel-3', '2021-09-28', 80, 1),
      m('kestrel-4', '2022-09-20', 175, 2),
      m('kestrel-5', '2023-11-07', 300, 5),
    ],
  },
  {
    family: 'Kestrel Coder',
    org: 'Kestrel Labs',
    openWeights: true,
    reasoning: false,
    models: [m('kestrel-coder', '2022-12-06', 15, 1)],
  },
  {
    family: 'Lattice',
    org: 'Open Lattice Collective',
    openWeights: true,
    reasoning: false,
    models: [
      m('lattice-1', '2020-04-14', 6, 0.3),
      m('lattice-2', '2021-06-09', 20, 0.4),
      m('lattice-3', '2022-06-21', 66, 1),
      m('lattice-4', '2023-09-19', 70, 3),
      m('lattice-5', '2024-09-17', 110, 12),
      m('lattice-6', '2025-08-05', 235, 36),
      m('lattice-7', '2026-04-08', 480, 40),
    ],
  },
  {
    family: 'Lattice Reason',
    org: 'Open Lattice Collective',
    openWeights: true,
    reasoning: true,
    models: [m('lattice-r1', '2025-01-20', 671, 15), m('lattice-r2', '2025-10-28', 671, 20)],
  },
];

/** Reasoning-effort levels and their thinking-token budgets per item. */
export const EFFORTS: { effort: string; ttc: number }[] = [
  { effort: 'low', ttc: 1e3 },
  { effort: 'medium', ttc: 8e3 },
  { effort: 'high', ttc: 3.2e4 },
];

const st = (shots: number | null, cot: boolean | null, passK: number | null = null): Setting => ({
  shots,
  cot,
  passK,
  testTimeCompute: null,
  effort: null,
});

const sub = (name: string, items: number, delta: number, floor?: number): DemoSubtask =>
  floor === undefined ? { name, items, delta } : { name, items, delta, floor };

/** Sum of item counts, so a benchmark's count always matches its subtasks. */
const total = (subs: DemoSubtask[]): number => subs.reduce((s, x) => s + x.items, 0);

const LEXIQA_SUBS = [
  sub('elementary science', 1000, -0.9),
  sub('history', 1000, -0.5),
  sub('geography', 1000, -0.3),
  sub('social sciences', 1000, -0.1),
  sub('humanities', 1000, 0.1),
  sub('medicine', 1000, 0.35),
  sub('law', 1000, 0.6),
  sub('college physics', 1000, 0.85),
];
const COMPMATH_SUBS = [
  sub('prealgebra', 870, -0.9),
  sub('algebra', 1190, -0.6),
  sub('number theory', 540, -0.1),
  sub('counting & probability', 470, 0.05),
  sub('geometry', 480, 0.3),
  sub('precalculus', 550, 0.55),
  sub('intermediate algebra', 900, 0.8),
];
const ARITH_SUBS = [
  // Two-way choice, hence its own floor of 50: "which is larger, 9.11 or 9.8?"
  sub('numeric comparison', 100, -2.6, 50),
  sub('2-digit addition', 400, -2.0),
  sub('5-digit addition', 500, -0.8),
  sub('fraction arithmetic', 500, 0.2),
  sub('3-digit multiplication', 500, 0.6),
  sub('long division', 500, 1.0),
];
const HAYSTACK_SUBS = [
  sub('8k tokens', 200, -1.4),
  sub('32k tokens', 200, -0.7),
  sub('128k tokens', 200, 0),
  sub('512k tokens', 200, 0.7),
  sub('1M tokens', 200, 1.4),
];
const POLYGLOT_SUBS = [
  sub('English', 500, -0.8),
  sub('Spanish', 500, -0.55),
  sub('German', 500, -0.45),
  sub('Japanese', 500, -0.2),
  sub('Hindi', 500, 0.05),
  sub('Arabic', 500, 0.15),
  sub('Bengali', 500, 0.45),
  sub('Swahili', 500, 0.8),
];
const LOGIC_SUBS = [sub('3x3 grids', 250, -1.0), sub('4x4 grids', 250, -0.3), sub('5x5 grids', 250, 0.35), sub('6x6 grids', 250, 1.0)];
const REPOFIX_SUBS = [sub('one-line fixes', 150, -0.9), sub('single-file changes', 200, 0), sub('multi-file changes', 150, 0.9)];

/**
 * Sixteen-plus benchmarks spanning 2018–2025: older ones saturated long ago, some saturating now, and hard agent and
 * proof benchmarks barely started. Midpoints are in calendar years for the frontier; steepness in 1/OOM.
 */
export const BENCHMARKS: DemoBenchmark[] = [
  {
    name: 'ReadComp',
    category: 'knowledge',
    metric: 'exact match',
    unit: 'percent',
    floor: 0,
    ceiling: 97,
    ceilingReason: '~3% of answers span-mismatched in the gold labels',
    humanBaseline: 86.8,
    release: '2018-06-11',
    items: 10000,
    description: 'Synthetic demo benchmark: extractive reading comprehension over encyclopedia paragraphs.',
    midYear: 2019.5,
    slope: 1.3,
    cotGain: 0,
    ttcGain: 0.05,
    lab: st(1, false),
    third: st(1, false),
    own: st(0, false),
  },
  {
    name: 'ClozeStory',
    category: 'reasoning',
    metric: 'accuracy',
    unit: 'fraction',
    floor: 0.25,
    ceiling: 0.98,
    ceilingReason: '~2% ambiguous endings',
    humanBaseline: 0.956,
    release: '2019-05-20',
    items: 10000,
    description: 'Synthetic demo benchmark: pick the most plausible of four story endings (commonsense).',
    midYear: 2019.9,
    slope: 1.4,
    cotGain: 0.05,
    ttcGain: 0.1,
    lab: st(10, false),
    third: st(10, false),
    own: st(0, false),
  },
  {
    name: 'LexiQA',
    category: 'knowledge',
    metric: 'accuracy',
    unit: 'percent',
    floor: 25,
    ceiling: 97,
    ceilingReason: '~3% label errors',
    humanBaseline: 89.8,
    release: '2020-09-07',
    items: total(LEXIQA_SUBS),
    description: 'Synthetic demo benchmark: four-choice exam questions across eight subject areas.',
    midYear: 2021.9,
    slope: 1.1,
    cotGain: 0.1,
    ttcGain: 0.1,
    lab: st(5, false),
    third: st(5, false),
    own: st(0, true),
    subtasks: LEXIQA_SUBS,
  },
  {
    name: 'ArithBench',
    category: 'math',
    metric: 'exact match',
    unit: 'percent',
    floor: 0,
    ceiling: 99.5,
    ceilingReason: '~0.5% mis-keyed answers',
    release: '2020-03-02',
    items: total(ARITH_SUBS),
    description: 'Synthetic demo benchmark: arithmetic, from comparing two decimals to long division.',
    midYear: 2021.2,
    slope: 1.2,
    cotGain: 0.3,
    ttcGain: 0.3,
    lab: st(0, true),
    third: st(0, true),
    own: st(0, false),
    ownSubtasksOnly: true,
    subtasks: ARITH_SUBS,
  },
  {
    name: 'GradeMath',
    category: 'math',
    metric: 'exact match',
    unit: 'percent',
    floor: 0,
    ceiling: 98.5,
    ceilingReason: '~1.5% label errors',
    humanBaseline: 94,
    release: '2021-10-27',
    items: 1319,
    description: 'Synthetic demo benchmark: grade-school word problems with a numeric answer.',
    midYear: 2022.6,
    slope: 1.3,
    cotGain: 0.4,
    ttcGain: 0.4,
    lab: st(8, true),
    third: st(0, true),
    own: st(0, true),
  },
  {
    name: 'CompMath',
    category: 'math',
    metric: 'exact match',
    unit: 'percent',
    floor: 0,
    ceiling: 99,
    ceilingReason: '~1% label errors',
    release: '2021-03-05',
    items: total(COMPMATH_SUBS),
    description: 'Synthetic demo benchmark: competition mathematics in seven subject areas, open answers.',
    midYear: 2023.9,
    slope: 1.1,
    cotGain: 0.4,
    ttcGain: 0.5,
    lab: st(4, true),
    third: st(4, true),
    own: st(0, true),
    subtasks: COMPMATH_SUBS,
  },
  {
    name: 'OlympiadSprint',
    category: 'math',
    metric: 'accuracy',
    unit: 'percent',
    floor: 0,
    ceiling: 100,
    humanBaseline: 40,
    release: '2024-02-10',
    items: 30,
    description: 'Synthetic demo benchmark: thirty olympiad-qualifier problems with integer answers.',
    midYear: 2025.6,
    slope: 1.2,
    cotGain: 0.3,
    ttcGain: 0.5,
    lab: st(0, true, 1),
    third: st(0, true, 1),
    own: st(0, true, 1),
  },
  {
    name: 'PyFunc',
    category: 'code',
    metric: 'pass@1',
    unit: 'percent',
    floor: 0,
    ceiling: 98,
    ceilingReason: '~2% of tasks have faulty tests',
    release: '2021-07-07',
    items: 164,
    description: 'Synthetic demo benchmark: write a Python function from its docstring; hidden unit tests.',
    midYear: 2022.9,
    slope: 1.2,
    cotGain: 0.1,
    ttcGain: 0.4,
    lab: st(0, false, 1),
    third: st(0, false, 1),
    own: st(0, false, 1),
  },
  {
    name: 'RepoFix',
    category: 'agents',
    metric: 'resolved rate',
    unit: 'percent',
    floor: 0,
    ceiling: 100,
    release: '2023-10-10',
    items: total(REPOFIX_SUBS),
    description: 'Synthetic demo benchmark: resolve real-looking issues in open-source repositories with an agent scaffold.',
    midYear: 2025.4,
    slope: 1.0,
    cotGain: 0.1,
    ttcGain: 0.3,
    lab: st(0, null, 1),
    third: st(0, null, 1),
    own: st(0, null, 1),
    subtasks: REPOFIX_SUBS,
  },
  {
    name: 'CodeDuel',
    category: 'code',
    metric: 'Elo rating',
    unit: 'points',
    floor: 800,
    ceiling: 3000,
    ceilingReason: 'rating of the strongest human contestants',
    humanBaseline: 1500,
    release: '2024-03-12',
    items: null,
    description: 'Synthetic demo benchmark: Elo-style rating from simulated programming contests (higher is better).',
    midYear: 2025.8,
    slope: 1.1,
    cotGain: 0.1,
    ttcGain: 0.4,
    pointsStderr: 30,
    lab: st(0, true),
    third: st(0, true),
    own: st(0, true),
  },
  {
    name: 'GradQA-Hard',
    category: 'reasoning',
    metric: 'accuracy',
    unit: 'percent',
    floor: 25,
    ceiling: 92,
    ceilingReason: '~8% of answers disputed by expert validators',
    humanBaseline: 65,
    release: '2023-11-20',
    items: 198,
    description: 'Synthetic demo benchmark: graduate-level four-choice science questions written to resist web search.',
    midYear: 2024.9,
    slope: 1.0,
    cotGain: 0.2,
    ttcGain: 0.35,
    lab: st(0, true),
    third: st(0, true),
    own: st(0, true),
  },
  {
    name: 'LongHaystack',
    category: 'long-context',
    metric: 'retrieval accuracy',
    unit: 'fraction',
    floor: 0,
    ceiling: 1,
    release: '2024-01-15',
    items: total(HAYSTACK_SUBS),
    description: 'Synthetic demo benchmark: multi-fact retrieval from contexts of 8k to 1M tokens.',
    midYear: 2024.8,
    slope: 1.1,
    cotGain: 0,
    ttcGain: 0.05,
    lab: st(0, false),
    third: st(0, false),
    own: st(0, false),
    subtasks: HAYSTACK_SUBS,
  },
  {
    name: 'Polyglot-MC',
    category: 'multilingual',
    metric: 'accuracy',
    unit: 'percent',
    floor: 25,
    ceiling: 98,
    ceilingReason: '~2% translation errors',
    release: '2022-05-03',
    items: total(POLYGLOT_SUBS),
    description: 'Synthetic demo benchmark: the same four-choice questions translated into eight languages.',
    midYear: 2023.0,
    slope: 1.1,
    cotGain: 0.05,
    ttcGain: 0.05,
    lab: st(5, false),
    third: st(0, false),
    own: st(0, false),
    subtasks: POLYGLOT_SUBS,
  },
  {
    name: 'LogicGrid',
    category: 'reasoning',
    metric: 'solved rate',
    unit: 'fraction',
    floor: 0,
    ceiling: 1,
    release: '2022-10-04',
    items: total(LOGIC_SUBS),
    description: 'Synthetic demo benchmark: logic-grid puzzles from 3x3 to 6x6.',
    midYear: 2024.4,
    slope: 1.1,
    cotGain: 0.3,
    ttcGain: 0.45,
    lab: st(0, true),
    third: st(0, true),
    own: st(0, true),
    subtasks: LOGIC_SUBS,
  },
  {
    name: 'OfficeTasks',
    category: 'agents',
    metric: 'task success',
    unit: 'fraction',
    floor: 0,
    ceiling: 1,
    humanBaseline: 0.72,
    release: '2024-06-04',
    items: 250,
    description: 'Synthetic demo benchmark: multi-step office workflows in a simulated desktop.',
    midYear: 2026.6,
    slope: 1.0,
    cotGain: 0.1,
    ttcGain: 0.3,
    lab: st(0, null),
    third: st(0, null),
    own: st(0, null),
  },
  {
    name: 'WebAgentArena',
    category: 'agents',
    metric: 'task success',
    unit: 'percent',
    floor: 0,
    ceiling: 100,
    humanBaseline: 78,
    release: '2025-03-11',
    items: 300,
    description: 'Synthetic demo benchmark: long-horizon web tasks (booking, research, purchases) in sandboxed sites.',
    midYear: 2028.2,
    slope: 1.0,
    cotGain: 0.1,
    ttcGain: 0.3,
    lab: st(0, null),
    third: st(0, null),
    own: st(0, null),
  },
  {
    name: 'FrontierProofs',
    category: 'math',
    metric: 'accuracy',
    unit: 'percent',
    floor: 0,
    ceiling: 100,
    release: '2025-06-02',
    items: 350,
    description: 'Synthetic demo benchmark: research-level problems with automatically checkable answers.',
    midYear: 2028.6,
    slope: 1.0,
    cotGain: 0.3,
    ttcGain: 0.5,
    lab: st(0, true),
    third: st(0, true),
    own: st(0, true),
  },
];

/** The organization that stands behind third-party results in the demo, and the analyst's own harness. */
export const THIRD_PARTY_SOURCES = ['synthetic demo data: OpenScore leaderboard', 'synthetic demo data: EvalWatch independent evals'];
export const OWN_RUN_SOURCE = 'synthetic demo data: own run (demo harness v0.3)';

/** Source text of a lab's own report. */
export function labSource(org: string): string {
  return `synthetic demo data: ${org} tech report`;
}
