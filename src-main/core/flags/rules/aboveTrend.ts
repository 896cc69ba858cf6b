/**
 * above-trend: a result far above the benchmark's frontier trend at its model's release date (possible test-set
 * contamination, or a mislabeled model or date).
 */
import type { Severity } from '../../../common/flags';
import { empiricalLogit, logit } from '../../capability/model';
import { frontierPoints, toDecimalYear } from '../../fit/axes';
import { createFitScratch, evaluateFit, fitCurve } from '../../fit/fitCurve';
import { baseEvidence, type FlagDraft, type RuleContext } from '../context';
import { fmt, groupBy, round, unitScale, type Derived } from '../derive';

/** Flagged at z ≥ 3 with an excess ≥ 0.2 of the headroom over the trend; high at z ≥ 4 with ≥ 0.3. */
export const ABOVE_TREND = { z: 3, excess: 0.2, zHigh: 4, excessHigh: 0.3, minPoints: 6, minFrontier: 4, minSpread: 0.35 } as const;

interface Pt {
  x: number;
  y: number;
  d: Derived;
  model: string;
}

const clampH = (h: number): number => Math.min(0.995, Math.max(0.005, h));

/**
 * Per benchmark (whole-benchmark results only), each model's best comparable result is a point at its release date
 * (decimal years). Every point on the frontier is tested against a logistic fitted (floor and ceiling fixed at the
 * benchmark's) to the frontier of the *other* models, so a contaminated record cannot pull the trend up to itself.
 * The excess is measured in logit(headroom) units against √(s² + v): s the robust spread (1.4826·MAD, at least 0.35)
 * of the other frontier points around that trend, v the point's own sampling variance. Points before the others'
 * first frontier date are not tested (that would extrapolate backwards). Needs 6 points and 4 other frontier points.
 */
export function checkAboveTrend(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  const scratch = createFitScratch();
  const rows = ctx.snap.derived.filter((d) => d.subtask === null && d.model.releaseDate && ctx.comparable(d));
  for (const list of groupBy(rows, (d) => String(d.r.benchmarkId)).values()) {
    const bench = list[0]!.bench;
    const dir = bench.higherIsBetter ? 1 : -1;
    const best = new Map<number, Pt>();
    for (const d of list) {
      const prev = best.get(d.r.modelId);
      if (prev && dir * prev.y >= dir * d.r.score) continue;
      best.set(d.r.modelId, { x: toDecimalYear(d.model.releaseDate!), y: d.r.score, d, model: d.model.name });
    }
    const pts = [...best.values()].filter((p) => Number.isFinite(p.x));
    if (pts.length < ABOVE_TREND.minPoints) continue;
    const scale = unitScale(bench.unit);
    const range: [number, number] | undefined = scale !== null ? [0, scale] : undefined;
    for (const c of frontierPoints(pts, bench.higherIsBetter)) {
      const others = frontierPoints(pts.filter((p) => p !== c), bench.higherIsBetter);
      if (others.length < ABOVE_TREND.minFrontier || c.x < others[0]!.x) continue;
      const floor = c.d.floor;
      const fit = fitCurve(
        others.map((p) => ({ x: p.x, y: p.y })),
        { form: 'logistic', floor: bench.floor, ceiling: bench.ceiling, higherIsBetter: bench.higherIsBetter, ...(range ? { scoreRange: range } : {}) },
        scratch,
      );
      if (fit.status !== 'ok') continue;
      const span = c.d.span;
      const hAt = (x: number): number => (evaluateFit(fit, x) - floor) / span;
      const resid = others.map((p) => logit(clampH(p.d.h)) - logit(clampH(hAt(p.x)))).map(Math.abs).sort((a, b) => a - b);
      const mad = resid[resid.length >> 1]!;
      const s = Math.max(ABOVE_TREND.minSpread, 1.4826 * mad);
      const hTrend = hAt(c.x);
      const { y, v } = empiricalLogit(c.d.h, c.d.se / Math.abs(span), c.d.seBasis === 'binomial' ? c.d.items : null);
      const z = (y - logit(clampH(hTrend))) / Math.sqrt(s * s + v);
      const excess = c.d.h - hTrend;
      if (z < ABOVE_TREND.z || excess < ABOVE_TREND.excess) continue;
      const severity: Severity = z >= ABOVE_TREND.zHigh && excess >= ABOVE_TREND.excessHigh ? 'high' : 'medium';
      const expected = floor + span * hTrend;
      const unit = bench.unit;
      const xs: number[] = [];
      const ys: number[] = [];
      const lo = Math.min(others[0]!.x, c.x);
      const hi = Math.max(others[others.length - 1]!.x, c.x);
      for (let i = 0; i <= 40; i++) {
        const x = lo + ((hi - lo) * i) / 40;
        xs.push(round(x, 4));
        ys.push(round(evaluateFit(fit, x), 4));
      }
      out.push({
        rule: 'above-trend',
        severity,
        modelId: c.d.r.modelId,
        benchmarkId: bench.id,
        subtaskId: null,
        resultIds: [c.d.r.id],
        subjectResultIds: [c.d.r.id],
        message:
          `${c.model} (released ${c.d.model.releaseDate}) scores ${fmt(c.y, unit)} on ${bench.name}, where the frontier trend of other models ` +
          `stood at about ${fmt(round(expected, 3), unit)} at that date (${round(excess * 100, 0)}% of the headroom above it, z = ${round(z, 1)}): possible contamination.`,
        evidence: {
          ...baseEvidence(c.d),
          values: [ctx.snap.value(c.d, expected)],
          expected: round(expected, 4),
          difference: round(c.y - expected, 4),
          z: round(z, 2),
          thresholds: { ...ABOVE_TREND },
          details: { releaseYear: round(c.x, 3), trendSpreadLogit: round(s, 3), fit: { form: fit.form, params: fit.params } },
          trend: { x: xs, y: ys, frontier: others.map((p) => ({ x: round(p.x, 4), y: p.y, model: p.model })) },
        },
        identity: `above-trend|${c.d.r.id}`,
        extra: c.d.model.releaseDate!,
      });
    }
  }
  return out;
}
