/**
 * The synthetic demo workspace: a deterministic, plausible history of fictional models and benchmarks, so a new user
 * sees every view populated, and so the inconsistency checker has ground truth to be tested against (the PLANTED
 * cases below are the only anomalies in the data; everything else follows one hidden model of progress).
 *
 * The hidden model: each model has an effective compute E = log10(training FLOP) + 0.35·(release year − 2019),
 * raised by chain of thought (non-reasoning models) or by test-time compute (reasoning models). Each benchmark b (and
 * subtask s) has a difficulty d_b + δ_s in the same units and a steepness a_b; the expected score is
 * floor + (ceiling − floor) · 1 / (1 + exp(−a_b · (E − d_b − δ_s))), a saturating logistic in log-compute and hence in
 * calendar time. Observed scores are k/n with k drawn around n·p with binomial spread (clipped at ±1.25 standard
 * deviations so that no clean row looks like an outlier), and never above the ceiling.
 */
import { settingKey, type Setting, type SourceKind } from '../../common/domain';
import type { Db } from '../db/open';
import { upsertBenchmark, upsertSubtask } from '../db/repositories/benchmarks';
import { setMeta } from '../db/repositories/meta';
import { upsertModel } from '../db/repositories/models';
import { ensureOrganization } from '../db/repositories/organizations';
import { emptyCreated, writeResult, type WriteOptions } from '../ingest/results';
import { toDecimalYear } from '../fit/axes';
import { mulberry32, normalFrom } from '../fit/rng';
import {
  BENCHMARKS,
  EFFORTS,
  FAMILIES,
  ORGANIZATIONS,
  OWN_RUN_SOURCE,
  THIRD_PARTY_SOURCES,
  labSource,
  type DemoBenchmark,
  type DemoSubtask,
} from './catalog';

/** The words every demo note carries, so no demo number can be mistaken for a real one. */
export const DEMO_NOTE = 'synthetic demo data';
export const DEMO_NAME = 'Synthetic demo workspace';

const SEED = 0x4d5a2026;
/** No evaluation in the demo is dated after this day. */
const LAST_EVAL_DATE = '2026-10-30';
/** Algorithmic progress: OOM of effective compute gained per calendar year at fixed training compute. */
const ALGO_PROGRESS = 0.35;
/** Frontier effective compute in mid-2019 and its growth per year; places each benchmark's midpoint in time. */
const FRONTIER_E0 = 21.2;
const FRONTIER_YEAR0 = 2019.4;
const FRONTIER_SLOPE = 1.15;
/** Clean noise is clipped at this many standard deviations. */
const Z_CLIP = 1.25;

/** What writeDemo wrote. */
export interface DemoSummary {
  organizations: number;
  models: number;
  benchmarks: number;
  subtasks: number;
  results: number;
  /** Number of PLANTED entries (deliberate inconsistencies). */
  planted: number;
}

export const PLANTED_RULES = [
  'surprising-failure',
  'conflicting-reports',
  'impossible-value',
  'regression',
  'aggregate-mismatch',
  'unit-slip',
  'date-anomaly',
  'ordering',
  'above-trend',
] as const;
/** The inconsistency rules the demo plants examples of (the names the checker reports). */
export type PlantedRule = (typeof PLANTED_RULES)[number];

/**
 * One deliberate inconsistency. `model`, `benchmark`, `subtask`, `source` and `setting` (a settingKey) locate the
 * row exactly. `alsoMatches` lists other rules the same row legitimately trips (a unit slip into a fraction benchmark
 * is also above the ceiling; a collapse is also a regression against the predecessor). A checker's flag is expected
 * when it names the model and benchmark (and the subtask, where given) of an entry whose rule or alsoMatches is the
 * flag's rule; every other flag on the demo is a false positive. Ordering cases list both subtasks of the pair.
 */
export interface PlantedCase {
  rule: PlantedRule;
  model: string;
  benchmark: string;
  subtask?: string;
  source: string;
  setting: string;
  description: string;
  alsoMatches: PlantedRule[];
}

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness and small helpers

class Rng {
  private readonly next: () => number;
  private readonly gauss: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
    this.gauss = normalFrom(this.next);
  }
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  /** Standard normal (fit/rng.ts normalFrom: Box–Muller on the same sequence). */
  normal(): number {
    return this.gauss();
  }
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};
/** Three significant digits, as stderrs are usually printed. */
const sig3 = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(3)));

const decimalYear = (iso: string): number => toDecimalYear(iso);
function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
const later = (a: string, b: string): string => (a > b ? a : b);
const earlier = (a: string, b: string): string => (a < b ? a : b);

