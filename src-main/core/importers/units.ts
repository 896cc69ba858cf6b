/**
 * How a file writes each benchmark's scores, and what (if anything) must change to store them in the benchmark's own
 * unit. The rule (docs/formats.md, "Units"): a cell with a "%" sign is a percentage, cell by cell; a column of plain
 * numbers is read in the unit its bulk says — the bin its median falls in (≤ 1: a fraction; ≤ 100: a percentage;
 * above: points such as an Elo rating) — never from a single value. A value that does not fit that reading (1.07 or
 * 80.2 among fractions) is stored as written, named in a warning and left to the flags; it never rescales the rest.
 * A conversion (a file in percent into a fraction benchmark) is a decision the preview lists with its count, and the
 * analyst can refuse it; so is the unit and range of a benchmark the import creates.
 */
import type { ImportDecision } from '../../common/api';
import type { BenchmarkUnit } from '../../common/domain';

/** How a column writes its plain numbers. */
export type WrittenUnit = BenchmarkUnit;

/** Up to this many values that do not fit a column's reading are named in its warning. */
const EXAMPLES = 5;

/**
 * The plain score cells of one benchmark in one file, binned by the first pass: values ≤ 1 (negatives too), in
 * (1, 100], above 100; plus cells written with "%". Keeps the first few values of each bin with their lines, so a
 * warning can name the cells that do not fit.
 */
export class ScoreTally {
  plain = 0;
  atMostOne = 0;
  atMostHundred = 0;
  aboveHundred = 0;
  percentCells = 0;
  readonly examples: { atMostOne: Example[]; atMostHundred: Example[]; aboveHundred: Example[] } = { atMostOne: [], atMostHundred: [], aboveHundred: [] };

  /** A plain value known to lie in [0, 1] (the first pass skips parsing such cells). */
  addSmall(line: number, text: string): void {
    this.plain++;
    this.atMostOne++;
    if (this.examples.atMostOne.length < EXAMPLES) this.examples.atMostOne.push({ line, value: text });
  }

  add(line: number, value: number, text: string): void {
    this.plain++;
    const bin = value <= 1 ? 'atMostOne' : value <= 100 ? 'atMostHundred' : 'aboveHundred';
    this[bin]++;
    if (this.examples[bin].length < EXAMPLES) this.examples[bin].push({ line, value: text.trim() });
  }

  addPercentCell(): void {
    this.percentCells++;
  }

  /** Add another tally's counts (two spellings of one benchmark); examples are kept up to the limit. */
  merge(o: ScoreTally): void {
    this.plain += o.plain;
    this.atMostOne += o.atMostOne;
    this.atMostHundred += o.atMostHundred;
    this.aboveHundred += o.aboveHundred;
    this.percentCells += o.percentCells;
    for (const k of ['atMostOne', 'atMostHundred', 'aboveHundred'] as const) {
      for (const e of o.examples[k]) if (this.examples[k].length < EXAMPLES) this.examples[k].push(e);
    }
  }
}

export interface Example {
  line: number;
  value: string;
}

/**
 * The unit a column's plain numbers are written in: the bin of their median (ties go to the smaller unit). null
 * when the column has no plain numbers; a column of "%" cells only reads as percent.
 *
 *   median ≤ 1 → fraction;  1 < median ≤ 100 → percent;  median > 100 → points.
 *
 * A 0–10 judge score reads as percent here (nothing in the numbers tells it from low percentages); the benchmark
 * catalog or the analyst says otherwise.
 */
export function writtenUnit(t: ScoreTally): WrittenUnit | null {
  if (t.plain === 0) return t.percentCells > 0 ? 'percent' : null;
  const half = t.plain / 2;
  if (t.atMostOne >= half) return 'fraction';
  if (t.atMostOne + t.atMostHundred >= half) return 'percent';
  return 'points';
}

/** Whether a plain value fits a column read as `unit` (fraction: [0, 1]; percent: [0, 100]; points: anything). */
export function fitsUnit(unit: WrittenUnit, v: number): boolean {
  if (unit === 'fraction') return v >= 0 && v <= 1 + 1e-9;
  if (unit === 'percent') return v >= 0 && v <= 100 + 1e-9;
  return true;
}

/** The factor that takes a value written in `from` to `to`: 0.01 percent → fraction, 100 back, 1 otherwise. */
export function unitFactor(from: WrittenUnit, to: BenchmarkUnit): number {
  if (from === 'percent' && to === 'fraction') return 0.01;
  if (from === 'fraction' && to === 'percent') return 100;
  return 1;
}

/** The values of a tally that do not fit `unit`, for a warning (at most EXAMPLES of each bin that does not fit). */
export function misfits(t: ScoreTally, unit: WrittenUnit): { count: number; examples: Example[] } {
  if (unit === 'points') return { count: 0, examples: [] };
  const bins: (keyof ScoreTally['examples'])[] = unit === 'fraction' ? ['atMostHundred', 'aboveHundred'] : ['aboveHundred'];
  let count = 0;
  const examples: Example[] = [];
  for (const b of bins) {
    count += t[b];
    examples.push(...t.examples[b]);
  }
  // Negative values sit in the ≤ 1 bin; they are impossible for a fraction or a percentage alike, and the flags name
  // them, so the warning counts only values above the unit's top.
  return { count, examples: examples.slice(0, EXAMPLES) };
}

