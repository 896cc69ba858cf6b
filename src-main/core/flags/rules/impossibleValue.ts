/**
 * impossible-value: numbers no evaluation can produce. Above the ceiling or outside the unit's range, below
 * zero, below chance by more than noise, a score that is not k/n for the item count, a stderr that does not fit
 * the binomial for that n, and a stderr of zero for a score strictly between 0 and the scale's maximum.
 */
import type { Severity } from '../../../common/flags';
import { findCatalogEntry } from '../../catalog/benchmarkCatalog';
import { singleResultDraft, type FlagDraft, type RuleContext } from '../context';
import { fmt, round, unitScale, type Derived } from '../derive';

/** Binomial stderr ratios outside [1/3, 3] are flagged (multi-sample averaging and clustering explain less). */
export const STDERR_RATIO_LIMIT = 3;

type Kind = 'out-of-range' | 'below-zero' | 'above-ceiling' | 'below-chance' | 'not-k-of-n' | 'stderr-binomial' | 'stderr-zero';

/** Value-level kinds: the score itself cannot be right, so comparison rules leave the result out. */
export const VALUE_KINDS: readonly Kind[] = ['out-of-range', 'below-zero', 'above-ceiling'];

function draft(d: Derived, kind: Kind, severity: Severity, message: string, details: Record<string, unknown>, extra: Partial<FlagDraft['evidence']> = {}): FlagDraft {
  return singleResultDraft('impossible-value', d, severity, message, kind, { values: [], details: { kind, ...details }, ...extra }, `${d.floor}|${d.ceiling}|${d.items ?? ''}`);
}

/** Whether an aggregate is likely a macro average (benchmark with subtasks, no n of its own): not k/n then. */
function macroAggregate(d: Derived): boolean {
  return d.subtask === null && d.bench.subtasks.length > 0 && d.r.n === null;
}

/** From this many results below chance on one benchmark (or subtask), each is low severity: a trait of the benchmark. */
export const BELOW_CHANCE_COMMON = 2;

/** How many results of a benchmark must be able to tell a k/N grid from any value before the grid is judged. */
export const GRID_MIN_INFORMATIVE = 5;
/** Share of those results that must lie on the k/N grid for the benchmark to count as plain per-item accuracy. */
export const GRID_MIN_ON_GRID = 0.8;

/** Whether a score lies on the k/N grid within its printed rounding, and whether its precision can tell at all. */
function onGrid(score: number, scale: number, items: number, half: number): { informative: boolean; on: boolean } {
  const grid = scale / items;
  // With a grid finer than two printed digits every value lies on it: such a value says nothing about granularity.
  const informative = grid > 2.02 * half;
  const nearest = (scale * Math.round((score / scale) * items)) / items;
  return { informative, on: Math.abs(nearest - score) <= half + 1e-9 };
}

/** What the not-k-of-n check rests on for one benchmark, subtask and item count. */
export interface GridEvidence {
  /** Judge off-grid values: the benchmark is plain per-item accuracy with this N. */
  gridded: boolean;
  /** Results whose printed precision can tell the grid (see onGrid), and how many of them lie on it. */
  informative: number;
  onGrid: number;
  /** 'workspace' when the results themselves decided, 'catalog' when too few could and the catalog did. */
  basis: 'workspace' | 'catalog' | 'none';
}

/**
 * Whether scores of a benchmark (subtask, item count) are k/N counts, learnt from the workspace: among its results
 * whose printed precision can tell a k/N grid from any value, at least GRID_MIN_INFORMATIVE, the share on the grid
 * must be ≥ GRID_MIN_ON_GRID (a macro average over subjects, an mc2 probability, a mean over samples or languages
 * lands on the grid only by chance, at rate 2·half·N/scale). With fewer informative results, the catalog decides:
 * only an entry whose granularity is 'per-item' with the same item count counts as gridded. A pass@k > 1 result
 * never enters.
 */
