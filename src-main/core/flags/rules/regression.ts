/**
 * regression: a later release in the same model family scoring far below its predecessor on the same benchmark,
 * subtask and setting.
 */
import type { Severity } from '../../../common/flags';
import { baseEvidence, type FlagDraft, type RuleContext } from '../context';
import { fmt, groupBy, round, type Derived } from '../derive';

/**
 * For every result of a family member, the nearest earlier member (by release date) with a result in the same
 * benchmark, subtask and setting is its predecessor; the same source is compared when both have it, otherwise the
 * predecessor's median over sources. The drop (in the direction of "better") is measured against
 * √(se_new² + se_old²) after half a printed digit of each. Flagged when z > 2.5 and the drop is at least 3% of the
 * span. Severity: high when z > 5, the drop is at least 5% of the span and the source is the same; medium when z > 3.5
 * or the drop is at least 10% of the span; else low.
 */
export function checkRegressions(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  // Checkpoints of one training run are compared along training (checkTrainingRegressions), not as releases.
  const rows = ctx.snap.derived.filter((d) => d.model.family && d.model.releaseDate && ctx.comparable(d) && !checkpointOf(d.model.name));
  const series = groupBy(rows, (d) => `${d.model.family!.toLowerCase()}|${d.r.benchmarkId}|${d.r.subtaskId ?? 0}|${d.r.settingKey}`);
  for (const list of series.values()) {
    const byModel = groupBy(list, (d) => String(d.r.modelId));
    const models = [...byModel.values()].map((l) => l[0]!.model).sort((a, b) => (a.releaseDate! < b.releaseDate! ? -1 : a.releaseDate! > b.releaseDate! ? 1 : 0));
    for (let i = 1; i < models.length; i++) {
      const newer = models[i]!;
      const older = models[i - 1]!;
      if (older.releaseDate === newer.releaseDate) continue;
      const olds = byModel.get(String(older.id))!;
      for (const n of byModel.get(String(newer.id))!) {
        const same = olds.find((o) => o.r.source === n.r.source);
        const o = same ?? median(olds);
        const { drop, tol, z, frac } = dropOf(o, n);
        if (!(z > 2.5 && frac >= 0.03)) continue;
        const severity: Severity = z > 5 && frac >= 0.05 && same ? 'high' : z > 3.5 || frac >= 0.1 ? 'medium' : 'low';
        const unit = n.bench.unit;
        out.push(
          regressionDraft(
            ctx,
            n,
            o,
            severity,
            `${newer.name} (${newer.releaseDate}) scores ${fmt(n.r.score, unit)} on ${where(n)}, ${round(drop, 3)}${unit === 'percent' ? ' points' : ''} ` +
              `below its predecessor ${older.name} (${fmt(o.r.score, unit)}) in the same setting${same ? ' and source' : ''} (z = ${round(z, 1)}).`,
            { drop, tol, z },
            { z: 2.5, minDropOfSpan: 0.03 },
            { family: newer.family, predecessor: older.name, predecessorRelease: older.releaseDate, sameSource: Boolean(same) },
            `regression|${n.r.id}|${older.id}`,
            `${older.releaseDate}|${newer.releaseDate}`,
          ),
        );
      }
    }
  }
  return out;
}

/**
 * A checkpoint's run and position: "pythia-160m@step143000" → base "pythia-160m", step 143000. The revision's step is
 * its number after "step" (or "global_step", "ckpt", "iter"), else its only number ("@1000", "@ckpt-2000"); a
 * revision without one (a git hash, "main") has no place on the training axis.
 */
export function checkpointOf(name: string): { base: string; step: number } | null {
  const at = name.lastIndexOf('@');
  if (at <= 0 || at === name.length - 1) return null;
  const base = name.slice(0, at).toLowerCase();
  const rev = name.slice(at + 1);
  const named = /(?:step|iter|ckpt|checkpoint)[-_]?(\d+)/i.exec(rev);
  const numbers = rev.match(/\d+/g) ?? [];
  const step = named ? Number(named[1]) : numbers.length === 1 && /^\D{0,12}\d+\D{0,2}$/.test(rev) ? Number(numbers[0]) : Number.NaN;
  return Number.isFinite(step) ? { base, step } : null;
}

/** Training regressions: flagged at z > 3 with a drop of at least 5% of the span (early training is noisy); high at z > 5 and 10%. */
export const TRAINING_REGRESSION = { z: 3, minDrop: 0.05, zHigh: 5, dropHigh: 0.1 } as const;