/** A benchmark's scale: unit, floor and ceiling (null: unbounded above). */
export interface Scale {
  unit: BenchmarkUnit;
  floor: number;
  ceiling: number | null;
}

/** Option values of a unit decision: "fraction", "percent", "points" or "points:<floor>:<ceiling>" (ceiling may be empty: unbounded). */
export function parseScaleChoice(value: string): Scale | null {
  if (value === 'fraction') return { unit: 'fraction', floor: 0, ceiling: 1 };
  if (value === 'percent') return { unit: 'percent', floor: 0, ceiling: 100 };
  if (value === 'points') return { unit: 'points', floor: 0, ceiling: null };
  const m = /^points:(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?):(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)?$/i.exec(value.trim());
  if (!m) return null;
  const floor = Number(m[1]);
  const ceiling = m[2] === undefined ? null : Number(m[2]);
  if (!Number.isFinite(floor) || (ceiling !== null && (!Number.isFinite(ceiling) || ceiling === floor))) return null;
  return { unit: 'points', floor, ceiling };
}

export function scaleChoice(s: Scale): string {
  if (s.unit !== 'points') return s.unit;
  return `points:${s.floor}:${s.ceiling ?? ''}`;
}

export function describeScale(s: Scale): string {
  if (s.unit === 'fraction') return `fraction (${fmt(s.floor)}–${fmt(s.ceiling ?? 1)})`;
  if (s.unit === 'percent') return `percent (${fmt(s.floor)}–${fmt(s.ceiling ?? 100)})`;
  return s.ceiling === null ? `points from ${fmt(s.floor)}, no upper bound` : `points (${fmt(s.floor)}–${fmt(s.ceiling)})`;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/**
 * Scale `s` (a catalog default, say) into another unit: a 0.25 chance floor is 25 in percent. Between points and a
 * bounded unit nothing carries over but the unit's own range.
 */
export function rescale(s: Scale, unit: BenchmarkUnit): Scale {
  if (s.unit === unit) return s;
  if (unit === 'points' || s.unit === 'points') return defaultScale(unit);
  const f = unitFactor(s.unit, unit);
  return { unit, floor: scaleBy(s.floor, f), ceiling: s.ceiling === null ? null : scaleBy(s.ceiling, f) };
}

/** What the writing pass does with one benchmark's cells. */
export interface UnitPlan {
  /** How this file writes the benchmark's plain numbers (null: it writes none). */
  written: WrittenUnit | null;
  /** The benchmark's own unit: stored, or chosen for the benchmark this import creates. */
  target: BenchmarkUnit;
  /** Factor for plain cells that fit `written` (1 when the analyst keeps values as written). */
  plainFactor: number;
  /** Factor for cells written with "%" (0.01 into a fraction benchmark, 1 otherwise). */
  percentFactor: number;
  /** For a benchmark this import creates: its scale. */
  create: Scale | null;
}

/**
 * `value × factor` for a factor of 100 or 1/100, rounded to 15 significant digits: the decimal the file wrote, moved
 * by two places. Binary floating point alone gives 0.9 / 100 = 0.009000000000000001 and 0.57 × 100 =
 * 56.99999999999999; a double carries 15.9 significant digits, so the rounding removes only that artifact.
 */
export function scaleBy(value: number, factor: number): number {
  if (factor === 1) return value;
  const v = factor === 0.01 ? value / 100 : value * factor;
  return Number(v.toPrecision(15));
}

/** A score or stderr cell in the benchmark's unit, as the plan says: "%" cells by percentFactor, fitting plain cells by plainFactor, others as written. */
export function toTarget(plan: UnitPlan, value: number, percent: boolean): number {
  if (percent) return scaleBy(value, plan.percentFactor);
  if (plan.plainFactor === 1 || plan.written === null || !fitsUnit(plan.written, value)) return value;
  return scaleBy(value, plan.plainFactor);
}

/** The same for a stderr: it follows its score's reading (a plain 0.6 beside percentages is 0.6 points of percent). */
export function stderrToTarget(plan: UnitPlan, value: number, percent: boolean): number {
  if (percent) return scaleBy(value, plan.percentFactor);
  return plan.written !== null ? scaleBy(value, plan.plainFactor) : value;
}

const UNIT_WORD: Record<BenchmarkUnit, string> = { fraction: 'fractions (0–1)', percent: 'percentages (0–100)', points: 'points' };

/** Inputs to plan one benchmark's units. */
export interface PlanInput {
  /** The benchmark's name as it will be stored. */
  name: string;
  tally: ScoreTally;
  /** What the file's format says about how it writes this benchmark (e.g. Epoch's "percent" columns), if anything. */
  formatUnit: WrittenUnit | undefined;
  /** The stored benchmark's scale, or null when this import creates it. */
  existing: Scale | null;
  /** Defaults for a new benchmark (from the benchmark catalog), with where they come from. */
  defaults: { scale: Scale; source: string } | null;
  /** The analyst's choice for this benchmark's decision, if any (request.choices). */
  choice: string | undefined;
}

/**
 * Plan one benchmark: how to read its cells, what to convert, and the decision the preview lists (null when nothing
 * changes and nothing is created). Default: the reading that changes the fewest values — a new benchmark takes the
 * unit the file writes it in; a stored one converts only between fraction and percent, and only the values that fit
 * the file's reading.
 */
export function planUnits(p: PlanInput): { plan: UnitPlan; decision: ImportDecision | null; misfit: { count: number; examples: Example[] } | null } {
  // A points scale (a 0–10 judge score, an Elo rating) cannot be told from percentages by its numbers: where the
  // stored benchmark or the catalog says points, the file's numbers are points.
  const knownPoints = (p.existing ?? p.defaults?.scale)?.unit === 'points';
  const written = p.formatUnit ?? (knownPoints && p.tally.plain > 0 ? 'points' : writtenUnit(p.tally));
  const misfit = written ? misfits(p.tally, written) : null;
  const fitting = p.tally.plain - (misfit?.count ?? 0);
  const key = p.name.toLowerCase();
  if (p.existing) {
    const target = p.existing.unit;
    const percentFactor = target === 'fraction' ? 0.01 : 1;
    const factor = written ? unitFactor(written, target) : 1;
    if (factor === 1 || fitting === 0) {
      return { plan: { written, target, plainFactor: 1, percentFactor, create: null }, decision: null, misfit: misfit?.count ? misfit : null };
    }
    const options = [
      { value: 'convert', label: `convert: ${factor < 1 ? 'divide' : 'multiply'} by 100 into ${UNIT_WORD[target]}` },
      { value: 'as-written', label: 'keep as written (the flags will point at them)' },
    ];
    const chosen = p.choice === 'as-written' ? 'as-written' : 'convert';
    const example = p.tally.examples[written === 'percent' ? 'atMostHundred' : 'atMostOne'][0];
    const decision: ImportDecision = {
      id: `unit:${key}`,
      kind: 'unit',
      subject: p.name,
      message:
        `${p.name} is stored in ${UNIT_WORD[target]}; this file writes its scores as ${UNIT_WORD[written!]}` +
        `${example ? ` (line ${example.line}: ${example.value})` : ''}, so ${fitting} value${fitting === 1 ? ' is' : 's are'} ` +
        `${chosen === 'convert' ? (factor < 1 ? 'divided' : 'multiplied') + ' by 100' : 'kept as written'}.`,
      count: fitting,
      options,
      chosen,
      suggested: 'convert',
    };
    return { plan: { written, target, plainFactor: chosen === 'convert' ? factor : 1, percentFactor, create: null }, decision, misfit: misfit?.count ? misfit : null };
  }
  // A new benchmark: the file's own unit by default, with the catalog's floor and ceiling in that unit.
  const asWritten: BenchmarkUnit = written ?? p.defaults?.scale.unit ?? 'fraction';
  const suggestedScale: Scale = p.defaults ? rescale(p.defaults.scale, asWritten) : defaultScale(asWritten);
  const chosenScale = (p.choice !== undefined ? parseScaleChoice(p.choice) : null) ?? suggestedScale;
  const target = chosenScale.unit;
  const factor = written ? unitFactor(written, target) : 1;
  const changed = factor === 1 ? 0 : fitting;
  const options = uniqueOptions([suggestedScale, defaultScale('fraction'), defaultScale('percent'), defaultScale('points'), chosenScale]);
  const decision: ImportDecision = {
    id: `unit:${key}`,
    kind: 'new-benchmark',
    subject: p.name,
    message:
      `New benchmark ${p.name}: ${describeScale(chosenScale)}` +
      (written ? `; this file writes it as ${UNIT_WORD[written]}` : '') +
      (p.defaults ? `; floor and ceiling from ${p.defaults.source}` : '') +
      (changed ? `; ${changed} value${changed === 1 ? ' is' : 's are'} ${factor < 1 ? 'divided' : 'multiplied'} by 100` : '; no value is changed') +
      '.',
    count: changed,
    options: options.map((s) => ({ value: scaleChoice(s), label: describeScale(s) })),
    chosen: scaleChoice(chosenScale),
    suggested: scaleChoice(suggestedScale),
  };
  return {
    plan: { written, target, plainFactor: factor, percentFactor: target === 'fraction' ? 0.01 : 1, create: chosenScale },
    decision,
    misfit: misfit?.count ? misfit : null,
  };
}

function defaultScale(unit: BenchmarkUnit): Scale {
  return unit === 'fraction' ? { unit, floor: 0, ceiling: 1 } : unit === 'percent' ? { unit, floor: 0, ceiling: 100 } : { unit, floor: 0, ceiling: null };
}

function uniqueOptions(scales: Scale[]): Scale[] {
  const seen = new Set<string>();
  return scales.filter((s) => {
    const k = scaleChoice(s);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