export function gridEvidence(ctx: RuleContext): Map<string, GridEvidence> {
  const tally = new Map<string, { informative: number; on: number; d: Derived }>();
  for (const d of ctx.snap.derived) {
    const scale = unitScale(d.bench.unit);
    if (scale === null || d.items === null || d.items <= 0 || macroAggregate(d) || (d.r.passK ?? 1) > 1) continue;
    if (d.r.score < 0 || d.r.score > scale) continue;
    const key = gridKey(d);
    const t = tally.get(key) ?? { informative: 0, on: 0, d };
    const g = onGrid(d.r.score, scale, d.items, d.half);
    if (g.informative) {
      t.informative++;
      if (g.on) t.on++;
    }
    tally.set(key, t);
  }
  const out = new Map<string, GridEvidence>();
  for (const [key, t] of tally) {
    if (t.informative >= GRID_MIN_INFORMATIVE) {
      out.set(key, { gridded: t.on / t.informative >= GRID_MIN_ON_GRID, informative: t.informative, onGrid: t.on, basis: 'workspace' });
      continue;
    }
    const entry = findCatalogEntry(t.d.bench.name);
    const perItem = t.d.subtask === null && entry?.granularity === 'per-item' && entry.itemCount === t.d.items;
    out.set(key, { gridded: perItem, informative: t.informative, onGrid: t.on, basis: perItem ? 'catalog' : 'none' });
  }
  return out;
}

function gridKey(d: Derived): string {
  return `${d.r.benchmarkId}/${d.r.subtaskId ?? 0}/${d.items}`;
}

/**
 * Check every result. Severity: out of the unit's range or below zero, high; above the ceiling by more than two
 * standard errors (or 1% of the span), high, else medium; below chance by more than 3 se, medium (low when the se is the default
 * guess, or when BELOW_CHANCE_COMMON or more results of the benchmark are below chance); not k/n, stderr
 * off the binomial by more than 3×, or a zero stderr, medium.
 */