// ---------------------------------------------------------------------------------------------------------------
// The cast, with derived quantities

interface ModelInfo {
  name: string;
  family: string;
  org: string;
  release: string;
  year: number;
  openWeights: boolean;
  reasoning: boolean;
  parameters: number;
  tokens: number;
  compute: number;
  /** Effective compute E (see the module comment). */
  eff: number;
  aliases: string[];
  /** Index of the previous member of the family, if any. */
  predecessor: string | null;
}

function buildModels(): ModelInfo[] {
  const out: ModelInfo[] = [];
  for (const fam of FAMILIES) {
    let prev: string | null = null;
    for (const mm of fam.models) {
      const parameters = mm.paramsB * 1e9;
      const tokens = mm.tokensT * 1e12;
      const compute = 6 * parameters * tokens;
      const year = decimalYear(mm.release);
      out.push({
        name: mm.name,
        family: fam.family,
        org: fam.org,
        release: mm.release,
        year,
        openWeights: fam.openWeights,
        reasoning: fam.reasoning,
        parameters,
        tokens,
        // Two significant digits, as compute estimates are quoted.
        compute: Number(compute.toPrecision(2)),
        eff: Math.log10(compute) + ALGO_PROGRESS * (year - 2019),
        aliases: mm.aliases ?? [],
        predecessor: prev,
      });
      prev = mm.name;
    }
  }
  return out;
}

const MODELS = buildModels();
const MODEL_BY_NAME = new Map(MODELS.map((x) => [x.name, x]));
const BENCH_BY_NAME = new Map(BENCHMARKS.map((b) => [b.name, b]));

function modelNamed(name: string): ModelInfo {
  const x = MODEL_BY_NAME.get(name);
  if (!x) throw new Error(`demo catalog has no model ${name}`);
  return x;
}
function benchNamed(name: string): DemoBenchmark {
  const x = BENCH_BY_NAME.get(name);
  if (!x) throw new Error(`demo catalog has no benchmark ${name}`);
  return x;
}

/** Scale of a unit: scores are k/n times this (points benchmarks are not counts). */
const unitScale = (b: DemoBenchmark): number => (b.unit === 'percent' ? 100 : 1);
/** Difficulty d_b of a benchmark in effective-compute units: where the frontier stands at its midpoint year. */
const difficulty = (b: DemoBenchmark): number => FRONTIER_E0 + FRONTIER_SLOPE * (b.midYear - FRONTIER_YEAR0);

/** The setting a source uses: the benchmark's per-source setting, or for reasoning models 0-shot CoT at an effort. */
function settingFor(m: ModelInfo, b: DemoBenchmark, kind: SourceKind, effort?: string): Setting {
  const base = kind === 'lab-reported' ? b.lab : kind === 'third-party' ? b.third : b.own;
  if (!m.reasoning) return { ...base };
  const e = EFFORTS.find((x) => x.effort === (effort ?? 'high'));
  if (!e) throw new Error(`unknown effort ${effort ?? ''}`);
  return { shots: 0, cot: true, passK: base.passK, testTimeCompute: e.ttc, effort: e.effort };
}

/** Effective compute of a model under a setting: chain of thought or thinking tokens buy OOMs. */
function capability(m: ModelInfo, b: DemoBenchmark, s: Setting): number {
  let c = m.eff;
  if (m.reasoning) c += b.ttcGain * (0.3 + Math.log10((s.testTimeCompute ?? 1e3) / 1e3));
  else if (s.cot) c += b.cotGain;
  if ((s.shots ?? 0) > 0) c += 0.05;
  return c;
}

/** Expected score in the benchmark's unit for a model at capability c on a benchmark or one of its subtasks. */
function expectedScore(b: DemoBenchmark, sub: DemoSubtask | null, c: number): number {
  const lo = sub?.floor ?? b.floor;
  const x = b.slope * (c - difficulty(b) - (sub?.delta ?? 0));
  return lo + (b.ceiling - lo) / (1 + Math.exp(-x));
}

function sourceFor(m: ModelInfo, kind: SourceKind, thirdIndex = 0): string {
  if (kind === 'lab-reported') return labSource(m.org);
  if (kind === 'third-party') return THIRD_PARTY_SOURCES[thirdIndex] ?? THIRD_PARTY_SOURCES[0] ?? 'synthetic demo data: third party';
  return OWN_RUN_SOURCE;
}

// ---------------------------------------------------------------------------------------------------------------
// Drafts: every result is first drafted in memory, planted cases edit drafts, then all are written at once

interface Count {
  k: number;
  n: number;
}

