/**
 * aggregate-mismatch: a whole-benchmark score that is not the weighted mean of the same report's subtask scores.
 */
import type { Severity } from '../../../common/flags';
import { baseEvidence, type FlagDraft, type RuleContext } from '../context';
import { fmt, groupBy, round } from '../derive';

/**
 * Reports are grouped by model, benchmark, setting and source. When the report has its aggregate and every subtask
 * of the benchmark, the expected aggregate is Σ wᵢ·scoreᵢ / Σ wᵢ with wᵢ the subtask weight (else its item count);
 * the tolerance is the rounding of the printed values (half a last digit of the aggregate plus the weighted half
 * digits of the subtasks). Flagged beyond the tolerance: high when off by at least 1% of the span and 3× the
 * tolerance, medium when off by 2× the tolerance, else low. When weights and item counts are unknown, only an
 * aggregate outside the range of its subtask scores is flagged (medium): any weighted mean lies inside it.
 */
export function checkAggregates(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  const reports = groupBy(
    ctx.snap.derived.filter((d) => ctx.comparable(d)),
    (d) => `${d.r.modelId}|${d.r.benchmarkId}|${d.r.settingKey}|${d.r.source}`,
  );
  for (const list of reports.values()) {
    const agg = list.find((d) => d.subtask === null);
    const subs = list.filter((d) => d.subtask !== null);
    const all = agg?.bench.subtasks ?? [];
    if (!agg || subs.length < 2 || all.length === 0) continue;
    if (new Set(subs.map((d) => d.subtask!.id)).size !== all.length) continue;
    const unit = agg.bench.unit;
    const where = `${agg.model.name} on ${agg.bench.name}`;
    const byWeight = all.every((s) => s.weight !== null && s.weight > 0);
    const byItems = all.every((s) => s.itemCount !== null && s.itemCount > 0);
    if (!byWeight && !byItems) {
      const lo = Math.min(...subs.map((d) => d.r.score)) - agg.half;
      const hi = Math.max(...subs.map((d) => d.r.score)) + agg.half;
      if (agg.r.score < lo || agg.r.score > hi) {
        out.push(draft(agg.r.id, subs.map((d) => d.r.id), 'medium', `${where}: the aggregate ${fmt(agg.r.score, unit)} lies outside the range of its ${subs.length} subtask scores (${fmt(lo, unit)}–${fmt(hi, unit)}), so it is no weighted mean of them.`, agg.r.modelId, agg.r.benchmarkId, {
          ...baseEvidence(agg),
          values: [],
          difference: round(agg.r.score < lo ? agg.r.score - lo : agg.r.score - hi, 4),
          details: { weights: 'unknown', range: [lo, hi] },
        }));
      }
      continue;
    }
    const w = subs.map((d) => (byWeight ? d.subtask!.weight! : d.subtask!.itemCount!));
    const W = w.reduce((s, x) => s + x, 0);
    const mean = subs.reduce((s, d, i) => s + w[i]! * d.r.score, 0) / W;
    const tol = agg.half + subs.reduce((s, d, i) => s + w[i]! * d.half, 0) / W + 1e-9;
    const diff = agg.r.score - mean;
    if (Math.abs(diff) <= tol) continue;
    const severity: Severity = Math.abs(diff) >= Math.max(0.01 * Math.abs(agg.span), 3 * tol) ? 'high' : Math.abs(diff) >= 2 * tol ? 'medium' : 'low';
    out.push(
      draft(
        agg.r.id,
        subs.map((d) => d.r.id),
        severity,
        `${where}: the reported aggregate ${fmt(agg.r.score, unit)} is ${round(Math.abs(diff), 4)}${unit === 'percent' ? ' points' : ''} ${diff > 0 ? 'above' : 'below'} ` +
          `the ${byWeight ? 'weighted' : 'item-weighted'} mean of its ${subs.length} subtask scores (${fmt(round(mean, 4), unit)}) in the same report.`,
        agg.r.modelId,
        agg.r.benchmarkId,
        {
          ...baseEvidence(agg),
          values: [],
          expected: round(mean, 6),
          difference: round(diff, 6),
          tolerance: round(tol, 6),
          z: round(diff / tol, 2),
          details: { weightsFrom: byWeight ? 'subtask weight' : 'item count', weights: Object.fromEntries(subs.map((d, i) => [d.subtask!.name, round(w[i]! / W, 6)])) },
        },
      ),
    );
  }
  return out;
}

function draft(aggId: number, subIds: number[], severity: Severity, message: string, modelId: number, benchmarkId: number, evidence: FlagDraft['evidence']): FlagDraft {
  return {
    rule: 'aggregate-mismatch',
    severity,
    modelId,
    benchmarkId,
    subtaskId: null,
    resultIds: [aggId, ...subIds],
    subjectResultIds: [aggId],
    message,
    evidence,
    identity: `aggregate-mismatch|${aggId}`,
  };
}
