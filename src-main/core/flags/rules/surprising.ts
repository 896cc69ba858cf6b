/**
 * surprising-failure / surprising-success: a result far below (above) what its model's capability and its
 * benchmark's (or subtask's) difficulty predict, measured against the observation's sampling error and the model's
 * residual spread (see RuleContext.surprise).
 */
import type { ExpectedPoint, Severity } from '../../../common/flags';
import { singleResultDraft, type FlagDraft, type RuleContext } from '../context';
import { fmt, round, type Derived } from '../derive';

/** |z| and headroom-gap thresholds: flagged at |z| ≥ 4 with a gap ≥ 0.15; high at |z| ≥ 6 with a gap ≥ 0.25. */
export const SURPRISE = { z: 4, gap: 0.15, zHigh: 6, gapHigh: 0.25 } as const;

/** The model's other results against the capability model, for the evidence chart (at most 60, largest |z| first). */
export function modelScores(ctx: RuleContext, modelId: number, except: number): ExpectedPoint[] {
  const pts: ExpectedPoint[] = [];
  for (const d of ctx.snap.derived) {
    if (d.r.modelId !== modelId || d.r.id === except) continue;
    const s = ctx.surprise(d, 1, 1);
    if (!s) continue;
    pts.push({ resultId: d.r.id, benchmark: d.bench.name, subtask: d.subtask?.name ?? null, observed: round(d.h, 4), expected: round(s.hExpected, 4), z: round(s.z, 2) });
  }
  return pts.sort((a, b) => Math.abs(b.z) - Math.abs(a.z)).slice(0, 60);
}

/**
 * Every comparable result of a model with at least 5 fitted results on an item with at least 3, whose standardized
 * gap, divided by the workspace's own z spread k (RuleContext.surpriseScale), is |z|/k ≥ 4 and headroom gap ≥ 0.15 (15% of the way from floor to ceiling). Severity high at |z|/k ≥ 6 and gap ≥ 0.25,
 * else medium.
 */
export function checkSurprises(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  if (!ctx.capability) return out;
  const k = ctx.surpriseScale;
  for (const d of ctx.snap.derived) {
    if (!ctx.comparable(d)) continue;
    const s = ctx.surprise(d);
    if (!s || Math.abs(s.z) / k < SURPRISE.z || Math.abs(s.gap) < SURPRISE.gap) continue;
    const failure = s.gap < 0;
    const severity: Severity = Math.abs(s.z) / k >= SURPRISE.zHigh && Math.abs(s.gap) >= SURPRISE.gapHigh ? 'high' : 'medium';
    out.push(surpriseDraft(ctx, d, failure, severity, s, k));
  }
  return out;
}

function surpriseDraft(ctx: RuleContext, d: Derived, failure: boolean, severity: Severity, s: NonNullable<ReturnType<RuleContext['surprise']>>, k: number): FlagDraft {
  const unit = d.bench.unit;
  const where = `${d.bench.name}${d.subtask ? ` / ${d.subtask.name}` : ''}`;
  const p = ctx.capability!.predictions.get(d.r.id)!;
  const mi = ctx.capability!.modelIndex.get(d.r.modelId)!;
  const theta = ctx.capability!.fit.theta[mi]!;
  const message =
    `${d.model.name} scores ${fmt(d.r.score, unit)} on ${where}, where its capability (θ = ${round(theta, 2)}) predicts about ` +
    `${fmt(round(s.expected, 3), unit)}: ${round(Math.abs(s.gap) * 100, 0)}% of the headroom ${failure ? 'below' : 'above'} expectation (z = ${round(s.z, 1)}).`;
  return singleResultDraft(failure ? 'surprising-failure' : 'surprising-success', d, severity, message, '', {
    values: [ctx.snap.value(d, s.expected)],
    expected: round(s.expected, 4),
    difference: round(d.r.score - s.expected, 4),
    tolerance: round(s.sd * Math.abs(d.span), 4),
    z: round(s.z, 2),
    thresholds: { ...SURPRISE, workspaceZScale: round(k, 3) },
    details: {
      theta: round(theta, 3),
      thetaSe: round(ctx.capability!.fit.thetaSe[mi]!, 3),
      observedHeadroom: round(d.h, 4),
      expectedHeadroom: round(s.hExpected, 4),
      residualLogit: round(p.residual, 3),
      modelResults: s.modelN,
      itemResults: s.itemN,
    },
    modelScores: modelScores(ctx, d.r.modelId, d.r.id),
  });
}