/** One sampled evaluation: a model, benchmark, setting and source, with all its subtask counts and the aggregate. */
interface Cell {
  subs: Map<string, Count>;
  agg: Count | null;
  /** Points score (rating benchmarks). */
  points: number | null;
}

interface Draft {
  model: ModelInfo;
  bench: DemoBenchmark;
  subtask: DemoSubtask | null;
  setting: Setting;
  settingKey: string;
  source: string;
  sourceKind: SourceKind;
  count: Count | null;
  score: number;
  stderr: number;
  evaluatedOn: string;
  removed: boolean;
}

const draftKey = (model: string, bench: string, sub: string | null, sk: string, source: string): string =>
  `${model}\u0000${bench}\u0000${sub ?? ''}\u0000${sk}\u0000${source}`;

class DemoBuilder {
  readonly rng = new Rng(SEED);
  readonly drafts: Draft[] = [];
  private readonly byKey = new Map<string, Draft>();
  private readonly cells = new Map<string, Cell>();
  private readonly sharedZ = new Map<string, number>();
  private readonly dates = new Map<string, string>();

  /**
   * Noise for one row: a value shared by every source that reports the same model, benchmark, subtask and setting
   * (so two honest reports agree closely), plus a little per-source jitter, clipped so no clean row is an outlier.
   */
  private z(key: string): number {
    let z0 = this.sharedZ.get(key);
    if (z0 === undefined) {
      z0 = this.rng.normal();
      this.sharedZ.set(key, z0);
    }
    return clamp(z0 + this.rng.uniform(-0.35, 0.35), -Z_CLIP, Z_CLIP);
  }

  private sampleCount(b: DemoBenchmark, sub: DemoSubtask | null, p: number, n: number, zKey: string): Count {
    const scale = unitScale(b);
    const q = clamp(p / scale, 0, 1);
    const kMax = Math.floor((b.ceiling / scale) * n + 1e-9);
    const k = Math.round(n * q + this.z(zKey) * Math.sqrt(n * q * (1 - q)));
    return { k: clamp(k, 0, kMax), n };
  }

  private cell(m: ModelInfo, b: DemoBenchmark, s: Setting, source: string): Cell {
    const sk = settingKey(s);
    const key = `${m.name}\u0000${b.name}\u0000${sk}\u0000${source}`;
    const cached = this.cells.get(key);
    if (cached) return cached;
    const c = capability(m, b, s);
    // One model's effort levels share their noise, so more thinking reliably scores higher (as it does in practice).
    const zBase = `${m.name}\u0000${b.name}\u0000${settingKey({ ...s, testTimeCompute: null, effort: null })}`;
    const cell: Cell = { subs: new Map(), agg: null, points: null };
    if (b.unit === 'points') {
      const se = b.pointsStderr ?? 30;
      cell.points = Math.min(b.ceiling, Math.round(expectedScore(b, null, c) + this.z(`${zBase}\u0000`) * se));
    } else if (b.subtasks?.length) {
      let k = 0;
      let n = 0;
      for (const st of b.subtasks) {
        const cnt = this.sampleCount(b, st, expectedScore(b, st, c), st.items, `${zBase}\u0000${st.name}`);
        cell.subs.set(st.name, cnt);
        k += cnt.k;
        n += cnt.n;
      }
      cell.agg = { k, n };
    } else {
      cell.agg = this.sampleCount(b, null, expectedScore(b, null, c), b.items ?? 100, `${zBase}\u0000`);
    }
    this.cells.set(key, cell);
    return cell;
  }

  /** When a source evaluated a model on a benchmark: labs on release day, others some weeks or months later. */
  private dateFor(m: ModelInfo, b: DemoBenchmark, kind: SourceKind, source: string): string {
    const key = `${m.name}\u0000${b.name}\u0000${source}`;
    const cached = this.dates.get(key);
    if (cached) return cached;
    const start = later(m.release, b.release);
    const d =
      kind === 'lab-reported'
        ? start
        : earlier(addDays(start, kind === 'third-party' ? this.rng.int(10, 150) : this.rng.int(20, 300)), LAST_EVAL_DATE);
    this.dates.set(key, d);
    return d;
  }

  /** Set a draft's count and derive score and stderr from it: score = scale·k/n, stderr = scale·√(q(1−q)/n). */
  setCount(d: Draft, cnt: Count): void {
    const scale = unitScale(d.bench);
    const q = cnt.k / cnt.n;
    d.count = cnt;
    d.score = round(scale * q, d.bench.unit === 'percent' ? 1 : 3);
    d.stderr = sig3(scale * Math.sqrt(Math.max(0, q * (1 - q)) / cnt.n));
  }