export function checkImpossibleValues(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  const grids = gridEvidence(ctx);
  const belowChance = new Map<string, number>();
  for (const d of ctx.snap.derived) {
    const r = d.r;
    const unit = d.bench.unit;
    const scale = unitScale(unit);
    const where = `${d.model.name} on ${d.bench.name}${d.subtask ? ` / ${d.subtask.name}` : ''}`;
    const value = ctx.snap.value(d);
    if (scale !== null && (r.score < 0 || r.score > scale)) {
      const kind: Kind = r.score < 0 ? 'below-zero' : 'out-of-range';
      out.push(
        draft(d, kind, 'high', `${where} is ${fmt(r.score, unit)}, outside the possible range 0–${fmt(scale, unit)} of a ${unit} score.`, { range: [0, scale] }, { values: [value] }),
      );
      continue;
    }
    const tolAbove = d.half + 1e-9;
    const excess = (d.h - 1) * Math.abs(d.span);
    if (excess > tolAbove) {
      const severity: Severity = excess > Math.max(2 * d.se, 0.01 * Math.abs(d.span)) ? 'high' : 'medium';
      out.push(
        draft(
          d,
          'above-ceiling',
          severity,
          `${where} is ${fmt(r.score, unit)}, above the benchmark's ceiling of ${fmt(d.ceiling, unit)} (the best reachable score).`,
          { excess: round(excess, 4) },
          { values: [value], expected: d.ceiling, difference: round(excess, 4), tolerance: round(d.se, 4), z: round(excess / d.se, 2) },
        ),
      );
      continue;
    }
    if (scale !== null && d.h < 0) {
      const below = d.floor - r.score;
      const z = (Math.abs(below) - d.half) / d.se;
      if (z > 3 && Math.abs(d.h) > 0.05) {
        out.push(
          draft(
            d,
            'below-chance',
            'medium',
            `${where} is ${fmt(r.score, unit)}, ${round(z, 1)} standard errors below chance (${fmt(d.floor, unit)}): worse than guessing.`,
            { chance: d.floor },
            { values: [value], expected: d.floor, difference: round(r.score - d.floor, 4), tolerance: round(d.se, 4), z: round(-z, 2), thresholds: { z: 3 } },
          ),
        );
      }
    }
    const items = d.items;
    if (scale !== null && items !== null && items > 0 && !macroAggregate(d) && (r.passK ?? 1) <= 1) {
      const grid = grids.get(gridKey(d));
      const g = onGrid(r.score, scale, items, d.half);
      if (grid?.gridded && g.informative && !g.on) {
        const k = Math.round((r.score / scale) * items);
        const nearest = (scale * k) / items;
        out.push(
          draft(
            d,
            'not-k-of-n',
            'medium',
            `${where} is ${fmt(r.score, unit)}, which is not k/${items} for any whole k (nearest: ${k}/${items} = ${fmt(round(nearest, 4), unit)}), ` +
              (grid.basis === 'workspace' ? `while ${grid.onGrid} of ${grid.informative} results of this benchmark are; ` : 'and the benchmark catalog says it is plain per-item accuracy over that many items; ') +
              'a typo, a different item count, or an average over several samples?',
            { items, nearestK: k, nearest: round(nearest, 6), gridBasis: grid.basis, onGrid: grid.onGrid, informative: grid.informative },
            { values: [value], expected: round(nearest, 6), difference: round(r.score - nearest, 6), tolerance: d.half },
          ),
        );
      }
      const p = r.score / scale;
      if (r.stderr !== null && r.stderr > 0 && p > 0 && p < 1) {
        const binom = scale * Math.sqrt((p * (1 - p)) / items);
        const ratio = r.stderr / binom;
        // Printed stderrs are rounded too: half a unit of their last digit is allowed either way.
        const upper = (r.stderr + 0.5 * 10 ** -decimalsOf(r.stderr)) / binom;
        const lower = Math.max(0, r.stderr - 0.5 * 10 ** -decimalsOf(r.stderr)) / binom;
        if (upper < 1 / STDERR_RATIO_LIMIT || lower > STDERR_RATIO_LIMIT) {
          out.push(
            draft(
              d,
              'stderr-binomial',
              'medium',
              `${where} states stderr ${r.stderr}, ${round(ratio, 2)}× the binomial ${round(binom, 4)} for ${fmt(r.score, unit)} on ${items} items.`,
              { items, binomial: round(binom, 6), ratio: round(ratio, 3) },
              { values: [value], expected: round(binom, 6), thresholds: { ratioLow: 1 / STDERR_RATIO_LIMIT, ratioHigh: STDERR_RATIO_LIMIT } },
            ),
          );
        }
      }
    }
    if (scale !== null && r.stderr === 0 && r.score > 0 && r.score < scale) {
      out.push(
        draft(
          d,
          'stderr-zero',
          'medium',
          `${where} states a standard error of 0 for ${fmt(r.score, unit)}, strictly between 0 and ${fmt(scale, unit)}: only a score of 0 or 100% can have no sampling error.`,
          {},
          { values: [value] },
        ),
      );
    }
  }
  // Several models below chance on one benchmark (subtask) say more about the benchmark than about them: items
  // filtered against weak models (ARC-Challenge), or a chance level that is not the real floor. Each such flag is low.
  for (const f of out) {
    if (f.evidence.details?.['kind'] !== 'below-chance') continue;
    const d = ctx.snap.byId.get(f.subjectResultIds[0]!)!;
    const key = `${d.r.benchmarkId}/${d.r.subtaskId ?? 0}`;
    belowChance.set(key, (belowChance.get(key) ?? 0) + 1);
  }
  for (const f of out) {
    if (f.evidence.details?.['kind'] !== 'below-chance') continue;
    const d = ctx.snap.byId.get(f.subjectResultIds[0]!)!;
    const others = (belowChance.get(`${d.r.benchmarkId}/${d.r.subtaskId ?? 0}`) ?? 1) - 1;
    if (d.seBasis === 'default' || others >= BELOW_CHANCE_COMMON - 1) {
      f.severity = 'low';
      if (others) f.evidence.notes = [`${others} other result${others > 1 ? 's' : ''} of this benchmark ${others > 1 ? 'are' : 'is'} below chance too: the items may be filtered against weak models, or chance is not the floor.`];
    }
  }
  return out;
}

function decimalsOf(x: number): number {
  const s = String(x);
  if (s.includes('e')) return 8;
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}
