/**
 * Derived quantities every rule needs: lookups by id, each result's floor and ceiling, its normalized headroom,
 * the uncertainty to measure it against, and the precision it was printed with.
 */
import { describeSetting, type BenchmarkUnit } from '../../common/domain';
import type { FlagValue } from '../../common/flags';
import type { FlagInputs, InputBenchmark, InputModel, InputResult, InputSubtask } from './inputs';

/** Default standard error when neither stderr nor n is known: 3% of the scale (3 points on a percent benchmark). */
export const DEFAULT_SE_FRACTION = 0.03;

/** A result with everything the rules derive from it. */
export interface Derived {
  r: InputResult;
  model: InputModel;
  bench: InputBenchmark;
  subtask: InputSubtask | null;
  floor: number;
  ceiling: number;
  span: number;
  /** Normalized headroom (score − floor)/(ceiling − floor). */
  h: number;
  /** Item count behind the score: the result's n, else the subtask's or (for aggregates) the benchmark's. */
  items: number | null;
  /** Standard error in the benchmark's unit and where it came from. */
  se: number;
  seBasis: FlagValue['seBasis'];
  /** Half of the last printed digit of the score (rounding tolerance). */
  half: number;
  /** Outside the unit's possible range (below 0, above 1 or 100). */
  outOfRange: boolean;
  /** Item key of the capability model: benchmark/subtask. */
  itemKey: string;
}

/** 1 for fractions, 100 for percents, null for points (which are not proportions). */
export function unitScale(unit: BenchmarkUnit): number | null {
  return unit === 'fraction' ? 1 : unit === 'percent' ? 100 : null;
}

/** Decimal places a number was written with (up to 6), read from its shortest round-trip text. */
export function decimals(x: number): number {
  const s = String(Math.abs(x));
  if (s.includes('e')) return 6;
  const i = s.indexOf('.');
  return i < 0 ? 0 : Math.min(6, s.length - i - 1);
}

/** Half a unit in the last printed place: 52.8 → 0.05, 0.528 → 0.0005, 63 → 0.5. */
export function halfUlp(x: number): number {
  return 0.5 * 10 ** -decimals(x);
}

/**
 * Standard error of a score in its benchmark's unit: the stated stderr when positive; else the binomial
 * scale·√(p̃(1 − p̃)/n) with p̃ = (p·n + 0.5)/(n + 1) when the item count is known and the unit is a proportion;
 * else 3% of the scale (DEFAULT_SE_FRACTION).
 */
export function scoreSe(score: number, stderr: number | null, items: number | null, unit: BenchmarkUnit, span: number): { se: number; basis: FlagValue['seBasis'] } {
  if (stderr !== null && stderr > 0) return { se: stderr, basis: 'stated' };
  const scale = unitScale(unit);
  if (scale !== null && items !== null && items > 0) {
    const p = Math.min(1, Math.max(0, score / scale));
    const pt = (p * items + 0.5) / (items + 1);
    return { se: scale * Math.sqrt((pt * (1 - pt)) / items), basis: 'binomial' };
  }
  return { se: DEFAULT_SE_FRACTION * (scale ?? Math.abs(span)), basis: 'default' };
}

export class Snapshot {
  readonly inputs: FlagInputs;
  readonly models = new Map<number, InputModel>();
  readonly benchmarks = new Map<number, InputBenchmark>();
  readonly subtasks = new Map<number, InputSubtask>();
  readonly derived: Derived[] = [];
  readonly byId = new Map<number, Derived>();
  readonly confirmedBad: Set<number>;

  constructor(inputs: FlagInputs) {
    this.inputs = inputs;
    this.confirmedBad = new Set(inputs.confirmedBad);
    for (const m of inputs.models) this.models.set(m.id, m);
    for (const b of inputs.benchmarks) {
      this.benchmarks.set(b.id, b);
      for (const s of b.subtasks) this.subtasks.set(s.id, s);
    }
    for (const r of inputs.results) {
      const model = this.models.get(r.modelId);
      const bench = this.benchmarks.get(r.benchmarkId);
      if (!model || !bench) continue;
      const subtask = r.subtaskId !== null ? (this.subtasks.get(r.subtaskId) ?? null) : null;
      const floor = subtask?.floor ?? bench.floor;
      const ceiling = bench.ceiling;
      const span = ceiling - floor;
      const items = r.n ?? (subtask ? subtask.itemCount : bench.itemCount);
      const { se, basis } = scoreSe(r.score, r.stderr, items, bench.unit, span);
      const scale = unitScale(bench.unit);
      const d: Derived = {
        r,
        model,
        bench,
        subtask,
        floor,
        ceiling,
        span,
        h: span !== 0 ? (r.score - floor) / span : Number.NaN,
        items,
        se,
        seBasis: basis,
        half: halfUlp(r.score),
        outOfRange: scale !== null && (r.score < 0 || r.score > scale),
        itemKey: `${bench.id}/${subtask?.id ?? 0}`,
      };
      this.derived.push(d);
      this.byId.set(r.id, d);
    }
  }

  /** Values above the ceiling or outside the unit's range, which no trend or capability can produce. */
  isImpossible(d: Derived): boolean {
    return d.outOfRange || d.h > 1 + (d.half + 1e-9) / Math.abs(d.span);
  }

  /** A result as a flag shows it. */
  value(d: Derived, expected?: number | null): FlagValue {
    const r = d.r;
    return {
      resultId: r.id,
      model: d.model.name,
      benchmark: d.bench.name,
      subtask: d.subtask?.name ?? null,
      score: r.score,
      se: round(d.se, 6),
      seBasis: d.seBasis,
      stderr: r.stderr,
      n: r.n,
      source: r.source,
      sourceKind: r.sourceKind,
      setting: describeSetting(r),
      evaluatedOn: r.evaluatedOn,
      ...(expected !== undefined ? { expected: expected === null ? null : round(expected, 4) } : {}),
    };
  }
}

/** Round for display in evidence (keeps JSON short and stable). */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Group items by a string key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** Format a score in its unit for messages: "52.8%", "0.528", "1,520 points". */
export function fmt(score: number, unit: BenchmarkUnit): string {
  if (unit === 'percent') return `${round(score, 2)}%`;
  if (unit === 'fraction') return String(round(score, 4));
  return `${round(score, 1)}`;
}