  /** The draft for this row, created from its cell when it does not exist yet. */
  row(m: ModelInfo, b: DemoBenchmark, sub: DemoSubtask | null, s: Setting, kind: SourceKind, source: string): Draft {
    const sk = settingKey(s);
    const key = draftKey(m.name, b.name, sub?.name ?? null, sk, source);
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const cell = this.cell(m, b, s, source);
    const d: Draft = {
      model: m,
      bench: b,
      subtask: sub,
      setting: s,
      settingKey: sk,
      source,
      sourceKind: kind,
      count: null,
      score: 0,
      stderr: 0,
      evaluatedOn: this.dateFor(m, b, kind, source),
      removed: false,
    };
    if (cell.points !== null) {
      d.score = cell.points;
      d.stderr = b.pointsStderr ?? 30;
    } else {
      const cnt = sub ? cell.subs.get(sub.name) : cell.agg;
      if (!cnt) throw new Error(`no count for ${key}`);
      this.setCount(d, cnt);
    }
    this.drafts.push(d);
    this.byKey.set(key, d);
    return d;
  }

  /** Draft a whole evaluation: the aggregate and, when asked, every subtask. */
  evaluation(m: ModelInfo, b: DemoBenchmark, s: Setting, kind: SourceKind, source: string, opts: { aggregate: boolean; subtasks: boolean }): void {
    if (opts.aggregate) this.row(m, b, null, s, kind, source);
    if (opts.subtasks) for (const st of b.subtasks ?? []) this.row(m, b, st, s, kind, source);
  }

  /** Live drafts of the same model, benchmark, setting and source (the rows of one report). */
  sameReport(d: Draft): Draft[] {
    return this.drafts.filter(
      (x) => !x.removed && x.model === d.model && x.bench === d.bench && x.settingKey === d.settingKey && x.source === d.source,
    );
  }

  /** Remove other sources' reports of exactly this row, so a planted value conflicts with nothing by accident. */
  exclusive(d: Draft): void {
    for (const x of this.drafts) {
      if (x !== d && x.model === d.model && x.bench === d.bench && x.subtask === d.subtask && x.settingKey === d.settingKey) x.removed = true;
    }
  }

  /** Remove the subtask rows of this report, so a changed aggregate does not also become an aggregate mismatch. */
  dropSubtasks(d: Draft): void {
    for (const x of this.sameReport(d)) if (x.subtask !== null) x.removed = true;
  }

  dropAggregate(d: Draft): void {
    for (const x of this.sameReport(d)) if (x.subtask === null) x.removed = true;
  }