/**
 * regression along training: checkpoints of one run (models named base@revision, see checkpointOf) are ordered by
 * step, and each checkpoint's result is compared with the previous checkpoint's in the same benchmark, subtask,
 * setting and source (never with another source: a harness change is not training). The drop is measured as in
 * checkRegressions, against √(se_new² + se_old²) after rounding; thresholds TRAINING_REGRESSION. Checkpoints are
 * never conflicting reports of one model: each is a model of its own.
 */
export function checkTrainingRegressions(ctx: RuleContext): FlagDraft[] {
  const out: FlagDraft[] = [];
  const rows = ctx.snap.derived.filter((d) => ctx.comparable(d) && checkpointOf(d.model.name));
  const series = groupBy(rows, (d) => `${checkpointOf(d.model.name)!.base}|${d.r.benchmarkId}|${d.r.subtaskId ?? 0}|${d.r.settingKey}|${d.r.source}`);
  for (const list of series.values()) {
    const sorted = [...list].sort((a, b) => checkpointOf(a.model.name)!.step - checkpointOf(b.model.name)!.step);
    for (let i = 1; i < sorted.length; i++) {
      const o = sorted[i - 1]!;
      const n = sorted[i]!;
      if (checkpointOf(o.model.name)!.step === checkpointOf(n.model.name)!.step) continue;
      const { drop, tol, z, frac } = dropOf(o, n);
      if (!(z > TRAINING_REGRESSION.z && frac >= TRAINING_REGRESSION.minDrop)) continue;
      const severity: Severity = z > TRAINING_REGRESSION.zHigh && frac >= TRAINING_REGRESSION.dropHigh ? 'high' : 'medium';
      const unit = n.bench.unit;
      out.push(
        regressionDraft(
          ctx,
          n,
          o,
          severity,
          `${n.model.name} scores ${fmt(n.r.score, unit)} on ${where(n)}, ${round(drop, 3)}${unit === 'percent' ? ' points' : ''} below the previous checkpoint ` +
            `${o.model.name} (${fmt(o.r.score, unit)}) of the same training run, setting and source (z = ${round(z, 1)}): a regression along training.`,
          { drop, tol, z },
          { ...TRAINING_REGRESSION },
          { kind: 'training', predecessor: o.model.name, step: checkpointOf(n.model.name)!.step, previousStep: checkpointOf(o.model.name)!.step },
          `regression|training|${n.r.id}|${o.r.modelId}`,
        ),
      );
    }
  }
  return out;
}

const where = (n: Derived): string => `${n.bench.name}${n.subtask ? ` / ${n.subtask.name}` : ''}`;

/** A regression flag on n (the subject) against o, with the drop measured by dropOf. */
function regressionDraft(
  ctx: RuleContext,
  n: Derived,
  o: Derived,
  severity: Severity,
  message: string,
  m: { drop: number; tol: number; z: number },
  thresholds: Record<string, number>,
  details: Record<string, unknown>,
  identity: string,
  extra?: string,
): FlagDraft {
  return {
    rule: 'regression',
    severity,
    modelId: n.r.modelId,
    benchmarkId: n.r.benchmarkId,
    subtaskId: n.r.subtaskId,
    resultIds: [n.r.id, o.r.id],
    subjectResultIds: [n.r.id],
    message,
    evidence: {
      ...baseEvidence(n),
      values: [ctx.snap.value(n), ctx.snap.value(o)],
      expected: o.r.score,
      difference: round(-m.drop, 4),
      tolerance: round(m.tol, 4),
      z: round(-m.z, 2),
      thresholds,
      details,
    },
    identity,
    ...(extra !== undefined ? { extra } : {}),
  };
}

/**
 * How far n falls below o in the direction of "better": drop in the unit, tol = √(se_o² + se_n²),
 * z = (drop − half_o − half_n)/tol (rounding allowed), frac = drop/span.
 */
function dropOf(o: Derived, n: Derived): { drop: number; tol: number; z: number; frac: number } {
  const drop = (n.bench.higherIsBetter ? 1 : -1) * (o.r.score - n.r.score);
  const tol = Math.sqrt(o.se * o.se + n.se * n.se);
  return { drop, tol, z: (drop - o.half - n.half) / tol, frac: drop / Math.abs(n.span) };
}

function median(list: Derived[]): Derived {
  const sorted = [...list].sort((a, b) => a.r.score - b.r.score);
  return sorted[(sorted.length - 1) >> 1]!;
}