  /** Make sure the report of this row has every subtask row too. */
  completeSubtasks(d: Draft): void {
    for (const st of d.bench.subtasks ?? []) this.row(d.model, d.bench, st, d.setting, d.sourceKind, d.source);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Coverage: who reports what

/** Draft the clean history: lab reports at release, third-party leaderboards and own runs later. */
function draftClean(g: DemoBuilder): void {
  for (const m of MODELS) {
    for (const b of BENCHMARKS) {
      const bYear = decimalYear(b.release);
      const settings = (kind: SourceKind, efforts: string[]): Setting[] =>
        m.reasoning ? efforts.map((e) => settingFor(m, b, kind, e)) : [settingFor(m, b, kind)];
      const hasSubs = (b.subtasks?.length ?? 0) > 0;

      // Labs report benchmarks that exist at release and are not long saturated.
      if (b.release <= m.release && m.year <= b.midYear + 2.5 && g.rng.chance(m.reasoning ? 0.9 : 0.8)) {
        const withSubs = hasSubs && g.rng.chance(0.65);
        for (const s of settings('lab-reported', ['low', 'medium', 'high'])) {
          g.evaluation(m, b, s, 'lab-reported', labSource(m.org), { aggregate: true, subtasks: withSubs });
        }
      }
      // Leaderboards also evaluate models somewhat older than the benchmark.
      if (m.year >= bYear - 2 && m.year <= b.midYear + 3 && g.rng.chance(m.openWeights ? 0.55 : 0.45)) {
        const both = g.rng.chance(0.2);
        const first = g.rng.int(0, 1);
        const picks = both ? [0, 1] : [first];
        for (const idx of picks) {
          const withSubs = hasSubs && g.rng.chance(0.4);
          for (const s of settings('third-party', ['high'])) {
            g.evaluation(m, b, s, 'third-party', sourceFor(m, 'third-party', idx), { aggregate: true, subtasks: withSubs });
          }
        }
      }
      // The analyst's own runs: mostly open-weights models, always with subtasks.
      if (m.year >= bYear - 1.5 && m.year <= b.midYear + 4 && g.rng.chance(m.openWeights ? 0.35 : 0.18)) {
        for (const s of settings('own-run', ['medium'])) {
          g.evaluation(m, b, s, 'own-run', OWN_RUN_SOURCE, { aggregate: !(b.ownSubtasksOnly && hasSubs), subtasks: hasSubs });
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Planted inconsistencies

interface CaseDef {
  rule: PlantedRule;
  model: string;
  benchmark: string;
  subtask?: string;
  kind: SourceKind;
  thirdIndex?: number;
  effort?: string;
  description: string;
  alsoMatches: PlantedRule[];
  /** Edit the drafts. Runs once per case; ordering pairs share one apply (the second entry has none). */
  apply?: (g: DemoBuilder, d: Draft) => void;
}

const kOf = (d: Draft): number => d.count?.k ?? 0;
const nOf = (d: Draft): number => d.count?.n ?? 1;

/** Row addressed by a case, created when the clean history lacks it. */
function rowOf(g: DemoBuilder, c: Pick<CaseDef, 'model' | 'benchmark' | 'subtask' | 'kind' | 'thirdIndex' | 'effort'>): Draft {
  const m = modelNamed(c.model);
  const b = benchNamed(c.benchmark);
  const sub = c.subtask === undefined ? null : (b.subtasks?.find((s) => s.name === c.subtask) ?? null);
  if (c.subtask !== undefined && !sub) throw new Error(`demo benchmark ${b.name} has no subtask ${c.subtask}`);
  return g.row(m, b, sub, settingFor(m, b, c.kind, c.effort), c.kind, sourceFor(m, c.kind, c.thirdIndex));
}

/** Swap two subtask counts of one report (equal item counts, so the aggregate stays the weighted mean). */
function swapSubtasks(g: DemoBuilder, d: Draft, other: string): void {
  g.completeSubtasks(d);
  const partner = g.sameReport(d).find((x) => x.subtask?.name === other);
  if (!partner || !d.count || !partner.count) throw new Error('ordering case needs both subtasks');
  const a = d.count;
  g.setCount(d, partner.count);
  g.setCount(partner, a);
  g.exclusive(d);
  g.exclusive(partner);
}

const CASES: CaseDef[] = [
  // -- surprising failures
  {
    rule: 'surprising-failure',
    model: 'nimbus-5',
    benchmark: 'ArithBench',
    subtask: 'numeric comparison',
    kind: 'own-run',
    description:
      'A strong 2025 model answers the easy two-way "which is larger, 9.11 or 9.8?" items at chance (48 of 100) in the ' +
      'own run, while it solves 3-digit multiplication and long division almost perfectly in the same run.',
    alsoMatches: ['ordering', 'regression'],
    apply: (g, d) => {
      g.completeSubtasks(d);
      g.setCount(d, { k: 48, n: nOf(d) });
      g.exclusive(d);
    },
  },
  {
    rule: 'surprising-failure',
    model: 'meridian-5',
    benchmark: 'GradeMath',
    kind: 'lab-reported',
    description: 'A 2025 frontier model reported at 31.4% on grade-school word problems that its predecessors solve at over 90%.',
    alsoMatches: ['regression'],
    apply: (g, d) => {
      g.setCount(d, { k: 414, n: nOf(d) });
      g.exclusive(d);
    },
  },
  {
    rule: 'surprising-failure',
    model: 'tess-6',
    benchmark: 'OlympiadSprint',
    kind: 'lab-reported',
    description: 'tess-6 solves 1 of 30 olympiad-qualifier problems, far below what its size, date and other scores predict.',
    alsoMatches: ['regression'],
    apply: (g, d) => {
      g.setCount(d, { k: 1, n: nOf(d) });
      g.exclusive(d);
    },
  },
  // -- conflicting reports
  {
    rule: 'conflicting-reports',
    model: 'gale-3',
    benchmark: 'CompMath',
    kind: 'third-party',
    thirdIndex: 0,
    description:
      'Same model, benchmark and setting (4-shot, CoT): the lab reports 52.8 and the leaderboard 22.1 (an answer-extraction bug).',
    alsoMatches: ['surprising-failure', 'regression'],
    apply: (g, d) => {
      const lab = rowOf(g, { model: 'gale-3', benchmark: 'CompMath', kind: 'lab-reported' });
      g.dropSubtasks(lab);
      g.dropSubtasks(d);
      g.exclusive(d); // drops any other third-party copy; the lab row is re-kept below
      lab.removed = false;
      g.setCount(lab, { k: Math.round(0.528 * nOf(lab)), n: nOf(lab) });
      g.setCount(d, { k: Math.round(0.221 * nOf(d)), n: nOf(d) });
    },
  },
  {
    rule: 'conflicting-reports',
    model: 'strand-3',
    benchmark: 'LexiQA',
    kind: 'lab-reported',
    description: 'The lab reports 6 points more than the independent leaderboard measures in the same 5-shot setting (n = 8000 each).',
    alsoMatches: ['above-trend'],
    apply: (g, d) => {
      const third = rowOf(g, { model: 'strand-3', benchmark: 'LexiQA', kind: 'third-party', thirdIndex: 1 });
      g.dropSubtasks(d);
      g.dropSubtasks(third);
      g.exclusive(d);
      third.removed = false;
      g.setCount(d, { k: kOf(third) + Math.round(0.06 * nOf(d)), n: nOf(d) });
    },
  },
  // -- impossible values
  {
    rule: 'impossible-value',
    model: 'nimbus-r3',
    benchmark: 'GradQA-Hard',
    kind: 'lab-reported',
    effort: 'high',
    description: 'Reported at 94.4%, above the benchmark ceiling of 92% (~8% of its answers are disputed).',
    alsoMatches: ['above-trend'],
    apply: (g, d) => {
      g.setCount(d, { k: 187, n: nOf(d) });
      g.exclusive(d);
    },
  },
  {
    rule: 'impossible-value',
    model: 'cobalt-2',
    benchmark: 'RepoFix',
    kind: 'lab-reported',
    description: 'A negative resolved rate (−3.2%), presumably a difference pasted into the score column.',
    alsoMatches: ['surprising-failure', 'regression'],
    apply: (g, d) => {
      g.dropSubtasks(d);
      g.exclusive(d);
      d.score = -3.2;
    },
  },
  {
    rule: 'impossible-value',
    model: 'meridian-3',
    benchmark: 'GradeMath',
    kind: 'lab-reported',
    description: 'Standard error 0 for a score strictly between floor and ceiling on 1319 items.',
    alsoMatches: [],
    apply: (g, d) => {
      g.exclusive(d);
      d.stderr = 0;
    },
  },
  {
    rule: 'impossible-value',
    model: 'gale-5',
    benchmark: 'OlympiadSprint',
    kind: 'lab-reported',
    description: 'A score that is not k/30 for any whole k on a 30-item benchmark.',
    alsoMatches: [],
    apply: (g, d) => {
      const k = kOf(d) + (kOf(d) < nOf(d) ? 0.5 : -0.5);
      g.exclusive(d);
      d.score = round((100 * k) / nOf(d), 1);
    },
  },
  // -- regressions
  {
    rule: 'regression',
    model: 'tess-3',
    benchmark: 'LexiQA',
    kind: 'lab-reported',
    description: 'tess-3 is reported 8 points below its predecessor tess-2 in the same setting and source.',
    alsoMatches: ['surprising-failure'],
    apply: (g, d) => {
      const prev = rowOf(g, { model: 'tess-2', benchmark: 'LexiQA', kind: 'lab-reported' });
      g.dropSubtasks(d);
      g.exclusive(d);
      g.setCount(d, { k: kOf(prev) - Math.round(0.08 * nOf(d)), n: nOf(d) });
    },
  },
  {
    rule: 'regression',
    model: 'meridian-4',
    benchmark: 'PyFunc',
    kind: 'lab-reported',
    description: 'meridian-4 is reported 12 points below meridian-3 on the same code benchmark and setting.',
    alsoMatches: ['surprising-failure'],
    apply: (g, d) => {
      const prev = rowOf(g, { model: 'meridian-3', benchmark: 'PyFunc', kind: 'lab-reported' });
      g.exclusive(d);
      g.setCount(d, { k: kOf(prev) - Math.round(0.12 * nOf(d)), n: nOf(d) });
    },
  },
  // -- aggregate mismatches
  {
    rule: 'aggregate-mismatch',
    model: 'kestrel-5',
    benchmark: 'CompMath',
    kind: 'lab-reported',
    description: 'The reported aggregate is 5.5 points above the item-weighted mean of the seven subject scores in the same report.',
    alsoMatches: [],
    apply: (g, d) => {
      g.completeSubtasks(d);
      g.exclusive(d);
      g.setCount(d, { k: kOf(d) + Math.round(0.055 * nOf(d)), n: nOf(d) });
    },
  },
  {
    rule: 'aggregate-mismatch',
    model: 'tess-small-4',
    benchmark: 'LexiQA',
    kind: 'lab-reported',
    description: 'The reported aggregate is 4.5 points above the mean of the eight subject scores in the same report.',
    alsoMatches: [],
    apply: (g, d) => {
      g.completeSubtasks(d);
      g.exclusive(d);
      g.setCount(d, { k: kOf(d) + Math.round(0.045 * nOf(d)), n: nOf(d) });
    },
  },
  // -- unit slips
  {
    rule: 'unit-slip',
    model: 'nimbus-3',
    benchmark: 'ClozeStory',
    kind: 'lab-reported',
    description: 'A percent value (the fraction times 100) entered in a benchmark stored as a fraction (0–1).',
    alsoMatches: ['impossible-value', 'above-trend'],
    apply: (g, d) => {
      g.exclusive(d);
      d.score = round(d.score * 100, 1);
      d.stderr = sig3(d.stderr * 100);
    },
  },
  {
    rule: 'unit-slip',
    model: 'gale-2',
    benchmark: 'PyFunc',
    kind: 'third-party',
    thirdIndex: 0,
    description: 'A fraction (the percent divided by 100) entered in a benchmark stored in percent.',
    alsoMatches: ['surprising-failure', 'regression'],
    apply: (g, d) => {
      g.exclusive(d);
      d.score = round(d.score / 100, 3);
      d.stderr = sig3(d.stderr / 100);
    },
  },
  // -- date anomalies
  {
    rule: 'date-anomaly',
    model: 'strand-5',
    benchmark: 'GradQA-Hard',
    kind: 'third-party',
    thirdIndex: 1,
    description: 'Evaluated 45 days before the model was released.',
    alsoMatches: [],
    apply: (g, d) => {
      g.dropSubtasks(d);
      g.exclusive(d);
      d.evaluatedOn = addDays(d.model.release, -45);
    },
  },
  {
    rule: 'date-anomaly',
    model: 'lattice-4',
    benchmark: 'LexiQA',
    kind: 'own-run',
    description: 'The own run is dated 90 days before the model was released (a typo in the year?).',
    alsoMatches: [],
    apply: (g, d) => {
      g.dropSubtasks(d);
      g.exclusive(d);
      d.evaluatedOn = addDays(d.model.release, -90);
    },
  },
  // -- ordering: easy subtask failed, hard subtask passed (the two subtasks swapped)
  {
    rule: 'ordering',
    model: 'meridian-5',
    benchmark: 'LongHaystack',
    subtask: '8k tokens',
    kind: 'lab-reported',
    description: 'Retrieves well from 1M-token contexts but poorly from 8k-token ones, the easiest length (scores swapped with 1M).',
    alsoMatches: ['surprising-failure', 'regression'],
    apply: (g, d) => swapSubtasks(g, d, '1M tokens'),
  },
  {
    rule: 'ordering',
    model: 'meridian-5',
    benchmark: 'LongHaystack',
    subtask: '1M tokens',
    kind: 'lab-reported',
    description: 'Partner of the 8k-token case: the hardest length scores like the easiest should.',
    alsoMatches: ['above-trend'],
  },
  {
    rule: 'ordering',
    model: 'lattice-7',
    benchmark: 'LogicGrid',
    subtask: '3x3 grids',
    kind: 'own-run',
    description: 'Solves most 6x6 logic grids but fails most 3x3 ones in the own run (scores swapped with 6x6).',
    alsoMatches: ['surprising-failure', 'regression'],
    apply: (g, d) => swapSubtasks(g, d, '6x6 grids'),
  },
  {
    rule: 'ordering',
    model: 'lattice-7',
    benchmark: 'LogicGrid',
    subtask: '6x6 grids',
    kind: 'own-run',
    description: 'Partner of the 3x3 case: the hardest grids score like the easiest should.',
    alsoMatches: ['above-trend'],
  },
  // -- far above the frontier trend (possible contamination)
  {
    rule: 'above-trend',
    model: 'tess-math-7b',
    benchmark: 'OlympiadSprint',
    kind: 'lab-reported',
    description:
      'A 7B math model from late 2023 reported at 80% (24 of 30) on olympiad problems in early 2024, when the best ' +
      'frontier models scored about 30%: possible test-set contamination.',
    alsoMatches: [],
    apply: (g, d) => {
      g.exclusive(d);
      g.setCount(d, { k: 24, n: nOf(d) });
    },
  },
  {
    rule: 'above-trend',
    model: 'kestrel-coder',
    benchmark: 'PyFunc',
    kind: 'lab-reported',
    description: 'A small 2022 code model reported at 92.1% pass@1 where the best models of its time scored about 65%: possible contamination.',
    alsoMatches: [],
    apply: (g, d) => {
      g.exclusive(d);
      g.setCount(d, { k: 151, n: nOf(d) });
    },
  },
];

function toPlanted(c: CaseDef): PlantedCase {
  const m = modelNamed(c.model);
  const b = benchNamed(c.benchmark);
  return {
    rule: c.rule,
    model: c.model,
    benchmark: c.benchmark,
    ...(c.subtask !== undefined ? { subtask: c.subtask } : {}),
    source: sourceFor(m, c.kind, c.thirdIndex),
    setting: settingKey(settingFor(m, b, c.kind, c.effort)),
    description: c.description,
    alsoMatches: c.alsoMatches,
  };
}

/** Every deliberate inconsistency in the demo workspace, the ground truth for testing the checker's precision. */
export const PLANTED: readonly PlantedCase[] = CASES.map(toPlanted);

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** Draft the whole demo in memory: the clean history, then the planted edits. */
function draftDemo(): Draft[] {
  const g = new DemoBuilder();
  draftClean(g);
  for (const c of CASES) {
    const d = rowOf(g, c);
    c.apply?.(g, d);
    d.removed = false;
  }
  return g.drafts.filter((d) => !d.removed);
}

/**
 * Fill an empty workspace with the synthetic demo: fictional organizations, ~70 models in monotone families
 * 2019–2026, 17 benchmarks with subtasks, a few thousand results following saturating logistic curves with binomial
 * noise, and the PLANTED inconsistencies. Deterministic (seeded PRNG), so two runs give identical tables apart from
 * timestamps. Writes only through the repositories and writeResult, so the demo obeys the same rules as real data;
 * the caller wraps it in a transaction. Sets workspace_meta demo = '1' and name = 'Synthetic demo workspace'.
 */
export function writeDemo(db: Db): DemoSummary {
  for (const o of ORGANIZATIONS) ensureOrganization(db, o.name);
  for (const m of MODELS) {
    upsertModel(db, {
      name: m.name,
      family: m.family,
      organization: m.org,
      releaseDate: m.release,
      parameters: m.parameters,
      trainingComputeFlop: m.compute,
      trainingTokens: m.tokens,
      openWeights: m.openWeights,
      notes: m.reasoning
        ? `${DEMO_NOTE}: fictional reasoning model; results are reported per reasoning effort (thinking tokens per item).`
        : `${DEMO_NOTE}: fictional model.`,
      aliases: m.aliases,
    });
  }
  let subtaskCount = 0;
  for (const b of BENCHMARKS) {
    const id = upsertBenchmark(db, {
      name: b.name,
      version: '1.0',
      category: b.category,
      metric: b.metric,
      unit: b.unit,
      higherIsBetter: true,
      floor: b.floor,
      ceiling: b.ceiling,
      ceilingReason: b.ceilingReason ?? null,
      humanBaseline: b.humanBaseline ?? null,
      releaseDate: b.release,
      itemCount: b.items,
      description: b.description,
    });
    const total = (b.subtasks ?? []).reduce((s, x) => s + x.items, 0);
    for (const st of b.subtasks ?? []) {
      upsertSubtask(db, { benchmarkId: id, name: st.name, weight: st.items / total, itemCount: st.items, floor: st.floor ?? null });
      subtaskCount++;
    }
  }

  const drafts = draftDemo();
  const opts: WriteOptions = { createMissing: false, user: 'demo generator' };
  const created = emptyCreated();
  drafts.forEach((d, i) => {
    const out = writeResult(
      db,
      {
        model: d.model.name,
        benchmark: d.bench.name,
        subtask: d.subtask?.name ?? null,
        shots: d.setting.shots,
        cot: d.setting.cot,
        passK: d.setting.passK,
        testTimeCompute: d.setting.testTimeCompute,
        effort: d.setting.effort,
        score: d.score,
        stderr: d.stderr,
        n: d.count?.n ?? null,
        source: d.source,
        sourceKind: d.sourceKind,
        evaluatedOn: d.evaluatedOn,
        notes: DEMO_NOTE,
      },
      i + 1,
      opts,
      created,
    );
    if (out.action !== 'add') throw new Error(`demo row ${i + 1} was not added (${out.action}): ${out.issues.map((x) => x.reason).join('; ')}`);
  });

  setMeta(db, 'demo', '1');
  setMeta(db, 'name', DEMO_NAME);
  return {
    organizations: ORGANIZATIONS.length,
    models: MODELS.length,
    benchmarks: BENCHMARKS.length,
    subtasks: subtaskCount,
    results: drafts.length,
    planted: PLANTED.length,
  };
}
